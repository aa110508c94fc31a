"""The Qt layer: widgets and the Qt-side session; talks to ``workbench.core`` through signals."""

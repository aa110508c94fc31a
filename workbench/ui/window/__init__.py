"""The main window: a shell that lays out the panels and wires them, and its commands."""

from workbench.ui.window.shell import MainWindow

__all__ = ["MainWindow"]

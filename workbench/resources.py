"""Where the application's resources (icons) are, from source and from a packaged build."""

from __future__ import annotations

import sys
from pathlib import Path

APP_ID = "org.oauthworkbench.Workbench"
"""The reverse-DNS id shared by the desktop file, the AppStream metadata and the icon."""


def resources_dir() -> Path:
    """``resources/`` beside the package from source, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def icon_paths() -> list[Path]:
    """The application icon at every size shipped, the scalable one first."""
    hicolor = resources_dir() / "icons" / "hicolor"
    return sorted(hicolor.glob(f"*/apps/{APP_ID}.*"), key=lambda path: path.suffix != ".svg")

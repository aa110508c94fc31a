"""The screens Qt's offscreen platform gives the tests and benchmarks: a 1920x1080 desktop and a
1280x720 projector on its right (``offscreen_screens.json``), instead of its one 800x800 screen,
which is smaller than the window opens on a desktop."""

from __future__ import annotations

from collections.abc import MutableMapping
from pathlib import Path

SCREENS = Path(__file__).resolve().with_name("offscreen_screens.json")


def use_offscreen_screens(environ: MutableMapping[str, str]) -> None:
    """Set ``QT_QPA_PLATFORM`` in ``environ`` to offscreen with ``SCREENS``, unless another
    platform (a real display) is asked for."""
    if environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
        environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREENS}"

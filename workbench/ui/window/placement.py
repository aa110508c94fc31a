"""Where the window opens: on a screen present now, never larger than it."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QByteArray, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

STARTING_SIZE = QSize(1440, 920)
"""The window's size the first time, on a screen with room for it."""
SCREEN_SHARE = 0.9
"""The window starts at most this share of its screen's free area (what the taskbars and
panels leave) in each direction, centred: room for the title bar and the frame. Where that
is less than ``STARTING_SIZE`` (a laptop, a projector) it opens maximized, and this is its
size when restored down."""


def starting_geometry(available: QRect, wanted: QSize = STARTING_SIZE) -> QRect:
    """``wanted``, cut to ``SCREEN_SHARE`` of ``available`` where it is larger, centred in it."""
    room = QSize(int(available.width() * SCREEN_SHARE), int(available.height() * SCREEN_SHARE))
    geometry = QRect(available.topLeft(), wanted.boundedTo(room))
    geometry.moveCenter(available.center())
    return geometry


def fits_a_screen(geometry: QRect, screens: Iterable[QScreen] | None = None) -> bool:
    """True when ``geometry`` lies whole in the free area of one of ``screens`` (those present
    now when None)."""
    present = QGuiApplication.screens() if screens is None else screens
    return any(screen.availableGeometry().contains(geometry) for screen in present)


def place_window(window: QWidget, saved: QByteArray | None, saved_normal: QRect | None) -> None:
    """Put ``window`` where it was (``saved``, from ``saveGeometry``) when its normal geometry
    (``saved_normal``; the restored one when not known) fits a screen present now; otherwise
    (nothing saved, a monitor since disconnected, a smaller screen) as ``place_at_start``."""
    if saved is not None and (saved_normal is None or fits_a_screen(saved_normal)):
        window.restoreGeometry(saved)
        if fits_a_screen(window.normalGeometry()):
            return
    place_at_start(window)


def place_at_start(window: QWidget) -> None:
    """``starting_geometry`` on the window's screen; maximized where the screen is too small
    for ``STARTING_SIZE`` (the layout needs every pixel of a 1280x720 projector)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    geometry = starting_geometry(screen.availableGeometry())
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.setGeometry(geometry)
    if geometry.size() != STARTING_SIZE:
        window.setWindowState(Qt.WindowState.WindowMaximized)

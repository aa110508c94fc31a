"""The window opens inside a screen present now: never larger than its free area, and a place
saved on a monitor since disconnected is not used (the tests' screens: tests/offscreen.py)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QByteArray, QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

from workbench.ui.settings import app_settings
from workbench.ui.window.placement import STARTING_SIZE, fits_a_screen, place_window

pytestmark = pytest.mark.gui

LAPTOP = QRect(0, 0, 1366, 768)
PROJECTOR = QRect(0, 0, 1280, 720)


def screen_named(name: str) -> QScreen:
    """One of the tests' screens."""
    screens = {screen.name(): screen for screen in QGuiApplication.screens()}
    assert name in screens, f"the tests run with a {name} screen (tests/offscreen.py)"
    return screens[name]


def centred_inside(geometry: QRect, area: QRect) -> str:
    """Empty when ``geometry`` lies whole in ``area``, centred; else what is wrong."""
    if not area.contains(geometry):
        return f"{geometry} is not inside {area}"
    offset = geometry.center() - area.center()
    if max(abs(offset.x()), abs(offset.y())) > 1:
        return f"{geometry} is {offset} off the centre of {area}"
    return ""


def opened(build: Any, qtbot: Any) -> Any:
    """A new window, shown where it places itself."""
    window = build().window
    window.show()
    qtbot.waitExposed(window)
    return window


def saved_geometry(at: QRect) -> QByteArray:
    """What ``saveGeometry`` gives for a window at ``at``."""
    probe = QWidget()
    probe.setGeometry(at)
    geometry = probe.saveGeometry()
    probe.deleteLater()
    return geometry


def test_a_new_window_opens_at_its_size_centred_on_a_desktop(build: Any, qtbot: Any) -> None:
    window = opened(build, qtbot)
    free = window.screen().availableGeometry()
    assert free.width() > STARTING_SIZE.width()
    assert window.size() == STARTING_SIZE
    assert not centred_inside(window.frameGeometry(), free), centred_inside(
        window.frameGeometry(), free
    )


def test_on_a_projector_the_window_opens_maximized_inside_it(build: Any, qtbot: Any) -> None:
    window = build().window
    projector = screen_named("projector")
    window.setScreen(projector)
    place_window(window, None, None)  # as it opens with nothing saved, on that screen
    window.show()
    qtbot.waitExposed(window)
    free = projector.availableGeometry()
    qtbot.waitUntil(lambda: window.frameGeometry() == free)
    assert window.isMaximized()
    assert window.screen() is projector
    problem = centred_inside(window.normalGeometry(), free)
    assert not problem, f"restored down: {problem}"
    window.showNormal()
    qtbot.waitUntil(lambda: not window.isMaximized())
    assert free.contains(window.frameGeometry()), window.frameGeometry()


@pytest.mark.parametrize("free", [LAPTOP, PROJECTOR, QRect(1920, 0, 1280, 720)])
def test_the_starting_place_fits_small_screens(free: QRect) -> None:
    from workbench.ui.window.placement import starting_geometry

    geometry = starting_geometry(free)
    assert not centred_inside(geometry, free), centred_inside(geometry, free)
    assert geometry.size() != free.size(), "room is left for the title bar and the frame"
    assert starting_geometry(QRect(0, 0, 2560, 1440)).size() == STARTING_SIZE


def test_a_place_saved_on_a_screen_present_now_is_put_back(build: Any, qtbot: Any) -> None:
    window = opened(build, qtbot)
    projector = screen_named("projector")
    on_projector = QRect(projector.availableGeometry().topLeft(), QSize(1000, 560))
    on_projector.translate(60, 60)
    window.setScreen(projector)  # dragged there (offscreen, moving does not change the screen)
    window.setGeometry(on_projector)
    qtbot.waitUntil(lambda: window.geometry() == on_projector)
    window.close()  # saves the layout
    again = opened(build, qtbot)
    assert again.geometry() == on_projector
    assert again.screen() is projector


@pytest.mark.parametrize("with_normal_geometry", [True, False], ids=["saved now", "saved before"])
def test_a_place_saved_on_a_monitor_since_disconnected_is_not_used(
    build: Any, qtbot: Any, with_normal_geometry: bool
) -> None:
    beyond = QRect(3400, 120, 1700, 1000)  # a third monitor, right of the projector
    assert not fits_a_screen(beyond)
    settings = app_settings()
    settings.setValue("window/geometry", saved_geometry(beyond))
    if with_normal_geometry:  # settings files from before it hold only Qt's geometry
        settings.setValue("window/normalGeometry", beyond)
    settings.sync()
    window = opened(build, qtbot)
    assert fits_a_screen(window.geometry()), window.geometry()
    if with_normal_geometry:  # else Qt brought it back, at its size where the screen has room
        free = window.screen().availableGeometry()
        assert window.size() == STARTING_SIZE
        assert not centred_inside(window.frameGeometry(), free)


def test_a_place_larger_than_any_screen_now_is_not_used(build: Any, qtbot: Any) -> None:
    settings = app_settings()
    huge = QRect(0, 0, 3000, 1800)  # a 4K monitor's, on a desktop now
    settings.setValue("window/geometry", saved_geometry(huge))
    settings.setValue("window/normalGeometry", huge)
    settings.sync()
    window = opened(build, qtbot)
    assert window.size() == STARTING_SIZE
    assert fits_a_screen(window.frameGeometry()), window.frameGeometry()

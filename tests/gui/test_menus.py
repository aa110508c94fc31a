"""The window's View > Theme and Help menus, and the application icon."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMenu

from workbench.app import _application_icon
from workbench.ui.about import AboutDialog
from workbench.ui.settings import app_settings
from workbench.ui.theme import Scheme, ThemeController, ThemeMode, apply_theme, current_scheme
from workbench.ui.window.shortcuts_dialog import KeyboardShortcutsDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def theme(qapp: QApplication) -> Iterator[ThemeController]:
    controller = ThemeController(qapp, app_settings())
    controller.apply()
    yield controller
    apply_theme(qapp, ThemeMode.SYSTEM)


def test_view_theme_switches_the_scheme_and_is_remembered(
    build: Callable[..., Any], theme: ThemeController, qapp: QApplication
) -> None:
    window = build(theme=theme).window
    assert [a.objectName() for a in window.themeActions.values()] == [
        "themeSystemAction",
        "themeLightAction",
        "themeDarkAction",
    ]
    assert window.themeActions["system"].isChecked()
    window.themeActions["dark"].trigger()
    assert current_scheme(qapp) is Scheme.DARK
    assert window.themeActions["dark"].isChecked()
    assert ThemeController(qapp, app_settings()).mode is ThemeMode.DARK  # next start
    theme.set_mode(ThemeMode.LIGHT)  # changed elsewhere: the ticks follow
    assert window.themeActions["light"].isChecked()
    assert current_scheme(qapp) is Scheme.LIGHT


def test_without_a_theme_controller_there_is_no_theme_menu(build: Callable[..., Any]) -> None:
    window = build().window
    assert window.findChild(QMenu, "themeMenu") is None
    assert window.findChild(QMenu, "helpMenu") is not None


def test_help_menu_opens_the_shortcut_list_and_about(build: Callable[..., Any]) -> None:
    window = build().window
    opened: list[QDialog] = []

    def record(dialog: QDialog) -> int:
        opened.append(dialog)
        return 0

    window.questions.run_dialog = record
    window.questions.show_dialog = record
    window.action("keyboardShortcuts").trigger()
    window.action("about").trigger()
    assert [type(dialog) for dialog in opened] == [KeyboardShortcutsDialog, AboutDialog]
    keys = [sequence.toString() for sequence in window.action("keyboardShortcuts").shortcuts()]
    assert keys == ["Ctrl+/", "F1"]


def test_the_application_icon_has_every_size(qapp: QApplication) -> None:
    icon = _application_icon()
    assert not icon.isNull()
    assert icon.actualSize(QSize(16, 16)) == QSize(16, 16)
    assert icon.actualSize(QSize(512, 512)) == QSize(512, 512)


def test_the_toolbar_send_checks_the_url_like_the_composer(build: Callable[..., Any]) -> None:
    window = build().window
    window.composer.url_edit.setText("not a url")
    sends: list[object] = []
    window.composer.send_requested.connect(sends.append)
    window.action("send").trigger()
    assert sends == []
    assert window.timeline.count() == 0
    message = window.composer.findChild(QLabel, "requestUrlMessage")
    assert message is not None and message.text()


def test_the_title_names_the_application_once_and_last(
    build: Callable[..., Any], sandbox: Any
) -> None:
    """Qt adds the application's name to a title that does not end with it: our titles do,
    so the name never shows twice."""
    for window in (build().window, build(sandbox=sandbox).window):
        for title in (window.windowTitle(),):
            assert title.endswith("OAuth Workbench"), title
            assert title.count("OAuth Workbench") == 1, title
        window.form.scopeEdit.setText("changed")
        title = window.windowTitle()
        assert "(modified)" in title and title.endswith(" — OAuth Workbench"), title
        assert title.count("OAuth Workbench") == 1, title
    assert build(sandbox=sandbox).window.windowTitle().startswith("Local sandbox — demo")

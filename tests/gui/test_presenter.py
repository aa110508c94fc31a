"""Presenter mode on the real window: big type, high contrast, every secret masked."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QCheckBox, QDialog, QDockWidget, QLineEdit, QWidget

from tests.gui.conftest import FAKE_TOKEN_VALUE, frames_settled, make_token
from workbench.core.clock import ManualClock
from workbench.ui.flow_diagram import FlowDiagram
from workbench.ui.presenter import (
    PRESENTER_SCALE,
    REVEAL_CONTROL_NAMES,
    apply_presenter_mode,
    high_contrast_palette,
    is_presenter_mode,
)

pytestmark = pytest.mark.gui

SIGNAL_TIMEOUT_MS = 10_000
DEMO_CLIENT_SECRET = "demo-secret"


def named(window: QWidget, kind: type[Any], name: str) -> Any:
    found = window.findChild(kind, name)
    assert found is not None, name
    return found


def get_token(qtbot: Any, window: Any) -> Any:
    with qtbot.waitSignal(window.session.token_changed, timeout=SIGNAL_TIMEOUT_MS) as changed:
        window.action("getToken").trigger()
    frames_settled(qtbot)
    token = changed.args[0]
    assert token is not None
    return token


def raw_text(window: Any) -> str:
    return str(named(window, QWidget, "rawView").toPlainText())


def test_presenter_mode_masks_what_was_revealed_and_keeps_it_masked(
    build: Any, sandbox: Any, qtbot: Any
) -> None:
    window = build(sandbox=sandbox).window
    window.show()
    qtbot.waitExposed(window)
    token = get_token(qtbot, window)
    value = token.value.reveal()
    token_check = named(window, QCheckBox, "revealTokenCheck")
    secret_check = named(window, QCheckBox, "revealSecretCheck")
    viewer_check = named(window, QCheckBox, "revealSecretsCheck")
    secret_edit = named(window, QLineEdit, "clientSecretEdit")
    token_label = named(window, QWidget, "tokenValueLabel")

    # Reveal everything first, as a presenter might have while preparing.
    token_check.setChecked(True)
    assert value in token_label.text()
    secret_check.setChecked(True)
    assert secret_edit.echoMode() == QLineEdit.EchoMode.Normal
    assert secret_edit.text() == DEMO_CLIENT_SECRET
    with qtbot.waitSignal(window.viewer.views_ready, timeout=SIGNAL_TIMEOUT_MS):
        viewer_check.setChecked(True)
    assert value in raw_text(window), "the token response is shown in clear"

    normal_size = window.font().pointSizeF()
    with qtbot.waitSignal(window.viewer.views_ready, timeout=SIGNAL_TIMEOUT_MS):
        apply_presenter_mode(window, True)
    assert is_presenter_mode(window)
    assert value not in token_label.text()
    assert value not in raw_text(window)
    assert secret_edit.echoMode() == QLineEdit.EchoMode.Password
    for name in REVEAL_CONTROL_NAMES:
        check = named(window, QCheckBox, name)
        assert not check.isChecked(), name
        assert not check.isEnabled(), name
    assert window.font().pointSizeF() == pytest.approx(normal_size * PRESENTER_SCALE)
    raw_view = named(window, QWidget, "rawView")
    assert raw_view.font().pointSizeF() > 0
    window_colour = window.palette().color(QPalette.ColorRole.Window)
    text_colour = window.palette().color(QPalette.ColorRole.WindowText)
    assert {window_colour.name(), text_colour.name()} == {"#000000", "#ffffff"}

    # A new token arrives: the token panel enables its Reveal again; presenting keeps it off.
    second = get_token(qtbot, window)
    assert not token_check.isEnabled()
    assert second.value.reveal() not in token_label.text()
    token_check.setChecked(True)  # even from code, it does not stay ticked
    assert not token_check.isChecked()
    assert second.value.reveal() not in token_label.text()

    apply_presenter_mode(window, False)
    assert not is_presenter_mode(window)
    assert window.font().pointSizeF() == pytest.approx(normal_size)
    assert token_check.isEnabled(), "the panel wanted it enabled: there is a token"
    assert secret_check.isEnabled() and viewer_check.isEnabled()
    assert not token_check.isChecked(), "what was masked stays masked"
    assert second.value.reveal() not in token_label.text()


def test_widgets_with_their_own_font_grow_and_come_back(build: Any, qtbot: Any) -> None:
    window = build().window
    raw_view = named(window, QWidget, "rawView")
    before = raw_view.font().pointSizeF()
    apply_presenter_mode(window, True)
    apply_presenter_mode(window, True)  # twice is harmless
    assert raw_view.font().pointSizeF() == pytest.approx(before * PRESENTER_SCALE)
    apply_presenter_mode(window, False)
    assert raw_view.font().pointSizeF() == pytest.approx(before)
    assert is_presenter_mode(window) is False


def test_coloured_status_and_token_lines_grow_too(build: Any, sandbox: Any, qtbot: Any) -> None:
    window = build(sandbox=sandbox).window
    get_token(qtbot, window)
    with qtbot.waitSignal(window.session.api_finished, timeout=SIGNAL_TIMEOUT_MS):
        window.action("send").trigger()
    frames_settled(qtbot)
    lines = (
        window.viewer.status_label,
        window.token_panel.tokenStateLabel,
        window.token_panel.tokenCountdownLabel,
        window.keychainBanner,
    )
    assert window.viewer.status_label.font().bold()
    before = [line.font().pointSizeF() for line in lines]
    apply_presenter_mode(window, True)
    for line, size in zip(lines, before, strict=True):
        assert line.font().pointSizeF() == pytest.approx(size * PRESENTER_SCALE), line.objectName()
    assert window.viewer.status_label.font().bold()
    apply_presenter_mode(window, False)
    assert [line.font().pointSizeF() for line in lines] == pytest.approx(before)


def test_dialogs_opened_while_presenting_use_the_large_type(build: Any, qtbot: Any) -> None:
    from workbench.ui.profiles.dialogs import ProfileNameDialog

    window = build().window
    normal = QDialog(window).font().pointSizeF()
    apply_presenter_mode(window, True)
    dialog = ProfileNameDialog("Rename profile", "Mine", ["Mine", "Taken"], parent=window)
    qtbot.addWidget(dialog)
    dialog.profileNameEdit.setText("Taken")  # an error line, in the error colour
    assert dialog.profileNameMessage.text()
    for widget in (dialog, dialog.profileNameMessage):
        assert widget.font().pointSizeF() == pytest.approx(normal * PRESENTER_SCALE)
    apply_presenter_mode(window, False)
    assert QDialog(window).font().pointSizeF() == pytest.approx(normal)


def test_closing_a_presenting_window_gives_the_application_its_font_back(
    build: Any, qapp: Any
) -> None:
    window = build().window
    normal = qapp.font().pointSizeF()
    apply_presenter_mode(window, True)  # not through the menu action
    assert qapp.font().pointSizeF() == pytest.approx(normal * PRESENTER_SCALE)
    window.close()
    assert qapp.font().pointSizeF() == pytest.approx(normal)


def test_flow_diagram_in_the_window_is_not_enlarged_twice(build: Any, qtbot: Any) -> None:
    window = build().window
    diagram = FlowDiagram()
    dock = QDockWidget("Flow")
    dock.setWidget(diagram)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    before = diagram.caption_font().pointSizeF()
    apply_presenter_mode(window, True)
    assert diagram.presenter_mode
    assert diagram.caption_font().pointSizeF() == pytest.approx(before * PRESENTER_SCALE)
    assert diagram.caption_font().bold()
    apply_presenter_mode(window, False)
    assert not diagram.presenter_mode
    assert diagram.caption_font().pointSizeF() == pytest.approx(before)


def test_token_shown_before_presenting_in_a_window_without_a_sandbox(
    build: Any, qtbot: Any
) -> None:
    clock = ManualClock()
    window = build(clock=clock).window
    window.token_panel.set_token(make_token(clock))
    check = named(window, QCheckBox, "revealTokenCheck")
    check.setChecked(True)
    assert FAKE_TOKEN_VALUE in named(window, QWidget, "tokenValueLabel").text()
    apply_presenter_mode(window, True)
    assert FAKE_TOKEN_VALUE not in named(window, QWidget, "tokenValueLabel").text()


@pytest.mark.parametrize("dark", [False, True])
def test_high_contrast_palette_is_black_and_white(dark: bool) -> None:
    palette = high_contrast_palette(dark=dark)
    background = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    assert (background.lightnessF() < 0.5) is dark
    assert abs(background.lightnessF() - text.lightnessF()) == pytest.approx(1.0)
    assert palette.color(QPalette.ColorRole.Base) == background

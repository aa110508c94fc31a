"""Keys of the command table doing what the help says, from panes other than their own."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox

from tests.gui.conftest import frames_settled
from workbench.core.calls import ApiRequest

pytestmark = pytest.mark.gui

WAIT_MS = 10_000


def shown(build: Any, qtbot: Any, sandbox: Any) -> Any:
    window = build(sandbox=sandbox).window
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def test_ctrl_enter_sends_from_the_timeline_and_the_status_bar_too(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = shown(build, qtbot, sandbox)
    for place in (window.timeline, window.expireNowButton, window.composer.url_edit):
        place.setFocus()
        with qtbot.waitSignal(window.composer.send_requested, timeout=WAIT_MS):
            qtbot.keyClick(place, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: not window.session.api_busy_now, timeout=WAIT_MS)


def test_escape_cancels_what_runs_and_only_then(
    qtbot: Any, build: Any, sandbox: Any, silent_server: Any
) -> None:
    window = shown(build, qtbot, sandbox)
    cancel = window.action("cancel")
    assert not cancel.isEnabled()  # Esc stays with the widgets while nothing runs
    window.composer.set_request(ApiRequest("GET", silent_server.url + "/v3/accounts"))
    with qtbot.waitSignal(window.session.api_busy, timeout=WAIT_MS):
        window.action("send").trigger()
    assert cancel.isEnabled()
    window.timeline.setFocus()
    with qtbot.waitSignal(window.session.api_cancelled, timeout=WAIT_MS):
        qtbot.keyClick(window.timeline, Qt.Key.Key_Escape)
    frames_settled(qtbot)
    assert not window.session.api_busy_now
    frames_settled(qtbot)
    assert not cancel.isEnabled()


def test_ctrl_shift_r_reveals_the_response_views_except_while_presenting(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = shown(build, qtbot, sandbox)
    reveal = window.viewer.findChild(QCheckBox, "revealSecretsCheck")
    keys = (Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    window.form.clientIdEdit.setFocus()
    qtbot.keyClick(window.form.clientIdEdit, *keys)
    assert reveal.isChecked()
    qtbot.keyClick(window.form.clientIdEdit, *keys)
    assert not reveal.isChecked()
    window.action("presenterMode").setChecked(True)
    qtbot.keyClick(window.form.clientIdEdit, *keys)
    assert not reveal.isChecked(), "presenter mode keeps every secret masked"
    window.action("presenterMode").setChecked(False)

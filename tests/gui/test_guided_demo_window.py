"""The guided demo end to end in the real window (issue 5 test 3), and the sandbox controls."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from tests.gui.conftest import frames_settled
from workbench.core.clock import ManualClock
from workbench.ui.guided_demo import DEMO_STEPS
from workbench.ui.token_panel import TokenState

pytestmark = pytest.mark.gui

SIGNAL_TIMEOUT_MS = 10_000


def next_step(qtbot: Any, window: Any) -> None:
    qtbot.mouseClick(window.guided_demo.nextButton, Qt.MouseButton.LeftButton)


def current_tab(window: Any) -> QWidget:
    return window.viewer.tabs.currentWidget()


def test_the_guided_demo_runs_end_to_end(qtbot: Any, build: Any, sandbox: Any) -> None:
    clock = ManualClock()
    window = build(sandbox=sandbox, clock=clock).window
    window.show()
    qtbot.waitExposed(window)
    panel = window.guided_demo
    session = window.session
    assert panel is not None and window.guidedDemoDock.isVisible()
    assert panel.current_step().key == "intro"
    assert window.timeline.count() == 0

    # Get a token: the token is shown and counts down from a minute.
    with qtbot.waitSignal(session.token_changed, timeout=SIGNAL_TIMEOUT_MS):
        next_step(qtbot, window)
        assert not panel.nextButton.isEnabled(), "held while the token request runs"
    frames_settled(qtbot)
    assert panel.current_step().key == "get-token"
    first = session.token
    assert window.token_panel.token is first
    assert window.token_panel.tokenCountdownLabel.text() == "00:01:00"
    assert first.value.reveal() not in window.token_panel.tokenValueLabel.text(), "masked"
    qtbot.waitUntil(panel.nextButton.isEnabled, timeout=SIGNAL_TIMEOUT_MS)

    # Call the API: 200, shown Pretty.
    with qtbot.waitSignal(session.api_finished, timeout=SIGNAL_TIMEOUT_MS) as finished:
        next_step(qtbot, window)
    frames_settled(qtbot)
    assert finished.args[0].response.status == 200
    assert window.viewer.exchange() is finished.args[0]
    assert current_tab(window).findChild(QWidget, "prettyView") is not None

    # Let it lapse: the sandbox expires every token; nothing is sent.
    next_step(qtbot, window)
    assert panel.current_step().key == "expire"
    assert "expired every token" in window.statusBar().currentMessage()
    assert window.timeline.count() == 2

    # The API says no: 401, explained, with the way out offered.
    with qtbot.waitSignal(session.api_finished, timeout=SIGNAL_TIMEOUT_MS) as finished:
        next_step(qtbot, window)
    frames_settled(qtbot)
    exchange, problem = finished.args
    assert exchange.response.status == 401
    assert problem is not None and problem.token_lapsed
    assert current_tab(window).findChild(QWidget, "problemView") is not None
    assert window.viewer.resend_button.isVisibleTo(window.viewer)
    assert window.token_panel.state is TokenState.REJECTED

    # Recover: a new token, then the same request again, 200.
    with qtbot.waitSignal(session.api_finished, timeout=SIGNAL_TIMEOUT_MS) as finished:
        next_step(qtbot, window)
    frames_settled(qtbot)
    assert finished.args[0].response.status == 200
    assert session.token is not first
    assert window.token_panel.state is TokenState.FRESH
    statuses = [
        window.timeline.timeline_model().entry(row).exchange.response.status
        for row in reversed(range(window.timeline.count()))
    ]
    assert statuses == [200, 200, 401, 200, 200]
    assert window.flowDiagramDock.diagram.count() == 10

    # The last words; Next goes no further.
    qtbot.waitUntil(panel.nextButton.isEnabled, timeout=SIGNAL_TIMEOUT_MS)
    next_step(qtbot, window)
    assert panel.current_index() == len(DEMO_STEPS) - 1
    assert not panel.nextButton.isEnabled()
    assert window.timeline.count() == 5


def test_demo_menu_moves_through_the_steps(qtbot: Any, build: Any, sandbox: Any) -> None:
    window = build(sandbox=sandbox).window
    panel = window.guided_demo
    with qtbot.waitSignal(window.session.token_changed, timeout=SIGNAL_TIMEOUT_MS):
        window.action("demoNext").trigger()
    frames_settled(qtbot)
    assert panel.current_step().key == "get-token"
    window.action("demoBack").trigger()
    assert panel.current_index() == 0
    assert window.timeline.count() == 1, "Back runs nothing"
    window.action("demoNext").trigger()
    window.action("demoRestart").trigger()
    assert panel.current_index() == 0


def test_token_lifetime_and_advance_clock_drive_the_sandbox(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = build(sandbox=sandbox, clock=ManualClock()).window
    controls = window.sandboxControls
    assert not controls.isHidden()
    assert controls.tokenLifetimeSpin.value() == 60
    controls.tokenLifetimeSpin.setValue(120)
    assert "120 s" in window.statusBar().currentMessage()
    with qtbot.waitSignal(window.session.token_changed, timeout=SIGNAL_TIMEOUT_MS) as changed:
        window.action("getToken").trigger()
    frames_settled(qtbot)
    assert changed.args[0].expires_in_s == 120

    controls.advanceSecondsSpin.setValue(121)
    qtbot.mouseClick(controls.advanceClockButton, Qt.MouseButton.LeftButton)
    assert "121 s" in window.statusBar().currentMessage()
    panel = window.token_panel
    assert panel.tokenCountdownLabel.text() == "00:02:00", "our clock did not move"
    assert panel.state is TokenState.SERVER_EXPIRED, "but the panel knows what the server did"
    with qtbot.waitSignal(window.session.api_finished, timeout=SIGNAL_TIMEOUT_MS) as finished:
        window.action("send").trigger()
    frames_settled(qtbot)
    exchange, problem = finished.args
    assert exchange.response.status == 401 and problem.token_lapsed
    assert window.token_panel.state is TokenState.REJECTED


def test_expire_now_is_in_the_demo_menu_and_the_status_bar(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = build(sandbox=sandbox).window
    with qtbot.waitSignal(window.session.token_changed, timeout=SIGNAL_TIMEOUT_MS):
        window.action("getToken").trigger()
    frames_settled(qtbot)
    window.action("expireNow").trigger()
    assert sandbox.state()["tokens"]["expired"] == 1
    with qtbot.waitSignal(window.session.api_finished, timeout=SIGNAL_TIMEOUT_MS) as finished:
        window.action("send").trigger()
    frames_settled(qtbot)
    assert finished.args[0].response.status == 401
    assert window.expireNowButton is window.sandboxControls.expireNowButton


def test_no_sandbox_no_controls(build: Any) -> None:
    window = build().window
    assert window.sandboxControls.isHidden()
    assert window.guided_demo is None
    assert window.findChild(QWidget, "demoMenu") is None

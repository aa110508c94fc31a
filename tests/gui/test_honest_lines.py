"""Every line on screen is true now: the token after Expire now or Advance, a refusal, the
status bar after the state it described changed."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import frames_settled
from workbench.core.calls import ApiRequest
from workbench.core.clock import ManualClock
from workbench.ui.style import Tone, text_colour, tone_colour
from workbench.ui.token_words import SERVER_EXPIRED_TEXT, TokenState

pytestmark = pytest.mark.gui

WAIT_MS = 10_000


def demo(build: Any, sandbox: Any, qtbot: Any, clock: Any = None) -> Any:
    window = build(sandbox=sandbox, clock=clock or ManualClock()).window
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.session.token_changed, timeout=WAIT_MS):
        window.action("getToken").trigger()
    frames_settled(qtbot)
    return window


def send(qtbot: Any, window: Any) -> Any:
    with qtbot.waitSignal(window.session.api_finished, timeout=WAIT_MS) as finished:
        window.action("send").trigger()
    frames_settled(qtbot)
    return finished.args


def test_after_expire_now_the_panel_says_at_once_the_server_ended_the_token(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = demo(build, sandbox, qtbot)
    panel = window.token_panel
    assert panel.state is TokenState.FRESH
    qtbot.mouseClick(window.expireNowButton, Qt.MouseButton.LeftButton)
    assert panel.state is TokenState.SERVER_EXPIRED
    assert panel.tokenStateLabel.text() == SERVER_EXPIRED_TEXT
    assert "does not know yet" in SERVER_EXPIRED_TEXT and "401" in SERVER_EXPIRED_TEXT
    assert panel.tokenCountdownLabel.text() == "00:01:00", "the app's own count, unchanged"
    fresh = tone_colour(Tone.FRESH, panel.palette())
    assert text_colour(panel.tokenCountdownLabel) != fresh, "no green countdown"
    assert text_colour(panel.tokenStateLabel) == tone_colour(Tone.EXPIRED, panel.palette())
    exchange, problem = send(qtbot, window)
    assert exchange.response.status == 401 and problem.token_lapsed, "and it was true"


def test_advance_says_when_the_server_will_end_the_token_then_that_it_did(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = demo(build, sandbox, qtbot)  # the app's clock stands still, like the sandbox's
    panel, controls = window.token_panel, window.sandboxControls
    controls.advanceSecondsSpin.setValue(20)
    qtbot.mouseClick(controls.advanceClockButton, Qt.MouseButton.LeftButton)
    assert panel.state is TokenState.EXPIRING
    assert panel.tokenStateLabel.text() == (
        "The sandbox's clock runs 20 s ahead: the server will expire this token in 00:00:40, "
        "before this countdown ends"
    )
    exchange, _problem = send(qtbot, window)
    assert exchange.response.status == 200, "still valid on the server, as the panel says"
    controls.advanceSecondsSpin.setValue(40)
    qtbot.mouseClick(controls.advanceClockButton, Qt.MouseButton.LeftButton)
    assert panel.state is TokenState.SERVER_EXPIRED
    assert panel.tokenCountdownLabel.text() == "00:01:00"
    exchange, problem = send(qtbot, window)
    assert exchange.response.status == 401 and problem.token_lapsed


def test_a_token_from_another_server_is_untouched_by_the_sandbox_controls(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    from workbench.sandbox import Sandbox

    window = build(sandbox=sandbox, clock=ManualClock()).window
    with Sandbox(host="127.0.0.1", port=0, token_ttl_s=60) as elsewhere:
        window.form.tokenUrlEdit.setText(elsewhere.token_url)
        with qtbot.waitSignal(window.session.token_changed, timeout=WAIT_MS):
            window.action("getToken").trigger()
        frames_settled(qtbot)
        window.action("expireNow").trigger()
        window.sandboxControls.advanceClockButton.click()
        assert window.token_panel.state is TokenState.FRESH


def test_expired_early_by_is_fixed_at_the_refusal(qtbot: Any, build: Any, sandbox: Any) -> None:
    clock = ManualClock()
    window = demo(build, sandbox, qtbot, clock)
    panel = window.token_panel
    clock.advance(18)
    window.action("expireNow").trigger()
    send(qtbot, window)
    assert panel.state is TokenState.REJECTED
    said = panel.tokenStateLabel.text()
    assert said.startswith("Expired early by 00:00:42:")
    for _ in range(3):
        clock.advance(5)
        panel.refresh()
        assert panel.tokenStateLabel.text() == said


def test_a_new_token_replaces_the_message_it_makes_untrue(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = demo(build, sandbox, qtbot)
    status = window.statusBar()
    window.action("expireNow").trigger()
    assert "the next API call will get 401" in status.currentMessage()
    with qtbot.waitSignal(window.session.token_changed, timeout=WAIT_MS):
        window.action("getToken").trigger()
    frames_settled(qtbot)
    assert status.currentMessage() == "New token received (valid 60 s)."


def test_a_200_clears_a_message_about_a_failed_or_cancelled_call(
    qtbot: Any, build: Any, sandbox: Any, silent_server: Any
) -> None:
    window = demo(build, sandbox, qtbot)
    status = window.statusBar()
    request = window.composer.current_request()
    window.composer.set_request(ApiRequest("GET", silent_server.url + "/v3/accounts"))
    with qtbot.waitSignal(window.session.api_busy, timeout=WAIT_MS):
        window.action("send").trigger()
    with qtbot.waitSignal(window.session.api_cancelled, timeout=WAIT_MS):
        window.action("cancel").trigger()
    frames_settled(qtbot)
    assert status.currentMessage() == "Request cancelled"
    window.composer.set_request(request)
    exchange, _problem = send(qtbot, window)
    assert exchange.response.status == 200
    assert status.currentMessage() == ""


def test_a_200_leaves_a_message_it_does_not_contradict(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = demo(build, sandbox, qtbot)
    window.sandboxControls.tokenLifetimeSpin.setValue(90)
    said = window.statusBar().currentMessage()
    assert "90 s" in said
    send(qtbot, window)
    assert window.statusBar().currentMessage() == said

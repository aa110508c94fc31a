"""When things go wrong: server down, timeout, cancel, a superseded send, closing mid-request."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from tests.gui.conftest import frames_settled
from workbench.core.calls import ApiRequest
from workbench.core.http import FailureKind
from workbench.core.problems import ProblemKind

pytestmark = pytest.mark.gui

SIGNAL_TIMEOUT_MS = 10_000


def use_token_url(window: Any, url: str, timeout_s: float = 10.0) -> None:
    config = dataclasses.replace(window.form.config(), token_url=url, timeout_s=timeout_s)
    window.form.set_config(config)


def test_server_down_is_explained(qtbot: Any, build: Any, sandbox: Any, refused_url: str) -> None:
    window = build(sandbox=sandbox).window
    use_token_url(window, refused_url + "/v3/token")
    with qtbot.waitSignal(window.session.token_failed, timeout=SIGNAL_TIMEOUT_MS) as failed:
        window.action("getToken").trigger()
    frames_settled(qtbot)
    problem = failed.args[0]
    assert problem.kind is ProblemKind.TRANSPORT
    assert "No new token" in window.token_panel.tokenProblemLabel.text()
    assert window.token_panel.getTokenButton.isEnabled()
    assert window.timeline.count() == 1
    assert window.form.config().client_id == "demo-client"  # nothing cleared


def test_token_timeout(qtbot: Any, build: Any, sandbox: Any, silent_server: Any) -> None:
    window = build(sandbox=sandbox).window
    use_token_url(window, silent_server.url + "/v3/token", timeout_s=0.3)
    with qtbot.waitSignal(window.session.token_failed, timeout=SIGNAL_TIMEOUT_MS) as failed:
        window.action("getToken").trigger()
    frames_settled(qtbot)
    assert failed.args[0].kind is ProblemKind.TRANSPORT
    assert "time" in failed.args[0].title.lower()


def test_api_timeout(qtbot: Any, build: Any, sandbox: Any, silent_server: Any) -> None:
    window = build(sandbox=sandbox).window
    config = dataclasses.replace(window.form.config(), timeout_s=0.3)
    with qtbot.waitSignal(window.session.api_finished, timeout=SIGNAL_TIMEOUT_MS) as finished:
        window.session.send_api(ApiRequest("GET", silent_server.url + "/v3/accounts"), config)
    frames_settled(qtbot)
    exchange, problem = finished.args
    assert exchange.failure.kind is FailureKind.TIMEOUT
    assert problem.kind is ProblemKind.TRANSPORT


def test_cancel_a_send(qtbot: Any, build: Any, sandbox: Any, silent_server: Any) -> None:
    window = build(sandbox=sandbox).window
    window.show()
    window.composer.set_request(ApiRequest("GET", silent_server.url + "/v3/accounts"))
    with qtbot.waitSignal(window.session.api_busy, timeout=SIGNAL_TIMEOUT_MS):
        window.action("send").trigger()
    assert silent_server.connected.wait(5)
    cancel = window.composer.findChild(QWidget, "cancelSendButton")
    qtbot.waitUntil(cancel.isEnabled, timeout=2000)
    with (
        qtbot.waitSignal(window.session.api_cancelled, timeout=SIGNAL_TIMEOUT_MS),
        qtbot.assertNotEmitted(window.session.api_finished, wait=200),
    ):
        cancel.click()
    assert not window.session.api_busy_now
    assert "cancelled" in window.statusBar().currentMessage().lower()


def test_cancel_a_token_request(qtbot: Any, build: Any, sandbox: Any, silent_server: Any) -> None:
    window = build(sandbox=sandbox).window
    window.show()
    use_token_url(window, silent_server.url + "/v3/token")
    window.action("getToken").trigger()
    assert not window.token_panel.cancelTokenButton.isHidden()
    with qtbot.waitSignal(window.session.token_cancelled, timeout=SIGNAL_TIMEOUT_MS):
        window.token_panel.cancelTokenButton.click()
    frames_settled(qtbot)
    assert window.token_panel.getTokenButton.isEnabled()
    assert window.token_panel.cancelTokenButton.isHidden()


def test_superseded_send_shows_only_the_second_result(
    qtbot: Any, build: Any, sandbox: Any, silent_server: Any
) -> None:
    window = build(sandbox=sandbox).window
    session = window.session
    config = window.form.config()
    finished: list[Any] = []
    session.api_finished.connect(lambda exchange, problem: finished.append(exchange))
    session.send_api(ApiRequest("GET", silent_server.url + "/v3/accounts"), config)
    assert silent_server.connected.wait(5)
    with qtbot.waitSignal(session.api_finished, timeout=SIGNAL_TIMEOUT_MS):
        session.send_api(ApiRequest("GET", sandbox.url + "/v3/accounts"), config)
    frames_settled(qtbot)
    # The first is blocked on a server that never answers; release it now: still dropped.
    with qtbot.assertNotEmitted(session.api_finished, wait=100):
        silent_server.stop()
    assert [exchange.request.url for exchange in finished] == [sandbox.url + "/v3/accounts"]
    frames_settled(qtbot)
    assert window.timeline.count() == 1
    status = window.viewer.findChild(QWidget, "responseStatusLabel")
    assert "401" in status.text()  # no token yet: the sandbox refuses, and that is shown


def test_closing_mid_request_exits_at_once_without_warnings(
    qtbot: Any, build: Any, sandbox: Any, silent_server: Any
) -> None:
    window = build(sandbox=sandbox).window
    window.show()
    # Requests that would wait far longer than the suite lets a test run (pytest-timeout): a
    # close that waited for them would fail the test, with no clock read here.
    use_token_url(window, silent_server.url + "/v3/token", timeout_s=600.0)
    window.action("getToken").trigger()
    window.session.send_api(ApiRequest("GET", silent_server.url + "/v3/accounts"))
    qtbot.waitUntil(lambda: len(silent_server.accepted) >= 2, timeout=5000)
    window.close()
    assert window.session.is_closed
    # Qt warnings would fail this test (qt_log_level_fail); the workers stay silent.
    with qtbot.assertNotEmitted(window.session.token_changed, wait=100):
        silent_server.stop()

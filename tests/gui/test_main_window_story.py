"""The whole demo story in the real window against the in-process sandbox."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from tests.gui.conftest import frames_settled
from workbench.core.clock import ManualClock
from workbench.core.http import ExchangeKind
from workbench.core.problems import ProblemKind

pytestmark = pytest.mark.gui

SIGNAL_TIMEOUT_MS = 10_000
NAMED_WIDGETS = (
    "tokenUrlEdit",
    "clientIdEdit",
    "clientSecretEdit",
    "scopeEdit",
    "authMethodCombo",
    "bodyEncodingCombo",
    "getTokenButton",
    "tokenValueLabel",
    "tokenCountdownLabel",
    "tokenExpiryBar",
    "requestMethodCombo",
    "requestUrlEdit",
    "sendButton",
    "responseStatusLabel",
    "responseTabs",
    "problemView",
    "prettyView",
    "rawView",
    "timelineView",
    "expireNowButton",
    "resendWithNewTokenButton",
)


def text_of(widget: Any) -> str:
    """The visible text of a label, line edit or text view."""
    for getter in ("toPlainText", "text"):
        if hasattr(widget, getter):
            return str(getattr(widget, getter)())
    raise TypeError(widget)


def tab_showing(window: Any) -> QWidget:
    """The current page of the response tabs."""
    return window.viewer.findChild(QWidget, "responseTabs").currentWidget()


def page_holds(page: QWidget, object_name: str) -> bool:
    """True when ``page`` is, or contains, the widget named ``object_name``."""
    return page.objectName() == object_name or page.findChild(QWidget, object_name) is not None


def send(qtbot: Any, window: Any) -> tuple[Any, Any]:
    """Click Send and wait for the answer."""
    with qtbot.waitSignal(window.session.api_finished, timeout=SIGNAL_TIMEOUT_MS) as finished:
        qtbot.mouseClick(
            window.composer.findChild(QWidget, "sendButton"), Qt.MouseButton.LeftButton
        )
    frames_settled(qtbot)
    return finished.args[0], finished.args[1]


def test_every_named_widget_has_an_accessible_name(build: Any, sandbox: Any) -> None:
    window = build(sandbox=sandbox).window
    for name in NAMED_WIDGETS:
        widget = window.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName(), name


def test_demo_fills_the_form_composer_and_status_bar(build: Any, sandbox: Any) -> None:
    window = build(sandbox=sandbox).window
    config = window.form.config()
    assert config.token_url == sandbox.token_url
    assert config.client_id == "demo-client"
    assert config.client_secret.reveal() == "demo-secret"
    assert config.auth.value == "basic"
    assert config.body_encoding.value == "form"
    request = window.composer.current_request()
    assert (request.method, request.url) == ("GET", sandbox.url + "/v3/accounts")
    assert sandbox.url in window.sandboxAddressLabel.text()
    assert not window.expireNowButton.isHidden()


def test_whole_story(qtbot: Any, build: Any, sandbox: Any) -> None:
    clock = ManualClock()
    window = build(sandbox=sandbox, clock=clock).window
    window.show()
    session = window.session
    recorded: list[tuple[Any, Any]] = []
    session.exchange_recorded.connect(
        lambda exchange, problem: recorded.append((exchange, problem))
    )

    # 1. Get a token: the countdown shows and decreases.
    with qtbot.waitSignal(session.token_changed, timeout=SIGNAL_TIMEOUT_MS):
        qtbot.mouseClick(window.token_panel.getTokenButton, Qt.MouseButton.LeftButton)
    frames_settled(qtbot)
    countdown = window.token_panel.tokenCountdownLabel
    assert countdown.text() == "00:01:00"
    assert "e" not in window.token_panel.tokenValueLabel.text()[12:]  # masked
    clock.advance(2.0)
    qtbot.waitUntil(lambda: countdown.text() == "00:00:58", timeout=2000)
    assert window.token_panel.tokenExpiryBar.value() < window.token_panel.tokenExpiryBar.maximum()

    # 2. Send: 200 with pretty JSON.
    exchange, problem = send(qtbot, window)
    assert exchange.response.status == 200
    assert problem is None
    assert page_holds(tab_showing(window), "prettyView")
    pretty = window.viewer.findChild(QWidget, "prettyView")
    body = json.loads(exchange.response.body)
    first_key = next(iter(body))
    qtbot.waitUntil(lambda: f'"{first_key}"' in text_of(pretty), timeout=5000)
    assert "\n  " in text_of(pretty)  # indented
    assert "200" in text_of(window.viewer.findChild(QWidget, "responseStatusLabel"))

    # 3. Expire now, send: 401 explained, the 1014 envelope byte for byte in Raw.
    qtbot.mouseClick(window.expireNowButton, Qt.MouseButton.LeftButton)
    exchange, problem = send(qtbot, window)
    assert exchange.response.status == 401
    assert problem.kind is ProblemKind.TOKEN_EXPIRED
    assert page_holds(tab_showing(window), "problemView")
    explained = text_of(window.viewer.findChild(QWidget, "problemView"))
    assert "expired" in explained.lower()
    raw_view = window.viewer.findChild(QWidget, "rawView")
    window.viewer.findChild(QWidget, "revealSecretsCheck").setChecked(True)
    envelope = exchange.response.body.decode("utf-8")
    assert '"code":1014' in envelope.replace(" ", "")
    qtbot.waitUntil(lambda: envelope in text_of(raw_view), timeout=5000)
    resend = window.viewer.findChild(QWidget, "resendWithNewTokenButton")
    assert resend.isVisibleTo(window)

    # 4. Get new token and resend: 200.
    with qtbot.waitSignal(session.api_finished, timeout=SIGNAL_TIMEOUT_MS) as finished:
        qtbot.mouseClick(resend, Qt.MouseButton.LeftButton)
    frames_settled(qtbot)
    assert finished.args[0].response.status == 200
    frames_settled(qtbot)
    assert window.token_panel.tokenCountdownLabel.text() == "00:01:00"

    # Every step is in the timeline, newest first.
    kinds_and_statuses = [(e.kind, e.response.status) for e, _p in recorded]
    assert kinds_and_statuses == [
        (ExchangeKind.TOKEN, 200),
        (ExchangeKind.API, 200),
        (ExchangeKind.API, 401),
        (ExchangeKind.TOKEN, 200),
        (ExchangeKind.API, 200),
    ]
    assert window.timeline.count() == 5


def test_selecting_a_timeline_row_shows_it(qtbot: Any, build: Any, sandbox: Any) -> None:
    window = build(sandbox=sandbox).window
    window.show()
    with qtbot.waitSignal(window.session.token_changed, timeout=SIGNAL_TIMEOUT_MS):
        window.action("getToken").trigger()
    frames_settled(qtbot)
    window.expireNowButton.click()
    send(qtbot, window)
    status = window.viewer.findChild(QWidget, "responseStatusLabel")
    assert "401" in text_of(status)
    token_exchange: list[Any] = []
    window.timeline.exchange_selected.connect(lambda e, p: token_exchange.append(e))
    # The oldest row (the token exchange) is last: newest first.
    model = window.timeline.model()
    last = model.index(model.rowCount() - 1, 0)
    window.timeline.setCurrentIndex(last)
    qtbot.waitUntil(lambda: bool(token_exchange), timeout=2000)
    assert token_exchange[-1].kind is ExchangeKind.TOKEN
    assert "200" in text_of(status)


def test_ctrl_t_gets_a_token(qtbot: Any, build: Any, sandbox: Any) -> None:
    window = build(sandbox=sandbox).window
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    with qtbot.waitSignal(window.session.token_changed, timeout=SIGNAL_TIMEOUT_MS):
        window.action("getToken").trigger()
    frames_settled(qtbot)
    assert window.action("getToken").shortcut().toString() == "Ctrl+T"


def test_self_test_gets_a_token_and_a_200(tmp_path: Any) -> None:
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    completed = subprocess.run(
        [sys.executable, "-m", "workbench", "--self-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "self-test: ok" in completed.stdout

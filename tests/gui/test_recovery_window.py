"""Recovery through the window against the sandbox (issue 5 test 4): each step in the timeline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox

from tests.gui.conftest import frames_settled
from workbench.core.client import OAuthClient
from workbench.core.clock import Clock, ManualClock
from workbench.core.http import Exchange, ExchangeKind, HttpRequest
from workbench.core.profiles import ProfileStore
from workbench.core.recovery import RecoveryOptions
from workbench.core.transport import Transport
from workbench.ui.token_panel import TokenState

pytestmark = pytest.mark.gui

SIGNAL_TIMEOUT_MS = 10_000
REFETCH = "refetchWhenLapsedCheck"
REPLAY = "replayOn401Check"


def get_token(qtbot: Any, window: Any) -> Any:
    with qtbot.waitSignal(window.session.token_changed, timeout=SIGNAL_TIMEOUT_MS) as changed:
        qtbot.mouseClick(window.token_panel.getTokenButton, Qt.MouseButton.LeftButton)
    frames_settled(qtbot)
    token = changed.args[0]
    assert token is not None
    return token


def send(qtbot: Any, window: Any) -> tuple[Any, Any]:
    with qtbot.waitSignal(window.session.api_finished, timeout=SIGNAL_TIMEOUT_MS) as finished:
        qtbot.mouseClick(window.composer.send_button, Qt.MouseButton.LeftButton)
    frames_settled(qtbot)
    return finished.args[0], finished.args[1]


def tick(window: Any, *names: str) -> None:
    for name in names:
        window.form.findChild(QCheckBox, name).setChecked(True)


def story(window: Any) -> list[tuple[str, int | None]]:
    """The timeline oldest first, as (kind, status)."""
    model = window.timeline.timeline_model()
    rows = reversed(range(window.timeline.count()))
    out = []
    for row in rows:
        exchange = model.entry(row).exchange
        status = exchange.response.status if exchange.response is not None else None
        out.append((exchange.kind.value, status))
    return out


def arrows(window: Any) -> list[str]:
    return [arrow.caption for arrow in window.flowDiagramDock.diagram.arrows()]


def status_text(window: Any) -> str:
    return str(window.statusBar().currentMessage())


@pytest.fixture
def rfc_sandbox() -> Iterator[Any]:
    from workbench.sandbox import Sandbox

    with Sandbox(host="127.0.0.1", port=0, token_ttl_s=60, token_errors="rfc") as box:
        yield box


def test_recovery_is_off_in_the_demo_and_a_lapsed_token_is_simply_refused(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = build(sandbox=sandbox).window
    assert window.form.recovery_options() == RecoveryOptions()
    assert window.profiles.current_profile().recovery == RecoveryOptions()
    first = get_token(qtbot, window)
    sandbox.expire_all()
    exchange, problem = send(qtbot, window)
    assert exchange.response.status == 401 and problem.token_lapsed
    assert story(window) == [("token", 200), ("api", 401)]
    assert window.session.token is first
    # The API refused a token our clock still counts: the panel says so.
    assert window.token_panel.state is TokenState.REJECTED


def test_refetch_before_send_when_our_clock_says_the_token_lapsed(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    clock = ManualClock()
    window = build(sandbox=sandbox, clock=clock).window
    tick(window, REFETCH)
    first = get_token(qtbot, window)
    clock.advance(61)
    window.token_panel.refresh()
    assert window.token_panel.state is TokenState.EXPIRED
    tokens: list[Any] = []
    window.session.token_changed.connect(tokens.append)

    exchange, problem = send(qtbot, window)

    assert problem is None and exchange.response.status == 200
    assert story(window) == [("token", 200), ("token", 200), ("api", 200)]
    assert len(tokens) == 1 and tokens[0] is not first
    assert window.session.token is tokens[0]
    assert window.token_panel.token is tokens[0]
    assert window.token_panel.state is TokenState.FRESH
    sent = exchange.request.header("Authorization")
    assert sent == f"Bearer {tokens[0].value.reveal()}"
    assert arrows(window)[2:4] == [
        "Credentials sent again, for a new token",
        "New token returned (valid 60 s)",
    ]
    assert "current one had lapsed" in status_text(window)


def test_replay_once_after_getresponse_1014_expired(qtbot: Any, build: Any, sandbox: Any) -> None:
    window = build(sandbox=sandbox).window
    tick(window, REPLAY)
    first = get_token(qtbot, window)
    sandbox.expire_all()
    recorded: list[Exchange] = []
    window.session.exchange_recorded.connect(lambda exchange, _problem: recorded.append(exchange))

    exchange, problem = send(qtbot, window)

    assert problem is None and exchange.response.status == 200
    assert story(window) == [("token", 200), ("api", 401), ("token", 200), ("api", 200)]
    assert [e.kind for e in recorded] == [ExchangeKind.API, ExchangeKind.TOKEN, ExchangeKind.API]
    assert recorded[-1] is exchange
    assert recorded[0].request.url == recorded[2].request.url
    assert window.session.token is not first
    assert window.viewer.exchange() is exchange
    assert window.token_panel.state is TokenState.FRESH
    assert arrows(window)[4:] == [
        "Credentials sent again, for a new token",
        "New token returned (valid 60 s)",
        "API called with the token",
        "200 OK: data returned",
    ]


def test_rfc6750_invalid_token_is_replayed(qtbot: Any, build: Any, rfc_sandbox: Any) -> None:
    window = build(sandbox=rfc_sandbox).window
    tick(window, REPLAY)
    get_token(qtbot, window)
    rfc_sandbox.expire_all()
    exchange, problem = send(qtbot, window)
    assert problem is None and exchange.response.status == 200
    assert story(window) == [("token", 200), ("api", 401), ("token", 200), ("api", 200)]
    model = window.timeline.timeline_model()
    refused = model.entry(2)
    assert refused.problem is not None and refused.problem.code == "invalid_token"
    challenge = refused.exchange.response.header("WWW-Authenticate") or ""
    assert "invalid_token" in challenge


def test_bad_credentials_are_not_retried(qtbot: Any, build: Any, sandbox: Any) -> None:
    window = build(sandbox=sandbox).window
    tick(window, REFETCH, REPLAY)
    first = get_token(qtbot, window)
    sandbox.expire_all()
    window.form.clientSecretEdit.setText("not-the-demo-secret")
    failures: list[Any] = []
    window.session.token_failed.connect(failures.append)

    exchange, problem = send(qtbot, window)

    assert story(window) == [("token", 200), ("api", 401), ("token", 401)]
    assert exchange.response.status == 401
    assert exchange.kind is ExchangeKind.API
    assert problem is not None and not problem.token_lapsed, "the token request's problem"
    assert len(failures) == 1
    assert window.session.token is first
    assert "could not be had" in status_text(window)
    assert "No new token" in window.token_panel.tokenProblemLabel.text()


class ExpiringTransport(Transport):
    """A real transport that has the sandbox lapse every token as soon as it is issued."""

    def __init__(self, box: Any) -> None:
        super().__init__()
        self.box = box

    def send(self, request: HttpRequest, **kwargs: Any) -> Exchange:
        exchange = super().send(request, **kwargs)
        if kwargs.get("kind") is ExchangeKind.TOKEN:
            self.box.expire_all()
        return exchange


def test_a_replay_that_fails_again_stops(qtbot: Any, build: Any, sandbox: Any) -> None:
    def factory(clock: Clock) -> OAuthClient:
        return OAuthClient(transport=ExpiringTransport(sandbox), clock=clock)

    window = build(sandbox=sandbox, client_factory=factory).window
    tick(window, REPLAY)
    get_token(qtbot, window)
    stopped: list[str] = []
    window.session.recovery_stopped.connect(stopped.append)

    exchange, problem = send(qtbot, window)

    assert story(window) == [("token", 200), ("api", 401), ("token", 200), ("api", 401)]
    assert exchange.response.status == 401 and problem.token_lapsed
    assert len(stopped) == 1 and "only once" in stopped[0]
    assert "only once" in status_text(window)
    # The API refused the new token too: the panel shows the new one, refused.
    assert window.token_panel.token is window.session.token
    assert window.token_panel.state is TokenState.REJECTED


def test_without_a_secret_recovery_is_skipped_and_the_request_still_goes(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = build(sandbox=sandbox).window
    get_token(qtbot, window)
    tick(window, REPLAY)
    window.form.secretSourceCombo.setCurrentIndex(
        window.form.secretSourceCombo.findData("environment")
    )
    window.form.secretEnvVarEdit.setText("WORKBENCH_TEST_UNSET_SECRET")
    sandbox.expire_all()
    exchange, _problem = send(qtbot, window)
    assert exchange.response.status == 401
    assert story(window) == [("token", 200), ("api", 401)]


def test_recovery_switches_are_saved_with_the_profile(
    qtbot: Any, build: Any, sandbox: Any, tmp_path: Path
) -> None:
    store = ProfileStore(tmp_path / "profiles.json")
    window = build(sandbox=sandbox, profile_store=store).window
    assert not window.profiles.is_modified()
    tick(window, REPLAY)
    assert window.profiles.is_modified()
    assert window.profiles.save()
    saved = store.load().profiles[0]
    assert saved.recovery == RecoveryOptions(refetch_when_lapsed=False, replay_on_lapsed_401=True)
    window.form.set_recovery_options(RecoveryOptions())
    assert window.profiles.is_modified()
    window.close()

    again = build(profile_store=store).window
    assert again.form.recovery_options() == saved.recovery

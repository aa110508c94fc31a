"""The Qt-side session: off the GUI thread, superseded results dropped, cancel, clean shutdown."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from tests.gui.conftest import FakeHub, make_exchange, make_token
from workbench.core.calls import ApiOutcome, ApiRequest, TokenOutcome
from workbench.core.clock import ManualClock
from workbench.core.config import ClientConfig
from workbench.core.http import ExchangeKind
from workbench.core.problems import Problem, ProblemKind
from workbench.ui.session import WorkbenchSession

pytestmark = pytest.mark.gui

CONFIG = ClientConfig(
    token_url="http://127.0.0.1:9/v3/token",
    client_id="demo-client",
    extra_headers=(("X-Domain", "example.com"),),
    timeout_s=7.0,
)
REQUEST = ApiRequest("GET", "http://127.0.0.1:9/v3/accounts")
EXPIRED = Problem(
    kind=ProblemKind.TOKEN_EXPIRED,
    title="The access token has expired",
    explanation="",
    likely_cause="",
    suggested_action="",
    http_status=401,
)


@pytest.fixture
def session(qtbot: Any, fake_hub: FakeHub, manual_clock: ManualClock) -> Any:
    made = WorkbenchSession(clock=manual_clock, client_factory=fake_hub.factory)
    yield made
    made.shutdown()
    made.deleteLater()


def wait_calls(qtbot: Any, hub: FakeHub, count: int) -> None:
    qtbot.waitUntil(lambda: hub.count() >= count, timeout=3000)


def finish(hub: FakeHub, index: int, result: Any) -> None:
    call = hub.calls[index]
    call.result = result
    call.release.set()


def test_token_request_runs_off_the_gui_thread(
    qtbot: Any, session: WorkbenchSession, fake_hub: FakeHub, manual_clock: ManualClock
) -> None:
    gui_thread = threading.current_thread()
    with qtbot.waitSignal(session.token_busy) as busy:
        session.get_token(CONFIG)
    assert busy.args == [True]
    wait_calls(qtbot, fake_hub, 1)
    token = make_token(manual_clock)
    exchange = make_exchange(ExchangeKind.TOKEN, 200)
    with (
        qtbot.waitSignal(session.token_changed) as changed,
        qtbot.waitSignal(session.exchange_recorded) as recorded,
    ):
        finish(fake_hub, 0, TokenOutcome(exchange, token, None))
    assert changed.args == [token]
    assert recorded.args == [exchange, None]
    assert session.token is token
    assert not session.token_busy_now
    assert fake_hub.calls[0].args[0] == CONFIG
    assert threading.current_thread() is gui_thread


def test_token_failure_emits_the_problem(
    qtbot: Any, session: WorkbenchSession, fake_hub: FakeHub
) -> None:
    session.get_token(CONFIG)
    wait_calls(qtbot, fake_hub, 1)
    problem = EXPIRED
    with qtbot.waitSignal(session.token_failed) as failed:
        finish(fake_hub, 0, TokenOutcome(make_exchange(ExchangeKind.TOKEN, 401), None, problem))
    assert failed.args == [problem]
    assert session.token is None


def test_api_send_passes_token_and_config(
    qtbot: Any, session: WorkbenchSession, fake_hub: FakeHub, manual_clock: ManualClock
) -> None:
    token = make_token(manual_clock)
    session.set_token(token)
    session.send_api(REQUEST, CONFIG)
    wait_calls(qtbot, fake_hub, 1)
    call = fake_hub.calls[0]
    assert call.kind == "api"
    assert call.args == (REQUEST, token)
    assert call.kwargs["extra_headers"] == CONFIG.extra_headers
    assert call.kwargs["timeout_s"] == 7.0
    exchange = make_exchange(ExchangeKind.API, 200)
    with qtbot.waitSignal(session.api_finished) as finished:
        finish(fake_hub, 0, ApiOutcome(exchange, None))
    assert finished.args == [exchange, None]


def test_progress_is_relayed_for_the_current_send_only(
    qtbot: Any, session: WorkbenchSession, fake_hub: FakeHub
) -> None:
    session.send_api(REQUEST, CONFIG)
    wait_calls(qtbot, fake_hub, 1)
    progress = fake_hub.calls[0].kwargs["progress"]
    with qtbot.waitSignal(session.api_progress) as reported:
        threading.Thread(target=progress, args=(100, 100)).start()
    assert reported.args == [100, 100]
    session.send_api(REQUEST, CONFIG)  # supersedes the first
    done = threading.Event()
    with qtbot.assertNotEmitted(session.api_progress, wait=50):
        threading.Thread(target=lambda: (progress(200, 200), done.set())).start()
        assert done.wait(2)
        wait_calls(qtbot, fake_hub, 2)


def test_a_new_send_supersedes_the_running_one(
    qtbot: Any, session: WorkbenchSession, fake_hub: FakeHub
) -> None:
    first_id = session.send_api(REQUEST, CONFIG)
    wait_calls(qtbot, fake_hub, 1)
    first_cancel = fake_hub.calls[0].kwargs["cancel"]
    second = ApiRequest("GET", "http://127.0.0.1:9/v3/from-fields")
    second_id = session.send_api(second, CONFIG)
    assert second_id != first_id
    assert first_cancel.cancelled
    wait_calls(qtbot, fake_hub, 2)
    finished: list[Any] = []
    session.api_finished.connect(lambda exchange, problem: finished.append(exchange))
    stale = make_exchange(ExchangeKind.API, 401)
    fresh = make_exchange(ExchangeKind.API, 200)
    finish(fake_hub, 0, ApiOutcome(stale, EXPIRED))  # the superseded one answers first
    with qtbot.waitSignal(session.api_finished):
        finish(fake_hub, 1, ApiOutcome(fresh, None))
    with qtbot.assertNotEmitted(session.api_finished, wait=20):
        pass  # the superseded answer, if it were delivered, would arrive meanwhile
    assert finished == [fresh]
    assert session.last_api_request == second


def test_cancel_api_stops_waiting_and_drops_the_result(
    qtbot: Any, session: WorkbenchSession, fake_hub: FakeHub
) -> None:
    session.send_api(REQUEST, CONFIG)
    wait_calls(qtbot, fake_hub, 1)
    with (
        qtbot.waitSignal(session.api_cancelled),
        qtbot.waitSignal(session.api_busy) as busy,
    ):
        session.cancel_api()
    assert busy.args == [False]
    assert fake_hub.calls[0].kwargs["cancel"].cancelled
    with qtbot.assertNotEmitted(session.api_finished, wait=50):
        finish(fake_hub, 0, ApiOutcome(make_exchange(ExchangeKind.API, 200), None))


def test_cancel_token(qtbot: Any, session: WorkbenchSession, fake_hub: FakeHub) -> None:
    session.get_token(CONFIG)
    wait_calls(qtbot, fake_hub, 1)
    with qtbot.waitSignal(session.token_cancelled):
        session.cancel_token()
    assert fake_hub.calls[0].kwargs["cancel"].cancelled
    assert not session.token_busy_now


def test_get_token_and_resend_sends_the_last_request_once(
    qtbot: Any, session: WorkbenchSession, fake_hub: FakeHub, manual_clock: ManualClock
) -> None:
    session.send_api(REQUEST, CONFIG)
    wait_calls(qtbot, fake_hub, 1)
    with qtbot.waitSignal(session.api_finished):
        finish(fake_hub, 0, ApiOutcome(make_exchange(ExchangeKind.API, 401), EXPIRED))
    session.get_token_and_resend(CONFIG)
    wait_calls(qtbot, fake_hub, 2)
    assert fake_hub.calls[1].kind == "token"
    new_token = make_token(manual_clock, value="f" * 40)
    finish(fake_hub, 1, TokenOutcome(make_exchange(ExchangeKind.TOKEN, 200), new_token, None))
    wait_calls(qtbot, fake_hub, 3)
    resend = fake_hub.calls[2]
    assert resend.kind == "api"
    assert resend.args == (REQUEST, new_token)
    with qtbot.waitSignal(session.api_finished) as finished:
        finish(fake_hub, 2, ApiOutcome(make_exchange(ExchangeKind.API, 200), None))
    assert finished.args[0].response.status == 200
    # Once only: a later plain token request does not resend.
    session.get_token(CONFIG)
    wait_calls(qtbot, fake_hub, 4)
    with qtbot.waitSignal(session.token_changed):
        finish(fake_hub, 3, TokenOutcome(make_exchange(ExchangeKind.TOKEN, 200), new_token, None))
    assert not session.api_busy_now, "a resend would have started with the token"
    assert fake_hub.count() == 4


def test_a_client_exception_becomes_a_problem(
    qtbot: Any, session: WorkbenchSession, fake_hub: FakeHub
) -> None:
    class Broken:
        def call_api(self, *args: Any, **kwargs: Any) -> Any:
            raise ValueError("boom")

        def close(self) -> None:
            pass

    broken = WorkbenchSession(client_factory=lambda _clock: Broken())  # type: ignore[arg-type, return-value]
    try:
        with qtbot.waitSignal(broken.api_finished) as finished:
            broken.send_api(REQUEST)
        exchange, problem = finished.args
        assert exchange is None
        assert problem.kind is ProblemKind.UNEXPECTED
        assert "ValueError: boom" in problem.explanation
    finally:
        broken.shutdown()


def test_shutdown_returns_at_once_and_silences_workers(
    qtbot: Any, session: WorkbenchSession, fake_hub: FakeHub
) -> None:
    session.get_token(CONFIG)
    session.send_api(REQUEST, CONFIG)
    wait_calls(qtbot, fake_hub, 2)
    session.shutdown(wait_s=0.05)
    assert session.is_closed
    assert all(call.kwargs["cancel"].cancelled for call in fake_hub.calls)
    with (
        qtbot.assertNotEmitted(session.api_finished, wait=50),
        qtbot.assertNotEmitted(session.token_changed, wait=50),
    ):
        fake_hub.release_all()
    qtbot.waitUntil(lambda: all(client.closed for client in fake_hub.clients), timeout=2000)
    assert session.send_api(REQUEST) == -1
    session.shutdown()  # twice is fine


def test_clients_are_reused_between_sends(
    qtbot: Any, session: WorkbenchSession, fake_hub: FakeHub
) -> None:
    for index in range(3):
        session.send_api(REQUEST, CONFIG)
        wait_calls(qtbot, fake_hub, index + 1)
        with qtbot.waitSignal(session.api_finished):
            finish(fake_hub, index, ApiOutcome(make_exchange(ExchangeKind.API, 200), None))
    assert len(fake_hub.clients) == 1


def test_a_worker_hands_its_result_on_once_idle_so_the_next_send_reuses_it() -> None:
    from workbench.ui.session_workers import WorkerThreads

    threads = WorkerThreads("test")
    idle_when_handed_on: list[int] = []
    first = threads.run(lambda: None, then=lambda: idle_when_handed_on.append(threads.idle_count()))
    assert first.wait(5)
    assert idle_when_handed_on == [1], "back among the idle threads before the result goes"
    names: list[str] = []
    second = threads.run(lambda: names.append(threading.current_thread().name))
    assert second.wait(5)
    assert names == ["workbench-test-1"], "the next job reuses it: no second thread"
    threads.close()

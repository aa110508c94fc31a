"""Load through the real window (issue 7): 2,000 calls in a row, and 50 rapid Get token clicks."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.e2e.hostile.probes import read_rss_bytes
from tests.gui.conftest import frames_settled
from workbench.core.calls import ApiRequest
from workbench.core.clock import Clock
from workbench.core.http import ExchangeKind

pytestmark = pytest.mark.gui

CALLS = 2000
WARM_UP_CALLS = 100
TIMELINE_CAP = 500
MAX_GROWTH_BYTES = 30 * 1024 * 1024
CLICKS = 50
WAIT_MS = 10_000


POOLED = "Thread (pooled)"
"""What Qt names its thread-pool threads (the viewer renders Raw on the global pool)."""
POOLED_THREADS_LIMIT = 8
"""Qt's pools keep a few threads (one per core each, retired after 30 s idle): bounded."""


def _thread_names() -> list[str]:
    """The name of every thread of this process, Python's and Qt's."""
    tasks = Path("/proc/self/task")
    names = []
    for task in tasks.iterdir():
        try:
            names.append((task / "comm").read_text(encoding="utf-8").strip())
        except OSError:  # it ended meanwhile
            continue
    return names


def own_os_threads() -> int:
    """Threads that are not Qt pool threads: the session's workers, the sandbox's, pytest's."""
    return sum(1 for name in _thread_names() if name != POOLED)


def pooled_os_threads() -> int:
    return sum(1 for name in _thread_names() if name == POOLED)


def listed(timeline: Any) -> list[Any]:
    """The timeline's entries, newest first."""
    model = timeline.timeline_model()
    return [model.entry(row) for row in range(timeline.count())]


@pytest.fixture
def busy_sandbox() -> Iterator[Any]:
    """The in-process sandbox without a rate limit that 2,000 calls would reach."""
    from workbench.sandbox import Sandbox

    with Sandbox(host="127.0.0.1", port=0, token_ttl_s=3600, rate_limit=1_000_000) as box:
        yield box


def test_two_thousand_calls_through_the_window(qtbot: Any, build: Any, busy_sandbox: Any) -> None:
    window = build(sandbox=busy_sandbox).window
    window.timeline.max_entries = TIMELINE_CAP
    window.show()
    qtbot.waitExposed(window)
    session = window.session
    with qtbot.waitSignal(session.token_changed, timeout=WAIT_MS):
        qtbot.mouseClick(window.token_panel.getTokenButton, Qt.MouseButton.LeftButton)
    frames_settled(qtbot)
    request = ApiRequest("GET", busy_sandbox.url + "/v3/accounts")
    window.composer.set_request(request)
    config = window.form.config()

    statuses: list[int] = []

    def call() -> Any:
        with qtbot.waitSignal(session.api_finished, timeout=WAIT_MS) as finished:
            window.composer.send_requested.emit(request)
        exchange, problem = finished.args
        assert problem is None, problem
        statuses.append(exchange.response.status)
        return exchange

    for _ in range(WARM_UP_CALLS):
        call()
    qtbot.waitUntil(lambda: not window.viewer.is_loading(), timeout=WAIT_MS)
    gc.collect()
    python_threads = threading.active_count()
    os_threads = own_os_threads()
    memory_before = read_rss_bytes()
    last = None
    for _ in range(CALLS):  # each must finish (waitSignal); how fast is make bench's business
        last = call()
    frames_settled(qtbot)
    qtbot.waitUntil(lambda: not window.viewer.is_loading(), timeout=WAIT_MS)
    gc.collect()
    growth = read_rss_bytes() - memory_before

    assert set(statuses) == {200}
    assert len(statuses) == WARM_UP_CALLS + CALLS
    # The timeline keeps its cap, newest first; the viewer shows the last answer.
    timeline = window.timeline
    assert timeline.count() == TIMELINE_CAP
    model = timeline.timeline_model()
    first = model.entry(0)
    assert first is not None and first.exchange is last
    walls = [entry.exchange.started_wall for entry in listed(timeline)]
    assert walls == sorted(walls, reverse=True)
    kinds = {entry.exchange.kind for entry in listed(timeline)}
    assert kinds == {ExchangeKind.API}, "the token exchange should have dropped off long ago"
    assert window.viewer.exchange() is last
    assert config == window.form.config()
    # No leak: memory, and the worker threads all gone (each send ends its own).
    assert growth < MAX_GROWTH_BYTES, f"memory grew by {growth / 2**20:.1f} MiB"
    qtbot.waitUntil(lambda: threading.active_count() <= python_threads, timeout=2000)
    qtbot.waitUntil(lambda: own_os_threads() <= os_threads, timeout=2000)
    assert pooled_os_threads() <= POOLED_THREADS_LIMIT


def test_sends_through_the_window_keep_no_exchange_past_the_caps(
    qtbot: Any, build: Any, busy_sandbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every send's exchange is freed once the timeline and the diagram let go of it: no
    worker, render job, signal or timer keeps one (weakref and gc, not memory figures)."""
    from workbench.ui import flow_diagram
    from workbench.ui.response import render_job

    kept = 3
    monkeypatch.setattr(flow_diagram, "MAX_ARROWS", 2 * kept)  # a request and an answer each
    window = build(sandbox=busy_sandbox).window
    window.timeline.max_entries = kept
    window.show()
    qtbot.waitExposed(window)
    assert window.flowDiagramDock.diagram.count() == 0, (
        "the diagram is made and follows every exchange"
    )
    session = window.session
    with qtbot.waitSignal(session.token_changed, timeout=WAIT_MS):
        qtbot.mouseClick(window.token_panel.getTokenButton, Qt.MouseButton.LeftButton)
    frames_settled(qtbot)
    request = ApiRequest("GET", busy_sandbox.url + "/v3/accounts")
    sent: list[weakref.ref[Any]] = []
    for _ in range(10 * kept):
        with qtbot.waitSignal(session.api_finished, timeout=WAIT_MS) as finished:
            window.composer.send_requested.emit(request)
        sent.append(weakref.ref(finished.args[0]))
        del finished
    frames_settled(qtbot)
    qtbot.waitUntil(lambda: not window.viewer.is_loading(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not render_job.shared_relay().running, timeout=WAIT_MS)
    newest = list(range(len(sent) - kept, len(sent)))

    def alive() -> list[int]:
        gc.collect()  # a pool thread lets go of its job just after delivering its result
        return [index for index, ref in enumerate(sent) if ref() is not None]

    qtbot.waitUntil(lambda: alive() == newest, timeout=WAIT_MS)
    assert window.viewer.exchange() is sent[-1]()


@dataclass
class ConcurrencyProbe:
    """Wraps the session's real clients and watches their token requests."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    in_flight: int = 0
    most_in_flight: int = 0
    started: int = 0
    finished_tokens: list[str] = field(default_factory=list)
    """The token values of finished requests, in the order they finished."""

    def factory(self, clock: Clock) -> Any:
        from workbench.core.client import OAuthClient

        return _CountingClient(OAuthClient(clock=clock), self)


class _CountingClient:
    def __init__(self, inner: Any, probe: ConcurrencyProbe) -> None:
        self.inner = inner
        self.probe = probe
        self.clock = inner.clock

    def fetch_token(self, config: Any, **kwargs: Any) -> Any:
        probe = self.probe
        with probe.lock:
            probe.started += 1
            probe.in_flight += 1
            probe.most_in_flight = max(probe.most_in_flight, probe.in_flight)
        try:
            outcome = self.inner.fetch_token(config, **kwargs)
        finally:
            with probe.lock:
                probe.in_flight -= 1
        with probe.lock:
            if outcome.token is not None:
                probe.finished_tokens.append(outcome.token.value.reveal())
        return outcome

    def call_api(self, *args: Any, **kwargs: Any) -> Any:
        return self.inner.call_api(*args, **kwargs)

    def close(self) -> None:
        self.inner.close()


@pytest.mark.parametrize("let_events_run", [False, True], ids=["no-events", "events-between"])
def test_fifty_rapid_clicks_on_get_token(
    qtbot: Any, build: Any, busy_sandbox: Any, let_events_run: bool
) -> None:
    """One token request in flight at any moment; the last to finish is the token shown."""
    probe = ConcurrencyProbe()
    window = build(sandbox=busy_sandbox, client_factory=probe.factory).window
    window.show()
    qtbot.waitExposed(window)
    session = window.session
    button = window.token_panel.getTokenButton
    tokens: list[Any] = []
    session.token_changed.connect(tokens.append)
    failures: list[Any] = []
    session.token_failed.connect(failures.append)

    for _ in range(CLICKS):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        if let_events_run:
            QApplication.processEvents()  # a fast user: results may land between clicks
    qtbot.waitUntil(lambda: not session.token_busy_now, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: probe.in_flight == 0, timeout=WAIT_MS)
    frames_settled(qtbot)

    assert not failures, failures
    assert probe.started >= 1
    assert probe.most_in_flight == 1, f"{probe.most_in_flight} token requests ran at once"
    # Every request that finished was applied, in order; the last one is what the user sees.
    assert [token.value.reveal() for token in tokens] == probe.finished_tokens
    last = probe.finished_tokens[-1]
    assert session.token is not None and session.token.value.reveal() == last
    assert window.token_panel.token is session.token
    assert button.isEnabled() and window.action("getToken").isEnabled()
    assert window.timeline.count() == probe.started
    assert {entry.exchange.kind for entry in listed(window.timeline)} == {ExchangeKind.TOKEN}

"""The session's worker threads: a pool of clients, the gate back to Qt, and bugs as problems."""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from PySide6.QtCore import SignalInstance

from workbench.core.calls import Client
from workbench.core.cancel import CancelToken, ProgressCallback
from workbench.core.clock import Clock
from workbench.core.problems import Problem, ProblemKind
from workbench.core.token import AccessToken

ClientFactory = Callable[[Clock], Client]

PROGRESS_INTERVAL_S = 0.05
"""At most this often a download's progress crosses to the GUI thread (20 updates a second)."""
WORKER_IDLE_S = 30.0
"""A worker thread with nothing to run for this long ends."""


@dataclass
class RunningSend:
    """One running send: its id, what cancels it, and an event set once its work returned."""

    send_id: int
    cancel: CancelToken
    done: threading.Event


class _Job(NamedTuple):
    """A job for a worker thread, what follows once the thread is idle, and when both ended."""

    job: Callable[[], None]
    then: Callable[[], None] | None
    done: threading.Event


class WorkerThreads:
    """Daemon threads that run one job at a time and then wait for the next: starting a thread
    for every send cost more than a send to a loopback server (~0.5 ms, more as threads piled
    up). A job takes an idle thread, or a new one when every thread is busy (a job blocked in
    a connect never delays the next send); a thread idle for ``idle_s`` ends, and ``close()``
    ends the idle ones at once.
    """

    def __init__(self, label: str, *, idle_s: float = WORKER_IDLE_S) -> None:
        self._label = label
        self._idle_s = idle_s
        self._lock = threading.Lock()
        self._idle: list[queue.SimpleQueue[_Job | None]] = []
        self._started = 0
        self._closed = False

    def run(
        self, job: Callable[[], None], *, then: Callable[[], None] | None = None
    ) -> threading.Event:
        """Run ``job`` on an idle thread (or a new one), then ``then`` once that thread is idle
        again (a result handed on there can start the next job on the same thread); the event
        is set once both returned."""
        done = threading.Event()
        with self._lock:
            inbox = self._idle.pop() if self._idle else None
            if inbox is None:
                self._started += 1
                name = f"workbench-{self._label}-{self._started}"
        if inbox is not None:
            inbox.put(_Job(job, then, done))
        else:
            inbox = queue.SimpleQueue()
            inbox.put(_Job(job, then, done))
            threading.Thread(target=self._serve, args=(inbox,), name=name, daemon=True).start()
        return done

    def idle_count(self) -> int:
        """How many threads wait for a job."""
        with self._lock:
            return len(self._idle)

    def close(self) -> None:
        """End the idle threads; busy ones end when their job returns."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for inbox in idle:
            inbox.put(None)

    def _serve(self, inbox: queue.SimpleQueue[_Job | None]) -> None:
        item: _Job | None = inbox.get()
        while item is not None:
            try:
                item.job()
            except BaseException:
                item.done.set()
                raise
            with self._lock:
                closed = self._closed
                if not closed:
                    self._idle.append(inbox)
            try:
                if item.then is not None:
                    item.then()
            finally:
                item.done.set()
            item = None  # nothing of the last send stays referenced while idle
            if closed:
                return
            try:
                item = inbox.get(timeout=self._idle_s)
            except queue.Empty:
                with self._lock:
                    if inbox in self._idle:  # not taken meanwhile: end
                        self._idle.remove(inbox)
                        return
                item = inbox.get()  # taken just now: its job is on its way


class Gate:
    """Lets worker threads hand results to Qt only while the session is open.

    A worker emits while holding the lock; ``close()`` takes the same lock, so once it returns
    no worker will touch the session's QObject again and the session may be destroyed.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.closed = False

    def close(self) -> None:
        """No emit after this returns."""
        with self.lock:
            self.closed = True

    def emit(self, signal: SignalInstance, *args: object) -> None:
        """Emit ``signal`` unless the session was shut down (from any thread)."""
        with self.lock:
            if not self.closed:
                signal.emit(*args)


class ClientPool:
    """Clients made on the session's clock, reused by the next send once one is done."""

    def __init__(self, factory: ClientFactory, clock: Clock, gate: Gate) -> None:
        self._factory = factory
        self._clock = clock
        self._gate = gate
        self._idle: list[Client] = []
        self._lock = threading.Lock()

    def acquire(self) -> Client:
        """An idle client, or a new one."""
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return self._factory(self._clock)

    def release(self, client: Client) -> None:
        """Keep ``client`` for the next send; close it when the session is shut."""
        with self._lock:
            if not self._gate.closed:
                self._idle.append(client)
                return
        close_quietly(client)

    def close_idle(self) -> None:
        """Close every idle client (at shutdown)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for client in idle:
            close_quietly(client)


def start_worker(
    threads: WorkerThreads,
    pool: ClientPool,
    gate: Gate,
    send_id: int,
    work: Callable[[Client], object],
    *,
    done: SignalInstance,
) -> threading.Event:
    """Run ``work`` on a worker thread with a pooled client, then emit ``done``; the event
    returned is set once it has.

    ``done`` gets ``(send_id, outcome)``; an exception escaping ``work`` becomes a
    ``WorkerError`` outcome rather than a crash.
    """

    outcomes: list[object] = []

    def run() -> None:
        client: Client | None = None
        try:
            client = pool.acquire()
            outcomes.append(work(client))
        except Exception as error:
            outcomes.append(WorkerError(f"{type(error).__name__}: {error}"))
        if client is not None:
            pool.release(client)  # before the result, so the next send reuses it

    def hand_on() -> None:  # the thread is idle again: the next send can take it
        gate.emit(done, send_id, outcomes.pop())

    return threads.run(run, then=hand_on)


def progress_relay(gate: Gate, relay: SignalInstance, send_id: int) -> ProgressCallback:
    """A worker-side progress callback for ``send_id``: at most 20 reports a second (and
    the last one), relayed to the GUI thread unless the session was shut down."""
    last_report = [0.0]

    def progress(bytes_read: int, total: int | None) -> None:
        now = time.monotonic()
        finished = total is not None and bytes_read >= total
        if not finished and now - last_report[0] < PROGRESS_INTERVAL_S:
            return
        last_report[0] = now
        gate.emit(relay, send_id, bytes_read, total)

    return progress


@dataclass(frozen=True)
class WorkerError:
    """A bug below the session (an exception escaped the client); shown, never raised."""

    message: str


def close_quietly(client: Client) -> None:
    """Close ``client``; closing is best effort at shutdown."""
    with contextlib.suppress(Exception):
        client.close()


def unpack_token_outcome(outcome: object) -> tuple[Any, AccessToken | None, Any]:
    """Exchange, token and problem of a token request's outcome (or of a bug)."""
    if isinstance(outcome, WorkerError):
        return None, None, internal_problem(outcome.message)
    exchange = getattr(outcome, "exchange", None)
    token = getattr(outcome, "token", None)
    problem = getattr(outcome, "problem", None)
    return exchange, token, problem


def unpack_api_outcome(outcome: object) -> tuple[Any, Any]:
    """Exchange and problem of an API call's outcome (or of a bug)."""
    if isinstance(outcome, WorkerError):
        return None, internal_problem(outcome.message)
    return getattr(outcome, "exchange", None), getattr(outcome, "problem", None)


def internal_problem(message: str) -> Problem:
    """A bug inside the workbench, as a problem the window can show."""
    return Problem(
        kind=ProblemKind.UNEXPECTED,
        title="The workbench hit an internal error",
        explanation=f"Sending failed inside the workbench, not on the network: {message}",
        likely_cause="A bug in the workbench.",
        suggested_action="Try again; if it repeats, report it with the Raw tab of the exchange.",
        source="workbench",
    )

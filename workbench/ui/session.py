"""The Qt-side session: runs token requests and API calls off the GUI thread, one send at a time."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot

from workbench.core.calls import SendOptions
from workbench.core.cancel import CancelToken
from workbench.core.clock import Clock, SystemClock
from workbench.core.config import ClientConfig
from workbench.core.http import ExchangeKind
from workbench.core.recovery import RecoveryOptions, RecoveryOutcome, send_with_recovery
from workbench.core.token import AccessToken
from workbench.ui.session_workers import (
    ClientFactory,
    ClientPool,
    Gate,
    RunningSend,
    WorkerError,
    WorkerThreads,
    internal_problem,
    progress_relay,
    start_worker,
    unpack_api_outcome,
    unpack_token_outcome,
)

if TYPE_CHECKING:
    from workbench.core.calls import ApiRequest, Client
    from workbench.core.discovery import DiscoveryOutcome
    from workbench.core.recovery import RecoveryStep

__all__ = ["ClientFactory", "WorkbenchSession", "default_client_factory", "default_discoverer"]

Discoverer = Callable[[str, "CancelToken"], "DiscoveryOutcome"]
"""Reads an issuer's metadata (``workbench.core.discovery.discover``); never raises."""

DISCOVERY_TIMEOUT_S = 10.0


def default_client_factory(clock: Clock) -> Client:
    """A real ``OAuthClient``; imported here so ``requests`` loads only when first needed."""
    from workbench.core.client import OAuthClient

    return OAuthClient(clock=clock)


def default_discoverer(issuer: str, cancel: CancelToken) -> DiscoveryOutcome:
    """RFC 8414, then OpenID Connect discovery on a transport of its own (loaded lazily).

    Its two short reads are bounded by ``DISCOVERY_TIMEOUT_S``; a cancelled (superseded)
    discovery runs out and its result is dropped by the session.
    """
    from workbench.core.discovery import discover
    from workbench.core.transport import Transport

    del cancel
    transport = Transport()
    try:
        return discover(issuer, transport, timeout_s=DISCOVERY_TIMEOUT_S)
    finally:
        transport.close()


class WorkbenchSession(QObject):
    """Gets tokens and sends API requests on worker threads; reports back through signals.

    Each token request and each API send runs on a worker thread (an idle one is reused, a
    new one started when none is idle) with its own send id.
    Starting a new one of the same kind supersedes the running one: its ``CancelToken`` is
    cancelled (the transport shuts its socket, so even a send waiting on a silent server
    returns at once) and its result, should it still arrive, is dropped. ``shutdown()``
    cancels everything and returns at once; only a name lookup or a TCP/TLS connect cannot be
    interrupted, and those are bounded by the transport's timeout, their results ignored.

    Signals (all delivered on the GUI thread):

    - ``token_busy(bool)``: a token request started (True) or ended (False).
    - ``token_changed(object)``: the current ``AccessToken``, or None when cleared.
    - ``token_failed(object)``: a ``Problem`` explaining why no token came.
    - ``api_busy(bool)``: an API send started or ended.
    - ``api_progress(int, object)``: bytes read so far and the total (int or None).
    - ``api_finished(object, object)``: the API ``Exchange`` and its ``Problem`` or None.
    - ``api_cancelled()``: the user cancelled the running API send.
    - ``token_cancelled()``: the user cancelled the running token request.
    - ``exchange_recorded(object, object)``: every exchange, token or API, with its problem.
    - ``discovery_busy(bool)``: a discovery (``discover(issuer)``) started or ended.
    - ``discovery_finished(object)``: its ``DiscoveryOutcome`` (the metadata, or a Problem);
      each metadata request it made was reported through ``exchange_recorded`` just before.
    - ``recovery_step(object)``: a ``RecoveryStep`` of a send with recovery, as it happens
      (after its ``exchange_recorded``); the first is the request itself unless the token was
      replaced before sending.
    - ``recovery_stopped(str)``: recovery gave up, or could not help; a plain sentence.

    A send with recovery (``send_api(..., recovery=RecoveryOptions(...))`` with a switch on)
    reports each exchange it makes through ``exchange_recorded`` as soon as it is made, a new
    token through ``token_changed`` as soon as it arrives (``token_failed`` when a fetch
    fails), then ``api_finished`` with the last API exchange (None when nothing reached the
    API) and its problem.
    """

    token_busy = Signal(bool)
    token_changed = Signal(object)
    token_failed = Signal(object)
    token_cancelled = Signal()
    api_busy = Signal(bool)
    api_progress = Signal(int, object)
    api_finished = Signal(object, object)
    api_cancelled = Signal()
    exchange_recorded = Signal(object, object)
    discovery_busy = Signal(bool)
    discovery_finished = Signal(object)
    recovery_step = Signal(object)
    recovery_stopped = Signal(str)

    # Internal: emitted on worker threads, delivered queued on the GUI thread.
    _token_done = Signal(int, object)
    _api_done = Signal(int, object)
    _api_progress_raw = Signal(int, int, object)
    _discovery_done = Signal(int, object)
    _recovery_step_done = Signal(int, object)

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        client_factory: ClientFactory | None = None,
        discoverer: Discoverer | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock: Clock = clock if clock is not None else SystemClock()
        self._discoverer: Discoverer = discoverer or default_discoverer
        self._discovery_send: RunningSend | None = None
        self._gate = Gate()
        self._threads = WorkerThreads("send")
        self._clients = ClientPool(
            client_factory or default_client_factory, self._clock, self._gate
        )
        self._next_id = 0
        self._token_send: RunningSend | None = None
        self._api_send: RunningSend | None = None
        self._token: AccessToken | None = None
        self._last_api: tuple[ApiRequest, ClientConfig | None] | None = None
        self._resend_after_token = False
        self._token_done.connect(self.on_worker_token_done, Qt.ConnectionType.QueuedConnection)
        self._api_done.connect(self.on_worker_api_done, Qt.ConnectionType.QueuedConnection)
        self._api_progress_raw.connect(
            self.on_worker_api_progress, Qt.ConnectionType.QueuedConnection
        )
        self._discovery_done.connect(
            self.on_worker_discovery_done, Qt.ConnectionType.QueuedConnection
        )
        self._recovery_step_done.connect(
            self.on_worker_recovery_step, Qt.ConnectionType.QueuedConnection
        )

    # ----------------------------------------------------------------- state

    @property
    def clock(self) -> Clock:
        """The clock tokens are stamped with and counted down on."""
        return self._clock

    @property
    def token(self) -> AccessToken | None:
        """The current token, or None."""
        return self._token

    @property
    def token_busy_now(self) -> bool:
        """True while a token request runs."""
        return self._token_send is not None

    @property
    def api_busy_now(self) -> bool:
        """True while an API send runs."""
        return self._api_send is not None

    @property
    def last_api_request(self) -> ApiRequest | None:
        """The last API request sent, which "Get new token and resend" sends again."""
        return None if self._last_api is None else self._last_api[0]

    @property
    def discovery_busy_now(self) -> bool:
        """True while a discovery runs."""
        return self._discovery_send is not None

    @property
    def is_closed(self) -> bool:
        """True after ``shutdown()``."""
        return self._gate.closed

    def set_token(self, token: AccessToken | None) -> None:
        """Replace the current token (None clears it)."""
        self._token = token
        self.token_changed.emit(token)

    # ----------------------------------------------------------------- actions

    def get_token(self, config: ClientConfig) -> int:
        """Start a token request; supersedes a running one. Returns its send id."""
        if self._gate.closed:
            return -1
        self._abandon_token_send()
        send_id = self._take_id()
        cancel = CancelToken()

        def work(client: Client) -> object:
            return client.fetch_token(config, cancel=cancel)

        return self._start_send(send_id, cancel, work, api=False)

    def send_api(
        self,
        request: ApiRequest,
        config: ClientConfig | None = None,
        *,
        recovery: RecoveryOptions | None = None,
    ) -> int:
        """Send an API request with the current token; supersedes a running send.

        ``config`` supplies the extra headers (such as ``X-Domain``), TLS verification and the
        timeout. With ``recovery`` (a switch on) and a ``config`` holding the secrets, a lapsed
        token is replaced before sending and/or a 401 for a lapsed token is cured by one new
        token and one replay (``workbench.core.recovery``). Returns the send id.
        """
        if self._gate.closed:
            return -1
        wants_recovery = recovery is not None and (
            recovery.refetch_when_lapsed or recovery.replay_on_lapsed_401
        )
        if wants_recovery and config is not None and recovery is not None:
            return self._send_with_recovery(request, config, recovery)
        send_id, cancel, token = self._begin_api_send(request, config)
        progress = progress_relay(self._gate, self._api_progress_raw, send_id)
        options = SendOptions.for_config(config, cancel=cancel, progress=progress)

        def work(client: Client) -> object:
            return client.call_api(request, token, options)

        return self._start_send(send_id, cancel, work, api=True)

    def _send_with_recovery(
        self, request: ApiRequest, config: ClientConfig, options: RecoveryOptions
    ) -> int:
        send_id, cancel, token = self._begin_api_send(request, config)
        gate = self._gate
        step_done = self._recovery_step_done
        progress = progress_relay(gate, self._api_progress_raw, send_id)

        def work(client: Client) -> object:
            def on_step(step: RecoveryStep) -> None:
                gate.emit(step_done, send_id, step)

            return send_with_recovery(
                client,
                config,
                request,
                token,
                options,
                cancel=cancel,
                progress=progress,
                on_step=on_step,
            )

        return self._start_send(send_id, cancel, work, api=True)

    def _begin_api_send(
        self, request: ApiRequest, config: ClientConfig | None
    ) -> tuple[int, CancelToken, AccessToken | None]:
        """Supersede the running send; the new send's id, cancel and token."""
        self._abandon_api_send()
        self._last_api = (request, config)
        return self._take_id(), CancelToken(), self._token

    def _start_send(
        self, send_id: int, cancel: CancelToken, work: Callable[[Client], object], *, api: bool
    ) -> int:
        """Run ``work`` on a worker thread as the running API send (or token request)."""
        done = start_worker(
            self._threads,
            self._clients,
            self._gate,
            send_id,
            work,
            done=self._api_done if api else self._token_done,
        )
        running = RunningSend(send_id, cancel, done)
        if api:
            self._api_send = running
        else:
            self._token_send = running
        (self.api_busy if api else self.token_busy).emit(True)
        return send_id

    def discover(self, issuer: str) -> int:
        """Read ``issuer``'s discovery metadata off the GUI thread; supersedes a running one.

        Ends with ``discovery_finished(DiscoveryOutcome)``. Returns the send id.
        """
        if self._gate.closed:
            return -1
        self._abandon_discovery()
        send_id = self._take_id()
        cancel = CancelToken()
        discoverer = self._discoverer
        gate = self._gate
        done = self._discovery_done

        def run() -> None:
            try:
                outcome: object = discoverer(issuer, cancel)
            except Exception as error:
                outcome = WorkerError(f"{type(error).__name__}: {error}")
            gate.emit(done, send_id, outcome)

        self._discovery_send = RunningSend(send_id, cancel, self._threads.run(run))
        self.discovery_busy.emit(True)
        return send_id

    def cancel_discovery(self) -> None:
        """Forget the running discovery; its result will be ignored."""
        if self._discovery_send is None:
            return
        self._abandon_discovery()
        self.discovery_busy.emit(False)

    def get_token_and_resend(self, config: ClientConfig) -> int:
        """Get a new token, then send the last API request once more (when there was one)."""
        send_id = self.get_token(config)
        self._resend_after_token = self._last_api is not None and send_id >= 0
        return send_id

    def cancel_token(self) -> None:
        """Cancel the running token request; its result will be ignored."""
        if self._token_send is None:
            return
        self._abandon_token_send()
        self._resend_after_token = False
        self.token_busy.emit(False)
        self.token_cancelled.emit()

    def cancel_api(self) -> None:
        """Cancel the running API send; its result will be ignored."""
        if self._api_send is None:
            return
        self._abandon_api_send()
        self.api_busy.emit(False)
        self.api_cancelled.emit()

    def shutdown(self, wait_s: float = 0.2) -> None:
        """Cancel everything and stop talking to Qt; waits at most ``wait_s`` for workers.

        Safe to call twice. Workers still blocked afterwards are daemon threads whose results
        are dropped; they close their own connections when they return.
        """
        if self._gate.closed:
            return
        running = (self._token_send, self._api_send, self._discovery_send)
        sends = [send for send in running if send is not None]
        for send in sends:
            send.cancel.cancel()
        self._gate.close()
        self._token_send = None
        self._api_send = None
        self._discovery_send = None
        deadline = time.monotonic() + wait_s
        for send in sends:
            send.done.wait(max(0.0, deadline - time.monotonic()))
        self._threads.close()
        self._clients.close_idle()

    # ----------------------------------------------------------------- results (GUI thread)

    @Slot(int, object)
    def on_worker_token_done(self, send_id: int, outcome: object) -> None:
        """A token request finished on its worker; apply it unless superseded."""
        if self._token_send is None or self._token_send.send_id != send_id:
            return
        self._token_send = None
        resend = self._resend_after_token
        self._resend_after_token = False
        exchange, token, problem = unpack_token_outcome(outcome)
        if exchange is not None:
            self.exchange_recorded.emit(exchange, problem)
        self.token_busy.emit(False)
        if token is not None:
            self._token = token
            self.token_changed.emit(token)
            if resend and self._last_api is not None:
                request, config = self._last_api
                self.send_api(request, config)
        else:
            self.token_failed.emit(problem if problem is not None else outcome)

    @Slot(int, object)
    def on_worker_api_done(self, send_id: int, outcome: object) -> None:
        """An API send finished on its worker; report it unless superseded."""
        if self._api_send is None or self._api_send.send_id != send_id:
            return
        self._api_send = None
        if isinstance(outcome, RecoveryOutcome):
            self._finish_recovery(outcome)
            return
        exchange, problem = unpack_api_outcome(outcome)
        self.api_busy.emit(False)
        if exchange is not None:
            self.exchange_recorded.emit(exchange, problem)
        self.api_finished.emit(exchange, problem)

    @Slot(int, object)
    def on_worker_recovery_step(self, send_id: int, step: object) -> None:
        """One exchange of a send with recovery: record it (and a new token) at once."""
        if self._api_send is None or self._api_send.send_id != send_id:
            return
        exchange = getattr(step, "exchange", None)
        problem = getattr(step, "problem", None)
        token = getattr(step, "token", None)
        if exchange is None:
            return
        self.exchange_recorded.emit(exchange, problem)
        if isinstance(token, AccessToken):
            self._token = token
            self.token_changed.emit(token)
        elif exchange.kind is ExchangeKind.TOKEN and problem is not None:
            self.token_failed.emit(problem)
        self.recovery_step.emit(step)

    def _finish_recovery(self, outcome: RecoveryOutcome) -> None:
        """The end of a send with recovery: the final answer, and why it stopped if it did."""
        self.api_busy.emit(False)
        if outcome.token is not None and outcome.token is not self._token and outcome.token_renewed:
            self._token = outcome.token
            self.token_changed.emit(outcome.token)
        if outcome.stopped_because:
            self.recovery_stopped.emit(outcome.stopped_because)
        api = outcome.api
        self.api_finished.emit(api.exchange if api is not None else None, outcome.problem)

    @Slot(int, object)
    def on_worker_discovery_done(self, send_id: int, outcome: object) -> None:
        """A discovery finished: record its exchanges, then report it unless superseded."""
        if self._discovery_send is None or self._discovery_send.send_id != send_id:
            return
        self._discovery_send = None
        if isinstance(outcome, WorkerError):
            from workbench.core.discovery import DiscoveryOutcome

            outcome = DiscoveryOutcome((), problem=internal_problem(outcome.message))
        exchanges = getattr(outcome, "exchanges", ())
        found = getattr(outcome, "discovery", None) is not None
        problem = getattr(outcome, "problem", None)
        for exchange in exchanges:
            self.exchange_recorded.emit(exchange, None if found else problem)
        self.discovery_busy.emit(False)
        self.discovery_finished.emit(outcome)

    @Slot(int, int, object)
    def on_worker_api_progress(self, send_id: int, bytes_read: int, total: object) -> None:
        """Pass on a running send's progress unless it was superseded."""
        if self._api_send is not None and self._api_send.send_id == send_id:
            self.api_progress.emit(bytes_read, total)

    # ----------------------------------------------------------------- internals

    def _take_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _abandon_token_send(self) -> None:
        if self._token_send is not None:
            self._token_send.cancel.cancel()
            self._token_send = None

    def _abandon_discovery(self) -> None:
        if self._discovery_send is not None:
            self._discovery_send.cancel.cancel()
            self._discovery_send = None

    def _abandon_api_send(self) -> None:
        if self._api_send is not None:
            self._api_send.cancel.cancel()
            self._api_send = None

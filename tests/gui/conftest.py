"""GUI fixtures: tokens on a manual clock, fake clients that block on command, odd servers."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import pytest

from workbench.core.calls import SendOptions
from workbench.core.clock import Clock, ManualClock
from workbench.core.config import ClientConfig
from workbench.core.http import Exchange, ExchangeKind, HttpRequest, HttpResponse
from workbench.core.secret import Secret
from workbench.core.token import AccessToken

pytestmark = pytest.mark.gui

FAKE_TOKEN_VALUE = "e222" + "0" * 36


def make_token(
    clock: ManualClock,
    *,
    expires_in_s: float | None = 60.0,
    value: str = FAKE_TOKEN_VALUE,
    scope: str | None = None,
    requested_scope: str = "",
    jwt_claims: dict[str, Any] | None = None,
    server_date_wall: float | None = None,
) -> AccessToken:
    """A token received at ``clock``'s now."""
    return AccessToken(
        value=Secret(value),
        token_type="Bearer",
        expires_in_s=expires_in_s,
        received_monotonic=clock.monotonic(),
        received_wall=clock.wall(),
        scope=scope,
        requested_scope=requested_scope,
        fields=MappingProxyType({"access_token": value}),
        jwt_claims=MappingProxyType(jwt_claims) if jwt_claims is not None else None,
        server_date_wall=server_date_wall,
    )


def make_exchange(kind: ExchangeKind, status: int, body: bytes = b"{}") -> Exchange:
    """A small recorded exchange with a JSON answer."""
    return Exchange(
        kind=kind,
        request=HttpRequest("GET", "http://127.0.0.1:9/v3/accounts"),
        response=HttpResponse(
            status=status,
            reason="OK" if status == 200 else "Unauthorized",
            headers=(("Content-Type", "application/json"),),
            body=body,
        ),
        duration_s=0.01,
    )


@dataclass
class FakeCall:
    """One call a fake client received; the test decides when and how it ends."""

    kind: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    release: threading.Event = field(default_factory=threading.Event)
    result: Any = None


class FakeClient:
    """Stands in for ``OAuthClient``: each call blocks until the test releases it."""

    def __init__(self, hub: FakeHub, clock: Clock) -> None:
        self.hub = hub
        self.clock = clock
        self.closed = False

    def _call(self, kind: str, *args: Any, **kwargs: Any) -> Any:
        call = FakeCall(kind, args, kwargs)
        with self.hub.lock:
            self.hub.calls.append(call)
        call.release.wait(10)
        return call.result

    def fetch_token(self, config: ClientConfig, **kwargs: Any) -> Any:
        """Blocks until released."""
        return self._call("token", config, **kwargs)

    def call_api(self, request: Any, token: Any, options: SendOptions | None = None) -> Any:
        """Blocks until released; the call's kwargs are the options' fields."""
        return self._call("api", request, token, **vars(options or SendOptions()))

    def close(self) -> None:
        """Remembers being closed."""
        self.closed = True


@dataclass
class FakeHub:
    """Every call every fake client received, in order."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    calls: list[FakeCall] = field(default_factory=list)
    clients: list[FakeClient] = field(default_factory=list)

    def factory(self, clock: Clock) -> FakeClient:
        """The session's client factory."""
        client = FakeClient(self, clock)
        self.clients.append(client)
        return client

    def count(self) -> int:
        """How many calls arrived so far."""
        with self.lock:
            return len(self.calls)

    def release_all(self) -> None:
        """Let every blocked call return (with whatever result it has)."""
        with self.lock:
            for call in self.calls:
                call.release.set()


@pytest.fixture
def fake_hub() -> Iterator[FakeHub]:
    """Fake clients whose calls block until released; released at teardown."""
    hub = FakeHub()
    yield hub
    hub.release_all()


@pytest.fixture
def manual_clock() -> ManualClock:
    """A clock that moves only when told to."""
    return ManualClock()


@pytest.fixture
def sandbox() -> Iterator[Any]:
    """The in-process sandbox with 60 s tokens, as in the demo."""
    from workbench.sandbox import Sandbox

    box = Sandbox(host="127.0.0.1", port=0, token_ttl_s=60).start()
    try:
        yield box
    finally:
        box.stop()


@pytest.fixture
def refused_url() -> str:
    """A loopback URL where nothing listens."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"http://127.0.0.1:{port}"


class SilentServer:
    """Accepts connections on loopback and never answers (until stopped)."""

    def __init__(self) -> None:
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.accepted: list[socket.socket] = []
        self.connected = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        self.listener.settimeout(0.05)
        while not self._stop.is_set():
            try:
                connection, _address = self.listener.accept()
            except OSError:
                continue
            self.accepted.append(connection)
            self.connected.set()

    def stop(self) -> None:
        """Close every connection and the listener."""
        self._stop.set()
        self._thread.join(2)
        for connection in self.accepted:
            connection.close()
        self.listener.close()


@pytest.fixture
def silent_server() -> Iterator[SilentServer]:
    """A loopback server that accepts and never answers."""
    server = SilentServer()
    try:
        yield server
    finally:
        server.stop()


def frames_settled(qtbot: Any, timeout_ms: int = 5000) -> None:
    """Wait until the window shows every change: updates made in a burst wait for the next
    frame (``workbench.ui.frames``), so what is on screen is checked once they are drawn."""
    from workbench.ui.frames import frame_clock

    qtbot.waitUntil(frame_clock().is_settled, timeout=timeout_ms)


@pytest.fixture
def build(qtbot: Any) -> Iterator[Callable[..., Any]]:
    """Builds a ``Workbench`` (window + session) registered with qtbot; closed at teardown."""
    from workbench.app import build_workbench

    built: list[Any] = []

    def make(**kwargs: Any) -> Any:
        workbench = build_workbench(**kwargs)
        qtbot.addWidget(workbench.window)
        built.append(workbench)
        return workbench

    yield make
    for workbench in built:
        workbench.window.session.shutdown()

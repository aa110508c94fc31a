"""Fuzzing over real sockets: any bytes a server sends, any bytes a client sends the sandbox."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e.hostile.server import read_request
from workbench.core.client import OAuthClient
from workbench.core.config import ClientConfig
from workbench.core.http import Exchange, ExchangeKind, HttpRequest
from workbench.core.problems.decode import describe_problem
from workbench.core.render import render_exchange
from workbench.core.secret import Secret
from workbench.core.transport import Transport
from workbench.sandbox import Sandbox

pytestmark = pytest.mark.e2e

CAP_BYTES = 64 * 1024


class ScriptedServer:
    """Answers every connection with ``answer`` (raw bytes), then closes it."""

    def __init__(self) -> None:
        self.answer = b""
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}/token"
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="scripted-server", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2.0)
                if read_request(conn) is not None:
                    with contextlib.suppress(OSError):
                        conn.sendall(self.answer)
                        conn.shutdown(socket.SHUT_WR)
                        while conn.recv(65536):  # let the client read before the close
                            pass

    def stop(self) -> None:
        self._stopping.set()
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        self._thread.join(timeout=5)


@pytest.fixture(scope="module")
def scripted() -> Iterator[ScriptedServer]:
    server = ScriptedServer()
    yield server
    server.stop()


STATUS_LINES = st.sampled_from(
    [
        b"HTTP/1.1 200 OK",
        b"HTTP/1.0 401 Unauthorized",
        b"HTTP/1.1 302 Found",
        b"HTTP/1.1 999 Whatever",
        b"HTTP/1.1 099 Low",
        b"HTTP/1.1 200",
        b"HTTP/2 200 OK",
        b"HTTP/1.1 abc OK",
        b"ICY 200 OK",
        b"",
        b"\x00\x01\x02",
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK",
    ]
) | st.binary(max_size=40)
HEADER_LINES = st.sampled_from(
    [
        b"Content-Type: application/json",
        b"Content-Length: 5",
        b"Content-Length: -1",
        b"Content-Length: 99999999999999999999",
        b"Content-Length: 2, 3",
        b"Transfer-Encoding: chunked",
        b"Transfer-Encoding: gzip, chunked",
        b"Content-Encoding: gzip",
        b"Content-Encoding: deflate",
        b"Content-Encoding: br",
        b"Content-Encoding: zstd",
        b"Content-Encoding: x-unknown",
        b"Location: http://[::1",
        b"Location: //elsewhere.example/x",
        b'WWW-Authenticate: Bearer error="invalid_token"',
        b"Retry-After: 1e309",
        b"Date: Mon, 99 Foo 99999 99:99:99 GMT",
        b"Set-Cookie: a=b",
        b" folded continuation",
        b"No-Colon-Here",
        b": empty name",
        b"X-Latin: \xe9\xff",
        b"",
    ]
) | st.binary(max_size=60).map(lambda raw: raw.replace(b"\r", b"").replace(b"\n", b""))
BODIES = st.sampled_from(
    [
        b"",
        b"{}",
        b'{"access_token": "abc", "token_type": "Bearer", "expires_in": 60}',
        b"5\r\nhello\r\n0\r\n\r\n",
        b"zz\r\nbroken chunk\r\n",
        b"\x1f\x8b\x08\x00garbage",
        b"[" * 20_000,
    ]
) | st.binary(max_size=300)


@st.composite
def raw_answers(draw: st.DrawFn) -> bytes:
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        return draw(st.binary(max_size=400))
    lines = [draw(STATUS_LINES), *draw(st.lists(HEADER_LINES, max_size=8))]
    return b"\r\n".join(lines) + b"\r\n\r\n" + draw(BODIES)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(answer=raw_answers())
def test_any_bytes_from_a_server_become_an_exchange(
    scripted: ScriptedServer, answer: bytes
) -> None:
    scripted.answer = answer
    with Transport(max_body_bytes=CAP_BYTES) as transport:
        exchange = transport.send(
            HttpRequest("POST", scripted.url, (("Accept", "application/json"),), b"x=1"),
            kind=ExchangeKind.TOKEN,
            timeout_s=2.0,
        )
    assert isinstance(exchange, Exchange)
    assert exchange.response is not None or exchange.failure is not None
    if exchange.response is not None:
        assert len(exchange.response.body) <= CAP_BYTES
    problem = describe_problem(exchange)
    assert problem.title and problem.explanation
    assert isinstance(render_exchange(exchange), str)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(host="127.0.0.1", port=0) as running:
        yield running


REQUEST_LINES = st.sampled_from(
    [
        b"POST /v3/token HTTP/1.1",
        b"GET /v3/accounts HTTP/1.1",
        b"GET /_sandbox/state HTTP/1.0",
        b"GET / HTTP/0.9",
        b"BREW /pot HTTP/1.1",
        b"GET " + b"/a" * 40_000 + b" HTTP/1.1",
        b"",
    ]
) | st.binary(max_size=60)
REQUEST_HEADERS = st.sampled_from(
    [
        b"Host: 127.0.0.1",
        b"Content-Length: 10",
        b"Content-Length: -4",
        b"Content-Length: 99999999999",
        b"Transfer-Encoding: chunked",
        b"Expect: 100-continue",
        b"Authorization: Basic !!!",
        b"Authorization: Bearer " + b"0" * 40,
        b"Content-Type: application/json",
        b"X-Domain: \xff\xfe",
        b"Connection: keep-alive",
    ]
) | st.binary(max_size=50).map(lambda raw: raw.replace(b"\r", b"").replace(b"\n", b""))


@st.composite
def raw_requests(draw: st.DrawFn) -> bytes:
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        return draw(st.binary(max_size=400))
    lines = [draw(REQUEST_LINES), *draw(st.lists(REQUEST_HEADERS, max_size=6))]
    return b"\r\n".join(lines) + b"\r\n\r\n" + draw(st.binary(max_size=100))


def exchange_raw(port: int, data: bytes) -> bytes:
    """Send ``data``, half-close, and read whatever comes back until the sandbox closes."""
    received = b""
    with (
        socket.create_connection(("127.0.0.1", port), timeout=5.0) as conn,
        contextlib.suppress(OSError),
    ):
        conn.sendall(data)
        conn.shutdown(socket.SHUT_WR)
        while chunk := conn.recv(65536):
            received += chunk
    return received


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=raw_requests())
def test_any_bytes_sent_to_the_sandbox_leave_it_serving(sandbox: Sandbox, data: bytes) -> None:
    port = int(sandbox.url.rsplit(":", 1)[1])
    answer = exchange_raw(port, data)
    first_line = data.split(b"\r\n", 1)[0].split(b"\n", 1)[0]
    words = first_line.split()
    old_style = words[:1] == [b"GET"] and (len(words) == 2 or words[-1:] == [b"HTTP/0.9"])
    if not old_style:  # an HTTP/0.9 request gets a bare body back, as that version says
        assert answer == b"" or answer.startswith(b"HTTP/1."), answer[:80]
    with _client() as client:
        outcome = client.fetch_token(
            ClientConfig(sandbox.token_url, "demo-client", Secret("demo-secret"), timeout_s=5.0)
        )
    assert outcome.token is not None, outcome.problem


@contextlib.contextmanager
def _client() -> Iterator[OAuthClient]:
    client = OAuthClient()
    try:
        yield client
    finally:
        client.close()

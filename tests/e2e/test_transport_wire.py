"""The transport against small real servers on loopback: the bytes it sends and what it reads."""

from __future__ import annotations

import gzip
import http.server
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from urllib.parse import urlsplit

import pytest

from workbench.core.cancel import CancelToken
from workbench.core.http import Exchange, ExchangeKind, FailureCause, FailureKind, HttpRequest
from workbench.core.transport import USER_AGENT, Transport

pytestmark = pytest.mark.e2e

Handler = Callable[[socket.socket], None]


OUTLAST_THE_TEST_S = 600.0
"""Longer than pytest-timeout lets a test run (120 s): a server that holds a request this long,
and a client that would wait as long, make a cancel that does not return at once fail the test
without the test reading a clock."""


class RawServer:
    """A loopback TCP server that runs ``handler`` on each accepted connection in a thread."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.received: list[bytes] = []
        """Every request read by ``read_request``, in order."""
        self.connections = 0
        self.stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._sockets: list[socket.socket] = []
        self._acceptor = threading.Thread(target=self._accept_loop, daemon=True)
        self._acceptor.start()

    def _accept_loop(self) -> None:
        while True:
            conn, _ = self.listener.accept()
            if self.stopping.is_set():
                conn.close()
                return
            self.connections += 1
            self._sockets.append(conn)
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            self.handler(conn)
        except OSError:
            pass  # the client went away: that is what several tests provoke
        finally:
            conn.close()

    def read_request(self, conn: socket.socket) -> bytes:
        """One whole request (head and Content-Length body), or b"" when the client closed."""
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return b""
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                break
            body += chunk
        request = head + b"\r\n\r\n" + body
        self.received.append(request)
        return request

    def stop(self) -> None:
        self.stopping.set()
        with socket.create_connection(("127.0.0.1", self.port)):
            pass
        self._acceptor.join(timeout=5)
        self.listener.close()
        for conn in self._sockets:
            with suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        for thread in self._threads:
            thread.join(timeout=5)


@contextmanager
def raw_server(handler_for: Callable[[RawServer], Handler]) -> Iterator[RawServer]:
    """A ``RawServer`` whose handler may use the server (``read_request``, ``stopping``)."""
    server = RawServer(lambda conn: None)
    server.handler = handler_for(server)
    try:
        yield server
    finally:
        server.stop()


def answer_each(response: bytes) -> Callable[[RawServer], Handler]:
    """A handler that answers every request on a connection with the same bytes."""

    def handler_for(server: RawServer) -> Handler:
        def handle(conn: socket.socket) -> None:
            while server.read_request(conn):
                conn.sendall(response)

        return handle

    return handler_for


def http_response(
    body: bytes = b"ok", headers: tuple[tuple[str, str], ...] = (), status: str = "200 OK"
) -> bytes:
    head = f"HTTP/1.1 {status}\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers)
    if not any(name.lower() == "content-length" for name, _ in headers):
        head += f"Content-Length: {len(body)}\r\n"
    return head.encode("latin-1") + b"\r\n" + body


@pytest.fixture
def transport() -> Iterator[Transport]:
    with Transport() as instance:
        yield instance


def send(transport: Transport, url: str, **kwargs: object) -> Exchange:
    return transport.send(HttpRequest("GET", url), kind=ExchangeKind.API, **kwargs)  # type: ignore[arg-type]


def parse_wire(raw: bytes) -> tuple[str, list[tuple[str, str]], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    request_line, *lines = head.decode("latin-1").split("\r\n")
    headers = [(name, value) for name, _, value in (line.partition(": ") for line in lines)]
    return request_line, headers, body


# --- the request as sent ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "headers", "body"),
    [
        (
            "POST",
            (
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Accept", "application/json"),
                ("X-Domain", "demo.example"),
                ("Authorization", "Basic ZGVtby1jbGllbnQ6ZGVtby1zZWNyZXQ="),
            ),
            b"grant_type=client_credentials&scope=demo",
        ),
        ("GET", (("X-Auth-Token", "api-key demo-token"),), b""),
        ("DELETE", (), b""),
    ],
)
def test_recorded_request_equals_the_bytes_on_the_wire(
    transport: Transport, method: str, headers: tuple[tuple[str, str], ...], body: bytes
) -> None:
    with raw_server(answer_each(http_response())) as server:
        exchange = transport.send(
            HttpRequest(method, f"{server.url}/v3/token?lang=en", headers, body),
            kind=ExchangeKind.TOKEN,
        )

    assert exchange.failure is None
    [wire] = server.received
    request_line, wire_headers, wire_body = parse_wire(wire)
    recorded = exchange.request
    split = urlsplit(recorded.url)
    assert request_line == f"{method} {split.path}?{split.query} HTTP/1.1"
    assert wire_headers == [tuple(pair) for pair in recorded.headers]
    assert wire_body == recorded.body == body
    names = [name for name, _ in recorded.headers]
    assert names[0] == "Host"
    assert recorded.header("Host") == f"127.0.0.1:{server.port}"
    assert recorded.header("User-Agent") == USER_AGENT
    for name, value in headers:
        assert recorded.header(name) == value
    if method == "POST":
        assert names[-1] == "Content-Length"
        assert recorded.header("Content-Length") == str(len(body))
    if method == "GET":
        assert recorded.header("Content-Length") is None


def test_caller_header_replaces_a_default_in_its_place(transport: Transport) -> None:
    with raw_server(answer_each(http_response())) as server:
        exchange = transport.send(
            HttpRequest("GET", server.url, (("X-First", "1"), ("user-agent", "demo-agent/1"))),
            kind=ExchangeKind.API,
        )
    _, wire_headers, _ = parse_wire(server.received[0])
    assert wire_headers == [tuple(pair) for pair in exchange.request.headers]
    assert [name for name, _ in wire_headers] == [
        "Host",
        "user-agent",
        "Accept-Encoding",
        "Accept",
        "Connection",
        "X-First",
    ]
    assert exchange.request.header("User-Agent") == "demo-agent/1"


def test_one_connection_serves_consecutive_sends(transport: Transport) -> None:
    with raw_server(answer_each(http_response())) as server:
        first = send(transport, server.url)
        second = send(transport, server.url)
    assert first.ok and second.ok
    assert len(server.received) == 2
    assert server.connections == 1


# --- redirects ----------------------------------------------------------------------------


class _RecordingHandler(http.server.BaseHTTPRequestHandler):
    """Answers as its server's ``answer`` says and remembers every request line."""

    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        self.server.requests.append(self.requestline)  # type: ignore[attr-defined]
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        status, location = self.server.answer  # type: ignore[attr-defined]
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def http_server(status: int, location: str = "") -> Iterator[http.server.HTTPServer]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _RecordingHandler)
    server.requests = []  # type: ignore[attr-defined]
    server.answer = (status, location)  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.mark.parametrize(("status", "reason"), [(302, "Found"), (307, "Temporary Redirect")])
def test_a_redirect_is_the_result_and_nothing_reaches_its_target(
    transport: Transport, status: int, reason: str
) -> None:
    with http_server(200) as elsewhere:
        target = f"http://127.0.0.1:{elsewhere.server_port}/steal"
        with http_server(status, target) as token_endpoint:
            exchange = transport.send(
                HttpRequest(
                    "POST",
                    f"http://127.0.0.1:{token_endpoint.server_port}/token",
                    (("X-Domain", "demo.example"),),
                    b"client_secret=demo-secret",
                ),
                kind=ExchangeKind.TOKEN,
            )
        received_elsewhere = list(elsewhere.requests)  # type: ignore[attr-defined]

    assert received_elsewhere == []
    assert exchange.failure is None
    assert exchange.response is not None
    assert exchange.response.status == status
    assert exchange.response.reason == reason
    assert exchange.response.header("Location") == target
    [note] = exchange.notes
    assert f"{status} {reason}" in note
    assert target in note
    assert "does not follow redirects" in note


def test_a_relative_redirect_note_names_the_full_address(transport: Transport) -> None:
    response = http_response(b"", (("Location", "/elsewhere"),), status="301 Moved Permanently")
    with raw_server(answer_each(response)) as server:
        exchange = send(transport, f"{server.url}/token")
    assert len(server.received) == 1
    [note] = exchange.notes
    assert f"/elsewhere (that is, {server.url}/elsewhere)" in note


# --- reading the body ---------------------------------------------------------------------


def endless_chunked(piece: bytes) -> Callable[[RawServer], Handler]:
    """A handler answering with a chunked body that never ends (until the client leaves)."""

    def handler_for(server: RawServer) -> Handler:
        def handle(conn: socket.socket) -> None:
            server.read_request(conn)
            conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            chunk = b"%x\r\n%s\r\n" % (len(piece), piece)
            while not server.stopping.is_set():
                conn.sendall(chunk)

        return handle

    return handler_for


def test_an_endless_body_is_cut_at_the_cap() -> None:
    with (
        Transport(max_body_bytes=10_000, chunk_size=1024) as transport,
        raw_server(endless_chunked(b"x" * 700)) as server,
    ):
        exchange = send(transport, server.url)
    assert exchange.failure is None
    assert exchange.response is not None
    assert exchange.response.truncated
    assert exchange.response.body == b"x" * 10_000
    assert any("cap of 9.8 KiB; only its first 10,000 bytes" in note for note in exchange.notes)


def test_a_body_exactly_at_the_cap_is_whole() -> None:
    body = bytes(range(256)) * 8
    with (
        Transport(max_body_bytes=len(body), chunk_size=300) as transport,
        raw_server(answer_each(http_response(body))) as server,
    ):
        exchange = send(transport, server.url)
    assert exchange.response is not None
    assert not exchange.response.truncated
    assert exchange.response.body == body
    assert exchange.notes == ()


def test_progress_reports_bytes_read_against_content_length() -> None:
    body = b"y" * 10_000
    seen: list[tuple[int, int | None]] = []
    with (
        Transport(chunk_size=4096) as transport,
        raw_server(answer_each(http_response(body))) as server,
    ):
        exchange = send(
            transport, server.url, progress=lambda read, total: seen.append((read, total))
        )
    assert exchange.ok
    reads = [read for read, _ in seen]
    assert reads[-1] == 10_000
    assert all(
        0 < later - earlier <= 4096 for earlier, later in zip([0, *reads[:-1]], reads, strict=True)
    )
    assert {total for _, total in seen} == {10_000}
    assert exchange.duration_s >= exchange.waiting_s > 0
    assert exchange.started_wall > 0


def test_progress_total_is_none_without_content_length() -> None:
    seen: list[tuple[int, int | None]] = []
    with (
        Transport(max_body_bytes=2000, chunk_size=1000) as transport,
        raw_server(endless_chunked(b"z" * 500)) as server,
    ):
        send(transport, server.url, progress=lambda read, total: seen.append((read, total)))
    assert seen
    assert all(total is None for _, total in seen)
    assert [read for read, _ in seen] == sorted(read for read, _ in seen)


def test_cancel_between_chunks_keeps_what_was_read() -> None:
    token = CancelToken()
    reads: list[int] = []

    def on_progress(read: int, total: int | None) -> None:
        reads.append(read)
        token.cancel()

    with (
        Transport(chunk_size=1000) as transport,
        raw_server(answer_each(http_response(b"c" * 100_000))) as server,
    ):
        exchange = send(transport, server.url, cancel=token, progress=on_progress)
    assert reads == [1000]
    assert exchange.failure is not None
    assert exchange.failure.kind is FailureKind.CANCELLED
    assert exchange.response is not None
    assert exchange.response.status == 200
    assert exchange.response.truncated
    assert exchange.response.body == b"c" * 1000


def test_cancel_while_waiting_for_headers_returns_at_once(transport: Transport) -> None:
    token = CancelToken()

    def handler_for(server: RawServer) -> Handler:
        def handle(conn: socket.socket) -> None:
            server.read_request(conn)
            token.cancel()  # the request has arrived; the answer never will
            server.stopping.wait(timeout=OUTLAST_THE_TEST_S)

        return handle

    with raw_server(handler_for) as server:
        exchange = send(transport, server.url, cancel=token, timeout_s=OUTLAST_THE_TEST_S)
    assert exchange.failure is not None
    assert exchange.failure.kind is FailureKind.CANCELLED
    assert exchange.response is None


def test_cancel_while_a_body_stalls_returns_at_once_with_its_start(transport: Transport) -> None:
    token = CancelToken()
    first_piece_read = threading.Event()

    def handler_for(server: RawServer) -> Handler:
        def handle(conn: socket.socket) -> None:
            server.read_request(conn)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nbeginning")
            first_piece_read.wait(timeout=10)
            token.cancel()  # the client is (about to be) blocked on the rest, which never comes
            server.stopping.wait(timeout=OUTLAST_THE_TEST_S)

        return handle

    with raw_server(handler_for) as server:
        exchange = send(
            transport,
            server.url,
            cancel=token,
            timeout_s=OUTLAST_THE_TEST_S,
            progress=lambda read, total: first_piece_read.set(),
        )
    assert exchange.failure is not None
    assert exchange.failure.kind is FailureKind.CANCELLED
    assert exchange.response is not None
    assert exchange.response.truncated
    assert exchange.response.body == b"beginning"


def test_a_send_after_a_cancel_still_works(transport: Transport) -> None:
    token = CancelToken()
    with raw_server(answer_each(http_response(b"e" * 5000))) as server:
        cancelled = send(transport, server.url, cancel=token, progress=lambda *_: token.cancel())
        again = send(transport, server.url, cancel=CancelToken())
    assert cancelled.failure is not None
    assert again.ok
    assert again.response is not None
    assert again.response.body == b"e" * 5000


def test_cancel_before_sending_sends_nothing(transport: Transport) -> None:
    token = CancelToken()
    token.cancel()
    with raw_server(answer_each(http_response())) as server:
        exchange = send(transport, server.url, cancel=token)
    assert server.received == []
    assert exchange.failure is not None
    assert exchange.failure.kind is FailureKind.CANCELLED


def test_a_lying_content_length_is_a_lost_connection_with_the_partial_body(
    transport: Transport,
) -> None:
    def handler_for(server: RawServer) -> Handler:
        def handle(conn: socket.socket) -> None:
            server.read_request(conn)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")

        return handle

    with raw_server(handler_for) as server:
        exchange = send(transport, server.url)
    assert exchange.failure is not None
    assert exchange.failure.kind is FailureKind.CONNECTION_LOST
    assert exchange.failure.cause is FailureCause.BODY_CUT_SHORT
    assert "after 10 bytes" in exchange.failure.message
    assert exchange.response is not None
    assert exchange.response.truncated
    assert exchange.response.body == b"0123456789"


def test_a_broken_chunked_body_is_a_lost_connection(transport: Transport) -> None:
    def handler_for(server: RawServer) -> Handler:
        def handle(conn: socket.socket) -> None:
            server.read_request(conn)
            conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz")

        return handle

    with raw_server(handler_for) as server:
        exchange = send(transport, server.url)
    assert exchange.failure is not None
    assert exchange.failure.kind is FailureKind.CONNECTION_LOST
    assert exchange.failure.cause is FailureCause.CHUNKED_FRAMING
    assert exchange.response is not None
    assert exchange.response.truncated
    assert exchange.response.body == b"hello"


def test_a_server_that_closes_without_answering(transport: Transport) -> None:
    def handler_for(server: RawServer) -> Handler:
        def handle(conn: socket.socket) -> None:
            server.read_request(conn)  # and close the connection without a word

        return handle

    with raw_server(handler_for) as server:
        exchange = send(transport, server.url)
    assert exchange.failure is not None
    assert exchange.failure.kind is FailureKind.CONNECTION_LOST
    assert exchange.failure.cause is FailureCause.CLOSED_WITHOUT_ANSWER
    assert "without answering" in exchange.failure.message
    assert exchange.response is None


def test_a_refused_connection(transport: Transport) -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    exchange = send(transport, f"http://127.0.0.1:{port}/token")
    assert exchange.failure is not None
    assert exchange.failure.kind is FailureKind.REFUSED
    assert exchange.failure.cause is FailureCause.REFUSED
    assert "127.0.0.1 refused the connection" in exchange.failure.message
    assert exchange.request.header("Host") == f"127.0.0.1:{port}"


def test_a_server_that_never_answers_times_out(transport: Transport) -> None:
    def handler_for(server: RawServer) -> Handler:
        def handle(conn: socket.socket) -> None:
            server.read_request(conn)
            server.stopping.wait(timeout=10)

        return handle

    with raw_server(handler_for) as server:
        exchange = send(transport, server.url, timeout_s=0.5)
    assert exchange.failure is not None
    assert exchange.failure.kind is FailureKind.TIMEOUT
    assert exchange.failure.cause is FailureCause.ANSWER_TIMEOUT
    assert "no answer came within 0.5 s" in exchange.failure.message
    assert exchange.duration_s > 0.4  # not before the timeout; a lost connection it is not


def test_a_body_that_stalls_times_out_and_keeps_its_start(transport: Transport) -> None:
    def handler_for(server: RawServer) -> Handler:
        def handle(conn: socket.socket) -> None:
            server.read_request(conn)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nfirst")
            server.stopping.wait(timeout=10)

        return handle

    with raw_server(handler_for) as server:
        exchange = send(transport, server.url, timeout_s=0.3)
    assert exchange.failure is not None
    assert exchange.failure.kind is FailureKind.TIMEOUT
    assert exchange.failure.cause is FailureCause.BODY_STALLED
    assert exchange.response is not None
    assert exchange.response.body == b"first"
    assert exchange.response.truncated


# --- what the response looks like ---------------------------------------------------------


def test_gzip_is_decoded_and_noted(transport: Transport) -> None:
    payload = b'{"access_token": "demo-token", "expires_in": 3600}' * 20
    response = http_response(gzip.compress(payload), (("Content-Encoding", "gzip"),))
    with raw_server(answer_each(response)) as server:
        exchange = send(transport, server.url)
    assert exchange.ok
    assert exchange.response is not None
    assert exchange.response.body == payload
    assert exchange.response.header("Content-Encoding") == "gzip"
    assert any("gzip" in note and "decoded" in note for note in exchange.notes)


def test_corrupt_gzip_is_a_decoding_failure(transport: Transport) -> None:
    response = http_response(b"this is not gzip at all", (("Content-Encoding", "gzip"),))
    with raw_server(answer_each(response)) as server:
        exchange = send(transport, server.url)
    assert exchange.failure is not None
    assert exchange.failure.kind is FailureKind.DECODING
    assert exchange.failure.cause is FailureCause.BAD_CONTENT_ENCODING
    assert exchange.response is not None
    assert exchange.response.status == 200


def test_response_headers_keep_wire_order_and_duplicates(transport: Transport) -> None:
    headers = (
        ("Set-Cookie", "a=1; Path=/"),
        ("Content-Type", "application/json"),
        ("Set-Cookie", "b=2; Path=/"),
        ("X-RateLimit-Limit", "30000"),
        ("Set-Cookie", "c=3"),
        ("Content-Length", "2"),
    )
    with raw_server(answer_each(http_response(b"{}", headers))) as server:
        exchange = send(transport, server.url)
    assert exchange.response is not None
    assert exchange.response.headers == headers
    assert exchange.response.header_values("set-cookie") == ("a=1; Path=/", "b=2; Path=/", "c=3")


def test_cookies_from_a_response_are_not_sent_back(transport: Transport) -> None:
    response = http_response(b"ok", (("Set-Cookie", "session=demo; Path=/"),))
    with raw_server(answer_each(response)) as server:
        send(transport, server.url)
        second = send(transport, server.url)
    assert second.request.header("Cookie") is None
    assert b"cookie" not in server.received[1].lower()


@pytest.mark.parametrize(
    ("status_line", "version", "reason"),
    [
        ("HTTP/1.0 200 OK", "HTTP/1.0", "OK"),
        ("HTTP/1.1 401 Unauthorized", "HTTP/1.1", "Unauthorized"),
        ("HTTP/1.1 429 Slow Down Please", "HTTP/1.1", "Slow Down Please"),
    ],
)
def test_status_line_is_read_as_sent(
    transport: Transport, status_line: str, version: str, reason: str
) -> None:
    response = status_line.encode() + b"\r\nContent-Length: 2\r\n\r\n{}"
    with raw_server(answer_each(response)) as server:
        exchange = send(transport, server.url)
    assert exchange.failure is None
    assert exchange.response is not None
    assert exchange.response.http_version == version
    assert exchange.response.reason == reason
    assert exchange.response.status == int(status_line.split()[1])
    assert exchange.response.body == b"{}"


def test_a_body_read_until_the_server_closes(transport: Transport) -> None:
    def handler_for(server: RawServer) -> Handler:
        def handle(conn: socket.socket) -> None:
            server.read_request(conn)
            conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n" + b"w" * 3000)

        return handle

    seen: list[tuple[int, int | None]] = []
    with raw_server(handler_for) as server:
        exchange = send(
            transport, server.url, progress=lambda read, total: seen.append((read, total))
        )
    assert exchange.failure is None
    assert exchange.response is not None
    assert exchange.response.body == b"w" * 3000
    assert not exchange.response.truncated
    assert seen[-1] == (3000, None)


@pytest.mark.parametrize(
    ("answer", "cause", "words"),
    [
        (b"HTTP/1.1 200 " + b"O" * 70_000 + b"\r\n\r\n", FailureCause.LINE_TOO_LONG, "status line"),
        (
            b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n",
            FailureCause.LINE_TOO_LONG,
            "header line longer than 64 KiB",
        ),
        (
            b"HTTP/1.1 200 OK\r\n" + b"X-A: 1\r\n" * 101 + b"Content-Length: 0\r\n\r\n",
            FailureCause.TOO_MANY_HEADERS,
            "more than 100 header lines",
        ),
        (b"SSH-2.0-OpenSSH_9.6\r\n", FailureCause.NOT_HTTP, "did not answer in HTTP"),
    ],
    ids=["long-status-line", "long-header-line", "too-many-headers", "not-http"],
)
def test_an_answer_that_is_not_readable_http_has_its_cause(
    transport: Transport, answer: bytes, cause: FailureCause, words: str
) -> None:
    with raw_server(answer_each(answer)) as server:
        exchange = send(transport, server.url)
    assert exchange.failure is not None
    assert exchange.failure.cause is cause
    assert exchange.failure.kind is FailureKind.PROTOCOL
    assert words in exchange.failure.message

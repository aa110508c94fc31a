"""The socket side of the sandbox: a threaded HTTP/1.1 server around the pure ``Provider``."""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import socket
import socketserver
import threading
from collections.abc import Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

from workbench.sandbox.messages import SandboxRequest, SandboxResponse
from workbench.sandbox.provider import (
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_RATE_WINDOW_S,
    DEFAULT_TOKEN_TTL_S,
    TOKEN_PATH,
    Provider,
    TokenErrors,
)

LOGGER = logging.getLogger("workbench.sandbox")
"""Requests are logged at INFO, connection trouble at DEBUG; nothing shows unless configured."""

DEFAULT_HANDLER_TIMEOUT_S = 10.0
_MAX_CHUNK_LINE_BYTES = 1024
_POLL_INTERVAL_S = 0.05


class _BodyError(Exception):
    """The request body could not be framed; answer with ``status`` and close."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


class _ClientGoneError(Exception):
    """The client closed the connection before sending the whole body."""


class _Handler(BaseHTTPRequestHandler):
    """Frames HTTP/1.1 requests for the provider and writes its responses back."""

    protocol_version = "HTTP/1.1"
    server_version = "workbench-sandbox"
    server: _SandboxServer

    def version_string(self) -> str:
        """The Server header: just the sandbox's name."""
        return self.server_version

    def setup(self) -> None:
        """Apply the per-connection socket timeout so no connection can hang forever."""
        super().setup()
        self.connection.settimeout(self.server.handler_timeout_s)
        # Headers and body go out in two writes; without this, Nagle's algorithm meets the
        # client's delayed ACK and every kept-alive request waits ~40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        """Serve GET."""
        self._serve()

    def do_HEAD(self) -> None:
        """Serve HEAD (as GET, without the body)."""
        self._serve()

    def do_POST(self) -> None:
        """Serve POST."""
        self._serve()

    def do_PUT(self) -> None:
        """Serve PUT (answered with 405 or 404)."""
        self._serve()

    def do_PATCH(self) -> None:
        """Serve PATCH (answered with 405 or 404)."""
        self._serve()

    def do_DELETE(self) -> None:
        """Serve DELETE (answered with 405 or 404)."""
        self._serve()

    def do_OPTIONS(self) -> None:
        """Serve OPTIONS (answered with 405 or 404)."""
        self._serve()

    def handle_expect_100(self) -> bool:
        """Refuse an oversized body before the client sends it; otherwise say 100 Continue."""
        try:
            self._declared_length()
        except _BodyError as problem:
            self._send(self.server.provider.framing_error(problem.status, problem.description))
            return False
        return super().handle_expect_100()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer what ``http.server`` cannot parse with a JSON error (not HTML), then close."""
        if self.request_version == "HTTP/0.9":  # a garbled request line: still send a status line
            self.request_version = "HTTP/1.0"
        description = message or HTTPStatus(code).phrase
        self._send(self.server.provider.framing_error(code, description))

    def _serve(self) -> None:
        provider = self.server.provider
        try:
            body = self._read_body()
        except _BodyError as problem:
            self._send(provider.framing_error(problem.status, problem.description))
            return
        except _ClientGoneError:
            self.close_connection = True
            return
        request = SandboxRequest(
            method=self.command,
            target=self.path,
            headers=tuple(self.headers.items()),
            body=body,
            client_host=str(self.client_address[0]),
            server_port=self.server.server_port,
        )
        try:
            response = provider.handle(request)
        except Exception:
            LOGGER.exception("the sandbox failed on %s %s", self.command, self.path)
            response = provider.internal_error()
        self._send(response)

    def _declared_length(self) -> int | None:
        """The Content-Length, checked against the body limit; None when the body is chunked."""
        encodings = [
            part.strip().lower()
            for value in self.headers.get_all("Transfer-Encoding", [])
            for part in value.split(",")
            if part.strip()
        ]
        lengths = {value.strip() for value in self.headers.get_all("Content-Length", [])}
        if encodings:
            if lengths:
                raise _BodyError(400, "send either Transfer-Encoding or Content-Length, not both")
            if encodings != ["chunked"]:
                raise _BodyError(400, f"unsupported Transfer-Encoding {', '.join(encodings)}")
            return None
        if not lengths:
            return 0
        if len(lengths) > 1:
            raise _BodyError(400, "conflicting Content-Length headers")
        (length_text,) = lengths
        if not length_text.isdigit() or not length_text.isascii():
            raise _BodyError(400, f"Content-Length {length_text!r} is not a number")
        length = int(length_text)
        if length > self.server.max_body_bytes:
            raise _BodyError(413, f"the body is larger than {self.server.max_body_bytes} bytes")
        return length

    def _read_body(self) -> bytes:
        length = self._declared_length()
        if length is None:
            return self._read_chunked()
        body = self.rfile.read(length) if length else b""
        if len(body) < length:
            raise _ClientGoneError
        return body

    def _read_chunked(self) -> bytes:
        limit = self.server.max_body_bytes
        parts: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(_MAX_CHUNK_LINE_BYTES + 1)
            if not line:
                raise _ClientGoneError
            if len(line) > _MAX_CHUNK_LINE_BYTES:
                raise _BodyError(400, "a chunk-size line is too long")
            size_text = line.split(b";", 1)[0].strip()
            try:
                size = int(size_text, 16)
            except ValueError:
                raise _BodyError(400, f"bad chunk size {size_text!r}") from None
            if size < 0:
                raise _BodyError(400, f"bad chunk size {size_text!r}")
            if size == 0:
                break
            total += size
            if total > limit:
                raise _BodyError(413, f"the body is larger than {limit} bytes")
            chunk = self.rfile.read(size)
            if len(chunk) < size:
                raise _ClientGoneError
            parts.append(chunk)
            if self.rfile.readline(3) not in (b"\r\n", b"\n"):
                raise _BodyError(400, "a chunk does not end with CRLF")
        while True:  # trailer section, ignored
            line = self.rfile.readline(_MAX_CHUNK_LINE_BYTES + 1)
            if not line:
                raise _ClientGoneError
            if line in (b"\r\n", b"\n"):
                return b"".join(parts)
            if len(line) > _MAX_CHUNK_LINE_BYTES:
                raise _BodyError(400, "a trailer line is too long")

    def _send(self, response: SandboxResponse) -> None:
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        if response.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)
        self.wfile.flush()

    def log_message(self, format: str, *args: Any) -> None:
        """Log at DEBUG (timeouts, malformed request lines...)."""
        LOGGER.debug("%s %s", self.address_string(), format % args)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Log one line per answered request at INFO."""
        status = int(code) if isinstance(code, int) else code
        LOGGER.info('%s "%s" %s', self.address_string(), self.requestline, status)


class _SandboxServer(ThreadingHTTPServer):
    """A threaded HTTP server that tracks its connections so ``stop`` can close and join them."""

    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        provider: Provider,
        *,
        ipv6: bool,
        handler_timeout_s: float,
        max_body_bytes: int,
    ) -> None:
        self.address_family = socket.AF_INET6 if ipv6 else socket.AF_INET
        self.provider = provider
        self.handler_timeout_s = handler_timeout_s
        self.max_body_bytes = max_body_bytes
        self._lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._workers: set[threading.Thread] = set()
        self._closing = False
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        """Bind without the reverse DNS lookup ``HTTPServer`` does for ``server_name``."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve each connection on its own daemon thread, tracked for ``close_connections``."""
        worker = threading.Thread(
            target=self._serve_connection,
            args=(request, client_address),
            name=f"sandbox-connection-{self.server_port}",
            daemon=True,
        )
        with self._lock:
            if self._closing:
                self.shutdown_request(request)
                return
            self._connections.add(request)
            self._workers.add(worker)
        worker.start()

    def _serve_connection(self, request: socket.socket, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            with self._lock:
                self._connections.discard(request)
                self._workers.discard(threading.current_thread())

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Connection trouble (resets, broken pipes) is normal for a server: log it quietly."""
        LOGGER.debug("connection from %s failed", client_address, exc_info=True)

    def close_connections(self, join_timeout_s: float) -> None:
        """Close every open connection and wait for the threads serving them."""
        with self._lock:
            self._closing = True
            connections = list(self._connections)
            workers = list(self._workers)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        for worker in workers:
            worker.join(join_timeout_s)


class Sandbox:
    """The sandbox provider served on a loopback port, in a background thread.

    ``with Sandbox() as sandbox:`` starts it on a free port; ``sandbox.token_url`` is the token
    endpoint and ``expire_all``, ``advance_clock`` and ``set_token_ttl`` steer its time.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        token_ttl_s: int = DEFAULT_TOKEN_TTL_S,
        token_errors: TokenErrors = "getresponse",
        rate_limit: int | None = None,
        clients: Mapping[str, str] | None = None,
        retry_after: bool = False,
        rate_window_s: int = DEFAULT_RATE_WINDOW_S,
        require_x_domain: str | None = None,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        handler_timeout_s: float = DEFAULT_HANDLER_TIMEOUT_S,
    ) -> None:
        self.host = host
        self.port = port
        self.handler_timeout_s = handler_timeout_s
        self.max_body_bytes = max_body_bytes
        self.provider = Provider(
            clients=clients,
            token_ttl_s=token_ttl_s,
            token_errors=token_errors,
            rate_limit=rate_limit,
            rate_window_s=rate_window_s,
            retry_after=retry_after,
            require_x_domain=require_x_domain,
            max_body_bytes=max_body_bytes,
        )
        self._server: _SandboxServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> Self:
        """Bind and serve in a background daemon thread; returns self."""
        if self._server is not None:
            raise RuntimeError("this sandbox is already running")
        server = _SandboxServer(
            (self.host, self.port),
            self.provider,
            ipv6=_is_ipv6(self.host),
            handler_timeout_s=self.handler_timeout_s,
            max_body_bytes=self.max_body_bytes,
        )
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": _POLL_INTERVAL_S},
            name=f"sandbox-{server.server_port}",
            daemon=True,
        )
        self._server, self._thread = server, thread
        thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close open connections and join every thread; safe to call twice."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.shutdown()
        thread.join()
        server.server_close()
        server.close_connections(join_timeout_s=self.handler_timeout_s + 1)
        self._server = self._thread = None

    @property
    def running(self) -> bool:
        """True between ``start`` and ``stop``."""
        return self._server is not None

    @property
    def url(self) -> str:
        """The base URL, such as ``http://127.0.0.1:8765``."""
        if self._server is None:
            raise RuntimeError("the sandbox is not running; call start() first")
        host = self._server.server_name
        shown = f"[{host}]" if _is_ipv6(host) else host
        return f"http://{shown}:{self._server.server_port}"

    @property
    def token_url(self) -> str:
        """The token endpoint, ``{url}/v3/token``."""
        return self.url + TOKEN_PATH

    def expire_all(self) -> int:
        """Make every token issued so far expire now; returns how many were live."""
        return self.provider.expire_all()

    def advance_clock(self, seconds: float) -> None:
        """Move the sandbox clock forward by ``seconds``."""
        self.provider.advance_clock(seconds)

    def set_token_ttl(self, seconds: int) -> None:
        """Lifetime in seconds of tokens issued from now on."""
        self.provider.set_token_ttl(seconds)

    def state(self) -> dict[str, Any]:
        """The same snapshot as ``GET /_sandbox/state``."""
        return self.provider.state()

    def __enter__(self) -> Self:
        if self._server is None:
            self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def _is_ipv6(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).version == 6
    except ValueError:
        return False

"""The one place that puts bytes on the wire: requests, recorded exactly as they were sent."""

from __future__ import annotations

import contextlib
import functools
import http
import http.client
import re
import socket
import threading
import time
import warnings
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.poolmanager import PoolManager
from urllib3.response import HTTPResponse as Urllib3Response

from workbench import __version__
from workbench.core.cancel import CancelToken, ProgressCallback
from workbench.core.config import Pairs
from workbench.core.http import (
    Exchange,
    ExchangeKind,
    FailureKind,
    HttpRequest,
    HttpResponse,
    TransportFailure,
)
from workbench.core.loopback import is_loopback_host
from workbench.core.sizes import format_size

DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024
"""The default cap on a response body kept in memory (32 MiB: room for a 20 MB export)."""

USER_AGENT = f"oauth-workbench/{__version__}"
"""The User-Agent every request carries unless the caller sets its own."""

_HTTP_VERSIONS = {9: "HTTP/0.9", 10: "HTTP/1.0", 11: "HTTP/1.1", 20: "HTTP/2", 30: "HTTP/3"}
_DEFAULT_PORTS = {"http": 80, "https": 443}
_DECODED_ENCODINGS = frozenset(Urllib3Response.CONTENT_DECODERS)
_WHITESPACE = re.compile(r"[\s\x00-\x1f\x7f]")
_HTTP_MAX_LINE: int = getattr(http.client, "_MAXLINE", 65536)
"""The longest status or header line http.client reads."""
_HTTP_MAX_HEADERS: int = getattr(http.client, "_MAXHEADERS", 100)
"""The most header lines http.client reads."""


class Transport:
    """Sends an ``HttpRequest`` with one ``requests.Session`` and records an ``Exchange``.

    The request is recorded exactly as it goes on the wire (Host first, then the session's
    defaults merged with the caller's headers, then Content-Length). Redirects are never
    followed, cookies are never stored, and network problems never raise: they become
    ``Exchange.failure``. One send at a time per Transport.

    A cancel is checked before sending and between body chunks; while waiting for the
    response headers (or for a slow chunk) a cancel shuts the connection's socket down,
    so the send returns at once with failure kind CANCELLED. Only name resolution and the
    TCP/TLS connect itself cannot be interrupted (they are bounded by ``timeout_s``); the
    UI drops a superseded result anyway.
    """

    def __init__(
        self, *, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES, chunk_size: int = 65536
    ) -> None:
        if max_body_bytes < 0:
            raise ValueError(f"max_body_bytes must be 0 or more, not {max_body_bytes}")
        if chunk_size <= 0:
            raise ValueError(f"chunk_size must be positive, not {chunk_size}")
        self.max_body_bytes = max_body_bytes
        self.chunk_size = chunk_size
        self._session = requests.Session()
        self._session.headers["User-Agent"] = USER_AGENT
        adapter = _CancellableAdapter()
        self._session.mount("https://", adapter)
        self._session.mount("http://", adapter)

    def close(self) -> None:
        """Close the pooled connections."""
        self._session.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def send(
        self,
        request: HttpRequest,
        *,
        kind: ExchangeKind,
        verify_tls: bool = True,
        timeout_s: float = 30.0,
        cancel: CancelToken | None = None,
        progress: ProgressCallback | None = None,
        secrets: tuple[str, ...] = (),
        notes: tuple[str, ...] = (),
    ) -> Exchange:
        """Send ``request`` and read the response; never raises for network problems."""
        record = _Record(kind, request, secrets, notes)
        if cancel is not None and cancel.cancelled:
            return record.failed(FailureKind.CANCELLED, "Cancelled before anything was sent.")
        url_problem = _url_problem(request.url)
        if url_problem:
            return record.failed(FailureKind.INVALID_URL, url_problem)
        try:
            prepared = self._prepare(request, record)
        except Exception as error:
            return record.failed(*_describe_prepare_error(error, request.url))

        target = _target(prepared.url or "")
        if target.scheme == "https" and not verify_tls:
            record.notes.append(
                "TLS certificate verification was switched off for this request: the "
                "server's identity was not checked."
            )
        if target.scheme == "http" and not target.loopback:
            record.notes.append(
                "This request went over plain http:// to a host that is not this computer: "
                "anyone on the network path can read it, credentials included."
            )

        watch = _SocketWatch(cancel) if cancel is not None else None
        _in_flight.watch = watch
        try:
            return self._exchange(
                prepared,
                record,
                verify_tls=verify_tls,
                timeout_s=timeout_s,
                cancel=cancel,
                progress=progress,
            )
        finally:
            _in_flight.watch = None
            if watch is not None:
                watch.release()

    def _prepare(self, request: HttpRequest, record: _Record) -> requests.PreparedRequest:
        headers = _merge_duplicates(request.headers, record)
        prepared = self._session.prepare_request(
            requests.Request(
                method=request.method,
                url=request.url,
                headers=headers,
                data=request.body or None,
            )
        )
        wire_headers: CaseInsensitiveDict[str] = CaseInsensitiveDict()
        host_key, host_value = "Host", prepared.headers.get("Host")
        for key in prepared.headers:
            if key.lower() == "host":
                host_key = key
        wire_headers[host_key] = host_value or _target(prepared.url or "").host_header
        for key, value in prepared.headers.items():
            if key.lower() != "host":
                wire_headers[key] = value
        prepared.headers = wire_headers

        authorization = wire_headers.get("Authorization")
        if authorization and not any(k.lower() == "authorization" for k in headers):
            record.secrets.append(authorization)
            record.secrets.append(authorization.partition(" ")[2])
            password = urlsplit(prepared.url or "").password
            if password:
                record.secrets.append(password)
            record.notes.append(
                "An Authorization header was added from the user name and password in the "
                "address (or from ~/.netrc)."
            )

        body = prepared.body
        if isinstance(body, str):
            body = body.encode("utf-8")
        record.request = HttpRequest(
            method=prepared.method or request.method,
            url=prepared.url or request.url,
            headers=tuple((str(k), str(v)) for k, v in wire_headers.items()),
            body=body if isinstance(body, bytes) else request.body,
        )
        return prepared

    def _exchange(
        self,
        prepared: requests.PreparedRequest,
        record: _Record,
        *,
        verify_tls: bool,
        timeout_s: float,
        cancel: CancelToken | None,
        progress: ProgressCallback | None,
    ) -> Exchange:
        url = prepared.url or ""
        host = _target(url).host or url
        record.start()
        try:
            settings = self._session.merge_environment_settings(url, {}, True, verify_tls, None)
            adapter = self._session.get_adapter(url)
            if verify_tls:
                response = adapter.send(
                    prepared,
                    stream=True,
                    timeout=(timeout_s, timeout_s),
                    verify=settings["verify"] or True,
                    cert=settings["cert"],
                    proxies=settings["proxies"],
                )
            else:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
                    response = adapter.send(
                        prepared,
                        stream=True,
                        timeout=(timeout_s, timeout_s),
                        verify=False,
                        cert=settings["cert"],
                        proxies=settings["proxies"],
                    )
        except Exception as error:
            if cancel is not None and cancel.cancelled:
                return record.failed(
                    FailureKind.CANCELLED, "Cancelled while waiting for the server's answer."
                )
            return record.failed(*_describe_send_error(error, host, timeout_s))
        record.headers_arrived()
        try:
            return self._read(response, record, timeout_s, cancel, progress)
        finally:
            response.close()

    def _read(
        self,
        response: requests.Response,
        record: _Record,
        timeout_s: float,
        cancel: CancelToken | None,
        progress: ProgressCallback | None,
    ) -> Exchange:
        raw: Urllib3Response = response.raw
        headers = _response_headers(raw)
        status = int(raw.status)
        reason = raw.reason or ""
        version = _HTTP_VERSIONS.get(raw.version) or _version_string(raw)
        total = _content_length(raw)
        encodings = _decoded_encodings(raw)
        location = raw.headers.get("Location")
        if 300 <= status < 400 and location:
            record.notes.append(_redirect_note(status, reason, location, record.request.url))

        cap = self.max_body_bytes
        chunks: list[bytes] = []
        kept = 0
        truncated = False
        failure: TransportFailure | None = None
        reached_end = False
        try:
            for chunk in _body_pieces(raw, self.chunk_size):
                chunks.append(chunk)
                kept += len(chunk)
                if progress is not None:
                    progress(raw.tell() if encodings else kept, total)
                if kept > cap:
                    # Keep exactly the cap, so joining the pieces copies no more than that.
                    chunks[-1] = chunk[: len(chunk) - (kept - cap)]
                    truncated = True
                    record.notes.append(
                        f"The body was longer than the cap of {format_size(cap)}; only its first "
                        f"{cap:,} bytes were kept."
                    )
                    break
                if cancel is not None and cancel.cancelled:
                    break
            else:
                reached_end = True
        except Exception as error:
            truncated = True
            failure = _describe_body_error(error, timeout_s, kept)
        # A body with a known length that reached its end is whole even if a cancel came
        # late; one read until the connection closed may have been cut by the cancel.
        whole = reached_end and (total is not None or bool(raw.chunked))
        if cancel is not None and cancel.cancelled and not whole:
            truncated = True
            failure = TransportFailure(
                FailureKind.CANCELLED,
                f"Cancelled while reading the body, after {kept:,} bytes.",
            )
        if encodings and failure is None:
            record.notes.append(
                f"The body arrived {encodings}-encoded ({raw.tell():,} bytes on the wire) and "
                "is shown decoded."
            )
        body = b"".join(chunks)
        if len(body) > cap:
            body = body[:cap]
        return record.finish(
            HttpResponse(
                status=status,
                reason=reason,
                http_version=version,
                headers=headers,
                body=body,
                truncated=truncated,
            ),
            failure,
        )


class _Record:
    """What one send has learned so far; turns into the frozen ``Exchange``."""

    def __init__(
        self,
        kind: ExchangeKind,
        request: HttpRequest,
        secrets: tuple[str, ...],
        notes: tuple[str, ...],
    ) -> None:
        self.kind = kind
        self.request = request
        self.secrets = list(secrets)
        self.notes = list(notes)
        self.started_wall = time.time()
        self.started = time.perf_counter()
        self.waiting_s = 0.0

    def start(self) -> None:
        self.started_wall = time.time()
        self.started = time.perf_counter()

    def headers_arrived(self) -> None:
        self.waiting_s = time.perf_counter() - self.started

    def failed(self, kind: FailureKind, message: str) -> Exchange:
        return self.finish(None, TransportFailure(kind, message))

    def finish(self, response: HttpResponse | None, failure: TransportFailure | None) -> Exchange:
        return Exchange(
            kind=self.kind,
            request=self.request,
            response=response,
            failure=failure,
            started_wall=self.started_wall,
            duration_s=time.perf_counter() - self.started,
            waiting_s=self.waiting_s,
            notes=tuple(self.notes),
            secrets=tuple(dict.fromkeys(s for s in self.secrets if s)),
        )


# --- cancelling a blocked read: shut the socket down from the cancelling thread ---------


class _SocketWatch:
    """Shuts down the sockets a send uses when its token is cancelled, until released."""

    def __init__(self, token: CancelToken) -> None:
        self._token = token
        self._lock = threading.Lock()
        self._released = False
        self._removers: list[Callable[[], None]] = []

    def attach(self, sock: socket.socket) -> None:
        self._removers.append(self._token.on_cancel(lambda: self._shutdown(sock)))

    def _shutdown(self, sock: socket.socket) -> None:
        with self._lock:
            if self._released:
                return
            # The plain socket's shutdown, even for TLS: it wakes a recv blocked elsewhere.
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def release(self) -> None:
        with self._lock:
            self._released = True
        for remove in self._removers:
            remove()


class _InFlight(threading.local):
    watch: _SocketWatch | None = None


_in_flight = _InFlight()


def _watch_connection(connection: HTTPConnection) -> None:
    watch = _in_flight.watch
    if watch is not None and isinstance(connection.sock, socket.socket):
        watch.attach(connection.sock)


class _CancellableHTTPConnection(HTTPConnection):
    def getresponse(self) -> Urllib3Response:  # type: ignore[override]
        _watch_connection(self)
        return super().getresponse()


class _CancellableHTTPSConnection(HTTPSConnection):
    def getresponse(self) -> Urllib3Response:  # type: ignore[override]
        _watch_connection(self)
        return super().getresponse()


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _CancellableHTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _CancellableHTTPSConnection


_POOL_CLASSES: dict[str, type[HTTPConnectionPool]] = {"http": _HTTPPool, "https": _HTTPSPool}


class _CancellableAdapter(HTTPAdapter):
    """An adapter whose connections let a cancel interrupt a blocked read."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOL_CLASSES

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if isinstance(manager, PoolManager) and not proxy.lower().startswith("socks"):
            manager.pool_classes_by_scheme = _POOL_CLASSES
        return manager


# --- small pure helpers ------------------------------------------------------------------


def _merge_duplicates(headers: Pairs, record: _Record) -> dict[str, str]:
    """The caller's headers in order; a repeated name is sent once, values joined."""
    merged: dict[str, str] = {}
    names: dict[str, str] = {}
    for name, value in headers:
        lowered = name.lower()
        if lowered in names:
            separator = "; " if lowered == "cookie" else ", "
            merged[names[lowered]] = f"{merged[names[lowered]]}{separator}{value}"
            record.notes.append(
                f"The header {name} was given more than once; its values were sent joined "
                "in one line."
            )
        else:
            names[lowered] = name
            merged[name] = value
    return merged


@functools.lru_cache(maxsize=256)
def _url_problem(url: str) -> str:
    """A plain reason why ``url`` cannot be sent, or an empty string."""
    text = url.strip()
    if not text:
        return "The address is empty."
    if _WHITESPACE.search(text):
        return f"The address {url!r} contains a space; addresses cannot contain spaces."
    scheme, separator, _ = text.partition("://")
    if not separator:
        return f"The address {url!r} has no http:// or https:// in front."
    if scheme.lower() not in _DEFAULT_PORTS:
        return f"The address {url!r} starts with {scheme}://; only http:// and https:// work here."
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as error:
        return f"The address {url!r} cannot be read: {error}."
    if not parts.hostname:
        return f"The address {url!r} names no host."
    return ""


@dataclass(frozen=True)
class _Target:
    """What the transport needs to know about a (prepared, valid) address."""

    scheme: str
    host: str
    """The host name as written in messages, without brackets or port."""
    host_header: str
    """The Host header http.client would send: host, :port when not the default."""
    loopback: bool


@functools.lru_cache(maxsize=256)
def _target(url: str) -> _Target:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    address = host.split("%", 1)[0]
    shown = f"[{address}]" if ":" in host else host
    port = parts.port
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        shown = f"{shown}:{port}"
    return _Target(scheme=scheme, host=host, host_header=shown, loopback=is_loopback_host(host))


def _body_pieces(raw: Urllib3Response, amt: int) -> Iterator[bytes]:
    """The decoded body, piece by piece, each as soon as it arrives (never more than ``amt``).

    ``read1`` returns what is there instead of waiting for ``amt`` bytes, so a body that
    breaks or stalls keeps everything that arrived before.
    """
    if raw.chunked and raw.supports_chunked_reads():
        yield from raw.read_chunked(amt, decode_content=True)
        return
    while piece := raw.read1(amt, decode_content=True):
        yield piece


def _response_headers(raw: Urllib3Response) -> Pairs:
    """Response headers in wire order with duplicates; grouped by name only as a fallback."""
    message = getattr(getattr(raw, "_original_response", None), "msg", None)
    raw_items = getattr(message, "raw_items", None)
    if callable(raw_items):
        return tuple((str(name), str(value)) for name, value in raw_items())
    return tuple((str(name), str(value)) for name, value in raw.headers.items())


def _version_string(raw: Urllib3Response) -> str:
    """urllib3's own version text when it knows one (a mocked response does not)."""
    text = str(getattr(raw, "version_string", "") or "")
    return text if text.startswith("HTTP/") and "?" not in text else "HTTP/1.1"


def _content_length(raw: Urllib3Response) -> int | None:
    value = raw.headers.get("Content-Length", "").strip()
    # isdigit() alone accepts "²", which int() refuses: only ASCII digits are a length.
    return int(value) if value.isascii() and value.isdigit() else None


def _decoded_encodings(raw: Urllib3Response) -> str:
    """The content encodings urllib3 will undo, as written (``gzip``), or empty."""
    value = raw.headers.get("Content-Encoding", "")
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    names = [name for name in names if name != "identity"]
    if names and all(name in _DECODED_ENCODINGS for name in names):
        return ", ".join(names)
    return ""


def _redirect_note(status: int, reason: str, location: str, url: str) -> str:
    try:
        target = urljoin(url, location)
    except ValueError:  # a Location that is no address at all, such as http://[::1
        target = location
    shown = location if target == location else f"{location} (that is, {target})"
    phrase = reason or _status_phrase(status)
    return (
        f"The server answered {status} {phrase} with Location: {shown} . The workbench does "
        "not follow redirects, so nothing was sent to that address (credentials could leak "
        "to another host)."
    )


def _status_phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def _seconds(value: float) -> str:
    return f"{value:g} s"


def _chain(error: BaseException) -> Iterator[BaseException]:
    """``error`` and what it wraps: args[0], ``reason``, ``__cause__``, ``__context__``."""
    seen: set[int] = set()
    pending = [error]
    while pending and len(seen) < 20:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = [
            current.args[0] if current.args else None,
            getattr(current, "reason", None),
            current.__cause__,
            current.__context__,
        ]
        pending.extend(item for item in linked if isinstance(item, BaseException))


def _describe_prepare_error(error: Exception, url: str) -> tuple[FailureKind, str]:
    if isinstance(
        error,
        requests.exceptions.MissingSchema
        | requests.exceptions.InvalidSchema
        | requests.exceptions.InvalidURL
        | requests.exceptions.URLRequired,
    ):
        return FailureKind.INVALID_URL, f"The address {url!r} cannot be used: {error}"
    if isinstance(error, requests.exceptions.InvalidHeader):
        return FailureKind.OTHER, f"A header cannot be sent: {error}"
    return FailureKind.OTHER, f"The request could not be prepared: {_plain(error)}"


def _describe_send_error(error: Exception, host: str, timeout_s: float) -> tuple[FailureKind, str]:
    chain = list(_chain(error))
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return FailureKind.TIMEOUT, f"No connection to {host} within {_seconds(timeout_s)}."
    if isinstance(error, requests.exceptions.ReadTimeout):
        return (
            FailureKind.TIMEOUT,
            f"The request reached {host}, but no answer came within {_seconds(timeout_s)}.",
        )
    if any(
        isinstance(item, requests.exceptions.SSLError | urllib3.exceptions.SSLError)
        for item in chain
    ):
        return FailureKind.TLS, _describe_tls(chain, host)
    if isinstance(error, requests.exceptions.ProxyError):
        return FailureKind.OTHER, f"The proxy could not be used: {_plain(error)}"
    if any(
        isinstance(item, urllib3.exceptions.NameResolutionError | socket.gaierror) for item in chain
    ):
        return (
            FailureKind.DNS,
            f"The name {host} could not be resolved to an address (check its spelling, "
            "and the network).",
        )
    if any(isinstance(item, ConnectionRefusedError) for item in chain):
        return (
            FailureKind.REFUSED,
            f"{host} refused the connection: nothing is listening on that port.",
        )
    if any(isinstance(item, socket.timeout) for item in chain):
        return FailureKind.TIMEOUT, f"No answer from {host} within {_seconds(timeout_s)}."
    if isinstance(error, requests.exceptions.InvalidHeader):
        return FailureKind.OTHER, f"A header cannot be sent: {error}"
    if isinstance(error, UnicodeEncodeError):
        return (
            FailureKind.OTHER,
            "A header contains characters that cannot be sent (only Latin-1 is allowed in "
            "header values).",
        )
    if any(isinstance(item, http.client.RemoteDisconnected) for item in chain):
        return (
            FailureKind.CONNECTION_LOST,
            f"{host} closed the connection without answering.",
        )
    protocol = _protocol_violation(chain, host)
    if protocol:
        return FailureKind.PROTOCOL, protocol
    if any(isinstance(item, ConnectionResetError) for item in chain):
        return FailureKind.CONNECTION_LOST, f"{host} reset the connection before answering."
    if any(isinstance(item, BrokenPipeError) for item in chain):
        return (
            FailureKind.CONNECTION_LOST,
            f"{host} closed the connection while the request was being sent.",
        )
    if any(isinstance(item, urllib3.exceptions.ProtocolError) for item in chain):
        return FailureKind.CONNECTION_LOST, f"The connection to {host} broke: {_plain(error)}"
    if isinstance(error, requests.exceptions.ConnectionError):
        return FailureKind.OTHER, f"Could not connect to {host}: {_plain(error)}"
    return FailureKind.OTHER, f"The request failed: {_plain(error)}"


def _protocol_violation(chain: list[BaseException], host: str) -> str:
    """Plain words for an answer that breaks HTTP's rules or http.client's limits, or ''."""
    for item in chain:
        if isinstance(item, http.client.LineTooLong):
            line = "status line" if "status line" in str(item) else "header line"
            return (
                f"{host} sent a {line} longer than {format_size(_HTTP_MAX_LINE)}, more than "
                "the workbench reads, so its answer was not read."
            )
        if isinstance(item, http.client.RemoteDisconnected | http.client.IncompleteRead):
            continue
        if isinstance(item, http.client.BadStatusLine):
            first = _plain(item)[:80]
            return (
                f"{host} did not answer in HTTP: its first line was {first}. Perhaps the port "
                "speaks another protocol."
            )
        if isinstance(item, http.client.HTTPException):
            text = _plain(item)
            if "more than" in text and "headers" in text:
                return (
                    f"{host} sent more than {_HTTP_MAX_HEADERS} header lines, more than "
                    "the workbench reads, so its answer was not read."
                )
            return f"{host} sent an answer that breaks the rules of HTTP: {text}"
    return ""


def _describe_tls(chain: list[BaseException], host: str) -> str:
    text = " ".join(str(item) for item in chain).lower()
    advice = (
        " Fix the server's certificate, or switch off TLS verification for this request "
        "(for testing only)."
    )
    if "certificate has expired" in text:
        return f"The TLS certificate of {host} has expired.{advice}"
    if "self-signed certificate" in text or "self signed certificate" in text:
        return f"The TLS certificate of {host} is self-signed and not trusted.{advice}"
    if "hostname mismatch" in text or "doesn't match" in text or "not valid for" in text:
        return f"The TLS certificate of {host} was issued for another host name.{advice}"
    if "unable to get local issuer certificate" in text:
        return (
            f"The TLS certificate of {host} was issued by an authority this computer does "
            f"not trust.{advice}"
        )
    if "wrong version number" in text or "record layer failure" in text:
        return (
            f"{host} did not answer in TLS on this port: perhaps the address should start "
            "with http:// rather than https://."
        )
    return f"The TLS handshake with {host} failed: {_plain(chain[-1])}"


def _describe_body_error(error: Exception, timeout_s: float, kept: int) -> TransportFailure:
    chain = list(_chain(error))
    if isinstance(error, urllib3.exceptions.DecodeError):
        reason = next((_zlib_reason(item) for item in chain if isinstance(item, zlib.error)), "")
        return TransportFailure(
            FailureKind.DECODING,
            f"The body could not be unpacked after {kept:,} bytes: its Content-Encoding does "
            f"not match its bytes{f' ({reason})' if reason else ''}.",
        )
    if isinstance(error, urllib3.exceptions.ReadTimeoutError | socket.timeout):
        return TransportFailure(
            FailureKind.TIMEOUT,
            f"The body stopped arriving: nothing came for {_seconds(timeout_s)} after "
            f"{kept:,} bytes.",
        )
    if isinstance(error, urllib3.exceptions.ProtocolError | OSError | http.client.HTTPException):
        return TransportFailure(FailureKind.CONNECTION_LOST, _body_break(chain, error, kept))
    return TransportFailure(FailureKind.OTHER, f"Reading the body failed: {_plain(error)}")


def _body_break(chain: list[BaseException], error: BaseException, kept: int) -> str:
    """Plain words for a body that broke off, without Python's exception reprs when known."""
    for item in chain:
        if isinstance(item, urllib3.exceptions.IncompleteRead):
            return (
                f"The connection closed after {kept:,} bytes of the body, while "
                f"{item.expected:,} more bytes were announced (by Content-Length or a chunk size)."
            )
        if isinstance(item, urllib3.exceptions.InvalidChunkLength):
            return f"The body's chunked framing broke after {kept:,} bytes of the body."
        if isinstance(item, ConnectionResetError):
            return f"The server reset the connection after {kept:,} bytes of the body."
    return f"The connection broke after {kept:,} bytes of the body: {_plain(error)}"


def _zlib_reason(error: zlib.error) -> str:
    """zlib's reason without its error number: ``incorrect header check``."""
    return str(error).rpartition(": ")[2].strip()


def _plain(error: BaseException) -> str:
    text = str(error).strip()
    return text or type(error).__name__

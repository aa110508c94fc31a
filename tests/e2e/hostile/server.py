"""A loopback HTTP(S) server that misbehaves on purpose, one behaviour per path (issue 7).

Every behaviour answers both ``/token/<name>`` (a token endpoint) and ``/api/<name>`` (an API):
``HostileServer.url_for(name, "token")`` gives the address. The behaviours that send a whole
response accept ``?status=NNN`` to replace their status (an HTML page with a 502, say).

``BEHAVIOURS`` is the catalogue, each with what the workbench is expected to make of it, so
that model, command-line and window tests can iterate the same list::

    with HostileServer() as server:
        for behaviour in BEHAVIOURS:
            url = server.url_for(behaviour.name, "token")
            ...  # behaviour.token_problem, behaviour.failure, behaviour.timeout_s

The TLS behaviours run on their own HTTPS listeners with certificates made at start: an
expired one and one for another host name, both signed by a test authority whose certificate
is ``HostileServer.ca_bundle`` (point ``REQUESTS_CA_BUNDLE`` at it so that the expiry or the
name is what fails), and a self-signed one that nothing trusts. The redirects point at a
*witness* listener on another loopback address that records whatever reaches it: it must
stay empty. Big bodies are generated as they are sent, never held in memory.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import ipaddress
import json
import shutil
import socket
import ssl
import struct
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from workbench.core.http import FailureKind
from workbench.core.problems import ProblemKind

TOKEN_VALUE = "hostile-demo-token-0123456789abcdef"
"""The (fake) access token every usable token answer carries."""
EXPIRED_TOKEN_MESSAGE = "The access token provided is expired"
HUGE_BODY_BYTES = 100 * 1024 * 1024
"""The size of the ``huge-body`` answer: 100 MB, generated while it is sent."""
DEEP_JSON_LEVELS = 100_000
LONG_HEADER_BYTES = 1024 * 1024
MANY_HEADERS = 1000
RETRY_AFTER_S = 7
WRONG_HOST_NAME = "wrong-host.invalid"
SEND_TIMEOUT_S = 10.0
"""A blocked send gives up after this long, so no server thread outlives a test for long."""

_PIECE = b"a" * (1024 * 1024)
_HEAD_LIMIT = 64 * 1024


@dataclass(frozen=True)
class Request:
    """What the server read of one request."""

    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    endpoint: str
    """``token`` or ``api`` (from the first path segment)."""
    behaviour: str
    status: int | None
    """The ``?status=`` override, when given."""

    def status_or(self, default: int) -> int:
        return self.status if self.status is not None else default


class Wire:
    """One accepted connection: sends that report a vanished client instead of raising."""

    def __init__(self, sock: socket.socket, stopping: threading.Event) -> None:
        self.sock = sock
        self.stopping = stopping

    def send(self, data: bytes) -> bool:
        """Send everything; False when the client has gone (or the server is stopping)."""
        if self.stopping.is_set():
            return False
        try:
            self.sock.sendall(data)
        except OSError:
            return False
        return True

    def respond(
        self,
        status: int,
        headers: tuple[tuple[str, str], ...] = (),
        body: bytes = b"",
        *,
        reason: str = "",
        length: int | None = None,
    ) -> bool:
        """A whole response with Content-Length (``length`` to lie about it) and a close."""
        head = [f"HTTP/1.1 {status} {reason or _REASONS.get(status, 'Whatever')}"]
        head += [f"{name}: {value}" for name, value in headers]
        head.append(f"Content-Length: {len(body) if length is None else length}")
        head.append("Connection: close")
        return self.send(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)

    def wait_for_client_to_leave(self, limit_s: float = 60.0) -> None:
        """Block until the client closes, the server stops, or ``limit_s`` passes."""
        self.sock.settimeout(0.1)
        waited = 0.0
        while waited < limit_s and not self.stopping.is_set():
            try:
                if not self.sock.recv(65536):
                    return
            except TimeoutError:
                waited += 0.1
            except OSError:
                return

    def reset(self) -> None:
        """Close abruptly: an RST rather than a FIN."""
        with contextlib.suppress(OSError):
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()


Handler = Callable[[Wire, Request], None]


@dataclass(frozen=True)
class Behaviour:
    """One way to misbehave, and what the workbench should make of it."""

    name: str
    summary: str
    token_problem: ProblemKind | None
    """The problem a token request gets; None when a token is still read (tolerated)."""
    api_problem: ProblemKind | None
    """The problem an API call gets; None when the call counts as a success (2xx)."""
    failure: FailureKind | None = None
    """The transport failure on the exchange; None when an HTTP answer arrived whole."""
    truncated: bool = False
    """True when the body is cut at the transport's cap (huge or endless)."""
    tls: bool = False
    timeout_s: float = 5.0
    """A client timeout that lets the behaviour show itself quickly."""
    status_override: bool = False
    """Whether ``?status=NNN`` changes its status."""
    keep_alive: bool = False
    """Whether the connection stays open for the next request afterwards."""
    handler: Handler = field(default=lambda wire, request: None, repr=False, compare=False)


# --- the bodies ------------------------------------------------------------------------------


def token_document(**changes: object) -> dict[str, object]:
    """A usable token answer with ``changes`` applied (a value of ``...`` removes the member)."""
    document: dict[str, object] = {
        "access_token": TOKEN_VALUE,
        "token_type": "Bearer",
        "expires_in": 3600,
        "scope": "all",
    }
    for name, value in changes.items():
        if value is ...:
            document.pop(name, None)
        else:
            document[name] = value
    return document


def api_document() -> dict[str, object]:
    return {"accountId": "hostile", "email": "demo@example.invalid"}


def _json(value: object) -> bytes:
    return json.dumps(value).encode()


_JSON_TYPE = (("Content-Type", "application/json"),)
_HTML = (
    b"<!DOCTYPE html><html><head><title>Sign in - Corporate Proxy</title></head>"
    b"<body><h1>Please sign in</h1><form><input name=user></form></body></html>"
)
_PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def _body_for(request: Request, token_body: bytes, api_body: bytes | None = None) -> bytes:
    return token_body if request.endpoint == "token" or api_body is None else api_body


def whole(
    content_type: str, token_body: bytes, api_body: bytes | None = None, status: int = 200
) -> Handler:
    """A complete, honest response whose body is odd."""

    def handler(wire: Wire, request: Request) -> None:
        headers = (("Content-Type", content_type),) if content_type else ()
        wire.respond(request.status_or(status), headers, _body_for(request, token_body, api_body))

    return handler


def token_fields(**changes: object) -> Handler:
    """A JSON object for the token endpoint with ``changes``; the API gets its usual object."""
    return whole("application/json", _json(token_document(**changes)), _json(api_document()))


def _ok(wire: Wire, request: Request) -> None:
    body = token_document() if request.endpoint == "token" else api_document()
    wire.respond(200, (*_JSON_TYPE, ("Cache-Control", "no-store")), _json(body))


def _endless(wire: Wire, request: Request) -> None:
    head = (
        f"HTTP/1.1 {request.status_or(200)} OK\r\nContent-Type: application/json\r\n"
        "Connection: close\r\n\r\n"
    )
    if not wire.send(head.encode() + b'{"data": "'):
        return
    while wire.send(_PIECE):
        pass


def _huge(wire: Wire, request: Request) -> None:
    prefix, suffix = b'{"data": "', b'"}'
    filler = HUGE_BODY_BYTES - len(prefix) - len(suffix)
    head = (
        f"HTTP/1.1 {request.status_or(200)} OK\r\nContent-Type: application/json\r\n"
        f"Content-Length: {HUGE_BODY_BYTES}\r\nConnection: close\r\n\r\n"
    )
    if not wire.send(head.encode() + prefix):
        return
    while filler > 0:
        piece = _PIECE[: min(filler, len(_PIECE))]
        if not wire.send(piece):
            return
        filler -= len(piece)
    wire.send(suffix)


def _length_longer(wire: Wire, request: Request) -> None:
    body = _json(token_document())
    wire.respond(200, _JSON_TYPE, body[: len(body) // 2], length=len(body) * 10)


def _length_shorter(wire: Wire, request: Request) -> None:
    body = _json(token_document() if request.endpoint == "token" else api_document())
    # Says 12 bytes, sends them all and keeps the connection open: the rest is left on the
    # wire where a careless client would read it as the next response.
    head = (
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n"
        "Connection: keep-alive\r\n\r\n"
    )
    wire.send(head.encode() + body + b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")


def _corrupt_gzip(wire: Wire, request: Request) -> None:
    headers = (*_JSON_TYPE, ("Content-Encoding", "gzip"))
    wire.respond(200, headers, b"\x1f\x8b\x08\x00" + b"this is not deflate data at all" * 8)


def _long_header(wire: Wire, request: Request) -> None:
    wire.respond(200, (*_JSON_TYPE, ("X-Huge", "h" * LONG_HEADER_BYTES)), _json(token_document()))


def _many_headers(wire: Wire, request: Request) -> None:
    headers = tuple((f"X-Header-{index}", str(index)) for index in range(MANY_HEADERS))
    wire.respond(200, (*_JSON_TYPE, *headers), _json(token_document()))


def _not_http(wire: Wire, request: Request) -> None:
    wire.send(b"SSH-2.0-OpenSSH_9.6 hostile\r\n")


def _never_answers(wire: Wire, request: Request) -> None:
    wire.wait_for_client_to_leave()


def _close_without_answer(wire: Wire, request: Request) -> None:
    wire.sock.close()


def _close_mid_body(wire: Wire, request: Request) -> None:
    body = _json(token_document())
    head = (
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
        "Connection: close\r\n\r\n"
    )
    half = body[: len(body) // 2]
    if wire.send(head.encode() + f"{len(body):x}\r\n".encode() + half):
        wire.reset()


def _rate_limited(retry_after: bool) -> Handler:
    def handler(wire: Wire, request: Request) -> None:
        headers: tuple[tuple[str, str], ...] = _JSON_TYPE
        if retry_after:
            headers = (*headers, ("Retry-After", str(RETRY_AFTER_S)))
        body = {"error": "rate_limited", "message": "Too many requests, slow down."}
        if request.endpoint == "api":
            body = {"message": "Too many requests, slow down."}
        wire.respond(429, headers, _json(body))

    return handler


def _envelope_1014_403(wire: Wire, request: Request) -> None:
    envelope = {
        "httpStatus": 403,
        "code": 1014,
        "codeDescription": "Problem during authentication process, check headers!",
        "message": EXPIRED_TOKEN_MESSAGE,
        "moreInfo": "https://apidocs.getresponse.com/v3/errors/1014",
        "context": {"sentToken": TOKEN_VALUE},
    }
    wire.respond(403, _JSON_TYPE, _json(envelope))


def _broken_location(wire: Wire, request: Request) -> None:
    wire.respond(302, (("Location", "http://[::1/broken"),), b"")


def _tls_answer(wire: Wire, request: Request) -> None:
    _ok(wire, request)


_REASONS = {
    200: "OK",
    302: "Found",
    307: "Temporary Redirect",
    308: "Permanent Redirect",
    403: "Forbidden",
    404: "Not Found",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
}

_INVALID = ProblemKind.INVALID_TOKEN_RESPONSE
_TRANSPORT = ProblemKind.TRANSPORT


TERMINAL_ESCAPES = "\x1b]0;owned\x07\x1b[2J\x1b[1A\x9b31m\rhidden"
"""Retitle the window, clear the screen, move up, a C1 CSI, then a bare CR to overwrite."""
TOKEN_WITH_ESCAPES = "hostile\x1b[2Jtoken\x9b"


def _escape_sequences(wire: Wire, request: Request) -> None:
    """A usable answer whose reason phrase, a header and the API's text body hold escapes."""
    if request.endpoint == "token":
        headers: tuple[tuple[str, str], ...] = _JSON_TYPE
        body = _json(token_document(note=TERMINAL_ESCAPES))
    else:
        headers = (("Content-Type", "text/plain; charset=utf-8"),)
        body = f"line one{TERMINAL_ESCAPES}\nline two\n".encode()
    # No bare CR in a header: parsers read it as the end of the line, so it never arrives.
    headers = (*headers, ("X-Note", TERMINAL_ESCAPES.replace("\r", "")))
    wire.respond(200, headers, body, reason=f"OK {TERMINAL_ESCAPES}")


HIDDEN_TEXT = "pay \u202eexe.gnp\u202c \u2066isolated\u2069 \u200emark\u200f zero\u200bwidth"
"""A right-to-left override (``gnp.exe`` read backwards), an isolate, marks, a zero-width space."""
HUGE_NUMBER = "9" * 5000
"""More digits than Python reads as a number (its limit is 4,300)."""


def _hidden_text(wire: Wire, request: Request) -> None:
    """A refusal whose every part tries to hide or reorder text: escape sequences and C1 in the
    reason phrase and a header; bidi overrides and a lone surrogate (``\\ud800``) in the body's
    words; and, from the API, invalid UTF-8 and numbers too long to read (in Retry-After too)."""
    words = f"{HIDDEN_TEXT} \\ud800 {TERMINAL_ESCAPES}".replace("\x1b", "\\u001b")
    words = words.replace("\x07", "\\u0007").replace("\x9b", "\\u009b").replace("\r", "\\r")
    if request.endpoint == "token":
        content_type = "application/json"
        body = f'{{"error": "invalid_request", "error_description": "{words}"}}'
    else:
        content_type = "application/problem+json"
        body = (
            f'{{"title": "Refused {words}", "detail": "{words}", "status": 400, '
            f'"count": {HUGE_NUMBER}, "ratio": 1e999999}}'
        )
    headers = (
        ("Content-Type", content_type),
        ("X-Note", TERMINAL_ESCAPES.replace("\r", "")),
        ("Retry-After", HUGE_NUMBER[:40]),
    )
    body_bytes = body.encode()
    if request.endpoint == "api":  # an encoded surrogate and a byte UTF-8 never uses
        body_bytes = body_bytes.replace(b"\\ud800", b"\\ud800 \xed\xa0\x80\xff", 1)
    wire.respond(400, headers, body_bytes, reason=f"Bad {TERMINAL_ESCAPES}")


def _echo_token(wire: Wire, request: Request) -> None:
    """The API repeats the token it was sent, in its body and a header, under names that do
    not say it is a token (the token endpoint answers as usual)."""
    if request.endpoint == "token":
        _ok(wire, request)
        return
    sent = next((v for n, v in request.headers if n.lower() == "authorization"), "")
    token = sent.partition(" ")[2]
    body = _json({"you_sent": token, "as_base64": base64.b64encode(token.encode()).decode()})
    wire.respond(200, (*_JSON_TYPE, ("X-Echo", token)), body)


def _echo_credentials(wire: Wire, request: Request) -> None:
    """A server that repeats every credential it was sent where no name says it is one: the
    Basic credentials (decoded too) in the token error's reason phrase and description; the
    token and any API key in the API's reason phrase, a header and the body."""
    sent = {name.lower(): value for name, value in request.headers}
    authorization = sent.get("authorization", "")
    scheme, _, credentials = authorization.partition(" ")
    if request.endpoint == "token":
        decoded = ""
        if scheme.lower() == "basic":
            with contextlib.suppress(ValueError):
                decoded = base64.b64decode(credentials).decode("utf-8", "replace")
        said = f"client {decoded} ({authorization}) is not known here"
        body = _json({"error": "not_known", "error_description": said})
        wire.respond(401, _JSON_TYPE, body, reason=f"Unauthorized {decoded}")
        return
    keys = " ".join(value for name, value in sent.items() if name in ("x-api-key", "cookie"))
    echoed = f"{credentials} {keys}".strip()
    body = _json({"seen": dict(request.headers), "path": request.path, "note": echoed})
    wire.respond(200, (*_JSON_TYPE, ("X-Echo", echoed)), body, reason=f"OK {echoed}")


def _redirect_placeholder(status: int) -> Behaviour:
    return Behaviour(
        f"redirect-{status}",
        f"{status} to another loopback host (a witness that must receive nothing)",
        ProblemKind.REDIRECT,
        ProblemKind.REDIRECT,
    )


def _tls(name: str, summary: str) -> Behaviour:
    return Behaviour(
        name, summary, _TRANSPORT, _TRANSPORT, failure=FailureKind.TLS, tls=True, handler=_ok
    )


BEHAVIOURS: tuple[Behaviour, ...] = (
    Behaviour("ok", "a well-behaved answer (the control case)", None, None, handler=_ok),
    Behaviour(
        "html",
        "an HTML sign-in page instead of JSON",
        _INVALID,
        ProblemKind.WEB_PAGE,
        status_override=True,
        handler=whole("text/html; charset=utf-8", _HTML),
    ),
    Behaviour(
        "empty",
        "200 with an empty body",
        _INVALID,
        None,
        status_override=True,
        handler=whole("application/json", b""),
    ),
    Behaviour(
        "truncated-json",
        "JSON cut off in the middle (with an honest Content-Length)",
        _INVALID,
        None,
        status_override=True,
        handler=whole("application/json", b'{"access_token": "abc", "token_type": "Bea'),
    ),
    Behaviour(
        "json-array",
        "JSON that is an array, not an object",
        _INVALID,
        None,
        status_override=True,
        handler=whole("application/json", b'[{"access_token": "in-an-array"}]'),
    ),
    Behaviour(
        "json-string",
        "JSON that is a bare string",
        _INVALID,
        None,
        status_override=True,
        handler=whole("application/json", b'"access_token"'),
    ),
    Behaviour(
        "no-access-token",
        "200 with a JSON object lacking access_token",
        _INVALID,
        None,
        handler=token_fields(access_token=...),
    ),
    Behaviour(
        "error-with-200",
        "an RFC 6749 error object sent with 200",
        _INVALID,
        None,
        handler=token_fields(access_token=..., error="invalid_client"),
    ),
    Behaviour("expires-negative", "expires_in -5", None, None, handler=token_fields(expires_in=-5)),
    Behaviour("expires-zero", "expires_in 0", None, None, handler=token_fields(expires_in=0)),
    Behaviour(
        "expires-huge", "expires_in 10**30", None, None, handler=token_fields(expires_in=10**30)
    ),
    Behaviour(
        "expires-fractional",
        "expires_in 59.5",
        None,
        None,
        handler=token_fields(expires_in=59.5),
    ),
    Behaviour(
        "expires-string",
        'expires_in "3600" (a numeric string)',
        None,
        None,
        handler=token_fields(expires_in="3600"),
    ),
    Behaviour(
        "expires-text",
        'expires_in "one hour"',
        None,
        None,
        handler=token_fields(expires_in="one hour"),
    ),
    Behaviour("expires-null", "expires_in null", None, None, handler=token_fields(expires_in=None)),
    Behaviour(
        "token-type-missing",
        "no token_type",
        None,
        None,
        handler=token_fields(token_type=...),
    ),
    Behaviour(
        "token-type-unknown",
        'token_type "Kerberos-ish"',
        None,
        None,
        handler=token_fields(token_type="Kerberos-ish"),
    ),
    Behaviour(
        "endless",
        "a body that never ends (streamed until the client stops)",
        _INVALID,
        None,
        truncated=True,
        status_override=True,
        handler=_endless,
    ),
    Behaviour(
        "huge-body",
        "a 100 MB body with an honest Content-Length",
        _INVALID,
        None,
        truncated=True,
        status_override=True,
        handler=_huge,
    ),
    Behaviour(
        "length-longer",
        "a Content-Length ten times longer than the body, then a close",
        _TRANSPORT,
        _TRANSPORT,
        failure=FailureKind.CONNECTION_LOST,
        handler=_length_longer,
    ),
    Behaviour(
        "length-shorter",
        "a Content-Length of 12 before a longer body, on a kept-alive connection",
        _INVALID,
        None,
        keep_alive=True,
        handler=_length_shorter,
    ),
    Behaviour(
        "corrupt-gzip",
        "Content-Encoding gzip over bytes that are not gzip",
        _TRANSPORT,
        _TRANSPORT,
        failure=FailureKind.DECODING,
        handler=_corrupt_gzip,
    ),
    Behaviour(
        "invalid-utf8",
        "JSON with bytes that are not UTF-8",
        _INVALID,
        None,
        status_override=True,
        handler=whole(
            "application/json; charset=utf-8",
            b'{"access_token": "\xff\xfe\xfd", "token_type": "Bearer"}',
        ),
    ),
    Behaviour(
        "binary",
        "PNG bytes where JSON was expected",
        _INVALID,
        None,
        status_override=True,
        handler=whole("image/png", _PNG),
    ),
    Behaviour(
        "deep-json",
        f"JSON nested {DEEP_JSON_LEVELS:,} levels deep",
        _INVALID,
        None,
        status_override=True,
        handler=whole("application/json", b"[" * DEEP_JSON_LEVELS + b"]" * DEEP_JSON_LEVELS),
    ),
    Behaviour(
        "long-header",
        "a 1 MB header line",
        _TRANSPORT,
        _TRANSPORT,
        failure=FailureKind.PROTOCOL,
        handler=_long_header,
    ),
    Behaviour(
        "many-headers",
        f"{MANY_HEADERS:,} headers",
        _TRANSPORT,
        _TRANSPORT,
        failure=FailureKind.PROTOCOL,
        handler=_many_headers,
    ),
    Behaviour(
        "not-http",
        "answers with a line that is not HTTP (an SSH banner)",
        _TRANSPORT,
        _TRANSPORT,
        failure=FailureKind.PROTOCOL,
        handler=_not_http,
    ),
    Behaviour(
        "never-answers",
        "accepts the request and never answers",
        _TRANSPORT,
        _TRANSPORT,
        failure=FailureKind.TIMEOUT,
        timeout_s=1.0,
        handler=_never_answers,
    ),
    Behaviour(
        "close-without-answer",
        "reads the request and closes the connection",
        _TRANSPORT,
        _TRANSPORT,
        failure=FailureKind.CONNECTION_LOST,
        handler=_close_without_answer,
    ),
    Behaviour(
        "close-mid-body",
        "resets the connection in the middle of a chunked body",
        _TRANSPORT,
        _TRANSPORT,
        failure=FailureKind.CONNECTION_LOST,
        handler=_close_mid_body,
    ),
    _redirect_placeholder(302),
    _redirect_placeholder(307),
    _redirect_placeholder(308),
    Behaviour(
        "redirect-broken-location",
        "302 with a Location that is not a valid address (http://[::1)",
        ProblemKind.REDIRECT,
        ProblemKind.REDIRECT,
        handler=_broken_location,
    ),
    _tls("tls-expired", "HTTPS with an expired certificate (from a trusted test authority)"),
    _tls("tls-self-signed", "HTTPS with a self-signed certificate nobody trusts"),
    _tls("tls-wrong-host", f"HTTPS with a certificate for {WRONG_HOST_NAME}"),
    Behaviour(
        "rate-limited-retry-after",
        f"429 with Retry-After: {RETRY_AFTER_S}",
        ProblemKind.RATE_LIMITED,
        ProblemKind.RATE_LIMITED,
        handler=_rate_limited(retry_after=True),
    ),
    Behaviour(
        "rate-limited",
        "429 without Retry-After",
        ProblemKind.RATE_LIMITED,
        ProblemKind.RATE_LIMITED,
        handler=_rate_limited(retry_after=False),
    ),
    Behaviour(
        "envelope-1014-403",
        "GetResponse's 1014 expired-token envelope with a 403",
        ProblemKind.TOKEN_EXPIRED,
        ProblemKind.TOKEN_EXPIRED,
        handler=_envelope_1014_403,
    ),
    Behaviour(
        "escape-sequences",
        "terminal escape sequences in the reason phrase, a header and a text body",
        None,
        None,
        handler=_escape_sequences,
    ),
    Behaviour(
        "hidden-text",
        "escape sequences, bidi overrides, a lone surrogate, invalid UTF-8 and numbers too "
        "long to read, in a refusal's reason phrase, headers and words",
        ProblemKind.BAD_REQUEST,
        ProblemKind.BAD_REQUEST,
        handler=_hidden_text,
    ),
    Behaviour(
        "token-control-chars",
        "an access_token holding control characters (not an RFC 6750 b64token)",
        None,
        None,
        handler=token_fields(access_token=TOKEN_WITH_ESCAPES),
    ),
    Behaviour(
        "echo-token",
        "an API that echoes the token it was sent, in its body (also base64) and a header",
        None,
        None,
        handler=_echo_token,
    ),
    Behaviour(
        "echo-credentials",
        "repeats the Basic credentials, the token and API keys in reason phrases, an error's "
        "description, a header and the body",
        ProblemKind.BAD_CLIENT_CREDENTIALS,
        None,
        handler=_echo_credentials,
    ),
    Behaviour(
        "status-999",
        "a status code no standard knows",
        ProblemKind.UNEXPECTED,
        ProblemKind.UNEXPECTED,
        handler=whole("text/plain", b"nine nine nine", status=999),
    ),
)
"""Every behaviour, in a stable order (the names are also the last path segment)."""

BY_NAME: dict[str, Behaviour] = {behaviour.name: behaviour for behaviour in BEHAVIOURS}


# --- certificates ---------------------------------------------------------------------------


def _key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _certificate(
    subject: str,
    key: ec.EllipticCurvePrivateKey,
    *,
    issuer: tuple[x509.Name, ec.EllipticCurvePrivateKey] | None = None,
    dns_names: tuple[str, ...] = ("localhost",),
    ip_addresses: tuple[str, ...] = ("127.0.0.1",),
    expired: bool = False,
    authority: bool = False,
) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    issuer_name, issuer_key = issuer if issuer is not None else (name, key)
    now = datetime.datetime.now(datetime.UTC)
    not_after = now - datetime.timedelta(days=1) if expired else now + datetime.timedelta(days=2)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=10))
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=authority, path_length=None), critical=True)
    )
    if not authority:
        alternatives: list[x509.GeneralName] = [x509.DNSName(dns) for dns in dns_names]
        alternatives += [x509.IPAddress(ipaddress.ip_address(ip)) for ip in ip_addresses]
        builder = builder.add_extension(x509.SubjectAlternativeName(alternatives), critical=False)
    else:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _write_pair(folder: Path, stem: str, cert: x509.Certificate, key: bytes) -> tuple[Path, Path]:
    cert_path, key_path = folder / f"{stem}.pem", folder / f"{stem}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key)
    return cert_path, key_path


def make_certificates(folder: Path) -> tuple[Path, dict[str, tuple[Path, Path]]]:
    """The test authority's certificate file and (cert, key) files per TLS behaviour."""
    ca_key = _key()
    ca_cert = _certificate("hostile test authority", ca_key, authority=True)
    ca_path = folder / "hostile-ca.pem"
    ca_path.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    issuer = (ca_cert.subject, ca_key)
    pairs: dict[str, tuple[Path, Path]] = {}
    key = _key()
    pairs["tls-expired"] = _write_pair(
        folder,
        "expired",
        _certificate("expired", key, issuer=issuer, expired=True),
        _pem_key(key),
    )
    key = _key()
    pairs["tls-wrong-host"] = _write_pair(
        folder,
        "wrong-host",
        _certificate(
            "wrong host", key, issuer=issuer, dns_names=(WRONG_HOST_NAME,), ip_addresses=()
        ),
        _pem_key(key),
    )
    key = _key()
    pairs["tls-self-signed"] = _write_pair(
        folder, "self-signed", _certificate("self-signed", key), _pem_key(key)
    )
    return ca_path, pairs


# --- the listeners ------------------------------------------------------------------------------


def read_request(sock: socket.socket) -> tuple[bytes, bytes] | None:
    """The head and the Content-Length body of one request; None when the client left."""
    data = b""
    while b"\r\n\r\n" not in data:
        if len(data) > _HEAD_LIMIT:
            return None
        try:
            chunk = sock.recv(65536)
        except OSError:
            return None
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and value.strip().isdigit():
            length = int(value.strip())
    while len(body) < length:
        try:
            chunk = sock.recv(65536)
        except OSError:
            return None
        if not chunk:
            break
        body += chunk
    return head, body


def parse_request(head: bytes, body: bytes) -> Request:
    lines = head.decode("latin-1").split("\r\n")
    method, _, rest = lines[0].partition(" ")
    target = rest.rpartition(" ")[0] or rest
    parts = urlsplit(target)
    segments = [segment for segment in parts.path.split("/") if segment]
    endpoint = segments[0] if segments else ""
    behaviour = segments[1] if len(segments) > 1 else ""
    query = parse_qs(parts.query)
    status_text = (query.get("status") or [""])[0]
    headers = tuple(
        (name.strip(), value.strip())
        for name, _, value in (line.partition(":") for line in lines[1:])
    )
    return Request(
        method=method,
        path=parts.path,
        headers=headers,
        body=body,
        endpoint=endpoint,
        behaviour=behaviour,
        status=int(status_text) if status_text.isdigit() else None,
    )


class _Listener:
    """One listening socket with a thread per connection; closes everything on ``stop``."""

    def __init__(
        self,
        host: str,
        serve: Callable[[socket.socket], None],
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.sock = socket.create_server((host, 0))
        self.host = host
        self.port: int = self.sock.getsockname()[1]
        self.stopping = threading.Event()
        self._serve = serve
        self._tls = tls
        self._lock = threading.Lock()
        self._connections: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._acceptor = threading.Thread(
            target=self._accept_loop, name=f"hostile-accept-{self.port}", daemon=True
        )
        self._acceptor.start()

    def _accept_loop(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            if self.stopping.is_set():
                conn.close()
                return
            conn.settimeout(SEND_TIMEOUT_S)
            thread = threading.Thread(
                target=self._run, args=(conn,), name=f"hostile-{self.port}", daemon=True
            )
            with self._lock:
                self._connections.append(conn)
                self._threads = [item for item in self._threads if item.is_alive()]
                self._threads.append(thread)
            thread.start()

    def _run(self, conn: socket.socket) -> None:
        try:
            if self._tls is not None:
                try:
                    conn = self._tls.wrap_socket(conn, server_side=True)
                except (OSError, ssl.SSLError):
                    return  # the client refused the certificate, as intended
                with self._lock:
                    self._connections.append(conn)
            self._serve(conn)
        except OSError:
            pass  # a client that went away mid-answer is what several behaviours provoke
        finally:
            with contextlib.suppress(OSError):
                conn.close()

    def stop(self) -> None:
        self.stopping.set()
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()
        self._acceptor.join(timeout=5)
        with self._lock:
            connections, threads = list(self._connections), list(self._threads)
        for conn in connections:
            with contextlib.suppress(OSError):
                socket.socket.shutdown(conn, socket.SHUT_RDWR)
        for thread in threads:
            thread.join(timeout=5)


class Witness:
    """A listener on another loopback address that records every byte that reaches it."""

    def __init__(self) -> None:
        self.received: list[bytes] = []
        self.connections = 0
        self._lock = threading.Lock()
        host = "127.0.0.2"
        try:
            self._listener = _Listener(host, self._record)
        except OSError:  # not every system routes all of 127/8 to loopback
            self._listener = _Listener("127.0.0.1", self._record)
        self.host = self._listener.host
        self.port = self._listener.port

    def url(self, path: str = "/stolen") -> str:
        return f"http://{self.host}:{self.port}{path}"

    def _record(self, conn: socket.socket) -> None:
        with self._lock:
            self.connections += 1
        conn.settimeout(1.0)
        with contextlib.suppress(OSError):
            while chunk := conn.recv(65536):
                with self._lock:
                    self.received.append(chunk)

    def stop(self) -> None:
        self._listener.stop()


class HostileServer:
    """The hostile server: plain HTTP for most behaviours, HTTPS listeners for the TLS ones."""

    def __init__(self) -> None:
        self._folder = Path(tempfile.mkdtemp(prefix="hostile-"))
        self.stopping = threading.Event()
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._listeners: list[_Listener] = []
        self.witness: Witness | None = None
        self.ca_bundle = Path()
        self._tls_ports: dict[str, int] = {}
        self._started = False
        self.port = 0

    # ----------------------------------------------------------------- life cycle

    def start(self) -> HostileServer:
        """Open the listeners and make the certificates."""
        if self._started:
            return self
        self._started = True
        self.ca_bundle, pairs = make_certificates(self._folder)
        plain = _Listener("127.0.0.1", self._serve)
        self._listeners.append(plain)
        self.port = plain.port
        for name, (cert_path, key_path) in pairs.items():
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(cert_path, key_path)
            listener = _Listener("127.0.0.1", self._serve, tls=context)
            self._listeners.append(listener)
            self._tls_ports[name] = listener.port
        self.witness = Witness()
        return self

    def stop(self) -> None:
        """Stop every listener and connection, and remove the certificates."""
        self.stopping.set()
        for listener in self._listeners:
            listener.stop()
        if self.witness is not None:
            self.witness.stop()
        shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> HostileServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # ----------------------------------------------------------------- addresses

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url_for(self, name: str, endpoint: str = "token", *, status: int | None = None) -> str:
        """The address of behaviour ``name`` as a ``token`` endpoint or an ``api``."""
        if name not in BY_NAME:
            raise KeyError(f"no hostile behaviour called {name!r}")
        if endpoint not in ("token", "api"):
            raise ValueError(f"endpoint is 'token' or 'api', not {endpoint!r}")
        query = f"?status={status}" if status is not None else ""
        if name in self._tls_ports:
            return f"https://127.0.0.1:{self._tls_ports[name]}/{endpoint}/{name}{query}"
        return f"{self.base_url}/{endpoint}/{name}{query}"

    def requests_for(self, name: str) -> list[Request]:
        """The requests that reached behaviour ``name`` so far."""
        with self._lock:
            return [request for request in self.requests if request.behaviour == name]

    # ----------------------------------------------------------------- serving

    def _serve(self, conn: socket.socket) -> None:
        wire = Wire(conn, self.stopping)
        while not self.stopping.is_set():
            framed = read_request(conn)
            if framed is None:
                return
            request = parse_request(*framed)
            with self._lock:
                self.requests.append(request)
            behaviour = BY_NAME.get(request.behaviour)
            if behaviour is None or request.endpoint not in ("token", "api"):
                wire.respond(404, (("Content-Type", "text/plain"),), b"no such behaviour\n")
                return
            prefix, _, status = behaviour.name.rpartition("-")
            if prefix == "redirect" and status.isdigit():
                self._redirect(wire, request, int(status))
                return
            behaviour.handler(wire, request)
            if not behaviour.keep_alive:
                return

    def _redirect(self, wire: Wire, request: Request, status: int) -> None:
        assert self.witness is not None
        location = self.witness.url(f"/stolen/{request.endpoint}")
        wire.respond(
            status,
            (("Location", location), ("Content-Type", "text/html")),
            f'<a href="{location}">moved</a>'.encode(),
        )


@contextlib.contextmanager
def hostile_server() -> Iterator[HostileServer]:
    """A started ``HostileServer``, stopped afterwards."""
    server = HostileServer().start()
    try:
        yield server
    finally:
        server.stop()


def main() -> int:
    """Run the hostile server until interrupted; prints ``READY <base url> <ca bundle>``."""
    import signal
    import sys

    server = HostileServer().start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print(f"READY {server.base_url} {server.ca_bundle}", flush=True)
    try:
        for behaviour in BEHAVIOURS:
            print(f"  {server.url_for(behaviour.name)}  {behaviour.summary}", file=sys.stderr)
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

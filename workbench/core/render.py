"""Raw text of exchanges as httpie prints them: request line, headers, blank line, body."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from workbench.core.body_kind import BodyFormat, body_kind, decode_body
from workbench.core.config import Pairs
from workbench.core.http import Exchange, HttpRequest, HttpResponse, first_header
from workbench.core.redact import (
    MASK,
    Redactor,
    harvest_request,
    harvest_response,
    harvest_secrets,
    redact_text,
)

__all__ = [
    "MASK",
    "PRETTY_MAX_BYTES",
    "body_text",
    "pretty_body",
    "redact_text",
    "render_exchange",
    "render_request",
    "render_response",
    "request_target",
]

PRETTY_MAX_BYTES = 2 * 1024 * 1024
"""Bodies larger than this are shown as they are, not re-indented."""

_SCHEME_AND_AUTHORITY = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*")
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+', re.S)
_CLOSERS = {"{": "}", "[": "]"}


def request_target(url: str) -> str:
    """The path and query of ``url`` as on the request line (``/`` when empty, no fragment)."""
    match = _SCHEME_AND_AUTHORITY.match(url)
    if match is None:
        return url.split("#", 1)[0] or "/"
    rest = url[match.end() :].split("#", 1)[0]
    if not rest.startswith("/"):
        rest = "/" + rest
    return rest


def body_text(body: bytes, content_type: str = "") -> str | None:
    """The body as text, or None when it is binary (``workbench.core.body_kind`` decides).

    ``content_type`` is the whole header: a declared charset is honoured.
    """
    return decode_body(body, body_kind(body, content_type))


def render_request(
    request: HttpRequest, *, secrets: Iterable[str] = (), reveal: bool = False
) -> str:
    """``POST /v3/token HTTP/1.1``, headers in order, blank line, body; masked unless revealed."""
    if not reveal:
        request = Redactor((*secrets, *harvest_request(request))).request(request)
    head = [f"{request.method} {request_target(request.url)} HTTP/1.1"]
    head.extend(_header_lines(request.headers))
    return _with_body(head, _display_body(request.body, request.headers))


def render_response(
    response: HttpResponse, *, secrets: Iterable[str] = (), reveal: bool = False
) -> str:
    """``HTTP/1.1 401 Unauthorized``, headers in order, blank line, body; masked unless revealed."""
    if not reveal:
        response = Redactor((*secrets, *harvest_response(response))).response(response)
    return _render_response_text(response)


def render_exchange(
    exchange: Exchange, *, reveal: bool = False, extra_secrets: Iterable[str] = ()
) -> str:
    """Request and response separated by a blank line, then any transport failure and notes."""
    if not reveal:
        exchange = Redactor((*harvest_secrets(exchange), *extra_secrets)).exchange(exchange)
    sections = [render_request(exchange.request, reveal=True)]
    if exchange.response is not None:
        sections.append(_render_response_text(exchange.response))
    trailer: list[str] = []
    if exchange.failure is not None:
        trailer.append(f"[transport failure: {exchange.failure.kind}] {exchange.failure.message}")
    elif exchange.response is None:
        trailer.append("[no response]")
    trailer.extend(f"[note] {note}" for note in exchange.notes)
    if trailer:
        sections.append("\n".join(trailer) + "\n")
    text = sections[0]
    for section in sections[1:]:
        text += ("\n" if text.endswith("\n") else "\n\n") + section
    return text


def pretty_body(
    response: HttpResponse, *, secrets: Iterable[str] = (), reveal: bool = False
) -> str:
    """The body for reading: JSON re-indented by 2 (keys, escapes and numbers as sent), else text.

    Masked unless revealed. Never raises: bodies that are too large, too deeply nested or not
    JSON come back as plain text; binary bodies as ``[binary body: N bytes]``.
    """
    body = response.body
    if not reveal:
        body = Redactor((*secrets, *harvest_response(response))).data(body)
    kind = body_kind(body, response.header("Content-Type") or "")
    text = decode_body(body, kind)
    if text is None:
        return f"[binary body: {len(body)} bytes]"
    if len(body) > PRETTY_MAX_BYTES or kind.format is not BodyFormat.JSON:
        return text
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return text
    return _reindent_json(text)


def _reindent_json(text: str) -> str:
    """Indent valid JSON like ``json.dumps(indent=2)`` while keeping each token verbatim."""
    tokens = [m.group() for m in _JSON_TOKEN.finditer(text)]
    out: list[str] = []
    depth = 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token in _CLOSERS:
            if index + 1 < len(tokens) and tokens[index + 1] == _CLOSERS[token]:
                out.append(token + _CLOSERS[token])
                index += 2
                continue
            depth += 1
            out.append(token + "\n" + "  " * depth)
        elif token in ("}", "]"):
            depth -= 1
            out.append("\n" + "  " * depth + token)
        elif token == ",":
            out.append(",\n" + "  " * depth)
        elif token == ":":
            out.append(": ")
        else:
            out.append(token)
        index += 1
    return "".join(out)


def _render_response_text(response: HttpResponse) -> str:
    status_line = f"{response.http_version or 'HTTP/1.1'} {response.status} {response.reason}"
    head = [status_line.rstrip(), *_header_lines(response.headers)]
    body = _display_body(response.body, response.headers)
    if response.truncated:
        if body and not body.endswith("\n"):
            body += "\n"
        body += f"[body truncated at {len(response.body)} bytes]"
    return _with_body(head, body)


def _header_lines(headers: Pairs) -> list[str]:
    return [f"{name}: {value}" for name, value in headers]


def _display_body(body: bytes, headers: Pairs) -> str:
    text = body_text(body, first_header(headers, "Content-Type") or "")
    return f"[binary body: {len(body)} bytes]" if text is None else text


def _with_body(head: list[str], body: str) -> str:
    return "\n".join(head) + "\n\n" + body

"""HAR 1.2 export of exchanges, redacted unless the user asks for secrets."""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from workbench import __version__
from workbench.core.config import Pairs
from workbench.core.http import Exchange, HttpRequest, HttpResponse, first_header
from workbench.core.redact import Redactor, harvest_secrets
from workbench.core.render import body_text

__all__ = ["CREATOR_NAME", "har_json", "to_har"]

CREATOR_NAME = "OAuth Workbench"

JsonObject = dict[str, Any]


def to_har(
    exchanges: Sequence[Exchange],
    *,
    include_secrets: bool = False,
    creator_version: str = __version__,
    secrets: Iterable[str] = (),
) -> JsonObject:
    """A HAR 1.2 ``{"log": ...}`` document; secrets are masked unless ``include_secrets``.

    One redaction for the whole log: a secret any exchange carries in a named place (a token
    issued by one, a client secret sent by another), or given in ``secrets``, is masked in
    every entry, wherever it stands (a token sent in a later body, echoed by a server).
    Transport failures become entries with response status 0, an ``_error`` on the response
    and a plain-language ``comment``; notes (redirect not followed, body cut) go in ``comment``.
    """
    if include_secrets:
        entries = [_entry(exchange, _kept) for exchange in exchanges]
    else:
        known = [*secrets]
        for exchange in exchanges:
            known.extend(harvest_secrets(exchange))
        redactor = Redactor(dict.fromkeys(known))
        entries = [_entry(redactor.exchange(exchange), redactor.values) for exchange in exchanges]
    log: JsonObject = {
        "version": "1.2",
        "creator": {"name": CREATOR_NAME, "version": creator_version},
        "entries": entries,
    }
    if not include_secrets:
        log["comment"] = "Secrets are masked; export again with secrets included to keep them."
    return {"log": log}


def har_json(
    exchanges: Sequence[Exchange],
    *,
    include_secrets: bool = False,
    creator_version: str = __version__,
    secrets: Iterable[str] = (),
) -> str:
    """``to_har`` as indented JSON text (UTF-8 characters kept)."""
    har = to_har(
        exchanges,
        include_secrets=include_secrets,
        creator_version=creator_version,
        secrets=secrets,
    )
    return json.dumps(har, indent=2, ensure_ascii=False, allow_nan=False)


Mask = Callable[[str], str]
"""Masks known secret values in a decoded query or form value (or keeps it, unredacted)."""


def _kept(text: str) -> str:
    return text


def _entry(exchange: Exchange, mask: Mask) -> JsonObject:
    wait_ms = _ms(exchange.waiting_s)
    receive_ms = max(0.0, _ms(exchange.duration_s) - wait_ms)
    entry: JsonObject = {
        "startedDateTime": _iso_time(exchange.started_wall),
        "time": round(wait_ms + receive_ms, 3),
        "request": _request(exchange.request, mask),
        "response": _response(exchange.response, exchange),
        "cache": {},
        "timings": {
            "blocked": -1,
            "dns": -1,
            "connect": -1,
            "send": 0,
            "wait": round(wait_ms, 3),
            "receive": round(receive_ms, 3),
        },
        "_kind": str(exchange.kind),
    }
    comments: list[str] = []
    if exchange.failure is not None:
        comments.append(
            f"No response: transport failure ({exchange.failure.kind}): {exchange.failure.message}"
        )
        entry["_problem"] = {
            "kind": str(exchange.failure.kind),
            "message": exchange.failure.message,
        }
    comments.extend(exchange.notes)
    if comments:
        entry["comment"] = "\n".join(comments)
    return entry


def _request(request: HttpRequest, mask: Mask) -> JsonObject:
    har: JsonObject = {
        "method": request.method,
        "url": request.url,
        "httpVersion": "HTTP/1.1",
        "cookies": _request_cookies(request.headers),
        "headers": _headers(request.headers),
        "queryString": _query(request.url, mask),
        "headersSize": -1,
        "bodySize": len(request.body),
    }
    if request.body:
        mime_type = request.header("Content-Type") or ""
        text = body_text(request.body, mime_type)
        post: JsonObject = {"mimeType": mime_type}
        if text is None:
            post["text"] = base64.b64encode(request.body).decode("ascii")
            post["_encoding"] = "base64"
            post["comment"] = f"Binary body of {len(request.body)} bytes, base64-encoded."
        else:
            post["text"] = text
            if mime_type.split(";", 1)[0].strip().lower() == "application/x-www-form-urlencoded":
                post["params"] = [
                    {"name": mask(name), "value": mask(value)}
                    for name, value in parse_qsl(text, keep_blank_values=True)
                ]
        har["postData"] = post
    return har


def _response(response: HttpResponse | None, exchange: Exchange) -> JsonObject:
    if response is None:
        har: JsonObject = {
            "status": 0,
            "statusText": "",
            "httpVersion": "",
            "cookies": [],
            "headers": [],
            "content": {"size": 0, "mimeType": "x-unknown"},
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1,
        }
        if exchange.failure is not None:
            har["_error"] = f"{exchange.failure.kind}: {exchange.failure.message}"
        return har
    mime_type = response.header("Content-Type") or "x-unknown"
    content: JsonObject = {"size": len(response.body), "mimeType": mime_type}
    if response.body:
        text = body_text(response.body, response.header("Content-Type") or "")
        if text is None:
            content["text"] = base64.b64encode(response.body).decode("ascii")
            content["encoding"] = "base64"
        else:
            content["text"] = text
    else:
        content["text"] = ""
    if response.truncated:
        content["comment"] = f"Body truncated at {len(response.body)} bytes."
    encoded = response.header("Content-Encoding")
    compressed = encoded is not None and encoded.strip().lower() not in ("", "identity")
    return {
        "status": response.status,
        "statusText": response.reason,
        "httpVersion": response.http_version or "HTTP/1.1",
        "cookies": _response_cookies(response.headers),
        "headers": _headers(response.headers),
        "content": content,
        "redirectURL": response.header("Location") or "",
        "headersSize": -1,
        "bodySize": -1 if compressed or response.truncated else len(response.body),
    }


def _headers(headers: Pairs) -> list[JsonObject]:
    return [{"name": name, "value": value} for name, value in headers]


def _query(url: str, mask: Mask) -> list[JsonObject]:
    """The query's pairs, decoded: decoding can reveal a value escaped in an unusual way
    (``%2f`` for ``/``), so known secrets are masked again after it."""
    try:
        query = urlsplit(url).query
    except ValueError:
        return []
    return [
        {"name": mask(n), "value": mask(v)} for n, v in parse_qsl(query, keep_blank_values=True)
    ]


def _request_cookies(headers: Pairs) -> list[JsonObject]:
    cookies: list[JsonObject] = []
    cookie_header = first_header(headers, "Cookie")
    if cookie_header:
        for piece in cookie_header.split(";"):
            name, sep, value = piece.strip().partition("=")
            if sep and name:
                cookies.append({"name": name, "value": value})
    return cookies


def _response_cookies(headers: Pairs) -> list[JsonObject]:
    cookies: list[JsonObject] = []
    for header_name, header_value in headers:
        if header_name.lower() != "set-cookie":
            continue
        first, *attributes = header_value.split(";")
        name, sep, value = first.strip().partition("=")
        if not sep or not name:
            continue
        cookie: JsonObject = {"name": name, "value": value}
        for attribute in attributes:
            key, _, attribute_value = attribute.strip().partition("=")
            lowered = key.lower()
            if lowered in ("path", "domain", "expires"):
                cookie[lowered] = attribute_value
            elif lowered == "httponly":
                cookie["httpOnly"] = True
            elif lowered == "secure":
                cookie["secure"] = True
        cookies.append(cookie)
    return cookies


def _ms(seconds: float) -> float:
    milliseconds = seconds * 1000.0
    if not math.isfinite(milliseconds) or milliseconds < 0:
        return 0.0
    return milliseconds


def _iso_time(wall_s: float) -> str:
    try:
        moment = datetime.fromtimestamp(wall_s, tz=UTC)
    except (OverflowError, OSError, ValueError):
        moment = datetime.fromtimestamp(0, tz=UTC)
    return moment.isoformat(timespec="milliseconds")

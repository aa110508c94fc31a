"""Turn any failed exchange into a ``Problem`` in plain words (design §4); never raises."""

from __future__ import annotations

import codecs
import contextlib
import email.utils
import html
import itertools
import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC
from functools import partial
from urllib.parse import urljoin, urlsplit

from workbench.core.config import Pairs
from workbench.core.getresponse_codes import GETRESPONSE_CODES, code_wording_is_ours
from workbench.core.http import (
    Exchange,
    ExchangeKind,
    FailureKind,
    HttpRequest,
    HttpResponse,
    TransportFailure,
)
from workbench.core.problems import Problem, ProblemKind

MAX_JSON_BYTES = 2 * 1024 * 1024
"""Bodies larger than this are not parsed as JSON; only their start is looked at as text."""
HEAD_BYTES = 64 * 1024
"""How much of a body is decoded to find a title, a heading or the first lines."""
MAX_FIELDS = 200
"""At most this many flattened fields are kept in ``Problem.fields``."""
MAX_TITLE_CHARS = 59
MAX_QUOTE_CHARS = 200
MAX_FIELD_VALUE_CHARS = 500
_MAX_FIELD_DEPTH = 16
_MAX_HEADER_CHARS = 16 * 1024
_MIN_MASKED_CHARS = 8
"""Shorter secrets are not masked in the words: they would blot out ordinary words."""


@dataclass(frozen=True)
class AuthChallenge:
    """One challenge of a ``WWW-Authenticate`` header: scheme, auth-params or a token68."""

    scheme: str
    params: Pairs = ()
    """Parameter names in lower case, values unquoted and unescaped, in order."""
    token68: str = ""

    def param(self, name: str) -> str | None:
        """The first value of parameter ``name`` (case-insensitive), or None."""
        lowered = name.lower()
        for key, value in self.params:
            if key == lowered:
                return value
        return None


def describe_problem(exchange: Exchange) -> Problem:
    """Explain ``exchange`` in plain words; never raises, whatever the bytes or headers.

    Transport failures come first; then a 3xx is a redirect that was not followed;
    then the body and ``WWW-Authenticate`` are decoded, most specific first:
    GetResponse's envelope, RFC 6749 §5.2 ``error``, an RFC 6750 Bearer challenge with
    an error, RFC 9457 problem+json, a bare Bearer or Basic challenge, and finally the
    HTTP status with whatever the body says (JSON message, HTML title, first text lines).

    A successful 2xx exchange passed in anyway is decoded only when its body is an error
    shape (some servers send errors with 200); otherwise the result is an ``UNEXPECTED``
    problem titled "Nothing failed" that says so, so callers never get ``None``.
    """
    try:
        return _finish(_describe(exchange), exchange)
    except Exception:  # the decoder must never raise, whatever it was given
        return _last_resort(exchange)


# --- WWW-Authenticate ---------------------------------------------------------------------

_TOKEN_STOP = frozenset(' \t,="')


def parse_www_authenticate(values: Iterable[str]) -> tuple[AuthChallenge, ...]:
    """Parse every challenge in the given ``WWW-Authenticate`` header values (RFC 9110 §11.6.1).

    Tolerant: several challenges per value and several values are fine, quoted strings
    may hold commas and backslash escapes, an unterminated quote runs to the end, and
    stray characters are skipped. Each value is read up to 16 KiB.
    """
    challenges: list[AuthChallenge] = []
    for value in values:
        challenges.extend(_parse_challenges(str(value)[:_MAX_HEADER_CHARS]))
    return tuple(challenges)


@dataclass
class _Building:
    scheme: str
    params: list[tuple[str, str]]
    token68: str = ""
    fresh: bool = True
    """Nothing but the scheme read so far: a token68 may follow."""


def _parse_challenges(text: str) -> list[AuthChallenge]:
    built: list[_Building] = []
    current: _Building | None = None
    index, length = 0, len(text)
    while index < length:
        saw_comma = False
        while index < length and text[index] in " \t,":
            saw_comma = saw_comma or text[index] == ","
            index += 1
        if index >= length:
            break
        name, index = _read_token(text, index)
        if not name:  # a stray '=' or a quoted string where a name should be
            if text[index] == '"':
                _, index = _read_quoted(text, index)
            else:
                index += 1
            continue
        after_name = _skip_spaces(text, index)
        if after_name < length and text[after_name] == "=":
            equals_end = after_name
            while equals_end < length and text[equals_end] == "=":
                equals_end += 1
            rest = _skip_spaces(text, equals_end)
            looks_like_token68 = equals_end - after_name >= 2 or rest >= length or text[rest] == ","
            if current is not None and current.fresh and not saw_comma and looks_like_token68:
                current.token68 = name + text[after_name:equals_end]
                current.fresh = False
                index = equals_end
                continue
            value_start = _skip_spaces(text, after_name + 1)
            if value_start < length and text[value_start] == '"':
                value, index = _read_quoted(text, value_start)
            else:
                value, index = _read_token(text, value_start, stop=frozenset(" \t,"))
            if current is None:
                current = _Building(scheme="", params=[])
                built.append(current)
            current.params.append((name.lower(), value))
            current.fresh = False
        elif current is not None and current.fresh and not saw_comma:
            current.token68 = name
            current.fresh = False
            index = after_name
        else:
            current = _Building(scheme=name, params=[])
            built.append(current)
            index = after_name
    return [AuthChallenge(item.scheme, tuple(item.params), item.token68) for item in built]


def _read_token(text: str, index: int, stop: frozenset[str] = _TOKEN_STOP) -> tuple[str, int]:
    start = index
    while index < len(text) and text[index] not in stop:
        index += 1
    return text[start:index], index


def _read_quoted(text: str, index: int) -> tuple[str, int]:
    """Read a quoted string starting at the opening quote; return its value and the end."""
    chars: list[str] = []
    index += 1
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            chars.append(text[index + 1])
            index += 2
            continue
        if char == '"':
            return "".join(chars), index + 1
        chars.append(char)
        index += 1
    return "".join(chars), index


def _skip_spaces(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t":
        index += 1
    return index


# --- the decoder ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Words:
    """The four plain-language parts of a problem, and its kind."""

    kind: ProblemKind
    title: str
    explanation: str
    likely_cause: str
    suggested_action: str


@dataclass(frozen=True)
class _Body:
    """What a response body turned out to be."""

    format: str
    """json, html, text, empty or binary."""
    size: int
    data: object = None
    """The parsed JSON value when ``format`` is json."""
    snippet: str = ""
    """A short, cleaned piece of text worth quoting: a message, a page title, first lines."""


def _describe(exchange: Exchange) -> Problem:
    if exchange.failure is not None:
        return _from_failure(exchange, exchange.failure)
    response = exchange.response
    if response is None:
        return Problem(
            ProblemKind.UNEXPECTED,
            "No answer was recorded",
            "The exchange holds neither an answer from the server nor an error, "
            "so there is nothing to explain.",
            "The request was never sent, or its recording was lost.",
            "Send the request again.",
        )
    status = int(response.status)
    body = _read_body(response)
    if 300 <= status < 400:
        return _from_redirect(exchange, response, body)
    if status < 200 or status >= 600:
        return _unusual_status(response, body)
    if 200 <= status < 300:
        decoded = _from_error_shapes(exchange, response, body, success=True)
        return decoded if decoded is not None else _success(exchange, response, body)
    decoded = _from_error_shapes(exchange, response, body, success=False)
    if decoded is not None:
        return decoded
    return _by_status(exchange, response, body)


def _from_error_shapes(
    exchange: Exchange, response: HttpResponse, body: _Body, *, success: bool
) -> Problem | None:
    """Decode the known error formats, most specific first; None when none applies."""
    data = body.data if body.format == "json" else None
    if isinstance(data, dict):
        is_envelope = "httpStatus" in data and "code" in data
        if is_envelope and (not success or (_as_int(data.get("httpStatus")) or 0) >= 400):
            return _from_getresponse(exchange, response, data)
        error = data.get("error")
        if isinstance(error, str) and error.strip() and "access_token" not in data:
            return _from_rfc6749(exchange, response, data, error.strip())
    if success:
        return None
    challenges = _challenges(response)
    bearer = next((c for c in challenges if c.scheme.lower() == "bearer"), None)
    if bearer is not None and (bearer.param("error") or "").strip():
        return _from_bearer_error(exchange, response, body, bearer)
    if isinstance(data, dict) and _is_problem_json(response, data):
        return _from_problem_json(exchange, response, data)
    status = response.status
    if status == 401 and bearer is not None:
        return _from_bare_bearer(exchange, response, body, bearer)
    basic = next((c for c in challenges if c.scheme.lower() == "basic"), None)
    if status == 401 and basic is not None and exchange.kind is ExchangeKind.TOKEN:
        return _make(
            _bad_credentials_words(exchange.request),
            source="www-authenticate",
            http_status=status,
            code="Basic",
            fields=_challenge_fields(basic),
            quote=body.snippet,
        )
    return None


# --- transport failures --------------------------------------------------------------------


def _from_failure(exchange: Exchange, failure: TransportFailure) -> Problem:
    url = str(exchange.request.url)
    host, port = _host_and_port(url)
    where = host or "the server"
    message = _clean(failure.message, MAX_QUOTE_CHARS)
    kind = failure.kind
    if kind == FailureKind.CANCELLED:
        words = _Words(
            ProblemKind.CANCELLED,
            "Request cancelled",
            f"You cancelled the request to {where} before it finished.",
            "The cancel button was pressed, or a newer request replaced this one.",
            "Send the request again when you are ready.",
        )
    elif kind == FailureKind.INVALID_URL:
        shown = _clean(url, 120) or "(empty)"
        words = _Words(
            ProblemKind.TRANSPORT,
            "The address is not a valid URL",
            f"Nothing was sent because “{shown}” is not a complete web address.",
            "The URL is empty, lacks http:// or https://, or holds a typo such as a space "
            "or a bad port number.",
            "Correct the URL (for example https://api.getresponse.com/v3/token) and send again.",
        )
    elif kind == FailureKind.DNS:
        words = _Words(
            ProblemKind.TRANSPORT,
            f"Could not find the server {where}",
            f"The name {where} could not be turned into a network address, so nothing was sent.",
            "A typo in the host name, no internet connection, or a VPN or company network "
            "that does not know this name.",
            "Check the spelling of the host name and your internet connection, then send again.",
        )
    elif kind == FailureKind.REFUSED:
        target = f"{where}:{port}" if port else where
        words = _Words(
            ProblemKind.TRANSPORT,
            f"Nothing is listening on {target}",
            f"The computer at {where} was reached, but no program accepts connections on "
            f"port {port or 'given'}, so nothing was sent.",
            "The server is not running, or the URL has the wrong port or the wrong scheme "
            "(http instead of https, or the reverse).",
            "Start the server, or fix the host and port in the URL, then send again.",
        )
    elif kind == FailureKind.TLS:
        words = _Words(
            ProblemKind.TRANSPORT,
            f"Secure connection to {where} failed",
            f"The workbench could not set up a secure (TLS) connection with {where}, "
            "so nothing was sent.",
            _tls_cause(message, where),
            "Check the URL (https or http, and the port). For a test server with its own "
            "certificate you may turn TLS verification off for this profile.",
        )
    elif kind == FailureKind.TIMEOUT:
        waited = f" for {_format_seconds(exchange.duration_s)}" if exchange.duration_s > 0 else ""
        words = _Words(
            ProblemKind.TRANSPORT,
            f"No answer from {where} in time",
            f"The workbench waited{waited} for {where} to answer and then gave up.",
            "The server is slow or overloaded, a firewall silently drops the traffic, "
            "or the network is down.",
            "Send the request again; raise the timeout if this server is known to be slow.",
        )
    elif kind == FailureKind.CONNECTION_LOST:
        words = _Words(
            ProblemKind.TRANSPORT,
            f"The connection to {where} was lost",
            f"The connection to {where} closed before the whole answer arrived.",
            "The server crashed or restarted, a proxy cut the connection, or the network dropped.",
            "Send the request again.",
        )
    elif kind == FailureKind.DECODING:
        words = _Words(
            ProblemKind.TRANSPORT,
            f"The answer from {where} could not be unpacked",
            f"{where} sent an answer that was compressed or encoded in a way that could not "
            "be unpacked.",
            "A broken gzip, deflate or brotli body, or a Content-Encoding header that does not "
            "match the body.",
            "Send the request again; if it keeps happening, the server's compression is faulty.",
        )
    elif kind == FailureKind.PROTOCOL:
        words = _Words(
            ProblemKind.TRANSPORT,
            f"The answer from {where} could not be read",
            f"{where} answered, but its answer breaks the rules of HTTP or goes past the "
            "limits the workbench reads (such as a header line over 64 KiB or more than "
            "100 headers), so it was not used.",
            "A misconfigured server or proxy, or a port that speaks another protocol than HTTP.",
            "Check that the URL points at the API's HTTP server; if it does, the server or a "
            "proxy in between needs fixing.",
        )
    else:
        words = _Words(
            ProblemKind.TRANSPORT,
            f"Could not talk to {where}",
            f"Something went wrong while sending the request to {where} or reading its answer.",
            f"The technical message was: {message}" if message else "The cause is unknown.",
            "Send the request again; if it keeps failing, check the URL, proxy settings "
            "and network.",
        )
    detailed = (
        FailureKind.INVALID_URL,
        FailureKind.TIMEOUT,
        FailureKind.CONNECTION_LOST,
        FailureKind.PROTOCOL,
    )
    if message and kind in (*detailed, FailureKind.DECODING) and message not in words.likely_cause:
        words = replace(words, likely_cause=_sentence(f"{words.likely_cause} Details: {message}"))
    response = exchange.response
    status = response.status if response is not None else None
    if status is not None and words.kind is not ProblemKind.CANCELLED:
        words = replace(
            words,
            explanation=f"{words.explanation} The server had begun to answer "
            f"(HTTP {status}) when it happened.",
        )
    return _make(
        words,
        source="transport",
        http_status=status,
        code=str(kind),
        fields=(("failure.kind", str(kind)), ("failure.message", message)),
    )


def _tls_cause(message: str, where: str) -> str:
    lowered = message.lower()
    if any(hint in lowered for hint in ("wrong version number", "unknown protocol", "in tls")):
        return "The server does not speak HTTPS on this port; try http:// or the right port."
    if any(hint in lowered for hint in ("hostname", "match", "another host")):
        return f"The server's certificate was issued for another name than {where}."
    if "expired" in lowered:
        return "The server's certificate has expired."
    if "self signed" in lowered or "self-signed" in lowered or "unknown ca" in lowered:
        return (
            "The server's certificate is self-signed or from an authority this computer "
            "does not trust."
        )
    if "certificate verify failed" in lowered or "authority" in lowered:
        return "The server's certificate is not trusted by this computer."
    if message:
        return message
    return "The server's certificate could not be verified, or the server does not speak TLS."


# --- redirects, odd statuses, success --------------------------------------------------------


def _from_redirect(exchange: Exchange, response: HttpResponse, body: _Body) -> Problem:
    status = response.status
    if status == 304:
        return _make(
            _Words(
                ProblemKind.UNEXPECTED,
                "The server said nothing changed",
                "The server answered 304 Not Modified, which only makes sense for a "
                "request that asked whether something changed.",
                "The request carried a caching header such as If-None-Match or If-Modified-Since.",
                "Remove the caching headers and send again.",
            ),
            source=body.format,
            http_status=status,
        )
    location = _clean(response.header("Location") or "", 300)
    if not location:
        return _make(
            _Words(
                ProblemKind.REDIRECT,
                "The server redirected without an address",
                f"The server answered with a redirect (HTTP {status}) but did not say where to; "
                "the workbench did not follow it.",
                "A misconfigured server or proxy.",
                "Check the URL, and ask the API's provider for the right address.",
            ),
            source=body.format,
            http_status=status,
        )
    target = location
    with contextlib.suppress(ValueError):
        target = urljoin(str(exchange.request.url), location)
    cause = (
        "The address has moved (for example from http to https, or to a new path), or a "
        "proxy or login page intercepted the request."
    )
    own_host, _ = _host_and_port(str(exchange.request.url))
    new_host, _ = _host_and_port(target)
    if new_host and own_host and new_host.lower() != own_host.lower():
        cause += (
            f" It points to a different host ({new_host}): make sure it is genuine before "
            "sending credentials or tokens there."
        )
    return _make(
        _Words(
            ProblemKind.REDIRECT,
            "The server redirected elsewhere",
            f"The server answered with a redirect to {target}; the workbench did not follow it, "
            "so nothing was sent there.",
            cause,
            "Update the URL to the new address if you trust it, then send again.",
        ),
        source=body.format,
        http_status=status,
        fields=(("Location", location),),
    )


def _unusual_status(response: HttpResponse, body: _Body) -> Problem:
    status = response.status
    if 100 <= status < 200:
        words = _Words(
            ProblemKind.UNEXPECTED,
            "Only an interim answer arrived",
            f"The server sent only an interim answer (HTTP {status}) and never a final one.",
            "A server or proxy that does not finish its answers.",
            "Send the request again; if it keeps happening, contact the API's provider.",
        )
    else:
        words = _Words(
            ProblemKind.UNEXPECTED,
            "The server sent an unknown status",
            f"The server answered with status {status}, which is not a standard HTTP status.",
            "A misbehaving server or proxy.",
            "Look at the raw response for clues, and contact the API's provider.",
        )
    return _make(words, source=body.format, http_status=status, quote=body.snippet)


def _success(exchange: Exchange, response: HttpResponse, body: _Body) -> Problem:
    status = response.status
    reason = _clean(response.reason, 40)
    cause = "If the result still looks wrong, the problem is in what the answer contains."
    if exchange.kind is ExchangeKind.TOKEN:
        cause += (
            " For a token request, check that the body holds access_token, token_type "
            "and expires_in."
        )
    return _make(
        _Words(
            ProblemKind.UNEXPECTED,
            "Nothing failed",
            f"The server answered {status}{' ' + reason if reason else ''}, which means "
            "success; there is no error to explain.",
            cause,
            "Look at the response body to check it holds what you expected.",
        ),
        source=body.format,
        http_status=status,
    )


# --- GetResponse -----------------------------------------------------------------------------

_GETRESPONSE_LIMITS = (
    "GetResponse allows 30,000 calls per 10 minutes, 80 per second and 10 at once."
)


def _from_getresponse(
    exchange: Exchange, response: HttpResponse, envelope: dict[str, object]
) -> Problem:
    code = _as_int(envelope.get("code"))
    code_text = _scalar_text(envelope.get("code"))
    message = _clean(_scalar_text(envelope.get("message")), MAX_QUOTE_CHARS)
    description = _clean(_scalar_text(envelope.get("codeDescription")), MAX_QUOTE_CHARS)
    quote = message or description
    fields = _flatten(envelope)
    more_info = _http_url(envelope.get("moreInfo"))
    status = response.status
    make = partial(
        _make,
        source="getresponse",
        http_status=status,
        code=code_text,
        fields=fields,
        more_info_url=more_info,
    )
    ours = code is None or code_wording_is_ours(code)
    if code == 1014:
        if "expired" in message.lower():
            return make(_expired_words("GetResponse"), wording_is_ours=False)
        if exchange.kind is ExchangeKind.TOKEN:
            return make(
                _bad_credentials_words(exchange.request),
                wording_is_ours=False,
                quote=quote,
                speaker="GetResponse",
            )
        return make(
            _api_auth_words(exchange.request, "GetResponse"),
            wording_is_ours=False,
            quote=quote,
            speaker="GetResponse",
        )
    if code == 1015:
        context = envelope.get("context")
        reset = context.get("timeToReset") if isinstance(context, dict) else None
        wait_s = _seconds_from_text(_scalar_text(reset)) if reset is not None else None
        if wait_s is None:
            wait_s = _retry_after_from_headers(exchange, response)
        return make(
            _rate_limited_words("GetResponse", wait_s, _GETRESPONSE_LIMITS),
            wording_is_ours=False,
            retry_after_s=wait_s,
            quote=quote,
            speaker="GetResponse",
        )
    entry = GETRESPONSE_CODES.get(code) if code is not None else None
    if entry is not None:
        words = _Words(
            entry.kind,
            entry.title,
            entry.explanation,
            entry.likely_cause + _x_domain_hint(exchange.request, code or 0),
            entry.suggested_action,
        )
        if code == 1000:
            details = _context_summary(fields)
            if details:
                words = replace(words, likely_cause=f"{words.likely_cause} Details: {details}.")
        return make(words, wording_is_ours=ours, quote=quote, speaker="GetResponse")
    base = _status_words(exchange, response.status, quote="")
    words = replace(
        base,
        explanation=f"{base.explanation} GetResponse gave the error code {code_text or '?'}, "
        "which the workbench does not know.",
    )
    return make(words, wording_is_ours=True, quote=quote, speaker="GetResponse")


def _x_domain_hint(request: HttpRequest, code: int) -> str:
    if code not in (1021, 1024):
        return ""
    sent = request.header("X-Domain")
    if sent is None:
        return " This request sent no X-Domain header."
    return f" This request sent X-Domain: {_clean(sent, 80)}."


def _context_summary(fields: Pairs) -> str:
    parts = [
        f"{key.removeprefix('context.')} = {value}"
        for key, value in fields
        if key.startswith("context.") and value
    ]
    return _clean("; ".join(parts[:5]), MAX_QUOTE_CHARS)


# --- RFC 6749 §5.2 and RFC 6750 ----------------------------------------------------------------

_RFC6749_WORDS: dict[str, _Words] = {
    "invalid_request": _Words(
        ProblemKind.BAD_REQUEST,
        "The request was malformed",
        "The server says the request is missing something, repeats a parameter or is "
        "otherwise malformed.",
        "A missing grant_type or parameter, a parameter sent twice, or a body format "
        "(form or JSON) the server does not read.",
        "Check grant_type and the other parameters, try a form body if JSON was sent, "
        "and send again.",
    ),
    "invalid_grant": _Words(
        ProblemKind.BAD_REQUEST,
        "The server refused the grant",
        "The token endpoint refused the grant this request is based on, so it issued no token.",
        "For client credentials this usually means the client may not get tokens this way, "
        "or its credentials are not valid for this grant.",
        "Check the client's settings at the provider and the grant_type, then try again.",
    ),
    "unauthorized_client": _Words(
        ProblemKind.FORBIDDEN,
        "This client may not use this grant",
        "The server knows the client but does not allow it to get tokens with this grant type.",
        "The client-credentials grant is not enabled for this client at the provider.",
        "Enable the client-credentials grant for this client in the provider's settings.",
    ),
    "unsupported_grant_type": _Words(
        ProblemKind.BAD_REQUEST,
        "The server does not support this grant",
        "The token endpoint does not support the grant type the request asked for.",
        "grant_type is misspelt, the server does not offer client credentials, or it could "
        "not read a JSON body and so saw no grant_type at all.",
        "Check that grant_type is client_credentials, try a form body, and send again.",
    ),
    "invalid_scope": _Words(
        ProblemKind.BAD_REQUEST,
        "The requested scope was refused",
        "The server does not accept the scope the request asked for.",
        "A scope that is unknown, misspelt or not granted to this client "
        "(GetResponse knows only the scope all).",
        "Change or remove the scope and get a token again.",
    ),
    "access_denied": _Words(
        ProblemKind.FORBIDDEN,
        "Access denied",
        "The server refused to grant access.",
        "The client or account is not allowed to do this.",
        "Check the client's permissions at the provider.",
    ),
    "server_error": _Words(
        ProblemKind.SERVER_ERROR,
        "The server had an internal error",
        "Something went wrong inside the server while it handled the request.",
        "A fault on the server's side; the request itself may be fine.",
        "Wait a little and send the request again.",
    ),
    "temporarily_unavailable": _Words(
        ProblemKind.SERVER_ERROR,
        "The server is temporarily unavailable",
        "The server cannot handle the request right now.",
        "It is overloaded or down for maintenance.",
        "Wait a while and send the request again.",
    ),
    "insufficient_scope": _Words(
        ProblemKind.INSUFFICIENT_SCOPE,
        "The token lacks a needed permission",
        "The token is valid but does not grant the permission (scope) this request needs.",
        "The token was requested with too narrow a scope, or the client is not allowed the scope.",
        "Get a token with the needed scope and send the request again.",
    ),
}


def _from_rfc6749(
    exchange: Exchange, response: HttpResponse, data: dict[str, object], error: str
) -> Problem:
    description = _clean(_scalar_text(data.get("error_description")), MAX_QUOTE_CHARS)
    return _make(
        _oauth_error_words(exchange, response, error, description),
        source="rfc6749",
        http_status=response.status,
        code=_clean(error, 100),
        fields=_flatten(data),
        more_info_url=_http_url(data.get("error_uri")),
        quote=description,
    )


def _oauth_error_words(
    exchange: Exchange, response: HttpResponse, error: str, description: str
) -> _Words:
    """Words for an OAuth error code from a body (RFC 6749) or a Bearer challenge (RFC 6750)."""
    error = error.strip().lower()
    if error == "invalid_client":
        return _bad_credentials_words(exchange.request)
    if error == "invalid_token":
        if _mentions_expiry(description):
            return _expired_words("The server")
        return _token_invalid_words(exchange.request, "The server")
    words = _RFC6749_WORDS.get(error)
    if words is not None:
        return words
    base = _status_words(exchange, response.status, quote=description)
    return replace(
        base,
        explanation=f"{base.explanation} The server gave the error code "
        f"“{_clean(error, 60)}”, which the workbench does not know.",
    )


def _from_bearer_error(
    exchange: Exchange, response: HttpResponse, body: _Body, bearer: AuthChallenge
) -> Problem:
    error = (bearer.param("error") or "").strip()
    description = _clean(bearer.param("error_description") or "", MAX_QUOTE_CHARS)
    words = _oauth_error_words(exchange, response, error, description or body.snippet)
    scope = _clean(bearer.param("scope") or "", 120)
    if error == "insufficient_scope" and scope:
        words = replace(
            words,
            explanation=f"{words.explanation} It asks for the scope “{scope}”.",
            suggested_action=f"Get a token with the scope “{scope}” and send the request again.",
        )
    if error == "invalid_request":
        words = replace(
            words,
            title="The API request was malformed",
            likely_cause="A missing or repeated parameter, or the token sent in more than one "
            "way (header and body or URL).",
        )
    return _make(
        words,
        source="rfc6750",
        http_status=response.status,
        code=_clean(error, 100),
        fields=_challenge_fields(bearer),
        more_info_url=_http_url(bearer.param("error_uri")),
        quote=description or body.snippet,
    )


def _from_bare_bearer(
    exchange: Exchange, response: HttpResponse, body: _Body, bearer: AuthChallenge
) -> Problem:
    """A 401 with a Bearer challenge and no error code (RFC 6750 §3.1)."""
    if exchange.kind is ExchangeKind.TOKEN:
        words = _bad_credentials_words(exchange.request)
    elif exchange.request.header("Authorization") is None:
        words = _missing_token_words("The server")
    elif _mentions_expiry(body.snippet):
        words = _expired_words("The server")
    else:
        # RFC 6750 says a server should omit the error only when no credentials came;
        # one was sent, so the server rejected it without saying why.
        words = _token_invalid_words(exchange.request, "The server")
    return _make(
        words,
        source="rfc6750",
        http_status=response.status,
        code="",
        fields=_challenge_fields(bearer),
        quote=body.snippet,
    )


def _challenges(response: HttpResponse) -> tuple[AuthChallenge, ...]:
    return parse_www_authenticate(response.header_values("WWW-Authenticate"))


def _challenge_fields(challenge: AuthChallenge) -> Pairs:
    scheme = challenge.scheme or "challenge"
    fields = [(f"WWW-Authenticate.{scheme}.{key}", _cap(value)) for key, value in challenge.params]
    if challenge.token68:
        fields.append((f"WWW-Authenticate.{scheme}", _cap(challenge.token68)))
    return tuple(fields[:MAX_FIELDS]) or (("WWW-Authenticate", scheme),)


# --- RFC 9457 ----------------------------------------------------------------------------------


def _is_problem_json(response: HttpResponse, data: dict[str, object]) -> bool:
    if response.content_type == "application/problem+json":
        return True
    described = isinstance(data.get("title"), str) or isinstance(data.get("detail"), str)
    return described and ("type" in data or "status" in data)


def _from_problem_json(
    exchange: Exchange, response: HttpResponse, data: dict[str, object]
) -> Problem:
    title = _clean(_scalar_text(data.get("title")), 120)
    detail = _clean(_scalar_text(data.get("detail")), MAX_QUOTE_CHARS)
    quote = ": ".join(part for part in (title, detail) if part)
    type_uri = _clean(_scalar_text(data.get("type")), 300)
    words = _status_words(exchange, response.status, quote=quote)
    generic_kinds = {
        ProblemKind.BAD_REQUEST,
        ProblemKind.FORBIDDEN,
        ProblemKind.NOT_FOUND,
        ProblemKind.SERVER_ERROR,
        ProblemKind.UNEXPECTED,
    }
    if title and len(title) <= MAX_TITLE_CHARS and words.kind in generic_kinds:
        words = replace(words, title=title)
    return _make(
        words,
        source="rfc9457",
        http_status=response.status,
        code="" if type_uri in ("", "about:blank") else type_uri,
        fields=_flatten(data),
        more_info_url=_http_url(type_uri),
        quote=quote,
        retry_after_s=_retry_after_for(words.kind, exchange, response),
    )


# --- words shared by several formats -------------------------------------------------------------


def _expired_words(speaker: str) -> _Words:
    return _Words(
        ProblemKind.TOKEN_EXPIRED,
        "The access token has expired",
        "The access token has expired. Get a new token and send the request again.",
        f"Access tokens work for a limited time; {speaker} says this one ran out before "
        "the request arrived.",
        "Get a new token and send the request again.",
    )


def _missing_token_words(speaker: str) -> _Words:
    return _Words(
        ProblemKind.MISSING_TOKEN,
        "No access token was sent",
        f"{speaker} could not tell who is calling because the request carried no access token.",
        "The request had no Authorization header: no token was fetched yet, or sending it "
        "was switched off for this request.",
        "Get a token, then send the request with it (Authorization: Bearer <token>).",
    )


def _token_invalid_words(request: HttpRequest, speaker: str) -> _Words:
    authorization = request.header("Authorization") or ""
    cause = (
        "The token is unknown to the server: mistyped, revoked, cut short, or issued by "
        "another account or environment (for example the sandbox instead of the real API)."
    )
    if authorization and not authorization.lower().startswith("bearer "):
        cause = (
            "The Authorization header does not have the form “Bearer <token>”, so the token "
            "could not be read."
        )
    return _Words(
        ProblemKind.TOKEN_INVALID,
        "The access token was not accepted",
        f"{speaker} could not authenticate the request with the access token it carried.",
        cause + _max_hint(request),
        "Get a new token and send the request again; check the Authorization header's form.",
    )


def _api_auth_words(request: HttpRequest, speaker: str) -> _Words:
    if request.header("Authorization") is None:
        words = _missing_token_words(speaker)
        return replace(words, likely_cause=words.likely_cause + _max_hint(request))
    return _token_invalid_words(request, speaker)


def _max_hint(request: HttpRequest) -> str:
    host, _ = _host_and_port(str(request.url))
    if "getresponse360" in host.lower() and request.header("X-Domain") is None:
        return " GetResponse MAX also needs an X-Domain header naming the account's domain."
    return ""


def _bad_credentials_words(request: HttpRequest) -> _Words:
    how = _credentials_sent_how(request)
    return _Words(
        ProblemKind.BAD_CLIENT_CREDENTIALS,
        "The client id or secret was refused",
        f"The token endpoint did not accept the client's credentials, so it issued no token. {how}",
        "The client id or secret is wrong, or it was sent the wrong way: the server may "
        "expect HTTP Basic rather than the request body (or the reverse), and Basic has two "
        "encodings (RFC 6749 url-encodes the id and secret first, most clients do not) that "
        "differ when they hold characters such as : % + & = # or a space." + _max_hint(request),
        "Check the client id and secret for typos; then try the other Basic encoding, or switch "
        "between Basic and sending them in the body, and get a token again.",
    )


def _credentials_sent_how(request: HttpRequest) -> str:
    authorization = (request.header("Authorization") or "").strip().lower()
    head = bytes(request.body[:HEAD_BYTES])
    basic = authorization.startswith("basic")
    in_body = b"client_secret" in head
    assertion = b"client_assertion" in head
    if basic and (in_body or assertion):
        return (
            "They were sent both in a Basic header and in the body, which RFC 6749 forbids; "
            "send them one way only."
        )
    if basic:
        return "They were sent in an Authorization: Basic header."
    if assertion:
        return "They were sent as a signed JWT (client_assertion)."
    if in_body:
        return "They were sent in the request body (client_id and client_secret)."
    return "No client secret was found in the request."


def _rate_limited_words(speaker: str, wait_s: float | None, limits: str = "") -> _Words:
    if wait_s is not None:
        action = f"Wait {_format_seconds(wait_s)}, then send the request again."
    else:
        action = "Wait a while before sending the request again."
    return _Words(
        ProblemKind.RATE_LIMITED,
        "Too many requests",
        f"{speaker} limits how many requests may be sent, and this one went over the limit.",
        ("Too many requests in a short time from this client or account. " + limits).strip(),
        action,
    )


_STATUS_WORDS: dict[int, _Words] = {
    400: _Words(
        ProblemKind.BAD_REQUEST,
        "The server rejected the request",
        "The server says the request is malformed or incomplete, so it did not act on it.",
        "A missing or wrong parameter, header or body format.",
        "Check the URL, headers and body against the API's documentation and send again.",
    ),
    403: _Words(
        ProblemKind.FORBIDDEN,
        "Access denied",
        "The server understood the request but does not allow it.",
        "The token or account lacks the permission for this action, or the network "
        "address is blocked.",
        "Check the account's permissions and the token's scope, then send again.",
    ),
    404: _Words(
        ProblemKind.NOT_FOUND,
        "Nothing found at this address",
        "The server has nothing at the address the request was sent to.",
        "A typo in the URL path, a wrong API version, or an id that does not exist.",
        "Check the URL against the API's documentation and send again.",
    ),
    405: _Words(
        ProblemKind.BAD_REQUEST,
        "Wrong HTTP method for this address",
        "The server does not accept this HTTP method at this address.",
        "The address expects another method; token endpoints expect POST.",
        "Change the method (the Allow header lists the accepted ones) and send again.",
    ),
    408: _Words(
        ProblemKind.UNEXPECTED,
        "The server stopped waiting for the request",
        "The server gave up waiting for the request to arrive in full.",
        "A slow or interrupted network, or a body that was announced but not sent in full.",
        "Send the request again.",
    ),
    409: _Words(
        ProblemKind.BAD_REQUEST,
        "Conflict with existing data",
        "The server refused the request because it clashes with data it already has.",
        "Something with the same name or value already exists, or it was changed meanwhile.",
        "Use the existing item or change the values, then send again.",
    ),
    410: _Words(
        ProblemKind.NOT_FOUND,
        "This address is gone",
        "The server says what was at this address has been removed for good.",
        "An old API version or a deleted item.",
        "Find the new address in the API's documentation.",
    ),
    413: _Words(
        ProblemKind.BAD_REQUEST,
        "The request is too large",
        "The server refused the request because its body is bigger than it accepts.",
        "Too much data in one request.",
        "Send less data per request and try again.",
    ),
    415: _Words(
        ProblemKind.BAD_REQUEST,
        "The server cannot read this body format",
        "The server refused the request because it cannot read the body in the format it was sent.",
        "The Content-Type does not match what the server expects; token endpoints usually "
        "want a form body (application/x-www-form-urlencoded) rather than JSON.",
        "Switch the body encoding between form and JSON and send again.",
    ),
    422: _Words(
        ProblemKind.BAD_REQUEST,
        "The server could not use the values sent",
        "The server read the request but found values it cannot accept.",
        "A field has a wrong value or is missing.",
        "Fix the values the server names and send again.",
    ),
    500: _Words(
        ProblemKind.SERVER_ERROR,
        "The server had an internal error",
        "Something went wrong inside the server while it handled the request.",
        "A fault on the server's side; the request itself may be fine.",
        "Wait a little and send the request again; if it keeps failing, tell the API's provider.",
    ),
    501: _Words(
        ProblemKind.SERVER_ERROR,
        "The server does not support this",
        "The server does not know how to handle this kind of request.",
        "An HTTP method or feature the server does not implement.",
        "Check the method and URL against the API's documentation.",
    ),
    502: _Words(
        ProblemKind.SERVER_ERROR,
        "Bad gateway",
        "A gateway or proxy in front of the server got no valid answer from the server itself.",
        "The server behind the proxy is down, restarting or overloaded.",
        "Wait a little and send the request again.",
    ),
    503: _Words(
        ProblemKind.SERVER_ERROR,
        "The service is unavailable",
        "The server is temporarily unable to handle requests.",
        "It is overloaded or down for maintenance.",
        "Wait a while and send the request again.",
    ),
    504: _Words(
        ProblemKind.SERVER_ERROR,
        "The gateway timed out",
        "A gateway or proxy in front of the server waited too long for the server to answer.",
        "The server is slow or overloaded.",
        "Wait a little and send the request again.",
    ),
}


def _status_words(exchange: Exchange, status: int, *, quote: str) -> _Words:
    """Words chosen by the HTTP status alone, refined by the exchange kind and the quote."""
    if status == 401:
        if exchange.kind is ExchangeKind.TOKEN:
            return _bad_credentials_words(exchange.request)
        if exchange.request.header("Authorization") is None:
            return _missing_token_words("The server")
        if _mentions_expiry(quote):
            return _expired_words("The server")
        return _token_invalid_words(exchange.request, "The server")
    if status == 429:
        return _rate_limited_words(
            "The server", _retry_after_from_headers(exchange, exchange.response)
        )
    words = _STATUS_WORDS.get(status)
    if words is not None:
        if status == 400 and exchange.kind is ExchangeKind.TOKEN:
            words = replace(
                words,
                likely_cause="A missing grant_type, or a body format (form or JSON) this "
                "token endpoint does not read.",
            )
        if status == 404 and exchange.kind is ExchangeKind.TOKEN:
            words = replace(
                words,
                likely_cause="The token endpoint URL is wrong (GetResponse's is "
                "https://api.getresponse.com/v3/token).",
            )
        return words
    if 400 <= status < 500:
        return _Words(
            ProblemKind.BAD_REQUEST,
            f"The server refused the request ({status})",
            f"The server refused the request with status {status}, meaning it found "
            "something wrong with the request.",
            "Something in the request's URL, headers or body.",
            "Check the request against the API's documentation and send again.",
        )
    return _Words(
        ProblemKind.SERVER_ERROR,
        f"The server failed ({status})",
        f"The server answered with status {status}, meaning it failed to handle the request.",
        "A fault on the server's side; the request itself may be fine.",
        "Wait a little and send the request again.",
    )


def _by_status(exchange: Exchange, response: HttpResponse, body: _Body) -> Problem:
    words = _status_words(exchange, response.status, quote=body.snippet)
    if body.format == "binary":
        words = replace(
            words,
            explanation=f"{words.explanation} The answer held {body.size:,} bytes of data that "
            "is not text, so it gives no readable details.",
        )
    elif body.format == "empty":
        words = replace(
            words, explanation=f"{words.explanation} The answer had no body with more details."
        )
    return _make(
        words,
        source=body.format,
        http_status=response.status,
        fields=_flatten(body.data) if body.format == "json" else (),
        quote=body.snippet,
        retry_after_s=_retry_after_for(words.kind, exchange, response),
        speaker="The page is titled" if body.format == "html" else "The server",
    )


def _mentions_expiry(text: str) -> bool:
    return re.search(r"expir", text, re.IGNORECASE) is not None


# --- assembling ---------------------------------------------------------------------------------


def _make(
    words: _Words,
    *,
    source: str,
    http_status: int | None,
    code: str = "",
    fields: Pairs = (),
    more_info_url: str = "",
    quote: str = "",
    speaker: str = "The server",
    retry_after_s: float | None = None,
    wording_is_ours: bool = False,
) -> Problem:
    explanation = words.explanation
    if quote and quote.lower() not in explanation.lower():
        verb = "" if speaker.endswith("titled") else " says:"
        explanation = _sentence(f"{explanation} {speaker}{verb} “{quote}”")
    return Problem(
        kind=words.kind,
        title=words.title,
        explanation=explanation,
        likely_cause=words.likely_cause,
        suggested_action=words.suggested_action,
        http_status=http_status,
        source=source,
        code=code,
        fields=fields,
        more_info_url=more_info_url,
        retry_after_s=retry_after_s,
        wording_is_ours=wording_is_ours,
    )


def _finish(problem: Problem, exchange: Exchange) -> Problem:
    """Add the truncation note and the wait, bound the title and mask known secrets."""
    explanation = problem.explanation
    response = exchange.response
    if response is not None and response.truncated and exchange.failure is None:
        explanation += (
            " Only the first part of the answer was kept because it was larger than the "
            "size limit, so some details may be missing."
        )
    retry_after_s = problem.retry_after_s
    if retry_after_s is None and response is not None and exchange.failure is None:
        retry_after_s = _retry_after_for(problem.kind, exchange, response)
    secrets = tuple(
        s for s in exchange.secrets if isinstance(s, str) and len(s) >= _MIN_MASKED_CHARS
    )
    from workbench.core.redact import Redactor  # only once something is to be explained

    mask = Redactor(secrets).message  # words can quote a URL, a form or a token body
    title = mask(problem.title) or "The request did not succeed"
    if len(title) > MAX_TITLE_CHARS:
        title = title[: MAX_TITLE_CHARS - 1].rstrip() + "…"
    return replace(
        problem,
        title=title,
        explanation=mask(explanation) or "The workbench could not explain what happened.",
        likely_cause=mask(problem.likely_cause),
        suggested_action=mask(problem.suggested_action),
        fields=tuple((name, mask(value)) for name, value in problem.fields),
        retry_after_s=retry_after_s,
    )


def _sentence(text: str) -> str:
    """``text`` ending in a full stop, unless it already ends in one (inside a quote too)."""
    if text.rstrip("”\"'").endswith((".", "!", "?", "…")):
        return text
    return text + "."


def _last_resort(exchange: object) -> Problem:
    """A plain problem for when decoding itself failed; touches the input as little as possible."""
    status: int | None = None
    try:
        response = getattr(exchange, "response", None)
        candidate = getattr(response, "status", None)
        if isinstance(candidate, int):
            status = candidate
    except Exception:  # even reading the status may fail on a broken object
        status = None
    return Problem(
        kind=ProblemKind.UNEXPECTED,
        title="The request did not succeed",
        explanation="The workbench could not make sense of what happened; the raw request "
        "and response hold the details.",
        likely_cause="An answer in a form the workbench does not understand.",
        suggested_action="Look at the raw response, and send the request again.",
        http_status=status,
        source="",
    )


# --- waiting times -------------------------------------------------------------------------------

_SECONDS_PATTERN = re.compile(
    r"\s*(\d{1,12}(?:\.\d{1,6})?)\s*"
    r"(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h)?\s*\.?\s*",
    re.IGNORECASE,
)


def _seconds_from_text(text: str) -> float | None:
    """``"100 seconds"``, ``"100"``, ``"5 minutes"`` as seconds; None for anything else."""
    match = _SECONDS_PATTERN.fullmatch(text[:100])
    if match is None:
        return None
    value = float(match.group(1))
    unit = (match.group(2) or "s").lower()
    if unit.startswith("m"):
        value *= 60
    elif unit.startswith("h"):
        value *= 3600
    return value


def _retry_after_for(
    kind: ProblemKind, exchange: Exchange, response: HttpResponse | None
) -> float | None:
    if kind in (ProblemKind.RATE_LIMITED, ProblemKind.MAINTENANCE, ProblemKind.SERVER_ERROR):
        return _retry_after_from_headers(exchange, response)
    if response is not None and response.status in (429, 503):
        return _retry_after_from_headers(exchange, response)
    return None


def _retry_after_from_headers(exchange: Exchange, response: HttpResponse | None) -> float | None:
    """The wait from ``Retry-After`` (seconds or an HTTP date) or ``X-RateLimit-Reset``."""
    if response is None:
        return None
    retry_after = (response.header("Retry-After") or "").strip()
    if retry_after:
        seconds = _seconds_from_text(retry_after)
        if seconds is not None:
            return seconds
        moment = _http_date(retry_after)
        if moment is not None:
            return max(0.0, moment - _reference_wall(exchange, response))
    reset = (response.header("X-RateLimit-Reset") or "").strip()
    if reset:
        seconds = _seconds_from_text(reset)
        if seconds is not None and seconds >= 1_000_000_000 and reset.isdigit():
            return max(0.0, seconds - _reference_wall(exchange, response))
        return seconds
    return None


def _http_date(text: str) -> float | None:
    try:
        moment = email.utils.parsedate_to_datetime(text[:100])
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _reference_wall(exchange: Exchange, response: HttpResponse) -> float:
    """'Now' as the server saw it: its Date header, else when the answer arrived."""
    date = _http_date(response.header("Date") or "")
    if date is not None:
        return date
    if exchange.started_wall > 0:
        return exchange.started_wall + max(0.0, exchange.duration_s)
    return time.time()


def _format_seconds(seconds: float) -> str:
    if seconds < 180:
        whole = max(0, round(seconds))
        return f"about {whole} second{'' if whole == 1 else 's'}"
    if seconds < 180 * 60:
        return f"about {round(seconds / 60)} minutes"
    return f"about {round(seconds / 3600)} hours"


# --- bodies --------------------------------------------------------------------------------------


def _read_body(response: HttpResponse) -> _Body:
    body = bytes(response.body)
    size = len(body)
    head = body[:HEAD_BYTES]
    if not head.strip() and size <= HEAD_BYTES:
        return _Body("empty", size)
    charset = _charset(response.header("Content-Type") or "")
    cut = size > HEAD_BYTES or response.truncated
    text = _decode(head, charset, cut=cut)
    if text is None:
        return _Body("binary", size, snippet="")
    text = text.lstrip("\ufeff")
    content_type = response.content_type
    stripped = text.lstrip()
    jsonish = content_type.endswith(("/json", "+json")) or stripped.startswith(("{", "["))
    if jsonish and size <= MAX_JSON_BYTES and not response.truncated:
        full = text if size <= HEAD_BYTES else _decode(body, charset, cut=False)
        if full is not None:
            try:
                data = json.loads(full.lstrip("\ufeff"))
            except (ValueError, RecursionError):
                pass
            else:
                return _Body("json", size, data=data, snippet=_json_message(data))
    if jsonish:
        return _Body("text", size, snippet=_message_from_json_text(text))
    if content_type in ("text/html", "application/xhtml+xml") or _looks_like_html(stripped):
        return _Body("html", size, snippet=_html_heading(text))
    return _Body("text", size, snippet=_first_lines(text))


_JSON_MESSAGE_PATTERN = re.compile(
    r'"(?:message|error_description|detail|title)"\s*:\s*"((?:[^"\\]|\\.){1,300})"'
)


def _message_from_json_text(text: str) -> str:
    """The message of JSON that could not be parsed (cut short, too big, too deep), if any."""
    match = _JSON_MESSAGE_PATTERN.search(text[:HEAD_BYTES])
    if match is None:
        return ""
    try:
        message = json.loads(f'"{match.group(1)}"')
    except ValueError:
        message = match.group(1)
    return _clean(message, MAX_QUOTE_CHARS)


def _charset(content_type: str) -> str:
    match = re.search(r"charset\s*=\s*\"?([A-Za-z0-9._:-]{1,40})", content_type[:500], re.I)
    if match is None:
        return ""
    try:
        return codecs.lookup(match.group(1)).name
    except LookupError:
        return ""


def _decode(data: bytes, charset: str, *, cut: bool) -> str | None:
    """Decode ``data`` as text, or None when it is not text (NUL bytes, invalid UTF-8)."""
    if charset and charset not in ("utf-8", "ascii"):
        with contextlib.suppress(Exception):  # a codec that is no text encoding: rot13, zlib
            return data.decode(charset, errors="replace")
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if cut and error.start >= len(data) - 3:
            return data[: error.start].decode("utf-8", errors="replace")
        return None


def _looks_like_html(text: str) -> bool:
    start = text[:2048].lower()
    if start.startswith(("<!doctype html", "<html", "<head", "<body")):
        return True
    return start.startswith("<") and any(tag in start for tag in ("<title", "<h1", "<body"))


def _html_heading(text: str) -> str:
    """The page's <title>, else its first heading, else its first words; tags stripped."""
    lowered = text.lower()
    for opening, closing in (("<title", "</title"), ("<h1", "</h1"), ("<h2", "</h2")):
        start = lowered.find(opening)
        if start < 0:
            continue
        content_start = lowered.find(">", start)
        if content_start < 0:
            continue
        end = lowered.find(closing, content_start)
        if end < 0:
            end = min(len(text), content_start + 2000)
        found = _strip_tags(text[content_start + 1 : min(end, content_start + 2000)])
        if found:
            return found
    body_start = lowered.find("<body")
    return _strip_tags(text[max(0, body_start) : max(0, body_start) + 4000])[:120]


def _strip_tags(fragment: str) -> str:
    fragment = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", fragment, flags=re.I | re.S)
    fragment = re.sub(r"<[^<>]*>", " ", fragment)
    return _clean(html.unescape(fragment), 120)


def _first_lines(text: str) -> str:
    lines = [line for line in (raw.strip() for raw in text[:4096].splitlines()) if line]
    return _clean(" ".join(lines[:3]), 160)


_MESSAGE_KEYS = (
    "error_description",
    "message",
    "detail",
    "error_message",
    "errorMessage",
    "description",
    "title",
    "msg",
    "error",
)


def _json_message(data: object, depth: int = 0) -> str:
    """A human message from a JSON value of no known shape, looking two levels deep."""
    if depth > 2:
        return ""
    if isinstance(data, list) and data:
        return _json_message(data[0], depth + 1)
    if not isinstance(data, dict):
        return _clean(data, MAX_QUOTE_CHARS) if isinstance(data, str) else ""
    for key in _MESSAGE_KEYS:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return _clean(value, MAX_QUOTE_CHARS)
    for key in ("error", "errors"):
        value = data.get(key)
        if isinstance(value, dict | list):
            found = _json_message(value, depth + 1)
            if found:
                return found
    return ""


# --- small text helpers ------------------------------------------------------------------


def _flatten(value: object) -> Pairs:
    """JSON flattened to ("context.sentToken", "...") pairs, in order, bounded in size and depth."""
    out: list[tuple[str, str]] = []
    stack: list[tuple[str, object, int]] = [("", value, 0)]
    while stack and len(out) < MAX_FIELDS:
        prefix, item, depth = stack.pop()
        if isinstance(item, dict) and item and depth < _MAX_FIELD_DEPTH:
            children = list(itertools.islice(item.items(), MAX_FIELDS))
            for key, child in reversed(children):
                name = f"{prefix}.{key}" if prefix else str(key)
                stack.append((name, child, depth + 1))
        elif isinstance(item, list) and item and depth < _MAX_FIELD_DEPTH:
            for index in reversed(range(min(len(item), MAX_FIELDS))):
                stack.append((f"{prefix}[{index}]", item[index], depth + 1))
        else:
            out.append((prefix or "(value)", _field_text(item)))
    return tuple(out)


def _field_text(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{}" if not value else "{…}"
    if isinstance(value, list):
        return "[]" if not value else "[…]"
    if isinstance(value, int):
        text = str(value) if value.bit_length() < 4000 else "(a very large number)"
        return _cap(text)
    return _cap(str(value))


def _cap(text: str) -> str:
    if len(text) <= MAX_FIELD_VALUE_CHARS:
        return text
    return text[: MAX_FIELD_VALUE_CHARS - 1] + "…"


def _scalar_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        return _field_text(value)
    return ""


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = value.strip() if isinstance(value, str) else ""
    if text.isascii() and text.isdigit() and len(text) < 12:  # isdigit() alone accepts "²"
        return int(text)
    return None


def _clean(value: object, limit: int) -> str:
    """One line of printable text, whitespace collapsed, at most ``limit`` characters."""
    if not isinstance(value, str):
        return ""
    sample = value[: limit * 4]
    printable = "".join(char if char.isprintable() else " " for char in sample)
    text = " ".join(printable.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def _http_url(value: object) -> str:
    if not isinstance(value, str):
        return ""
    url = value.strip()
    if len(url) > 2000 or not url.lower().startswith(("http://", "https://")):
        return ""
    if any(not char.isprintable() or char.isspace() for char in url):
        return ""
    return url


def _host_and_port(url: str) -> tuple[str, int | None]:
    try:
        parts = urlsplit(url[:4096])
        host = parts.hostname or ""
        try:
            port = parts.port
        except ValueError:
            port = None
    except ValueError:
        return "", None
    if port is None:
        port = {"https": 443, "http": 80}.get(parts.scheme.lower())
    shown = f"[{host}]" if ":" in host else host
    return _clean(shown, 100), port

"""Masking secrets in recorded exchanges: headers, URLs and bodies keep their shape."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from urllib.parse import quote, quote_plus, unquote_plus

from workbench.core.config import Pairs
from workbench.core.credential_names import (
    FIELD_MARKERS,
    QUERY_ONLY_SECRET_NAMES,
    QUERY_SECRET_NAMES,
    SECRET_FIELD_NAMES,
    SECRET_FIELDS,
    SECRET_HEADERS,
    may_name_a_field,
)
from workbench.core.http import Exchange, HttpRequest, HttpResponse
from workbench.core.secret import MASK

__all__ = [
    "MASK",
    "MIN_SECRET_CHARS",
    "QUERY_SECRET_NAMES",
    "SECRET_FIELDS",
    "SECRET_HEADERS",
    "Masker",
    "Redactor",
    "harvest_request",
    "harvest_response",
    "harvest_secrets",
    "mask_all",
    "redact_bytes",
    "redact_exchange",
    "redact_headers",
    "redact_message",
    "redact_request",
    "redact_response",
    "redact_text",
    "redact_url",
    "secret_variants",
    "words_secrets",
]

_QUERY_SECRET = re.compile(
    r"(?i)([?&;])("
    + "|".join(re.escape(name) for name in sorted(QUERY_ONLY_SECRET_NAMES, key=len, reverse=True))
    + r")=([^&#\s]*)"
)

MIN_SECRET_CHARS = 4
"""Secret values shorter than this are masked where they stand (by name), never searched for."""

Masker = Callable[[str, str], str]
"""``masker(slot, original)``: the text that replaces a named secret value.

``slot`` names the place: a field name (``client_secret``), a header (``x-api-key``), a
scheme-qualified Authorization header (``authorization-bearer``) or a cookie (``cookie-sid``).
``original`` is the value as it appears (still urlencoded or JSON-escaped).
"""


def mask_all(slot: str, original: str) -> str:
    """The default masker: every named secret becomes ``MASK``."""
    del slot, original
    return MASK


_FIELD_ALTERNATION = "|".join(
    re.escape(name) for name in sorted(SECRET_FIELD_NAMES, key=len, reverse=True)
)
_KEY_VALUE = re.compile(rf"(?i)(?<![\w%.-])({_FIELD_ALTERNATION})=([^&\s\"'<>;#]*)")
_KEY_VALUE_BYTES = re.compile(_KEY_VALUE.pattern.encode())
_JSON_PAIR = re.compile(rf'(?i)"({_FIELD_ALTERNATION})"(\s*:\s*)"((?:[^"\\]|\\.)*)("?)', re.S)
_JSON_PAIR_BYTES = re.compile(_JSON_PAIR.pattern.encode(), re.S)
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_JSON_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
_JSON_SPACE = re.compile(r"[ \t\r\n]*")
_USERINFO_PASSWORD = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://[^/?#@:]*):([^/?#@]*)@")
_USERINFO_PASSWORD_IN_TEXT = re.compile(
    r"(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]*://[^/?#@:\s'\"<>]*):([^/?#@\s'\"<>]*)@"
)
"""The same, for URLs quoted anywhere in a sentence (an error message)."""
_AUTH_SCHEME = re.compile(r"^(\s*)([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)(\s+)(\S.*)$", re.S)


def secret_variants(secrets: Iterable[str]) -> tuple[str, ...]:
    """Every form a secret is likely to take on the wire, longest first.

    Plain, form-urlencoded (``+`` and ``%20`` styles), JSON-escaped and base64 (standard,
    URL-safe, with and without padding). Values shorter than ``MIN_SECRET_CHARS`` are left out.
    """
    found: set[str] = set()
    for secret in secrets:
        if len(secret) < MIN_SECRET_CHARS:
            continue
        found.add(secret)
        found.add(quote(secret, safe=""))
        found.add(quote(secret))
        found.add(quote_plus(secret))
        found.add(json.dumps(secret)[1:-1])
        found.add(json.dumps(secret, ensure_ascii=False)[1:-1])
        raw = secret.encode("utf-8", "surrogatepass")
        for encoded in (base64.b64encode(raw), base64.urlsafe_b64encode(raw)):
            text = encoded.decode("ascii")
            found.add(text)
            found.add(text.rstrip("="))
    return tuple(sorted((v for v in found if len(v) >= MIN_SECRET_CHARS), key=len, reverse=True))


class Redactor:
    """Masks known secret values and named secret fields; builds its patterns once."""

    def __init__(self, secrets: Iterable[str] = (), *, masker: Masker = mask_all) -> None:
        variants = secret_variants(secrets)
        self._masker = masker
        self._text_pattern: re.Pattern[str] | None = None
        self._bytes_pattern: re.Pattern[bytes] | None = None
        if variants:
            self._text_pattern = re.compile("|".join(re.escape(v) for v in variants))
            encoded = sorted(
                {v.encode("utf-8", "surrogatepass") for v in variants}, key=len, reverse=True
            )
            self._bytes_pattern = re.compile(b"|".join(re.escape(v) for v in encoded))

    def values(self, text: str) -> str:
        """Only the known secret values (in any of their forms) replaced by ``MASK``."""
        if self._text_pattern is None:
            return text
        return self._text_pattern.sub(MASK, text)

    def text(self, text: str) -> str:
        """Known values, then named fields (JSON-aware when the text is JSON) masked."""
        return _mask_text_fields(self.values(text), self._masker)

    def data(self, body: bytes) -> bytes:
        """A body: UTF-8 text is redacted as text; other bytes get byte-level replacement."""
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return self._binary(body)
        return self.text(text).encode("utf-8", "surrogatepass")

    def url(self, url: str) -> str:
        """A URL with secret values, named query parameters and a userinfo password masked."""
        masked = self._query_secrets(_mask_plain_fields(self.values(url), self._masker))
        return _USERINFO_PASSWORD.sub(
            lambda m: f"{m.group(1)}:{self._masker('password', m.group(2))}@", masked
        )

    def message(self, text: str) -> str:
        """Free text that may quote URLs or forms (an error message, a note): known values,
        passwords in URLs anywhere in it, and named fields masked."""
        masked = _USERINFO_PASSWORD_IN_TEXT.sub(
            lambda m: f"{m.group(1)}:{self._masker('password', m.group(2))}@", self.values(text)
        )
        return self._query_secrets(_mask_plain_fields(masked, self._masker))

    def _query_secrets(self, text: str) -> str:
        """``?key=…`` and its kind (``QUERY_ONLY_SECRET_NAMES``) masked."""
        return _QUERY_SECRET.sub(
            lambda m: f"{m.group(1)}{m.group(2)}={self._masker(m.group(2), m.group(3))}", text
        )

    def headers(self, headers: Pairs) -> Pairs:
        """Headers in the same order, secret ones masked (Authorization keeps its scheme)."""
        return tuple(
            (name, _mask_header(name, self.text(value), self._masker)) for name, value in headers
        )

    def request(self, request: HttpRequest) -> HttpRequest:
        """A new request with URL, headers and body redacted."""
        return replace(
            request,
            url=self.url(request.url),
            headers=self.headers(request.headers),
            body=self.data(request.body),
        )

    def response(self, response: HttpResponse) -> HttpResponse:
        """A new response with headers, reason and body redacted."""
        return replace(
            response,
            reason=self.values(response.reason),
            headers=self.headers(response.headers),
            body=self.data(response.body),
        )

    def exchange(self, exchange: Exchange) -> Exchange:
        """A new exchange redacted throughout; its ``secrets`` are dropped from the copy."""
        failure = exchange.failure
        if failure is not None:
            failure = replace(failure, message=self.message(failure.message))
        return replace(
            exchange,
            request=self.request(exchange.request),
            response=None if exchange.response is None else self.response(exchange.response),
            failure=failure,
            notes=tuple(self.message(note) for note in exchange.notes),
            secrets=(),
        )

    def _binary(self, body: bytes) -> bytes:
        if self._bytes_pattern is not None:
            body = self._bytes_pattern.sub(MASK.encode(), body)
        masker = self._masker

        def key_value(m: re.Match[bytes]) -> bytes:
            slot = m.group(1).decode("ascii")
            value = m.group(2).decode("latin-1")
            return m.group(1) + b"=" + masker(slot, value).encode()

        def json_pair(m: re.Match[bytes]) -> bytes:
            slot = m.group(1).decode("ascii")
            value = masker(slot, m.group(3).decode("latin-1")).encode()
            return b'"' + m.group(1) + b'"' + m.group(2) + b'"' + value + b'"'

        lowered = body.lower()  # bytes patterns ignore case in ASCII only
        if not any(marker.encode() in lowered for marker in FIELD_MARKERS):
            return body
        body = _JSON_PAIR_BYTES.sub(json_pair, body)
        return _KEY_VALUE_BYTES.sub(key_value, body)


def _mask_text_fields(text: str, masker: Masker) -> str:
    stripped = text.lstrip()
    if stripped[:1] in ("{", "[") and _is_json(stripped):
        return _mask_json(text, masker)
    return _mask_plain_fields(text, masker)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def _mask_plain_fields(text: str, masker: Masker) -> str:
    """``name=value`` pairs (forms, queries) and ``"name": "value"`` pairs in any text."""
    if not may_name_a_field(text):
        return text

    def json_pair(m: re.Match[str]) -> str:
        return f'"{m.group(1)}"{m.group(2)}"{masker(m.group(1), m.group(3))}"'

    def key_value(m: re.Match[str]) -> str:
        return f"{m.group(1)}={masker(m.group(1), m.group(2))}"

    return _KEY_VALUE.sub(key_value, _JSON_PAIR.sub(json_pair, text))


def _mask_json(text: str, masker: Masker) -> str:
    """Mask values of secret keys at any depth in valid JSON, keeping every other byte."""
    if "\\u" not in text and not may_name_a_field(text):
        return text  # names are compared decoded: only a \u escape could hide one
    pieces: list[str] = []
    position = 0
    pending_at = -1
    pending_slot = ""
    for match in _JSON_STRING.finditer(text):
        if match.start() == pending_at:
            pieces.append(text[position : match.start()])
            pieces.append(f'"{masker(pending_slot, match.group()[1:-1])}"')
            position = match.end()
            pending_at = -1
            continue
        pending_at = -1
        after = _JSON_SPACE.match(text, match.end())
        colon_at = after.end() if after else match.end()
        if colon_at >= len(text) or text[colon_at] != ":":
            continue
        name = _json_string_value(match.group())
        if name.casefold() not in SECRET_FIELDS:
            continue
        spaces = _JSON_SPACE.match(text, colon_at + 1)
        value_at = spaces.end() if spaces else colon_at + 1
        if value_at < len(text) and text[value_at] == '"':
            pending_at = value_at
            pending_slot = name
            continue
        number = _JSON_NUMBER.match(text, value_at)
        if number:
            pieces.append(text[position:value_at])
            pieces.append(f'"{masker(name, number.group())}"')
            position = number.end()
    pieces.append(text[position:])
    return "".join(pieces)


def _json_string_value(token: str) -> str:
    try:
        value = json.loads(token)
    except ValueError:
        return token[1:-1]
    return value if isinstance(value, str) else token[1:-1]


def _mask_header(name: str, value: str, masker: Masker) -> str:
    lowered = name.lower()
    if lowered not in SECRET_HEADERS or not value:
        return value
    if lowered in ("authorization", "proxy-authorization"):
        match = _AUTH_SCHEME.match(value)
        if match is None:
            return masker(lowered, value)
        lead, scheme, space, credentials = match.groups()
        return f"{lead}{scheme}{space}{masker(f'{lowered}-{scheme.lower()}', credentials)}"
    if lowered == "cookie":
        return ";".join(_mask_cookie(piece, masker) for piece in value.split(";"))
    if lowered == "set-cookie":
        first, sep, attributes = value.partition(";")
        return _mask_cookie(first, masker) + sep + attributes
    return masker(lowered, value)


def _mask_cookie(piece: str, masker: Masker) -> str:
    name, sep, value = piece.partition("=")
    if not sep:
        return masker("cookie", piece) if piece.strip() else piece
    return f"{name}={masker('cookie-' + name.strip(), value)}"


# --- Harvesting: values that sit in named places are secrets wherever else they appear ---


def harvest_request(request: HttpRequest) -> tuple[str, ...]:
    """Secret values found by name in a request: credentials, secret fields, query params."""
    recorder = _Recorder()
    Redactor(masker=recorder).request(request)
    return recorder.values()


def harvest_response(response: HttpResponse) -> tuple[str, ...]:
    """Secret values found by name in a response: tokens in the body, cookies set."""
    recorder = _Recorder()
    Redactor(masker=recorder).response(response)
    return recorder.values()


WORDS_SCAN_BYTES = 64 * 1024
"""How much of each body ``words_secrets`` scans: enough for any form or token answer."""


def words_secrets(exchange: Exchange) -> tuple[str, ...]:
    """The secrets to mask in words about ``exchange`` (a reason phrase, a problem's text),
    where a server can echo what it was sent: the known ones, and those found by name in the
    request and the response, their bodies scanned up to ``WORDS_SCAN_BYTES``."""
    request = exchange.request
    response = exchange.response
    found = [*exchange.secrets]
    found.extend(harvest_request(replace(request, body=request.body[:WORDS_SCAN_BYTES])))
    if response is not None:
        found.extend(harvest_response(replace(response, body=response.body[:WORDS_SCAN_BYTES])))
    return tuple(dict.fromkeys(s for s in found if isinstance(s, str)))


def harvest_secrets(exchange: Exchange) -> tuple[str, ...]:
    """The exchange's known secrets plus every value found in a named secret place."""
    found = list(exchange.secrets)
    found.extend(harvest_request(exchange.request))
    if exchange.response is not None:
        found.extend(harvest_response(exchange.response))
    return tuple(dict.fromkeys(found))


_KEY_HEADER_SLOTS = frozenset({"x-auth-token", "x-api-key", "api-key"})
"""Headers whose value may put a word before the key (``api-key KEY``), as Authorization
puts its scheme; the key is a secret wherever it appears on its own."""


class _Recorder:
    """A masker that remembers what it was asked to mask (decoded as well as raw)."""

    def __init__(self) -> None:
        self._found: list[str] = []

    def __call__(self, slot: str, original: str) -> str:
        self._found.append(original)
        self._found.append(unquote_plus(original))
        self._found.append(_json_string_value(f'"{original}"'))
        if slot.endswith("-basic"):
            self._found.extend(_basic_secret(original))
        if slot in _KEY_HEADER_SLOTS:  # GetResponse's "X-Auth-Token: api-key KEY": KEY alone
            self._found.append(original.rsplit(maxsplit=1)[-1] if original.strip() else original)
        return original

    def values(self) -> tuple[str, ...]:
        return tuple(v for v in dict.fromkeys(self._found) if len(v) >= MIN_SECRET_CHARS)


def _basic_secret(credentials: str) -> tuple[str, ...]:
    try:
        decoded = base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return ()
    _, sep, secret = decoded.partition(":")
    if not sep:
        return ()
    return (decoded, secret, unquote_plus(secret))


# --- Conveniences ---


def redact_text(text: str, secrets: Iterable[str] = ()) -> str:
    """Any text with known secret values and named secret fields masked."""
    return Redactor(secrets).text(text)


def redact_message(text: str, secrets: Iterable[str] = ()) -> str:
    """An error message or note: known values, URL passwords and named fields masked."""
    return Redactor(secrets).message(text)


def redact_bytes(data: bytes, secrets: Iterable[str] = ()) -> bytes:
    """A body with known secret values and named secret fields masked."""
    return Redactor(secrets).data(data)


def redact_url(url: str, secrets: Iterable[str] = ()) -> str:
    """A URL with known secrets, secret query parameters and userinfo password masked."""
    return Redactor(secrets).url(url)


def redact_headers(headers: Pairs, secrets: Iterable[str] = ()) -> Pairs:
    """Headers with secret headers masked and known secret values replaced."""
    return Redactor(secrets).headers(headers)


def redact_request(request: HttpRequest, secrets: Iterable[str] = ()) -> HttpRequest:
    """A redacted copy of ``request``; also masks values it finds by name elsewhere."""
    return Redactor((*secrets, *harvest_request(request))).request(request)


def redact_response(response: HttpResponse, secrets: Iterable[str] = ()) -> HttpResponse:
    """A redacted copy of ``response``; also masks values it finds by name elsewhere."""
    return Redactor((*secrets, *harvest_response(response))).response(response)


def redact_exchange(
    exchange: Exchange, *, extra_secrets: Iterable[str] = (), masker: Masker = mask_all
) -> Exchange:
    """A redacted copy of ``exchange`` (request, response, failure, notes); never mutates it."""
    secrets = (*harvest_secrets(exchange), *extra_secrets)
    return Redactor(secrets, masker=masker).exchange(exchange)

"""cURL in and out: copy an exchange as a shell command, import a token request from one."""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import shlex
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote, quote_plus, unquote, unquote_plus, urlsplit

import jwt

from workbench.core.config import BodyEncoding, ClientAuth, ClientConfig, Pairs
from workbench.core.http import Exchange, HttpRequest, first_header
from workbench.core.redact import Redactor, harvest_request, harvest_secrets
from workbench.core.secret import Secret

__all__ = [
    "CurlCommand",
    "CurlImportError",
    "from_curl",
    "parse_curl",
    "placeholder_name",
    "to_curl",
]


class CurlImportError(ValueError):
    """A command that cannot be imported; ``message`` says why in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CurlCommand:
    """What a curl command would send, as far as the workbench understands it.

    ``headers`` are the ones the command names (``-H``, ``-A``, ``-e``, ``-b``, ``--json``,
    ``--oauth2-bearer``); curl itself adds ``Content-Type: application/x-www-form-urlencoded``
    when data is sent without one, plus Host, User-Agent and Accept.
    """

    method: str
    url: str
    headers: Pairs = ()
    body: bytes = b""
    user: str | None = None
    """The ``-u`` value as written (``id:secret`` or just ``id``)."""
    insecure: bool = False
    max_time_s: float | None = None


# --- Export ---------------------------------------------------------------------------------

_DROPPED_HEADERS = frozenset(
    {"host", "content-length", "connection", "accept-encoding", "user-agent"}
)
_SENTINEL = "\x00"
_PLACEHOLDER_OVERRIDES = {
    "authorization-bearer": "ACCESS_TOKEN",
    "authorization-basic": "BASIC_CREDENTIALS",
    "proxy-authorization-basic": "PROXY_CREDENTIALS",
    "proxy-authorization-bearer": "PROXY_TOKEN",
    "senttoken": "ACCESS_TOKEN",
}
_CLIENT_SECRET_VAR = "CLIENT_SECRET"
_SAFE_USER = re.compile(r"^[\x20-\x7e]*$")


def placeholder_name(slot: str) -> str:
    """The environment variable that stands for a secret slot in exported commands."""
    override = _PLACEHOLDER_OVERRIDES.get(slot.casefold())
    if override:
        return override
    name = re.sub(r"[^A-Za-z0-9]+", "_", slot).strip("_").upper() or "SECRET"
    return f"S_{name}" if name[0].isdigit() else name


def _placeholder(slot: str, original: str) -> str:
    del original
    return f"{_SENTINEL}{placeholder_name(slot)}{_SENTINEL}"


def to_curl(
    item: Exchange | HttpRequest,
    *,
    include_secrets: bool = False,
    secrets: Iterable[str] = (),
) -> str:
    """A POSIX-shell command that repeats the request, one option per line.

    Redacted by default: named secrets become environment-variable placeholders the user can
    fill (``-u 'demo-client:'"${CLIENT_SECRET}"``, ``"${ACCESS_TOKEN}"``), other occurrences of
    known secrets the mask. Headers curl adds itself (Host, Content-Length, Connection,
    Accept-Encoding, User-Agent) are left out.
    """
    if isinstance(item, Exchange):
        request = item.request
        known = (*harvest_secrets(item), *secrets)
    else:
        request = item
        known = (*harvest_request(item), *secrets)
    url = request.url.replace(_SENTINEL, "")
    headers = [
        (name.replace(_SENTINEL, ""), value.replace(_SENTINEL, ""))
        for name, value in request.headers
        if name.lower() not in _DROPPED_HEADERS
    ]
    user = _basic_user_option(first_header(tuple(headers), "Authorization"), include_secrets)
    if user is not None:
        headers = [(n, v) for n, v in headers if n.lower() != "authorization"]
    body_as_text = _shell_text(request.body)

    if not include_secrets:
        with_placeholders = Redactor(known, masker=_placeholder)
        url = with_placeholders.url(url)
        headers = list(with_placeholders.headers(tuple(headers)))
        if body_as_text is not None:
            body_as_text = with_placeholders.text(body_as_text)
        body = Redactor(known).data(request.body)
    else:
        body = request.body

    lines = [f"curl -X {shlex.quote(request.method or 'GET')} {_shell_word(url, force=True)}"]
    if user is not None:
        lines.append(f"-u {_shell_word(user)}")
    for name, value in headers:
        lines.append(f"-H {_shell_word(f'{name}: {value}' if value else f'{name};')}")
    prefix = ""
    if body_as_text is not None and body_as_text:
        lines.append(f"--data-raw {_shell_word(body_as_text)}")
    elif body_as_text is None:
        prefix = f"printf {_sq(_printf_format(body))} | "
        lines.append("--data-binary @-")
    return prefix + " \\\n  ".join(lines)


def _basic_user_option(authorization: str | None, include_secrets: bool) -> str | None:
    """The ``-u`` value that makes curl send this Basic header, or None to keep ``-H``."""
    if authorization is None:
        return None
    scheme, _, credentials = authorization.strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    decoded = _decode_basic(credentials)
    if decoded is None or ":" not in decoded or not _SAFE_USER.match(decoded) or ";" in decoded:
        return None
    client_id, _, secret = decoded.partition(":")
    if include_secrets:
        return decoded
    if _rfc_decoded(secret) is not None or _rfc_decoded(client_id) is not None:
        # Sent urlencoded (RFC 6749 §2.3.1): curl -u would send the raw secret instead.
        return None
    return f"{client_id}:{_SENTINEL}{_CLIENT_SECRET_VAR}{_SENTINEL}"


def _shell_text(body: bytes) -> str | None:
    """The body as a shell argument can carry it (UTF-8 without NUL), else None."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else text


def _sq(text: str) -> str:
    """Always single-quoted, POSIX style."""
    return "'" + text.replace("'", "'\"'\"'") + "'"


def _shell_word(text: str, *, force: bool = False) -> str:
    """Quote ``text``; sentinel-wrapped names become ``"${NAME}"`` expansions."""
    pieces = text.split(_SENTINEL)
    if len(pieces) % 2 == 0:  # an unpaired sentinel cannot come from a placeholder
        pieces = [text.replace(_SENTINEL, "")]
    out: list[str] = []
    for index, piece in enumerate(pieces):
        if index % 2:
            out.append(f'"${{{piece}}}"')
        elif piece:
            out.append(_sq(piece) if force or len(pieces) > 1 else shlex.quote(piece))
    return "".join(out) or "''"


def _printf_format(body: bytes) -> str:
    """A printf format string that writes ``body`` byte for byte (octal escapes)."""
    out: list[str] = []
    for byte in body:
        char = chr(byte)
        if char == "%":
            out.append("%%")
        elif char == "\\":
            out.append("\\\\")
        elif 0x20 <= byte < 0x7F and char != "'":
            out.append(char)
        else:
            out.append(f"\\{byte:03o}")
    return "".join(out)


# --- Import ---------------------------------------------------------------------------------

_CONTINUATION = re.compile(r"\\\r?\n")
_VALUE_SHORT = {
    "X": "request",
    "u": "user",
    "H": "header",
    "d": "data",
    "A": "user-agent",
    "e": "referer",
    "b": "cookie",
    "o": "output",
    "m": "max-time",
    "x": "proxy",
    "F": "form",
    "T": "upload-file",
    "w": "write-out",
    "E": "cert",
    "c": "cookie-jar",
    "K": "config",
    "r": "range",
    "C": "continue-at",
    "Y": "speed-limit",
    "y": "speed-time",
    "z": "time-cond",
    "U": "proxy-user",
    "Q": "quote",
    "t": "telnet-option",
    "D": "dump-header",
    "P": "ftp-port",
}
_FLAG_SHORT = {
    "s": "silent",
    "S": "show-error",
    "v": "verbose",
    "i": "include",
    "k": "insecure",
    "L": "location",
    "G": "get",
    "I": "head",
    "f": "fail",
    "g": "globoff",
    "N": "no-buffer",
    "O": "remote-name",
    "#": "progress-bar",
    "0": "http1.0",
    "1": "tlsv1",
    "2": "sslv2",
    "3": "sslv3",
    "4": "ipv4",
    "6": "ipv6",
    "q": "disable",
    "j": "junk-session-cookies",
    "J": "remote-header-name",
    "l": "list-only",
    "n": "netrc",
    "R": "remote-time",
    "Z": "parallel",
    "a": "append",
    "B": "use-ascii",
    "p": "proxytunnel",
}
_VALUE_LONG = frozenset(
    {
        *_VALUE_SHORT.values(),
        "data-raw",
        "data-ascii",
        "data-binary",
        "data-urlencode",
        "json",
        "url",
        "connect-timeout",
        "form-string",
        "key",
        "cacert",
        "capath",
        "resolve",
        "connect-to",
        "retry",
        "retry-delay",
        "retry-max-time",
        "oauth2-bearer",
        "cert-type",
        "key-type",
        "pass",
        "interface",
        "limit-rate",
        "max-redirs",
        "dns-servers",
        "trace",
        "trace-ascii",
        "stderr",
        "unix-socket",
        "abstract-unix-socket",
        "keepalive-time",
        "expect100-timeout",
        "happy-eyeballs-timeout-ms",
        "tls-max",
        "ciphers",
        "aws-sigv4",
        "variable",
        "request-target",
        "proxy-header",
        "noproxy",
        "pinnedpubkey",
        "local-port",
    }
)
_FLAG_LONG = frozenset(
    {
        *_FLAG_SHORT.values(),
        "location-trusted",
        "fail-with-body",
        "compressed",
        "http1.1",
        "http2",
        "http2-prior-knowledge",
        "http3",
        "http3-only",
        "tlsv1.0",
        "tlsv1.1",
        "tlsv1.2",
        "tlsv1.3",
        "basic",
        "digest",
        "ntlm",
        "negotiate",
        "anyauth",
        "keepalive",
        "sessionid",
        "path-as-is",
        "raw",
        "remote-name-all",
        "progress-meter",
        "styled-output",
        "ssl-reqd",
        "ssl",
        "tr-encoding",
        "fail-early",
        "create-dirs",
        "proxy-insecure",
        "retry-connrefused",
        "retry-all-errors",
        "tcp-nodelay",
        "tcp-fastopen",
        "suppress-connect-headers",
        "netrc-optional",
        "alpn",
        "npn",
        "ssl-no-revoke",
        "ssl-allow-beast",
        "false-start",
        "post301",
        "post302",
        "post303",
        "xattr",
        "buffer",
        "version",
        "help",
        "manual",
    }
)
_UNSUPPORTED = {
    "form": "multipart form data (-F/--form) cannot be imported",
    "form-string": "multipart form data (--form-string) cannot be imported",
    "upload-file": "uploading a file (-T/--upload-file) cannot be imported",
    "config": "options read from a file (-K/--config) cannot be imported",
    "digest": "Digest authentication is not supported; use Basic or client_secret in the body",
    "ntlm": "NTLM authentication is not supported; use Basic or client_secret in the body",
    "negotiate": "Negotiate authentication is not supported; use Basic or client_secret",
    "anyauth": "--anyauth cannot be imported; say -u with Basic instead",
    "aws-sigv4": "AWS signatures (--aws-sigv4) are not an OAuth client authentication",
    "variable": "curl variables (--variable) cannot be imported",
}


@dataclass
class _Parsed:
    method: str | None = None
    urls: list[str] | None = None
    headers: list[tuple[str, str]] | None = None
    data: list[str] | None = None
    user: str | None = None
    insecure: bool = False
    get: bool = False
    head: bool = False
    json: bool = False
    max_time_s: float | None = None


def parse_curl(command: str) -> CurlCommand:
    """Read a curl command line (POSIX shell quoting, ``\\``-newline continuations).

    Raises ``CurlImportError`` with a plain message for anything it cannot read.
    """
    if not isinstance(command, str):
        raise CurlImportError("The command must be text.")
    try:
        command.encode("utf-8")
    except UnicodeEncodeError:
        raise CurlImportError("The command contains characters that are not valid text.") from None
    text = _CONTINUATION.sub("", command).strip()
    if text.startswith("$ "):
        text = text[2:]
    try:
        words = shlex.split(text)
    except ValueError:
        raise CurlImportError(
            "The command has an unbalanced quote (or ends in a backslash); check that every "
            "' and \" is closed."
        ) from None
    if not words:
        raise CurlImportError("The command is empty: paste a command that starts with curl.")
    program = words[0].replace("\\", "/").rsplit("/", 1)[-1].lower()
    if program not in ("curl", "curl.exe"):
        raise CurlImportError(f"This is not a curl command: it starts with {words[0]!r}.")
    parsed = _Parsed(urls=[], headers=[], data=[])
    _read_words(words[1:], parsed)
    return _finish(parsed)


def _read_words(words: Sequence[str], parsed: _Parsed) -> None:
    index = 0
    only_urls = False
    while index < len(words):
        word = words[index]
        index += 1
        if only_urls or word == "-" or not word.startswith("-"):
            assert parsed.urls is not None
            parsed.urls.append(word)
            continue
        if word == "--":
            only_urls = True
            continue
        if word.startswith("--"):
            name = word[2:]
            if name in _VALUE_LONG:
                if index >= len(words):
                    raise CurlImportError(f"The option {word} needs a value after it.")
                _apply_value(name, words[index], parsed)
                index += 1
            elif name in _FLAG_LONG:
                _apply_flag(name, parsed, on=True)
            elif name.startswith("no-") and name[3:] in _FLAG_LONG:
                _apply_flag(name[3:], parsed, on=False)
            else:
                raise CurlImportError(f"The option {word} is not one the workbench knows.")
            continue
        letters = word[1:]
        for position, letter in enumerate(letters):
            if letter in _VALUE_SHORT:
                value = letters[position + 1 :]
                if not value:
                    if index >= len(words):
                        raise CurlImportError(f"The option -{letter} needs a value after it.")
                    value = words[index]
                    index += 1
                _apply_value(_VALUE_SHORT[letter], value, parsed)
                break
            if letter in _FLAG_SHORT:
                _apply_flag(_FLAG_SHORT[letter], parsed, on=True)
                continue
            raise CurlImportError(f"The option -{letter} is not one the workbench knows.")


def _apply_flag(name: str, parsed: _Parsed, *, on: bool) -> None:
    if name in _UNSUPPORTED and on:
        raise CurlImportError(_UNSUPPORTED[name] + ".")
    if name == "insecure":
        parsed.insecure = on
    elif name == "get":
        parsed.get = on
    elif name == "head":
        parsed.head = on


def _apply_value(name: str, value: str, parsed: _Parsed) -> None:
    assert parsed.headers is not None
    assert parsed.data is not None
    assert parsed.urls is not None
    if name in _UNSUPPORTED:
        raise CurlImportError(_UNSUPPORTED[name] + ".")
    if name == "request":
        if not value or not re.fullmatch(r"[A-Za-z]+", value):
            raise CurlImportError(f"-X names an HTTP method, not {value!r}.")
        parsed.method = value
    elif name == "user":
        parsed.user = value
    elif name == "header":
        header = _parse_header(value)
        if header is not None:
            parsed.headers.append(header)
    elif name in ("data", "data-ascii", "data-binary", "json"):
        if value.startswith("@"):
            raise CurlImportError(
                f"The body is read from a file ({value}); paste the body itself instead."
            )
        parsed.data.append(value)
        parsed.json = parsed.json or name == "json"
    elif name == "data-raw":
        parsed.data.append(value)
    elif name == "data-urlencode":
        parsed.data.append(_data_urlencode(value))
    elif name == "url":
        parsed.urls.append(value)
    elif name == "user-agent":
        parsed.headers.append(("User-Agent", value))
    elif name == "referer":
        referer = value.removesuffix(";auto")
        if referer:
            parsed.headers.append(("Referer", referer))
    elif name == "cookie":
        if "=" in value:
            parsed.headers.append(("Cookie", value))
    elif name == "oauth2-bearer":
        parsed.headers.append(("Authorization", f"Bearer {value}"))
    elif name == "max-time":
        parsed.max_time_s = _seconds(value)


def _parse_header(value: str) -> tuple[str, str] | None:
    if value.startswith("@"):
        raise CurlImportError(f"Headers are read from a file ({value}); paste them instead.")
    name, colon, rest = value.partition(":")
    if not colon:
        if value.endswith(";") and value[:-1].strip():
            return (value[:-1].strip(), "")
        raise CurlImportError(f"The header {value!r} has no colon between name and value.")
    name = name.strip()
    if not name or re.search(r"[\s\x00-\x1f\x7f]", name):
        raise CurlImportError(f"The header {value!r} has no valid name before the colon.")
    rest = rest.strip()
    if not rest:
        return None  # curl's "Name:" removes a header it would add itself
    if re.search(r"[\r\n\x00]", rest):
        raise CurlImportError(f"The header {name} has a line break in its value.")
    return (name, rest)


def _data_urlencode(value: str) -> str:
    """curl's rules: ``content``, ``=content``, ``name=content``; ``@file`` forms are refused."""
    separator = re.search(r"[=@]", value)
    if separator is None:
        return quote_plus(value)
    if separator.group() == "@":
        raise CurlImportError("--data-urlencode reads a file here; paste the value instead.")
    name = value[: separator.start()]
    content = quote_plus(value[separator.end() :])
    return f"{name}={content}" if name else content


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise CurlImportError(f"--max-time takes seconds, not {value!r}.") from None
    if not math.isfinite(seconds) or seconds <= 0:
        raise CurlImportError(f"--max-time takes a positive number of seconds, not {value!r}.")
    return seconds


def _finish(parsed: _Parsed) -> CurlCommand:
    assert parsed.urls is not None
    assert parsed.headers is not None
    assert parsed.data is not None
    if not parsed.urls:
        raise CurlImportError("The command names no URL to send the request to.")
    if len(parsed.urls) > 1:
        raise CurlImportError("The command names more than one URL; keep only the token URL.")
    url = _normalise_url(parsed.urls[0])
    headers = list(parsed.headers)
    body = "&".join(parsed.data)
    has_data = bool(parsed.data)
    if parsed.json:
        if first_header(tuple(headers), "Content-Type") is None:
            headers.append(("Content-Type", "application/json"))
        if first_header(tuple(headers), "Accept") is None:
            headers.append(("Accept", "application/json"))
    if parsed.get and has_data:
        url = f"{url}{'&' if '?' in url else '?'}{body}"
        body = ""
        has_data = False
    if parsed.method is not None:
        method = parsed.method
    elif parsed.head:
        method = "HEAD"
    elif has_data:
        method = "POST"
    else:
        method = "GET"
    return CurlCommand(
        method=method,
        url=url,
        headers=tuple(headers),
        body=body.encode("utf-8"),
        user=parsed.user,
        insecure=parsed.insecure,
        max_time_s=parsed.max_time_s,
    )


def _normalise_url(url: str) -> str:
    if not url or re.search(r"[\s\x00-\x1f\x7f]", url):
        raise CurlImportError(f"The URL {url!r} is empty or contains spaces or line breaks.")
    if "://" not in url:
        url = "http://" + url  # what curl assumes
    try:
        parts = urlsplit(url)
    except ValueError:
        raise CurlImportError(f"The URL {url!r} is not a valid URL.") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise CurlImportError(f"The URL {url!r} is not http:// or https://.")
    if not parts.hostname:
        raise CurlImportError(f"The URL {url!r} names no host.")
    return url


# --- From a command to a ClientConfig -------------------------------------------------------

_BODY_KEYS = frozenset(
    {
        "grant_type",
        "client_id",
        "client_secret",
        "scope",
        "client_assertion",
        "client_assertion_type",
    }
)
_NOT_EXTRA_HEADERS = frozenset(
    {"content-type", "authorization", "accept", "host", "content-length", "connection"}
)
_JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_PLACEHOLDER = re.compile(r"^\$(\{\w+\}|\w+)$")


def from_curl(command: str) -> ClientConfig:
    """A client-credentials ``ClientConfig`` from a curl command (both GetResponse styles).

    Reads the token URL, client authentication (``-u``, a Basic header, or ``client_id`` and
    ``client_secret`` in the body; JWT assertions give the method but must be signed anew),
    body encoding (JSON or form), scope, extra parameters and headers (``X-Domain``), ``-k``
    and ``--max-time``. Raises ``CurlImportError`` with a plain message otherwise.
    """
    curl = parse_curl(command)
    if curl.method.upper() != "POST":
        raise CurlImportError(
            f"The command sends {curl.method}; a token request is a POST with a body."
        )
    content_type = first_header(curl.headers, "Content-Type") or ""
    params, encoding = _token_params(curl.body, content_type)
    grant_types = [value for name, value in params if name == "grant_type"]
    if not grant_types:
        raise CurlImportError(
            "The body has no grant_type; a client-credentials request sends "
            "grant_type=client_credentials."
        )
    if len(grant_types) > 1:
        raise CurlImportError("The body names grant_type more than once.")
    if grant_types[0] != "client_credentials":
        raise CurlImportError(
            f"Unknown grant type {grant_types[0]!r}: the workbench requests client-credentials "
            "tokens (grant_type=client_credentials)."
        )
    auth, client_id, secret, algorithm = _credentials(curl, params)
    scope = next((value for name, value in params if name == "scope"), "")
    extra_params = tuple((n, v) for n, v in params if n not in _BODY_KEYS)
    extra_headers = tuple((n, v) for n, v in curl.headers if n.lower() not in _NOT_EXTRA_HEADERS)
    return ClientConfig(
        token_url=curl.url,
        client_id=client_id,
        client_secret=Secret(secret),
        scope=scope,
        auth=auth,
        body_encoding=encoding,
        extra_params=extra_params,
        extra_headers=extra_headers,
        jwt_algorithm=algorithm,
        verify_tls=not curl.insecure,
        timeout_s=curl.max_time_s if curl.max_time_s is not None else 30.0,
    )


def _token_params(body: bytes, content_type: str) -> tuple[list[tuple[str, str]], BodyEncoding]:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise CurlImportError("The body is not UTF-8 text.") from None
    media = content_type.split(";", 1)[0].strip().lower()
    says_json = media == "application/json" or media.endswith("+json")
    says_form = media in ("", "application/x-www-form-urlencoded")
    if not says_json and not says_form:
        raise CurlImportError(
            f"The body is sent as {media}; a token request is form or JSON encoded."
        )
    if says_json or text.lstrip()[:1] in ("{", "["):
        return _json_params(text, said_json=says_json), BodyEncoding.JSON
    return _form_params(text), BodyEncoding.FORM


def _json_params(text: str, *, said_json: bool) -> list[tuple[str, str]]:
    try:
        pairs = json.loads(text, object_pairs_hook=_PairList)
    except (ValueError, RecursionError) as error:
        because = "the Content-Type says JSON" if said_json else "it starts with { or ["
        raise CurlImportError(
            f"The body should be JSON ({because}) but does not parse: {error}."
        ) from None
    if not isinstance(pairs, _PairList):
        raise CurlImportError('The JSON body must be an object such as {"grant_type": ...}.')
    params: list[tuple[str, str]] = []
    for name, value in pairs:
        if value is None:
            continue
        if isinstance(value, str):
            params.append((name, value))
        else:
            params.append((name, _json_text(value)))
    return params


class _PairList(list[tuple[str, object]]):
    """A JSON object as the ordered pairs it was written with (duplicates kept)."""

    def __init__(self, pairs: Iterable[tuple[str, object]]) -> None:
        super().__init__(pairs)


def _json_text(value: object) -> str:
    if isinstance(value, _PairList):
        return json.dumps(dict(value), ensure_ascii=False)
    try:
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    except (ValueError, RecursionError):
        return str(value)


def _json_default(value: object) -> object:
    if isinstance(value, _PairList):
        return dict(value)
    raise TypeError(type(value).__name__)


def _form_params(text: str) -> list[tuple[str, str]]:
    params: list[tuple[str, str]] = []
    for piece in text.split("&"):
        if not piece:
            continue
        name, _, value = piece.partition("=")
        params.append((unquote_plus(name), unquote_plus(value)))
    return params


def _credentials(
    curl: CurlCommand, params: list[tuple[str, str]]
) -> tuple[ClientAuth, str, str, str]:
    """``(auth, client_id, secret, jwt_algorithm)`` from the command's credentials."""
    values: dict[str, str] = {}
    for name, value in params:
        values.setdefault(name, value)
    body_id = values.get("client_id")
    body_secret = values.get("client_secret")
    assertion = values.get("client_assertion")
    basic = _basic_from(curl)
    if basic is not None:
        if body_secret is not None or assertion is not None:
            raise CurlImportError(
                "The command authenticates twice (Basic and credentials in the body); "
                "RFC 6749 §2.3 allows one method per request. Remove one of them."
            )
        auth, client_id, secret = _basic_flavour(*basic)
        if body_id is not None and body_id != client_id:
            raise CurlImportError(
                f"The body's client_id {body_id!r} differs from the Basic user {client_id!r}."
            )
        return auth, client_id, secret, ""
    if assertion is not None:
        return _assertion_credentials(assertion, values.get("client_assertion_type"), body_id)
    if body_secret is not None:
        return ClientAuth.POST, body_id or "", body_secret, ""
    if body_id is not None:
        return ClientAuth.NONE, body_id, "", ""
    return ClientAuth.BASIC, "", "", ""


def _basic_from(curl: CurlCommand) -> tuple[str, str] | None:
    authorization = first_header(curl.headers, "Authorization")
    if authorization is not None:
        scheme, _, credentials = authorization.strip().partition(" ")
        if scheme.lower() != "basic":
            raise CurlImportError(
                f"The Authorization header uses {scheme or 'no scheme'}; a token request "
                "authenticates the client with Basic or with credentials in the body."
            )
        decoded = _decode_basic(credentials)
        if decoded is None and _PLACEHOLDER.match(credentials.strip()):
            raise CurlImportError(
                f"The Authorization header holds the placeholder {credentials.strip()}; put the "
                "real value in (or copy the command with secrets) before importing it."
            )
        if decoded is None:
            raise CurlImportError(
                "The Authorization: Basic value is not base64 of client_id:client_secret."
            )
        client_id, _, secret = decoded.partition(":")
        return client_id, secret
    if curl.user is not None:
        client_id, _, secret = curl.user.partition(":")
        return client_id, secret
    return None


def _decode_basic(credentials: str) -> str | None:
    try:
        return base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None


def _rfc_decoded(value: str) -> str | None:
    """The original of ``value`` when it shows %XX escapes of form-urlencoding, else None."""
    if not _PERCENT_ESCAPE.search(value):
        return None
    return _form_decoded(value)


def _form_decoded(value: str) -> str | None:
    """The original of ``value`` if form-urlencoding (RFC 6749 §2.3.1) could have produced it."""
    canonical = _PERCENT_ESCAPE.sub(lambda m: m.group().upper(), value)
    for decoded in (unquote_plus(value), unquote(value)):
        if canonical in (quote_plus(decoded, safe=""), quote(decoded, safe="")):
            return decoded
    return None


def _basic_flavour(client_id: str, secret: str) -> tuple[ClientAuth, str, str]:
    """Tell RFC (urlencoded) Basic from raw Basic by what the credentials look like.

    %XX escapes in the id or secret mean they were urlencoded first (RFC 6749 §2.3.1) when
    both parts decode consistently; without any escape, credentials with characters that
    encoding would change were sent raw. Plain credentials are the same either way (basic).
    """
    if _rfc_decoded(client_id) is not None or _rfc_decoded(secret) is not None:
        decoded_id = _form_decoded(client_id)
        decoded_secret = _form_decoded(secret)
        if decoded_id is not None and decoded_secret is not None:
            return ClientAuth.BASIC, decoded_id, decoded_secret
        return ClientAuth.BASIC_RAW, client_id, secret
    if quote_plus(client_id, safe="") == client_id and quote_plus(secret, safe="") == secret:
        return ClientAuth.BASIC, client_id, secret
    return ClientAuth.BASIC_RAW, client_id, secret


def _assertion_credentials(
    assertion: str, assertion_type: str | None, body_id: str | None
) -> tuple[ClientAuth, str, str, str]:
    if assertion_type != _JWT_BEARER:
        raise CurlImportError(
            f"client_assertion_type should be {_JWT_BEARER}, not {assertion_type!r}."
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            header = jwt.get_unverified_header(assertion)
            claims = jwt.decode(assertion, options={"verify_signature": False})
    except (jwt.PyJWTError, ValueError, TypeError):
        raise CurlImportError("The client_assertion is not a readable JWT.") from None
    algorithm = header.get("alg")
    if not isinstance(algorithm, str) or not algorithm or algorithm.lower() == "none":
        raise CurlImportError("The client_assertion names no signing algorithm.")
    issuer = claims.get("iss") if isinstance(claims, dict) else None
    client_id = body_id or (issuer if isinstance(issuer, str) else "")
    auth = (
        ClientAuth.SECRET_JWT if algorithm.upper().startswith("HS") else ClientAuth.PRIVATE_KEY_JWT
    )
    return auth, client_id, "", algorithm

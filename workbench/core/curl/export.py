"""Copy as cURL: a POSIX-shell command that repeats a request, secrets as placeholders."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable

from workbench.core.curl.basic import decode_basic, rfc_decoded
from workbench.core.http import Exchange, HttpRequest, first_header
from workbench.core.redact import Redactor, harvest_request, harvest_secrets

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
    decoded = decode_basic(credentials)
    if decoded is None or ":" not in decoded or not _SAFE_USER.match(decoded) or ";" in decoded:
        return None
    client_id, _, secret = decoded.partition(":")
    if include_secrets:
        return decoded
    if rfc_decoded(secret) is not None or rfc_decoded(client_id) is not None:
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

"""The checks and query helpers of the composer's URL and body: what may be sent, and the
query kept in step with the parameters table (``{{variables}}`` kept as written)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

from workbench.core.config import Pairs

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
JSON_CHECK_DELAY_MS = 150
"""The body is checked this long after the last keystroke."""
JSON_CHECK_LIMIT_CHARS = 1024 * 1024
"""Bodies longer than this are not checked as you type."""
_QUERY_SAFE = "/:@!$'()*,;~"
"""Characters left as they are in query names and values (``+``, ``&``, ``=`` are encoded)."""
_VARIABLE = re.compile(r"(\{\{[^{}\r\n]*\}\})")
"""A ``{{variable}}``, kept as written when a query is encoded (it is resolved when sent)."""


def url_problem(url: str) -> str:
    """Why ``url`` cannot be sent, in plain words; empty when it is fine. A URL holding
    ``{{variables}}`` is checked once they are resolved, before it is sent."""
    text = url.strip()
    if not text:
        return "Enter the URL of the API call."
    if "{{" in text:
        return ""
    try:
        parts = urlsplit(text)
        _ = parts.port  # raises ValueError for a port that is not a number in range
    except ValueError as error:
        return f"This URL does not parse: {error}."
    if parts.scheme.lower() not in ("http", "https"):
        return "The URL must start with https:// (or http:// for a local server)."
    if not parts.hostname:
        return "The URL has no host name."
    if any(character.isspace() for character in text):
        return "The URL contains spaces: encode them as %20."
    return ""


def query_pairs(url: str) -> Pairs | None:
    """The query parameters of ``url``, decoded, in order; None when the URL does not parse."""
    try:
        query = urlsplit(url.strip()).query
    except ValueError:
        return None
    return tuple(parse_qsl(query, keep_blank_values=True))


def with_query(url: str, params: Pairs) -> str | None:
    """``url`` with its query replaced by ``params`` (encoded); None when it does not parse."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    query = "&".join(
        f"{_encode(name)}={_encode(value)}" if value else _encode(name) for name, value in params
    )
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def _encode(text: str) -> str:
    """``text`` percent-encoded for a query, its ``{{variables}}`` left as written."""
    return "".join(
        piece if index % 2 else quote(piece, safe=_QUERY_SAFE)
        for index, piece in enumerate(_VARIABLE.split(text))
    )


def json_problem(text: str) -> str:
    """``Valid JSON`` or why not (``Not JSON: line X col Y: message``); never raises."""
    from workbench.core.json_check import check_json  # only once a body is typed

    return check_json(text).message

"""Small text helpers of the decoder: one clean line, flattened JSON fields, safe numbers."""

from __future__ import annotations

import itertools
import re
from urllib.parse import urlsplit

from workbench.core.config import Pairs
from workbench.core.printable import printable

MAX_FIELDS = 200
"""At most this many flattened fields are kept in ``Problem.fields``."""
MAX_QUOTE_CHARS = 200
MAX_FIELD_VALUE_CHARS = 500
_MAX_FIELD_DEPTH = 16


def flatten(value: object) -> Pairs:
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
            out.append((prefix or "(value)", field_text(item)))
    return tuple(out)


def field_text(value: object) -> str:
    """One JSON value as field text: null, true, {…}, a number or string, capped."""
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
        return cap(text)
    return cap(str(value))


def cap(text: str) -> str:
    """``text`` cut to ``MAX_FIELD_VALUE_CHARS`` with an ellipsis."""
    if len(text) <= MAX_FIELD_VALUE_CHARS:
        return text
    return text[: MAX_FIELD_VALUE_CHARS - 1] + "…"


def scalar_text(value: object) -> str:
    """A string or number as text; anything else empty."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        return field_text(value)
    return ""


def as_int(value: object) -> int | None:
    """An integer from an int, a whole float or ASCII digits; None otherwise."""
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


def clean(value: object, limit: int) -> str:
    """One line of printable text, at most ``limit`` characters: control and format characters
    shown escaped (``\\x1b``, ``\\u202e``: a server's words cannot reorder or hide the
    sentence quoting them), whitespace collapsed."""
    if not isinstance(value, str):
        return ""
    sample = printable(value[: limit * 4])
    shown = "".join(char if char.isprintable() else " " for char in sample)
    text = " ".join(shown.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def http_url(value: object) -> str:
    """``value`` when it is a printable http(s) address, else empty."""
    if not isinstance(value, str):
        return ""
    url = value.strip()
    if len(url) > 2000 or not url.lower().startswith(("http://", "https://")):
        return ""
    if any(not char.isprintable() or char.isspace() for char in url):
        return ""
    return url


def host_and_port(url: str) -> tuple[str, int | None]:
    """The host (bracketed when IPv6) and port of ``url``, the scheme's default port if none."""
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
    return clean(shown, 100), port


def mentions_expiry(text: str) -> bool:
    """True when ``text`` speaks of expiry (expired, expires, expiry)."""
    return re.search(r"expir", text, re.IGNORECASE) is not None


def sentence(text: str) -> str:
    """``text`` ending in a full stop, unless it already ends in one (inside a quote too)."""
    if text.rstrip("”\"'").endswith((".", "!", "?", "…")):
        return text
    return text + "."

"""Text for the terminal: what a server sent, with its control characters made visible.

A server can put escape sequences in a token, a reason phrase, a header or a body: shown as
they are, they would retitle the window, clear the screen, hide lines or worse. Every
character of C0 and C1 but newline and tab (and the CR of a CRLF) is shown escaped, as
``\\x1b``; so are the Unicode bidirectional controls, which reorder what is read.
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")


def printable(text: str) -> str:
    """``text`` with every control character but newline and tab escaped (``\\x1b``)."""
    return _CONTROL.sub(_python_escape, text)


def printable_json(text: str) -> str:
    """Like ``printable`` but with JSON escapes (``\\u001b``), so valid JSON stays valid.

    In valid JSON, such characters only stand inside strings (or, for CR, as whitespace),
    where ``\\u00XX`` means the same character: ``jq`` and friends read the same document.
    """
    return _CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _python_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable_body(body: bytes, content_type: str) -> str:
    """A response body for the terminal: UTF-8 text (bad bytes as ``\\xNN``), controls escaped.

    JSON bodies get JSON escapes, so that what is printed still parses to the same value.
    """
    text = body.decode("utf-8", errors="backslashreplace")
    media = content_type.split(";", 1)[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        return printable_json(text)
    return printable(text)

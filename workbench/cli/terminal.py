"""Text for the terminal: what a server sent, with its control characters made visible.

A server can put escape sequences in a token, a reason phrase, a header or a body: shown as
they are, they would retitle the window, clear the screen, hide lines or worse. The escaping
is ``workbench.core.printable``'s (the window shows files from elsewhere the same way); JSON
gets JSON escapes here, so that what is printed still parses to the same value.
"""

from __future__ import annotations

from workbench.core.printable import CONTROL_CHARACTERS as _CONTROL
from workbench.core.printable import printable

__all__ = ["printable", "printable_body", "printable_json"]


def printable_json(text: str) -> str:
    """Like ``printable`` but with JSON escapes (``\\u001b``), so valid JSON stays valid.

    In valid JSON, such characters only stand inside strings (or, for CR, as whitespace),
    where ``\\u00XX`` means the same character: ``jq`` and friends read the same document.
    """
    return _CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def printable_body(body: bytes, content_type: str) -> str:
    """A response body for the terminal: UTF-8 text (bad bytes as ``\\xNN``), controls escaped.

    JSON bodies get JSON escapes, so that what is printed still parses to the same value.
    """
    text = body.decode("utf-8", errors="backslashreplace")
    media = content_type.split(";", 1)[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        return printable_json(text)
    return printable(text)

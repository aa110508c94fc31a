"""Text for the terminal: what a server sent, with its control characters made visible.

A server can put escape sequences in a token, a reason phrase, a header or a body: shown as
they are, they would retitle the window, clear the screen, hide lines or worse. The escaping
is ``workbench.core.printable``'s (the window shows what servers and files send the same way);
JSON gets JSON escapes, so that what is printed still parses to the same value.
"""

from __future__ import annotations

from workbench.core.printable import printable, printable_json

__all__ = ["printable", "printable_body", "printable_json"]


def printable_body(body: bytes, content_type: str) -> str:
    """A response body for the terminal: UTF-8 text (bad bytes as ``\\xNN``), controls escaped.

    JSON bodies get JSON escapes, so that what is printed still parses to the same value.
    """
    text = body.decode("utf-8", errors="backslashreplace")
    media = content_type.split(";", 1)[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        return printable_json(text)
    return printable(text)

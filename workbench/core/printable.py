"""Text from elsewhere made safe to show: control characters escaped, never obeyed.

A server or a file can put escape sequences and bidirectional controls in a token, a header,
a profile's name or its token URL: shown as they are, they would retitle a terminal, clear
it, hide lines, or make ``evil.example`` read as another host. Every character of C0 and C1
but newline and tab (and the CR of a CRLF) is shown escaped, as ``\\x1b``; so are the Unicode
bidirectional controls, which reorder what is read. The terminal and the window share it.
"""

from __future__ import annotations

import re

CONTROL_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)"
)


def printable(text: str) -> str:
    """``text`` with every control character but newline and tab escaped (``\\x1b``)."""
    return CONTROL_CHARACTERS.sub(_python_escape, text)


def printable_line(text: str, limit_chars: int) -> str:
    """``text`` on one line for a label: controls and line breaks escaped, cut at
    ``limit_chars`` with how much was left out (a 100 KB URL must not fill a dialog)."""
    shown = printable(text).replace("\n", "\\n").replace("\t", "\\t")
    if len(shown) <= limit_chars:
        return shown
    return f"{shown[:limit_chars]}… ({len(shown) - limit_chars:,} more characters)"


def _python_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"

"""Text from elsewhere made safe to show: control and format characters escaped, never obeyed.

A server or a file can put escape sequences and invisible characters in a token, a header, a
reason phrase, a profile's name or its token URL: shown as they are, they would retitle a
terminal, clear it, hide lines, or make ``evil.example`` read as another host. Every character
of C0 and C1 but newline and tab (and the CR of a CRLF) is shown escaped, as ``\\x1b``; so is
every Unicode format character (category Cf: the bidirectional controls U+202A-U+202E and
U+2066-U+2069, the marks U+200E, U+200F and U+061C, zero-width spaces and joiners, tag
characters...), the line and paragraph separators, which reorder, hide or break what is read,
and lone surrogates (``\\ud800`` in a server's JSON), which no screen or file can hold. The
terminal and the window share it.
"""

from __future__ import annotations

import re

CONTROL_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 but tab, newline and CR; DEL; C1
    "\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"  # format (Cf) ...
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"  # with Zl, Zp
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
    "\ud800-\udfff]"  # lone surrogates (Cs)
    "|\r(?!\n)"
)
"""What ``printable`` escapes: the characters above, and a CR not followed by a newline."""


def printable(text: str) -> str:
    """``text`` with every control and format character but newline and tab escaped
    (``\\x1b``, ``\\u202e``, ``\\U000e0041``)."""
    return CONTROL_CHARACTERS.sub(_python_escape, text)


def printable_json(text: str) -> str:
    """Like ``printable`` but with JSON escapes (``\\u001b``, a surrogate pair past U+FFFF),
    so that valid JSON stays valid and means the same.

    In valid JSON such characters stand only inside strings (or, for CR, as whitespace),
    where ``\\uXXXX`` means the same character: ``jq`` and friends read the same document.
    """
    return CONTROL_CHARACTERS.sub(_json_escape, text)


def printable_line(text: str, limit_chars: int | None = None) -> str:
    """``text`` on one line for a label: controls and line breaks escaped; cut at
    ``limit_chars`` (when given) with how much was left out (a 100 KB URL must not fill a
    dialog)."""
    shown = printable(text).replace("\n", "\\n").replace("\t", "\\t")
    if limit_chars is None or len(shown) <= limit_chars:
        return shown
    return f"{shown[:limit_chars]}… ({len(shown) - limit_chars:,} more characters)"


def _python_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"

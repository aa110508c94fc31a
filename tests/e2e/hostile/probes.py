"""Small measuring helpers shared by the hostile, fault and load tests."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

CLIENT_ID = "demo-client"
CLIENT_SECRET = "demo-secret-hostile-7c1e"
"""A made-up secret: it must never show in a problem, an error stream or a witness."""

HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
"""Controls, format characters (bidi overrides, zero-width...), lone surrogates, separators."""

_PYTHON_ERROR = re.compile(r"\b\w*(?:Error|Exception)\(|Traceback \(most recent call last\)")


def read_rss_bytes() -> int:
    """This process's resident set size, from /proc/self/statm (resident pages x page size)."""
    fields = Path("/proc/self/statm").read_text(encoding="ascii").split()
    return int(fields[1]) * os.sysconf("SC_PAGE_SIZE")


def looks_like_python_internals(text: str) -> bool:
    """True when ``text`` shows an exception repr or a traceback rather than plain words."""
    return _PYTHON_ERROR.search(text) is not None


def hidden_characters(text: str) -> list[str]:
    """The characters of ``text`` that a screen or terminal would obey or hide rather than show
    (from the Unicode database, not from the code under test): every control, format character,
    lone surrogate and line or paragraph separator but newline, tab and the CR of a CRLF."""
    found = []
    for index, char in enumerate(text):
        if char in "\n\t" or (char == "\r" and text[index + 1 : index + 2] == "\n"):
            continue
        if unicodedata.category(char) in HIDDEN_CATEGORIES:
            found.append(f"U+{ord(char):04X}")
    return found

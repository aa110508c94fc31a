"""Reading text as JSON without ever raising: huge numbers, deep nesting, huge bodies."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

MAX_CHECK_CHARS = 16 * 1024 * 1024
"""Larger texts are not parsed here (a caller on the GUI thread passes a smaller limit)."""
INT_DIGITS_LIMIT = 4300
"""Python refuses to read integers longer than this (``sys.get_int_max_str_digits``)."""


@dataclass(frozen=True)
class JsonCheck:
    """The verdict on a text as JSON: valid, not, or not checked; and a sentence saying so."""

    valid: bool | None
    """True when it parses, False when it does not, None when it was too large to check."""
    message: str
    value: Any = None
    """The parsed document when valid (None otherwise, or when JSON ``null``)."""


def check_json(data: str | bytes, *, max_chars: int = MAX_CHECK_CHARS) -> JsonCheck:
    """Parse ``data`` as JSON; any failure becomes a plain message, never an exception."""
    if len(data) > max_chars:
        return JsonCheck(None, f"Too long to check as JSON ({len(data):,} characters)")
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as error:
            return JsonCheck(False, f"Not JSON: byte {error.start + 1} is not UTF-8 text")
    try:
        value = json.loads(data)
    except MemoryError:
        return JsonCheck(None, "Too large to check as JSON: not enough memory")
    except (ValueError, RecursionError) as error:
        return JsonCheck(False, f"Not JSON: {json_error(error)}")
    return JsonCheck(True, "Valid JSON", value)


def json_error(error: ValueError | RecursionError) -> str:
    """Why ``json.loads`` failed, in words (never Python's advice about its own settings)."""
    if isinstance(error, json.JSONDecodeError):
        return f"line {error.lineno} col {error.colno}: {error.msg}"
    if isinstance(error, RecursionError):
        return "nested too deeply to be read"
    # The integer digit limit is the one other ValueError json raises.
    return f"a number has more than {INT_DIGITS_LIMIT:,} digits, too many to be read"

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
    except json.JSONDecodeError as error:
        return JsonCheck(False, f"Not JSON: line {error.lineno} col {error.colno}: {error.msg}")
    except RecursionError:
        return JsonCheck(False, "Not JSON that can be read: it is nested too deeply")
    except ValueError:  # the integer digit limit is the one other ValueError json raises
        return JsonCheck(
            False,
            f"Not JSON that can be read: a number has more than {INT_DIGITS_LIMIT:,} digits",
        )
    except MemoryError:
        return JsonCheck(None, "Too large to check as JSON: not enough memory")
    return JsonCheck(True, "Valid JSON", value)

"""A small TOML writer with a stable layout, and typed reads whose errors name the line."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from typing import Any

from workbench.core.collections.files import FileFormatError
from workbench.core.collections.model import Field, Fields

_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")
_LITERAL_BLOCK_SAFE = re.compile(r"[^\x00-\x08\x0b-\x1f\x7f\r]*")
"""What a ``'''`` literal block may hold as it is: tabs and newlines, no other controls."""


# ------------------------------------------------------------------------------------ writing


def string(value: str) -> str:
    """A one-line TOML basic string (JSON's escapes are TOML's, except for DEL)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def block(value: str) -> str:
    """A string that may span lines, written as it reads where possible.

    A ``'''`` literal block when the text allows one (no ``'''``, no control characters but
    tabs and newlines, not ending with a quote); otherwise a one-line basic string.
    """
    if "\n" not in value:
        return string(value)
    if "'''" in value or value.endswith("'") or not _LITERAL_BLOCK_SAFE.fullmatch(value):
        return string(value)
    return f"'''\n{value}'''"


def fields(items: Fields) -> str:
    """An array of ``{ name = ..., value = ... }`` tables, one per line."""
    if not items:
        return "[]"
    lines = ["["]
    for item in items:
        enabled = "" if item.enabled else ", enabled = false"
        lines.append(f"  {{ name = {string(item.name)}, value = {string(item.value)}{enabled} }},")
    lines.append("]")
    return "\n".join(lines)


def string_list(values: Iterable[str]) -> str:
    """An array of strings, one per line (so that adding one changes one line in a diff)."""
    items = list(values)
    if not items:
        return "[]"
    return "[\n" + "".join(f"  {string(value)},\n" for value in items) + "]"


def key(name: str) -> str:
    """A table key: bare when TOML allows it, quoted otherwise."""
    if re.fullmatch(r"[A-Za-z0-9_-]+", name):
        return name
    return string(name)


def table(name: str, values: Mapping[str, str]) -> str:
    """``[name]`` followed by ``key = "value"`` lines."""
    lines = [f"[{name}]"]
    lines.extend(f"{key(item)} = {block(value)}" for item, value in values.items())
    return "\n".join(lines)


# ------------------------------------------------------------------------------------ reading


def parse(text: str) -> dict[str, Any]:
    """A TOML document; ``FileFormatError`` naming the line when it is not one."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_LINE.search(message)
        line = int(found.group(1)) if found else None
        reason = _TOML_LINE.sub("", message).strip()
        raise FileFormatError(f"it is not valid TOML: {reason}", line) from None
    except (ValueError, RecursionError, MemoryError) as error:
        # A number too long for Python, or nesting too deep for the parser.
        raise FileFormatError(f"it cannot be read ({type(error).__name__}: {error})") from None


class Reader:
    """Typed reads from a parsed TOML table; errors name the key and, when found, its line."""

    def __init__(self, table: Mapping[str, Any], text: str, where: str = "") -> None:
        self._table = table
        self._text = text
        self._where = where

    def fail(self, key: str, expected: str) -> FileFormatError:
        """The error for a ``key`` that is not what it should be."""
        place = f"{self._where}{key!r}"
        return FileFormatError(f"{place} should be {expected}", line_of(self._text, key))

    def text(self, key: str, default: str = "", *, required: bool = False) -> str:
        """A string value."""
        if required and key not in self._table:
            raise FileFormatError(f"it has no {key!r}", None)
        value = self._table.get(key, default)
        if not isinstance(value, str):
            raise self.fail(key, "text in quotes")
        return value

    def flag(self, key: str, default: bool) -> bool:
        """``true`` or ``false``."""
        value = self._table.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, "true or false")
        return value

    def integer(self, key: str) -> int | None:
        """A whole number, or None when absent."""
        value = self._table.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(key, "a whole number")
        return value

    def strings(self, key: str) -> list[str]:
        """An array of strings."""
        value = self._table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(key, "a list of texts in quotes")
        return value

    def string_table(self, key: str) -> dict[str, str]:
        """A table of string values, in the order written."""
        value = self._table.get(key, {})
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise self.fail(key, 'a table of name = "value" lines')
        return value

    def fields(self, key: str) -> Fields:
        """An array of ``{ name, value, enabled }`` tables."""
        value = self._table.get(key, [])
        if not isinstance(value, list):
            raise self.fail(key, "a list of { name = ..., value = ... }")
        result = []
        for index, item in enumerate(value, start=1):
            where = f"item {index} of "
            if not isinstance(item, dict):
                raise self.fail(key, "a list of { name = ..., value = ... }")
            name, val, enabled = item.get("name"), item.get("value", ""), item.get("enabled", True)
            if not isinstance(name, str) or not isinstance(val, str):
                raise FileFormatError(
                    f"{where}{key!r} needs a name and a value in quotes", line_of(self._text, key)
                )
            if not isinstance(enabled, bool):
                raise FileFormatError(
                    f"{where}{key!r} has an 'enabled' that is not true or false",
                    line_of(self._text, key),
                )
            result.append(Field(name, val, enabled))
        return tuple(result)


def line_of(text: str, key: str) -> int | None:
    """The line where ``key = ...`` (or ``[key]``) is written, or None."""
    pattern = re.compile(
        rf"^[ \t]*(?:{re.escape(key)}|\"{re.escape(key)}\")[ \t]*=|^\[{re.escape(key)}\]", re.M
    )
    found = pattern.search(text)
    return None if found is None else text.count("\n", 0, found.start()) + 1

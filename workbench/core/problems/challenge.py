"""The ``WWW-Authenticate`` header read into challenges (RFC 9110 §11.6.1), tolerantly."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from workbench.core.config import Pairs

_MAX_HEADER_CHARS = 16 * 1024


@dataclass(frozen=True)
class AuthChallenge:
    """One challenge of a ``WWW-Authenticate`` header: scheme, auth-params or a token68."""

    scheme: str
    params: Pairs = ()
    """Parameter names in lower case, values unquoted and unescaped, in order."""
    token68: str = ""

    def param(self, name: str) -> str | None:
        """The first value of parameter ``name`` (case-insensitive), or None."""
        lowered = name.lower()
        for key, value in self.params:
            if key == lowered:
                return value
        return None


_TOKEN_STOP = frozenset(' \t,="')


def parse_www_authenticate(values: Iterable[str]) -> tuple[AuthChallenge, ...]:
    """Parse every challenge in the given ``WWW-Authenticate`` header values (RFC 9110 §11.6.1).

    Tolerant: several challenges per value and several values are fine, quoted strings
    may hold commas and backslash escapes, an unterminated quote runs to the end, and
    stray characters are skipped. Each value is read up to 16 KiB.
    """
    challenges: list[AuthChallenge] = []
    for value in values:
        challenges.extend(_parse_challenges(str(value)[:_MAX_HEADER_CHARS]))
    return tuple(challenges)


@dataclass
class _Building:
    scheme: str
    params: list[tuple[str, str]]
    token68: str = ""
    fresh: bool = True
    """Nothing but the scheme read so far: a token68 may follow."""


def _parse_challenges(text: str) -> list[AuthChallenge]:
    built: list[_Building] = []
    current: _Building | None = None
    index, length = 0, len(text)
    while index < length:
        saw_comma = False
        while index < length and text[index] in " \t,":
            saw_comma = saw_comma or text[index] == ","
            index += 1
        if index >= length:
            break
        name, index = _read_token(text, index)
        if not name:  # a stray '=' or a quoted string where a name should be
            if text[index] == '"':
                _, index = _read_quoted(text, index)
            else:
                index += 1
            continue
        after_name = _skip_spaces(text, index)
        if after_name < length and text[after_name] == "=":
            equals_end = after_name
            while equals_end < length and text[equals_end] == "=":
                equals_end += 1
            rest = _skip_spaces(text, equals_end)
            looks_like_token68 = equals_end - after_name >= 2 or rest >= length or text[rest] == ","
            if current is not None and current.fresh and not saw_comma and looks_like_token68:
                current.token68 = name + text[after_name:equals_end]
                current.fresh = False
                index = equals_end
                continue
            value_start = _skip_spaces(text, after_name + 1)
            if value_start < length and text[value_start] == '"':
                value, index = _read_quoted(text, value_start)
            else:
                value, index = _read_token(text, value_start, stop=frozenset(" \t,"))
            if current is None:
                current = _Building(scheme="", params=[])
                built.append(current)
            current.params.append((name.lower(), value))
            current.fresh = False
        elif current is not None and current.fresh and not saw_comma:
            current.token68 = name
            current.fresh = False
            index = after_name
        else:
            current = _Building(scheme=name, params=[])
            built.append(current)
            index = after_name
    return [AuthChallenge(item.scheme, tuple(item.params), item.token68) for item in built]


def _read_token(text: str, index: int, stop: frozenset[str] = _TOKEN_STOP) -> tuple[str, int]:
    start = index
    while index < len(text) and text[index] not in stop:
        index += 1
    return text[start:index], index


def _read_quoted(text: str, index: int) -> tuple[str, int]:
    """Read a quoted string starting at the opening quote; return its value and the end."""
    chars: list[str] = []
    index += 1
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            chars.append(text[index + 1])
            index += 2
            continue
        if char == '"':
            return "".join(chars), index + 1
        chars.append(char)
        index += 1
    return "".join(chars), index


def _skip_spaces(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t":
        index += 1
    return index

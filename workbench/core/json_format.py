"""A JSON re-indenter that keeps the wire's text (escapes, number spelling), in short steps."""

from __future__ import annotations

import re
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TypeVar

_Result = TypeVar("_Result")

JSON_SPACE = r"[ \t\n\r]*"
"""A regular expression for JSON's optional whitespace."""
# Unrolled ("plain run, then escape and plain run, ...") and possessive: the plain runs are
# matched in C, so a one-megabyte string token takes milliseconds, not a GUI-freezing 0.4 s,
# and a failed match does not backtrack through it.
JSON_STRING = r'"[^"\\\x00-\x1f]*+(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\x00-\x1f]*+)*+"'
# One token per match, with the whitespace and an optional comma before it swallowed:
# group 1 comma, 2 key (a string followed by a colon), 3 string, 4 number, 5 literal,
# 6 opening bracket, 7 closing bracket, 8 anything else (an error).
_TOKEN = re.compile(
    rf"{JSON_SPACE}(?:(,){JSON_SPACE})?(?:"
    rf"({JSON_STRING}){JSON_SPACE}:"
    rf"|({JSON_STRING})"
    r"|(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)"
    r"|(true|false|null)"
    r"|([\[{])"
    r"|([\]}])"
    r"|(.))",
    re.DOTALL,
)
_CUT_SCALAR = re.compile(rf',?{JSON_SPACE}(?:"[^"]*|-?[0-9.eE+-]*|t|tr|tru|f|fa|fal|fals|n|nu|nul)')

_COMMA, _KEY, _STR, _NUMBER, _LITERAL, _OPEN, _CLOSE, _OTHER = range(1, 9)
# What may come next.
_VALUE, _FIRST_IN_ARRAY, _FIRST_IN_OBJECT, _KEY_NEXT, _AFTER, _DONE = range(6)
_STEP_TOKENS = 256
"""Tokens per step of ``iter_format_json`` (a fraction of a millisecond of work)."""
_JSON_SPACE_CHARS = " \t\n\r"

FormatSteps = Generator[None, bool | None, "JsonFormat"]
"""``iter_format_json``'s generator: send True to stop early (a partial result is returned)."""


@dataclass(frozen=True)
class JsonFormat:
    """The outcome of re-indenting: the text, whether it is JSON so far, and why not."""

    text: str
    """The indented text; the input unchanged when it is not JSON."""
    is_json: bool
    """True when no error was found (in the part read, when ``partial``)."""
    error: str = ""
    """Empty when JSON; otherwise ``line L col C: message``."""
    partial: bool = False
    """True when ``text`` covers only the start: output cap reached or input cut short."""


def format_json(
    source: str,
    *,
    indent: int = 2,
    max_chars: int | None = None,
    allow_incomplete: bool = False,
    should_stop: Callable[[], bool] | None = None,
) -> JsonFormat:
    """Re-indent JSON text, keeping every string and number exactly as written.

    Unlike ``json.dumps(json.loads(...))`` it keeps escapes and number spelling. ``max_chars``
    stops once that much output exists (the rest is not read); ``allow_incomplete`` formats a
    document that stops early (a truncated body) as far as it goes; ``should_stop`` is polled
    now and then to abandon stale work (the result is then partial). Returns
    ``JsonFormat(source, is_json=False, ...)`` for text that is not JSON.
    """
    steps = iter_format_json(
        source, indent=indent, max_chars=max_chars, allow_incomplete=allow_incomplete
    )
    return drive(steps, should_stop)


def drive(
    steps: Generator[None, bool | None, _Result], should_stop: Callable[[], bool] | None = None
) -> _Result:
    """Run a step generator to its end; when ``should_stop()`` turns true, ask it to stop."""
    try:
        steps.send(None)
        while True:
            steps.send(should_stop is not None and should_stop())
    except StopIteration as finished:
        result: _Result = finished.value
        return result


def iter_format_json(  # noqa: PLR0915 - one flat state machine reads best in one piece
    source: str,
    *,
    indent: int = 2,
    max_chars: int | None = None,
    allow_incomplete: bool = False,
) -> FormatSteps:
    """``format_json`` as a generator that yields every few hundred tokens.

    Each step holds Python's interpreter lock for a fraction of a millisecond, so the caller
    decides when to continue: the viewer runs it on the GUI thread a few milliseconds per
    event-loop turn. Send True into it to stop; its return value is the ``JsonFormat``.
    """
    pieces: list[str] = []
    append = pieces.append
    closers: list[str] = []
    state = _VALUE
    inline = True  # the next value continues the current line (document start, after a key)
    pad = " " * indent
    # Not a regular expression: searching for trailing space scans the whole text in C,
    # holding the interpreter lock (25 ms for 2 MB).
    limit = len(source.rstrip(_JSON_SPACE_CHARS))
    pos = 0
    counted = 0
    out_len = 0
    for tokens, match in enumerate(_TOKEN.finditer(source, 0, limit), start=1):
        kind = match.lastindex or _OTHER
        pos = match.end()
        if kind == _OTHER:
            if allow_incomplete and _CUT_SCALAR.fullmatch(source, match.start(_OTHER), limit):
                if match.start(_COMMA) >= 0:
                    append(",")
                    inline = False
                # Straight after a value (``-12.5`` then ``e``): the cut was inside that number.
                continues = state == _AFTER and match.start() == match.start(_OTHER)
                lead = "" if inline or continues else "\n" + pad * len(closers)
                return _with_cut_value(pieces, lead, source[match.start(_OTHER) : limit], max_chars)
            return _failure(source, match.start(_OTHER), "not a JSON token")
        if match.start(_COMMA) >= 0:
            if state != _AFTER:
                return _failure(source, match.start(_COMMA), "unexpected ','")
            append(",")
            state = _KEY_NEXT if closers[-1] == "}" else _VALUE
            inline = False
        token = match.group(kind)
        if state == _DONE:
            return _failure(source, match.start(kind), "unexpected data after the document")
        if kind == _CLOSE:
            if state == (_FIRST_IN_OBJECT if token == "}" else _FIRST_IN_ARRAY):
                append(token)
            elif state == _AFTER and closers[-1] == token:
                append("\n" + pad * (len(closers) - 1) + token)
            else:
                return _failure(source, match.start(kind), f"unexpected {token!r}")
            closers.pop()
            state = _AFTER if closers else _DONE
        elif kind == _KEY:
            if state not in (_FIRST_IN_OBJECT, _KEY_NEXT):
                return _failure(source, match.start(kind), "unexpected ':'")
            append("\n" + pad * len(closers) + token + ": ")
            state = _VALUE
            inline = True
        else:
            if state not in (_VALUE, _FIRST_IN_ARRAY):
                wanted = "a key in quotes" if state in (_KEY_NEXT, _FIRST_IN_OBJECT) else "','"
                return _failure(source, match.start(kind), f"expected {wanted}")
            append(token if inline else "\n" + pad * len(closers) + token)
            inline = False
            if kind == _OPEN:
                closers.append("}" if token == "{" else "]")
                state = _FIRST_IN_OBJECT if token == "{" else _FIRST_IN_ARRAY
            else:
                state = _AFTER if closers else _DONE
        if tokens % _STEP_TOKENS == 0:
            if max_chars is not None:
                out_len += sum(map(len, pieces[counted:]))
                counted = len(pieces)
                if out_len >= max_chars:
                    return JsonFormat("".join(pieces), is_json=True, partial=True)
            if (yield):
                return JsonFormat("".join(pieces), is_json=True, partial=True)
    if pos < limit:
        if allow_incomplete and _CUT_SCALAR.fullmatch(source, pos, limit):
            lead = "" if inline else "\n" + pad * len(closers)
            return _with_cut_value(pieces, lead, source[pos:limit].lstrip(", \t\r\n"), max_chars)
        return _failure(source, pos, "not a JSON token")
    if state == _DONE:
        return JsonFormat("".join(pieces), is_json=True)
    if allow_incomplete and pieces:
        return JsonFormat("".join(pieces), is_json=True, partial=True)
    return _failure(source, limit, "the document ends too early")


def _with_cut_value(pieces: list[str], lead: str, value: str, max_chars: int | None) -> JsonFormat:
    """The document so far plus the value it was cut in (a string or number as far as it
    goes, within ``max_chars`` of output), marked with an ellipsis."""
    text = "".join(pieces)
    room = len(value) if max_chars is None else max(0, max_chars - len(text) - len(lead))
    return JsonFormat(f"{text}{lead}{value[:room]}…", is_json=True, partial=True)


def _failure(source: str, offset: int, message: str) -> JsonFormat:
    """A failed format with a ``line L col C`` position (both 1-based)."""
    line = source.count("\n", 0, offset) + 1
    column = offset - (source.rfind("\n", 0, offset) + 1) + 1
    return JsonFormat(source, is_json=False, error=f"line {line} col {column}: {message}")

"""Splitting a pasted command line into words as a POSIX shell does, in linear time.

``shlex`` reads one character at a time in Python: a megabyte of pasted body takes seconds
on the GUI thread. Here one regular expression takes each quoted string, escaped character
or run of plain text whole, so the work grows with the number of pieces, not characters.
Supported: whitespace between words, ``'...'``, ``"..."`` (``\\`` escapes ``\\ " $ ```
and a newline), ``$'...'`` (bash's ANSI-C quoting, as browsers' "Copy as cURL" writes it),
``\\`` outside quotes, and ``\\``-newline continuations.
"""

from __future__ import annotations

import re

MAX_COMMAND_CHARS = 64 * 1024
"""The largest command the importer reads (64 KiB): a paste beyond is refused at once. Larger
bodies would stall the window anyway: Qt lays out ~1 MiB of text in the composer in ~0.7 s."""
MAX_PIECES = 20_000
"""More words, quoted strings or backslashes than any real command holds: such a text is
refused as not a command (and the work per paste stays bounded)."""

_PIECE = re.compile(
    r"""(?P<space>[ \t\r\n]+)
      | '(?P<single>[^']*)'
      | \$'(?P<ansi>[^'\\]*(?:\\.[^'\\]*)*)'
      | "(?P<double>[^"\\]*(?:\\.[^"\\]*)*)"
      | \\(?P<escaped>.)
      | (?P<plain>[^ \t\r\n'"\\$]+|\$(?!')[^ \t\r\n'"\\$]*)
      | (?P<unbalanced>.)""",
    re.S | re.X,
)
_DOUBLE_ESCAPE = re.compile(r'\\([\\"$`])|\\\n')
_ANSI_ESCAPE = re.compile(
    r"\\(?:x([0-9A-Fa-f]{1,2})|u([0-9A-Fa-f]{1,4})|U([0-9A-Fa-f]{1,8})|([0-7]{1,3})|c(.)|(.))",
    re.S,
)
_ANSI_SIMPLE = {
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
}


class CommandWordsError(ValueError):
    """The text cannot be split into words; the message says why in plain words."""


def split_words(text: str) -> list[str]:
    """The words of ``text`` as a POSIX shell would pass them to a program."""
    if len(text) > MAX_COMMAND_CHARS:
        raise CommandWordsError(
            f"The command is {len(text):,} characters long; the importer reads commands of up "
            f"to {MAX_COMMAND_CHARS:,} characters. Put a large body in the request's Body tab "
            "instead."
        )
    if text.count("\\") > MAX_PIECES:
        raise CommandWordsError(
            f"The command has more than {MAX_PIECES:,} backslashes: it does not look like a "
            "curl command."
        )
    # A paste from Windows: its continuations end in CR LF (elsewhere CR LF is whitespace, or
    # inside quotes the body's own bytes, kept as they are).
    text = text.replace("\\\r\n", "\\\n")
    words: list[str] = []
    current: list[str] = []
    in_word = False
    for count, piece in enumerate(_PIECE.finditer(text)):
        if count >= MAX_PIECES:
            raise CommandWordsError(
                f"The command has more than {MAX_PIECES:,} words, quoted strings and escapes: "
                "it does not look like a curl command."
            )
        space, single, ansi, double, escaped, plain, unbalanced = piece.groups(default="")
        if space:
            if in_word:
                words.append("".join(current))
                current = []
                in_word = False
            continue
        if unbalanced:
            raise CommandWordsError(
                "The command has an unbalanced quote (or ends in a backslash); check that "
                "every ' and \" is closed."
            )
        if escaped == "\n":  # a line continuation: the lines join, no word starts here
            continue
        in_word = True
        if escaped:
            current.append(escaped)
        elif plain:
            current.append(plain)
        elif double:
            # Escapes become their character, continuations nothing (an unmatched group).
            current.append(_DOUBLE_ESCAPE.sub(r"\1", double))
        elif ansi:
            current.append(_ANSI_ESCAPE.sub(_ansi_escape, ansi))
        else:
            current.append(single)  # also the empty '' (and $'' and "")
    if in_word:
        words.append("".join(current))
    return words


def _ansi_escape(match: re.Match[str]) -> str:
    hex_byte, short_hex, long_hex, octal, control, other = match.groups()
    if hex_byte or short_hex or long_hex:
        code = int(hex_byte or short_hex or long_hex, 16)
        return chr(code) if code <= 0x10FFFF else match.group()
    if octal:
        return chr(int(octal, 8) & 0xFF)
    if control:
        return chr(ord(control) & 0x1F)
    return _ANSI_SIMPLE.get(other, "\\" + other)

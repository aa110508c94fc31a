"""File names from item names, safe on every OS, and atomic writes that leave nothing behind."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection as Taken
from pathlib import Path

from workbench.core.atomic_file import replace_file
from workbench.core.profiles import unique_name

MAX_STEM_CHARS = 60
"""File and folder names stay short: paths on Windows are limited to 260 characters."""
MAX_FILE_BYTES = 16 * 1024 * 1024
"""A saved request or environment file larger than this is not read (16 MiB)."""

_TRANSLITERATION = str.maketrans(
    {"ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "đ": "d", "þ": "th"}
)
_NOT_SAFE = re.compile(r"[^a-z0-9]+")
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{digit}" for digit in range(1, 10)}
    | {f"lpt{digit}" for digit in range(1, 10)}
)


class FileFormatError(ValueError):
    """A saved file that cannot be read; ``line`` is where, when known (1-based)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class WriteError(OSError):
    """A file could not be written; the message names it, and the old file is unchanged."""


def file_stem(name: str, fallback: str) -> str:
    """A file name (without extension) for ``name``: lower-case ASCII letters, digits and
    dashes, never a name Windows reserves, never starting with ``_`` or ``.``."""
    text = unicodedata.normalize("NFKD", name.translate(_TRANSLITERATION))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    stem = _NOT_SAFE.sub("-", text).strip("-")[:MAX_STEM_CHARS].rstrip("-")
    if not stem:
        return fallback
    if stem in _WINDOWS_RESERVED:
        return f"{stem}-{fallback}"
    return stem


def unique_stem(stem: str, taken: Taken[str]) -> str:
    """``stem``, or ``stem-2``, ``stem-3``... whichever ``taken`` (lower-case stems) lacks."""
    return unique_name(stem, taken, "{}-{}")


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step: a hidden temporary file in the same folder,
    flushed to disk, then renamed over it. Raises ``WriteError``; no temporary file remains."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise WriteError(
            f"Could not save {path}: it holds text that is not UTF-8 ({error})"
        ) from None
    try:
        replace_file(path, data)
    except OSError as error:
        raise WriteError(
            f"Could not save {path}: {error.strerror or error}. The previous file is unchanged."
        ) from error


def read_text(path: Path) -> str:
    """A file's UTF-8 text. Raises ``OSError``, or ``FileFormatError`` for a file too large
    or not UTF-8 (naming the line)."""
    from workbench.core.small_files import SmallFileError, read_small_file

    try:  # never past the cap, never a device or a pipe (a folder from elsewhere can hold one)
        data = read_small_file(path, MAX_FILE_BYTES, "a saved file")
    except SmallFileError as error:
        if error.os_error is not None:
            raise error.os_error from None
        raise FileFormatError(f"it {error}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileFormatError("it is not UTF-8 text", line) from None

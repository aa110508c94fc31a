"""Reading a private key file: a regular file of at most ``MAX_KEY_FILE_BYTES``."""

from __future__ import annotations

from pathlib import Path

from workbench.core.small_files import SmallFileError, read_small_file

MAX_KEY_FILE_BYTES = 1024 * 1024
"""A PEM private key takes a few KiB; nothing larger is one."""

KeyFileError = SmallFileError
"""Why a key file was not read; the message completes "The key file ..."."""


def read_key_file(path: Path) -> bytes:
    """The bytes of the key file at ``path`` (a typed path can name ``/dev/zero`` or a pipe);
    ``KeyFileError`` for anything but a regular file of a key's size."""
    return read_small_file(path, MAX_KEY_FILE_BYTES, "a key file")

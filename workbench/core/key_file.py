"""Reading a private key file defensively: a regular file of at most ``MAX_KEY_FILE_BYTES``.

A path typed by hand can name a device that never ends (``/dev/zero``) or a pipe that never
answers; read whole, either would hang the window or fill the memory.
"""

from __future__ import annotations

import stat
from pathlib import Path

MAX_KEY_FILE_BYTES = 1024 * 1024
"""A PEM private key takes a few KiB; nothing larger is one."""


class KeyFileError(Exception):
    """Why a key file was not read; the message completes "The key file ..."."""


def read_key_file(path: Path) -> bytes:
    """The bytes of the key file at ``path``; ``KeyFileError`` for anything else."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise KeyFileError("is not a regular file")
        with path.open("rb") as file:
            data = file.read(MAX_KEY_FILE_BYTES + 1)
    except OSError as error:
        raise KeyFileError(
            f"could not be read ({error.strerror or type(error).__name__})"
        ) from None
    if len(data) > MAX_KEY_FILE_BYTES:
        raise KeyFileError(
            f"is larger than a key file can be (over {MAX_KEY_FILE_BYTES // 1024} KiB)"
        )
    return data

"""Reading a small file from elsewhere defensively: a regular file, never past a size cap.

A path can name a device that never ends (``/dev/zero``), a pipe that never answers or a
folder; read whole, each would hang the window or fill the memory.
"""

from __future__ import annotations

import stat
from pathlib import Path

from workbench.core.sizes import format_size


class SmallFileError(Exception):
    """Why a file was not read; the message completes "The file NAME ..."."""

    def __init__(self, message: str, os_error: OSError | None = None) -> None:
        super().__init__(message)
        self.os_error = os_error
        """The system's own error, when the file could not be opened or read."""


def read_small_file(path: Path, max_bytes: int, kind: str) -> bytes:
    """The bytes of the regular file at ``path``, at most ``max_bytes`` of them;
    ``SmallFileError`` otherwise. ``kind`` names the file in a refusal ("a key file")."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise SmallFileError("is not a regular file")
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise SmallFileError(f"could not be read ({reason})", error) from None
    if len(data) > max_bytes:
        raise SmallFileError(f"is larger than {kind} can be (over {format_size(max_bytes)})")
    return data

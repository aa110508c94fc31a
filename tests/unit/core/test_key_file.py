"""A key file is read only when it is a regular file of a key's size."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbench.core.key_file import MAX_KEY_FILE_BYTES, KeyFileError, read_key_file


def test_a_key_file_is_read_whole(tmp_path: Path) -> None:
    key = tmp_path / "key.pem"
    key.write_bytes(b"-----BEGIN PRIVATE KEY-----\nMIIfake\n-----END PRIVATE KEY-----\n")
    assert read_key_file(key) == key.read_bytes()


def test_a_file_of_exactly_the_cap_is_read_and_one_byte_more_is_refused(tmp_path: Path) -> None:
    key = tmp_path / "big.pem"
    key.write_bytes(b"k" * MAX_KEY_FILE_BYTES)
    assert len(read_key_file(key)) == MAX_KEY_FILE_BYTES
    key.write_bytes(b"k" * (MAX_KEY_FILE_BYTES + 1))
    with pytest.raises(KeyFileError, match=r"larger than a key file can be \(over 1 MiB\)"):
        read_key_file(key)


def test_a_device_a_pipe_a_folder_or_nothing_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)  # opened, it would wait for a writer forever
    for path in (Path("/dev/zero"), fifo, tmp_path):
        with pytest.raises(KeyFileError, match="is not a regular file"):
            read_key_file(path)
    with pytest.raises(KeyFileError, match="could not be read"):
        read_key_file(tmp_path / "missing.pem")

"""Saved files are read defensively: a folder from elsewhere can hold a pipe or a huge file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbench.core.collections.files import MAX_FILE_BYTES, FileFormatError, read_text
from workbench.core.collections.store import CollectionStore


def test_a_pipe_among_the_requests_is_not_waited_on(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    os.mkfifo(folder / "waits-forever.toml")  # opened, it would wait for a writer for ever
    os.mkfifo(folder / "_collection.toml")
    store = CollectionStore(folder)
    store.load()
    assert store.collection().items == ()
    with pytest.raises(FileFormatError, match="not a regular file"):
        read_text(folder / "waits-forever.toml")


def test_read_text_refuses_past_the_cap_and_says_a_missing_file_is_missing(
    tmp_path: Path,
) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(FileFormatError, match="larger than a saved file can be"):
        read_text(big)
    with pytest.raises(FileNotFoundError):
        read_text(tmp_path / "missing.toml")


def test_a_pipe_among_the_environments_is_skipped_with_a_reason(tmp_path: Path) -> None:
    from workbench.core.collections.environments import EnvironmentStore

    store = EnvironmentStore(tmp_path)
    store.folder.mkdir()
    os.mkfifo(store.folder / "staging.toml")  # read whole, it would hang the window
    (problem,) = store.load()
    assert problem.path.name == "staging.toml"
    assert "not a regular file" in str(problem.message)

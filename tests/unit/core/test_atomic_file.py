"""Replacing a file in one step: all or nothing, and no temporary file left behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.atomic_file import replace_file


def test_replaces_the_file_and_makes_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "file.json"
    replace_file(path, b"one")
    replace_file(path, b"two")
    assert path.read_bytes() == b"two"
    assert sorted(entry.name for entry in path.parent.iterdir()) == ["file.json"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "file.json"
    path.write_bytes(b"old")
    (tmp_path / "blocker").mkdir()
    with pytest.raises(OSError):
        replace_file(tmp_path / "blocker", b"new")  # a folder cannot be replaced by a file
    assert path.read_bytes() == b"old"
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["blocker", "file.json"]

"""A collection folder as it is on disk: what each file holds, and what could not be read."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from workbench.core.collections import file_format as fmt
from workbench.core.collections.files import FileFormatError, read_text
from workbench.core.collections.model import Folder, Item, SavedRequest
from workbench.core.profiles import unique_name

MAX_DEPTH = 16
"""Folders nested deeper than this are not read (a loop of links, or a mistake)."""
MAX_ENTRIES = 5000
"""Items per folder read at most."""


@dataclass(frozen=True)
class FileProblem:
    """A file that could not be read: which, where in it (when known), and why."""

    path: Path
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}, line {self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


@dataclass
class Entry:
    """One item of a folder as it is on disk: its file (or folder) name and its content."""

    file_name: str
    request: SavedRequest | None = None
    folder: Node | None = None
    disk_text: str = ""
    """A request file's text as last read or written: a later difference was made elsewhere."""

    @property
    def name(self) -> str:
        if self.folder is not None:
            return self.folder.meta.name
        assert self.request is not None
        return self.request.name

    @property
    def order_name(self) -> str:
        """How the folder's ``order`` names it: ``file.toml`` or ``folder/``."""
        return f"{self.file_name}/" if self.folder is not None else self.file_name


@dataclass
class Node:
    """A folder on disk: its meta file's content, its readable items, the unreadable ones."""

    directory: Path
    meta: fmt.FolderFile
    top: bool = False
    entries: list[Entry] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    """Order names of files and folders that could not be read: kept in ``order``."""
    meta_problem: FileProblem | None = None

    @property
    def meta_path(self) -> Path:
        return self.directory / (fmt.COLLECTION_FILE if self.top else fmt.FOLDER_FILE)

    def entry(self, name: str) -> Entry | None:
        return next((entry for entry in self.entries if entry.name == name), None)

    def move_to(self, directory: Path) -> None:
        """Note a new place on disk for this folder and everything in it."""
        self.directory = directory
        for entry in self.entries:
            if entry.folder is not None:
                entry.folder.move_to(directory / entry.file_name)


class TreeReader:
    """Reads a collection folder into ``Node``s, noting each file it cannot read."""

    def __init__(self) -> None:
        self.problems: list[FileProblem] = []

    def read_node(self, directory: Path, *, top: bool, depth: int) -> Node:
        meta_path = directory / (fmt.COLLECTION_FILE if top else fmt.FOLDER_FILE)
        default_name = "" if top else directory.name
        node = Node(directory, fmt.FolderFile(name=default_name), top=top)
        if meta_path.is_file():
            try:
                node.meta = fmt.folder_from_text(read_text(meta_path), top=top)
            except (OSError, FileFormatError) as error:
                node.meta_problem = self._problem(meta_path, error)
        try:
            listing = sorted(os.scandir(directory), key=lambda item: item.name)
        except FileNotFoundError:
            return node
        except OSError as error:
            self._problem(directory, error)
            return node
        candidates: dict[str, os.DirEntry[str]] = {}
        for item in listing[:MAX_ENTRIES]:
            if item.name.startswith(("_", ".")):
                continue
            if item.is_dir(follow_symlinks=False):
                candidates[f"{item.name}/"] = item
            elif item.name.endswith(fmt.REQUEST_SUFFIX) and item.is_file():
                candidates[item.name] = item
        ordered = [name for name in dict.fromkeys(node.meta.order) if name in candidates]
        ordered += [name for name in candidates if name not in ordered]
        for order_name in ordered:
            entry = self._read_entry(directory, order_name, depth)
            if entry is None:
                node.unreadable.append(order_name)
            else:
                self._add_unique(node, entry)
        return node

    def _read_entry(self, directory: Path, order_name: str, depth: int) -> Entry | None:
        if order_name.endswith("/"):
            if depth >= MAX_DEPTH:
                self.problems.append(
                    FileProblem(directory / order_name, f"folders nest deeper than {MAX_DEPTH}")
                )
                return None
            sub = self.read_node(directory / order_name[:-1], top=False, depth=depth + 1)
            return Entry(order_name[:-1], folder=sub)
        path = directory / order_name
        try:
            text = read_text(path)
            return Entry(order_name, request=fmt.request_from_text(text), disk_text=text)
        except (OSError, FileFormatError) as error:
            self._problem(path, error)
            return None

    def _add_unique(self, node: Node, entry: Entry) -> None:
        """Add a read item; a second item of the same name is shown as ``NAME (2)``."""
        taken = [existing.name for existing in node.entries]
        if entry.name in taken:
            shown = unique_name(entry.name, taken)
            where = node.directory / entry.file_name
            self.problems.append(
                FileProblem(
                    where,
                    f"another item here is also called {entry.name!r}; "
                    f"this one is shown as {shown!r}",
                )
            )
            if entry.folder is not None:
                entry.folder.meta = replace(entry.folder.meta, name=shown)
            else:
                assert entry.request is not None
                entry.request = replace(entry.request, name=shown)
        node.entries.append(entry)

    def _problem(self, path: Path, error: OSError | FileFormatError) -> FileProblem:
        if isinstance(error, FileFormatError):
            problem = FileProblem(path, error.message, error.line)
        else:
            problem = FileProblem(path, f"cannot be read ({error.strerror or error})")
        self.problems.append(problem)
        return problem


def items_of(node: Node) -> tuple[Item, ...]:
    return tuple(item_of_entry(entry) for entry in node.entries)


def item_of_entry(entry: Entry) -> Item:
    if entry.folder is not None:
        meta = entry.folder.meta
        return Folder(name=meta.name, items=items_of(entry.folder), note=meta.note)
    assert entry.request is not None
    return entry.request


def contains(folder: Node, other: Node) -> bool:
    if folder is other:
        return True
    return any(
        entry.folder is not None and contains(entry.folder, other) for entry in folder.entries
    )


def taken_stems(directory: Path) -> set[str]:
    """Every name in ``directory``, lower-cased and without ``.toml``: no new file may take one."""
    try:
        names = [entry.name for entry in directory.iterdir()]
    except OSError:
        return set()
    return {name.lower().removesuffix(fmt.REQUEST_SUFFIX) for name in names}


def unknown_files(node: Node) -> list[Path]:
    """Files in a folder (at any depth) that deleting it would destroy unseen."""
    known = {entry.file_name for entry in node.entries} | {node.meta_path.name}
    try:
        names = sorted(entry.name for entry in node.directory.iterdir())
    except OSError:
        names = []
    found = [
        node.directory / name for name in names if name not in known and not name.startswith(".")
    ]
    if node.meta_problem is not None:
        found.append(node.meta_path)
    for entry in node.entries:
        if entry.folder is not None:
            found.extend(unknown_files(entry.folder))
    return found

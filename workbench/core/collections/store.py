"""A collection on disk: a folder of request files that a team can keep in git.

Layout: ``_collection.toml`` at the top (order, variables), one ``NAME.toml`` per request and
one folder (with its ``_folder.toml``) per folder. File names come from item names, made safe
for every OS; the order lives in the ``_…toml`` files, so reordering rewrites one small file
and renames nothing. Every write is atomic. A file that cannot be read is reported (file and
line) and left alone; the others load, and no later save overwrites or drops it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from workbench.core.collections import file_format as fmt
from workbench.core.collections.disk_tree import (
    Entry,
    FileProblem,
    Node,
    TreeReader,
    contains,
    item_of_entry,
    items_of,
    taken_stems,
    unknown_files,
)
from workbench.core.collections.files import (
    FileFormatError,
    WriteError,
    file_stem,
    read_text,
    unique_stem,
    write_atomically,
)
from workbench.core.collections.model import (
    Collection,
    Folder,
    Item,
    ItemPath,
    SavedRequest,
    Variable,
    display_path,
    name_problem,
    request_problems,
    walk,
)
from workbench.core.profiles import APP_NAME, Profile, unique_name

if TYPE_CHECKING:  # the scan loads the redaction: only when something is saved
    from workbench.core.collections.secret_scan import SecretFinding


class CollectionError(Exception):
    """A change that cannot be made, in plain words; nothing on disk was lost."""


class SecretsFoundError(CollectionError):
    """Saving would put credentials in a file: ``findings`` says where (and has the values)."""

    def __init__(self, findings: tuple[SecretFinding, ...]) -> None:
        places = ", ".join(finding.location for finding in findings)
        super().__init__(
            f"Not saved: credentials are never written to files, and these hold one: {places}. "
            "Move them to secret variables (kept in the OS keychain) first."
        )
        self.findings = findings


def default_collection_folder(profile_id: str) -> Path:
    """Where a profile's collection lives unless the user chose a folder."""
    data = platformdirs.user_data_path(APP_NAME, appauthor=False)
    return data / "collections" / file_stem(profile_id, "profile")


def profile_collection_folder(profile: Profile) -> Path:
    """The folder of ``profile``'s saved requests: the one the user chose, else the default."""
    if profile.collection_folder:
        return Path(profile.collection_folder).expanduser()
    return default_collection_folder(profile.profile_id)


class CollectionStore:
    """A profile's saved requests in a folder: load, then change item by item.

    Items are addressed by ``ItemPath`` (folder names, then the item's name). Every change
    writes only the files it concerns and raises ``CollectionError`` with a plain message when
    it cannot be made; ``SecretsFoundError`` when a request or variable holds a credential in clear.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._top = Node(folder, fmt.FolderFile(name=""), top=True)
        self._problems: list[FileProblem] = []

    # -------------------------------------------------------------------------- reading

    def load(self) -> tuple[FileProblem, ...]:
        """Read the folder; returns the files that could not be read (the rest loads)."""
        reader = TreeReader()
        self._top = reader.read_node(self.folder, top=True, depth=0)
        self._problems = reader.problems
        return tuple(self._problems)

    @property
    def problems(self) -> tuple[FileProblem, ...]:
        """The files the last ``load`` could not read."""
        return tuple(self._problems)

    @property
    def exists(self) -> bool:
        """True when the folder holds a collection (its ``_collection.toml``) already."""
        return (self.folder / fmt.COLLECTION_FILE).is_file()

    def collection(self) -> Collection:
        """Everything loaded, as plain frozen data."""
        meta = self._top.meta
        return Collection(
            name=meta.name, note=meta.note, items=items_of(self._top), variables=meta.variables
        )

    def file_path(self, path: ItemPath) -> Path:
        """The file (or folder) on disk of the item at ``path``."""
        node, entry = self._entry(path)
        return node.directory / entry.file_name

    def changed_on_disk(self, path: ItemPath) -> str:
        """Why the request file at ``path`` is no longer what this store last read or wrote
        (another program, ``git pull``, a teammate); empty when it is the same."""
        file = self.file_path(path)
        _, entry = self._entry(path)
        try:
            text = read_text(file)
        except FileNotFoundError:
            return f"{file} was deleted or renamed on disk"
        except (OSError, FileFormatError) as error:
            reason = error.message if isinstance(error, FileFormatError) else error.strerror
            return f"{file} cannot be read any more ({reason})"
        if text != entry.disk_text:
            return f"{file} was changed on disk by another program"
        return ""

    # -------------------------------------------------------------------------- changes

    def add_request(
        self, folder: ItemPath, request: SavedRequest, index: int | None = None
    ) -> ItemPath:
        """Save a new request in ``folder`` (at ``index``, else last)."""
        node = self._folder_node(folder)
        self._check_request(request)
        self._check_free(node, request.name, folder)
        self._check_meta(node)
        with self._guard():
            entry = self._write_request(node, request)
            self._insert(node, entry, index)
        return (*folder, request.name)

    def update_request(self, path: ItemPath, request: SavedRequest) -> ItemPath:
        """Overwrite the request at ``path``; a new name renames its file too."""
        node, entry = self._entry(path)
        if entry.request is None:
            raise CollectionError(f"{display_path(path)} is a folder, not a request.")
        self._check_request(request)
        if request.name != entry.name:
            self._check_free(node, request.name, path[:-1])
        with self._guard():
            old_file = node.directory / entry.file_name
            stem = self._stem_for(node, request.name, entry, "request")
            entry.file_name = f"{stem}{fmt.REQUEST_SUFFIX}"
            text = fmt.request_to_text(request)
            write_atomically(node.directory / entry.file_name, text)
            entry.request, entry.disk_text = request, text
            if old_file != node.directory / entry.file_name:
                self._write_meta(node)
                old_file.unlink(missing_ok=True)
        return (*path[:-1], request.name)

    def add_folder(self, parent: ItemPath, name: str, index: int | None = None) -> ItemPath:
        """Create an empty folder called ``name`` in ``parent``."""
        self._check_free(self._folder_node(parent), name, parent)
        return self.add_items(parent, (Folder(name),), index)[0]

    def add_items(
        self,
        parent: ItemPath,
        items: tuple[Item, ...],
        index: int | None = None,
        *,
        workbench_made: bool = False,
    ) -> list[ItemPath]:
        """Write ``items`` (requests and whole folders, as from an import) into ``parent``.

        Names already taken there get `` (2)``; requests holding credentials in clear are
        refused before anything is written. ``workbench_made`` items (the starter collection,
        whose tests prove it holds none) skip the credential scan, which loads the redaction.
        """
        node = self._folder_node(parent)
        self._check_meta(node)
        for path, item in walk(items, parent):
            problem = name_problem(item.name)
            if problem:
                raise CollectionError(f"{display_path(path)}: {problem}")
            if isinstance(item, SavedRequest):
                self._check_request(item, scan=not workbench_made)
        written = []
        with self._guard():
            for offset, item in enumerate(items):
                taken = [entry.name for entry in node.entries]
                named = _renamed(item, unique_name(item.name, taken))
                entry = self._write_item(node, named)
                self._insert(node, entry, None if index is None else index + offset)
                written.append((*parent, named.name))
        return written

    def rename(self, path: ItemPath, new_name: str) -> ItemPath:
        """Give an item a new name (its file or folder follows)."""
        node, entry = self._entry(path)
        if entry.request is not None:
            return self.update_request(path, replace(entry.request, name=new_name))
        assert entry.folder is not None
        problem = name_problem(new_name)
        if problem:
            raise CollectionError(problem)
        if new_name != entry.name:
            self._check_free(node, new_name, path[:-1])
        with self._guard():
            folder = entry.folder
            stem = self._stem_for(node, new_name, entry, "folder")
            if stem != entry.file_name:
                target = node.directory / stem
                folder.directory.replace(target)
                entry.file_name = stem
                folder.move_to(target)
            folder.meta = replace(folder.meta, name=new_name)
            self._write_meta(folder)
            self._write_meta(node)
        return (*path[:-1], new_name)

    def set_folder_note(self, path: ItemPath, note: str) -> None:
        """Change a folder's note (or the collection's, for the empty path)."""
        folder = self._folder_node(path)
        with self._guard():
            folder.meta = replace(folder.meta, note=note)
            self._write_meta(folder)

    def duplicate(self, path: ItemPath) -> ItemPath:
        """A copy of an item, called ``NAME copy``, just after it."""
        node, entry = self._entry(path)
        item = item_of_entry(entry)
        taken = [existing.name for existing in node.entries]
        copy = _renamed(item, unique_name(f"{item.name} copy", taken))
        return self.add_items(path[:-1], (copy,), node.entries.index(entry) + 1)[0]

    def delete(self, path: ItemPath) -> None:
        """Remove an item; a folder holding files the workbench did not read is refused."""
        node, entry = self._entry(path)
        if entry.folder is not None:
            strangers = unknown_files(entry.folder)
            if strangers:
                listed = ", ".join(str(stranger) for stranger in strangers[:3])
                raise CollectionError(
                    f"{display_path(path)} was not deleted: it holds files the workbench could "
                    f"not read or does not know ({listed}). Move them away first."
                )
        with self._guard():
            node.entries.remove(entry)
            self._write_meta(node)
            target = node.directory / entry.file_name
            if entry.folder is not None:
                shutil.rmtree(target)
            else:
                target.unlink(missing_ok=True)

    def move(self, path: ItemPath, to_folder: ItemPath, index: int | None = None) -> ItemPath:
        """Move an item into another folder (at ``index``, else last)."""
        node, entry = self._entry(path)
        target = self._folder_node(to_folder)
        if target is node:
            self.reorder(path, len(node.entries) - 1 if index is None else index)
            return path
        if entry.folder is not None and contains(entry.folder, target):
            raise CollectionError(f"{display_path(path)} cannot move into itself.")
        self._check_free(target, entry.name, to_folder)
        self._check_meta(node)
        self._check_meta(target)
        with self._guard():
            suffix = fmt.REQUEST_SUFFIX if entry.request is not None else ""
            fallback = "request" if entry.request is not None else "folder"
            stem = self._stem_for(target, entry.name, None, fallback)
            destination = target.directory / f"{stem}{suffix}"
            target.directory.mkdir(parents=True, exist_ok=True)
            (node.directory / entry.file_name).replace(destination)
            node.entries.remove(entry)
            entry.file_name = destination.name
            if entry.folder is not None:
                entry.folder.move_to(destination)
            self._insert(target, entry, index)
            self._write_meta(node)
        return (*to_folder, entry.name)

    def reorder(self, path: ItemPath, index: int) -> None:
        """Move an item to position ``index`` within its folder (only the order file changes)."""
        node, entry = self._entry(path)
        self._check_meta(node)
        with self._guard():
            node.entries.remove(entry)
            node.entries.insert(max(0, min(index, len(node.entries))), entry)
            self._write_meta(node)

    def set_variables(
        self, variables: tuple[Variable, ...], *, workbench_made: bool = False
    ) -> None:
        """Replace the collection's variables; one holding a credential in clear is refused
        (``workbench_made``: the starter's, not scanned, as in ``add_items``)."""
        names = [variable.name for variable in variables]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise CollectionError(f"The variable {repeated[0]} is defined twice.")
        if not workbench_made:
            from workbench.core.collections.secret_scan import extract_variable_secrets

            _, findings = extract_variable_secrets(variables)
            if findings:
                raise SecretsFoundError(findings)
        with self._guard():
            self._top.meta = replace(self._top.meta, variables=variables)
            self._write_meta(self._top)

    def set_name(self, name: str) -> None:
        """Name the collection (as shown on top of its tree and in exports)."""
        with self._guard():
            self._top.meta = replace(self._top.meta, name=name)
            self._write_meta(self._top)

    # -------------------------------------------------------------------------- helpers

    def _folder_node(self, path: ItemPath) -> Node:
        if not path:
            return self._top
        _, entry = self._entry(path)
        if entry.folder is None:
            raise CollectionError(f"{display_path(path)} is a request, not a folder.")
        return entry.folder

    def _entry(self, path: ItemPath) -> tuple[Node, Entry]:
        if not path:
            raise CollectionError("Name the item: the path is empty.")
        node = self._folder_node(path[:-1])
        entry = node.entry(path[-1])
        if entry is None:
            raise CollectionError(f"There is no {display_path(path)!r} in the collection.")
        return node, entry

    def _check_request(self, request: SavedRequest, *, scan: bool = True) -> None:
        problems = request_problems(request)
        if problems:
            raise CollectionError(" ".join(problems))
        if scan:
            from workbench.core.collections.secret_scan import find_secrets

            findings = find_secrets(request)
            if findings:
                raise SecretsFoundError(findings)

    def _check_free(self, node: Node, name: str, where: ItemPath) -> None:
        problem = name_problem(name)
        if problem:
            raise CollectionError(problem)
        if node.entry(name) is not None:
            place = display_path(where) if where else "the collection"
            raise CollectionError(f"There is already an item called {name!r} in {place}.")

    def _check_meta(self, node: Node) -> None:
        if node.meta_problem is not None:
            raise CollectionError(
                f"The order of this folder cannot be changed: {node.meta_problem}. "
                "Correct or remove that file first; nothing was changed."
            )

    def _stem_for(self, node: Node, name: str, current: Entry | None, fallback: str) -> str:
        """The file stem for ``name`` in ``node``: the current one when it still fits."""
        wanted = file_stem(name, fallback)
        if current is not None:
            stem = current.file_name.removesuffix(fmt.REQUEST_SUFFIX)
            if stem == wanted or (
                stem.startswith(f"{wanted}-") and stem[len(wanted) + 1 :].isdigit()
            ):
                return stem
        return unique_stem(wanted, taken_stems(node.directory))

    def _write_request(self, node: Node, request: SavedRequest) -> Entry:
        stem = unique_stem(file_stem(request.name, "request"), taken_stems(node.directory))
        file_name = f"{stem}{fmt.REQUEST_SUFFIX}"
        text = fmt.request_to_text(request)
        write_atomically(node.directory / file_name, text)
        return Entry(file_name, request=request, disk_text=text)

    def _write_item(self, node: Node, item: Item) -> Entry:
        if isinstance(item, SavedRequest):
            return self._write_request(node, item)
        stem = unique_stem(file_stem(item.name, "folder"), taken_stems(node.directory))
        folder = Node(node.directory / stem, fmt.FolderFile(name=item.name, note=item.note))
        folder.directory.mkdir(parents=True)
        for child in item.items:
            taken = [entry.name for entry in folder.entries]
            folder.entries.append(
                self._write_item(folder, _renamed(child, unique_name(child.name, taken)))
            )
        self._write_meta(folder)
        return Entry(stem, folder=folder)

    def _insert(self, node: Node, entry: Entry, index: int | None) -> None:
        self._check_meta(node)
        position = len(node.entries) if index is None else max(0, min(index, len(node.entries)))
        node.entries.insert(position, entry)
        self._write_meta(node)

    def _write_meta(self, node: Node) -> None:
        self._check_meta(node)
        order = tuple(entry.order_name for entry in node.entries) + tuple(node.unreadable)
        node.meta = replace(node.meta, order=order)
        write_atomically(node.meta_path, fmt.folder_to_text(node.meta, top=node.top))

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turns failed writes into a ``CollectionError`` and reads the disk again after one."""
        try:
            yield
        except (OSError, ValueError) as error:
            self.load()
            if isinstance(error, WriteError | ValueError) or not isinstance(error, OSError):
                reason = str(error)
            else:
                reason = f"{error.strerror or error}"
                if error.filename:
                    reason += f": {error.filename}"
            raise CollectionError(
                f"The change could not be saved ({reason}). The collection was read again "
                "from disk."
            ) from error


def _renamed(item: Item, name: str) -> Item:
    return replace(item, name=name)

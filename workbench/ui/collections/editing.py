"""Changing the collection's items: new folder, rename, duplicate, delete, reorder, move."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from workbench.core.collections.model import Folder, ItemPath, display_path, find_item

if TYPE_CHECKING:
    from workbench.ui.collections.controller import CollectionController
    from workbench.ui.collections.tree import SavedRequestsTree


class CollectionEditing(QObject):
    """The commands on the selected item of the tree, done by the collection's store; every
    refusal is said in words and changes nothing."""

    def __init__(
        self,
        collections: CollectionController,
        tree: SavedRequestsTree,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._collections = collections
        self._tree = tree

    # ----------------------------------------------------------------- commands

    @Slot()
    def new_request(self) -> None:
        """A new request in the selected folder, opened in the composer."""
        if self._collections.loaded:
            self._collections.new_request(self._tree.folder_for_new_items())

    @Slot()
    def new_folder(self) -> None:
        """A new folder in the selected folder."""
        parent = self._tree.folder_for_new_items()
        name = self._collections.questions.item_name("New folder", "Folder name:", "New folder")
        if name:
            store = self._collections.store
            self._change(lambda: store.add_folder(parent, name) if store else None, (*parent, name))

    @Slot()
    def save_as(self) -> None:
        """Save what the composer shows as a new request, in the selected folder by default."""
        if self._collections.loaded:
            self._collections.save_as(
                self._tree.folder_for_new_items() if self._tree.selected_path() else None
            )

    @Slot()
    def rename(self) -> None:
        """Rename the selected request or folder."""
        path = self._selected()
        if path is None:
            return
        name = self._collections.questions.item_name("Rename", "New name:", path[-1])
        if not name or name == path[-1]:
            return
        store = self._collections.store
        new_path = (*path[:-1], name)
        if self._change(lambda: store.rename(path, name) if store else None, new_path):
            self._collections.open.moved(path, new_path)
            self._collections.emit_content()

    @Slot()
    def duplicate(self) -> None:
        """A copy of the selected item, just below it."""
        path = self._selected()
        store = self._collections.store
        if path is not None and store is not None:
            self._change(lambda: store.duplicate(path), None)

    @Slot()
    def delete(self) -> None:
        """Delete the selected item, after asking (with the number of unsaved edits lost)."""
        path = self._selected()
        store = self._collections.store
        if path is None or store is None:
            return
        folder = isinstance(find_item(self._collections.collection().items, path), Folder)
        unsaved = sum(
            1 for dirty in self._collections.open.dirty_paths() if dirty[: len(path)] == path
        )
        if not self._collections.questions.confirm_delete(path, folder, unsaved):
            return
        if self._change(lambda: store.delete(path), self._taking_the_place_of(path)):
            self._collections.forget_item(path)
            self._collections.status_message.emit(f"Deleted {display_path(path)!r}", 5000)

    def _taking_the_place_of(self, path: ItemPath) -> ItemPath:
        """What is selected once ``path`` is deleted: the item below it, else the one above,
        else its folder, so Del can be pressed again on the next one."""
        parent = path[:-1]
        folder = find_item(self._collections.collection().items, parent) if parent else None
        items = folder.items if isinstance(folder, Folder) else self._collections.collection().items
        names = [item.name for item in items if item.name != path[-1]]
        if not names:
            return parent
        index = min([item.name for item in items].index(path[-1]), len(names) - 1)
        return (*parent, names[index])

    @Slot()
    def move_up(self) -> None:
        """Move the selected item one place up in its folder."""
        self._step(-1)

    @Slot()
    def move_down(self) -> None:
        """Move the selected item one place down in its folder."""
        self._step(+1)

    @Slot()
    def move_to_folder(self) -> None:
        """Move the selected item into another folder (chosen in a dialog)."""
        path = self._selected()
        if path is None:
            return
        folders = [f for f in self._collections.folders() if f[: len(path)] != path]
        answer = self._collections.questions.name_and_folder(
            f"Move {path[-1]!r} to", None, folders, path[:-1]
        )
        if answer is not None:
            self.move(path, answer[1], -1)

    @Slot(object, object, int)
    def move(self, path: ItemPath, folder: ItemPath, index: int) -> None:
        """Put the item at ``path`` into ``folder`` at ``index`` (-1: last): drag and drop."""
        store = self._collections.store
        if store is None or not path:
            return
        position = None if index < 0 else index
        if folder == path[:-1]:
            siblings = self._siblings(path)
            old = siblings.index(path[-1]) if path[-1] in siblings else 0
            target = len(siblings) - 1 if position is None else position
            if target > old:
                target -= 1  # counted before the item left its place
            if target != old:
                self._change(lambda: store.reorder(path, target), path)
            return
        new_path = (*folder, path[-1])
        if self._change(lambda: store.move(path, folder, position), new_path):
            self._collections.open.moved(path, new_path)
            self._collections.emit_content()

    # ----------------------------------------------------------------- internals

    def _step(self, offset: int) -> None:
        path = self._selected()
        store = self._collections.store
        if path is None or store is None:
            return
        siblings = self._siblings(path)
        index = siblings.index(path[-1]) + offset
        if 0 <= index < len(siblings):
            self._change(lambda: store.reorder(path, index), path)

    def _siblings(self, path: ItemPath) -> list[str]:
        parent = path[:-1]
        items = self._collections.collection().items
        if parent:
            found = find_item(items, parent)
            items = found.items if isinstance(found, Folder) else ()
        return [item.name for item in items]

    def _selected(self) -> ItemPath | None:
        path = self._tree.selected_path()
        if not path:
            self._collections.status_message.emit("Select a saved request or folder first", 5000)
            return None
        return path

    def _change(self, change: Callable[[], object], select: ItemPath | None) -> bool:
        """Make one change; on refusal say why (the collection is read again from disk)."""
        from workbench.core.collections.store import CollectionError

        try:
            result = change()
        except CollectionError as error:
            self._collections.questions.show_error("Not changed", str(error))
            self._collections.reload()
            return False
        self._collections.emit_content()
        self._collections.collection_changed.emit()
        wanted = select if select is not None else result
        if isinstance(wanted, tuple):
            self._tree.select_path(wanted)
        return True

"""The tree of saved requests: folders and requests in the user's order, the profile's own
request on top, unsaved ones marked; drag and drop asks for a move (the store does it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, Signal, Slot
from PySide6.QtGui import QDropEvent, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from workbench.ui.style import monospace_font

if TYPE_CHECKING:  # the tree is made with the window; the model loads with the collection
    from workbench.core.collections.model import Collection, Item, ItemPath, SavedRequest

PROFILE_REQUEST_LABEL = "Profile's own request"
UNSAVED_MARK = " •"
CHANGED_MARK = " ⚠"
ROLE_PATH = Qt.ItemDataRole.UserRole
ROLE_KIND = Qt.ItemDataRole.UserRole + 1
KIND_PROFILE, KIND_FOLDER, KIND_REQUEST = "profile", "folder", "request"
_INDICATOR = QAbstractItemView.DropIndicatorPosition


@dataclass(frozen=True)
class TreeContent:
    """What the tree shows: the collection, which requests have unsaved edits, which of those
    changed on disk meanwhile, and which is open in the composer (None: the profile's own)."""

    collection: Collection
    unsaved: frozenset[ItemPath] = frozenset()
    changed_on_disk: frozenset[ItemPath] = frozenset()
    open_path: ItemPath | None = None
    select: ItemPath | None = None
    """The row to select (None: the one selected stays)."""


class SavedRequestsTree(QTreeWidget):
    """Folders and requests of a collection; Enter or a double click opens a request.

    Signals:
        open_requested(object): open the saved request at this ``ItemPath``.
        profile_request_requested(): show the profile's own request again.
        move_requested(object, object, int): drag and drop asked to put the item at the first
            path into the folder at the second (``()``: the top) at this position.
    """

    open_requested = Signal(object)
    profile_request_requested = Signal()
    move_requested = Signal(object, object, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("savedRequestsTree")
        self.setAccessibleName("Saved requests")
        self.setAccessibleDescription(
            "Folders and saved requests; Enter opens one in the composer, drag to reorder"
        )
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)
        self.itemActivated.connect(self.on_item_activated)  # Enter (a click, on some desktops)
        self.itemDoubleClicked.connect(self.on_item_activated)  # not every style activates
        self._content: TreeContent | None = None
        style = self.style()
        self._folder_icon = style.standardIcon(QStyle.StandardPixmap.SP_DirIcon)
        self._request_icon = style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)

    # ----------------------------------------------------------------- showing

    def show_content(self, content: TreeContent) -> None:
        """Show ``content``, keeping open folders open and the selection where it was."""
        expanded = self._expanded_paths() if self.topLevelItemCount() else None
        selected = self.selected_path()
        self._content = content
        blocked = self.blockSignals(True)
        try:
            self.clear()
            top = QTreeWidgetItem([PROFILE_REQUEST_LABEL, ""])
            top.setData(0, ROLE_PATH, ())
            top.setData(0, ROLE_KIND, KIND_PROFILE)
            top.setToolTip(0, "The request kept with the profile itself, not in the collection")
            top.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            font = QFont()
            font.setItalic(True)
            font.setBold(content.open_path is None)
            top.setFont(0, font)
            self.addTopLevelItem(top)
            for item in content.collection.items:
                self.addTopLevelItem(self._make(item, ()))
            for path in expanded if expanded is not None else self._folders():
                found = self.item_at_path(path)
                if found is not None:
                    found.setExpanded(True)
        finally:
            self.blockSignals(blocked)
        wanted = content.select if content.select is not None else selected
        if wanted is None:
            wanted = content.open_path
        self.select_path(wanted if wanted is not None else ())

    def _make(self, item: Item, parent: ItemPath) -> QTreeWidgetItem:
        from workbench.core.collections.model import Folder

        path = (*parent, item.name)
        content = self._content
        assert content is not None
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        flags |= Qt.ItemFlag.ItemIsDragEnabled
        if isinstance(item, Folder):
            node = QTreeWidgetItem([item.name, ""])
            node.setIcon(0, self._folder_icon)
            node.setData(0, ROLE_KIND, KIND_FOLDER)
            node.setFlags(flags | Qt.ItemFlag.ItemIsDropEnabled)
            node.setToolTip(0, item.note or item.name)
            for child in item.items:
                node.addChild(self._make(child, path))
        else:
            marks = UNSAVED_MARK if path in content.unsaved else ""
            if path in content.changed_on_disk:
                marks += CHANGED_MARK
            node = QTreeWidgetItem([item.name + marks, item.method])
            node.setIcon(0, self._request_icon)
            node.setData(0, ROLE_KIND, KIND_REQUEST)
            node.setFlags(flags)
            node.setFont(1, monospace_font())
            node.setToolTip(0, _request_tip(item, path, content))
            if path == content.open_path:
                font = QFont()
                font.setBold(True)
                node.setFont(0, font)
        node.setData(0, ROLE_PATH, path)
        return node

    # ----------------------------------------------------------------- finding

    def item_at_path(self, path: ItemPath) -> QTreeWidgetItem | None:
        """The row of the item at ``path`` (``()``: the profile's own request)."""
        for index in range(self.topLevelItemCount()):
            found = _find(self.topLevelItem(index), path)
            if found is not None:
                return found
        return None

    def selected_path(self) -> ItemPath | None:
        """The path of the selected row (``()`` for the profile's own request), or None."""
        items = self.selectedItems()
        return tuple(items[0].data(0, ROLE_PATH)) if items else None

    def selected_kind(self) -> str:
        """``request``, ``folder``, ``profile``, or empty when nothing is selected."""
        items = self.selectedItems()
        return str(items[0].data(0, ROLE_KIND)) if items else ""

    def select_path(self, path: ItemPath) -> bool:
        """Select (and show) the row at ``path``; False when there is none."""
        found = self.item_at_path(path)
        if found is None:
            return False
        self.setCurrentItem(found)
        self.scrollToItem(found)
        return True

    def folder_for_new_items(self) -> ItemPath:
        """Where a new request or folder goes: the selected folder, or the selected request's."""
        path, kind = self.selected_path(), self.selected_kind()
        if not path:
            return ()
        return path if kind == KIND_FOLDER else path[:-1]

    # ----------------------------------------------------------------- drag and drop

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        """Ask for the move instead of moving rows: the store moves files, then the tree is
        shown again from it."""
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if event.source() is self:  # a drop from elsewhere moves nothing of ours
            self.drop_selected(event.position().toPoint(), self.dropIndicatorPosition())

    def drop_selected(self, point: QPoint, where: _INDICATOR) -> None:
        """The selected row was dropped at ``point`` (``where``: on, above or below a row):
        ask for the move."""
        source = self.selected_path()
        target = self.drop_target(point, where)
        if source and target is not None:
            self.move_requested.emit(source, *target)

    def drop_target(self, point: QPoint, where: _INDICATOR) -> tuple[ItemPath, int] | None:
        """The folder and position a drop at ``point`` means (None: nowhere to go)."""
        item = self.itemAt(point)
        if item is None or where is _INDICATOR.OnViewport:
            return (), len(self._content.collection.items) if self._content is not None else 0
        path = tuple(item.data(0, ROLE_PATH))
        kind = item.data(0, ROLE_KIND)
        if kind == KIND_PROFILE:
            return (), 0
        if kind == KIND_FOLDER and where is _INDICATOR.OnItem:
            return path, item.childCount()
        parent = item.parent()
        row = parent.indexOfChild(item) if parent is not None else self.indexOfTopLevelItem(item)
        if parent is None:
            row -= 1  # below the profile's own request
        after = where is not _INDICATOR.AboveItem
        return path[:-1], row + (1 if after else 0)

    # ----------------------------------------------------------------- slots

    @Slot(QTreeWidgetItem, int)
    def on_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        """Enter or a double click: open a request (a folder opens or closes)."""
        kind = item.data(0, ROLE_KIND)
        if kind == KIND_PROFILE:
            self.profile_request_requested.emit()
        elif kind == KIND_REQUEST:
            self.open_requested.emit(tuple(item.data(0, ROLE_PATH)))

    # ----------------------------------------------------------------- internals

    def _expanded_paths(self) -> list[ItemPath]:
        found: list[ItemPath] = []
        stack = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        while stack:
            node = stack.pop()
            if node is None:
                continue
            if node.isExpanded():
                found.append(tuple(node.data(0, ROLE_PATH)))
            stack.extend(node.child(i) for i in range(node.childCount()))
        return found

    def _folders(self) -> list[ItemPath]:
        """Every folder of the top level: a fresh tree opens its first level."""
        from workbench.core.collections.model import Folder

        items = self._content.collection.items if self._content is not None else ()
        return [(item.name,) for item in items if isinstance(item, Folder)]


def _find(node: QTreeWidgetItem | None, path: ItemPath) -> QTreeWidgetItem | None:
    if node is None:
        return None
    if tuple(node.data(0, ROLE_PATH)) == path:
        return node
    for index in range(node.childCount()):
        found = _find(node.child(index), path)
        if found is not None:
            return found
    return None


def _request_tip(request: SavedRequest, path: ItemPath, content: TreeContent) -> str:
    lines = [f"{request.method} {request.url}"]
    if request.note:
        lines.append(request.note)
    if path in content.unsaved:
        lines.append("Unsaved changes (Ctrl+S saves them)")
    if path in content.changed_on_disk:
        lines.append("Its file changed on disk since it was opened: saving asks what to keep")
    return "\n".join(lines)

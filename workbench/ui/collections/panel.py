"""The saved-requests pane beside the composer: the collection's name and folder, buttons for a
new request or folder, the tree, and what could not be read."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, Qt, Signal, Slot
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.ui.collections.tree import SavedRequestsTree, TreeContent
from workbench.ui.style import Tone, set_tone
from workbench.ui.widgets import named, note_label

MINIMUM_WIDTH = 170


class SavedRequestsPanel(QWidget):
    """A profile's saved requests: the tree (``savedRequestsTree``), its problems, its folder.

    The actions of the context menu and the buttons are the window's (``set_actions``); the
    panel itself only shows and asks.

    Signals:
        open_requested(object): open the saved request at this path in the composer.
        profile_request_requested(): show the profile's own request in the composer.
        move_requested(object, object, int): an item dragged into a folder at a position.
    """

    open_requested = Signal(object)
    profile_request_requested = Signal()
    move_requested = Signal(object, object, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("savedRequestsPanel")
        self.setAccessibleName("Saved requests")
        self.setAccessibleDescription("The profile's collection of saved requests")
        self.setMinimumWidth(MINIMUM_WIDTH)
        self.title_label = named(QLabel(), "collectionTitleLabel", "Collection")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        bold = self.title_label.font()
        bold.setBold(True)
        self.title_label.setFont(bold)
        self.title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._title = "Saved requests"
        self.new_request_button = named(
            QToolButton(), "newRequestButton", "New request", "A new saved request, opened"
        )
        self.new_folder_button = named(
            QToolButton(), "newFolderButton", "New folder", "A new folder of saved requests"
        )
        self.menu_button = named(
            QToolButton(),
            "collectionMenuButton",
            "More actions",
            "Rename, duplicate, delete, move; variables and environments; import and export",
        )
        self.menu_button.setText("⋯")
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.tree = SavedRequestsTree()
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self.on_tree_context_menu_requested)
        self.tree.open_requested.connect(self.open_requested)
        self.tree.profile_request_requested.connect(self.profile_request_requested)
        self.tree.move_requested.connect(self.move_requested)
        self.problems_label = note_label(
            "collectionProblemsLabel",
            "Files not read",
            "Files of the collection that could not be read; they are left untouched",
        )
        self.problems_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_tone(self.problems_label, Tone.CLIENT_ERROR, self.palette())
        self.folder_label = named(QLabel(), "collectionFolderLabel", "Collection folder")
        self.folder_label.setContentsMargins(6, 0, 0, 2)
        self.folder_label.setWordWrap(False)
        self._menu_actions: list[QAction | None] = []

        top = QHBoxLayout()
        top.setContentsMargins(6, 4, 2, 0)
        top.addWidget(self.title_label, 1)
        for button in (self.new_request_button, self.new_folder_button, self.menu_button):
            button.setAutoRaise(True)
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.folder_label)

    def set_actions(
        self,
        new_request: QAction,
        new_folder: QAction,
        menu_actions: Sequence[QAction | None],
    ) -> None:
        """The window's actions behind the buttons and the context menu (None: a separator)."""
        self.new_request_button.setDefaultAction(new_request)
        self.new_request_button.setText("+")
        self.new_folder_button.setDefaultAction(new_folder)
        self.new_folder_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogNewFolder)
        )
        self.new_folder_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self._menu_actions = list(menu_actions)
        menu = QMenu(self.menu_button)
        menu.setObjectName("collectionMenu")
        self._fill(menu)
        self.menu_button.setMenu(menu)

    def show_content(self, content: TreeContent) -> None:
        """Show the collection's tree."""
        self._title = content.collection.name or "Saved requests"
        self._elide_title()
        self.tree.show_content(content)

    def show_folder(self, folder: str, default: bool) -> None:
        """Where the collection's files are (``default``: the data directory's, unchosen)."""
        name = "default folder" if default else _elided_left(folder)
        self.folder_label.setText(f"<small>Files: {_escape(name)}</small>")
        self.folder_label.setToolTip(
            f"The collection's files: {folder} (Requests > Collection folder… to choose another)"
        )

    def show_problems(self, problems: Sequence[str]) -> None:
        """Files that could not be read (kept as they are), or none."""
        if not problems:
            self.problems_label.hide()
            return
        count = len(problems)
        head = f"⚠ {count} file{'s' if count != 1 else ''} could not be read (left untouched):"
        self.problems_label.setText("\n".join([head, *problems[:5]]))
        self.problems_label.setToolTip("\n".join(problems))
        self.problems_label.show()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        """The collection's name, cut with … when the pane is narrow."""
        super().resizeEvent(event)
        self._elide_title()

    def _elide_title(self) -> None:
        label = self.title_label
        width = max(40, label.width())
        elided = label.fontMetrics().elidedText(self._title, Qt.TextElideMode.ElideRight, width)
        label.setText(elided)
        label.setToolTip(self._title)

    @Slot(QPoint)
    def on_tree_context_menu_requested(self, point: QPoint) -> None:
        """The window's collection actions, for the row under the pointer."""
        item = self.tree.itemAt(point)
        if item is not None:
            self.tree.setCurrentItem(item)
        menu = QMenu(self)
        menu.setObjectName("savedRequestsContextMenu")
        self._fill(menu)
        menu.popup(self.tree.viewport().mapToGlobal(point))

    def _fill(self, menu: QMenu) -> None:
        for action in self._menu_actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _elided_left(path: str, keep: int = 32) -> str:
    return path if len(path) <= keep else "…" + path[-keep:]

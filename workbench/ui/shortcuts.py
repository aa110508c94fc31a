"""Every main action's keyboard shortcut in one table, and the Help > Keyboard shortcuts dialog."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class Shortcut:
    """One action and its keys (portable text such as ``"Ctrl+T"``; the first is the main one).

    ``action_id`` names the window's ``QAction`` as ``f"{action_id}Action"`` (``getToken`` is
    ``getTokenAction``). An empty ``keys`` means the action is reached from its menu only.
    """

    action_id: str
    label: str
    keys: tuple[str, ...]
    description: str

    @property
    def object_name(self) -> str:
        """The objectName of the window's QAction for this entry."""
        return f"{self.action_id}Action"

    def sequences(self) -> list[QKeySequence]:
        """The keys as key sequences, in order."""
        return [QKeySequence(keys) for keys in self.keys]

    def native_text(self) -> str:
        """The keys as this platform writes them (``Ctrl+T``, ``⌘T``), joined by "or"."""
        if not self.keys:
            return "menu only"
        texts = [
            sequence.toString(QKeySequence.SequenceFormat.NativeText)
            for sequence in self.sequences()
        ]
        return " or ".join(texts)


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("getToken", "Get token", ("Ctrl+T",), "Ask the token endpoint for a new token"),
    Shortcut(
        "send",
        "Send request",
        ("Ctrl+Return", "Ctrl+Enter"),
        "Send the API request with the current token",
    ),
    Shortcut(
        "cancel",
        "Cancel",
        ("Esc",),
        "Stop the token request or API call that is running (only while one runs)",
    ),
    Shortcut(
        "revealSecrets",
        "Reveal secrets",
        ("Ctrl+Shift+R",),
        "Show or mask tokens and client secrets in the response views",
    ),
    Shortcut("importCurl", "Import cURL", ("Ctrl+I",), "Fill the form from a pasted curl command"),
    Shortcut(
        "pasteCurl",
        "Import cURL from clipboard",
        ("Ctrl+Shift+V",),
        "Fill the form (a token request) or the request (any other) from a curl command on the "
        "clipboard; plain Ctrl+V does the same outside text fields",
    ),
    Shortcut(
        "copyAsCurl",
        "Copy as cURL",
        ("Ctrl+Shift+C",),
        "Copy the selected exchange as a curl command (secrets masked)",
    ),
    Shortcut(
        "exportHar",
        "Export…",
        ("Ctrl+E",),
        "Save or copy the timeline as HAR 1.2 or a debug report, or an exchange as cURL or Python",
    ),
    Shortcut(
        "expireNow",
        "Expire now (demo)",
        ("Ctrl+Shift+X",),
        "Make the demo sandbox treat every token it issued as expired",
    ),
    Shortcut(
        "presenterMode",
        "Presenter mode",
        ("F11",),
        "Large type, high contrast, every secret masked; press again to leave",
    ),
    Shortcut("demoNext", "Next step (guided demo)", ("Alt+Right",), "Go to the next demo step"),
    Shortcut("demoBack", "Previous step (guided demo)", ("Alt+Left",), "Go back one demo step"),
    Shortcut("newProfile", "New profile", ("Ctrl+N",), "Start a profile from a preset"),
    Shortcut("saveProfile", "Save profile", ("Ctrl+S",), "Save the form and the last request"),
    Shortcut("quit", "Quit", ("Ctrl+Q",), "Close the workbench (asks about unsaved changes)"),
    Shortcut(
        "keyboardShortcuts",
        "Keyboard shortcuts",
        ("Ctrl+/", "F1"),
        "Show this list",
    ),
    Shortcut("about", "About OAuth Workbench", (), "Version and licences (Help menu)"),
)
"""Every main action, in menu order. The window's QActions take their keys from here."""


def shortcut(action_id: str) -> Shortcut:
    """The entry for ``action_id``; KeyError when there is none."""
    for entry in SHORTCUTS:
        if entry.action_id == action_id:
            return entry
    raise KeyError(action_id)


def apply_shortcut(action: QAction, action_id: str | None = None) -> QAction:
    """Give ``action`` the keys of its entry and mention them in its tool tip; returns it.

    ``action_id`` defaults to the action's objectName without its ``Action`` suffix.
    """
    name = action_id if action_id is not None else action.objectName().removesuffix("Action")
    entry = shortcut(name)
    action.setShortcuts(entry.sequences())
    if entry.keys:
        tip = action.toolTip() or entry.label
        native = entry.native_text()
        if native not in tip:
            action.setToolTip(f"{tip} ({native})")
    return action


class KeyboardShortcutsDialog(QDialog):
    """Help > Keyboard shortcuts: a table of action, keys (as the platform writes them), effect."""

    def __init__(
        self, shortcuts: tuple[Shortcut, ...] = SHORTCUTS, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("keyboardShortcutsDialog")
        self.setAccessibleName("Keyboard shortcuts")
        self.setAccessibleDescription("Every main action of the workbench and its keys")
        self.setWindowTitle("Keyboard shortcuts")

        intro = QLabel("Tab and Shift+Tab move between fields; these keys work anywhere:")
        intro.setObjectName("keyboardShortcutsIntro")
        intro.setWordWrap(True)

        self.table = QTableWidget(len(shortcuts), 3)
        self.table.setObjectName("shortcutsTable")
        self.table.setAccessibleName("Shortcuts")
        self.table.setAccessibleDescription("One row per action: its name, keys and effect")
        self.table.setHorizontalHeaderLabels(["Action", "Keys", "Description"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        for row, entry in enumerate(shortcuts):
            for column, text in enumerate((entry.label, entry.native_text(), entry.description)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.setObjectName("keyboardShortcutsButtons")
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setObjectName("keyboardShortcutsCloseButton")
        close.setAccessibleName("Close")
        close.setAccessibleDescription("Close the list of keyboard shortcuts")
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(720, 520)

    def rows(self) -> list[tuple[str, str, str]]:
        """The table's text, row by row (action, keys, description)."""
        rows = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, column) for column in range(3)]
            label, keys, description = (cell.text() if cell is not None else "" for cell in cells)
            rows.append((label, keys, description))
        return rows

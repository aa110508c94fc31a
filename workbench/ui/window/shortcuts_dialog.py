"""Help > Keyboard shortcuts: the commands of ``commands.COMMANDS`` and their keys."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
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

from workbench.ui.window.commands import Command, help_rows


class KeyboardShortcutsDialog(QDialog):
    """Help > Keyboard shortcuts: a table of action, keys (as the platform writes them), effect."""

    def __init__(
        self, commands: Sequence[Command] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        shortcuts = tuple(help_rows() if commands is None else commands)
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

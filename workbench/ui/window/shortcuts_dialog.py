"""Help > Keyboard shortcuts: the commands of ``commands.COMMANDS`` and their keys."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from workbench.ui.widgets import close_buttons, read_only_table
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

        self.table = read_only_table(
            "shortcutsTable",
            "Shortcuts",
            "One row per action: its name, keys and effect",
            ["Action", "Keys", "Description"],
            [(entry.label, entry.native_text(), entry.description) for entry in shortcuts],
        )
        self.table.setWordWrap(True)
        buttons = close_buttons(self, "keyboardShortcuts", "Close the list of keyboard shortcuts")

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

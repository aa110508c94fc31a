"""An editable table of ordered name/value pairs (extra parameters, extra headers)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.config import Pairs
from workbench.ui.masked_fields import MaskedValueDelegate, describe_masked_cells
from workbench.ui.widgets import named


class PairsTable(QWidget):
    """An editable two-column table of ordered name/value pairs with add and remove buttons.

    With ``masked_value(name, value)`` (how a value looks masked; the value itself when the
    name holds no credential) credentials are shown masked while ``set_masking`` says so.
    """

    changed = Signal()

    def __init__(
        self,
        object_name: str,
        accessible_name: str,
        parent: QWidget | None = None,
        *,
        masked_value: Callable[[str, str], str] | None = None,
    ):
        super().__init__(parent)
        self._masked_value = masked_value
        self._masking = masked_value is not None
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName(object_name)
        self.table.setAccessibleName(accessible_name)
        self.table.setHorizontalHeaderLabels(["Name", "Value"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMaximumHeight(84)
        self.table.itemChanged.connect(self.on_table_item_changed)
        if masked_value is not None:
            self.table.setItemDelegateForColumn(
                1, MaskedValueDelegate(self.table, self._row_masked_value, lambda: self._masking)
            )
        self.addButton = named(QPushButton("+"), f"{object_name}AddButton", "Add row")
        self.removeButton = named(
            QPushButton("\N{MINUS SIGN}"), f"{object_name}RemoveButton", "Remove row"
        )
        for button in (self.addButton, self.removeButton):
            button.setFixedWidth(28)
        self.addButton.clicked.connect(self.on_add_clicked)
        self.removeButton.clicked.connect(self.on_remove_clicked)
        buttons = QVBoxLayout()
        buttons.addWidget(self.addButton)
        buttons.addWidget(self.removeButton)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def set_masking(self, masking: bool) -> None:
        """Show credentials masked (True) or in clear (only with ``masked_value``)."""
        self._masking = masking and self._masked_value is not None
        self._describe()
        self.table.viewport().update()

    def _row_masked_value(self, row: int, value: str) -> str:
        if self._masked_value is None:
            return value
        name_item = self.table.item(row, 0)
        return self._masked_value(name_item.text() if name_item is not None else "", value)

    def _describe(self) -> None:
        if self._masked_value is not None:
            describe_masked_cells(self.table, 1, self._row_masked_value, self._masking)

    def pairs(self) -> Pairs:
        """The rows with a name or a value, in order."""
        rows = []
        for row in range(self.table.rowCount()):
            name_item = self.table.item(row, 0)
            value_item = self.table.item(row, 1)
            name = name_item.text() if name_item is not None else ""
            value = value_item.text() if value_item is not None else ""
            if name.strip() or value.strip():
                rows.append((name.strip(), value))
        return tuple(rows)

    def set_pairs(self, pairs: Pairs) -> None:
        """Replace the rows."""
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for name, value in pairs:
            self._append(name, value)
        self.table.blockSignals(False)
        self._describe()
        self.changed.emit()

    def add_pair(self, name: str, value: str) -> None:
        """Append one row."""
        self.table.blockSignals(True)
        self._append(name, value)
        self.table.blockSignals(False)
        self.changed.emit()

    def _append(self, name: str, value: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        self.table.setItem(row, 1, QTableWidgetItem(value))

    @Slot()
    def on_add_clicked(self) -> None:
        """Add an empty row and start editing its name."""
        self.add_pair("", "")
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 0)
        item = self.table.item(row, 0)
        if item is not None:
            self.table.editItem(item)

    @Slot()
    def on_remove_clicked(self) -> None:
        """Remove the selected row (or the last one)."""
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()

    @Slot(QTableWidgetItem)
    def on_table_item_changed(self, _item: QTableWidgetItem) -> None:
        """Any edit is a change."""
        self._describe()
        self.changed.emit()

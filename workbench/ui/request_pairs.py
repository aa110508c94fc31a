"""The composer's tables of query parameters and headers, credentials masked on screen."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from workbench.core.config import Pairs
from workbench.core.credential_names import QUERY_SECRET_NAMES, SECRET_HEADERS
from workbench.core.secret import MASK
from workbench.ui.masked_fields import MaskedValueDelegate, describe_masked_cells

if TYPE_CHECKING:
    from workbench.core.collections.model import Fields


def masked_header_value(name: str, value: str) -> str:
    """``value`` of the header ``name`` as the screen shows it masked (Authorization keeps
    its scheme, a cookie its names); the value itself for a header holding no credential."""
    if name.strip().lower() not in SECRET_HEADERS or not value:
        return value
    from workbench.core.redact import Redactor  # with the first credential header only

    return Redactor().headers(((name.strip(), value),))[0][1]


def masked_param_value(name: str, value: str) -> str:
    """``value`` of the query parameter ``name`` as the screen shows it masked."""
    return MASK if value and name.strip().casefold() in QUERY_SECRET_NAMES else value


class RequestPairsTable(QTableWidget):
    """An editable table of name/value rows, optionally with an "on" checkbox per row.

    ``masked_value(name, value)`` says how a value looks masked (the value itself when the
    name holds no credential); while masking is on (``set_masking``) credentials are painted
    masked, typed in a password field and read masked by assistive technology, and the table
    keeps the values as they are.
    """

    def __init__(
        self,
        name: str,
        accessible: str,
        *,
        with_enabled: bool,
        masked_value: Callable[[str, str], str],
    ) -> None:
        self._with_enabled = with_enabled
        self._masked_value = masked_value
        self._masking = True
        labels = ["On", "Name", "Value"] if with_enabled else ["Name", "Value"]
        super().__init__(0, len(labels))
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setHorizontalHeaderLabels(labels)
        self.verticalHeader().hide()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.horizontalHeader()
        if with_enabled:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.setMinimumHeight(90)
        self.setItemDelegateForColumn(
            self._name_column + 1,
            MaskedValueDelegate(self, self._row_masked_value, lambda: self._masking),
        )
        self.itemChanged.connect(self.on_item_changed)

    def set_masking(self, masking: bool) -> None:
        """Mask credentials (True) or show them."""
        if masking != self._masking:
            self._masking = masking
            self._describe_values()
            self.viewport().update()

    def masked_rows(self) -> int:
        """How many rows show a value masked now."""
        column = self._name_column + 1
        delegate = self.itemDelegateForColumn(column)
        assert isinstance(delegate, MaskedValueDelegate)
        return sum(
            delegate.is_masked(self.model().index(row, column)) for row in range(self.rowCount())
        )

    @Slot(QTableWidgetItem)
    def on_item_changed(self, item: QTableWidgetItem) -> None:
        """A name or value changed: what assistive technology reads follows."""
        if item.column() in (self._name_column, self._name_column + 1):
            self._describe_values(item.row())

    def _row_masked_value(self, row: int, value: str) -> str:
        return self._masked_value(self._text(row, self._name_column).strip(), value)

    def _describe_values(self, only_row: int | None = None) -> None:
        """Screen readers read a credential's cell as masked too (the accessible text role)."""
        rows = None if only_row is None else (only_row,)
        column = self._name_column + 1
        describe_masked_cells(self, column, self._row_masked_value, self._masking, rows)

    @property
    def _name_column(self) -> int:
        return 1 if self._with_enabled else 0

    def set_pairs(self, pairs: Pairs, enabled: tuple[bool, ...] | None = None) -> None:
        """Replace every row (plus one empty row to type into)."""
        blocked = self.blockSignals(True)
        try:
            self.setRowCount(0)
            for index, (name, value) in enumerate(pairs):
                self._append_row(name, value, True if enabled is None else enabled[index])
            self._append_row("", "", True)
        finally:
            self.blockSignals(blocked)
        self._describe_values()

    def pairs(self, *, only_enabled: bool = True) -> Pairs:
        """Rows with a name, in order (only the ticked ones unless told otherwise)."""
        found: list[tuple[str, str]] = []
        for row in range(self.rowCount()):
            name = self._text(row, self._name_column).strip()
            if not name:
                continue
            if only_enabled and self._with_enabled:
                check = self.item(row, 0)
                if check is not None and check.checkState() != Qt.CheckState.Checked:
                    continue
            found.append((name, self._text(row, self._name_column + 1)))
        return tuple(found)

    def fields(self) -> Fields:
        """Rows with a name, in order, each with its switch (on when the table has none)."""
        from workbench.core.collections.model import Field

        found = []
        for row in range(self.rowCount()):
            name = self._text(row, self._name_column).strip()
            if name:
                check = self.item(row, 0) if self._with_enabled else None
                enabled = check is None or check.checkState() == Qt.CheckState.Checked
                found.append(Field(name, self._text(row, self._name_column + 1), enabled))
        return tuple(found)

    def set_fields(self, fields: Fields) -> None:
        """Replace every row with ``fields`` (their switches too)."""
        self.set_pairs(
            tuple((field.name, field.value) for field in fields),
            tuple(field.enabled for field in fields),
        )

    def text_items(self) -> Iterator[tuple[str, QTableWidgetItem]]:
        """Each name and value cell with where it is (``header 2 value``), for marking."""
        kind = "header" if self._with_enabled else "parameter"
        for row in range(self.rowCount()):
            for column, part in ((self._name_column, "name"), (self._name_column + 1, "value")):
                item = self.item(row, column)
                if item is not None:
                    yield f"{kind} {row + 1} {part}", item

    def colour_items(self, colours: Iterable[tuple[QTableWidgetItem, QBrush | None, str]]) -> None:
        """Give items a text colour (None: the palette's) and a tool tip, silently."""
        blocked = self.blockSignals(True)
        try:
            for item, brush, tip in colours:
                item.setForeground(brush if brush is not None else QBrush())
                item.setToolTip(tip)
        finally:
            self.blockSignals(blocked)

    def ensure_empty_last_row(self) -> None:
        """Keep one empty row at the end to type a new pair into."""
        last = self.rowCount() - 1
        if (
            last < 0
            or self._text(last, self._name_column)
            or self._text(last, self._name_column + 1)
        ):
            blocked = self.blockSignals(True)
            try:
                self._append_row("", "", True)
            finally:
                self.blockSignals(blocked)

    def _append_row(self, name: str, value: str, enabled: bool) -> None:
        row = self.rowCount()
        self.insertRow(row)
        if self._with_enabled:
            check = QTableWidgetItem()
            check.setFlags(
                Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
            )
            check.setCheckState(Qt.CheckState.Checked if enabled else Qt.CheckState.Unchecked)
            self.setItem(row, 0, check)
        self.setItem(row, self._name_column, QTableWidgetItem(name))
        self.setItem(row, self._name_column + 1, QTableWidgetItem(value))

    def _text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text() if item is not None else ""

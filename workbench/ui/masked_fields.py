"""Fields that show credentials masked while keeping them: a URL line, table cells, a body.

Each keeps the real text and shows ``core.masked_text``'s view of it while masking is on.
- ``MaskedLineEdit`` (the URL): edits of what is shown are mapped back by a validator, so
  typing around ``?api_key=••••••`` keeps the key; an edit inside a mask is refused and
  ``edit_refused`` says so.
- ``MaskedValueDelegate`` (header and parameter values): a credential's cell is painted masked
  and edited in a password field, so its value is typed and changed without being shown.
- ``MaskedBody`` (the body): a body holding a credential is shown masked and read-only until
  revealed; while the user types into it, it is masked when they leave it (at once while
  presenting).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QWidget,
)

from workbench.core.masked_text import MaskedText, edit_shown, mask_body, mask_url, revealed

REMASK_DELAY_MS = 150
"""While presenting, a body is masked this long after the last keystroke."""
Index = QModelIndex | QPersistentModelIndex


class _KeepMasks(QValidator):
    """Maps each change of the shown text onto the real text (or refuses it)."""

    def __init__(self, edit: MaskedLineEdit) -> None:
        super().__init__(edit)
        self._edit = edit

    def validate(self, text: str, position: int) -> Any:
        """Qt asks whether the edit that made ``text`` is acceptable."""
        return self._edit.take_edit(text, position)


class MaskedLineEdit(QLineEdit):
    """A line edit for a URL that shows its credentials masked (``set_masking``).

    ``real_text``/``set_real_text`` are the URL itself; ``text()`` is what the screen shows.

    Signals:
        edit_refused(): an edit fell inside a masked value and was undone.
    """

    edit_refused = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._masking = True
        self._view = revealed("")
        self.setValidator(_KeepMasks(self))

    def real_text(self) -> str:
        """The URL as it is (credentials in clear)."""
        return self._view.real

    def set_real_text(self, text: str) -> None:
        """Show ``text`` (masked while masking is on)."""
        self._view = self._viewed(text)
        self.setText(self._view.shown)

    def set_masking(self, masking: bool) -> None:
        """Mask credentials (True) or show them."""
        if masking != self._masking:
            self._masking = masking
            self.set_real_text(self._view.real)

    def is_masked(self) -> bool:
        """True while something of the URL is shown masked."""
        return self._view.masked

    def take_edit(self, text: str, position: int) -> tuple[QValidator.State, str, int]:
        """The validator's work: apply the edit that made the shown text ``text``."""
        real = edit_shown(self._view, text, position)
        if real is None:
            QTimer.singleShot(0, self.edit_refused.emit)  # not from inside the edit
            return QValidator.State.Invalid, text, position
        self._view = self._viewed(real)
        shown = self._view.shown
        after = len(text) - position  # what followed the cursor is still there
        return QValidator.State.Acceptable, shown, max(0, min(len(shown), len(shown) - after))

    def _viewed(self, real: str) -> MaskedText:
        return mask_url(real) if self._masking else revealed(real)


class MaskedValueDelegate(QStyledItemDelegate):
    """Paints a credential's value masked and edits it in a password field.

    ``masked_value(row, value)`` gives what the row's value looks like masked; it returns the
    value itself when the row holds no credential. ``masking()`` says whether to mask now.
    """

    def __init__(
        self,
        table: QTableWidget,
        masked_value: Callable[[int, str], str],
        masking: Callable[[], bool],
    ) -> None:
        super().__init__(table)
        self._masked_value = masked_value
        self._masking = masking

    def is_masked(self, index: Index) -> bool:
        """True when the cell at ``index`` is shown masked now."""
        value = str(index.data() or "")
        return self._masking() and self._masked_value(index.row(), value) != value

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:  # noqa: N802
        """The masked text is what is painted (and measured)."""
        super().initStyleOption(option, index)
        if self._masking():
            option.text = self._masked_value(index.row(), str(index.data() or ""))

    def createEditor(  # noqa: N802 - Qt API
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        """A password field for a credential, so typing one never shows it."""
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit) and self._masking():
            name_masks = self._masked_value(index.row(), "x-probe") != "x-probe"
            if name_masks or self.is_masked(index):
                editor.setEchoMode(QLineEdit.EchoMode.Password)
        return editor


def describe_masked_cells(
    table: QTableWidget,
    column: int,
    masked_value: Callable[[int, str], str],
    masking: bool,
    rows: range | tuple[int, ...] | None = None,
) -> None:
    """Give each credential's cell of ``column`` its masked text as the text assistive
    technology reads (the accessible text role), so a screen reader does not read it out."""
    blocked = table.blockSignals(True)
    try:
        for row in range(table.rowCount()) if rows is None else rows:
            item = table.item(row, column)
            if item is None:
                continue
            shown = masked_value(row, item.text()) if masking else item.text()
            masked = shown != item.text()
            item.setData(Qt.ItemDataRole.AccessibleTextRole, shown if masked else None)
    finally:
        table.blockSignals(blocked)


class MaskedBody(QObject):
    """Keeps a body editor's real text while it shows the body masked (read-only).

    ``hint`` says why the body cannot be edited and how to edit it.

    Signals:
        masked_changed(bool): the body is shown masked now (True) or as it is.
    """

    masked_changed = Signal(bool)

    def __init__(self, edit: QPlainTextEdit, hint: QLabel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._edit = edit
        self._hint = hint
        self._masking = True
        self._presenting = False
        self._view = revealed("")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REMASK_DELAY_MS)
        self._timer.timeout.connect(self.mask_now)
        edit.installEventFilter(self)
        edit.textChanged.connect(self.on_edit_text_changed)

    def real_text(self) -> str:
        """The body as it is."""
        return self._view.real if self._view.masked else self._edit.toPlainText()

    def is_masked(self) -> bool:
        """True while the body is shown masked."""
        return self._view.masked

    def set_real_text(self, text: str) -> None:
        """Show ``text``, masked when masking is on and it holds a credential."""
        self._show(mask_body(text) if self._masking else revealed(text))

    def set_masking(self, masking: bool, *, presenting: bool = False) -> None:
        """Mask (True) or reveal; ``presenting`` masks what is typed as it is typed."""
        self._presenting = presenting
        if masking != self._masking:
            self._masking = masking
            self.set_real_text(self.real_text())
        elif presenting:
            self.mask_now()

    def mask_now(self) -> None:
        """Mask what was typed, when masking is on (the user left the body)."""
        self._timer.stop()
        if self._masking and not self._view.masked:
            view = mask_body(self._edit.toPlainText())
            if view.masked:
                self._show(view)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Leaving the body masks what was typed into it."""
        if watched is self._edit and event.type() == QEvent.Type.FocusOut:
            self.mask_now()
        return False

    def on_edit_text_changed(self) -> None:
        """While presenting, what is typed is masked shortly after."""
        if self._presenting and self._masking and not self._view.masked:
            self._timer.start()

    def _show(self, view: MaskedText) -> None:
        was_masked = self._view.masked
        self._view = view
        edit = self._edit
        if edit.toPlainText() != view.shown:
            edit.setPlainText(view.shown)
        edit.setReadOnly(view.masked)
        self._hint.setVisible(view.masked)
        if view.masked != was_masked:
            self.masked_changed.emit(view.masked)

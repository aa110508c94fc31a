"""Small widget makers shared by the panels and the window: names, notes, text views,
docks, banners, splitters, a dialog's Close button."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QTextOption
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFrame,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QWidget,
)

from workbench.ui.style import monospace_font

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget

STATUS_MESSAGE_MS = 8000
"""How long a status-bar message stays (twice as long for failures)."""
BANNER_BACKGROUND = "#fff3cd"
BANNER_TEXT = "#5c4400"


_W = TypeVar("_W", bound=QWidget)


def named(widget: _W, object_name: str, accessible_name: str, description: str = "") -> _W:
    """``widget`` with its objectName, accessible name and (when given) description set."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible_name)
    if description:
        widget.setAccessibleDescription(description)
    return widget


def choice_combo(
    object_name: str,
    accessible_name: str,
    description: str,
    choices: Iterable[tuple[str, object]],
    *,
    shrinks_to_chars: int | None = None,
) -> QComboBox:
    """A combo box of ``(text, data)`` choices, named. With ``shrinks_to_chars`` it may be
    as narrow as that many characters, showing its choice cut (its list shows it whole),
    rather than widening the pane around it to its longest choice."""
    combo = named(QComboBox(), object_name, accessible_name, description)
    for text, data in choices:
        combo.addItem(text, data)
    if shrinks_to_chars is not None:
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(shrinks_to_chars)
    return combo


def note_label(object_name: str, accessible_name: str, description: str = "") -> QLabel:
    """A hidden, word-wrapped label for a message shown only when there is one."""
    label = named(QLabel(""), object_name, accessible_name, description)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def text_view(
    object_name: str, accessible_name: str, description: str, *, monospace: bool = True
) -> QPlainTextEdit:
    """A read-only text view; ``monospace`` for wire text (wrapped anywhere), else prose."""
    view = named(QPlainTextEdit(), object_name, accessible_name, description)
    view.setReadOnly(True)
    view.setUndoRedoEnabled(False)
    if monospace:
        view.setFont(monospace_font())
        # Wrapping at word boundaries is quadratic in a line without spaces (base64, a
        # hostile server's endless string): 0.5 s for 128 KB. Wrapping anywhere is linear.
        view.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)
    return view


def read_only_table(
    object_name: str,
    accessible_name: str,
    description: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
) -> QTableWidget:
    """A table of text, selectable by row, not editable; the last column takes the rest."""
    from PySide6.QtWidgets import (  # dialogs only: not named at start-up
        QAbstractItemView,
        QHeaderView,
        QTableWidget,
        QTableWidgetItem,
    )

    table = named(QTableWidget(len(rows), len(headers)), object_name, accessible_name, description)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setTabKeyNavigation(False)
    table.verticalHeader().setVisible(False)
    for row, texts in enumerate(rows):
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            table.setItem(row, column, item)
    header = table.horizontalHeader()
    last = len(headers) - 1
    for column in range(last):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(last, QHeaderView.ResizeMode.Stretch)
    return table


def close_buttons(dialog: QDialog, prefix: str, description: str) -> QDialogButtonBox:
    """A button box with Close (``{prefix}CloseButton``) that rejects ``dialog``."""
    from PySide6.QtWidgets import QDialogButtonBox  # dialogs only: not named at start-up

    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.setObjectName(f"{prefix}Buttons")
    close = buttons.button(QDialogButtonBox.StandardButton.Close)
    named(close, f"{prefix}CloseButton", "Close", description)
    buttons.rejected.connect(dialog.reject)
    return buttons


def dock(title: str, object_name: str, widget: QWidget | None = None) -> QDockWidget:
    """A closable, movable, floatable dock holding ``widget``."""
    return fit_dock(QDockWidget(title), object_name, widget)


def fit_dock(made: QDockWidget, object_name: str, widget: QWidget | None) -> QDockWidget:
    """``made`` named, closable, movable and floatable, holding ``widget`` (or an empty one)."""
    made.setObjectName(object_name)
    made.setAccessibleName(made.windowTitle())
    made.setWidget(widget if widget is not None else QWidget())
    made.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetClosable
        | QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetFloatable
    )
    return made


def banner(object_name: str, accessible_name: str) -> QLabel:
    """A hidden warning strip, dark text on pale yellow, word-wrapped."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setAccessibleName(accessible_name)
    label.setWordWrap(True)
    # Colours through the palette, not a style sheet, so that presenter mode enlarges it.
    colours = QPalette()
    colours.setColor(QPalette.ColorRole.Window, QColor(BANNER_BACKGROUND))
    colours.setColor(QPalette.ColorRole.WindowText, QColor(BANNER_TEXT))
    label.setPalette(colours)
    label.setAutoFillBackground(True)
    label.setFrameShape(QFrame.Shape.Box)
    label.setFrameShadow(QFrame.Shadow.Plain)
    label.setMargin(6)
    label.setVisible(False)
    return label


def splitter(orientation: Qt.Orientation, object_name: str, *parts: QWidget) -> QSplitter:
    """A splitter whose parts cannot be collapsed away, holding ``parts`` in order."""
    made = QSplitter(orientation)
    made.setObjectName(object_name)
    made.setChildrenCollapsible(False)
    for part in parts:
        made.addWidget(part)
    return made

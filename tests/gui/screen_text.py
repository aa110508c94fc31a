"""Every text a window can put on screen, for tests that look for secrets there.

Labels, buttons, line edits (but those in password echo), text views, combo boxes, tab titles,
tooltips (of widgets and items), the window title, the status bar, each cell of every item view
as its delegate paints it, and the flow diagram's captions. Hidden widgets count too: one tab
click away is on screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabBar,
    QTextEdit,
    QWidget,
)

from tests.e2e.hostile.probes import hidden_characters
from workbench.ui.flow_diagram import FlowDiagram

HIDDEN_ECHO = (QLineEdit.EchoMode.Password, QLineEdit.EchoMode.NoEcho)


def shown_texts(root: QWidget) -> list[str]:
    """What ``root`` and everything in it show as text (see the module's docstring)."""
    texts = [root.windowTitle()]
    if isinstance(root, QMainWindow):
        texts.append(root.statusBar().currentMessage())
    for widget in (root, *root.findChildren(QWidget)):
        texts.append(widget.toolTip())
        texts.extend(_texts_of(widget))
    return [text for text in texts if text]


def _texts_of(widget: QWidget) -> list[str]:
    if isinstance(widget, QLabel | QAbstractButton):
        return [widget.text()]
    if isinstance(widget, QLineEdit):
        return [] if widget.echoMode() in HIDDEN_ECHO else [widget.text()]
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return [widget.toPlainText()]
    if isinstance(widget, QComboBox):
        return [widget.currentText()]
    if isinstance(widget, QTabBar):
        return [widget.tabText(index) for index in range(widget.count())]
    if isinstance(widget, QHeaderView):
        model = widget.model()
        count = widget.count()
        return [str(model.headerData(i, widget.orientation()) or "") for i in range(count)]
    if isinstance(widget, QAbstractItemView):
        return _painted_cells(widget)
    if isinstance(widget, FlowDiagram):
        return [arrow.description for arrow in widget.arrows()]
    return []


def _painted_cells(view: QAbstractItemView) -> list[str]:
    model = view.model()
    if model is None:
        return []
    texts = []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            delegate = view.itemDelegateForIndex(index)
            if isinstance(delegate, QStyledItemDelegate):
                option = QStyleOptionViewItem()
                delegate.initStyleOption(option, index)
                texts.append(option.text)
            else:  # a plain item delegate paints the display text as it is
                texts.append(str(index.data() or ""))
            texts.append(str(index.data(Qt.ItemDataRole.ToolTipRole) or ""))
    return texts


def leaked(root: QWidget, secrets: tuple[str, ...]) -> list[str]:
    """Which of ``secrets`` ``root`` shows somewhere (see ``shown_texts``)."""
    texts = shown_texts(root)
    return [secret for secret in secrets if any(secret in text for text in texts)]


def hidden_on_screen(root: QWidget) -> list[tuple[str, str]]:
    """(character, the text holding it) for each control, format character or lone surrogate
    that ``root`` puts on screen unescaped (see ``shown_texts``): shown, it would hide or
    reorder what is read."""
    return [(char, text[:200]) for text in shown_texts(root) for char in hidden_characters(text)]

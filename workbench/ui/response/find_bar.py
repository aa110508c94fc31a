"""The find bar under the response views (what to find, next and previous, the match count),
and its search of the view shown."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QTabWidget,
    QToolButton,
    QWidget,
)

from workbench.ui.response.find import FindState
from workbench.ui.widgets import named

_OWN_KEYS = (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F3)
"""Keys the find field keeps for itself, before any shortcut of the window sees them."""


_PLAIN_MODIFIERS = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


def _is_own_key(event: QKeyEvent) -> bool:
    """Esc, Enter or F3, alone or with Shift: Ctrl+Enter (send) and the like are the window's."""
    return event.key() in _OWN_KEYS and not event.modifiers() & ~_PLAIN_MODIFIERS


class FindBar(QWidget):
    """``Find [text] [Aa] [↑] [↓] 3 of 12 [Close]``: Enter or F3 finds the next match, Shift+Enter
    or Shift+F3 the previous one, Esc closes the bar.

    Signals:
        needle_changed(str, bool): the text to find, and whether case matters.
        next_requested(): the next match, please.
        previous_requested(): the previous match, please.
        closed(): the bar was closed (Esc, its Close button).
    """

    needle_changed = Signal(str, bool)
    next_requested = Signal()
    previous_requested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.setAccessibleName("Find")
        self.edit = named(
            QLineEdit(),
            "findEdit",
            "Find",
            "Text to find in the view shown: Enter next, Shift+Enter previous, Esc closes",
        )
        self.edit.setPlaceholderText("Find in this view")
        self.edit.setToolTip(
            "Searches the text this view shows: of a very long body, the start it shows (the "
            "note above the view says so)"
        )
        self.edit.setClearButtonEnabled(True)
        self.edit.textChanged.connect(self.on_edit_text_changed)
        self.edit.installEventFilter(self)
        self.case_check = named(
            QCheckBox("Aa"), "findCaseCheck", "Match case", "Find only the same capitals"
        )
        self.case_check.toggled.connect(self.on_case_check_toggled)
        self.previous_button = self._button("↑", "findPreviousButton", "Previous match (Shift+F3)")
        self.next_button = self._button("↓", "findNextButton", "Next match (F3)")
        self.close_button = self._button("", "findCloseButton", "Close the find bar (Esc)")
        close_icon = QStyle.StandardPixmap.SP_TitleBarCloseButton
        self.close_button.setIcon(self.style().standardIcon(close_icon))
        self.previous_button.clicked.connect(self.previous_requested)
        self.next_button.clicked.connect(self.next_requested)
        self.close_button.clicked.connect(self.close_bar)
        self.count_label = named(
            QLabel(""), "findCountLabel", "Matches", "How many matches, and which is selected"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.case_check)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.count_label)
        layout.addWidget(self.close_button)
        self.hide()

    def _button(self, text: str, object_name: str, tip: str) -> QToolButton:
        button = named(QToolButton(), object_name, tip.split(" (", maxsplit=1)[0], tip)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        return button

    def open(self) -> None:
        """Show the bar with its text selected, ready to type."""
        self.show()
        self.activateWindow()  # pressed in a window of its own (the key list): come back here
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def needle(self) -> str:
        """The text to find."""
        return self.edit.text()

    def show_state(self, state: FindState) -> None:
        """Say how many matches there are, and which is selected."""
        self.count_label.setText(state.text() if self.edit.text() else "")

    @Slot()
    def close_bar(self) -> None:
        """Hide the bar (the search stops)."""
        self.hide()
        self.closed.emit()

    @Slot(str)
    def on_edit_text_changed(self, text: str) -> None:
        """Search for the new text."""
        self.needle_changed.emit(text, self.case_check.isChecked())

    @Slot(bool)
    def on_case_check_toggled(self, match_case: bool) -> None:
        """Search again, with or without regard to case."""
        self.needle_changed.emit(self.edit.text(), match_case)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """In the field, Esc, Enter and F3 are the bar's own (the window's Esc cancels a
        request, F3 is also the window's; here they move through the matches or close)."""
        if watched is self.edit and isinstance(event, QKeyEvent) and _is_own_key(event):
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()
                return True
            if event.type() == QEvent.Type.KeyPress:
                self._on_key(event)
                return True
        return False

    def _on_key(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
        elif event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.previous_requested.emit()
        else:
            self.next_requested.emit()


class ResponseFind(QObject):
    """The find bar of the response viewer and its search of the view shown (Pretty or Raw).

    Ctrl+F opens it on the view shown (Pretty when another tab is); switching tabs searches
    the other view; a view's new text (another exchange, Reveal) is searched again, as far as
    it is loaded. Made on first use: the window's first paint needs none of it.
    """

    def __init__(
        self, tabs: QTabWidget, views: Mapping[int, QPlainTextEdit], parent: QWidget
    ) -> None:
        super().__init__(parent)
        from workbench.ui.response.find import ViewSearch

        self.bar = FindBar(parent)
        self.search = ViewSearch(self)
        self._tabs = tabs
        self._views = dict(views)
        self._stale = False
        self.bar.needle_changed.connect(self.on_bar_needle_changed)
        self.bar.next_requested.connect(self.search.next)
        self.bar.previous_requested.connect(self.search.previous)
        self.bar.closed.connect(self.on_bar_closed)
        self.search.changed.connect(self.bar.show_state)
        tabs.currentChanged.connect(self.on_tabs_current_changed)
        for view in self._views.values():
            view.document().contentsChange.connect(self.on_view_contents_change)

    @Slot()
    def open(self) -> None:
        """Ctrl+F: the bar, on the view shown (Pretty, unless Raw is shown)."""
        if self._tabs.currentIndex() not in self._views:
            self._tabs.setCurrentIndex(min(self._views))
        self.search.set_view(self._views[self._tabs.currentIndex()])
        self.bar.open()
        self.on_bar_needle_changed(self.bar.needle(), self.bar.case_check.isChecked())

    @Slot()
    def next(self) -> None:
        """F3: the next match (the bar opens when it has nothing to find)."""
        self._step(self.search.next)

    @Slot()
    def previous(self) -> None:
        """Shift+F3: the previous match (the bar opens when it has nothing to find)."""
        self._step(self.search.previous)

    def _step(self, step: Callable[[], object]) -> None:
        if self.bar.isHidden() or not self.bar.needle():
            self.open()
        else:
            step()

    @Slot(str, bool)
    def on_bar_needle_changed(self, needle: str, match_case: bool) -> None:
        """Search for the new text, and select its first match."""
        self.search.set_needle(needle, match_case=match_case)
        if needle:
            self.search.next()

    @Slot()
    def on_bar_closed(self) -> None:
        """The bar closed: stop searching, the focus back in the view."""
        self.search.set_needle("")
        view = self._views.get(self._tabs.currentIndex())
        if view is not None:
            view.setFocus()

    @Slot(int)
    def on_tabs_current_changed(self, index: int) -> None:
        """Another tab: search its view (Explained and Headers are not searched)."""
        if not self.bar.isHidden():
            self.search.set_view(self._views.get(index))

    @Slot(int, int, int)
    def on_view_contents_change(self, _position: int, _removed: int, _added: int) -> None:
        """A view's text changed: count again once this turn of the event loop is over."""
        if not self._stale and not self.bar.isHidden():
            self._stale = True
            QTimer.singleShot(0, self, self._recount)

    def _recount(self) -> None:
        self._stale = False
        self.search.restart()

"""The timeline's filter: a text, a kind (token or API) and a status class (2xx ... 5xx, failed)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from workbench.core.http import ExchangeKind
from workbench.ui.timeline import TimelineEntry
from workbench.ui.widgets import choice_combo, named

KINDS = (("Any kind", ""), ("Token", "token"), ("API", "api"))
STATUS_CLASSES = (
    ("Any status", ""),
    ("2xx", "2"),
    ("3xx", "3"),
    ("4xx", "4"),
    ("5xx", "5"),
    ("Failed", "failed"),
)
"""What the status box offers, and the first digit (or ``failed``: no HTTP answer)."""
TYPING_DELAY_MS = 150


@dataclass(frozen=True)
class TimelineFilter:
    """Which exchanges the timeline shows: each given part must match (empty: any)."""

    text: str = ""
    """Found, in any case, in a row's time, kind, method, URL (as shown, masked), status or
    problem title."""
    kind: str = ""
    status: str = ""

    @property
    def active(self) -> bool:
        """True when something is filtered out."""
        return bool(self.text.strip() or self.kind or self.status)

    def matches(self, entry: TimelineEntry) -> bool:
        """True when ``entry`` is shown."""
        exchange = entry.exchange
        if self.kind:
            is_token = exchange.kind is ExchangeKind.TOKEN
            if is_token != (self.kind == "token"):
                return False
        if self.status:
            response = exchange.response
            if self.status == "failed":
                if response is not None:
                    return False
            elif response is None or str(response.status)[:1] != self.status:
                return False
        needle = self.text.strip().casefold()
        if needle:
            title = entry.problem.title if entry.problem is not None else ""
            haystack = " ".join((*entry.cells, title)).casefold()
            return needle in haystack
        return True


class TimelineFilterBar(QWidget):
    """``Filter [text] [Any kind v] [Any status v]  12 of 40`` above the timeline.

    Signals:
        filter_changed(TimelineFilter): what to show (text changes a moment after typing).
    """

    filter_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineFilterBar")
        self.text_edit = named(
            QLineEdit(),
            "timelineFilterEdit",
            "Filter the timeline",
            "Show only the exchanges whose URL, method, status or problem holds this text",
        )
        self.text_edit.setPlaceholderText("Filter (Ctrl+Shift+F)")
        self.text_edit.setClearButtonEnabled(True)
        self.kind_combo = self._combo("timelineKindCombo", "Kind of exchange", KINDS)
        self.status_combo = self._combo("timelineStatusCombo", "Status class", STATUS_CLASSES)
        self.count_label = named(
            QLabel(""), "timelineFilterCountLabel", "Exchanges shown", "How many rows show"
        )
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_DELAY_MS)
        self._timer.timeout.connect(self.on_timer_timeout)
        self.text_edit.textChanged.connect(self.on_text_edit_text_changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text_edit, 1)
        layout.addWidget(self.kind_combo)
        layout.addWidget(self.status_combo)
        layout.addWidget(self.count_label)

    def _combo(
        self, object_name: str, accessible: str, choices: tuple[tuple[str, str], ...]
    ) -> QComboBox:
        combo = choice_combo(
            object_name, accessible, f"Show only one {accessible.lower()}", choices
        )
        combo.currentIndexChanged.connect(self.on_combo_current_index_changed)
        return combo

    def current(self) -> TimelineFilter:
        """The filter as set now."""
        return TimelineFilter(
            self.text_edit.text(),
            str(self.kind_combo.currentData() or ""),
            str(self.status_combo.currentData() or ""),
        )

    @Slot()
    def focus_text(self) -> None:
        """Ctrl+Shift+F: type the filter's text (from the key list's window too)."""
        self.activateWindow()
        self.text_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.text_edit.selectAll()

    @Slot(int, int)
    def show_count(self, shown: int, total: int) -> None:
        """``12 of 40`` while something is filtered out; nothing otherwise."""
        self.count_label.setText(f"{shown} of {total}" if self.current().active else "")

    @Slot(str)
    def on_text_edit_text_changed(self, _text: str) -> None:
        """Filter a moment after typing stops."""
        self._timer.start()

    @Slot()
    def on_timer_timeout(self) -> None:
        """Typing stopped: filter now."""
        self.filter_changed.emit(self.current())

    @Slot(int)
    def on_combo_current_index_changed(self, _index: int) -> None:
        """A kind or status chosen: filter now."""
        self._timer.stop()
        self.filter_changed.emit(self.current())

"""The timeline: every exchange, token and API, newest first; selecting one opens it."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelection,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTreeView, QWidget

from workbench.core.http import Exchange, ExchangeKind
from workbench.core.problems import Problem
from workbench.ui.frames import FrameThrottle
from workbench.ui.style import answer_tone, tone_colour

DEFAULT_MAX_ENTRIES = 500
DEFAULT_MAX_BODY_BYTES = 256 * 1024 * 1024
"""The bodies the timeline keeps, all entries together; the oldest drop off past it."""
COLUMNS = ("Time", "Kind", "Method", "URL", "Status", "Duration")
_DISPLAY_ROLE = Qt.ItemDataRole.DisplayRole
_HORIZONTAL = Qt.Orientation.Horizontal
COLUMN_TIME, COLUMN_KIND, COLUMN_METHOD, COLUMN_URL, COLUMN_STATUS, COLUMN_DURATION = range(6)
FITTED_COLUMN_SAMPLES = {
    COLUMN_TIME: "00:00:00",
    COLUMN_KIND: "Token",
    COLUMN_METHOD: "POST",
    COLUMN_STATUS: "401",
    COLUMN_DURATION: "999 ms",
}
"""The columns sized to their text (the URL takes the rest), each with a typical text: a
wider one widens its column when its row arrives."""
CELL_PADDING_PX = 4
"""Room around a cell's text, beyond what the style's focus frame takes."""

ModelIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class TimelineEntry:
    """One row: the exchange, its problem, and the texts shown."""

    exchange: Exchange
    problem: Problem | None
    cells: tuple[str, ...]

    @property
    def body_bytes(self) -> int:
        """What this entry's request and response bodies weigh."""
        response = self.exchange.response
        return len(self.exchange.request.body) + (len(response.body) if response else 0)


def entry_cells(exchange: Exchange) -> tuple[str, ...]:
    """The texts of a row: local time, kind, method, URL (secrets masked), status (or
    failure), duration."""
    from workbench.core.redact import redact_url  # with the first exchange, not at start-up

    stamp = time.strftime("%H:%M:%S", time.localtime(exchange.started_wall))
    kind = "Token" if exchange.kind is ExchangeKind.TOKEN else "API"
    if exchange.response is not None:
        status = str(exchange.response.status)
        if exchange.response.truncated:
            status += " (cut)"
    elif exchange.failure is not None:
        status = str(exchange.failure.kind)
    else:
        status = "-"
    duration = f"{round(exchange.duration_s * 1000)} ms"
    url = redact_url(exchange.request.url, exchange.secrets)
    return (stamp, kind, exchange.request.method, url, status, duration)


class TimelineModel(QAbstractTableModel):
    """Exchanges newest first: at most ``max_entries``, and at most ``max_body_bytes`` of
    bodies together (the oldest drop off; the newest always stays)."""

    def __init__(
        self,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        parent: QObject | None = None,
        *,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    ):
        super().__init__(parent)
        self._entries: list[TimelineEntry] = []
        self._max_entries = max(1, max_entries)
        self._max_body_bytes = max_body_bytes
        self._body_bytes = 0

    @property
    def max_entries(self) -> int:
        """The cap on rows."""
        return self._max_entries

    def set_max_entries(self, max_entries: int) -> None:
        """Change the cap, dropping the oldest rows beyond it."""
        self._max_entries = max(1, max_entries)
        self._trim()

    @property
    def body_bytes(self) -> int:
        """What the kept entries' bodies weigh together."""
        return self._body_bytes

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Rows at the top level; none below."""
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Six columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Cell text, the full (masked) URL as tool tip, and the status colour."""
        if not index.isValid() or index.row() >= len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.cells[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (COLUMN_URL, COLUMN_STATUS):
            if index.column() == COLUMN_URL:
                return entry.cells[COLUMN_URL]
            return entry.problem.title if entry.problem is not None else None
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == COLUMN_STATUS:
            return tone_colour(answer_tone(entry.exchange, entry.problem))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COLUMN_DURATION:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Column titles."""
        # Called for every role of every column on each header paint: the cheap test first.
        if role == _DISPLAY_ROLE and orientation == _HORIZONTAL and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def add(self, exchange: Exchange, problem: Problem | None) -> None:
        """Put a new row on top; drop the oldest past the cap."""
        self.add_many(((exchange, problem),))

    def add_many(self, recorded: Sequence[tuple[Exchange, Problem | None]]) -> None:
        """Put new rows on top, the last of ``recorded`` first, in one insert (those the cap
        would drop at once are never listed); drop the oldest past the cap."""
        kept = recorded[-self._max_entries :]
        if not kept:
            return
        entries = [TimelineEntry(e, p, entry_cells(e)) for e, p in reversed(kept)]
        self.beginInsertRows(QModelIndex(), 0, len(entries) - 1)
        self._entries[:0] = entries
        self._body_bytes += sum(entry.body_bytes for entry in entries)
        self.endInsertRows()
        self._trim()

    def clear(self) -> None:
        """No rows."""
        self.beginResetModel()
        self._entries.clear()
        self._body_bytes = 0
        self.endResetModel()

    def entry(self, row: int) -> TimelineEntry | None:
        """The entry in ``row`` (0 is the newest), or None."""
        if 0 <= row < len(self._entries):
            return self._entries[row]
        return None

    def _trim(self) -> None:
        """Drop the oldest entries past the row cap or the body budget (never the newest).

        Works from the running total, so that an insert costs the rows dropped, not the rows
        kept."""
        keep = len(self._entries)
        weight = self._body_bytes
        while keep > 1 and (keep > self._max_entries or weight > self._max_body_bytes):
            keep -= 1
            weight -= self._entries[keep].body_bytes
        if keep < len(self._entries):
            self.beginRemoveRows(QModelIndex(), keep, len(self._entries) - 1)
            del self._entries[keep:]
            self._body_bytes = weight
            self.endRemoveRows()


class TimelineView(QTreeView):
    """Every exchange of the session, newest first; selecting a row opens it.

    Exchanges recorded in a burst are listed at most once a frame (``frames``), all of those
    that came meanwhile in one insert.

    Signals:
        exchange_selected(object, object): the user selected a row: ``(Exchange,
            Problem | None)``.
        filter_applied(int, int): the rows shown and listed after the filter changed.
        rows_listed(int): that many exchanges were just put on top of the list.
    """

    exchange_selected = Signal(object, object)
    filter_applied = Signal(int, int)
    rows_listed = Signal(int)

    def __init__(
        self, parent: QWidget | None = None, *, max_entries: int = DEFAULT_MAX_ENTRIES
    ) -> None:
        super().__init__(parent)
        self.setObjectName("timelineView")
        self.setAccessibleName("Timeline")
        self.setAccessibleDescription(
            "Every token and API exchange, newest first; select one to open it"
        )
        self._model = TimelineModel(max_entries, self)
        self.setModel(self._model)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # The short columns are sized from their text as rows arrive, measuring only the new
        # row: with ResizeToContents Qt asked the model again for every visible row's cells
        # and roles on each insert, on top of painting them (~700 Python data() calls per
        # exchange, now ~380). The user may drag a column's edge, or double-click it to fit.
        header = self.header()
        header.setStretchLastSection(False)
        for column in FITTED_COLUMN_SAMPLES:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COLUMN_URL, QHeaderView.ResizeMode.Stretch)
        self._widest: dict[int, str] = dict(FITTED_COLUMN_SAMPLES)
        """Per sized column, the widest text seen (a sample until a wider one arrives)."""
        self._user_sized: set[int] = set()
        self._fitting = False
        header.sectionResized.connect(self.on_header_section_resized)
        self._fit_columns()
        self._last_selected: Exchange | None = None
        self._row_filter: Callable[[TimelineEntry], bool] | None = None
        self.selectionModel().selectionChanged.connect(self.on_selection_changed)
        self._model.rowsInserted.connect(self.on_model_rows_changed)
        self._model.rowsRemoved.connect(self.on_model_rows_changed)
        self._incoming: list[tuple[Exchange, Problem | None]] = []
        self._listing = False
        self._frames = FrameThrottle(self._list_incoming, self)

    @property
    def max_entries(self) -> int:
        """The cap on rows (default 500); the oldest drop off."""
        return self._model.max_entries

    @max_entries.setter
    def max_entries(self, value: int) -> None:
        self._model.set_max_entries(value)

    def timeline_model(self) -> TimelineModel:
        """The model behind the view."""
        return self._model

    def add_exchange(self, exchange: Exchange, problem: Problem | None) -> None:
        """List an exchange on top: now, or with the others of its frame at the frame's end."""
        self._incoming.append((exchange, problem))
        self._frames.request()

    def list_pending(self) -> None:
        """List now the exchanges that wait for the frame's end (before selecting one)."""
        self._frames.flush()

    def _list_incoming(self) -> None:
        """Put every exchange that came since the last frame on top, widening a short column
        a new row would not fit."""
        incoming, self._incoming = self._incoming, []
        if not incoming:
            return
        self._listing = True  # rows moving or going are no choice of the user's
        try:
            self._model.add_many(incoming)
            if self.selected_exchange() is not self._last_selected:
                self.clearSelection()  # its row went past the cap: no other row stands in
                self._last_selected = None
        finally:
            self._listing = False
        listed = min(len(incoming), self._model.rowCount())
        metrics = self.fontMetrics()
        widened = False
        for column, widest in self._widest.items():
            widest_px = metrics.horizontalAdvance(widest)
            for row in range(listed):
                entry = self._model.entry(row)
                text = entry.cells[column] if entry is not None else ""
                text_px = metrics.horizontalAdvance(text)
                if text_px > widest_px:
                    self._widest[column], widest_px = text, text_px
                    widened = True
        if widened:
            self._fit_columns()
        self.rows_listed.emit(listed)

    def clear(self) -> None:
        """Forget every exchange, listed or waiting to be."""
        self._incoming.clear()
        self._last_selected = None
        self._model.clear()

    def count(self) -> int:
        """How many exchanges are listed."""
        return self._model.rowCount()

    def select_row(self, row: int) -> None:
        """Select ``row`` (0 is the newest), as a click would."""
        self.setCurrentIndex(self._model.index(row, 0))

    def select_exchange(self, exchange: Exchange) -> bool:
        """Select and scroll to the row of ``exchange``; False when it is no longer listed."""
        self.list_pending()
        model = self._model
        for row in range(model.rowCount()):
            entry = model.entry(row)
            if entry is not None and entry.exchange is exchange:
                self.select_row(row)
                self.scrollTo(model.index(row, 0))
                return True
        return False

    def selected_exchange(self) -> Exchange | None:
        """The exchange of the selected row, if one is selected."""
        rows = self.selectionModel().selectedRows()
        entry = self._model.entry(rows[0].row()) if rows else None
        return entry.exchange if entry is not None else None

    def set_filter(self, row_filter: Callable[[TimelineEntry], bool] | None) -> None:
        """Show only the rows ``row_filter`` keeps (None: every row). The selected row stays
        shown until another is selected, so the timeline and the viewer stay on the same
        exchange."""
        self._row_filter = row_filter
        self._apply_filter()

    def _apply_filter(self) -> None:
        model, keep, root = self._model, self._row_filter, QModelIndex()
        shown = 0
        for row in range(model.rowCount()):
            entry = model.entry(row)
            visible = (
                keep is None
                or entry is None
                or entry.exchange is self._last_selected
                or keep(entry)
            )
            if self.isRowHidden(row, root) == visible:
                self.setRowHidden(row, root, not visible)
            shown += visible
        self.filter_applied.emit(shown, model.rowCount())

    @Slot(QModelIndex, int, int)
    def on_model_rows_changed(self, _parent: QModelIndex, _first: int, _last: int) -> None:
        """Rows came or went: a new one shows only if the filter keeps it."""
        if self._row_filter is not None:
            self._apply_filter()

    def story(self) -> tuple[tuple[Exchange, Problem | None], ...]:
        """Every exchange listed with its problem, oldest first."""
        self.list_pending()
        model = self._model
        entries = [model.entry(row) for row in range(model.rowCount())]
        return tuple(
            (entry.exchange, entry.problem) for entry in reversed(entries) if entry is not None
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        """A new font or style (presenter mode, a theme): size the short columns again."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_columns()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        """Keep the URL column within the view when the short columns leave it no room."""
        super().resizeEvent(event)
        self._narrow_url_without_room()

    def _narrow_url_without_room(self) -> None:
        # Qt stretches the URL over the room left, but leaves it as wide as it was when
        # there is none: a narrow dock would push the URL off to the right.
        header = self.header()
        used_px = sum(header.sectionSize(column) for column in FITTED_COLUMN_SAMPLES)
        if self.viewport().width() - used_px <= header.minimumSectionSize():
            self._fitting = True
            header.resizeSection(COLUMN_URL, header.minimumSectionSize())
            self._fitting = False

    def _fit_columns(self) -> None:
        """Give each short column the user has not sized room for its widest text."""
        header = self.header()
        metrics = self.fontMetrics()
        margin = 2 * (self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
        self._fitting = True
        try:
            for column, widest in self._widest.items():
                if column in self._user_sized:
                    continue
                text_px = metrics.horizontalAdvance(widest) + margin + CELL_PADDING_PX
                header.resizeSection(column, max(text_px, header.sectionSizeHint(column)))
        finally:
            self._fitting = False
        self._narrow_url_without_room()

    @Slot(int, int, int)
    def on_header_section_resized(self, column: int, _old_px: int, _new_px: int) -> None:
        """A column the user resized keeps the width the user gave it."""
        if not self._fitting and column in self._widest:
            self._user_sized.add(column)

    @Slot(QItemSelection, QItemSelection)
    def on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        """Emit ``exchange_selected`` when the selected exchange changes."""
        rows = self.selectionModel().selectedRows()
        entry = self._model.entry(rows[0].row()) if rows else None
        selected = entry.exchange if entry is not None else None
        if selected is self._last_selected or self._listing:
            return
        self._last_selected = selected
        if self._row_filter is not None:
            self._apply_filter()  # the row left may hide, the one chosen shows
        if entry is not None:
            self.exchange_selected.emit(entry.exchange, entry.problem)

"""Finding a text in the Pretty or Raw view, in steps between events: a 20 MB body never stalls
the window. The view's text is read and searched a slice at a time; matches are numbered up to
``MAX_MATCHES`` (beyond, counting stops and says so, and Next still finds the following one)."""

from __future__ import annotations

import bisect
import re
import time
from typing import NamedTuple

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from workbench.ui.response.loaders import STEP_BUDGET_S

SLICE_CHARS = 256 * 1024
"""The view's text is read and searched this much at a time."""
MAX_MATCHES = 10_000
"""Matches numbered at most; counting stops there."""
SEEK_SLICES = 16
"""Next or Previous beyond the matches numbered reads at most this many slices at once."""


class FindState(NamedTuple):
    """What the find bar says: matches so far, which one is selected, whether counting goes on
    or stopped at the cap."""

    matches: int
    current: int
    """1-based; 0 when no match is selected."""
    searching: bool
    capped: bool

    def text(self) -> str:
        """``3 of 12``, ``No match``, ``10,000+ matches (counting stops there)``…"""
        if self.matches == 0:
            return "Searching…" if self.searching else "No match"
        count = f"{self.matches:,}+" if self.capped else f"{self.matches:,}"
        head = f"{self.current:,} of {count}" if self.current else f"{count} matches"
        if self.capped:
            return f"{head} (counting stops at {MAX_MATCHES:,})"
        return f"{head} (searching…)" if self.searching else head


class ViewSearch(QObject):
    """Searches one view at a time (``set_view``) for ``set_needle``'s text, case-insensitive
    unless ``match_case``; ``next``/``previous`` select a match, wrapping around.

    Signals:
        changed(FindState): the count or the selected match changed.
    """

    changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view: QPlainTextEdit | None = None
        self._pattern: re.Pattern[str] | None = None
        self._needle = ""
        self._positions: list[int] = []
        self._scanned = 0
        self._ticket = 0
        self._current = 0
        self._pending = 0  # +1 / -1: a Next / Previous waits for the scan to find one

    # ----------------------------------------------------------------- setting up

    def set_view(self, view: QPlainTextEdit | None) -> None:
        """Search ``view`` (None: nothing) from now on."""
        if view is not self._view:
            self._view = view
            self.restart()

    def set_needle(self, needle: str, *, match_case: bool = False) -> None:
        """Look for ``needle`` (empty: nothing)."""
        self._pending = 0
        self._needle = needle
        flags = 0 if match_case else re.IGNORECASE
        self._pattern = re.compile(re.escape(needle), flags) if needle else None
        self.restart()

    def restart(self) -> None:
        """Count again from the start (the view's text changed)."""
        self._ticket += 1
        self._positions = []
        self._scanned = 0
        self._current = 0
        if self._pattern is not None and self._view is not None:
            ticket = self._ticket
            QTimer.singleShot(0, self, lambda: self._step(ticket))
        self._report()

    def state(self) -> FindState:
        """What the find bar says now."""
        return FindState(len(self._positions), self._current, self._searching(), self._capped())

    # ----------------------------------------------------------------- moving

    def next(self) -> None:
        """Select the next match after the cursor (the first after the last)."""
        self._move(+1)

    def previous(self) -> None:
        """Select the match before the cursor (the last before the first)."""
        self._move(-1)

    def _move(self, direction: int) -> None:
        view = self._view
        if view is None or self._pattern is None:
            return
        cursor = view.textCursor()
        origin = cursor.selectionStart() if direction > 0 else cursor.selectionStart() - 1
        if direction > 0 and cursor.hasSelection():
            origin += 1
        positions = self._positions
        if direction > 0:
            index = bisect.bisect_left(positions, origin)
            if index < len(positions):
                self._select(index)
                return
            if self._capped():
                found = self._seek(origin)
                if found is not None:
                    self._select_at(found, 0)
                    return
        else:
            index = bisect.bisect_right(positions, origin) - 1
            if index >= 0:
                self._select(index)
                return
        if positions and not self._searching():
            self._select(0 if direction > 0 else len(positions) - 1)  # around the end
        else:  # still counting, or the text still coming: the first match found is selected
            self._pending = direction

    def _select(self, index: int) -> None:
        self._select_at(self._positions[index], index + 1)

    def _select_at(self, position: int, number: int) -> None:
        view = self._view
        assert view is not None
        cursor = QTextCursor(view.document())
        cursor.setPosition(position)
        cursor.setPosition(position + self._match_length(position), QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)
        view.ensureCursorVisible()
        self._current = number
        self._report()

    def _match_length(self, position: int) -> int:
        assert self._pattern is not None
        text = self._slice(position, position + len(self._needle) * 2 + 8)
        found = self._pattern.match(text)
        return found.end() if found is not None else len(self._needle)

    # ----------------------------------------------------------------- scanning

    def _length(self) -> int:
        view = self._view
        return view.document().characterCount() - 1 if view is not None else 0

    def _searching(self) -> bool:
        return self._pattern is not None and self._scanned < self._length() and not self._capped()

    def _capped(self) -> bool:
        return len(self._positions) >= MAX_MATCHES

    def _slice(self, start: int, end: int) -> str:
        """The view's text from ``start`` to ``end`` (a paragraph break reads as one char)."""
        view = self._view
        assert view is not None
        cursor = QTextCursor(view.document())
        end = min(end, self._length())
        cursor.setPosition(max(0, start))
        cursor.setPosition(max(start, end), QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText()

    def _scan_slice(self, start: int) -> tuple[list[int], int]:
        """Matches starting in ``[start, start + SLICE_CHARS)``, and where the next slice starts."""
        assert self._pattern is not None
        end = min(start + SLICE_CHARS, self._length())
        text = self._slice(start, end + max(0, len(self._needle) - 1))
        found = [start + m.start() for m in self._pattern.finditer(text) if m.start() < end - start]
        return found, end

    def _step(self, ticket: int) -> None:
        if ticket != self._ticket or self._view is None or self._pattern is None:
            return
        deadline = time.perf_counter() + STEP_BUDGET_S
        while self._searching() and time.perf_counter() < deadline:
            found, self._scanned = self._scan_slice(self._scanned)
            room = MAX_MATCHES - len(self._positions)
            self._positions.extend(found[:room])
        if self._pending and self._positions:
            direction, self._pending = self._pending, 0
            self._move(direction)
        if self._searching():
            QTimer.singleShot(0, self, lambda: self._step(ticket))
        elif self._pending:
            direction, self._pending = self._pending, 0
            self._move(direction)
        self._report()

    def _seek(self, origin: int) -> int | None:
        """The first match from ``origin`` beyond the numbered ones (a few slices at most)."""
        start = origin
        for _ in range(SEEK_SLICES):
            if start >= self._length():
                return None
            found, start = self._scan_slice(start)
            after = [position for position in found if position >= origin]
            if after:
                return after[0]
        return None

    def _report(self) -> None:
        self.changed.emit(self.state())

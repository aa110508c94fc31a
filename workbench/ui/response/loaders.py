"""Putting text into the response views without long event-loop turns: the sliced loader
fills a view a slice per turn; the pretty stepper prepares Pretty a few milliseconds per turn."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from workbench.core.exchange_view import PrettySteps, RenderedText, cut_line_marker
from workbench.ui.response.json_highlighter import JsonHighlighter

SLICE_CHARS = 16 * 1024
"""Text goes into a view in slices of about this size, of whole lines."""
LONG_LINE_CHARS = 128 * 1024
"""A line up to this long goes into a view in one piece even when longer than a slice; a
longer one is cut there for display (Qt lays a block out again on every insert into it, so
feeding one endless line in slices costs seconds per megabyte)."""
STEP_BUDGET_S = 0.006
"""GUI-thread work (preparing Pretty, filling a view) stops for the event loop after this."""


class SlicedLoader:
    """Puts long text into a QPlainTextEdit a slice per event-loop turn, so no turn is long.

    A line longer than ``LONG_LINE_CHARS`` is shown up to there, with ``cut_line_marker``.

    With a highlighter, only slices starting before ``highlight_chars`` are coloured: Qt calls
    the highlighter for every new line, and colouring megabytes would cost seconds.
    """

    def __init__(
        self,
        view: QPlainTextEdit,
        on_done: Callable[[], None],
        highlighter: JsonHighlighter | None = None,
    ) -> None:
        self.view = view
        self.on_done = on_done
        self.highlighter = highlighter
        self.highlight_chars = 0
        self.text = ""
        self.position = 0
        self.ticket = 0
        self.loading = False

    def load(self, text: str, *, highlight_chars: int = 0) -> None:
        """Replace the view's text with ``text`` (the first slice now, the rest later)."""
        self.ticket += 1
        self.text = text
        self.position = 0
        self.highlight_chars = highlight_chars
        self.view.clear()
        self.loading = True
        self._next_slice(self.ticket)

    def stop(self) -> None:
        """Forget any text still to insert."""
        self.ticket += 1
        self.text = ""
        self.loading = False

    def _next_slice(self, ticket: int) -> None:
        if ticket != self.ticket:
            return
        text = self.text
        cursor = QTextCursor(self.view.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        deadline = time.perf_counter() + STEP_BUDGET_S
        end = self.position
        while end < len(text) and time.perf_counter() < deadline:
            start = end
            end = min(len(text), start + SLICE_CHARS)
            piece = ""
            if end < len(text):
                newline = text.rfind("\n", start, end)
                if newline < start:  # a long line: whole (Qt shapes the line on each insert)
                    newline = text.find("\n", end)
                    line_end = len(text) if newline < 0 else newline
                    if line_end - start > LONG_LINE_CHARS:
                        piece = text[start : start + LONG_LINE_CHARS] + cut_line_marker(
                            line_end - start - LONG_LINE_CHARS
                        )
                        end = line_end  # its newline starts the next piece
                if newline >= start and not piece:
                    end = newline + 1
            if self.highlighter is not None:
                self.highlighter.active = start < self.highlight_chars
            cursor.insertText(piece or text[start:end])
        self.position = end
        if end < len(text):
            QTimer.singleShot(0, self.view, lambda: self._next_slice(ticket))
            return
        self.text = ""
        self.loading = False
        cursor.movePosition(QTextCursor.MoveOperation.Start)
        self.view.setTextCursor(cursor)
        self.on_done()


class PrettyStepper:
    """Runs a step generator on the GUI thread, about ``STEP_BUDGET_S`` per event-loop turn.

    Between turns the event loop paints, runs timers and takes input, so the GUI never waits
    longer than one turn; no other thread competes for the interpreter lock meanwhile.
    """

    def __init__(self, context: QObject, deliver: Callable[[RenderedText], None]) -> None:
        self.context = context
        self.deliver = deliver
        self.steps: PrettySteps | None = None
        self.ticket = 0

    def start(self, steps: PrettySteps) -> None:
        """Drop any running work and run ``steps`` from the next event-loop turn on."""
        self.stop()
        self.steps = steps
        ticket = self.ticket
        QTimer.singleShot(0, self.context, lambda: self._turn(ticket))

    def stop(self) -> None:
        """Abandon the running work, if any; its result is never delivered."""
        self.ticket += 1
        steps, self.steps = self.steps, None
        if steps is not None:
            steps.close()

    def is_running(self) -> bool:
        """True while work is still in progress."""
        return self.steps is not None

    def _turn(self, ticket: int) -> None:
        steps = self.steps
        if ticket != self.ticket or steps is None:
            return
        deadline = time.perf_counter() + STEP_BUDGET_S
        try:
            while time.perf_counter() < deadline:
                steps.send(None)
        except StopIteration as finished:
            self.steps = None
            self.deliver(finished.value)
            return
        except Exception as error:  # a formatting bug must not break the viewer
            self.steps = None
            self.deliver(RenderedText("", note=f"Could not prepare this view: {error!r}"))
            return
        QTimer.singleShot(0, self.context, lambda: self._turn(ticket))

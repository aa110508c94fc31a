"""The response panel: status line, and the exchange Explained, Pretty, Raw and as Headers."""

from __future__ import annotations

import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtGui import QTextCursor, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workbench.core.config import Pairs
from workbench.core.http import Exchange, FailureKind, HttpResponse
from workbench.core.problems import Problem
from workbench.ui.json_highlighter import JsonHighlighter, drive, iter_format_json
from workbench.ui.style import SyntaxColours, exchange_tone, monospace_font, set_tone

if TYPE_CHECKING:
    from workbench.core.redact import Redactor

# Redaction and rendering load with the first response, not with the window (start-up time).

PRETTY_INPUT_LIMIT_BYTES = 2 * 1024 * 1024
"""At most this much of a body is formatted for Pretty; the rest is left to exports."""
PRETTY_DISPLAY_CHARS = 2 * 1024 * 1024
"""At most this much formatted JSON is shown."""
HIGHLIGHT_LIMIT_CHARS = 256 * 1024
"""Only about the first this many characters of formatted JSON are coloured (GUI time)."""
TEXT_DISPLAY_CHARS = 128 * 1024
"""At most this much of a body that is not JSON is shown in Pretty (its lines may be long)."""
REDACT_WHOLE_LIMIT_BYTES = 256 * 1024
"""Bodies up to this size are searched whole for secrets; larger ones only by name per line."""
MASK_SLICE_CHARS = 32 * 1024
"""Masking works on slices of whole lines of about this size."""
RAW_BODY_DISPLAY_BYTES = 64 * 1024
"""At most this much of each body is shown in Raw (one long line lays out slowly)."""
SLICE_CHARS = 16 * 1024
"""Text goes into a view in slices of about this size, of whole lines."""
LONG_LINE_CHARS = 128 * 1024
"""A line up to this long goes into a view in one piece even when longer than a slice; a
longer one is cut there for display (Qt lays a block out again on every insert into it, so
feeding one endless line in slices costs seconds per megabyte)."""
STEP_BUDGET_S = 0.006
"""GUI-thread work (preparing Pretty, filling a view) stops for the event loop after this."""

TAB_EXPLAINED, TAB_PRETTY, TAB_RAW, TAB_HEADERS = range(4)

_FAILURE_WORDS = {
    FailureKind.INVALID_URL: "the URL is not valid",
    FailureKind.DNS: "host name not found",
    FailureKind.REFUSED: "connection refused",
    FailureKind.TLS: "TLS handshake failed",
    FailureKind.TIMEOUT: "timed out",
    FailureKind.CONNECTION_LOST: "connection lost",
    FailureKind.CANCELLED: "cancelled",
    FailureKind.DECODING: "the body could not be decoded",
}


def format_size(size_bytes: int) -> str:
    """``212 B``, ``1.5 KB``, ``19.8 MB`` (powers of 1024)."""
    if size_bytes < 1024:
        return f"{size_bytes} B"
    if size_bytes < 1024 * 1024:
        return f"{size_bytes / 1024:.1f} KB"
    return f"{size_bytes / (1024 * 1024):.1f} MB"


def status_text(exchange: Exchange) -> str:
    """``HTTP/1.1 401 Unauthorized · 184 ms · 212 B``, or ``No answer: connection refused · 3 ms``.

    (Durations in milliseconds, sizes in powers of 1024.)
    """
    duration = f"{round(exchange.duration_s * 1000)} ms"
    response = exchange.response
    if response is None:
        failure = exchange.failure
        if failure is None:
            return f"No answer · {duration}"
        if failure.kind is FailureKind.CANCELLED:
            return f"Cancelled · {duration}"
        words = _FAILURE_WORDS.get(failure.kind) or failure_message(exchange) or failure.kind
        return f"No answer: {words} · {duration}"
    line = f"{response.http_version or 'HTTP/1.1'} {response.status} {response.reason}".rstrip()
    parts = [line, duration, format_size(len(response.body))]
    if response.truncated:
        parts.append("body cut at the size cap")
    if exchange.failure is not None:
        parts.append(_FAILURE_WORDS.get(exchange.failure.kind) or failure_message(exchange))
    return " · ".join(parts)


# --- preparing the views: Pretty in steps on the GUI thread, Raw on the thread pool ---------


@dataclass(frozen=True)
class RenderedText:
    """Text for one view, with a note above it and whether to colour it as JSON."""

    text: str
    note: str = ""
    highlight: bool = False


class _ViewState:
    """What a worker may read about its viewer: still alive, and which generation is current."""

    def __init__(self) -> None:
        self.alive = True
        self.generation = 0

    def mark_dead(self, *_args: object) -> None:
        """Slot for ``destroyed``: results arriving later are dropped."""
        self.alive = False


class _Job(QRunnable):
    """Runs ``work`` on a pool thread and hands its result to ``deliver`` on the GUI thread."""

    def __init__(
        self,
        work: Callable[[Callable[[], bool]], RenderedText],
        deliver: Callable[[int, RenderedText], None],
        state: _ViewState,
        generation: int,
        relay: _Relay,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.work = work
        self.deliver = deliver
        self.state = state
        self.generation = generation
        self.relay = relay

    def is_stale(self) -> bool:
        """True once the viewer moved on (new exchange, clear, reveal toggle) or is gone."""
        return not self.state.alive or self.state.generation != self.generation

    def run(self) -> None:
        """Pool thread: compute, then post the result to the relay (which lives in the GUI)."""
        try:
            result = self.work(self.is_stale)
        except Exception as error:  # a formatting bug must not kill the pool
            result = RenderedText("", note=f"Could not prepare this view: {error!r}")
        self.relay.delivered.emit(self, result)


class _Relay(QObject):
    """Lives in the GUI thread for the application's lifetime; turns job results into calls."""

    delivered = Signal(object, object)

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self.running: set[_Job] = set()
        self.delivered.connect(self.on_relay_delivered, Qt.ConnectionType.QueuedConnection)

    def start(self, job: _Job) -> None:
        """Keep ``job`` referenced until its result is back, and start it."""
        self.running.add(job)
        QThreadPool.globalInstance().start(job)

    @Slot(object, object)
    def on_relay_delivered(self, job: _Job, result: RenderedText) -> None:
        """GUI thread: pass the result on unless the viewer is gone."""
        self.running.discard(job)
        if job.state.alive:
            job.deliver(job.generation, result)


_relay: _Relay | None = None


def _shared_relay() -> _Relay:
    """The relay, created on first use in the GUI thread and owned by the application."""
    global _relay  # noqa: PLW0603 - one per application, like the thread pool
    from PySide6.QtCore import QCoreApplication
    from shiboken6 import isValid

    if _relay is None or not isValid(_relay):
        _relay = _Relay(QCoreApplication.instance())
    return _relay


def _cut(body: bytes, limit: int, secrets: tuple[str, ...]) -> bytes:
    """``body[:limit]``, shortened further so that no secret is left half-visible at the end."""
    if len(body) <= limit:
        return body
    cut = body[:limit]
    for secret in secrets:
        encoded = secret.encode("utf-8", "surrogatepass")
        for size in range(len(encoded) - 1, 0, -1):
            if cut.endswith(encoded[:size]):
                cut = cut[:-size]
                break
    return cut


def _capped_exchange(exchange: Exchange, limit: int) -> Exchange:
    """A copy with both bodies cut to ``limit`` bytes (never splitting a known secret)."""
    from workbench.core.redact import harvest_secrets

    secrets = harvest_secrets(_without_bodies(exchange))
    request = exchange.request
    if len(request.body) > limit:
        request = replace(request, body=_cut(request.body, limit, secrets))
    response = exchange.response
    if response is not None and len(response.body) > limit:
        response = replace(response, body=_cut(response.body, limit, secrets), truncated=False)
    return replace(exchange, request=request, response=response)


def _without_bodies(exchange: Exchange) -> Exchange:
    """A copy without bodies: cheap to scan for secrets in headers and the URL."""
    response = exchange.response
    return replace(
        exchange,
        request=replace(exchange.request, body=b""),
        response=None if response is None else replace(response, body=b""),
    )


PrettySteps = Generator[None, bool | None, RenderedText]
"""``iter_render_pretty``'s generator: send True to stop early."""


def render_pretty(
    exchange: Exchange, *, reveal: bool, should_stop: Callable[[], bool] = lambda: False
) -> RenderedText:
    """The response body for reading: JSON indented (up to a limit), other text as it is.

    ``iter_render_pretty`` run to its end (``should_stop`` is polled between steps).
    """
    return drive(iter_render_pretty(exchange, reveal=reveal), should_stop)


def iter_render_pretty(exchange: Exchange, *, reveal: bool) -> PrettySteps:
    """``render_pretty`` as a generator of short steps (each well under a millisecond or two).

    Formats first and masks afterwards, a slice of lines at a time: in indented JSON a name
    and its value share a line. The viewer runs the steps on the GUI thread a few
    milliseconds per event-loop turn: in a worker thread the same pure-Python work would hold
    the interpreter lock for 5 ms turns against every Python call and every Qt virtual the
    GUI thread makes (a lock convoy that stalled it for 300 ms and more).
    """
    from workbench.core.redact import Redactor, harvest_secrets
    from workbench.core.render import body_text

    response = exchange.response
    if response is None:
        return RenderedText("", note="No response: nothing to show.")
    size = len(response.body)
    if size == 0:
        return RenderedText("", note=_truncated_note(response) or "The response has no body.")
    small = size <= REDACT_WHOLE_LIMIT_BYTES
    secrets = harvest_secrets(exchange if small else _without_bodies(exchange))
    body = _cut(response.body, PRETTY_INPUT_LIMIT_BYTES, secrets)
    redactor = None if reveal else Redactor(secrets)
    content_type = response.content_type
    if (yield):
        return RenderedText("")
    text = body_text(body, content_type)
    if text is None:
        return RenderedText("", note=f"Binary body of {format_size(size)}: see Raw.")
    cut_here = len(body) < size
    notes = [_truncated_note(response)]
    looks_json = "json" in content_type or text.lstrip()[:1] in ("{", "[")
    if looks_json:
        if (yield):
            return RenderedText("")
        formatted = yield from iter_format_json(
            text,
            max_chars=PRETTY_DISPLAY_CHARS,
            allow_incomplete=cut_here or response.truncated,
        )
        if formatted.is_json:
            shown = yield from _iter_mask(formatted.text, redactor)
            if formatted.partial and not response.truncated:
                notes.append(
                    f"Showing the start of a {format_size(size)} JSON document "
                    f"({format_size(len(shown))} of formatted text); exports hold all of it."
                )
            if len(shown) > HIGHLIGHT_LIMIT_CHARS:
                notes.append(f"Colours cover the first {format_size(HIGHLIGHT_LIMIT_CHARS)}.")
            return RenderedText(shown, _join(notes), highlight=True)
        notes.append(f"Not valid JSON ({formatted.error}): shown as received.")
    if len(text) > TEXT_DISPLAY_CHARS:
        text = text[:TEXT_DISPLAY_CHARS]
        notes.append(
            f"Showing the first {format_size(TEXT_DISPLAY_CHARS)} of a "
            f"{format_size(size)} body; exports hold all of it."
        )
    shown = yield from _iter_mask(text, redactor)
    return RenderedText(shown, _join(notes))


def _iter_mask(text: str, redactor: Redactor | None) -> Generator[None, bool | None, str]:
    """``text`` masked by ``redactor`` (None: as it is): whole when small, else a slice of
    whole lines per step."""
    if redactor is None:
        return text
    if len(text) <= MASK_SLICE_CHARS:
        return redactor.text(text)
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = text.find("\n", start + MASK_SLICE_CHARS)
        end = len(text) if end < 0 else end + 1
        pieces.append(redactor.text(text[start:end]))
        start = end
        if (yield):
            break
    return "".join(pieces)


def render_raw(exchange: Exchange, *, reveal: bool) -> RenderedText:
    """The exchange as on the wire (httpie style), secrets masked unless revealed."""
    from workbench.core.render import render_exchange

    capped = _capped_exchange(exchange, RAW_BODY_DISPLAY_BYTES)
    text = render_exchange(capped, reveal=reveal, extra_secrets=exchange.secrets)
    notes: list[str] = []
    if len(capped.request.body) < len(exchange.request.body):
        notes.append(
            f"The request body is shown up to {format_size(RAW_BODY_DISPLAY_BYTES)} "
            f"of {format_size(len(exchange.request.body))}."
        )
    response = exchange.response
    if response is not None:
        notes.append(_truncated_note(response))
        if capped.response is not None and len(capped.response.body) < len(response.body):
            notes.append(
                f"The response body is shown up to {format_size(RAW_BODY_DISPLAY_BYTES)} "
                f"of {format_size(len(response.body))}; exports hold all of it."
            )
    return RenderedText(text, _join(notes))


def header_rows(exchange: Exchange, *, reveal: bool) -> list[tuple[str, str, str]]:
    """(part, name, value) for every request then response header, in order, duplicates kept."""
    from workbench.core.redact import Redactor, harvest_secrets

    request_headers: Pairs = exchange.request.headers
    response_headers: Pairs = exchange.response.headers if exchange.response is not None else ()
    if not reveal:
        redactor = Redactor((*harvest_secrets(_without_bodies(exchange)), *exchange.secrets))
        request_headers = redactor.headers(request_headers)
        response_headers = redactor.headers(response_headers)
    rows = [("Request", name, value) for name, value in request_headers]
    rows.extend(("Response", name, value) for name, value in response_headers)
    return rows


def _truncated_note(response: HttpResponse) -> str:
    if not response.truncated:
        return ""
    return (
        f"The body was cut at {format_size(len(response.body))} (the size cap): "
        "only its start was received."
    )


def _join(notes: list[str]) -> str:
    return "\n".join(note for note in notes if note)


# --- the widget -------------------------------------------------------------------------------


def cut_line_marker(hidden_chars: int) -> str:
    """What ends a line cut for display: how much of it is not shown."""
    return f" … [{hidden_chars:,} more characters on this line not shown; exports hold all of it]"


class _SlicedLoader:
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


class _Stepper:
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


class ResponseViewer(QWidget):
    """Shows one exchange: a coloured status line and four tabs.

    Explained (``problemView``) says in plain words what happened and offers
    ``resendWithNewTokenButton`` when the token lapsed; Pretty (``prettyView``) shows the body
    formatted (JSON indented and coloured, formatted off the GUI thread); Raw (``rawView``)
    shows the wire text, secrets masked until ``revealSecretsCheck`` is on; Headers
    (``headersView``) lists request and response headers in order.

    Signals:
        resend_with_new_token_requested(): the user asked for a new token and a resend.
        views_ready(): Pretty and Raw show the current exchange in full (for tests and
            benchmarks; emitted once per ``show_exchange`` or reveal toggle).
    """

    resend_with_new_token_requested = Signal()
    views_ready = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("responseViewer")
        self.setAccessibleName("Response")
        self.setAccessibleDescription("The answer to the last request, explained and as sent")
        self._exchange: Exchange | None = None
        self._problem: Problem | None = None
        self._state = _ViewState()
        self.destroyed.connect(self._state.mark_dead)
        self._pending_views = 0

        self.status_label = QLabel("No response yet")
        self.status_label.setObjectName("responseStatusLabel")
        self.status_label.setAccessibleName("Response status")
        self.status_label.setAccessibleDescription("Status line, time taken and body size")
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("downloadProgressBar")
        self.progress_bar.setAccessibleName("Download progress")
        self.progress_bar.setAccessibleDescription("How much of the response body has arrived")
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.hide()

        self.reveal_check = QCheckBox("Reveal secrets")
        self.reveal_check.setObjectName("revealSecretsCheck")
        self.reveal_check.setAccessibleName("Reveal secrets")
        self.reveal_check.setAccessibleDescription(
            "Show tokens and client secrets in clear in the Pretty, Raw and Headers tabs"
        )
        self.reveal_check.toggled.connect(self.on_reveal_check_toggled)

        top = QHBoxLayout()
        top.addWidget(self.status_label, 1)
        top.addWidget(self.progress_bar)
        top.addWidget(self.reveal_check)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("responseTabs")
        self.tabs.setAccessibleName("Response views")
        self.tabs.setAccessibleDescription("Explained, Pretty, Raw and Headers views")
        self.tabs.addTab(self._build_explained_tab(), "Explained")
        self.tabs.addTab(self._build_pretty_tab(), "Pretty")
        self.tabs.addTab(self._build_raw_tab(), "Raw")
        self.tabs.addTab(self._build_headers_tab(), "Headers")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.clear()

    # -- building ------------------------------------------------------------------------------

    def _build_explained_tab(self) -> QWidget:
        page = QWidget()
        self.problem_view = QTextBrowser()
        self.problem_view.setObjectName("problemView")
        self.problem_view.setAccessibleName("Explanation")
        self.problem_view.setAccessibleDescription(
            "What happened, the likely cause and what to do, in plain words"
        )
        self.problem_view.setOpenExternalLinks(True)
        self.resend_button = QPushButton("Get new token and resend")
        self.resend_button.setObjectName("resendWithNewTokenButton")
        self.resend_button.setAccessibleName("Get new token and resend")
        self.resend_button.setAccessibleDescription(
            "Ask the token endpoint for a fresh token, then send the same request again"
        )
        self.resend_button.clicked.connect(self.on_resend_button_clicked)
        self.resend_button.hide()
        row = QHBoxLayout()
        row.addWidget(self.resend_button)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.problem_view, 1)
        layout.addLayout(row)
        return page

    def _build_pretty_tab(self) -> QWidget:
        page = QWidget()
        self.pretty_note = _note_label("prettyNoteLabel", "Pretty view note")
        self.pretty_view = _text_view("prettyView", "Pretty body", "The body, formatted")
        self.highlighter = JsonHighlighter(self.pretty_view.document())
        self.highlighter.setDocument(None)
        self._pretty_loader = _SlicedLoader(
            self.pretty_view, self._on_view_loaded, self.highlighter
        )
        self._pretty_stepper = _Stepper(self.pretty_view, self._on_pretty_stepped)
        layout = QVBoxLayout(page)
        layout.addWidget(self.pretty_note)
        layout.addWidget(self.pretty_view, 1)
        return page

    def _build_raw_tab(self) -> QWidget:
        page = QWidget()
        self.raw_note = _note_label("rawNoteLabel", "Raw view note")
        self.raw_view = _text_view(
            "rawView", "Raw exchange", "Request and response as sent and received"
        )
        self._raw_loader = _SlicedLoader(self.raw_view, self._on_view_loaded)
        layout = QVBoxLayout(page)
        layout.addWidget(self.raw_note)
        layout.addWidget(self.raw_view, 1)
        return page

    def _build_headers_tab(self) -> QWidget:
        page = QWidget()
        self.headers_view = QTableWidget(0, 3)
        self.headers_view.setObjectName("headersView")
        self.headers_view.setAccessibleName("Headers")
        self.headers_view.setAccessibleDescription(
            "Request then response headers, in order, duplicates kept"
        )
        self.headers_view.setHorizontalHeaderLabels(["Part", "Name", "Value"])
        self.headers_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.headers_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.headers_view.verticalHeader().hide()
        header = self.headers_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout = QVBoxLayout(page)
        layout.addWidget(self.headers_view)
        return page

    # -- API -----------------------------------------------------------------------------------

    def exchange(self) -> Exchange | None:
        """The exchange shown, if any."""
        return self._exchange

    def problem(self) -> Problem | None:
        """The problem shown with the exchange, if any."""
        return self._problem

    def show_exchange(self, exchange: Exchange, problem: Problem | None) -> None:
        """Show ``exchange``; errors open on Explained, success on Pretty."""
        self._exchange = exchange
        self._problem = problem
        self.progress_bar.hide()
        self.status_label.setText(status_text(exchange))
        set_tone(self.status_label, exchange_tone(exchange), self.palette(), bold=True)
        self.problem_view.setHtml(explanation_html(exchange, problem))
        self.resend_button.setVisible(problem is not None and problem.token_lapsed)
        self._fill_headers()
        self._start_views()
        failed = problem is not None or not exchange.ok
        self.tabs.setCurrentIndex(TAB_EXPLAINED if failed else TAB_PRETTY)

    def show_progress(self, bytes_read: int, total: int | None) -> None:
        """Show download progress: determinate when ``total`` is known, busy otherwise."""
        if total is not None and total > 0:
            if bytes_read >= total:
                self.progress_bar.hide()
                return
            self.progress_bar.setRange(0, 1000)
            self.progress_bar.setValue(min(1000, bytes_read * 1000 // total))
            self.progress_bar.setFormat(f"{format_size(bytes_read)} of {format_size(total)}")
        else:
            self.progress_bar.setRange(0, 0)
            self.progress_bar.setFormat(format_size(bytes_read))
        self.progress_bar.setToolTip(self.progress_bar.format())
        self.progress_bar.show()

    def clear(self) -> None:
        """Show nothing: no exchange, empty views."""
        self._exchange = None
        self._problem = None
        self._state.generation += 1
        self._pending_views = 0
        self._pretty_stepper.stop()
        self._pretty_loader.stop()
        self._raw_loader.stop()
        self.progress_bar.hide()
        self.status_label.setText("No response yet")
        set_tone(self.status_label, None, bold=False)
        self.problem_view.setHtml(
            "<p>Send a request to see the answer here, explained in plain words.</p>"
        )
        self.resend_button.hide()
        self.pretty_view.clear()
        self.raw_view.clear()
        self.pretty_note.hide()
        self.raw_note.hide()
        self.headers_view.setRowCount(0)

    def is_loading(self) -> bool:
        """True while Pretty or Raw are still being prepared or filled."""
        return self._pending_views > 0

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        """A new palette (light/dark theme): recolour the status line and the JSON."""
        if event.type() == QEvent.Type.PaletteChange:
            self._recolour()
        super().changeEvent(event)

    def _recolour(self) -> None:
        if self._exchange is not None:
            set_tone(self.status_label, exchange_tone(self._exchange), self.palette(), bold=True)
            # Links take the palette's colour when the HTML is laid out: lay it out again.
            self.problem_view.setHtml(explanation_html(self._exchange, self._problem))
        old = self.highlighter
        document = old.document()
        fresh = JsonHighlighter(self.pretty_view.document(), SyntaxColours(self.palette()))
        fresh.setDocument(None)
        fresh.active = old.active
        old.setDocument(None)
        old.deleteLater()
        self.highlighter = fresh
        self._pretty_loader.highlighter = fresh
        # Re-colouring walks every line: only documents small enough to be coloured at all.
        if document is not None and document.characterCount() <= HIGHLIGHT_LIMIT_CHARS:
            fresh.active = True
            fresh.setDocument(document)

    # -- slots ---------------------------------------------------------------------------------

    @Slot(bool)
    def on_reveal_check_toggled(self, _checked: bool) -> None:
        """Render Pretty, Raw and Headers again, masked or in clear."""
        if self._exchange is not None:
            self._fill_headers()
            self._start_views()

    @Slot()
    def on_resend_button_clicked(self) -> None:
        """Ask the window for a new token and a resend."""
        self.resend_with_new_token_requested.emit()

    # -- internals -----------------------------------------------------------------------------

    def _fill_headers(self) -> None:
        assert self._exchange is not None
        rows = header_rows(self._exchange, reveal=self.reveal_check.isChecked())
        self.headers_view.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 2:
                    item.setToolTip(value)
                self.headers_view.setItem(row, column, item)

    def _start_views(self) -> None:
        """Prepare Pretty in steps on the GUI thread and Raw (short work in C) on the thread
        pool; stale results are dropped."""
        exchange = self._exchange
        assert exchange is not None
        reveal = self.reveal_check.isChecked()
        self._state.generation += 1
        generation = self._state.generation
        self._pretty_stepper.stop()
        self._pretty_loader.stop()
        self._raw_loader.stop()
        self.pretty_view.clear()
        self.raw_view.clear()
        self._set_note(self.pretty_note, "Formatting…")
        self._set_note(self.raw_note, "")
        self._pending_views = 2
        self._pretty_stepper.start(iter_render_pretty(exchange, reveal=reveal))
        relay = _shared_relay()
        relay.start(
            _Job(
                lambda _stop: render_raw(exchange, reveal=reveal),
                self._on_raw_rendered,
                self._state,
                generation,
                relay,
            )
        )

    def _on_pretty_stepped(self, rendered: RenderedText) -> None:
        # The stepper is stopped on every new exchange, clear and reveal toggle: always current.
        self._set_note(self.pretty_note, rendered.note)
        self.highlighter.setDocument(self.pretty_view.document() if rendered.highlight else None)
        self._pretty_loader.load(rendered.text, highlight_chars=HIGHLIGHT_LIMIT_CHARS)

    def _on_raw_rendered(self, generation: int, rendered: RenderedText) -> None:
        if generation != self._state.generation:
            return
        self._set_note(self.raw_note, rendered.note)
        self._raw_loader.load(rendered.text)

    def _on_view_loaded(self) -> None:
        self._pending_views -= 1
        if self._pending_views == 0:
            self.views_ready.emit()

    @staticmethod
    def _set_note(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))


def explanation_html(exchange: Exchange, problem: Problem | None) -> str:
    """The Explained tab: the problem in plain words, or a short success summary."""
    parts: list[str] = []
    if problem is not None:
        parts.append(f"<h3>{_e(problem.title)}</h3>")
        parts.append(f"<p>{_e(problem.explanation)}</p>")
        if problem.likely_cause:
            parts.append(f"<p><b>Likely cause:</b> {_e(problem.likely_cause)}</p>")
        if problem.suggested_action:
            parts.append(f"<p><b>What to do:</b> {_e(problem.suggested_action)}</p>")
        facts = []
        if problem.code:
            facts.append(f"provider code <code>{_e(problem.code)}</code>")
        if problem.http_status is not None:
            facts.append(f"HTTP {problem.http_status}")
        if problem.source:
            facts.append(f"decoded as {_e(problem.source)}")
        if facts:
            sentence = "; ".join(facts)
            parts.append(f"<p>{sentence[:1].upper()}{sentence[1:]}.</p>")
        if problem.retry_after_s is not None:
            parts.append(
                f"<p>The provider asks to wait {problem.retry_after_s:g} s before trying again.</p>"
            )
        url = problem.more_info_url
        if url.startswith(("https://", "http://")):
            parts.append(f'<p><a href="{_e(url)}">More information from the provider</a></p>')
        if problem.wording_is_ours:
            parts.append(
                "<p><i>The provider publishes no text for this code: "
                "these words are the workbench's own.</i></p>"
            )
    elif exchange.response is None:
        parts.append(f"<h3>{_e(status_text(exchange))}</h3>")
        if exchange.failure is not None:
            parts.append(f"<p>{_e(failure_message(exchange))}</p>")
    else:
        response = exchange.response
        title = f"{response.status} {response.reason}".rstrip()
        if exchange.ok:
            parts.append(f"<h3>{_e(title)} — the API accepted the request</h3>")
            parts.append(
                f"<p>The answer took {round(exchange.duration_s * 1000)} ms and carries "
                f"{format_size(len(response.body))}; see Pretty for the body.</p>"
            )
        else:
            parts.append(f"<h3>{_e(title)}</h3>")
            parts.append("<p>No explanation is available for this answer; see Raw.</p>")
    if exchange.notes:
        items = "".join(f"<li>{_e(note)}</li>" for note in exchange.notes)
        parts.append(f"<p><b>Notes</b></p><ul>{items}</ul>")
    return "".join(parts)


def failure_message(exchange: Exchange) -> str:
    """The transport failure's own words with secrets masked (a refused URL can carry a
    password or an access_token); empty when there was no failure."""
    if exchange.failure is None or not exchange.failure.message:
        return ""
    from workbench.core.redact import redact_message  # only once something failed

    return redact_message(exchange.failure.message, exchange.secrets)


def _e(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def _note_label(name: str, accessible: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setAccessibleName(accessible)
    label.setAccessibleDescription("Why the view below shows less than everything, if it does")
    label.setWordWrap(True)
    label.hide()
    return label


def _text_view(name: str, accessible: str, description: str) -> QPlainTextEdit:
    view = QPlainTextEdit()
    view.setObjectName(name)
    view.setAccessibleName(accessible)
    view.setAccessibleDescription(description)
    view.setReadOnly(True)
    view.setFont(monospace_font())
    view.setUndoRedoEnabled(False)
    # Wrapping at word boundaries is quadratic in a line without spaces (base64, a hostile
    # server's endless string): 0.5 s for 128 KB. Wrapping anywhere is linear, as a terminal.
    view.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)
    return view

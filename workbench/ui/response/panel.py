"""The response panel: status line, and the exchange Explained, Pretty, Raw and as Headers."""

from __future__ import annotations

import time
import weakref
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
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

from workbench.core.http import Exchange
from workbench.core.problems import Problem
from workbench.ui.style import SyntaxColours, answer_tone, set_tone
from workbench.ui.widgets import note_label, text_view

if TYPE_CHECKING:
    from workbench.core.exchange_view import ExchangeView, RenderedText
    from workbench.ui.response.find_bar import ResponseFind
    from workbench.ui.response.json_highlighter import JsonHighlighter
    from workbench.ui.response.loaders import PrettyStepper, SlicedLoader
    from workbench.ui.response.render_job import ViewState

TAB_EXPLAINED, TAB_PRETTY, TAB_RAW, TAB_HEADERS = range(4)
STATUS_TARGET_CHARS = 64
"""A request's method and URL are cut in the middle past this in the status line (they wrap
nowhere; Explained shows them whole)."""
WAIT_TICK_MS = 100
"""How often the time spent waiting for an answer is repainted."""
NOTE_DESCRIPTION = "Why the view below shows less than everything, if it does"


class ResponseViewer(QWidget):
    """Shows one exchange: a coloured status line and four tabs.

    Explained (``problemView``) says in plain words what happened and offers
    ``resendWithNewTokenButton`` when the token lapsed; Pretty (``prettyView``) shows the body
    formatted (JSON indented and coloured, formatted off the GUI thread); Raw (``rawView``)
    shows the wire text, secrets masked until ``revealSecretsCheck`` is on; Headers
    (``headersView``) lists request and response headers in order.

    Signals:
        resend_with_new_token_requested(): the user asked for a new token and a resend.
        exchange_shown(object, object): the status line, Explained and Headers show this
            ``(Exchange, Problem | None)`` (Pretty and Raw follow: ``views_ready``).
        views_ready(): Pretty and Raw show the current exchange in full (for tests and
            benchmarks; emitted once per ``show_exchange`` or reveal toggle).
    """

    resend_with_new_token_requested = Signal()
    exchange_shown = Signal(object, object)
    views_ready = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("responseViewer")
        self.setAccessibleName("Response")
        self.setAccessibleDescription("The answer to the last request, explained and as sent")
        self._exchange: Exchange | None = None
        self._problem: Problem | None = None
        self._view: ExchangeView | None = None
        self._state: ViewState | None = None
        """Which generation of the views is current (bumped by every new exchange, clear and
        reveal toggle: older results are stale); made with the first exchange."""
        self._pending_views = 0
        self._waiting_for = ""
        """``GET https://…`` while a request runs and nothing else is shown."""
        self._waiting_since = 0.0
        self._wait_timer = QTimer(self)
        self._wait_timer.setObjectName("responseWaitTimer")
        self._wait_timer.setInterval(WAIT_TICK_MS)
        self._wait_timer.timeout.connect(self.on_wait_timer_timeout)
        # Made with the first exchange shown: the first paint needs none of them.
        self._highlighter: JsonHighlighter | None = None
        self._pretty_loader: SlicedLoader | None = None
        self._pretty_stepper: PrettyStepper | None = None
        self._raw_loader: SlicedLoader | None = None
        self._find: ResponseFind | None = None

        top = self._build_status_row()

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

    def _build_status_row(self) -> QHBoxLayout:
        """The status line, the download progress and Reveal secrets."""
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
        return top

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
        self.pretty_note = note_label("prettyNoteLabel", "Pretty view note", NOTE_DESCRIPTION)
        self.pretty_view = text_view("prettyView", "Pretty body", "The body, formatted")
        layout = QVBoxLayout(page)
        layout.addWidget(self.pretty_note)
        layout.addWidget(self.pretty_view, 1)
        return page

    def _build_raw_tab(self) -> QWidget:
        page = QWidget()
        self.raw_note = note_label("rawNoteLabel", "Raw view note", NOTE_DESCRIPTION)
        self.raw_view = text_view(
            "rawView", "Raw exchange", "Request and response as sent and received"
        )
        # Wire text is not prose: no line is broken, not even between words; a long one
        # scrolls sideways (and laying out an unwrapped line stays linear in its length).
        self.raw_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
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
        # Part and Name are fitted once per exchange (_fill_headers), not on every change of
        # layout as ResizeToContents does; the user may drag them meanwhile.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
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

    def set_presenter_mode(self, enabled: bool, *, enlarge_type: bool = True) -> None:
        """While presenting the status line wraps rather than being cut, and the reveal switch
        (off and locked then) steps aside."""
        del enlarge_type  # the window enlarges every font
        self.status_label.setWordWrap(enabled)
        self.reveal_check.setVisible(not enabled)

    def is_waiting(self) -> bool:
        """True while the panel says it waits for an answer (nothing else is shown)."""
        return bool(self._waiting_for)

    def show_waiting(self, method: str, url: str) -> None:
        """A request went out: show nothing old, and say what the answer is awaited for, with
        the time spent so far."""
        from html import escape

        from workbench.core.redact import redact_url  # a request was sent: redaction is loaded

        self.clear()
        self._waiting_for = f"{method} {redact_url(url)}"
        self._waiting_since = time.monotonic()
        self._wait_timer.start()
        self._paint_waiting()
        self.problem_view.setHtml(
            f"<h3>Waiting for the answer</h3><p>{escape(self._waiting_for)} was sent; its "
            "answer appears here as soon as it arrives. Esc cancels.</p>"
        )
        self.tabs.setCurrentIndex(TAB_EXPLAINED)

    def end_waiting(self, outcome: str) -> None:
        """The request ended with nothing to show (``outcome``: "Cancelled", a failure's
        title): say so instead of waiting on."""
        if not self._waiting_for:
            return
        from html import escape

        waited = f"{self._waiting_for} · {time.monotonic() - self._waiting_since:.1f} s"
        short = f"{_shortened(self._waiting_for)} · {time.monotonic() - self._waiting_since:.1f} s"
        self._stop_waiting()
        self.status_label.setText(f"{outcome}: {short}")
        self.problem_view.setHtml(
            f"<h3>{escape(outcome)}</h3><p>No answer was received for {escape(waited)}.</p>"
        )

    @Slot()
    def on_wait_timer_timeout(self) -> None:
        """Repaint the time spent waiting."""
        self._paint_waiting()

    def _paint_waiting(self) -> None:
        elapsed_s = time.monotonic() - self._waiting_since
        shown = _shortened(self._waiting_for)
        self.status_label.setText(f"Waiting for {shown} · {elapsed_s:.1f} s")

    def _stop_waiting(self) -> None:
        self._waiting_for = ""
        self._wait_timer.stop()

    @property
    def highlighter(self) -> JsonHighlighter:
        """The JSON colouring of Pretty (made on first use, like the view's loaders)."""
        self._make_loaders()
        assert self._highlighter is not None
        return self._highlighter

    def show_exchange(self, exchange: Exchange, problem: Problem | None) -> None:
        """Show ``exchange``; errors open on Explained, success on Pretty."""
        from workbench.core.exchange_view import view_exchange

        self._stop_waiting()
        self._exchange = exchange
        self._problem = problem
        view = self._view = view_exchange(exchange, problem, reveal=self.reveal_check.isChecked())
        self.progress_bar.hide()
        self.status_label.setText(view.status)
        set_tone(self.status_label, answer_tone(exchange, problem), self.palette(), bold=True)
        self.problem_view.setHtml(view.explanation_html)
        self.resend_button.setVisible(view.offers_resend)
        self._fill_headers()
        self._start_views()
        self.tabs.setCurrentIndex(TAB_EXPLAINED if view.opens_explanation else TAB_PRETTY)
        self.exchange_shown.emit(exchange, problem)

    def show_progress(self, bytes_read: int, total: int | None) -> None:
        """Show download progress: determinate when ``total`` is known, busy otherwise."""
        from workbench.core.sizes import format_size

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
        self._stop_waiting()
        self._exchange = None
        self._problem = None
        self._view = None
        if self._state is not None:
            self._state.generation += 1
        self._pending_views = 0
        self._stop_loaders()
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

    @Slot()
    def toggle_reveal(self) -> None:
        """Ctrl+Shift+R: show or mask the secrets, unless revealing is locked (presenting)."""
        if self.reveal_check.isEnabled():
            self.reveal_check.toggle()

    def finder(self) -> ResponseFind:
        """Find in Pretty and Raw (Ctrl+F, F3, Shift+F3), made on first use."""
        if self._find is None:
            from workbench.ui.response.find_bar import ResponseFind

            views = {TAB_PRETTY: self.pretty_view, TAB_RAW: self.raw_view}
            self._find = ResponseFind(self.tabs, views, self)
            layout = self.layout()
            assert layout is not None
            layout.addWidget(self._find.bar)
        return self._find

    @Slot()
    def open_find(self) -> None:
        """Ctrl+F: the find bar, on the Pretty or Raw view shown."""
        self.finder().open()

    @Slot()
    def find_next(self) -> None:
        """F3: the next match."""
        self.finder().next()

    @Slot()
    def find_previous(self) -> None:
        """Shift+F3: the previous match."""
        self.finder().previous()

    def is_loading(self) -> bool:
        """True while Pretty or Raw are still being prepared or filled."""
        return self._pending_views > 0

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        """A new palette (light/dark theme): recolour the status line and the JSON."""
        if event.type() == QEvent.Type.PaletteChange:
            self._recolour()
        super().changeEvent(event)

    def _recolour(self) -> None:
        view = self._view
        if view is not None:
            set_tone(
                self.status_label,
                answer_tone(view.exchange, self._problem),
                self.palette(),
                bold=True,
            )
            # Links take the palette's colour when the HTML is laid out: lay it out again.
            self.problem_view.setHtml(view.explanation_html)
        old = self._highlighter
        if old is None or self._pretty_loader is None:
            return  # nothing coloured yet: the highlighter is made with the new colours
        from workbench.core.exchange_view import HIGHLIGHT_LIMIT_CHARS
        from workbench.ui.response.json_highlighter import JsonHighlighter

        document = old.document()
        fresh = JsonHighlighter(self.pretty_view.document(), SyntaxColours(self.palette()))
        fresh.setDocument(None)
        fresh.active = old.active
        old.setDocument(None)
        old.deleteLater()
        self._highlighter = fresh
        self._pretty_loader.highlighter = fresh
        # Re-colouring walks every line: only documents small enough to be coloured at all.
        if document is not None and document.characterCount() <= HIGHLIGHT_LIMIT_CHARS:
            fresh.active = True
            fresh.setDocument(document)

    # -- slots ---------------------------------------------------------------------------------

    @Slot(bool)
    def on_reveal_check_toggled(self, checked: bool) -> None:
        """Render Pretty, Raw and Headers again, masked or in clear."""
        if self._exchange is not None:
            from workbench.core.exchange_view import view_exchange

            self._view = view_exchange(self._exchange, self._problem, reveal=checked)
            self._fill_headers()
            self._start_views()

    @Slot()
    def on_resend_button_clicked(self) -> None:
        """Ask the window for a new token and a resend."""
        self.resend_with_new_token_requested.emit()

    # -- internals -----------------------------------------------------------------------------

    def _fill_headers(self) -> None:
        assert self._view is not None
        rows = self._view.header_rows
        self.headers_view.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 2:
                    item.setToolTip(value)
                self.headers_view.setItem(row, column, item)
        self.headers_view.resizeColumnToContents(0)
        self.headers_view.resizeColumnToContents(1)

    def _start_views(self) -> None:
        """Prepare Pretty in steps on the GUI thread and Raw (short work in C) on the thread
        pool; stale results are dropped."""
        from workbench.ui.response.render_job import Delivery, shared_relay

        view = self._view
        assert view is not None
        pretty_stepper, state = self._make_loaders()
        state.generation += 1
        generation = state.generation
        self._stop_loaders()
        self.pretty_view.clear()
        self.raw_view.clear()
        self._set_note(self.pretty_note, "Formatting…")
        self._set_note(self.raw_note, "")
        self._pending_views = 2
        pretty_stepper.start(view.pretty_steps())
        delivery = Delivery(self._on_raw_rendered, state, generation)
        shared_relay().start(lambda _stop: view.raw(), delivery)

    def _on_pretty_stepped(self, rendered: RenderedText) -> None:
        # The stepper is stopped on every new exchange, clear and reveal toggle: always current.
        from workbench.core.exchange_view import HIGHLIGHT_LIMIT_CHARS

        self._set_note(self.pretty_note, rendered.note)
        self.highlighter.setDocument(self.pretty_view.document() if rendered.highlight else None)
        assert self._pretty_loader is not None
        self._pretty_loader.load(rendered.text, highlight_chars=HIGHLIGHT_LIMIT_CHARS)

    def _on_raw_rendered(self, generation: int, rendered: RenderedText) -> None:
        if self._state is None or self._raw_loader is None or generation != self._state.generation:
            return
        self._set_note(self.raw_note, rendered.note)
        self._raw_loader.load(rendered.text)

    def _make_loaders(self) -> tuple[PrettyStepper, ViewState]:
        """Pretty's stepper, highlighter and loader, Raw's loader and the state workers read:
        made with the first exchange (rendering loads the exchange view and the JSON
        formatter, which the first paint can do without)."""
        from workbench.ui.response.json_highlighter import JsonHighlighter
        from workbench.ui.response.loaders import PrettyStepper, SlicedLoader
        from workbench.ui.response.render_job import ViewState

        if self._pretty_stepper is None or self._state is None:
            highlighter = JsonHighlighter(
                self.pretty_view.document(), SyntaxColours(self.palette())
            )
            highlighter.setDocument(None)
            self._highlighter = highlighter
            self._pretty_loader = SlicedLoader(self.pretty_view, self._on_view_loaded, highlighter)
            self._pretty_stepper = PrettyStepper(self.pretty_view, self._on_pretty_stepped)
            self._raw_loader = SlicedLoader(self.raw_view, self._on_view_loaded)
            self._state = ViewState()
            # Not ``destroyed``: PySide calls a slot of it with a wrapper half torn down when
            # Python drops the last reference to a viewer it owns, and crashed doing so.
            weakref.finalize(self, self._state.mark_dead)
        return self._pretty_stepper, self._state

    def _stop_loaders(self) -> None:
        for loader in (self._pretty_stepper, self._pretty_loader, self._raw_loader):
            if loader is not None:
                loader.stop()

    def _on_view_loaded(self) -> None:
        self._pending_views -= 1
        if self._pending_views == 0:
            self.views_ready.emit()

    @staticmethod
    def _set_note(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))


def _shortened(text: str, limit: int = STATUS_TARGET_CHARS) -> str:
    """``text`` with its middle replaced by … when longer than ``limit``."""
    if len(text) <= limit:
        return text
    head = limit * 2 // 3
    return f"{text[:head]}…{text[-(limit - head - 1) :]}"

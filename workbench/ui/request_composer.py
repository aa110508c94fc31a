"""The request composer: method, URL, query parameters, headers and body of an API call."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.core.calls import ApiRequest
from workbench.core.config import Pairs
from workbench.core.secret import MASK
from workbench.core.token import AccessToken
from workbench.ui.masked_fields import MaskedBody, MaskedLineEdit
from workbench.ui.request_pairs import RequestPairsTable, masked_header_value, masked_param_value
from workbench.ui.request_parts import (
    JSON_CHECK_DELAY_MS,
    JSON_CHECK_LIMIT_CHARS,
    METHODS,
    json_problem,
    query_pairs,
    url_problem,
    with_query,
)
from workbench.ui.style import Tone, monospace_font, set_tone
from workbench.ui.widgets import named, note_label

if TYPE_CHECKING:
    from workbench.core.collections.composing import ComposedRequest
    from workbench.ui.variable_marks import VariableHighlighter

__all__ = ["RequestComposer", "query_pairs", "url_problem", "with_query"]

BODY_MASKED_TEXT = (
    "The body holds a credential, shown masked. Reveal (Ctrl+Shift+R) to edit it; it cannot be "
    "revealed while presenting."
)
MASKED_EDIT_TEXT = (
    "A masked value changes as a whole: select it all to replace it, type or delete at its "
    "ends, or reveal (Ctrl+Shift+R) to edit it in clear."
)


class RequestComposer(QWidget):
    """Compose an API call: method, URL, Params | Headers | Body; the token is added on send.

    The current token appears as a read-only ``Authorization: Bearer ••••••`` row (never in
    clear) that ``applyTokenCheck`` switches off; extra headers such as ``X-Domain`` appear
    read-only too. Ctrl+Return (or Ctrl+Enter) sends, unless ``send_keys`` is False (the
    window binds them itself, everywhere). While a request runs, Send stays enabled (a new
    send supersedes the running one) and Cancel is enabled.

    Signals:
        send_requested(object): the user asked to send; carries an ``ApiRequest``.
        cancel_requested(): the user asked to cancel the running request.
        request_changed(): the method, URL, a parameter, a header or the body changed.
    """

    send_requested = Signal(object)
    cancel_requested = Signal()
    request_changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, send_keys: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("requestComposer")
        self.setAccessibleName("Request")
        self.setAccessibleDescription("The API call to send with the current token")
        self._token: AccessToken | None = None
        self._token_header = "Authorization"
        self._token_prefix = "Bearer"
        self._extra_headers: Pairs = ()
        self._syncing = False

        line = self._build_request_line()

        self.tabs = named(
            QTabWidget(), "requestTabs", "Request parts", "Query parameters, headers and body"
        )
        self.tabs.addTab(self._build_params_tab(), "Params")
        self.tabs.addTab(self._build_headers_tab(), "Headers")
        self.tabs.addTab(self._build_body_tab(), "Body")
        self.tabs.setTabEnabled(self.tabs.addTab(self._build_note_tab(), "Note"), False)
        self.reveal_check = named(
            QCheckBox("Reveal"),
            "revealRequestSecretsCheck",
            "Reveal the request's secrets",
            "Show API keys, cookies and other credentials of the request in clear (Ctrl+Shift+R)",
        )
        self.reveal_check.setToolTip("Show the request's credentials in clear (Ctrl+Shift+R)")
        self.reveal_check.toggled.connect(self.on_reveal_check_toggled)
        self.tabs.setCornerWidget(self.reveal_check)
        self._reveal_locked = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(line)
        layout.addWidget(self.url_message)
        layout.addWidget(self.variables_message)
        layout.addWidget(self.tabs, 1)

        self._json_timer = QTimer(self)
        self._json_timer.setSingleShot(True)
        self._json_timer.setInterval(JSON_CHECK_DELAY_MS)
        self._json_timer.timeout.connect(self.on_json_timer_timeout)

        for keys in ("Ctrl+Return", "Ctrl+Enter") if send_keys else ():
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.send)

        self._refresh_token_row()
        self._refresh_extra_headers()
        self.params_table.set_pairs(())
        self.headers_table.set_pairs(())
        self._connect_changes()

    def _connect_changes(self) -> None:
        """Every edit of the request is a ``request_changed``."""
        self.method_combo.currentIndexChanged.connect(self.request_changed)
        self.url_edit.textChanged.connect(self.request_changed)
        self.body_edit.textChanged.connect(self.request_changed)
        self.note_edit.textChanged.connect(self.request_changed)
        self.apply_token_check.toggled.connect(self.request_changed)
        for table in (self.headers_table, self.params_table):
            table.itemChanged.connect(self.request_changed)
            table.model().rowsRemoved.connect(self.request_changed)
        self.request_changed.connect(self.on_request_changed)

    # -- building ------------------------------------------------------------------------------

    def _build_request_line(self) -> QHBoxLayout:
        self.method_combo = named(
            QComboBox(), "requestMethodCombo", "HTTP method", "The method of the API call"
        )
        self.method_combo.addItems(METHODS)
        self.method_combo.setEditable(False)

        self.url_edit = named(
            MaskedLineEdit(),
            "requestUrlEdit",
            "Request URL",
            "The absolute URL of the API call, with its query",
        )
        self.url_edit.setPlaceholderText("https://api.example.test/v3/accounts")
        self.url_edit.setClearButtonEnabled(True)
        self.url_edit.textEdited.connect(self.on_url_edit_text_edited)
        self.url_edit.textChanged.connect(self.on_url_edit_text_changed)
        self.url_edit.edit_refused.connect(self.on_url_edit_edit_refused)

        self.send_button = named(
            QPushButton("Send"), "sendButton", "Send", "Send the request (Ctrl+Enter)"
        )
        self.send_button.setToolTip("Send the request (Ctrl+Enter)")
        self.send_button.clicked.connect(self.send)

        self.cancel_button = named(
            QPushButton("Cancel"), "cancelSendButton", "Cancel", "Stop the request that is running"
        )
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.on_cancel_button_clicked)

        self.url_message = named(
            QLabel(), "requestUrlMessage", "URL problem", "Why the URL cannot be sent, if it cannot"
        )
        self.url_message.setWordWrap(True)
        set_tone(self.url_message, Tone.CLIENT_ERROR, self.palette())
        self.url_message.hide()

        line = QHBoxLayout()
        line.addWidget(self.method_combo)
        line.addWidget(self.url_edit, 1)
        line.addWidget(self.send_button)
        line.addWidget(self.cancel_button)
        return line

    def _build_params_tab(self) -> QWidget:
        page = QWidget()
        self.params_table = RequestPairsTable(
            "requestParamsTable",
            "Query parameters",
            with_enabled=False,
            masked_value=masked_param_value,
        )
        self.params_table.setAccessibleDescription(
            "Name and value of each query parameter, kept in step with the URL"
        )
        self.params_table.itemChanged.connect(self.on_params_table_item_changed)
        layout = QVBoxLayout(page)
        layout.addWidget(self.params_table)
        return page

    def _build_headers_tab(self) -> QWidget:
        page = QWidget()
        self.apply_token_check = named(
            QCheckBox(),
            "applyTokenCheck",
            "Send the token",
            "Add the current access token to the request; off sends only the headers below",
        )
        self.apply_token_check.setChecked(True)
        self.token_header_label = named(
            QLabel(),
            "tokenHeaderLabel",
            "Token header",
            "The header the token goes in; the token itself is never shown here",
        )
        self.token_header_label.setFont(monospace_font())
        self.token_header_label.setWordWrap(True)  # a narrow composer wraps it, never cuts it
        self.extra_headers_label = named(
            QLabel(),
            "extraHeadersLabel",
            "Headers added from the credentials",
            "Extra headers such as X-Domain, added to every call",
        )
        self.extra_headers_label.setFont(monospace_font())
        self.extra_headers_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        token_row = QHBoxLayout()
        token_row.addWidget(self.apply_token_check)
        token_row.addWidget(self.token_header_label, 1)

        self.headers_table = RequestPairsTable(
            "requestHeadersTable",
            "Request headers",
            with_enabled=True,
            masked_value=masked_header_value,
        )
        self.headers_table.setAccessibleDescription(
            "Headers to send: tick On, name and value; unticked rows are kept but not sent"
        )
        self.headers_table.itemChanged.connect(self.on_headers_table_item_changed)
        layout = QVBoxLayout(page)
        layout.addLayout(token_row)
        layout.addWidget(self.extra_headers_label)
        layout.addWidget(self.headers_table, 1)
        return page

    def _build_body_tab(self) -> QWidget:
        page = QWidget()
        self.body_edit = named(
            QPlainTextEdit(), "requestBodyEdit", "Request body", "The body to send, as text (UTF-8)"
        )
        self.body_edit.setFont(monospace_font())
        self.body_edit.setPlaceholderText('{"name": "value"}')
        self.body_edit.textChanged.connect(self.on_body_edit_text_changed)
        self.body_check_label = named(
            QLabel(),
            "requestBodyJsonLabel",
            "Body check",
            "Whether the body is valid JSON, and where it is not",
        )
        self.body_check_label.hide()
        self.body_masked_label = named(
            QLabel(BODY_MASKED_TEXT), "requestBodyMaskedLabel", "Body masked"
        )
        self.body_masked_label.setWordWrap(True)
        self.body_masked_label.hide()
        self._body = MaskedBody(self.body_edit, self.body_masked_label, self)
        self.body_marks: VariableHighlighter | None = None  # once there are variables
        layout = QVBoxLayout(page)
        layout.addWidget(self.body_masked_label)
        layout.addWidget(self.body_edit, 1)
        layout.addWidget(self.body_check_label)
        return page

    def _build_note_tab(self) -> QWidget:
        """The Note tab, and what marks the variables (a message below the URL, a timer)."""
        self.variables_message = note_label(
            "requestVariablesMessage",
            "Variable problems",
            "Variables the request uses that nobody defines, and where",
        )
        set_tone(self.variables_message, Tone.SERVER_ERROR, self.palette())
        self._defined: frozenset[str] | None = None
        self._marks_timer = QTimer(self)
        self._marks_timer.setSingleShot(True)
        self._marks_timer.setInterval(JSON_CHECK_DELAY_MS)
        self._marks_timer.timeout.connect(self.on_marks_timer_timeout)
        page = QWidget()
        note = "What this request is for: saved with it, never sent"
        self.note_edit = named(QPlainTextEdit(), "requestNoteEdit", "Request note", note)
        self.note_edit.setPlaceholderText("What this request is for (saved with it, never sent)")
        layout = QVBoxLayout(page)
        layout.addWidget(self.note_edit, 1)
        return page

    # -- API -----------------------------------------------------------------------------------

    def set_request(self, request: ApiRequest, *, note: str = "") -> None:
        """Show ``request`` for editing (with ``note`` in the Note tab)."""
        index = self.method_combo.findText(request.method.upper())
        if index < 0:
            self.method_combo.addItem(request.method.upper())
            index = self.method_combo.count() - 1
        self.method_combo.setCurrentIndex(index)
        self.url_edit.set_real_text(request.url)
        self._sync_params_from_url()
        self.headers_table.set_pairs(request.headers)
        self._body.set_real_text(request.body.decode("utf-8", "replace"))
        self.note_edit.setPlainText(note)
        self.apply_token_check.setChecked(request.apply_token)
        self._token_header = request.token_header
        self._token_prefix = request.token_prefix
        self._refresh_token_row()
        self._check_body_now()

    def current_request(self) -> ApiRequest:
        """The request as composed now (without the token, which is added when sent)."""
        return ApiRequest(
            method=self.method_combo.currentText(),
            url=self.url_edit.real_text().strip(),
            headers=self.headers_table.pairs(),
            body=self._body.real_text().encode("utf-8"),
            apply_token=self.apply_token_check.isChecked(),
            token_header=self._token_header,
            token_prefix=self._token_prefix,
        )

    def composed(self) -> ComposedRequest:
        """The request as composed now, every header with its switch, and its note."""
        from workbench.core.collections.composing import ComposedRequest

        return ComposedRequest(
            method=self.method_combo.currentText(),
            url=self.url_edit.real_text().strip(),
            headers=self.headers_table.fields(),
            body=self._body.real_text(),
            note=self.note_edit.toPlainText(),
            send_token=self.apply_token_check.isChecked(),
        )

    def set_composed(self, composed: ComposedRequest) -> None:
        """Show a saved request (its token sent as ``Authorization: Bearer``)."""
        body, token = composed.body.encode("utf-8"), composed.send_token
        request = ApiRequest(composed.method, composed.url, body=body, apply_token=token)
        self.set_request(request, note=composed.note)
        self.headers_table.set_fields(composed.headers)
        self._check_body_now()

    def set_defined_variables(self, names: frozenset[str] | None) -> None:
        """The ``{{variables}}`` that have a value now: the others are marked, and said below
        the URL. None marks nothing (no collection)."""
        self._defined = names
        if self.body_marks is not None:
            self.body_marks.defined = names
            self.body_marks.rehighlight()
        self._refresh_marks()

    def set_note_kept(self, kept: bool) -> None:
        """The Note tab works for a saved request, which keeps its note (not for the rest)."""
        self.tabs.setTabEnabled(self.tabs.count() - 1, kept)  # the last tab

    def show_problem(self, problem: str) -> None:
        """Say below the URL why the request was not sent (empty: nothing to say)."""
        self._show_url_problem(problem)

    def set_presenter_mode(self, enabled: bool, *, enlarge_type: bool = True) -> None:
        """While presenting, only the method, the URL and Send show: the parameters, headers
        and body tabs fold away (they come back as they were)."""
        del enlarge_type  # the window enlarges every font
        self.tabs.setVisible(not enabled)

    def set_token(self, token: AccessToken | None) -> None:
        """The token that will be sent (shown masked, never in clear)."""
        self._token = token
        self._refresh_token_row()

    def set_busy(self, busy: bool) -> None:
        """A request is running: Cancel is enabled; Send stays enabled (it supersedes)."""
        self.cancel_button.setEnabled(busy)
        self.send_button.setText("Send again" if busy else "Send")

    def toggle_reveal(self) -> None:
        """Ctrl+Shift+R: show or mask the request's credentials (not while presenting)."""
        self.set_revealed(not self.reveal_check.isChecked())

    def set_revealed(self, revealed: bool) -> None:
        """Show the request's credentials in clear (True) or masked; locked: always masked."""
        self.reveal_check.setChecked(revealed and not self._reveal_locked)

    def is_revealed(self) -> bool:
        """True while the request's credentials are shown in clear."""
        return self.reveal_check.isChecked()

    def set_reveal_locked(self, locked: bool) -> None:
        """Presenter mode: every credential masked, what is typed masked as it is typed, and
        no way to reveal until unlocked (``presenter.RevealLockable``)."""
        self._reveal_locked = locked
        if locked:
            self.reveal_check.setChecked(False)
        self._apply_masking()

    def set_extra_headers(self, headers: Pairs) -> None:
        """Headers that will be added to every call (such as X-Domain), shown read-only."""
        self._extra_headers = tuple(headers)
        self._refresh_extra_headers()

    # -- slots ---------------------------------------------------------------------------------

    @Slot()
    def send(self) -> None:
        """Check the URL (saying what is wrong next to it), then ask for the request to be
        sent: Send, Ctrl+Enter, or the window's Send."""
        self._sync_url_from_params()
        problem = url_problem(self.url_edit.real_text())
        self._show_url_problem(problem)
        if problem:
            self.url_edit.setFocus()
            return
        self.send_requested.emit(self.current_request())

    @Slot(bool)
    def on_reveal_check_toggled(self, _checked: bool) -> None:
        """Show the request's credentials in clear, or masked."""
        self._apply_masking()

    @Slot()
    def on_cancel_button_clicked(self) -> None:
        """Ask for the running request to stop."""
        self.cancel_requested.emit()

    @Slot(str)
    def on_url_edit_text_edited(self, _text: str) -> None:
        """The user typed in the URL: the params table follows."""
        self._sync_params_from_url()

    @Slot(str)
    def on_url_edit_text_changed(self, _text: str) -> None:
        """Clear a shown URL problem once the URL is fine."""
        if not self.url_message.isHidden():
            self._show_url_problem(url_problem(self.url_edit.real_text()))

    @Slot()
    def on_url_edit_edit_refused(self) -> None:
        """An edit inside a masked value was undone: say how to change one."""
        self._show_url_problem(MASKED_EDIT_TEXT)

    @Slot(QTableWidgetItem)
    def on_params_table_item_changed(self, _item: QTableWidgetItem) -> None:
        """The user edited a parameter: the URL follows."""
        self.params_table.ensure_empty_last_row()
        self._sync_url_from_params()

    @Slot(QTableWidgetItem)
    def on_headers_table_item_changed(self, _item: QTableWidgetItem) -> None:
        """Keep an empty row to type into; a Content-Type change may change the body check."""
        self.headers_table.ensure_empty_last_row()
        self._json_timer.start()

    @Slot()
    def on_body_edit_text_changed(self) -> None:
        """Check the body shortly after typing stops."""
        self._json_timer.start()

    @Slot()
    def on_request_changed(self) -> None:
        """Mark the variables again shortly after typing stops."""
        if self._defined is not None:
            self._marks_timer.start()

    @Slot()
    def on_marks_timer_timeout(self) -> None:
        """Mark the variables now."""
        self._refresh_marks()

    @Slot()
    def on_json_timer_timeout(self) -> None:
        """Check the body now."""
        self._check_body_now()

    # -- internals -----------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        """A new palette (light/dark theme): recolour the URL and body messages."""
        if event.type() == QEvent.Type.PaletteChange:
            set_tone(self.url_message, Tone.CLIENT_ERROR, self.palette())
            set_tone(self.variables_message, Tone.SERVER_ERROR, self.palette())
            if self.body_marks is not None:
                self.body_marks.palette = self.palette()
                self.body_marks.rehighlight()
                self._refresh_marks()
            if self.body_check_label.isVisibleTo(self):
                self._check_body_now()
        super().changeEvent(event)

    def _sync_params_from_url(self) -> None:
        if self._syncing:
            return
        pairs = query_pairs(self.url_edit.real_text())
        if pairs is None:
            return  # keep the table as it is while the URL does not parse
        self._syncing = True
        try:
            self.params_table.set_pairs(pairs)
        finally:
            self._syncing = False

    def _sync_url_from_params(self) -> None:
        if self._syncing:
            return
        pairs = self.params_table.pairs()
        if pairs == query_pairs(self.url_edit.real_text()):
            return  # already in step: keep the URL exactly as typed
        url = with_query(self.url_edit.real_text(), pairs)
        if url is None:
            return
        self._syncing = True
        try:
            self.url_edit.set_real_text(url)
        finally:
            self._syncing = False

    def _apply_masking(self) -> None:
        masking = not self.reveal_check.isChecked()
        self.url_edit.set_masking(masking)
        self.params_table.set_masking(masking)
        self.headers_table.set_masking(masking)
        self._body.set_masking(masking, presenting=self._reveal_locked)
        self._refresh_extra_headers()

    def _show_url_problem(self, problem: str) -> None:
        self.url_message.setText(problem)
        self.url_message.setVisible(bool(problem))

    def _check_body_now(self) -> None:
        self._json_timer.stop()
        text = self._body.real_text()
        content_type = next(
            (value for name, value in self.headers_table.pairs() if name.lower() == "content-type"),
            "",
        )
        wants_json = "json" in content_type.lower() or text.lstrip()[:1] in ("{", "[")
        if not text.strip() or not wants_json:
            self.body_check_label.hide()
            return
        if len(text) > JSON_CHECK_LIMIT_CHARS:
            verdict = "Too long to check as you type"
            tone = Tone.UNKNOWN
        else:
            verdict = json_problem(text)
            tone = Tone.SUCCESS if verdict == "Valid JSON" else Tone.CLIENT_ERROR
        if verdict == "Valid JSON" and not content_type:
            verdict += " (no Content-Type header: add Content-Type: application/json)"
        self.body_check_label.setText(verdict)
        set_tone(self.body_check_label, tone, self.palette())
        self.body_check_label.show()

    def _refresh_marks(self) -> None:
        """Colour the variables of the URL and the tables; say which are not defined."""
        self._marks_timer.stop()
        text, body, tables = "", self._body.real_text(), (self.params_table, self.headers_table)
        braces = "{{" in body + self.url_edit.text() or any(
            "{{" in name + value for table in tables for name, value in table.pairs()
        )
        if self._defined is not None and (braces or self.body_marks is not None):
            from workbench.ui.variable_marks import VariableHighlighter, mark_request

            if self.body_marks is None:  # the first {{ seen: the body's are coloured from now
                self.body_marks = VariableHighlighter(self.body_edit.document(), self._defined)
                self.body_marks.palette = self.palette()
                self.body_marks.rehighlight()  # now, with the line below the URL
            body = body if len(body) <= JSON_CHECK_LIMIT_CHARS else ""
            text = mark_request(self.url_edit, tables, body, self._defined, self.palette())
        self.variables_message.setText(text)
        self.variables_message.setVisible(bool(text))

    def _refresh_token_row(self) -> None:
        prefix = f"{self._token_prefix} " if self._token_prefix else ""
        if self._token is None:
            text = f"{self._token_header}: {prefix}(no token yet: get one first)"
        else:
            text = f"{self._token_header}: {prefix}{MASK}"
        self.token_header_label.setText(text)
        self.apply_token_check.setText("")
        self.apply_token_check.setToolTip("Send the token with this request")

    def _refresh_extra_headers(self) -> None:
        masking = not self.reveal_check.isChecked()
        lines = [
            f"{name}: {masked_header_value(name, value) if masking else value}"
            for name, value in self._extra_headers
        ]
        self.extra_headers_label.setText("\n".join(lines))
        self.extra_headers_label.setVisible(bool(lines))

"""The main window: credentials and token on the left, request and response on the right."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from workbench.core.http import ExchangeKind
from workbench.ui.credential_form import CredentialForm
from workbench.ui.request_composer import RequestComposer
from workbench.ui.response_viewer import ResponseViewer
from workbench.ui.session import WorkbenchSession
from workbench.ui.style import Tone, tone_colour
from workbench.ui.timeline import TimelineView
from workbench.ui.token_panel import TokenPanel

WINDOW_TITLE = "OAuth Workbench"
STATUS_MESSAGE_MS = 8000


class MainWindow(QMainWindow):
    """The workbench window (design §6); widgets are built here, the session is given.

    ``sandbox_url`` and ``on_expire_now`` are set in the demo: the status bar then shows the
    sandbox address and an "Expire now" button that lapses every sandbox token.
    """

    def __init__(
        self,
        session: WorkbenchSession,
        *,
        sandbox_url: str = "",
        on_expire_now: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setAccessibleName(WINDOW_TITLE)
        self.setWindowTitle(f"{WINDOW_TITLE} — demo" if sandbox_url else WINDOW_TITLE)
        self.session = session
        self._on_expire_now = on_expire_now
        self._sandbox_url = sandbox_url

        self.form = CredentialForm()
        self.token_panel = TokenPanel(clock=session.clock)
        self.composer = RequestComposer()
        self.viewer = ResponseViewer()
        self.timeline = TimelineView()
        self._build_layout()
        self._build_toolbar()
        self._build_status_bar()
        self._build_shortcuts()
        self._connect()
        self.composer.set_extra_headers(self.form.config().extra_headers)
        self.resize(1440, 920)

    # ----------------------------------------------------------------- building

    def _build_layout(self) -> None:
        form_scroll = QScrollArea()
        self.credentialScroll = form_scroll
        form_scroll.setObjectName("credentialScroll")
        form_scroll.setWidgetResizable(True)
        form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        form_scroll.setWidget(self.form)
        token_scroll = QScrollArea()
        token_scroll.setObjectName("tokenScroll")
        token_scroll.setWidgetResizable(True)
        token_scroll.setFrameShape(QFrame.Shape.NoFrame)
        token_box = QWidget()
        token_layout = QVBoxLayout(token_box)
        token_layout.setContentsMargins(0, 0, 0, 0)
        token_title = QLabel("<b>Token</b>")
        token_title.setContentsMargins(9, 6, 0, 0)
        token_layout.addWidget(token_title)
        token_layout.addWidget(self.token_panel, 1)
        token_scroll.setWidget(token_box)

        self.leftSplitter = _splitter(Qt.Orientation.Vertical, "leftSplitter")
        self.leftSplitter.addWidget(form_scroll)
        self.leftSplitter.addWidget(token_scroll)
        self.leftSplitter.setSizes([440, 300])

        self.rightSplitter = _splitter(Qt.Orientation.Vertical, "rightSplitter")
        self.rightSplitter.addWidget(self.composer)
        self.rightSplitter.addWidget(self.viewer)
        self.rightSplitter.setStretchFactor(0, 0)
        self.rightSplitter.setStretchFactor(1, 1)
        self.rightSplitter.setSizes([200, 600])

        self.workSplitter = _splitter(Qt.Orientation.Horizontal, "workSplitter")
        self.workSplitter.addWidget(self.leftSplitter)
        self.workSplitter.addWidget(self.rightSplitter)
        self.workSplitter.setStretchFactor(0, 0)
        self.workSplitter.setStretchFactor(1, 1)
        self.workSplitter.setSizes([470, 970])

        timeline_box = QWidget()
        timeline_box.setObjectName("timelineBox")
        timeline_layout = QVBoxLayout(timeline_box)
        timeline_layout.setContentsMargins(6, 2, 6, 2)
        timeline_layout.addWidget(QLabel("<b>Timeline</b> — every exchange, newest first"))
        timeline_layout.addWidget(self.timeline, 1)

        self.mainSplitter = _splitter(Qt.Orientation.Vertical, "mainSplitter")
        self.mainSplitter.addWidget(self.workSplitter)
        self.mainSplitter.addWidget(timeline_box)
        self.mainSplitter.setStretchFactor(0, 1)
        self.mainSplitter.setStretchFactor(1, 0)
        self.mainSplitter.setSizes([740, 150])
        self.setCentralWidget(self.mainSplitter)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Main")
        toolbar.setObjectName("mainToolBar")
        toolbar.setAccessibleName("Main toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.getTokenAction = QAction("Get token", self)
        self.getTokenAction.setObjectName("getTokenAction")
        self.getTokenAction.setShortcut(QKeySequence("Ctrl+T"))
        self.getTokenAction.setToolTip("Ask the token endpoint for a new token (Ctrl+T)")
        self.getTokenAction.triggered.connect(self.on_get_token_action_triggered)
        self.sendAction = QAction("Send", self)
        self.sendAction.setObjectName("sendAction")
        self.sendAction.setToolTip("Send the API request with the current token (Ctrl+Enter)")
        self.sendAction.triggered.connect(self.on_send_action_triggered)
        toolbar.addAction(self.getTokenAction)
        toolbar.addAction(self.sendAction)
        for action in (self.getTokenAction, self.sendAction):
            button = toolbar.widgetForAction(action)
            if button is not None:
                button.setObjectName(f"{action.objectName()}Button")
                button.setAccessibleName(action.text())
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.sandboxStateLabel = QLabel()
        self.sandboxStateLabel.setObjectName("sandboxStateLabel")
        self.sandboxStateLabel.setAccessibleName("Sandbox state")
        self.sandboxStateLabel.setContentsMargins(0, 0, 8, 0)
        if self._sandbox_url:
            colour = tone_colour(Tone.SUCCESS, self.palette()).name()
            self.sandboxStateLabel.setText(f"sandbox: <b style='color:{colour}'>on</b>")
        toolbar.addWidget(self.sandboxStateLabel)
        self.addToolBar(toolbar)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.setObjectName("statusBar")
        self.sandboxAddressLabel = QLabel()
        self.sandboxAddressLabel.setObjectName("sandboxAddressLabel")
        self.sandboxAddressLabel.setAccessibleName("Sandbox address")
        self.expireNowButton = QPushButton("Expire now")
        self.expireNowButton.setObjectName("expireNowButton")
        self.expireNowButton.setAccessibleName("Expire all sandbox tokens now")
        self.expireNowButton.setToolTip("Make the sandbox treat every token it issued as expired")
        self.expireNowButton.clicked.connect(self.on_expire_now_clicked)
        demo = bool(self._sandbox_url)
        if demo:
            self.sandboxAddressLabel.setText(f"Sandbox: {self._sandbox_url}")
        self.sandboxAddressLabel.setVisible(demo)
        self.expireNowButton.setVisible(demo and self._on_expire_now is not None)
        status.addPermanentWidget(self.sandboxAddressLabel)
        status.addPermanentWidget(self.expireNowButton)

    def _build_shortcuts(self) -> None:
        # The composer owns Ctrl+Enter while focus is inside it; these cover the other panes
        # without overlapping it (two live shortcuts on one key would be ambiguous).
        self._send_shortcuts: list[QShortcut] = []
        for pane in (self.leftSplitter, self.viewer, self.timeline):
            for sequence in ("Ctrl+Return", "Ctrl+Enter"):
                shortcut = QShortcut(QKeySequence(sequence), pane)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(self.on_send_action_triggered)
                self._send_shortcuts.append(shortcut)

    def _connect(self) -> None:
        session = self.session
        self.token_panel.get_token_requested.connect(self.on_get_token_action_triggered)
        self.token_panel.cancel_requested.connect(session.cancel_token)
        self.token_panel.manual_lifetime_changed.connect(session.set_token)
        session.token_busy.connect(self.token_panel.set_busy)
        session.token_busy.connect(self.on_session_token_busy)
        session.token_changed.connect(self.on_session_token_changed)
        session.token_failed.connect(self.token_panel.show_problem)
        session.token_cancelled.connect(self.on_session_token_cancelled)
        self.composer.send_requested.connect(self.on_composer_send_requested)
        self.composer.cancel_requested.connect(session.cancel_api)
        session.api_busy.connect(self.composer.set_busy)
        session.api_progress.connect(self.viewer.show_progress)
        session.api_finished.connect(self.on_session_api_finished)
        session.api_cancelled.connect(self.on_session_api_cancelled)
        session.exchange_recorded.connect(self.on_session_exchange_recorded)
        self.viewer.resend_with_new_token_requested.connect(self.on_viewer_resend_requested)
        self.timeline.exchange_selected.connect(self.on_timeline_exchange_selected)
        self.form.config_changed.connect(self.on_form_config_changed)

    # ----------------------------------------------------------------- slots

    @Slot()
    def on_get_token_action_triggered(self) -> None:
        """Ctrl+T, the toolbar or the panel's button: ask for a token with the form's settings."""
        self.session.get_token(self.form.config())

    @Slot()
    def on_send_action_triggered(self) -> None:
        """The toolbar's Send (or Ctrl+Enter outside the composer)."""
        self.on_composer_send_requested(self.composer.current_request())

    @Slot(object)
    def on_composer_send_requested(self, request: Any) -> None:
        """Send the composed request with the current token and the form's extra headers."""
        self.session.send_api(request, self.form.config())

    @Slot(bool)
    def on_session_token_busy(self, busy: bool) -> None:
        """Only one Get token at a time from the toolbar's point of view."""
        self.getTokenAction.setEnabled(not busy)

    @Slot(object)
    def on_session_token_changed(self, token: Any) -> None:
        """A new (or cleared) token: the panel counts it down, the composer applies it."""
        self.token_panel.set_token(token)
        self.composer.set_token(token)

    @Slot()
    def on_session_token_cancelled(self) -> None:
        """The user gave up on a token request."""
        self.statusBar().showMessage("Token request cancelled", STATUS_MESSAGE_MS)

    @Slot(object, object)
    def on_session_api_finished(self, exchange: Any, problem: Any) -> None:
        """Show the answer (or, with no exchange at all, what went wrong)."""
        if exchange is not None:
            self.viewer.show_exchange(exchange, problem)
        elif problem is not None:
            self.statusBar().showMessage(problem.title, STATUS_MESSAGE_MS)

    @Slot()
    def on_session_api_cancelled(self) -> None:
        """The user cancelled a send."""
        self.statusBar().showMessage("Request cancelled", STATUS_MESSAGE_MS)

    @Slot(object, object)
    def on_session_exchange_recorded(self, exchange: Any, problem: Any) -> None:
        """Every exchange goes to the timeline; token exchanges are also shown at once."""
        self.timeline.add_exchange(exchange, problem)
        if exchange.kind is ExchangeKind.TOKEN:
            self.viewer.show_exchange(exchange, problem)

    @Slot()
    def on_viewer_resend_requested(self) -> None:
        """Get a new token, then send the last request once more (the viewer's button)."""
        self.session.get_token_and_resend(self.form.config())

    @Slot(object, object)
    def on_timeline_exchange_selected(self, exchange: Any, problem: Any) -> None:
        """Open a past exchange in the viewer."""
        self.viewer.show_exchange(exchange, problem)

    @Slot()
    def on_form_config_changed(self) -> None:
        """Extra headers (such as X-Domain) go on API calls too; the composer shows them."""
        self.composer.set_extra_headers(self.form.extraHeadersTable.pairs())

    @Slot()
    def on_expire_now_clicked(self) -> None:
        """Demo: make the sandbox treat every token as lapsed."""
        if self._on_expire_now is None:
            return
        self._on_expire_now()
        self.statusBar().showMessage(
            "The sandbox expired every token: the next API call will get 401.", STATUS_MESSAGE_MS
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        """Cancel running sends and stop the session before the window goes."""
        self.session.shutdown()
        self.token_panel.set_token(None)
        super().closeEvent(event)


def _splitter(orientation: Qt.Orientation, object_name: str) -> QSplitter:
    splitter = QSplitter(orientation)
    splitter.setObjectName(object_name)
    splitter.setChildrenCollapsible(False)
    return splitter

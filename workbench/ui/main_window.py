"""The main window: credentials and token on the left, request and response on the right."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QByteArray,
    QObject,
    QPoint,
    QSettings,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QFrame,
    QLabel,
    QMainWindow,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from workbench.core.calls import ApiRequest
from workbench.core.http import Exchange, ExchangeKind
from workbench.core.problems import Problem
from workbench.core.profiles import ProfileStore, SecretKind
from workbench.core.recovery import RecoveryStep, StepReason, means_token_lapsed
from workbench.core.secret import Secret
from workbench.core.secret_store import KeychainStatus, SecretStore
from workbench.ui.credential_form import CredentialForm
from workbench.ui.descriptions import describe_controls
from workbench.ui.profiles.bar import ProfileBar
from workbench.ui.profiles.controller import STATUS_MESSAGE_MS, ProfileController, ProfileMarks
from workbench.ui.profiles.editor import ProfileEditor
from workbench.ui.profiles.keychain_worker import CLOSE_WAIT_S, KeychainWorker
from workbench.ui.profiles.questions import NewProfile, UnsavedChoice
from workbench.ui.profiles.secrets import ProfileSecrets
from workbench.ui.request_composer import RequestComposer
from workbench.ui.response.panel import ResponseViewer
from workbench.ui.sandbox_controls import SandboxControls, SandboxTime
from workbench.ui.session import WorkbenchSession
from workbench.ui.settings import app_settings
from workbench.ui.style import Tone, tone_colour
from workbench.ui.timeline import TimelineView
from workbench.ui.token_panel import TokenPanel

if TYPE_CHECKING:
    from workbench.ui.flow_diagram import FlowDiagram
    from workbench.ui.guided_demo import GuidedDemoPanel
    from workbench.ui.theme import ThemeController

WINDOW_TITLE = "OAuth Workbench"
BANNER_BACKGROUND = "#fff3cd"
BANNER_TEXT = "#5c4400"
DIAGRAM_DOCK_WIDTH = 430
DIAGRAM_BACKLOG = 500
"""Exchanges kept for the flow diagram until it is first shown (it keeps as many)."""
GUIDED_DEMO_HEIGHT = 250
PRESENTER_DIAGRAM_SHARE = 0.42
"""In presenter mode the flow diagram takes this share of the window's width."""
PRESENTER_TOKEN_SHARE = 0.45
"""... and the token panel this share of the rest (request and response take the remainder)."""
CURL_COMMAND = re.compile(r"^\s*(?:\$\s*)?curl(?:\.exe)?\s", re.IGNORECASE)
"""Clipboard text that is a curl command (as copied from documentation or a terminal)."""


def looks_like_curl(text: str) -> bool:
    """True when ``text`` starts with ``curl`` (after a ``$`` prompt, if any)."""
    return CURL_COMMAND.match(text) is not None


class MainWindow(QMainWindow):
    """The workbench window (design §6); widgets are built here, the session is given.

    ``sandbox_url`` and ``sandbox`` (or just ``on_expire_now``) are set in the demo: the status
    bar then shows the sandbox address and its controls (token lifetime, Advance clock,
    "Expire now"), the guided demo opens on the right above the flow diagram, and the "Local
    sandbox" profile is selected with the demo secret remembered for the run.

    Teaching and recovery (issue 5): View > Flow diagram (drawn live from every exchange; a
    click opens the exchange), View > Presenter mode (F11), File > Export… (HAR, debug report,
    cURL, Python; ``choose_export_file(title, name, filters) -> path`` is the hook tests
    replace), Edit > Copy as cURL / Copy as Python, and pasting a curl command anywhere outside
    a text field (or Edit > Import cURL from clipboard) to fill the form or the composer. The
    profile's recovery switches make Send re-fetch a lapsed token and/or replay once after a
    401 for a lapsed token.

    Profiles come from ``profile_store`` and their secrets from ``secret_store`` (both default
    to the real ones; tests point them at temporary places). Questions to the user go through
    replaceable hooks so tests can answer them: ``confirm_unsaved(name) -> UnsavedChoice``,
    ``confirm_delete(name) -> bool``, ``ask_secret(kind, profile_name) -> Secret | None``,
    ``run_dialog(dialog) -> int``, ``show_error(title, text)`` and
    ``choose_file(title, save) -> str``.

    Unsaved changes are marked (" •" in the selector, "modified" in the title) and asked about
    when switching profile and when the user closes the window (the close button, File > Quit
    or Ctrl+Q). A ``close()`` called by code (tests, scripts) does not ask.
    """

    def __init__(
        self,
        session: WorkbenchSession,
        *,
        sandbox_url: str = "",
        on_expire_now: Callable[[], None] | None = None,
        sandbox: SandboxTime | None = None,
        profile_store: ProfileStore | None = None,
        secret_store: SecretStore | None = None,
        environ: Mapping[str, str] | None = None,
        theme: ThemeController | None = None,
        keychain_in_background: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.theme = theme  # owns the light/dark choice (View > Theme); None: palette as is
        self.setObjectName("mainWindow")
        self.setAccessibleName(WINDOW_TITLE)
        self.setWindowTitle(f"{WINDOW_TITLE} — demo" if sandbox_url else WINDOW_TITLE)
        self.session = session
        self._sandbox = sandbox
        if on_expire_now is None and sandbox is not None:
            on_expire_now = _expire_all_of(sandbox)
        self._on_expire_now = on_expire_now
        self._sandbox_url = sandbox_url
        self._before_presenting: _Layout | None = None
        # Presenter mode also goes full screen (set by the application, not by tests).
        self.full_screen_when_presenting = False
        self.secret_store = secret_store if secret_store is not None else SecretStore()
        self._keychain = self._keychain_worker() if keychain_in_background else None
        self._quit_requested = False
        self._init_hooks()

        self.form = CredentialForm()
        self.token_panel = TokenPanel(clock=session.clock)
        self.composer = RequestComposer()
        self.viewer = ResponseViewer()
        self.timeline = TimelineView()
        self.profile_bar = ProfileBar()
        self.editor = ProfileEditor(self.form, self.composer, self)
        self.profiles = ProfileController(
            profile_store if profile_store is not None else ProfileStore(),
            ProfileSecrets(self.secret_store, worker=self._keychain, environ=environ, parent=self),
            self.editor,
            self,
            self,
        )
        self._diagram: FlowDiagram | None = None
        self._diagram_backlog: list[tuple[Exchange, Problem | None]] = []
        self.guided_demo: GuidedDemoPanel | None = None
        if sandbox_url:
            from workbench.ui.guided_demo import GuidedDemoPanel

            self.guided_demo = GuidedDemoPanel()
        self._build()
        self._connect()
        self.resize(1440, 920)
        self._docks_to_size = True
        self._restore_settings()
        self.profiles.start(
            str(self._settings().value("profiles/current", "") or ""), sandbox_url=sandbox_url
        )

    # ----------------------------------------------------------------- building

    def _build(self) -> None:
        """Lay out the panes, docks, toolbar, menus and status bar; describe every control."""
        self._build_layout()
        self._build_docks()
        self._build_toolbar()
        self._build_menus()
        self._build_status_bar()
        self._build_shortcuts()
        describe_controls(self)

    def _keychain_worker(self) -> KeychainWorker:
        """Every keychain call on a worker thread (the application; tests may keep them on
        this thread), starting after the first paint."""
        worker = KeychainWorker(self.secret_store, self)
        worker.start_after_first_paint(self)
        return worker

    def _init_hooks(self) -> None:
        """Questions to the user, replaceable by tests."""
        self.confirm_unsaved: Callable[[str], UnsavedChoice] = self._ask_unsaved
        self.confirm_delete: Callable[[str], bool] = self._ask_delete
        self.ask_secret: Callable[[SecretKind, str], Secret | None] = self._ask_secret
        self.run_dialog: Callable[[QDialog], int] = _exec_dialog
        self.show_error: Callable[[str, str], None] = self._show_error_box
        self.choose_file: Callable[[str, bool], str] = self._choose_file
        self.choose_export_file: Callable[[str, str, str], str] | None = None
        self.confirm_close_without_keychain: Callable[[], bool] = self._ask_close_without_keychain
        self.keychain_close_wait_s = CLOSE_WAIT_S
        """How long a close waits for keychain saves before asking whether to quit anyway."""
        self._closing_after_keychain = False
        self._close_without_keychain = False

    def _build_layout(self) -> None:
        form_scroll = QScrollArea()
        self.credentialScroll = form_scroll
        form_scroll.setObjectName("credentialScroll")
        form_scroll.setAccessibleName("Credentials")
        form_scroll.setWidgetResizable(True)
        form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        form_scroll.setWidget(self.form)
        token_scroll = QScrollArea()
        token_scroll.setObjectName("tokenScroll")
        token_scroll.setAccessibleName("Token")
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
        self.timelineBox = timeline_box
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

        self._build_central()

    def _build_central(self) -> None:
        """Banners (keychain, profiles file) above the panes."""
        self.keychainBanner = _banner("keychainBanner", "Keychain warning")
        self.profilesBanner = _banner("profilesBanner", "Profiles file warning")
        central = QWidget()
        central.setObjectName("centralBox")
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(2)
        central_layout.addWidget(self.keychainBanner)
        central_layout.addWidget(self.profilesBanner)
        central_layout.addWidget(self.mainSplitter, 1)
        self.setCentralWidget(central)

    def _build_docks(self) -> None:
        """The flow diagram on the right (shown in the demo); the guided demo above it."""
        # The diagram is made when first shown (it costs start-up time); until then the
        # exchanges wait in a backlog. The demo shows it at once.
        self.flowDiagramDock = _dock("Flow diagram", "flowDiagramDock", QWidget())
        self.flowDiagramDock.visibilityChanged.connect(self.on_flow_diagram_dock_visibility_changed)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.flowDiagramDock)
        self.guidedDemoDock: QDockWidget | None = None
        if self.guided_demo is not None:
            self.guidedDemoDock = _dock("Guided demo", "guidedDemoDock", self.guided_demo)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.guidedDemoDock)
            self.splitDockWidget(self.guidedDemoDock, self.flowDiagramDock, Qt.Orientation.Vertical)
        self.flowDiagramDock.setVisible(bool(self._sandbox_url))
        if self._sandbox_url:
            _ = self.diagram

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Main")
        toolbar.setObjectName("mainToolBar")
        toolbar.setAccessibleName("Main toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addWidget(self.profile_bar)
        toolbar.addSeparator()
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
        self._paint_sandbox_state()
        toolbar.addWidget(self.sandboxStateLabel)
        self.addToolBar(toolbar)

    def _paint_sandbox_state(self) -> None:
        """'sandbox: on' in the success colour of the current palette (demo only)."""
        if self._sandbox_url:
            colour = tone_colour(Tone.SUCCESS, self.palette()).name()
            self.sandboxStateLabel.setText(f"sandbox: <b style='color:{colour}'>on</b>")

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu("&File")
        menu.setObjectName("fileMenu")
        self.newProfileAction = _action(self, "New profile…", "newProfileAction", "Ctrl+N")
        self.saveProfileAction = _action(self, "Save profile", "saveProfileAction", "Ctrl+S")
        self.importProfilesAction = _action(self, "Import profiles…", "importProfilesAction")
        self.exportProfilesAction = _action(self, "Export profiles…", "exportProfilesAction")
        self.quitAction = _action(self, "Quit", "quitAction", "Ctrl+Q")
        self.quitAction.triggered.connect(self.on_quit_action_triggered)
        menu.addAction(self.newProfileAction)
        menu.addAction(self.saveProfileAction)
        menu.addSeparator()
        menu.addAction(self.importProfilesAction)
        menu.addAction(self.exportProfilesAction)
        menu.addSeparator()
        self.exportHarAction = _action(self, "Export…", "exportHarAction", "Ctrl+E")
        self.exportHarAction.setToolTip(
            "Save or copy the timeline as HAR, a debug report, cURL or Python (secrets masked "
            "unless you ask)"
        )
        self.exportHarAction.triggered.connect(self.on_export_har_action_triggered)
        menu.addAction(self.exportHarAction)
        menu.addSeparator()
        menu.addAction(self.quitAction)
        self._build_edit_menu()
        self._build_view_menu()
        if self._sandbox_url:
            self._build_demo_menu()
        self._build_help_menu()

    def _build_edit_menu(self) -> None:
        menu = self.menuBar().addMenu("&Edit")
        menu.setObjectName("editMenu")
        self.importCurlAction = _action(self, "Import cURL…", "importCurlAction", "Ctrl+I")
        self.importCurlAction.triggered.connect(self.form.on_import_curl_clicked)
        self.pasteCurlAction = _action(
            self, "Import cURL from clipboard", "pasteCurlAction", "Ctrl+Shift+V"
        )
        self.pasteCurlAction.setToolTip(
            "A token request fills the credentials; any other request fills the composer"
        )
        self.pasteCurlAction.triggered.connect(self.on_paste_curl_action_triggered)
        self.copyAsCurlAction = _action(self, "Copy as cURL", "copyAsCurlAction", "Ctrl+Shift+C")
        self.copyAsCurlAction.setToolTip("Copy the selected exchange as a curl command")
        self.copyAsCurlAction.triggered.connect(self.on_copy_as_curl_action_triggered)
        self.copyAsPythonAction = _action(self, "Copy as Python", "copyAsPythonAction")
        self.copyAsPythonAction.setToolTip(
            "Copy a Python snippet (Authlib) doing the same token request and API call"
        )
        self.copyAsPythonAction.triggered.connect(self.on_copy_as_python_action_triggered)
        for action in (self.importCurlAction, self.pasteCurlAction):
            menu.addAction(action)
        menu.addSeparator()
        for action in (self.copyAsCurlAction, self.copyAsPythonAction):
            menu.addAction(action)

    def _build_view_menu(self) -> None:
        menu = self.menuBar().addMenu("&View")
        menu.setObjectName("viewMenu")
        self.flowDiagramAction = self.flowDiagramDock.toggleViewAction()
        self.flowDiagramAction.setObjectName("flowDiagramAction")
        self.flowDiagramAction.setText("Flow diagram")
        menu.addAction(self.flowDiagramAction)
        if self.guidedDemoDock is not None:
            self.guidedDemoAction = self.guidedDemoDock.toggleViewAction()
            self.guidedDemoAction.setObjectName("guidedDemoAction")
            self.guidedDemoAction.setText("Guided demo")
            menu.addAction(self.guidedDemoAction)
        menu.addSeparator()
        self.presenterModeAction = _action(self, "Presenter mode", "presenterModeAction", "F11")
        self.presenterModeAction.setCheckable(True)
        self.presenterModeAction.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.presenterModeAction.setToolTip(
            "Large type, high contrast, the flow diagram large, every secret masked (F11)"
        )
        self.presenterModeAction.toggled.connect(self.on_presenter_mode_action_toggled)
        menu.addAction(self.presenterModeAction)
        self.addAction(self.presenterModeAction)  # F11 works with the menu bar hidden too
        if self.theme is not None:
            self._build_theme_menu(menu.addMenu("&Theme"), self.theme)

    def _build_theme_menu(self, menu: QMenu, theme: ThemeController) -> None:
        from PySide6.QtGui import QActionGroup

        from workbench.ui.theme import MODE_LABELS

        menu.setObjectName("themeMenu")
        group = QActionGroup(menu)
        group.setExclusive(True)
        self.themeActions: dict[str, QAction] = {}
        for mode, label in MODE_LABELS:
            action = _action(self, label, f"theme{mode.value.capitalize()}Action")
            action.setCheckable(True)
            action.setChecked(mode is theme.mode)
            action.triggered.connect(lambda _checked=False, chosen=mode: theme.set_mode(chosen))
            group.addAction(action)
            menu.addAction(action)
            self.themeActions[mode.value] = action
        theme.mode_changed.connect(self.on_theme_mode_changed)
        theme.scheme_changed.connect(self.on_theme_scheme_changed)

    @Slot(str)
    def on_theme_mode_changed(self, mode: str) -> None:
        """Keep the View > Theme ticks in step with the choice."""
        action = self.themeActions.get(mode)
        if action is not None:
            action.setChecked(True)

    @Slot(str)
    def on_theme_scheme_changed(self, _scheme: str) -> None:
        """Recolour what holds a colour in its text (the palette covers the rest)."""
        self._paint_sandbox_state()

    def _build_help_menu(self) -> None:
        menu = self.menuBar().addMenu("&Help")
        menu.setObjectName("helpMenu")
        self.keyboardShortcutsAction = _action(
            self, "Keyboard shortcuts…", "keyboardShortcutsAction"
        )
        self.keyboardShortcutsAction.setShortcuts([QKeySequence("Ctrl+/"), QKeySequence("F1")])
        self.keyboardShortcutsAction.triggered.connect(self.on_keyboard_shortcuts_action_triggered)
        self.aboutAction = _action(self, "About OAuth Workbench", "aboutAction")
        self.aboutAction.setMenuRole(QAction.MenuRole.AboutRole)
        self.aboutAction.triggered.connect(self.on_about_action_triggered)
        menu.addAction(self.keyboardShortcutsAction)
        menu.addSeparator()
        menu.addAction(self.aboutAction)

    @Slot()
    def on_keyboard_shortcuts_action_triggered(self) -> None:
        """Help > Keyboard shortcuts: every main action and its keys."""
        from workbench.ui.shortcuts import KeyboardShortcutsDialog

        self.run_dialog(KeyboardShortcutsDialog(parent=self))

    @Slot()
    def on_about_action_triggered(self) -> None:
        """Help > About: version and licences (loaded only now: start-up stays light)."""
        from workbench.ui.about import AboutDialog

        self.run_dialog(AboutDialog(parent=self))

    def _build_demo_menu(self) -> None:
        menu = self.menuBar().addMenu("&Demo")
        menu.setObjectName("demoMenu")
        self.expireNowAction = _action(self, "Expire now", "expireNowAction", "Ctrl+Shift+X")
        self.expireNowAction.setToolTip("Make the sandbox treat every token it issued as expired")
        self.expireNowAction.triggered.connect(self.on_expire_now_clicked)
        self.expireNowAction.setEnabled(self._on_expire_now is not None)
        menu.addAction(self.expireNowAction)
        panel = self.guided_demo
        if panel is None:
            return
        menu.addSeparator()
        self.demoNextAction = _action(self, "Next step", "demoNextAction", "Alt+Right")
        self.demoNextAction.triggered.connect(panel.on_next_button_clicked)
        self.demoBackAction = _action(self, "Previous step", "demoBackAction", "Alt+Left")
        self.demoBackAction.triggered.connect(panel.on_back_button_clicked)
        self.demoRestartAction = _action(self, "Restart the guided demo", "demoRestartAction")
        self.demoRestartAction.triggered.connect(panel.restart)
        for action in (self.demoNextAction, self.demoBackAction, self.demoRestartAction):
            menu.addAction(action)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.setObjectName("statusBar")
        self.sandboxAddressLabel = QLabel()
        self.sandboxAddressLabel.setObjectName("sandboxAddressLabel")
        self.sandboxAddressLabel.setAccessibleName("Sandbox address")
        self.sandboxControls = SandboxControls()
        self.expireNowButton = self.sandboxControls.expireNowButton
        demo = bool(self._sandbox_url)
        if demo:
            self.sandboxAddressLabel.setText(f"Sandbox: {self._sandbox_url}")
        self.sandboxAddressLabel.setVisible(demo)
        self.sandboxControls.setVisible(demo and self._on_expire_now is not None)
        self.sandboxControls.show_time_controls(self._sandbox is not None)
        status.addPermanentWidget(self.sandboxAddressLabel)
        status.addPermanentWidget(self.sandboxControls)

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
        self.form.extra_headers_changed.connect(self.composer.set_extra_headers)
        self._connect_profiles()
        self._connect_teaching()

    def _connect_profiles(self) -> None:
        profiles = self.profiles
        bar = self.profile_bar
        bar.profile_chosen.connect(profiles.select)
        bar.new_requested.connect(profiles.new_profile)
        bar.duplicate_requested.connect(profiles.duplicate)
        bar.rename_requested.connect(profiles.rename)
        bar.delete_requested.connect(profiles.delete)
        bar.save_requested.connect(profiles.save)
        self.newProfileAction.triggered.connect(profiles.new_profile)
        self.saveProfileAction.triggered.connect(profiles.save)
        self.importProfilesAction.triggered.connect(profiles.import_profiles)
        self.exportProfilesAction.triggered.connect(profiles.export_profiles)
        self.editor.changed.connect(profiles.on_draft_changed)
        profiles.switching.connect(self.on_profiles_switching)
        profiles.profile_loaded.connect(self.editor.load)
        profiles.secrets_arrived.connect(self.editor.fill_secrets)
        profiles.marks_changed.connect(bar.show_marks)
        profiles.marks_changed.connect(self.on_profiles_marks_changed)
        profiles.status_message.connect(self.statusBar().showMessage)
        profiles.file_warning.connect(self.on_profiles_file_warning)
        profiles.keychain_status_changed.connect(self.on_profiles_keychain_status_changed)
        profiles.secret_missing.connect(self.token_panel.show_problem)
        profiles.resume_requested.connect(self.on_profiles_resume_requested)

    def _connect_teaching(self) -> None:
        """Issue 5: the diagram, the guided demo, the sandbox controls, recovery, exports."""
        session = self.session
        session.recovery_step.connect(self.on_session_recovery_step)
        session.recovery_stopped.connect(self.on_session_recovery_stopped)
        controls = self.sandboxControls
        controls.expire_requested.connect(self.on_expire_now_clicked)
        controls.token_lifetime_changed.connect(self.on_sandbox_controls_token_lifetime_changed)
        controls.advance_requested.connect(self.on_sandbox_controls_advance_requested)
        if self.guided_demo is not None:
            self.guided_demo.step_action_requested.connect(
                self.on_guided_demo_step_action_requested
            )
            session.token_busy.connect(self.on_session_busy_changed)
            session.api_busy.connect(self.on_session_busy_changed)
        self.timeline.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.timeline.customContextMenuRequested.connect(self.on_timeline_context_menu_requested)

    # ----------------------------------------------------------------- slots

    @Slot()
    def on_get_token_action_triggered(self) -> None:
        """Ctrl+T, the toolbar or the panel's button: ask for a token with the form's settings.

        Secrets kept elsewhere are found now: an environment variable is read, an "ask every
        time" secret is asked for (once per run).
        """
        config = self.profiles.token_config(resume=_Resume.GET_TOKEN)
        if config is not None:
            self.session.get_token(config)

    @Slot()
    def on_send_action_triggered(self) -> None:
        """The toolbar's Send (or Ctrl+Enter outside the composer): the composer's own Send,
        which checks the URL first and says what is wrong next to it."""
        self.composer.send()

    @Slot(object)
    def on_composer_send_requested(self, request: Any) -> None:
        """Send the composed request with the current token and the form's extra headers.

        With a recovery switch of the profile on, the session may get a new token on the way
        (before sending, or after a 401 for a lapsed token), so it is given the secrets too;
        when a secret cannot be found, the request goes without recovery.
        """
        options = self.form.recovery_options()
        if options.refetch_when_lapsed or options.replay_on_lapsed_401:
            config = self.profiles.token_config(resume=_Send(request))
            if config is not None:
                self.session.send_api(request, config, recovery=options)
                return
            if self.profiles.waiting_for_keychain:
                return  # sent once the keychain has answered
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
            self._mark_token_if_refused(exchange, problem)
        elif problem is not None:
            self.statusBar().showMessage(problem.title, STATUS_MESSAGE_MS)

    @Slot()
    def on_session_api_cancelled(self) -> None:
        """The user cancelled a send."""
        self.statusBar().showMessage("Request cancelled", STATUS_MESSAGE_MS)

    @Slot(object, object)
    def on_session_exchange_recorded(self, exchange: Any, problem: Any) -> None:
        """Every exchange goes to the timeline and the diagram; token exchanges are also shown
        at once; an API answer saying the shown token lapsed marks it refused."""
        self.timeline.add_exchange(exchange, problem)
        if self._diagram is not None:
            self._diagram.add_exchange(exchange, problem)
        else:
            self._diagram_backlog.append((exchange, problem))
            del self._diagram_backlog[:-DIAGRAM_BACKLOG]
        if exchange.kind is ExchangeKind.TOKEN:
            self.viewer.show_exchange(exchange, problem)
        else:
            self._mark_token_if_refused(exchange, problem)

    @Slot()
    def on_viewer_resend_requested(self) -> None:
        """Get a new token, then send the last request once more (the viewer's button)."""
        config = self.profiles.token_config(resume=_Resume.RESEND)
        if config is not None:
            self.session.get_token_and_resend(config)

    @Slot(object, object)
    def on_timeline_exchange_selected(self, exchange: Any, problem: Any) -> None:
        """Open a past exchange in the viewer."""
        self.viewer.show_exchange(exchange, problem)

    @Slot()
    def on_expire_now_clicked(self) -> None:
        """Demo: make the sandbox treat every token as lapsed."""
        if self._on_expire_now is None:
            return
        self._on_expire_now()
        self.statusBar().showMessage(
            "The sandbox expired every token: the next API call will get 401.", STATUS_MESSAGE_MS
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        """Ctrl+V that no child took (a text field pastes it itself) imports a curl command
        from the clipboard; anything else on the clipboard is left alone.

        Keys a focused widget ignores travel up to its window, so this sees Ctrl+V on
        buttons, tables and read-only views without filtering every event of the program.
        """
        if event.matches(QKeySequence.StandardKey.Paste):
            text = QGuiApplication.clipboard().text()
            if looks_like_curl(text):
                self.import_curl_text(text)
                event.accept()
                return
        super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        """The first time, give the docks their starting sizes (unless a layout was restored)."""
        super().showEvent(event)
        if self._docks_to_size:
            self._docks_to_size = False
            QTimer.singleShot(0, self._size_docks)  # once the window has its real size

    def _size_docks(self) -> None:
        self.resizeDocks([self.flowDiagramDock], [DIAGRAM_DOCK_WIDTH], Qt.Orientation.Horizontal)
        if self.guidedDemoDock is not None:
            self.resizeDocks(
                [self.guidedDemoDock, self.flowDiagramDock],
                [GUIDED_DEMO_HEIGHT, max(GUIDED_DEMO_HEIGHT, self.height())],
                Qt.Orientation.Vertical,
            )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        """Ask about unsaved changes (when the user closes), save the layout, stop the session."""
        asked_by_user = event.spontaneous() or self._quit_requested
        self._quit_requested = False
        if asked_by_user and not self.profiles.settle_unsaved(quitting=True):
            event.ignore()
            return
        if asked_by_user and self._keychain_still_saving():
            event.ignore()  # closed again once the keychain is done (or the user gives up)
            return
        self.presenterModeAction.setChecked(False)  # the layout is saved as it is normally
        self._leave_presenter_look()
        self._save_settings()
        if self._keychain is not None:
            # Saves still queued at a close by code get a bounded wait; reads are dropped.
            waits = self._keychain.saving and not self._close_without_keychain
            self._keychain.close(CLOSE_WAIT_S if waits else 0.0)
        self.session.shutdown()
        self.token_panel.set_token(None)
        super().closeEvent(event)

    def _keychain_still_saving(self) -> bool:
        """True while keychain saves run at a user's close: wait for them without freezing,
        saying so, then close; after ``keychain_close_wait_s`` ask whether to quit anyway."""
        worker = self._keychain
        if worker is None or not worker.started or not worker.saving:
            return False
        if self._close_without_keychain:
            return False
        if not self._closing_after_keychain:
            self._closing_after_keychain = True
            worker.job_done.connect(self._close_when_keychain_done)
            QTimer.singleShot(round(self.keychain_close_wait_s * 1000), self._keychain_too_slow)
        self.statusBar().showMessage(
            "Saving to the keychain before closing (unlock it if it asks)…",
            round(self.keychain_close_wait_s * 1000),
        )
        return True

    @Slot()
    def _close_when_keychain_done(self) -> None:
        worker = self._keychain
        if self._closing_after_keychain and worker is not None and not worker.saving:
            self._finish_closing()

    def _keychain_too_slow(self) -> None:
        """The keychain kept the window waiting: quit without it, or wait on."""
        if not self._closing_after_keychain:
            return
        if self.confirm_close_without_keychain():
            self._close_without_keychain = True
            self._finish_closing()
        else:
            QTimer.singleShot(round(self.keychain_close_wait_s * 1000), self._keychain_too_slow)

    def _finish_closing(self) -> None:
        self._closing_after_keychain = False
        if self._keychain is not None:
            self._keychain.job_done.disconnect(self._close_when_keychain_done)
        self._quit_requested = True  # the user asked; unsaved changes were settled already
        self.close()

    @Slot()
    def on_quit_action_triggered(self) -> None:
        """File > Quit (Ctrl+Q): close as the close button does, asking about unsaved changes."""
        self._quit_requested = True
        self.close()

    # ----------------------------------------------------------------- teaching and recovery

    @property
    def diagram(self) -> FlowDiagram:
        """The flow diagram (made now if it was not yet, with every exchange so far)."""
        if self._diagram is None:
            from workbench.ui.flow_diagram import FlowDiagram

            diagram = FlowDiagram()
            diagram.exchange_clicked.connect(self.on_flow_diagram_exchange_clicked)
            for exchange, problem in self._diagram_backlog:
                diagram.add_exchange(exchange, problem)
            self._diagram_backlog.clear()
            old = self.flowDiagramDock.widget()
            self.flowDiagramDock.setWidget(diagram)
            if old is not None:
                old.deleteLater()
            self._diagram = diagram
        return self._diagram

    @Slot(bool)
    def on_flow_diagram_dock_visibility_changed(self, visible: bool) -> None:
        """Make the diagram when its dock is first shown."""
        if visible:
            _ = self.diagram

    @Slot(object, object)
    def on_flow_diagram_exchange_clicked(self, exchange: Any, problem: Any) -> None:
        """An arrow was clicked: select its exchange in the timeline and open it."""
        row = self.timeline_row_of(exchange)
        if row is not None:
            self.timeline.select_row(row)
            self.timeline.scrollTo(self.timeline.timeline_model().index(row, 0))
        if self.viewer.exchange() is not exchange:
            self.viewer.show_exchange(exchange, problem)

    def timeline_row_of(self, exchange: Exchange) -> int | None:
        """The timeline row (0 is the newest) holding ``exchange``, if it is still listed."""
        model = self.timeline.timeline_model()
        for row in range(model.rowCount()):
            entry = model.entry(row)
            if entry is not None and entry.exchange is exchange:
                return row
        return None

    def _leave_presenter_look(self) -> None:
        """Undo presenter mode however it was entered (it enlarges the application's font,
        which outlives this window)."""
        if self.findChild(QObject, "presenterModeState") is None:  # presenter.STATE_OBJECT_NAME
            return  # never presented: nothing to undo, nothing to import
        from workbench.ui.presenter import apply_presenter_mode

        apply_presenter_mode(self, False)

    @Slot(bool)
    def on_presenter_mode_action_toggled(self, checked: bool) -> None:
        """F11 or View > Presenter mode: big type, high contrast, secrets masked, and a layout
        for a projector: the flow diagram takes half the width, the token panel, request and
        response stay; the credential form and the timeline step aside (the diagram tells the
        same story, and its arrows open the exchanges). Off puts the layout back; what was
        masked stays masked."""
        if checked:
            self._enter_presenting_layout()
        from workbench.ui.presenter import apply_presenter_mode

        apply_presenter_mode(self, checked)
        if checked:
            QTimer.singleShot(0, self._size_presenting_layout)  # once the new fonts are laid out
            if self.full_screen_when_presenting:
                self.showFullScreen()
            self.statusBar().showMessage(
                "Presenter mode: every secret is masked. F11 to leave.", STATUS_MESSAGE_MS
            )
            return
        if self.full_screen_when_presenting and self.isFullScreen():
            self.showNormal()
        self._leave_presenting_layout()
        self.statusBar().showMessage(
            "Presenter mode off: secrets stay masked until you reveal them.", STATUS_MESSAGE_MS
        )

    def _enter_presenting_layout(self) -> None:
        dock = self.flowDiagramDock
        self._before_presenting = _Layout(
            diagram_visible=not dock.isHidden(),
            diagram_width=dock.width(),
            work_sizes=self.workSplitter.sizes(),
            form_visible=not self.credentialScroll.isHidden(),
            timeline_visible=not self.timelineBox.isHidden(),
            address_visible=not self.sandboxAddressLabel.isHidden(),
        )
        dock.setVisible(True)
        _ = self.diagram  # before presenting, so it gets the presenter look
        self.sandboxAddressLabel.setVisible(False)
        self.credentialScroll.setVisible(False)
        self.timelineBox.setVisible(False)

    def _size_presenting_layout(self) -> None:
        if self._before_presenting is None:
            return  # presenting ended before this ran
        width = round(self.width() * PRESENTER_DIAGRAM_SHARE)
        self.resizeDocks([self.flowDiagramDock], [width], Qt.Orientation.Horizontal)
        if self.guidedDemoDock is not None and not self.guidedDemoDock.isHidden():
            height = self.flowDiagramDock.height() + self.guidedDemoDock.height()
            self.resizeDocks(
                [self.guidedDemoDock, self.flowDiagramDock],
                [round(height * 0.34), round(height * 0.66)],
                Qt.Orientation.Vertical,
            )
        total = sum(self.workSplitter.sizes())
        left = round(total * PRESENTER_TOKEN_SHARE)
        self.workSplitter.setSizes([left, total - left])

    def _leave_presenting_layout(self) -> None:
        before = self._before_presenting
        self._before_presenting = None
        if before is None:
            return
        self.credentialScroll.setVisible(before.form_visible)
        self.timelineBox.setVisible(before.timeline_visible)
        self.sandboxAddressLabel.setVisible(before.address_visible)
        self.flowDiagramDock.setVisible(before.diagram_visible)
        self.resizeDocks([self.flowDiagramDock], [before.diagram_width], Qt.Orientation.Horizontal)
        self.workSplitter.setSizes(before.work_sizes)
        if self.guidedDemoDock is not None and not self.guidedDemoDock.isHidden():
            height = self.flowDiagramDock.height() + self.guidedDemoDock.height()
            self.resizeDocks(
                [self.guidedDemoDock, self.flowDiagramDock],
                [GUIDED_DEMO_HEIGHT, max(GUIDED_DEMO_HEIGHT, height - GUIDED_DEMO_HEIGHT)],
                Qt.Orientation.Vertical,
            )

    def is_presenting(self) -> bool:
        """True while presenter mode is on."""
        return self.presenterModeAction.isChecked()

    @Slot(str)
    def on_guided_demo_step_action_requested(self, action: str) -> None:
        """A guided-demo step drives the real action, exactly as its button would."""
        from workbench.ui.guided_demo import (
            ACTION_CALL_API,
            ACTION_EXPIRE_NOW,
            ACTION_GET_TOKEN,
            ACTION_RECOVER,
        )

        if action == ACTION_GET_TOKEN:
            self.on_get_token_action_triggered()
        elif action == ACTION_CALL_API:
            self.on_send_action_triggered()
        elif action == ACTION_EXPIRE_NOW:
            self.on_expire_now_clicked()
        elif action == ACTION_RECOVER:
            self.on_viewer_resend_requested()

    @Slot(bool)
    def on_session_busy_changed(self, _busy: bool) -> None:
        """The guided demo holds Next while a token request or a call runs."""
        if self.guided_demo is not None:
            session = self.session
            self.guided_demo.set_busy(session.token_busy_now or session.api_busy_now)

    @Slot(int)
    def on_sandbox_controls_token_lifetime_changed(self, seconds: int) -> None:
        """Demo: tokens the sandbox issues from now on live ``seconds``."""
        if self._sandbox is None:
            return
        self._sandbox.set_token_ttl(seconds)
        self.statusBar().showMessage(
            f"New sandbox tokens will last {seconds} s (the current one keeps its lifetime).",
            STATUS_MESSAGE_MS,
        )

    @Slot(int)
    def on_sandbox_controls_advance_requested(self, seconds: int) -> None:
        """Demo: time passes on the sandbox (its tokens lapse sooner; our countdown stays)."""
        if self._sandbox is None:
            return
        self._sandbox.advance_clock(seconds)
        self.statusBar().showMessage(
            f"The sandbox's clock moved {seconds} s forward; your app's countdown did not.",
            STATUS_MESSAGE_MS,
        )

    @Slot(object)
    def on_session_recovery_step(self, step: Any) -> None:
        """Say why an extra exchange of a recovery happened."""
        if isinstance(step, RecoveryStep) and step.reason is not StepReason.REQUEST:
            self.statusBar().showMessage(step.caption, STATUS_MESSAGE_MS)

    @Slot(str)
    def on_session_recovery_stopped(self, reason: str) -> None:
        """Recovery gave up (or could not help): say why."""
        self.statusBar().showMessage(reason, STATUS_MESSAGE_MS * 2)

    def _mark_token_if_refused(self, exchange: Exchange, problem: Problem | None) -> None:
        """The API said the shown token lapsed: the token panel shows it refused."""
        token = self.token_panel.token
        if token is None or not means_token_lapsed(exchange, problem):
            return
        value = token.value.reveal()
        if value and any(value in header for _name, header in exchange.request.headers):
            self.token_panel.mark_rejected()

    # ----------------------------------------------------------------- exports and curl

    def selected_exchange(self) -> Exchange | None:
        """The exchange selected in the timeline, else the one the viewer shows."""
        rows = self.timeline.selectionModel().selectedRows()
        if rows:
            entry = self.timeline.timeline_model().entry(rows[0].row())
            if entry is not None:
                return entry.exchange
        return self.viewer.exchange()

    def export_sources(self) -> Any:
        """What the export dialog can export now (timeline oldest first, profile, selection)."""
        from workbench.ui.export_dialog import ExportSources

        model = self.timeline.timeline_model()
        entries = [model.entry(row) for row in range(model.rowCount())]
        story = tuple(
            (entry.exchange, entry.problem) for entry in reversed(entries) if entry is not None
        )
        name = self.profiles.current_profile().name if self.profiles.current_id else ""
        return ExportSources(
            story=story,
            config=self.form.config(),
            profile_name=name,
            selected=self.selected_exchange(),
            request=self.composer.current_request(),
        )

    def open_export_dialog(self, initial: str = "har") -> None:
        """File > Export…: HAR, debug report, cURL or Python, secrets masked unless ticked."""
        from workbench.ui.export_dialog import ExportDialog, ExportFormat

        dialog = ExportDialog(
            self.export_sources(),
            initial=ExportFormat(initial),
            choose_file=self.choose_export_file,
            parent=self,
        )
        dialog.exported.connect(self.on_export_dialog_exported)
        if self.presenterModeAction.isChecked():  # on a projector, secrets stay out of reach
            dialog.includeSecretsCheck.setChecked(False)
            dialog.includeSecretsCheck.setEnabled(False)
            dialog.includeSecretsCheck.setToolTip("Leave presenter mode (F11) to include secrets")
        try:
            self.run_dialog(dialog)
        finally:
            dialog.deleteLater()

    @Slot()
    def on_export_har_action_triggered(self) -> None:
        """File > Export… (Ctrl+E)."""
        self.open_export_dialog()

    @Slot(str)
    def on_export_dialog_exported(self, message: str) -> None:
        """Repeat the export dialog's outcome in the status bar."""
        self.statusBar().showMessage(message, STATUS_MESSAGE_MS)

    @Slot()
    def on_copy_as_curl_action_triggered(self) -> None:
        """Copy the selected exchange as a curl command, secrets as placeholders."""
        from workbench.core.curl import to_curl

        exchange = self.selected_exchange()
        if exchange is None:
            self.statusBar().showMessage("No exchange to copy yet", STATUS_MESSAGE_MS)
            return
        QGuiApplication.clipboard().setText(to_curl(exchange) + "\n")
        self.statusBar().showMessage(
            "Copied as cURL; secrets are $PLACEHOLDERS (File > Export… can include them).",
            STATUS_MESSAGE_MS,
        )

    @Slot()
    def on_copy_as_python_action_triggered(self) -> None:
        """Copy a Python snippet doing the same token request and API call (no secret in it)."""
        from workbench.core.snippet import CLIENT_SECRET_ENV, to_python

        text = to_python(self.form.config(), self.composer.current_request())
        QGuiApplication.clipboard().setText(text)
        self.statusBar().showMessage(
            f"Copied as Python; it reads the client secret from ${CLIENT_SECRET_ENV}.",
            STATUS_MESSAGE_MS,
        )

    @Slot(QPoint)
    def on_timeline_context_menu_requested(self, position: QPoint) -> None:
        """Right-click on an exchange: Copy as cURL, or Export…."""
        menu = self.timeline_menu(position)
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(self.timeline.viewport().mapToGlobal(position))

    def timeline_menu(self, position: QPoint) -> QMenu:
        """The timeline's context menu for a click at ``position`` (its row is selected)."""
        index = self.timeline.indexAt(position)
        if index.isValid():
            self.timeline.select_row(index.row())
        menu = QMenu(self.timeline)
        menu.setObjectName("timelineMenu")
        menu.addAction(self.copyAsCurlAction)
        menu.addAction(self.exportHarAction)
        return menu

    @Slot()
    def on_paste_curl_action_triggered(self) -> None:
        """Edit > Import cURL from clipboard (Ctrl+Shift+V)."""
        text = QGuiApplication.clipboard().text()
        if not looks_like_curl(text):
            self.statusBar().showMessage(
                "The clipboard holds no curl command (it should start with curl).",
                STATUS_MESSAGE_MS,
            )
            return
        self.import_curl_text(text)

    def import_curl_text(self, command: str) -> bool:
        """Import a curl command: a token request fills the credential form, any other
        request the composer (without its Authorization: the workbench adds its token).

        On error the reason goes to the status bar and nothing changes; returns success.
        """
        from workbench.core.curl import CurlImportError, from_curl, parse_curl
        from workbench.core.redact import redact_url

        try:
            curl = parse_curl(command)
            if b"grant_type" in curl.body:
                config = from_curl(command)
                loaded_key = self.form.config().private_key_pem
                if not config.private_key_pem and loaded_key:
                    # A command line cannot carry the key: keep the one loaded (and its label).
                    config = replace(config, private_key_pem=loaded_key)
                self.form.set_config(config)
                self.statusBar().showMessage(
                    "Imported the token request into the credentials; save to keep it.",
                    STATUS_MESSAGE_MS,
                )
                return True
        except CurlImportError as error:
            self.statusBar().showMessage(
                f"Could not import the curl command: {error.message}", STATUS_MESSAGE_MS * 2
            )
            return False
        headers = tuple(
            (name, value) for name, value in curl.headers if name.lower() != "authorization"
        )
        self.composer.set_request(ApiRequest(curl.method, curl.url, headers, curl.body))
        dropped = len(curl.headers) - len(headers)
        note = " (its Authorization was left out: the workbench sends its own token)"
        self.statusBar().showMessage(
            f"Imported {curl.method} {redact_url(curl.url)} into the request"
            f"{note if dropped else ''}.",
            STATUS_MESSAGE_MS,
        )
        return True

    # ----------------------------------------------------------------- profiles

    @Slot()
    def on_profiles_switching(self) -> None:
        """Another profile is shown: the token of the last one goes (and a request for one)."""
        if self.session.token is not None or self.session.token_busy_now:
            self.session.cancel_token()
            self.session.set_token(None)

    @Slot(object)
    def on_profiles_marks_changed(self, marks: ProfileMarks) -> None:
        """Save is enabled, and the title says "(modified)", while something is unsaved."""
        self.saveProfileAction.setEnabled(marks.unsaved)
        demo = " — demo" if self._sandbox_url else ""
        self.setWindowTitle(f"{marks.title} — {WINDOW_TITLE}{demo}")

    @Slot(str)
    def on_profiles_file_warning(self, warning: str) -> None:
        """The profiles file could not be read: a banner says so until the window closes."""
        self.profilesBanner.setText("⚠ " + warning)
        self.profilesBanner.setVisible(True)
        self.statusBar().showMessage(warning, STATUS_MESSAGE_MS * 2)

    @Slot(object)
    def on_profiles_keychain_status_changed(self, status: KeychainStatus) -> None:
        """A banner while secrets cannot reach the keychain."""
        self.keychainBanner.setVisible(not status.available)
        if not status.available:
            self.keychainBanner.setText("⚠ " + status.message)

    @Slot(object)
    def on_profiles_resume_requested(self, resume: object) -> None:
        """The keychain gave the secret a request waited for: make that request now."""
        if resume is _Resume.GET_TOKEN:
            self.on_get_token_action_triggered()
        elif resume is _Resume.RESEND:
            self.on_viewer_resend_requested()
        elif isinstance(resume, _Send):
            self.on_composer_send_requested(resume.request)

    # ----------------------------------------------------------------- settings

    def _settings(self) -> QSettings:
        return app_settings()

    def _restore_settings(self) -> None:
        settings = self._settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geometry))
        state = settings.value("window/state")
        if isinstance(state, QByteArray | bytes):
            self.restoreState(QByteArray(state))
            self._docks_to_size = False
        for splitter in self._splitters():
            sizes = settings.value(f"splitters/{splitter.objectName()}")
            if isinstance(sizes, QByteArray | bytes):
                splitter.restoreState(QByteArray(sizes))

    def _save_settings(self) -> None:
        settings = self._settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        for splitter in self._splitters():
            settings.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())
        if self.profiles.current_id:
            settings.setValue("profiles/current", self.profiles.current_id)
        settings.sync()

    def _splitters(self) -> tuple[QSplitter, ...]:
        return (self.mainSplitter, self.workSplitter, self.leftSplitter, self.rightSplitter)

    # ----------------------------------------------------------------- default hooks

    def _ask_unsaved(self, name: str) -> UnsavedChoice:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self)
        box.setObjectName("unsavedChangesBox")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Unsaved changes")
        box.setText(f"The profile {name!r} has unsaved changes.")
        box.setInformativeText("Save them before going on?")
        buttons = QMessageBox.StandardButton
        box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
        box.setDefaultButton(buttons.Save)
        answer = box.exec()
        box.deleteLater()
        if answer == buttons.Save:
            return UnsavedChoice.SAVE
        if answer == buttons.Discard:
            return UnsavedChoice.DISCARD
        return UnsavedChoice.CANCEL

    def new_profile(self, taken_names: Sequence[str]) -> NewProfile | None:
        """The New profile dialog (presets, X-Domain, discovery); None when cancelled."""
        from workbench.ui.profiles.dialogs import NewProfileDialog

        dialog = NewProfileDialog(
            self.session, taken_names, sandbox_url=self._sandbox_url, parent=self
        )
        try:
            if self.run_dialog(dialog) != QDialog.DialogCode.Accepted:
                return None
            discovery = dialog.discovery
            return NewProfile(
                dialog.profile(), discovery.auth_methods if discovery is not None else None
            )
        finally:
            dialog.deleteLater()

    def profile_name(self, title: str, current: str, taken_names: Sequence[str]) -> str:
        """The profile name dialog; empty when cancelled."""
        from workbench.ui.profiles.dialogs import ProfileNameDialog

        dialog = ProfileNameDialog(title, current, taken_names, parent=self)
        try:
            if self.run_dialog(dialog) != QDialog.DialogCode.Accepted:
                return ""
            return dialog.name()
        finally:
            dialog.deleteLater()

    def _ask_close_without_keychain(self) -> bool:
        from PySide6.QtWidgets import QMessageBox

        buttons = QMessageBox.StandardButton
        answer = QMessageBox.warning(
            self,
            "The keychain does not answer",
            "The keychain has not finished saving (it may be waiting to be unlocked). Quit "
            "anyway? A secret not saved yet will be asked for again next time.",
            buttons.Yes | buttons.No,
            buttons.No,
        )
        return answer == buttons.Yes

    def _ask_delete(self, name: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self,
            "Delete profile",
            f"Delete the profile {name!r} and its secrets in the keychain? This cannot be undone.",
            buttons.Yes | buttons.Cancel,
            buttons.Cancel,
        )
        return answer == buttons.Yes

    def _ask_secret(self, kind: SecretKind, profile_name: str) -> Secret | None:
        from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit

        if kind is SecretKind.PRIVATE_KEY:
            path, _filter = QFileDialog.getOpenFileName(
                self,
                f"Private key for {profile_name}",
                "",
                "PEM files (*.pem *.key);;All files (*)",
            )
            if not path:
                return None
            try:
                return Secret(Path(path).read_text(encoding="utf-8", errors="replace"))
            except OSError as error:
                self.show_error("Could not read the key", f"{path}: {error.strerror}")
                return None
        text, accepted = QInputDialog.getText(
            self,
            "Client secret",
            f"Client secret for {profile_name!r} (kept in memory for this run only):",
            QLineEdit.EchoMode.Password,
        )
        return Secret(text) if accepted and text else None

    def _show_error_box(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, title, text)

    def _choose_file(self, title: str, save: bool) -> str:
        from PySide6.QtWidgets import QFileDialog

        filters = "Profiles (*.json);;All files (*)"
        if save:
            path, _filter = QFileDialog.getSaveFileName(self, title, "profiles.json", filters)
        else:
            path, _filter = QFileDialog.getOpenFileName(self, title, "", filters)
        return path


class _Resume(StrEnum):
    """A request that waits for a secret from the keychain."""

    GET_TOKEN = "get-token"
    RESEND = "resend"


@dataclass(frozen=True)
class _Send:
    """An API call that waits for a secret from the keychain (to recover on the way)."""

    request: ApiRequest


@dataclass(frozen=True)
class _Layout:
    """The parts of the layout presenter mode changes, to put them back."""

    diagram_visible: bool
    diagram_width: int
    work_sizes: list[int]
    form_visible: bool
    timeline_visible: bool
    address_visible: bool


def _expire_all_of(sandbox: SandboxTime) -> Callable[[], None]:
    def expire() -> None:
        sandbox.expire_all()

    return expire


def _dock(title: str, object_name: str, widget: QWidget) -> QDockWidget:
    dock = QDockWidget(title)
    dock.setObjectName(object_name)
    dock.setAccessibleName(title)
    dock.setWidget(widget)
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetClosable
        | QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetFloatable
    )
    return dock


def _exec_dialog(dialog: QDialog) -> int:
    return int(dialog.exec())


def _action(parent: QWidget, text: str, object_name: str, shortcut: str = "") -> QAction:
    action = QAction(text, parent)
    action.setObjectName(object_name)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    return action


def _banner(object_name: str, accessible_name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setAccessibleName(accessible_name)
    label.setWordWrap(True)
    # Colours through the palette, not a style sheet, so that presenter mode enlarges it.
    colours = QPalette()
    colours.setColor(QPalette.ColorRole.Window, QColor(BANNER_BACKGROUND))
    colours.setColor(QPalette.ColorRole.WindowText, QColor(BANNER_TEXT))
    label.setPalette(colours)
    label.setAutoFillBackground(True)
    label.setFrameShape(QFrame.Shape.Box)
    label.setFrameShadow(QFrame.Shadow.Plain)
    label.setMargin(6)
    label.setVisible(False)
    return label


def _splitter(orientation: Qt.Orientation, object_name: str) -> QSplitter:
    splitter = QSplitter(orientation)
    splitter.setObjectName(object_name)
    splitter.setChildrenCollapsible(False)
    return splitter

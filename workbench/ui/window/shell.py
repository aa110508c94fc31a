"""The main window: it lays the panels out and wires their signals to each other's slots."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Slot
from PySide6.QtGui import (
    QCloseEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QWidget

from workbench.core.http import ExchangeKind
from workbench.core.profiles import ProfileStore
from workbench.core.recovery import RecoveryStep, StepReason
from workbench.core.secret_store import KeychainStatus, SecretStore
from workbench.ui.collections.panel import SavedRequestsPanel
from workbench.ui.credentials.form import CredentialForm
from workbench.ui.descriptions import describe_controls
from workbench.ui.profiles.bar import ProfileBar
from workbench.ui.profiles.controller import ProfileController
from workbench.ui.profiles.drafts import ProfileMarks
from workbench.ui.profiles.editor import ProfileEditor
from workbench.ui.profiles.keychain_worker import KeychainWorker
from workbench.ui.profiles.secrets import ProfileSecrets
from workbench.ui.request_composer import RequestComposer
from workbench.ui.response.panel import ResponseViewer
from workbench.ui.sandbox_controls import SandboxControls, SandboxTime
from workbench.ui.session import WorkbenchSession
from workbench.ui.settings import app_settings
from workbench.ui.style import Tone, retone, tone_colour
from workbench.ui.timeline import TimelineView
from workbench.ui.timeline_filter import TimelineFilter, TimelineFilterBar
from workbench.ui.token_panel import TokenPanel
from workbench.ui.widgets import STATUS_MESSAGE_MS, dock, named
from workbench.ui.window.actions import WindowActions
from workbench.ui.window.commands import Needs
from workbench.ui.window.diagram_dock import DiagramDock
from workbench.ui.window.layout import build_panes, build_toolbar, restore_layout, save_layout
from workbench.ui.window.presenting import PresenterLayout
from workbench.ui.window.questions import WindowQuestions
from workbench.ui.window.requests import RequestActions
from workbench.ui.window.saved_requests import SavedRequests
from workbench.ui.window.showing import ExchangeShowing
from workbench.ui.window.status_line import StatusLine, Until
from workbench.ui.window.story import StoryRun

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from workbench.ui.guided_demo import GuidedDemoPanel
    from workbench.ui.theme import ThemeController
    from workbench.ui.window.closing import CloseGuard
    from workbench.ui.window.curl_import import CurlImport
    from workbench.ui.window.demo_sandbox import DemoSandbox
    from workbench.ui.window.exports import ExportActions

WINDOW_TITLE = "OAuth Workbench"
_NEW_LOOK = (
    QEvent.Type.PaletteChange,
    QEvent.Type.ApplicationPaletteChange,
    QEvent.Type.StyleChange,
)


def window_title(what: str) -> str:
    """``Local sandbox (modified) — demo — OAuth Workbench``: the application's name last and
    once (Qt adds it to a title that does not end with it, where the platform shows it)."""
    return f"{what} — {WINDOW_TITLE}" if what else WINDOW_TITLE


class MainWindow(QMainWindow):
    """The workbench window (design §6): credentials and token on the left, request and
    response on the right, the timeline below, the flow diagram (and in the demo the guided
    demo) docked on the right. The session is given; the panels are made here.

    It only lays out and wires: the profiles (``profiles``), the requests (``requests``),
    exports (``exports``), a pasted curl command (``curl_import``), presenter mode
    (``presenting``) and closing (``closing``) each live in an object of their own. Every action
    comes from the command table (``commands.COMMANDS``): ``action(action_id)`` gives it.
    Questions to the user go through ``questions``, whose answers tests may replace.

    With ``sandbox_url`` and ``sandbox`` (the demo) the status bar shows the sandbox's address
    and controls, the Demo menu and the guided demo appear, and the "Local sandbox" profile is
    shown with the demo secret kept for the run. A ``close()`` called by code does not ask
    about unsaved changes; the close button, File > Quit and Ctrl+Q do.
    """

    _built = False
    """True once the panels exist (Qt sends events while they are being made)."""

    def __init__(
        self,
        session: WorkbenchSession,
        *,
        sandbox_url: str = "",
        sandbox: SandboxTime | None = None,
        profile_store: ProfileStore | None = None,
        secret_store: SecretStore | None = None,
        environ: Mapping[str, str] | None = None,
        theme: ThemeController | None = None,
        keychain_in_background: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setAccessibleName(WINDOW_TITLE)
        self.setWindowTitle(window_title("Demo" if sandbox_url else ""))
        self.session = session
        self.theme = theme  # owns the light/dark choice (View > Theme); None: palette as is
        self._sandbox_url = sandbox_url
        self.secret_store = secret_store if secret_store is not None else SecretStore()
        keychain = KeychainWorker(self.secret_store, self) if keychain_in_background else None
        if keychain is not None:
            keychain.start_after_first_paint(self)  # keyring's search talks to D-Bus
        self._keychain = keychain
        self.questions = WindowQuestions(self, session, sandbox_url=sandbox_url)

        self.form = CredentialForm()
        self.token_panel = TokenPanel(clock=session.clock)
        self.composer = RequestComposer(send_keys=False)  # the window binds Send's keys
        self.viewer = ResponseViewer()
        self.timeline = TimelineView()
        self.timeline_filter = TimelineFilterBar()
        self.saved_requests_panel = SavedRequestsPanel()
        self.profile_bar = ProfileBar()
        self.guided_demo: GuidedDemoPanel | None = None
        if sandbox_url:
            from workbench.ui.guided_demo import GuidedDemoPanel

            self.guided_demo = GuidedDemoPanel()

        self.editor = ProfileEditor(self.form, self.composer, self)
        secrets = ProfileSecrets(self.secret_store, worker=keychain, environ=environ, parent=self)
        store = profile_store if profile_store is not None else ProfileStore()
        self.profiles = ProfileController(store, secrets, self.editor, self.questions, self)
        self.requests = RequestActions(session, self.profiles, self.editor, self)
        self.saved_requests = SavedRequests(self, keychain, demo=bool(sandbox_url))
        # Made on first use (the first paint needs none of them): exports, curl_import, closing.
        self._exports: ExportActions | None = None
        self._curl_import: CurlImport | None = None
        self._closing: CloseGuard | None = None
        self.demo_sandbox: DemoSandbox | None = None
        if sandbox is not None:
            from workbench.ui.window.demo_sandbox import DemoSandbox

            self.demo_sandbox = DemoSandbox(sandbox, self, url=sandbox_url)

        self._build(theme)
        self._connect()
        self._built = True
        settings = app_settings()
        self._docks_to_size = not restore_layout(self, self.panes, settings)
        self.profiles.start(
            str(settings.value("profiles/current", "") or ""), sandbox_url=sandbox_url
        )

    def action(self, action_id: str) -> QAction:
        """The window's action for the command ``action_id`` (``commands.COMMANDS``)."""
        return self._actions[action_id]

    @property
    def exports(self) -> ExportActions:
        """Export…, Copy as cURL and Python, the timeline's menu (made on first use)."""
        if self._exports is None:
            from workbench.ui.window.exports import ExportActions

            self._exports = ExportActions(
                self,
                timeline=self.timeline,
                viewer=self.viewer,
                editor=self.editor,
                profiles=self.profiles,
                questions=self.questions,
                presenting=self.action("presenterMode"),
            )
            self._exports.menu_actions = (self.action("copyAsCurl"), self.action("exportHar"))
            self._exports.status_message.connect(self.status_line.on_message)
        return self._exports

    @property
    def curl_import(self) -> CurlImport:
        """A curl command into the form or the composer (made on first use)."""
        if self._curl_import is None:
            from workbench.ui.window.curl_import import CurlImport

            self._curl_import = CurlImport(self.editor, self)
            self._curl_import.status_message.connect(self.status_line.on_message)
            self._curl_import.warned.connect(self.questions.show_notice)
        return self._curl_import

    @property
    def closing(self) -> CloseGuard:
        """Who asked to close, and the wait for keychain saves (made on first use)."""
        if self._closing is None:
            from workbench.ui.window.closing import CloseGuard

            self._closing = CloseGuard(self, self._keychain, self.questions)
            self._closing.status_message.connect(self.status_line.on_message)
        return self._closing

    # ----------------------------------------------------------------- building

    def _build(self, theme: ThemeController | None) -> None:
        """Panes, docks, status bar, actions, toolbar and menus; every control described."""
        self.panes = panes = build_panes(
            self,
            form=self.form,
            token_panel=self.token_panel,
            composer=self.composer,
            viewer=self.viewer,
            timeline=self.timeline,
            timeline_filter=self.timeline_filter,
            saved_requests=self.saved_requests_panel,
        )
        self.credentialScroll = panes.credential_scroll
        self.workSplitter = panes.work
        self.timelineBox = panes.timeline_box
        self.keychainBanner = panes.keychain_banner
        self.profilesBanner = panes.profiles_banner
        self._build_docks()
        self._build_status_bar()
        self.status_line = StatusLine(self.statusBar(), self)
        self.showing = ExchangeShowing(self.session, self.viewer, self.timeline, self)
        self.story = StoryRun(
            self.timeline, self.flowDiagramDock, self.showing, self.guided_demo, self
        )
        has = {Needs.DEMO} if self._sandbox_url else set()
        toggles = {"flowDiagram": self.flowDiagramDock.toggleViewAction()}
        if self.guidedDemoDock is not None:
            has.add(Needs.GUIDED_DEMO)
            toggles["guidedDemo"] = self.guidedDemoDock.toggleViewAction()
        self._actions = WindowActions(self, frozenset(has), toggles)
        self.sandboxStateLabel, bar_actions = build_toolbar(
            self, (self.profile_bar, self.saved_requests.environment_bar), self._actions
        )
        self._paint_sandbox_state()
        menus = self._actions.fill_menu_bar(self.menuBar())
        self.themeActions: dict[str, QAction] = {}
        if theme is not None:
            from workbench.ui.window.theme_menu import ThemeMenu

            view = menus["view"]
            self.themeActions = ThemeMenu(view.addMenu("&Theme"), theme).actions
        self.presenting = PresenterLayout(
            self,
            panes,
            self.flowDiagramDock,
            self.guidedDemoDock,
            hidden=(
                panes.credential_scroll,
                panes.timeline_box,
                self.sandboxAddressLabel,
                panes.saved_requests,
                *bar_actions,
            ),
        )
        describe_controls(self)

    def _build_docks(self) -> None:
        """The flow diagram on the right (shown in the demo); the guided demo above it."""
        self.flowDiagramDock = DiagramDock()
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.flowDiagramDock)
        self.guidedDemoDock: QDockWidget | None = None
        if self.guided_demo is not None:
            self.guidedDemoDock = dock("Guided demo", "guidedDemoDock", self.guided_demo)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.guidedDemoDock)
            self.splitDockWidget(self.guidedDemoDock, self.flowDiagramDock, Qt.Orientation.Vertical)
        self.flowDiagramDock.setVisible(bool(self._sandbox_url))
        if self._sandbox_url:
            _ = self.flowDiagramDock.diagram

    def _build_status_bar(self) -> None:
        """The sandbox's address and controls (the demo's), at the right of the status bar."""
        self.statusBar().setObjectName("statusBar")
        self.sandboxAddressLabel = named(QLabel(), "sandboxAddressLabel", "Sandbox address")
        self.sandboxControls = SandboxControls()
        self.expireNowButton = self.sandboxControls.expireNowButton
        if self._sandbox_url:
            self.sandboxAddressLabel.setText(f"Sandbox: {self._sandbox_url}")
        self.sandboxAddressLabel.setVisible(bool(self._sandbox_url))
        self.sandboxControls.setVisible(bool(self._sandbox_url) and self.demo_sandbox is not None)
        self.sandboxControls.show_time_controls(self.demo_sandbox is not None)
        self.statusBar().addPermanentWidget(self.sandboxAddressLabel)
        self.statusBar().addPermanentWidget(self.sandboxControls)

    def _paint_sandbox_state(self) -> None:
        """'sandbox: on' in the success colour of the current palette (demo only)."""
        if self._sandbox_url:
            colour = tone_colour(Tone.SUCCESS, self.palette()).name()
            self.sandboxStateLabel.setText(f"sandbox: <b style='color:{colour}'>on</b>")

    # ----------------------------------------------------------------- wiring

    def _connect(self) -> None:
        self._connect_session()
        self._connect_profiles()
        self._connect_actions()
        self._connect_teaching()
        say = self.status_line.on_message
        for source in (self.profiles, self.presenting, self.story, self.saved_requests):
            source.status_message.connect(say)
        if self.demo_sandbox is not None:
            self.demo_sandbox.status_message.connect(self.status_line.on_token_message)

    def _connect_session(self) -> None:
        session, panel, composer, viewer = (
            self.session,
            self.token_panel,
            self.composer,
            self.viewer,
        )
        panel.get_token_requested.connect(self.requests.get_token)
        panel.cancel_requested.connect(session.cancel_token)
        panel.manual_lifetime_changed.connect(session.set_token)
        session.token_busy.connect(panel.set_busy)
        session.token_changed.connect(panel.set_token)
        session.token_changed.connect(composer.set_token)
        session.token_changed.connect(self.story.on_session_token_changed)
        session.token_changed.connect(self.status_line.on_session_token_changed)
        session.token_failed.connect(panel.show_problem)
        session.token_failed.connect(self.showing.on_session_token_failed)
        session.token_cancelled.connect(self.showing.on_session_cancelled)
        session.api_cancelled.connect(self.showing.on_session_cancelled)
        session.api_finished.connect(self.showing.on_session_api_finished)
        panel.lapsed.connect(self.story.on_token_panel_lapsed)
        session.token_cancelled.connect(self.on_session_token_cancelled)
        self.saved_requests.send_ready.connect(self.requests.send)  # variables resolved
        composer.cancel_requested.connect(session.cancel_api)
        self.requests.api_busy_changed.connect(composer.set_busy)
        session.api_progress.connect(viewer.show_progress)
        session.api_finished.connect(self.on_session_api_finished)
        session.api_cancelled.connect(self.on_session_api_cancelled)
        session.exchange_recorded.connect(self.timeline.add_exchange)
        session.exchange_recorded.connect(self.flowDiagramDock.add_exchange)
        session.exchange_recorded.connect(self.on_session_exchange_recorded)
        session.exchange_recorded.connect(self.story.on_session_exchange_recorded)
        session.exchange_recorded.connect(self.status_line.on_session_exchange_recorded)
        session.exchange_recorded.connect(self.showing.on_session_exchange_recorded)
        self.requests.waiting_for.connect(self.showing.on_requests_waiting_for)
        session.recovery_step.connect(self.on_session_recovery_step)
        session.recovery_stopped.connect(self.on_session_recovery_stopped)
        viewer.resend_with_new_token_requested.connect(self.requests.resend)
        self.timeline.exchange_selected.connect(self.showing.on_timeline_exchange_selected)
        self.timeline_filter.filter_changed.connect(self.on_timeline_filter_changed)
        self.timeline.filter_applied.connect(self.timeline_filter.show_count)
        self.form.extra_headers_changed.connect(composer.set_extra_headers)
        self.form.config_changed.connect(self.on_form_config_changed)
        self.form.curl_warned.connect(self.questions.show_notice)

    def _connect_profiles(self) -> None:
        profiles, bar, editor = self.profiles, self.profile_bar, self.editor
        bar.profile_chosen.connect(profiles.select)
        bar.new_requested.connect(profiles.new_profile)
        bar.duplicate_requested.connect(profiles.duplicate)
        bar.rename_requested.connect(profiles.rename)
        bar.delete_requested.connect(profiles.delete)
        bar.save_requested.connect(profiles.save)
        editor.changed.connect(profiles.on_draft_changed)
        profiles.profile_loaded.connect(editor.load)
        profiles.secrets_arrived.connect(editor.fill_secrets)
        profiles.requests_arrived.connect(editor.fill_requests)
        profiles.marks_changed.connect(bar.show_marks)
        profiles.marks_changed.connect(self.on_profiles_marks_changed)
        profiles.file_warning.connect(self.on_profiles_file_warning)
        profiles.keychain_status_changed.connect(self.on_profiles_keychain_status_changed)
        profiles.secret_missing.connect(self.token_panel.show_problem)

    def _connect_actions(self) -> None:
        """What each command of the table does."""
        targets: dict[str, Callable[[], Any]] = {
            "getToken": self.requests.get_token,
            "send": self.composer.send,
            "cancel": self.requests.cancel,
            "revealSecrets": self.on_reveal_secrets_triggered,
            "newProfile": self.profiles.new_profile,
            "importProfiles": self.profiles.import_profiles,
            "exportProfiles": self.profiles.export_profiles,
            "exportHar": self.on_export_har_action_triggered,
            "quit": self.on_quit_action_triggered,
            "importCurl": self.on_import_curl_action_triggered,
            "pasteCurl": self.on_paste_curl_action_triggered,
            "copyAsCurl": self.on_copy_as_curl_action_triggered,
            "copyAsPython": self.on_copy_as_python_action_triggered,
            "newRun": self.story.new_run,
            "find": self.viewer.open_find,
            "findNext": self.viewer.find_next,
            "findPrevious": self.viewer.find_previous,
            "filterTimeline": self.timeline_filter.focus_text,
            "keyboardShortcuts": self.on_keyboard_shortcuts_action_triggered,
            "about": self.on_about_action_triggered,
        }
        if self.demo_sandbox is not None:
            targets["expireNow"] = self.demo_sandbox.expire_now
        if self.guided_demo is not None:
            targets["demoNext"] = self.guided_demo.on_next_button_clicked
            targets["demoBack"] = self.guided_demo.on_back_button_clicked
            targets["demoRestart"] = self.story.restart_demo
        for action_id, target in targets.items():
            self.action(action_id).triggered.connect(target)
        self.saved_requests.connect_actions(self.action)
        if "expireNow" in self._actions:
            self.action("expireNow").setEnabled(self.demo_sandbox is not None)
        cancel = self.action("cancel")
        cancel.setEnabled(False)
        self.requests.busy_changed.connect(cancel.setEnabled)
        self.session.token_busy.connect(self.action("getToken").setDisabled)
        presenting = self.action("presenterMode")
        presenting.toggled.connect(self.presenting.set_presenting)

    def _connect_teaching(self) -> None:
        """The diagram, the guided demo, the sandbox controls and the timeline's menu."""
        self.flowDiagramDock.exchange_clicked.connect(self.on_flow_diagram_exchange_clicked)
        if self.demo_sandbox is not None:
            controls, sandbox = self.sandboxControls, self.demo_sandbox
            self.session.exchange_recorded.connect(sandbox.on_session_exchange_recorded)
            sandbox.held_token_expired.connect(self.token_panel.note_server_expired)
            sandbox.held_token_clock_advanced.connect(self.token_panel.note_server_clock_advanced)
            controls.expire_requested.connect(sandbox.expire_now)
            controls.token_lifetime_changed.connect(sandbox.set_token_lifetime)
            controls.advance_requested.connect(sandbox.advance)
        if self.guided_demo is not None:
            self.guided_demo.step_action_requested.connect(
                self.on_guided_demo_step_action_requested
            )
            self.requests.busy_changed.connect(self.guided_demo.set_busy)
        self.timeline.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.timeline.customContextMenuRequested.connect(self.on_timeline_context_menu_requested)

    # ----------------------------------------------------------------- slots

    @Slot()
    def on_reveal_secrets_triggered(self) -> None:
        """Ctrl+Shift+R: show or mask the secrets of the request and the response together
        (neither while presenting)."""
        reveal = not (self.viewer.reveal_check.isChecked() or self.composer.is_revealed())
        if self.viewer.reveal_check.isEnabled():
            self.viewer.reveal_check.setChecked(reveal)
        self.composer.set_revealed(reveal)

    @Slot(object)
    def on_timeline_filter_changed(self, wanted: TimelineFilter) -> None:
        """The timeline shows the exchanges the filter keeps (all of them when it is empty)."""
        self.timeline.set_filter(wanted.matches if wanted.active else None)

    @Slot()
    def on_form_config_changed(self) -> None:
        """Next to Get token, say whether secrets would go over TLS that is not verified (or
        plain http to another computer)."""
        from workbench.core.exposure import exposure_warning

        self.token_panel.set_tls_warning(exposure_warning(self.form.config()))

    @Slot()
    def on_session_token_cancelled(self) -> None:
        """The user gave up on a token request."""
        self.status_line.say("Token request cancelled", until=Until.NEW_TOKEN)

    @Slot(object, object)
    def on_session_api_finished(self, exchange: Any, problem: Any) -> None:
        """The answer may say the token lapsed; with no exchange at all, say what went wrong."""
        if exchange is not None:
            self.token_panel.note_api_answer(exchange, problem)
        elif problem is not None:
            self.status_line.on_call_message(problem.title, STATUS_MESSAGE_MS)

    @Slot()
    def on_session_api_cancelled(self) -> None:
        """The user cancelled a send."""
        self.status_line.on_call_message("Request cancelled", STATUS_MESSAGE_MS)

    @Slot(object, object)
    def on_session_exchange_recorded(self, exchange: Any, problem: Any) -> None:
        """An API answer may say the token lapsed."""
        if exchange.kind is not ExchangeKind.TOKEN:
            self.token_panel.note_api_answer(exchange, problem)

    @Slot(object)
    def on_session_recovery_step(self, step: Any) -> None:
        """Say why an extra exchange of a recovery happened."""
        if isinstance(step, RecoveryStep) and step.reason is not StepReason.REQUEST:
            self.status_line.say(step.caption)

    @Slot(str)
    def on_session_recovery_stopped(self, reason: str) -> None:
        """Recovery gave up (or could not help): say why."""
        self.status_line.on_call_message(reason, STATUS_MESSAGE_MS * 2)

    @Slot(object)
    def on_profiles_marks_changed(self, marks: ProfileMarks) -> None:
        """The title says "(modified)" while the profile has unsaved changes."""
        demo = " — demo" if self._sandbox_url else ""
        self.setWindowTitle(window_title(f"{marks.title}{demo}"))

    @Slot(str)
    def on_profiles_file_warning(self, warning: str) -> None:
        """The profiles file could not be read: a banner says so until the window closes."""
        self.profilesBanner.setText("⚠ " + warning)
        self.profilesBanner.setVisible(True)
        self.status_line.say(warning, STATUS_MESSAGE_MS * 2)

    @Slot(object)
    def on_profiles_keychain_status_changed(self, status: KeychainStatus) -> None:
        """A banner while secrets cannot reach the keychain."""
        self.keychainBanner.setVisible(not status.available)
        if not status.available:
            self.keychainBanner.setText("⚠ " + status.message)

    @Slot(object, object)
    def on_flow_diagram_exchange_clicked(self, exchange: Any, problem: Any) -> None:
        """An arrow was clicked: select its exchange in the timeline and open it."""
        self.showing.show(exchange, problem)

    @Slot(str)
    def on_guided_demo_step_action_requested(self, action: str) -> None:
        """A guided-demo step drives the real action, exactly as its button would."""
        from workbench.ui.guided_demo import (
            ACTION_CALL_API,
            ACTION_EXPIRE_NOW,
            ACTION_GET_TOKEN,
            ACTION_RECOVER,
        )

        steps: dict[str, Callable[[], None]] = {
            ACTION_GET_TOKEN: self.requests.get_token,
            ACTION_CALL_API: self.composer.send,
            ACTION_RECOVER: self.requests.resend,
        }
        if self.demo_sandbox is not None:
            steps[ACTION_EXPIRE_NOW] = self.demo_sandbox.expire_now
        step = steps.get(action)
        if step is not None:
            step()

    @Slot()
    def on_export_har_action_triggered(self) -> None:
        """File > Export… (Ctrl+E)."""
        self.exports.export()

    @Slot()
    def on_copy_as_curl_action_triggered(self) -> None:
        """Edit > Copy as cURL (Ctrl+Shift+C)."""
        self.exports.copy_as_curl()

    @Slot()
    def on_copy_as_python_action_triggered(self) -> None:
        """Edit > Copy as Python."""
        self.exports.copy_as_python()

    @Slot(QPoint)
    def on_timeline_context_menu_requested(self, position: QPoint) -> None:
        """Right-click on an exchange: Copy as cURL, or Export…."""
        self.exports.on_timeline_context_menu_requested(position)

    @Slot()
    def on_paste_curl_action_triggered(self) -> None:
        """Edit > Import cURL from clipboard (Ctrl+Shift+V)."""
        self.curl_import.paste()

    @Slot()
    def on_quit_action_triggered(self) -> None:
        """File > Quit (Ctrl+Q): closing as the close button does."""
        self.closing.quit()

    @Slot()
    def on_import_curl_action_triggered(self) -> None:
        """Edit > Import cURL… (Ctrl+I): the dialog that fills the form from a curl command."""
        from workbench.ui.credentials.curl_dialog import CurlImportDialog

        dialog = CurlImportDialog(self.form, self)
        try:
            self.questions.run_dialog(dialog)
        finally:
            dialog.deleteLater()

    @Slot()
    def on_keyboard_shortcuts_action_triggered(self) -> None:
        """Help > Keyboard shortcuts: every command and its keys, in a window of its own."""
        from workbench.ui.window.shortcuts_dialog import KeyboardShortcutsDialog

        dialog = self.findChild(KeyboardShortcutsDialog)
        if dialog is None:
            dialog = KeyboardShortcutsDialog(parent=self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            # The list stays open beside the work: the keys it lists work in it too (but Esc,
            # which closes it, as in every dialog).
            cancel = self.action("cancel")
            dialog.addActions([a for a in self._actions.window_wide() if a is not cancel])
        self.questions.show_dialog(dialog)

    @Slot()
    def on_about_action_triggered(self) -> None:
        """Help > About: version and licences (loaded only now: start-up stays light)."""
        from workbench.ui.about import AboutDialog

        self.questions.run_dialog(AboutDialog(parent=self))

    # ----------------------------------------------------------------- events

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        """Ctrl+V that no child took (a text field pastes it itself) imports a curl command
        from the clipboard; anything else on the clipboard is left alone.

        Keys a focused widget ignores travel up to its window, so this sees Ctrl+V on
        buttons, tables and read-only views without filtering every event of the program.
        """
        if event.matches(QKeySequence.StandardKey.Paste):
            from workbench.ui.window.curl_import import looks_like_curl

            text = QGuiApplication.clipboard().text()
            if looks_like_curl(text):
                self.curl_import.import_text(text)
                event.accept()
                return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        """A new theme (the application's palette or style, whoever changed it): recolour what
        holds a colour in its text; while presenting, high contrast in the new scheme, fitted
        again to the new metrics."""
        kind = event.type()
        if not self._built:
            super().changeEvent(event)
            return
        if kind in _NEW_LOOK:
            if self.presenting.presenting:
                from workbench.ui.presenter import presenter_state

                presenter_state(self).follow_scheme()
                QTimer.singleShot(0, self.presenting.fit)
            self._paint_sandbox_state()
            retone(self, self.palette())  # every coloured text, dialogs included
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        """While presenting, fit the parts to the new size (a projector, full screen); after
        it, the normal layout comes back at the normal size."""
        super().resizeEvent(event)
        if self._built:
            self.presenting.on_window_resized()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        """The first time, give the docks their starting sizes (unless a layout was restored)."""
        super().showEvent(event)
        if self._docks_to_size:
            self._docks_to_size = False
            QTimer.singleShot(0, self.presenting.size_docks)  # once the window has its size

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        """Ask about unsaved changes (when the user closes), wait for keychain saves, save the
        layout, stop the session."""
        asked_by_user = self.closing.asked_by_user(event)
        if asked_by_user and not (
            self.profiles.settle_unsaved(quitting=True) and self.saved_requests.settle_unsaved()
        ):
            event.ignore()
            return
        if asked_by_user and self.closing.keychain_still_saving():
            event.ignore()  # closed again once the keychain is done (or the user gives up)
            return
        normal = self.presenting.normal_layout()  # never the presenter layout
        self.action("presenterMode").setChecked(False)
        self.presenting.leave_look()
        settings = app_settings()
        save_layout(self, self.panes, settings, normal)
        if self.profiles.current_id:
            settings.setValue("profiles/current", self.profiles.current_id)
        settings.sync()
        self.closing.close_keychain()
        self.session.shutdown()
        self.token_panel.set_token(None)
        super().closeEvent(event)

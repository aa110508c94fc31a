"""The main window: credentials and token on the left, request and response on the right."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
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

from workbench.core.calls import ApiRequest
from workbench.core.config import ClientAuth, ClientConfig
from workbench.core.http import ExchangeKind
from workbench.core.presets import GETRESPONSE, sandbox_profile
from workbench.core.problems import Problem, ProblemKind
from workbench.core.profiles import (
    APP_NAME,
    Profile,
    ProfileFormatError,
    ProfileStore,
    ProfileStoreError,
    SecretKind,
    SecretRef,
    SecretSource,
    profiles_from_json,
    profiles_to_json,
    unique_name,
)
from workbench.core.secret import Secret
from workbench.core.secret_store import SecretStore, lookup_secret
from workbench.ui.credential_form import CredentialForm
from workbench.ui.profile_bar import ProfileBar
from workbench.ui.request_composer import RequestComposer
from workbench.ui.response_viewer import ResponseViewer
from workbench.ui.session import WorkbenchSession
from workbench.ui.style import Tone, tone_colour
from workbench.ui.timeline import TimelineView
from workbench.ui.token_panel import TokenPanel

WINDOW_TITLE = "OAuth Workbench"
STATUS_MESSAGE_MS = 8000
SANDBOX_PROFILE_NAME = "Local sandbox"
DEMO_CLIENT_SECRET = "demo-secret"
"""The sandbox's public demo secret: remembered for the run, never written to the keychain."""
SECRET_KINDS = (SecretKind.CLIENT_SECRET, SecretKind.PRIVATE_KEY)
NEEDS_CLIENT_SECRET = (
    ClientAuth.BASIC,
    ClientAuth.BASIC_RAW,
    ClientAuth.POST,
    ClientAuth.SECRET_JWT,
)
BANNER_STYLE = "background: #fff3cd; color: #5c4400; border: 1px solid #e0c36b; padding: 6px;"


class UnsavedChoice(StrEnum):
    """The answer to "save the changes to this profile?"."""

    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


@dataclass(frozen=True)
class EditedProfile:
    """What the window shows for a profile: the profile and the secrets typed in the form."""

    profile: Profile
    client_secret: Secret
    private_key: Secret


def settings_path() -> Path:
    """The window's QSettings file (geometry, layout, last profile), under the config dir.

    An explicit path, computed on each call: Qt caches its default settings location once per
    process, which would ignore a changed ``XDG_CONFIG_HOME``.
    """
    import platformdirs

    return platformdirs.user_config_path(APP_NAME, appauthor=False) / f"{APP_NAME}.conf"


class MainWindow(QMainWindow):
    """The workbench window (design §6); widgets are built here, the session is given.

    ``sandbox_url`` and ``on_expire_now`` are set in the demo: the status bar then shows the
    sandbox address and an "Expire now" button that lapses every sandbox token, and the
    "Local sandbox" profile is selected with the demo secret remembered for the run.

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
        profile_store: ProfileStore | None = None,
        secret_store: SecretStore | None = None,
        environ: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setAccessibleName(WINDOW_TITLE)
        self.setWindowTitle(f"{WINDOW_TITLE} — demo" if sandbox_url else WINDOW_TITLE)
        self.session = session
        self._on_expire_now = on_expire_now
        self._sandbox_url = sandbox_url
        self.profile_store = profile_store if profile_store is not None else ProfileStore()
        self.secret_store = secret_store if secret_store is not None else SecretStore()
        self._environ: Mapping[str, str] = environ if environ is not None else os.environ
        self._profiles: list[Profile] = []
        self._current = -1
        self._baseline: EditedProfile | None = None
        self._loading = False
        self._disk_stale = False
        self._protect_unreadable = False
        self._quit_requested = False
        self._advertised: dict[str, tuple[ClientAuth, ...]] = {}
        self.confirm_unsaved: Callable[[str], UnsavedChoice] = self._ask_unsaved
        self.confirm_delete: Callable[[str], bool] = self._ask_delete
        self.ask_secret: Callable[[SecretKind, str], Secret | None] = self._ask_secret
        self.run_dialog: Callable[[QDialog], int] = _exec_dialog
        self.show_error: Callable[[str, str], None] = self._show_error_box
        self.choose_file: Callable[[str, bool], str] = self._choose_file

        self.form = CredentialForm()
        self.token_panel = TokenPanel(clock=session.clock)
        self.composer = RequestComposer()
        self.viewer = ResponseViewer()
        self.timeline = TimelineView()
        self.profile_bar = ProfileBar()
        self._build_layout()
        self._build_toolbar()
        self._build_menus()
        self._build_status_bar()
        self._build_shortcuts()
        self._connect()
        self.resize(1440, 920)
        self._restore_settings()
        self._start_profiles()
        self.composer.set_extra_headers(self.form.config().extra_headers)

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
        if self._sandbox_url:
            colour = tone_colour(Tone.SUCCESS, self.palette()).name()
            self.sandboxStateLabel.setText(f"sandbox: <b style='color:{colour}'>on</b>")
        toolbar.addWidget(self.sandboxStateLabel)
        self.addToolBar(toolbar)

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu("&File")
        menu.setObjectName("fileMenu")
        self.newProfileAction = _action(self, "New profile…", "newProfileAction", "Ctrl+N")
        self.newProfileAction.triggered.connect(self.on_profile_bar_new_requested)
        self.saveProfileAction = _action(self, "Save profile", "saveProfileAction", "Ctrl+S")
        self.saveProfileAction.triggered.connect(self.on_profile_bar_save_requested)
        self.importProfilesAction = _action(self, "Import profiles…", "importProfilesAction")
        self.importProfilesAction.triggered.connect(self.on_import_profiles_action_triggered)
        self.exportProfilesAction = _action(self, "Export profiles…", "exportProfilesAction")
        self.exportProfilesAction.triggered.connect(self.on_export_profiles_action_triggered)
        self.quitAction = _action(self, "Quit", "quitAction", "Ctrl+Q")
        self.quitAction.triggered.connect(self.on_quit_action_triggered)
        menu.addAction(self.newProfileAction)
        menu.addAction(self.saveProfileAction)
        menu.addSeparator()
        menu.addAction(self.importProfilesAction)
        menu.addAction(self.exportProfilesAction)
        menu.addSeparator()
        menu.addAction(self.quitAction)

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
        bar = self.profile_bar
        bar.profile_chosen.connect(self.on_profile_bar_profile_chosen)
        bar.new_requested.connect(self.on_profile_bar_new_requested)
        bar.duplicate_requested.connect(self.on_profile_bar_duplicate_requested)
        bar.rename_requested.connect(self.on_profile_bar_rename_requested)
        bar.delete_requested.connect(self.on_profile_bar_delete_requested)
        bar.save_requested.connect(self.on_profile_bar_save_requested)
        composer = self.composer
        composer.method_combo.currentIndexChanged.connect(self.on_editor_changed)
        composer.url_edit.textChanged.connect(self.on_editor_changed)
        composer.body_edit.textChanged.connect(self.on_editor_changed)
        for table in (composer.headers_table, composer.params_table):
            table.itemChanged.connect(self.on_editor_changed)
            table.model().rowsRemoved.connect(self.on_editor_changed)

    # ----------------------------------------------------------------- slots

    @Slot()
    def on_get_token_action_triggered(self) -> None:
        """Ctrl+T, the toolbar or the panel's button: ask for a token with the form's settings.

        Secrets kept elsewhere are found now: an environment variable is read, an "ask every
        time" secret is asked for (once per run).
        """
        config = self.token_config()
        if config is not None:
            self.session.get_token(config)

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
        config = self.token_config()
        if config is not None:
            self.session.get_token_and_resend(config)

    @Slot(object, object)
    def on_timeline_exchange_selected(self, exchange: Any, problem: Any) -> None:
        """Open a past exchange in the viewer."""
        self.viewer.show_exchange(exchange, problem)

    @Slot()
    def on_form_config_changed(self) -> None:
        """Extra headers (such as X-Domain) go on API calls too; the composer shows them."""
        self.composer.set_extra_headers(self.form.extraHeadersTable.pairs())
        self.on_editor_changed()

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
        """Ask about unsaved changes (when the user closes), save the layout, stop the session."""
        asked_by_user = event.spontaneous() or self._quit_requested
        self._quit_requested = False
        if asked_by_user and not self._settle_unsaved(quitting=True):
            event.ignore()
            return
        self._save_settings()
        self.session.shutdown()
        self.token_panel.set_token(None)
        super().closeEvent(event)

    @Slot()
    def on_quit_action_triggered(self) -> None:
        """File > Quit (Ctrl+Q): close as the close button does, asking about unsaved changes."""
        self._quit_requested = True
        self.close()

    # ----------------------------------------------------------------- profiles: state

    @property
    def profiles(self) -> tuple[Profile, ...]:
        """The profiles as last saved (or imported, created, renamed) in this window."""
        return tuple(self._profiles)

    def current_profile(self) -> Profile:
        """The selected profile as saved (without the form's unsaved edits)."""
        return self._profiles[self._current]

    def edited_profile(self) -> EditedProfile:
        """The selected profile as the form and the composer show it now."""
        base = self._profiles[self._current]
        config = self.form.config()
        request = self.composer.current_request()
        profile = replace(
            base.with_config(config),
            secrets=self.form.secret_refs(),
            request_method=request.method,
            request_url=request.url,
            request_headers=request.headers,
            request_body=request.body.decode("utf-8", "replace"),
        )
        return EditedProfile(profile, config.client_secret, config.private_key_pem)

    def is_modified(self) -> bool:
        """True when the form or the composer differ from the selected profile as saved."""
        if self._loading or self._baseline is None or not 0 <= self._current < len(self._profiles):
            return False
        return self.edited_profile() != self._baseline

    def has_unsaved_work(self) -> bool:
        """Unsaved edits, or profiles that could not be written to disk."""
        return self.is_modified() or self._disk_stale

    def select_profile(self, index: int) -> bool:
        """Switch to the profile at ``index``, asking about unsaved changes; False if cancelled."""
        if index == self._current or not 0 <= index < len(self._profiles):
            return index == self._current
        if not self._settle_unsaved():
            self.profile_bar.set_current(self._current)
            return False
        self._show_profile(index)
        return True

    def save_current_profile(self) -> bool:
        """Save the selected profile: secrets where their source says, the rest to the file."""
        if not self._profiles:
            return False
        edited = self.edited_profile()
        profile = edited.profile
        store = self.secret_store
        for kind, value in (
            (SecretKind.CLIENT_SECRET, edited.client_secret),
            (SecretKind.PRIVATE_KEY, edited.private_key),
        ):
            source = profile.secret_ref(kind).source
            if source is SecretSource.KEYCHAIN:
                store.put(profile.profile_id, kind, value)
            else:
                store.delete(profile.profile_id, kind)
                if source is SecretSource.ASK and value:
                    store.remember_for_run(profile.profile_id, kind, value)
        self._profiles[self._current] = profile
        self._baseline = edited
        written = self._write_profiles()
        if written:
            self.statusBar().showMessage(f"Saved profile {profile.name!r}", STATUS_MESSAGE_MS)
        self._refresh_profile_marks()
        self._refresh_keychain_banner()
        return written

    def token_config(self) -> ClientConfig | None:
        """The form's configuration with its secrets found; None when one is missing."""
        config = self.form.config()
        profile = self.edited_profile().profile if self._profiles else Profile(name="")
        client_secret = config.client_secret
        private_key = config.private_key_pem
        if config.auth in NEEDS_CLIENT_SECRET:
            found = self._find_secret(profile, SecretKind.CLIENT_SECRET, client_secret)
            if found is None:
                return None
            client_secret = found
        if config.auth is ClientAuth.PRIVATE_KEY_JWT:
            found = self._find_secret(profile, SecretKind.PRIVATE_KEY, private_key)
            if found is None:
                return None
            private_key = found
        return replace(config, client_secret=client_secret, private_key_pem=private_key)

    # ----------------------------------------------------------------- profiles: slots

    @Slot()
    def on_editor_changed(self) -> None:
        """Any edit in the form or the composer: update the unsaved-changes marks."""
        if not self._loading:
            self._refresh_profile_marks()

    @Slot(int)
    def on_profile_bar_profile_chosen(self, index: int) -> None:
        """The selector: switch profile (asking first when there are unsaved changes)."""
        self.select_profile(index)

    @Slot()
    def on_profile_bar_save_requested(self) -> None:
        """Save (the bar's button, Ctrl+S)."""
        self.save_current_profile()

    @Slot()
    def on_profile_bar_new_requested(self) -> None:
        """New profile from a preset (a dialog); selected once made."""
        from workbench.ui.profile_dialogs import NewProfileDialog

        if not self._settle_unsaved():
            return
        dialog = NewProfileDialog(
            self.session, self._names(), sandbox_url=self._sandbox_url, parent=self
        )
        try:
            if self.run_dialog(dialog) != QDialog.DialogCode.Accepted:
                return
            profile = dialog.profile()
            discovery = dialog.discovery
        finally:
            dialog.deleteLater()
        if discovery is not None:
            self._advertised[profile.profile_id] = discovery.auth_methods
        self._add_profile(profile)

    @Slot()
    def on_profile_bar_duplicate_requested(self) -> None:
        """A copy of the selected profile (as saved), with copies of its secrets."""
        if not self._profiles or not self._settle_unsaved():
            return
        source = self.current_profile()
        copy = replace(
            source,
            name=unique_name(f"{source.name} (copy)", self._names()),
            profile_id=uuid.uuid4().hex,
        )
        for kind in SECRET_KINDS:
            secret = self.secret_store.get(source.profile_id, kind)
            if secret is None:
                continue
            if source.secret_ref(kind).source is SecretSource.KEYCHAIN:
                self.secret_store.put(copy.profile_id, kind, secret)
            else:
                self.secret_store.remember_for_run(copy.profile_id, kind, secret)
        if source.profile_id in self._advertised:
            self._advertised[copy.profile_id] = self._advertised[source.profile_id]
        self._add_profile(copy)

    @Slot()
    def on_profile_bar_rename_requested(self) -> None:
        """Rename the selected profile; its keychain entries stay (they follow its id)."""
        from workbench.ui.profile_dialogs import ProfileNameDialog

        if not self._profiles:
            return
        current = self.current_profile()
        dialog = ProfileNameDialog("Rename profile", current.name, self._names(), parent=self)
        try:
            if self.run_dialog(dialog) != QDialog.DialogCode.Accepted:
                return
            name = dialog.name()
        finally:
            dialog.deleteLater()
        if not name or name == current.name:
            return
        self._profiles[self._current] = replace(current, name=name)
        if self._baseline is not None:
            renamed = replace(self._baseline.profile, name=name)
            self._baseline = replace(self._baseline, profile=renamed)
        self._write_profiles()
        self._refresh_profile_marks(names_changed=True)

    @Slot()
    def on_profile_bar_delete_requested(self) -> None:
        """Delete the selected profile and its keychain entries, after asking."""
        if not self._profiles:
            return
        doomed = self.current_profile()
        if not self.confirm_delete(doomed.name):
            return
        self.secret_store.delete_profile(doomed.profile_id)
        self._advertised.pop(doomed.profile_id, None)
        next_index = self._current
        del self._profiles[self._current]
        self._current = -1
        self._baseline = None
        if not self._profiles:
            self._profiles.append(GETRESPONSE.new_profile())
        self._write_profiles()
        self._show_profile(max(0, min(next_index, len(self._profiles) - 1)))
        self.statusBar().showMessage(
            f"Deleted profile {doomed.name!r} and its keychain entries", STATUS_MESSAGE_MS
        )
        self._refresh_keychain_banner()

    @Slot()
    def on_import_profiles_action_triggered(self) -> None:
        """Add the profiles of a JSON file (names made unique; no secrets are in such files)."""
        path = self.choose_file("Import profiles", False)
        if not path:
            return
        try:
            text = Path(path).read_text(encoding="utf-8")
            imported = profiles_from_json(text)
        except (OSError, UnicodeDecodeError) as error:
            self.show_error("Could not import profiles", f"{path} could not be read: {error}")
            return
        except ProfileFormatError as error:
            self.show_error("Could not import profiles", f"The file {path} {error}.")
            return
        names = self._names()
        ids = {profile.profile_id for profile in self._profiles}
        for profile in imported:
            fresh = replace(
                profile,
                name=unique_name(profile.name, names),
                profile_id=uuid.uuid4().hex if profile.profile_id in ids else profile.profile_id,
            )
            names.append(fresh.name)
            ids.add(fresh.profile_id)
            self._profiles.append(fresh)
        self._write_profiles()
        self._refresh_profile_marks(names_changed=True)
        count = len(imported)
        self.statusBar().showMessage(
            f"Imported {count} profile{'s' if count != 1 else ''} from {Path(path).name}; "
            "their secrets are not in the file: add them and save.",
            STATUS_MESSAGE_MS,
        )

    @Slot()
    def on_export_profiles_action_triggered(self) -> None:
        """Write the saved profiles to a JSON file, without any secret."""
        path = self.choose_file("Export profiles", True)
        if not path:
            return
        try:
            Path(path).write_text(profiles_to_json(self._profiles), encoding="utf-8")
        except OSError as error:
            self.show_error(
                "Could not export profiles", f"{path} could not be written: {error.strerror}"
            )
            return
        self.statusBar().showMessage(
            f"Exported {len(self._profiles)} profiles to {Path(path).name} (no secrets)",
            STATUS_MESSAGE_MS,
        )

    # ----------------------------------------------------------------- profiles: internals

    def _start_profiles(self) -> None:
        """Load the profiles (telling the user about an unreadable file); pick one to show."""
        loaded = self.profile_store.load()
        self._profiles = list(loaded.profiles)
        if loaded.warning:
            self._protect_unreadable = loaded.backup_path is None
            self.profilesBanner.setText("⚠ " + loaded.warning)
            self.profilesBanner.setVisible(True)
            self.statusBar().showMessage(loaded.warning, STATUS_MESSAGE_MS * 2)
        wanted_id = str(self._settings().value("profiles/current", "") or "")
        index = next(
            (i for i, profile in enumerate(self._profiles) if profile.profile_id == wanted_id), 0
        )
        if self._sandbox_url:
            index = self._add_demo_profile()
        elif not self._profiles:
            self._profiles.append(GETRESPONSE.new_profile())
            self._write_profiles(quiet=True)
        self._show_profile(index)
        self._refresh_keychain_banner()

    def _add_demo_profile(self) -> int:
        """Select (or add) "Local sandbox" pointing at the running sandbox, demo secret for the run.

        The demo secret is public; it is remembered in memory only ("ask every time" source),
        so the demo never writes to the keychain.
        """
        fresh = sandbox_profile(self._sandbox_url, SANDBOX_PROFILE_NAME)
        index = next(
            (
                i
                for i, profile in enumerate(self._profiles)
                if profile.name == SANDBOX_PROFILE_NAME and profile.preset == fresh.preset
            ),
            -1,
        )
        if index >= 0:
            fresh = replace(fresh, profile_id=self._profiles[index].profile_id)
            self._profiles[index] = replace(
                fresh, secrets={SecretKind.CLIENT_SECRET: SecretRef(SecretSource.ASK)}
            )
        else:
            self._profiles.append(
                replace(fresh, secrets={SecretKind.CLIENT_SECRET: SecretRef(SecretSource.ASK)})
            )
            index = len(self._profiles) - 1
        self.secret_store.remember_for_run(
            fresh.profile_id, SecretKind.CLIENT_SECRET, Secret(DEMO_CLIENT_SECRET)
        )
        self._write_profiles(quiet=True)
        return index

    def _show_profile(self, index: int) -> None:
        """Fill the form and the composer from the profile at ``index`` and its secrets."""
        profile = self._profiles[index]
        if self.session.token is not None or self.session.token_busy_now:
            self.session.cancel_token()
            self.session.set_token(None)
        self._loading = True
        try:
            secret = self._stored_secret(profile, SecretKind.CLIENT_SECRET)
            key = self._stored_secret(profile, SecretKind.PRIVATE_KEY)
            self.form.set_secret_refs(profile.secrets)
            self.form.set_config(profile.to_config(secret, Secret()))
            source = profile.secret_ref(SecretKind.PRIVATE_KEY).source
            where = (
                "(key in the keychain)" if source is SecretSource.KEYCHAIN else "(key for this run)"
            )
            self.form.set_private_key(key, where)
            advertised = self._advertised.get(profile.profile_id)
            note = (
                "Only the methods the server advertised are offered."
                if advertised is not None
                else ""
            )
            self.form.limit_auth_methods(advertised, note)
            self.composer.set_request(
                ApiRequest(
                    profile.request_method or "GET",
                    profile.request_url,
                    profile.request_headers,
                    profile.request_body.encode("utf-8"),
                )
            )
            self.composer.set_extra_headers(self.form.config().extra_headers)
        finally:
            self._loading = False
        self._current = index
        self._baseline = self.edited_profile()
        self._refresh_profile_marks(names_changed=True)
        self._refresh_keychain_banner()

    def _stored_secret(self, profile: Profile, kind: SecretKind) -> Secret:
        """The secret to show in the form: from the keychain (or this run's memory)."""
        if profile.secret_ref(kind).source is SecretSource.ENVIRONMENT:
            return Secret()
        found = self.secret_store.get(profile.profile_id, kind)
        return found if found is not None else Secret()

    def _find_secret(self, profile: Profile, kind: SecretKind, typed: Secret) -> Secret | None:
        """A secret for a token request from the profile's source; None (and why) if none."""
        source = profile.secret_ref(kind).source
        if source is SecretSource.KEYCHAIN:
            return typed
        if source is SecretSource.ASK:
            if typed:
                return typed
            remembered = self.secret_store.get(profile.profile_id, kind)
            if remembered is not None:
                return remembered
            asked = self.ask_secret(kind, profile.name)
            if not asked:
                self.statusBar().showMessage(
                    "No token requested: no secret was given", STATUS_MESSAGE_MS
                )
                return None
            self.secret_store.remember_for_run(profile.profile_id, kind, asked)
            return asked
        lookup = lookup_secret(profile, kind, self.secret_store, self._environ)
        if lookup.secret is not None:
            return lookup.secret
        label = kind.value.replace("-", " ")
        self.token_panel.show_problem(
            Problem(
                kind=ProblemKind.BAD_CLIENT_CREDENTIALS,
                title=lookup.message,
                explanation=f"The profile reads its {label} from the environment.",
                likely_cause="The workbench was started without that variable.",
                suggested_action="Set the variable and restart, or choose another source.",
                source="workbench",
                wording_is_ours=True,
            )
        )
        self.statusBar().showMessage(f"No token requested: {lookup.message}", STATUS_MESSAGE_MS)
        return None

    def _add_profile(self, profile: Profile) -> None:
        self._profiles.append(profile)
        self._write_profiles()
        self._show_profile(len(self._profiles) - 1)

    def _names(self) -> list[str]:
        return [profile.name for profile in self._profiles]

    def _settle_unsaved(self, *, quitting: bool = False) -> bool:
        """Ask Save / Discard / Cancel when something is unsaved; True when it is fine to go on."""
        unsaved = self.has_unsaved_work() if quitting else self.is_modified()
        if not unsaved:
            return True
        choice = self.confirm_unsaved(self.current_profile().name)
        if choice is UnsavedChoice.CANCEL:
            return False
        if choice is UnsavedChoice.DISCARD:
            return True
        if self.is_modified():
            return self.save_current_profile()
        return self._write_profiles()

    def _write_profiles(self, *, quiet: bool = False) -> bool:
        """Write every profile to the file; on failure say so and keep everything in memory."""
        path = self.profile_store.path
        if self._protect_unreadable and path.exists():
            self._disk_stale = True
            if not quiet:
                self.show_error(
                    "Profiles not saved",
                    f"The profiles file {path} could not be read and could not be set aside, "
                    "so the workbench will not overwrite it. Move it elsewhere, then save "
                    "again. Your changes are kept in this window.",
                )
            self._refresh_profile_marks()
            return False
        try:
            self.profile_store.save(self._profiles)
        except ProfileStoreError as error:
            self._disk_stale = True
            message = (
                f"{error} Your changes are kept in this window; fix the problem and save again."
            )
            self.statusBar().showMessage("Profiles not saved: " + str(error), STATUS_MESSAGE_MS)
            if not quiet:
                self.show_error("Profiles not saved", message)
            self._refresh_profile_marks()
            return False
        self._protect_unreadable = False
        self._disk_stale = False
        self._refresh_profile_marks()
        return True

    def _refresh_profile_marks(self, *, names_changed: bool = False) -> None:
        """The selector's names and mark, the Save button and the title follow the state."""
        if not 0 <= self._current < len(self._profiles):
            return
        modified = self.is_modified()
        bar = self.profile_bar
        if names_changed or bar.current_index() != self._current:
            bar.set_profiles(self._names(), self._current)
        bar.set_modified(modified or self._disk_stale)
        self.saveProfileAction.setEnabled(modified or self._disk_stale)
        name = self._profiles[self._current].name
        state = " (modified)" if modified else (" (not saved to disk)" if self._disk_stale else "")
        demo = " — demo" if self._sandbox_url else ""
        self.setWindowTitle(f"{name}{state} — {WINDOW_TITLE}{demo}")

    def _refresh_keychain_banner(self) -> None:
        status = self.secret_store.status
        self.keychainBanner.setVisible(not status.available)
        if not status.available:
            self.keychainBanner.setText("⚠ " + status.message)

    # ----------------------------------------------------------------- settings

    def _settings(self) -> QSettings:
        return QSettings(str(settings_path()), QSettings.Format.IniFormat)

    def _restore_settings(self) -> None:
        settings = self._settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geometry))
        state = settings.value("window/state")
        if isinstance(state, QByteArray | bytes):
            self.restoreState(QByteArray(state))
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
        if 0 <= self._current < len(self._profiles):
            settings.setValue("profiles/current", self._profiles[self._current].profile_id)
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
    label.setStyleSheet(BANNER_STYLE)
    label.setVisible(False)
    return label


def _splitter(orientation: Qt.Orientation, object_name: str) -> QSplitter:
    splitter = QSplitter(orientation)
    splitter.setObjectName(object_name)
    splitter.setChildrenCollapsible(False)
    return splitter

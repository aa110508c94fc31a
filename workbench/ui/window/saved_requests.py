"""The saved requests in the window: the tree beside the composer, the environment selector,
variables resolved on every send, import and export, all wired to the window's actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot

from workbench.core.calls import ApiRequest
from workbench.ui.collections.environment_bar import EnvironmentBar
from workbench.ui.settings import app_settings

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDialog

    from workbench.core.profiles import Profile
    from workbench.core.secret import Secret
    from workbench.ui.collections.controller import CollectionController
    from workbench.ui.collections.editing import CollectionEditing
    from workbench.ui.collections.importing import ImportExport
    from workbench.ui.collections.questions import CollectionQuestions
    from workbench.ui.collections.variable_secrets import VariableSecrets
    from workbench.ui.collections.variables import VariablesController
    from workbench.ui.profiles.drafts import LoadedProfile, ProfileMarks
    from workbench.ui.profiles.keychain_worker import KeychainWorker
    from workbench.ui.window.shell import MainWindow

MENU_ACTIONS = (
    "newRequest",
    "newFolder",
    "saveRequestAs",
    None,
    "renameItem",
    "duplicateItem",
    "deleteItem",
    None,
    "moveItemUp",
    "moveItemDown",
    "moveToFolder",
    None,
    "editVariables",
    "collectionFolder",
    "reloadCollection",
    None,
    "importRequests",
    "exportRequests",
)
"""The saved requests' context menu (None: a separator)."""


class _Parts(NamedTuple):
    """What works the saved requests, made once the window has painted (or first needed)."""

    questions: CollectionQuestions
    secrets: VariableSecrets
    collections: CollectionController
    editing: CollectionEditing
    variables: VariablesController
    imports: ImportExport


class SavedRequests(QObject):
    """The saved requests' parts, wired to the window.

    The pane and the environment selector are made with the window; what reads and writes the
    collection (``collections``, ``variables``, ``editing``, ``imports``) is made just after the
    first paint, so start-up loads none of it, and then reads the collection. The composer's
    sends go through ``variables`` (resolved, or refused with the place of each problem) before
    ``send_ready``. Save (Ctrl+S) saves the request open in the composer and the profile. The
    pane is shown unless hidden (View > Saved requests, remembered); the demo starts without
    it, its story being the token's.

    Signals:
        status_message(str, int): a line for the status bar.
        send_ready(object): the composer's request, resolved: send it.
    """

    status_message = Signal(str, int)
    send_ready = Signal(object)

    def __init__(
        self, window: MainWindow, keychain: KeychainWorker | None, *, demo: bool = False
    ) -> None:
        super().__init__(window)
        self._window = window
        self._keychain = keychain
        self._demo = demo
        self._shown_key = "savedRequests/shownInDemo" if demo else "savedRequests/shown"
        self._panel = window.saved_requests_panel
        self._composer = window.composer
        self._profiles = window.profiles
        self._parts: _Parts | None = None
        self._profile: Profile | None = None
        self._profile_unsaved = False
        self._action: Callable[[str], QAction] | None = None
        self.environment_bar = EnvironmentBar()
        self._composer.send_requested.connect(self.on_composer_send_requested)
        self._profiles.switching.connect(self.on_profiles_switching)
        self._profiles.profile_loaded.connect(self.on_profiles_profile_loaded)
        self._profiles.marks_changed.connect(self.on_profiles_marks_changed)
        window.installEventFilter(self)

    # ----------------------------------------------------------------- the parts

    @property
    def parts(self) -> _Parts:
        """The parts, made on first use."""
        if self._parts is None:
            self._parts = self._make_parts()
        return self._parts

    @property
    def questions(self) -> CollectionQuestions:
        """What the saved requests ask the user (tests replace the answers)."""
        return self.parts.questions

    @property
    def secrets(self) -> VariableSecrets:
        """Secret variables' values, through the keychain worker."""
        return self.parts.secrets

    @property
    def collections(self) -> CollectionController:
        """The collection of the profile shown, and the request open in the composer."""
        return self.parts.collections

    @property
    def variables(self) -> VariablesController:
        """Environments, and every send resolved."""
        return self.parts.variables

    def _make_parts(self) -> _Parts:
        from workbench.ui.collections.controller import CollectionController
        from workbench.ui.collections.editing import CollectionEditing
        from workbench.ui.collections.importing import ImportExport
        from workbench.ui.collections.questions import CollectionQuestions
        from workbench.ui.collections.variable_secrets import VariableSecrets
        from workbench.ui.collections.variables import VariablesController

        window, profiles = self._window, self._profiles

        def run_dialog(dialog: QDialog) -> int:  # the window's, as it is when asked
            return window.questions.run_dialog(dialog)

        questions = CollectionQuestions(window, run_dialog)
        secrets = VariableSecrets(window.secret_store, self._keychain, self)
        collections = CollectionController(
            window.composer,
            window.editor,
            questions,
            secrets,
            profiles=lambda: profiles.profiles,
            parent=self,
        )
        editing = CollectionEditing(collections, self._panel.tree, self)
        variables = VariablesController(
            collections,
            secrets,
            edited_profile=self._edited_profile,
            token=self._token,
            parent=self,
        )
        imports = ImportExport(
            collections,
            variables,
            add_profile=profiles.add_profile,
            fill_form=window.form.set_config,
            parent=self,
        )
        parts = _Parts(questions, secrets, collections, editing, variables, imports)
        self._connect(parts)
        if self._profile is not None:
            collections.show_profile(self._profile)
        return parts

    def _connect(self, parts: _Parts) -> None:
        panel, collections, variables = self._panel, parts.collections, parts.variables
        panel.open_requested.connect(collections.open_request)
        panel.profile_request_requested.connect(collections.open_profile_request)
        panel.move_requested.connect(parts.editing.move)
        collections.content_changed.connect(panel.show_content)
        collections.problems_changed.connect(panel.show_problems)
        collections.folder_changed.connect(panel.show_folder)
        collections.unsaved_changed.connect(self.on_collections_unsaved_changed)
        variables.environments_changed.connect(self.environment_bar.show_environments)
        self.environment_bar.environment_chosen.connect(variables.select_environment)
        variables.defined_changed.connect(self._composer.set_defined_variables)
        variables.send_refused.connect(self._composer.show_problem)
        variables.ready_to_send.connect(self.send_ready)
        for source in (collections, variables, parts.imports):
            source.status_message.connect(self.status_message)

    def connect_actions(self, action: Callable[[str], QAction]) -> None:
        """What the saved requests' commands do; the panel's buttons and menu show them."""
        targets: dict[str, Callable[[], Any]] = {
            "save": self.save,
            "saveRequestAs": self._later("editing", "save_as"),
            "newRequest": self._later("editing", "new_request"),
            "newFolder": self._later("editing", "new_folder"),
            "renameItem": self._later("editing", "rename"),
            "duplicateItem": self._later("editing", "duplicate"),
            "deleteItem": self._later("editing", "delete"),
            "moveItemUp": self._later("editing", "move_up"),
            "moveItemDown": self._later("editing", "move_down"),
            "moveToFolder": self._later("editing", "move_to_folder"),
            "editVariables": self.edit_variables,
            "collectionFolder": self.choose_collection_folder,
            "reloadCollection": self._later("collections", "reload"),
            "importRequests": self._later("imports", "import_requests"),
            "exportRequests": self._later("imports", "export_requests"),
        }
        for action_id, target in targets.items():
            action(action_id).triggered.connect(target)
        shown = action("savedRequests")
        wanted = bool(app_settings().value(self._shown_key, not self._demo, type=bool))
        shown.setChecked(wanted)
        self._panel.setVisible(wanted)
        shown.toggled.connect(self.on_shown_toggled)
        self._action = action
        self._panel.set_actions(
            action("newRequest"),
            action("newFolder"),
            [action(name) if name else None for name in MENU_ACTIONS],
        )

    def _later(self, part: str, method: str) -> Callable[[], None]:
        """A command of one of the parts, made when first run."""

        def run() -> None:
            getattr(getattr(self.parts, part), method)()

        return run

    # ----------------------------------------------------------------- commands

    @Slot()
    def edit_variables(self) -> None:
        """Requests > Variables and environments…."""
        self.variables.edit(self.questions, self._window)

    @Slot()
    def save(self) -> None:
        """Ctrl+S: the request open in the composer into its file, and the profile."""
        saved = self._parts is None or self._parts.collections.save_open()
        if saved and self._profiles.has_unsaved_work():
            self._profiles.save()

    @Slot()
    def choose_collection_folder(self) -> None:
        """Requests > Collection folder…: where the profile's saved requests live."""
        collections = self.collections
        if collections.profile is None:
            return
        current = str(collections.store.folder) if collections.store is not None else ""
        folder = self.questions.choose_directory("Folder of the saved requests", current)
        if not folder or folder == current:
            return
        collections.open_profile_request()
        self._profiles.change_saved(collection_folder=folder)
        collections.show_profile(self._profiles.current_profile())
        self.status_message.emit(f"Saved requests now read from {folder}", 8000)

    def settle_unsaved(self) -> bool:
        """Before closing: ask about saved requests with unsaved changes."""
        return self._parts is None or self._parts.collections.settle_unsaved()

    # ----------------------------------------------------------------- slots

    @Slot(object)
    def on_composer_send_requested(self, request: ApiRequest) -> None:
        """Send: a request with no ``{{`` goes at once; any other is resolved first."""
        texts = [request.url, *(part for header in request.headers for part in header)]
        if self._parts is None and not any("{{" in t for t in texts) and b"{{" not in request.body:
            self.send_ready.emit(request)
        else:
            self.variables.prepare_send(request)

    @Slot(bool)
    def on_shown_toggled(self, shown: bool) -> None:
        """View > Saved requests: show or hide the pane, and remember it."""
        self._panel.setVisible(shown)
        settings = app_settings()
        settings.setValue(self._shown_key, shown)
        settings.sync()

    @Slot()
    def on_profiles_switching(self) -> None:
        """Another profile is about to fill the composer: no saved request stays open."""
        if self._parts is not None:
            self._parts.collections.leave_profile()

    @Slot(object)
    def on_profiles_profile_loaded(self, loaded: LoadedProfile) -> None:
        """Another profile is shown: its collection."""
        self._profile = loaded.profile
        if self._parts is not None:
            self._parts.collections.show_profile(loaded.profile)

    @Slot(object)
    def on_profiles_marks_changed(self, marks: ProfileMarks) -> None:
        """Save is enabled while the profile or the open request has unsaved changes."""
        self._profile_unsaved = marks.unsaved
        self._enable_save()

    @Slot(bool)
    def on_collections_unsaved_changed(self, _unsaved: bool) -> None:
        """The open request's unsaved state changed."""
        self._enable_save()

    def _enable_save(self) -> None:
        if self._action is not None:
            dirty = self._parts is not None and self._parts.collections.open.is_dirty()
            self._action("save").setEnabled(self._profile_unsaved or dirty)

    def _edited_profile(self) -> Profile:
        from workbench.core.profiles import Profile

        profiles = self._profiles
        return profiles.edited_profile().profile if profiles.profiles else Profile(name="")

    def _token(self) -> Secret | None:
        token = self._window.session.token
        return token.value if token is not None else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Make the parts and read the collection just after the window's first paint."""
        if watched is self._window and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.on_first_paint)
        return False

    @Slot()
    def on_first_paint(self) -> None:
        """The window has painted: read the collection now."""
        self.collections.activate()

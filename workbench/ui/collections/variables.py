"""Variables and environments in the window: the environment chosen per profile, the names
the composer marks, the editor, and every send resolved (secret values from the keychain)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QDialog, QWidget

from workbench.core.calls import ApiRequest
from workbench.core.collections.model import Environment, Variable
from workbench.core.profiles import Profile
from workbench.core.secret import Secret
from workbench.ui.settings import app_settings
from workbench.ui.widgets import STATUS_MESSAGE_MS

if TYPE_CHECKING:
    from workbench.core.collections.environments import EnvironmentStore
    from workbench.ui.collections.controller import CollectionController
    from workbench.ui.collections.questions import CollectionQuestions
    from workbench.ui.collections.variable_secrets import VariableSecrets
    from workbench.ui.collections.variables_dialog import VariableEdits

NO_ENVIRONMENT = ""


def environment_setting(profile_id: str) -> str:
    """The settings key of the environment chosen for a profile."""
    return f"environments/{profile_id}"


class VariablesController(QObject):
    """The profile's environments and variables, and sending with them.

    ``prepare_send`` resolves the composer's request: a request with no ``{{`` goes as it is;
    otherwise its variables are looked up (profile, collection, environment; secret ones from
    the keychain, read through the worker when first needed), and it goes resolved, carrying
    its secret values so that every view and export masks them, or is refused with the place
    of each problem. Nothing is ever sent with a ``{{`` left in it.

    Signals:
        environments_changed(tuple, str): the environments' names, and the one chosen ("").
        defined_changed(frozenset): the variables that have a value (for the composer's marks).
        ready_to_send(object): the ``ApiRequest`` to send, resolved.
        send_refused(str): why the request was not sent, with the place of each problem.
        status_message(str, int): a line for the status bar.
    """

    environments_changed = Signal(object, str)
    defined_changed = Signal(object)
    ready_to_send = Signal(object)
    send_refused = Signal(str)
    status_message = Signal(str, int)

    def __init__(
        self,
        collections: CollectionController,
        secrets: VariableSecrets,
        *,
        edited_profile: Callable[[], Profile],
        token: Callable[[], Secret | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._collections = collections
        self.secrets = secrets
        self._edited_profile = edited_profile
        self._token = token
        self.environments: EnvironmentStore | None = None
        self.current = NO_ENVIRONMENT
        self._pending: ApiRequest | None = None
        collections.collection_changed.connect(self.on_collections_collection_changed)
        secrets.values_arrived.connect(self.on_secrets_values_arrived)

    # ----------------------------------------------------------------- environments

    def environment(self) -> Environment | None:
        """The environment chosen, if any."""
        if self.environments is None or not self.current:
            return None
        return next((e for e in self.environments.environments if e.name == self.current), None)

    @Slot(str)
    def select_environment(self, name: str) -> None:
        """Use the environment ``name`` ("" for none) for this profile from now on."""
        profile = self._collections.profile
        if name == self.current or profile is None:
            return
        self.current = name
        settings = app_settings()
        settings.setValue(environment_setting(profile.profile_id), name)
        settings.sync()
        self._announce()
        shown = name or "no environment"
        self.status_message.emit(f"Sending with {shown}", STATUS_MESSAGE_MS)

    @Slot()
    def on_collections_collection_changed(self) -> None:
        """The collection was read (or its variables changed): read the environments too."""
        from workbench.core.collections.environments import EnvironmentStore

        store, profile = self._collections.store, self._collections.profile
        if store is None or profile is None:
            return
        environments = EnvironmentStore(store.folder)
        problems = environments.load()
        self.environments = environments
        names = [env.name for env in environments.environments]
        wanted = str(app_settings().value(environment_setting(profile.profile_id), "") or "")
        self.current = wanted if wanted in names else NO_ENVIRONMENT
        for problem in problems:
            self.status_message.emit(f"Environment not read: {problem}", STATUS_MESSAGE_MS * 2)
        self._announce()

    def defined_names(self) -> frozenset[str]:
        """Every variable that has a value in the profile shown (secret ones too)."""
        from workbench.core.collections.starter import profile_variables

        layers: list[tuple[Variable, ...]] = [
            profile_variables(self._edited_profile()),
            self._collections.collection().variables,
        ]
        environment = self.environment()
        if environment is not None:
            layers.append(environment.variables)
        return frozenset(variable.name for layer in layers for variable in layer)

    def _announce(self) -> None:
        names = tuple(e.name for e in self.environments.environments) if self.environments else ()
        self.environments_changed.emit(names, self.current)
        self.defined_changed.emit(self.defined_names())

    # ----------------------------------------------------------------- editing

    def edit(self, questions: CollectionQuestions, parent: QWidget | None = None) -> None:
        """Variables and environments…: the editor, then its changes saved (files for names
        and plain values, the keychain for secret values)."""
        from workbench.core.collections.environments import secret_entry
        from workbench.ui.collections.variables_dialog import VariablesDialog

        store, environments, profile = (
            self._collections.store,
            self.environments,
            self._collections.profile,
        )
        if store is None or environments is None or profile is None:
            self.status_message.emit("The collection is not read yet", STATUS_MESSAGE_MS)
            return
        profile_id = profile.profile_id

        def known(environment: str, name: str) -> bool | None:
            entry = secret_entry(environment, name)
            if not self.secrets.knows(profile_id, entry):
                return None
            return self.secrets.value(profile_id, entry) is not None

        dialog = VariablesDialog(
            store.collection().variables,
            environments.environments,
            known,
            current=self.current,
            parent=parent,
        )
        try:
            if questions.run_dialog(dialog) != QDialog.DialogCode.Accepted:
                return
            edits = dialog.edits()
        finally:
            dialog.deleteLater()
        self.apply(edits, questions)

    def apply(self, edits: VariableEdits, questions: CollectionQuestions) -> None:
        """Save what the editor changed; a refusal is said and the rest still saved."""
        from workbench.core.collections.store import CollectionError

        store, environments, profile = (
            self._collections.store,
            self.environments,
            self._collections.profile,
        )
        if store is None or environments is None or profile is None:
            return
        before = {"": _secret_names(store.collection().variables)}
        before.update({e.name: _secret_names(e.variables) for e in environments.environments})
        problems = []
        try:
            store.set_variables(edits.collection)
        except CollectionError as error:
            problems.append(f"The collection's variables: {error}")
        for name in edits.deleted:
            try:
                environments.delete(name)
            except CollectionError as error:
                problems.append(str(error))
        for old, new in edits.renamed.items():
            try:
                environments.rename(old, new)
            except CollectionError as error:
                problems.append(str(error))
        for name, variables in edits.environments.items():
            try:
                environments.save(Environment(name, variables))
            except CollectionError as error:
                problems.append(f"{name}: {error}")
        deletes, moves, writes = keychain_changes(before, edits)
        self.secrets.write(profile.profile_id, dict.fromkeys(deletes, Secret()))
        self.secrets.move(profile.profile_id, moves)
        self.secrets.write(profile.profile_id, writes)
        if self.current and self.current in edits.renamed:
            self.select_environment(edits.renamed[self.current])
        if problems:
            questions.show_error("Not everything was saved", "\n".join(problems))
        self._collections.collection_changed.emit()
        self.status_message.emit("Variables and environments saved", STATUS_MESSAGE_MS)

    # ----------------------------------------------------------------- sending

    @Slot(object)
    def prepare_send(self, request: ApiRequest) -> None:
        """Resolve ``request``'s variables, then ``ready_to_send`` or ``send_refused``."""
        from workbench.core.collections.sending import (
            SendContext,
            has_variables,
            resolve_saved_request,
            resolved_api_request,
            secret_entries,
            template_of,
        )
        from workbench.ui.request_parts import url_problem

        self._pending = None
        if not has_variables(request):
            self.ready_to_send.emit(request)
            return
        profile = self._edited_profile()
        context = SendContext(profile, self._collections.collection(), self.environment())
        template = template_of(request)
        entries = secret_entries(context, template)
        if self.secrets.read(profile.profile_id, entries.values()):
            self._pending = request
            self.status_message.emit(
                "Reading secret variables from the keychain; the request follows (unlock the "
                "keychain if it asks).",
                STATUS_MESSAGE_MS,
            )
            return
        values = self._values(profile.profile_id, entries)
        resolution = resolve_saved_request(context, template, values, self._token())
        if not resolution.ok:
            problems = "; ".join(str(problem) for problem in resolution.problems)
            self._refuse(f"Not sent: {problems}.")
            return
        outgoing = resolved_api_request(request, resolution)
        problem = url_problem(outgoing.url)
        if problem:
            self._refuse(
                f"Not sent: with its variables resolved, {problem[0].lower()}{problem[1:]}"
            )
            return
        self.ready_to_send.emit(outgoing)

    def _values(self, profile_id: str, entries: Mapping[str, str]) -> dict[str, Secret]:
        found = {}
        for name, entry in entries.items():
            secret = self.secrets.value(profile_id, entry)
            if secret:
                found[name] = secret
        return found

    def _refuse(self, reason: str) -> None:
        self.send_refused.emit(reason)
        self.status_message.emit(reason, STATUS_MESSAGE_MS * 2)

    @Slot()
    def on_secrets_values_arrived(self) -> None:
        """The keychain answered: a send that waited for it goes on."""
        pending, self._pending = self._pending, None
        if pending is not None:
            self.prepare_send(pending)


def _secret_names(variables: tuple[Variable, ...]) -> set[str]:
    return {variable.name for variable in variables if variable.secret}


def keychain_changes(
    before: Mapping[str, set[str]], edits: VariableEdits
) -> tuple[list[str], dict[str, str], dict[str, Secret]]:
    """The keychain entries the editor's changes delete, move (renamed environments) and
    write, given the secret variables of each set ("" the collection) before."""
    from workbench.core.collections.environments import secret_entry

    after = {"": _secret_names(edits.collection)}
    after.update({name: _secret_names(v) for name, v in edits.environments.items()})
    deletes, moves = [], {}
    for origin, names in before.items():
        final: str | None = origin
        if origin in edits.deleted:
            final = None
        elif origin:
            final = edits.renamed.get(origin, origin)
        kept = after.get(final, set()) if final is not None else set()
        deletes += [secret_entry(origin, name) for name in sorted(names - kept)]
        if final is not None and final != origin:
            moves.update(
                {secret_entry(origin, n): secret_entry(final, n) for n in sorted(names & kept)}
            )
    writes = {
        secret_entry(environment, name): value
        for (environment, name), value in edits.secret_values.items()
        if name in after.get(environment, set())
    }
    return deletes, moves, writes

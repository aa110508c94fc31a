"""File > Import requests… and Export requests…: Postman v2.1 collections, ``.http`` files and
their environment files. Secrets found go to the keychain only with the user's consent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from workbench.core.config import ClientConfig
from workbench.core.profiles import Profile
from workbench.core.secret import Secret
from workbench.ui.collections.controller import finding_rows
from workbench.ui.collections.questions import ProfileChoice
from workbench.ui.widgets import STATUS_MESSAGE_MS

if TYPE_CHECKING:
    from workbench.core.collections.http_file import EnvironmentImport
    from workbench.core.collections.imports import ImportResult, ProfileSuggestion
    from workbench.ui.collections.controller import CollectionController
    from workbench.ui.collections.variables import VariablesController

AddProfile = Callable[[Profile, Secret], bool]
"""Adds (and shows) a profile, keeping its client secret where its source says."""
FillForm = Callable[[ClientConfig], None]


class ImportExport(QObject):
    """Imports into the collection shown and exports it.

    An import that cannot be read says why (the line or the JSON field) and writes nothing; a
    readable one arrives as a new folder named after the collection, with its variables
    merged (an existing one is never changed). Its credentials are listed for consent: moved
    to the keychain, or left out (the secret variables stay, without values). A Postman OAuth 2
    client-credentials auth is offered first, as a new profile (the requests go into its
    collection) or to fill in the one shown.

    Signals:
        status_message(str, int): what was imported or exported, or why not.
    """

    status_message = Signal(str, int)

    def __init__(
        self,
        collections: CollectionController,
        variables: VariablesController,
        *,
        add_profile: AddProfile,
        fill_form: FillForm,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._collections = collections
        self._variables = variables
        self._add_profile = add_profile
        self._fill_form = fill_form

    # ----------------------------------------------------------------- import

    @Slot()
    def import_requests(self) -> None:
        """Ask for a file and import it."""
        path = self._collections.questions.choose_import_file()
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> bool:
        """Import ``path`` into the collection shown; True when something was imported."""
        from workbench.core.collections.http_file import import_http_environments
        from workbench.core.collections.imports import (
            ImportFormatError,
            guess_format,
            read_import_text,
        )

        questions = self._collections.questions
        if self._collections.store is None:
            self._say("The collection is not read yet; try again in a moment")
            return False
        try:
            text = read_import_text(path)
            kind = guess_format(path.name) or ("postman" if text.lstrip()[:1] == "{" else "http")
            if kind.endswith("env"):
                imported = import_http_environments(text, private=kind == "http-private-env")
                return self._import_environments(path, imported)
            result = self._parse(text, kind, path)
        except ImportFormatError as error:
            questions.show_error(
                "Could not import",
                f"{path.name} cannot be imported: {error} Nothing was changed.",
            )
            return False
        return self._save(path, result)

    @staticmethod
    def _parse(text: str, kind: str, path: Path) -> ImportResult:
        from workbench.core.collections.http_file import import_http_file
        from workbench.core.collections.postman import import_postman

        if kind == "postman":
            return import_postman(text)
        return import_http_file(text, name=path.stem or "Imported .http file")

    def _save(self, path: Path, result: ImportResult) -> bool:
        from workbench.core.collections.environments import secret_entry
        from workbench.core.collections.imports import (
            count_items,
            merge_variables,
            still_undefined,
        )
        from workbench.core.collections.model import Folder
        from workbench.core.collections.starter import profile_variables
        from workbench.core.collections.store import CollectionError

        collections, questions = self._collections, self._collections.questions
        suggestion = result.profile
        rows = finding_rows(result.findings)
        if suggestion is not None and suggestion.client_secret:
            rows.append(("the new profile's client secret", suggestion.found_in))
        consent: bool | None = False
        if rows:
            consent = questions.move_secrets(rows, importing=True)
            if consent is None:
                self._say(f"Import of {path.name} cancelled: nothing was changed")
                return False
        if suggestion is not None:  # asked first: a new profile takes the requests with it
            self._offer_profile(suggestion, bool(consent))
        store, profile = collections.store, collections.profile
        if store is None or profile is None:
            self._say("The collection is not read yet; try again in a moment")
            return False
        collection = result.collection
        try:
            written = store.add_items(
                (), (Folder(collection.name, collection.items, collection.note),)
            )
            merged, conflicts = merge_variables(
                store.collection().variables, collection.variables, profile_variables(profile)
            )
            store.set_variables(merged)
        except CollectionError as error:
            questions.show_error("Could not import", f"{error} Nothing already saved was lost.")
            collections.reload()
            return False
        if consent:
            values = {secret_entry("", f.variable): f.value for f in result.findings}
            self._variables.secrets.write(profile.profile_id, values)
        collections.reload()
        collections.emit_content()
        notes = list(result.warnings)
        notes += [
            f"{{{{{name}}}}} already has a value here (the collection's or the profile's); "
            "it was kept."
            for name in conflicts
        ]
        if result.findings and not consent:
            listed = ", ".join(f.variable for f in result.findings)
            notes.append(
                f"Secrets left out: {listed} have no value yet (Variables and environments)."
            )
        undefined = still_undefined(result.undefined, merged, profile_variables(profile))
        if undefined:
            notes.append(f"Give these variables a value before sending: {', '.join(undefined)}.")
        if notes:
            questions.show_notes(f"Imported {path.name}", "\n\n".join(notes))
        count = count_items(collection.items)
        moved = (
            f"; {len(result.findings)} secrets moved to the keychain"
            if consent and result.findings
            else ""
        )
        self._say(
            f"Imported {count} items from {path.name} into {written[0][-1]!r} of profile "
            f"{profile.name!r}{moved}"
        )
        return True

    def _import_environments(self, path: Path, imported: EnvironmentImport) -> bool:
        from workbench.core.collections.environments import merge_environment, secret_entry
        from workbench.core.collections.store import CollectionError

        store = self._variables.environments
        questions = self._collections.questions
        if store is None:
            self._say("The environments are not read yet; try again in a moment")
            return False
        found = [(name, f) for name, items in imported.findings.items() for f in items]
        consent: bool | None = False
        if found:
            rows = [(f"{{{{{f.variable}}}}} in {name!r}", f.location) for name, f in found]
            consent = questions.move_secrets(rows, importing=True)
            if consent is None:
                self._say(f"Import of {path.name} cancelled: nothing was changed")
                return False
        saved = []
        for environment in imported.environments:
            try:
                merge_environment(store, environment)
            except CollectionError as error:
                questions.show_error("Could not import", f"{environment.name}: {error}")
                continue
            saved.append(environment.name)
        if consent and self._profile_id():
            values = {secret_entry(name, f.variable): f.value for name, f in found}
            self._variables.secrets.write(self._profile_id(), values)
        self._collections.collection_changed.emit()
        self._say(f"Imported the environments {', '.join(saved) or 'none'} from {path.name}")
        return bool(saved)

    def _offer_profile(self, suggestion: ProfileSuggestion, consent: bool) -> None:
        secret = suggestion.client_secret if consent and suggestion.client_secret else Secret()
        choice = self._collections.questions.imported_profile(suggestion, bool(secret))
        if choice is ProfileChoice.CREATE:
            profile = Profile(
                name=_profile_name(suggestion),  # made unique where every name is known
                token_url=suggestion.token_url,
                client_id=suggestion.client_id,
                scope=suggestion.scope,
                auth=suggestion.auth,
            )
            self._add_profile(profile, secret)
        elif choice is ProfileChoice.FILL:
            current = self._collections.profile
            base = current if current is not None else Profile(name="")
            config = replace(
                base.to_config(secret),
                token_url=suggestion.token_url,
                client_id=suggestion.client_id,
                scope=suggestion.scope,
                auth=suggestion.auth,
            )
            self._fill_form(config)
            self._say("The form holds the imported setup: save the profile to keep it")

    # ----------------------------------------------------------------- export

    @Slot()
    def export_requests(self) -> None:
        """Write the collection shown as a Postman v2.1 collection or an .http file."""
        from workbench.core.collections.files import WriteError, file_stem, write_atomically
        from workbench.core.collections.http_file import export_http_file
        from workbench.core.collections.postman_export import PostmanAuth, export_postman

        collections, questions = self._collections, self._collections.questions
        profile = collections.profile
        if collections.store is None or profile is None:
            self._say("The collection is not read yet; try again in a moment")
            return
        collection = collections.collection()
        stem = file_stem(collection.name or profile.name, "requests")
        path, kind = questions.choose_export_file(f"{stem}.postman_collection.json")
        if not path:
            return
        warnings: tuple[str, ...] = ()
        if kind == "postman":
            auth = PostmanAuth(profile.token_url, profile.client_id, profile.scope, profile.auth)
            text = export_postman(collection, auth)
        else:
            exported = export_http_file(collection)
            text, warnings = exported.text, exported.warnings
        try:
            write_atomically(Path(path), text)
        except WriteError as error:
            questions.show_error("Not exported", str(error))
            return
        if warnings:
            questions.show_notes("Exported, with notes", "\n\n".join(warnings))
        self._say(f"Exported the saved requests to {Path(path).name} (no secret values in it)")

    def _profile_id(self) -> str:
        profile = self._collections.profile
        return profile.profile_id if profile is not None else ""

    def _say(self, text: str) -> None:
        self.status_message.emit(text, STATUS_MESSAGE_MS)


def _profile_name(suggestion: ProfileSuggestion) -> str:
    from urllib.parse import urlsplit

    host = urlsplit(suggestion.token_url).hostname or "imported"
    return f"{host} (imported)"

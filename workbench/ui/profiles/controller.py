"""The profile controller: the profiles, the one shown, its unsaved changes, and its secrets."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from workbench.core.config import ClientAuth, ClientConfig
from workbench.core.presets import GETRESPONSE, sandbox_profile
from workbench.core.printable import printable_line
from workbench.core.profiles import (
    Profile,
    ProfileFormatError,
    ProfileStore,
    ProfileStoreError,
    SecretKind,
    SecretRef,
    SecretSource,
    new_profile_id,
    profiles_to_json,
    request_secrets,
    unique_name,
)
from workbench.core.secret import Secret
from workbench.ui.profiles.drafts import (
    KEY_IN_KEYCHAIN,
    DraftSource,
    EditedProfile,
    KeychainSecrets,
    LoadedProfile,
    ProfileMarks,
)
from workbench.ui.profiles.questions import ProfileQuestions, UnsavedChoice
from workbench.ui.profiles.secrets import SECRET_KINDS, ProfileSecrets
from workbench.ui.profiles.token_secrets import TokenSecrets
from workbench.ui.widgets import STATUS_MESSAGE_MS

SANDBOX_PROFILE_NAME = "Local sandbox"
DEMO_CLIENT_SECRET = "demo-secret"
"""The sandbox's public demo secret: remembered for the run, never written to the keychain."""
KEY_FOR_THIS_RUN = "(key for this run)"
ADVERTISED_NOTE = "Only the methods the server advertised are offered."
NOTE_LIMIT_CHARS = 400
"""How much of one import note a message shows (a file's names can be any length)."""
NOTES = 8
"""How many import notes a message lists (the rest are counted)."""
NEEDS_CLIENT_SECRET = (
    ClientAuth.BASIC,
    ClientAuth.BASIC_RAW,
    ClientAuth.POST,
    ClientAuth.SECRET_JWT,
)


class ProfileController(QObject):
    """Owns the profiles: the list, the one shown, its unsaved changes, and their secrets.

    It reads what is being edited from ``editor`` (a ``DraftSource``), asks the user through
    ``questions`` and keeps secrets through ``secrets``; everything else it reports by signal.

    Signals:
        switching(): another profile is about to be shown (a token of the last one is moot).
        profile_loaded(LoadedProfile): show this profile in the form and the composer.
        secrets_arrived(KeychainSecrets): the keychain answered for the profile shown, which
            was not edited meanwhile: fill these in.
        requests_arrived(Profile): the same for the credentials of its requests (API keys in
            the composer, extra headers): show the profile's requests as given.
        marks_changed(ProfileMarks): names, selection or unsaved state changed.
        status_message(str, int): a line for the status bar, and for how many milliseconds.
        file_warning(str): the profiles file could not be read (it was set aside if it could).
        keychain_status_changed(KeychainStatus): whether secrets reach the keychain.
        secret_missing(Problem): a token request has no secret (an unset variable).
        resume_requested(object): the keychain answered a request that waited for it; the
            object is the ``resume`` given to ``token_config``.
    """

    switching = Signal()
    profile_loaded = Signal(object)
    secrets_arrived = Signal(object)
    requests_arrived = Signal(object)
    marks_changed = Signal(object)
    status_message = Signal(str, int)
    file_warning = Signal(str)
    keychain_status_changed = Signal(object)
    secret_missing = Signal(object)
    resume_requested = Signal(object)

    def __init__(
        self,
        store: ProfileStore,
        secrets: ProfileSecrets,
        editor: DraftSource,
        questions: ProfileQuestions,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.secrets = secrets
        self._editor = editor
        self._questions = questions
        self._profiles: list[Profile] = []
        self._current = -1
        self._baseline: EditedProfile | None = None
        self._loading = False
        self._disk_stale = False
        self._protect_unreadable = False
        self._advertised: dict[str, tuple[ClientAuth, ...]] = {}
        self._resume: object | None = None
        self.import_refused = False  # the last token_config: the imported profile was refused
        self._token_secrets = TokenSecrets(secrets, questions, self._say, self.secret_missing.emit)
        secrets.secrets_read.connect(self.on_secrets_secrets_read)
        secrets.keychain_changed.connect(self.on_secrets_keychain_changed)

    # ----------------------------------------------------------------- state

    @property
    def profiles(self) -> tuple[Profile, ...]:
        """The profiles as last saved (or imported, created, renamed)."""
        return tuple(self._profiles)

    def names(self) -> list[str]:
        """The profiles' names, in order."""
        return [profile.name for profile in self._profiles]

    @property
    def current_index(self) -> int:
        """The index of the profile shown (-1 before ``start``)."""
        return self._current

    @property
    def current_id(self) -> str:
        """The id of the profile shown; empty before ``start``."""
        return self._profiles[self._current].profile_id if self._has_current() else ""

    def current_profile(self) -> Profile:
        """The profile shown, as saved (without the unsaved edits)."""
        return self._profiles[self._current]

    def edited_profile(self) -> EditedProfile:
        """The profile shown, as the form and the composer show it now."""
        base = self._profiles[self._current]
        draft = self._editor.draft()
        config = draft.config
        secrets = dict(draft.secret_refs)  # the form names only sources
        for kind, ref in base.secrets.items():
            if kind not in secrets and ref.source is SecretSource.KEYCHAIN:
                secrets[kind] = ref  # the form shows the keychain; keep what it holds, as noted
        request = draft.request
        profile = replace(
            base.with_config(config),
            secrets=secrets,
            request_method=request.method,
            request_url=request.url,
            request_headers=request.headers,
            request_body=request.body.decode("utf-8", "replace"),
            recovery=draft.recovery,
        )
        return EditedProfile(profile, config.client_secret, config.private_key_pem)

    def is_modified(self) -> bool:
        """True when the form or the composer differ from the profile shown as saved."""
        if self._loading or self._baseline is None or not self._has_current():
            return False
        return self.edited_profile() != self._baseline

    def has_unsaved_work(self) -> bool:
        """Unsaved edits, or profiles that could not be written to the file."""
        return self.is_modified() or self._disk_stale

    @property
    def waiting_for_keychain(self) -> bool:
        """True while a request waits for a secret the keychain has not given yet."""
        return self._resume is not None

    # ----------------------------------------------------------------- starting and choosing

    def start(self, wanted_id: str = "", *, sandbox_url: str = "") -> None:
        """Load the profiles (saying when the file was unreadable) and show one: ``wanted_id``,
        or with ``sandbox_url`` the "Local sandbox" profile pointing at it."""
        loaded = self.store.load()
        self._profiles = list(loaded.profiles)
        if loaded.warning:
            self._protect_unreadable = loaded.backup_path is None
            self.file_warning.emit(loaded.warning)
        index = next(
            (i for i, profile in enumerate(self._profiles) if profile.profile_id == wanted_id), 0
        )
        if sandbox_url:
            index = self._add_demo_profile(sandbox_url)
        elif not self._profiles:
            self._profiles.append(GETRESPONSE.new_profile())
            self._write(quiet=True)
        self._show(index)
        self._report_keychain()

    @Slot(int)
    def select(self, index: int) -> bool:
        """Show the profile at ``index``, asking about unsaved changes; False if cancelled."""
        if index == self._current or not 0 <= index < len(self._profiles):
            return index == self._current
        if not self.settle_unsaved():
            self._refresh_marks()  # the selector goes back to the profile shown
            return False
        self._show(index)
        return True

    def settle_unsaved(self, *, quitting: bool = False) -> bool:
        """Ask Save / Discard / Cancel when something is unsaved; True when it is fine to go
        on. ``quitting`` also counts profiles not written to the file."""
        unsaved = self.has_unsaved_work() if quitting else self.is_modified()
        if not unsaved:
            return True
        choice = self._questions.confirm_unsaved(self.current_profile().name)
        if choice is UnsavedChoice.CANCEL:
            return False
        if choice is UnsavedChoice.DISCARD:
            return True
        if self.is_modified():
            return self.save()
        return self._write()

    # ----------------------------------------------------------------- commands

    @Slot()
    def save(self) -> bool:
        """Save the profile shown: secrets where their source says, the rest to the file."""
        if not self._profiles:
            return False
        edited = self.edited_profile()
        profile = edited.profile
        for kind, value in (
            (SecretKind.CLIENT_SECRET, edited.client_secret),
            (SecretKind.PRIVATE_KEY, edited.private_key),
        ):
            profile = self.secrets.save(profile, kind, value)
        self.secrets.save_requests(self._profiles[self._current], profile)
        self._profiles[self._current] = profile
        self._baseline = self.edited_profile()  # with what the keychain now holds noted
        written = self._write()
        if written:
            self._say(f"Saved profile {profile.name!r}")
        self._refresh_marks()
        self._report_keychain()
        return written

    @Slot()
    def new_profile(self) -> None:
        """A new profile from a preset (the user picks it); shown once made."""
        if not self.settle_unsaved():
            return
        made = self._questions.new_profile(self.names())
        if made is None:
            return
        if made.advertised is not None:
            self._advertised[made.profile.profile_id] = made.advertised
        self._add(made.profile)

    @Slot()
    def duplicate(self) -> None:
        """A copy of the profile shown (as saved), with copies of its secrets."""
        if not self._profiles or not self.settle_unsaved():
            return
        source = self.current_profile()
        copy = replace(
            source,
            name=unique_name(f"{source.name} (copy)", self.names()),
            profile_id=new_profile_id(),
        )
        self.secrets.copy(source, copy.profile_id)
        if source.profile_id in self._advertised:
            self._advertised[copy.profile_id] = self._advertised[source.profile_id]
        self._add(copy)

    @Slot()
    def rename(self) -> None:
        """Rename the profile shown; its keychain entries stay (they follow its id)."""
        if not self._profiles:
            return
        current = self.current_profile()
        name = self._questions.profile_name("Rename profile", current.name, self.names())
        if name and name != current.name:
            self.change_saved(name=name)

    def add_profile(self, profile: Profile, client_secret: Secret = Secret()) -> bool:
        """Add ``profile`` (from an imported file) and show it, renamed ``NAME (2)`` if its name
        is taken; False if the user stays here."""
        if not self.settle_unsaved():
            return False
        profile = replace(profile, name=unique_name(profile.name, self.names()))
        if client_secret:
            profile = self.secrets.save(profile, SecretKind.CLIENT_SECRET, client_secret)
        self._add(profile)
        return True

    def change_saved(self, **changes: object) -> None:
        """Change the profile shown as saved and as edited, and write the file."""
        self._profiles[self._current] = replace(self.current_profile(), **changes)  # type: ignore[arg-type]
        if self._baseline is not None:
            changed = replace(self._baseline.profile, **changes)  # type: ignore[arg-type]
            self._baseline = self._baseline._replace(profile=changed)
        self._write()
        self._refresh_marks()

    @Slot()
    def delete(self) -> None:
        """Delete the profile shown and its keychain entries, after asking."""
        if not self._profiles:
            return
        doomed = self.current_profile()
        if not self._questions.confirm_delete(doomed.name):
            return
        self.secrets.forget_profile(doomed.profile_id)
        self._advertised.pop(doomed.profile_id, None)
        next_index = self._current
        del self._profiles[self._current]
        self._current = -1
        self._baseline = None
        if not self._profiles:
            self._profiles.append(GETRESPONSE.new_profile())
        self._write()
        self._show(max(0, min(next_index, len(self._profiles) - 1)))
        self._say(f"Deleted profile {doomed.name!r} and its keychain entries")
        self._report_keychain()

    @Slot()
    def import_profiles(self) -> None:
        """Add the profiles of a JSON file, each untrusted until confirmed before its first
        token request (``core.profiles.trust``); what deserves a look is said at once."""
        from workbench.core.profiles.trust import import_profiles_file

        path = self._questions.choose_file("Import profiles", False)
        if not path:
            return
        try:
            imported = import_profiles_file(Path(path), self.profiles)
        except ProfileFormatError as error:
            self._questions.show_error("Could not import profiles", f"The file {path} {error}.")
            return
        self._profiles.extend(imported.profiles)
        self._write()
        self._refresh_marks()
        count = len(imported.profiles)
        self._say(
            f"Imported {count} profile{'s' if count != 1 else ''} from {Path(path).name}; "
            "their secrets are not in the file: add them and save."
        )
        if imported.notes:
            shown = [printable_line(note, NOTE_LIMIT_CHARS) for note in imported.notes[:NOTES]]
            more = len(imported.notes) - len(shown)
            if more:
                shown.append(f"… and {more:,} more profiles of the file deserve the same look.")
            self._questions.show_notice("Imported profiles to check", "\n\n".join(shown))

    @Slot()
    def export_profiles(self) -> None:
        """Write the saved profiles to a JSON file, without any secret."""
        path = self._questions.choose_file("Export profiles", True)
        if not path:
            return
        try:
            Path(path).write_text(profiles_to_json(self._profiles), encoding="utf-8")
        except OSError as error:
            self._questions.show_error(
                "Could not export profiles", f"{path} could not be written: {error.strerror}"
            )
            return
        self._say(f"Exported {len(self._profiles)} profiles to {Path(path).name} (no secrets)")

    # ----------------------------------------------------------------- secrets for a request

    def token_config(self, resume: object | None = None) -> ClientConfig | None:
        """The configuration shown, with its secrets found; None when one is missing.

        An imported profile is confirmed first (``TokenSecrets.confirm``). An environment
        variable is read now; an "ask every time" secret is asked for (once a run). When a
        secret is still on its way from the keychain, None is returned and
        ``resume_requested(resume)`` follows once it has arrived.
        """
        self._resume = None
        self.import_refused = self._has_current() and not self._confirm_imported()
        if self.import_refused:
            return None
        config = self._editor.draft().config
        profile = self.edited_profile().profile if self._profiles else Profile(name="")
        found: dict[SecretKind, Secret] = {
            SecretKind.CLIENT_SECRET: config.client_secret,
            SecretKind.PRIVATE_KEY: config.private_key_pem,
        }
        needed = [SecretKind.CLIENT_SECRET] if config.auth in NEEDS_CLIENT_SECRET else []
        if config.auth is ClientAuth.PRIVATE_KEY_JWT:
            needed.append(SecretKind.PRIVATE_KEY)
        for kind in needed:
            secret = self._token_secrets.find(profile, kind, found[kind])
            if secret is None:
                self._resume = resume if self._token_secrets.waiting else None
                return None
            found[kind] = secret
        return replace(
            config,
            client_secret=found[SecretKind.CLIENT_SECRET],
            private_key_pem=found[SecretKind.PRIVATE_KEY],
        )

    def _confirm_imported(self) -> bool:
        """Ask about an imported profile not confirmed as it is now; record a yes."""
        profile = self.edited_profile().profile
        trust = self._token_secrets.confirm(profile)
        if trust is None:
            return False
        if trust != profile.trust:
            self._profiles[self._current] = replace(self._profiles[self._current], trust=trust)
            if self._baseline is not None:
                trusted = replace(self._baseline.profile, trust=trust)
                self._baseline = self._baseline._replace(profile=trusted)
            self._write(quiet=True)  # remembered, so the next run does not ask again
        return True

    # ----------------------------------------------------------------- slots

    @Slot()
    def on_draft_changed(self) -> None:
        """Any edit in the form or the composer: the unsaved marks follow."""
        if not self._loading:
            self._refresh_marks()

    @Slot(object)
    def on_secrets_secrets_read(self, found: dict[tuple[str, str], Secret]) -> None:
        """The keychain answered: fill in the secrets of the profile shown unless the user
        edited it meanwhile; then let a request that waited for them go on."""
        if not self._has_current():
            return
        profile = self._profiles[self._current]
        untouched = self._baseline is not None and self.edited_profile() == self._baseline
        secret = found.get((profile.profile_id, SecretKind.CLIENT_SECRET), Secret())
        key = found.get((profile.profile_id, SecretKind.PRIVATE_KEY), Secret())
        requests = found.get((profile.profile_id, request_secrets.KEYCHAIN_ENTRY))
        if requests is not None:
            self._restore_requests(request_secrets.from_secret(requests), untouched)
        if untouched and (secret or key):
            self._loading = True
            try:
                self.secrets_arrived.emit(KeychainSecrets(secret, key))
            finally:
                self._loading = False
            self._baseline = self.edited_profile()
            self._refresh_marks()
        resume = self._resume
        if resume is not None and not self._keychain_pending(profile.profile_id):
            self._resume = None
            self.resume_requested.emit(resume)

    def _restore_requests(self, values: dict[str, str], untouched: bool) -> None:
        """The keychain gave the values of the requests' placeholders: they go into the profile
        and, when the user has not edited it meanwhile, into the form and the composer."""
        restored = request_secrets.restore(self._profiles[self._current], values)
        if restored == self._profiles[self._current]:
            return
        self._profiles[self._current] = restored
        if not untouched:
            self._say(
                "The keychain answered after you edited the request: its saved keys stay "
                "placeholders here; show the profile again to put them back."
            )
            return
        self._loading = True
        try:
            self.requests_arrived.emit(restored)
        finally:
            self._loading = False
        self._baseline = self.edited_profile()
        self._refresh_marks()

    def request_ready(self, resume: object) -> bool:
        """False while the credentials of the profile's requests are still being read from the
        keychain: ``resume_requested(resume)`` follows once they are in place."""
        entry = request_secrets.KEYCHAIN_ENTRY
        if not self._has_current() or not self.secrets.pending(self.current_id, entry):
            return True
        self._resume = resume
        self._say("Reading the request's keys from the keychain; it is sent once they arrive.")
        return False

    def _keychain_pending(self, profile_id: str) -> bool:
        entries: tuple[str, ...] = (*SECRET_KINDS, request_secrets.KEYCHAIN_ENTRY)
        return any(self.secrets.pending(profile_id, entry) for entry in entries)

    @Slot()
    def on_secrets_keychain_changed(self) -> None:
        """A keychain job ended: say whether secrets reach it."""
        self._report_keychain()

    # ----------------------------------------------------------------- internals

    def _has_current(self) -> bool:
        return 0 <= self._current < len(self._profiles)

    def _say(self, text: str, duration_ms: int = STATUS_MESSAGE_MS) -> None:
        self.status_message.emit(text, duration_ms)

    def _add_demo_profile(self, sandbox_url: str) -> int:
        """Select (or add) "Local sandbox" pointing at the running sandbox, demo secret for the
        run: the secret is public, kept in memory only ("ask every time"), never in the
        keychain."""
        fresh = sandbox_profile(sandbox_url, SANDBOX_PROFILE_NAME)
        index = next(
            (
                i
                for i, profile in enumerate(self._profiles)
                if profile.name == SANDBOX_PROFILE_NAME and profile.preset == fresh.preset
            ),
            -1,
        )
        asked = {**fresh.secrets, SecretKind.CLIENT_SECRET: SecretRef(SecretSource.ASK)}
        if index >= 0:  # the same profile again, its saved requests where they were
            folder = self._profiles[index].collection_folder
            fresh = replace(fresh, profile_id=self._profiles[index].profile_id)
            self._profiles[index] = replace(fresh, secrets=asked, collection_folder=folder)
        else:
            self._profiles.append(replace(fresh, secrets=asked))
            index = len(self._profiles) - 1
        self.secrets.remember_for_run(
            fresh.profile_id, SecretKind.CLIENT_SECRET, Secret(DEMO_CLIENT_SECRET)
        )
        self._write(quiet=True)
        return index

    def _show(self, index: int) -> None:
        """Show the profile at ``index`` with the secrets found for it."""
        profile = self._profiles[index] = self.secrets.shown_requests(self._profiles[index])
        self._resume = None  # a request waiting for the last profile's secret
        self.switching.emit()
        self._loading = True
        try:
            secret = self.secrets.shown(profile, SecretKind.CLIENT_SECRET)
            key = self.secrets.shown(profile, SecretKind.PRIVATE_KEY)
            source = profile.secret_ref(SecretKind.PRIVATE_KEY).source
            advertised = self._advertised.get(profile.profile_id)
            self.profile_loaded.emit(
                LoadedProfile(
                    profile=profile,
                    client_secret=secret,
                    private_key=key,
                    key_description=(
                        KEY_IN_KEYCHAIN if source is SecretSource.KEYCHAIN else KEY_FOR_THIS_RUN
                    ),
                    advertised=advertised,
                    auth_note=ADVERTISED_NOTE if advertised is not None else "",
                )
            )
        finally:
            self._loading = False
        self._current = index
        self._baseline = self.edited_profile()
        self._refresh_marks()
        self._report_keychain()

    def _add(self, profile: Profile) -> None:
        self._profiles.append(profile)
        self._write()
        self._show(len(self._profiles) - 1)

    def _write(self, *, quiet: bool = False) -> bool:
        """Write every profile to the file; on failure say so and keep them in memory."""
        path = self.store.path
        if self._protect_unreadable and path.exists():
            self._disk_stale = True
            if not quiet:
                self._questions.show_error(
                    "Profiles not saved",
                    f"The profiles file {path} could not be read and could not be set aside, "
                    "so the workbench will not overwrite it. Move it elsewhere, then save "
                    "again. Your changes are kept in this window.",
                )
            self._refresh_marks()
            return False
        try:
            self.store.save(self._profiles)
        except ProfileStoreError as error:
            self._disk_stale = True
            self._say("Profiles not saved: " + str(error))
            if not quiet:
                self._questions.show_error(
                    "Profiles not saved",
                    f"{error} Your changes are kept in this window; fix the problem and save "
                    "again.",
                )
            self._refresh_marks()
            return False
        self._protect_unreadable = False
        self._disk_stale = False
        self._refresh_marks()
        return True

    def _refresh_marks(self) -> None:
        if self._has_current():
            marks = ProfileMarks(
                tuple(self.names()), self._current, self.is_modified(), self._disk_stale
            )
            self.marks_changed.emit(marks)

    def _report_keychain(self) -> None:
        status = self.secrets.keychain_status()
        if status is not None:
            self.keychain_status_changed.emit(status)

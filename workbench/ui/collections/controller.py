"""The saved requests of the profile shown: its collection on disk, the request open in the
composer with the unsaved edits of every request, saving them, and noticing changes on disk."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal, Slot

from workbench.core.collections.model import (
    Collection,
    Folder,
    Item,
    ItemPath,
    SavedRequest,
    Variable,
    display_path,
    find_item,
    walk,
)
from workbench.core.profiles import Profile, unique_name
from workbench.ui.collections.open_requests import OpenRequests
from workbench.ui.collections.questions import SaveConflict
from workbench.ui.collections.tree import TreeContent
from workbench.ui.profiles.questions import UnsavedChoice
from workbench.ui.widgets import STATUS_MESSAGE_MS

if TYPE_CHECKING:
    from workbench.core.collections.secret_scan import SecretFinding
    from workbench.core.collections.store import CollectionStore
    from workbench.ui.collections.questions import CollectionQuestions
    from workbench.ui.collections.variable_secrets import VariableSecrets
    from workbench.ui.profiles.editor import ProfileEditor
    from workbench.ui.request_composer import RequestComposer

RELOAD_DELAY_MS = 300
"""Changes on disk are read this long after the last one (git writes many files at once)."""
MAX_WATCHED_PATHS = 2000

Write = Callable[[SavedRequest], ItemPath]


def finding_rows(findings: Sequence[SecretFinding]) -> list[tuple[str, str]]:
    """Credentials found, as the consent dialog lists them: the variable, and where."""
    return [(f"{{{{{finding.variable}}}}}", finding.location) for finding in findings]


class CollectionController(QObject):
    """Owns the collection of the profile shown and the request open in the composer.

    The collection is read when ``activate`` is called (the window does it after its first
    paint, so start-up reads no file) and again when its files change on disk. Opening a saved
    request shows it in the composer, while the profile's own request waits aside (the editor
    holds it, so the profile is not marked changed); edits of every saved request are kept
    until saved or discarded, for as long as the window is open.

    Signals:
        content_changed(TreeContent): the tree to show.
        problems_changed(list): the files that could not be read, in words.
        folder_changed(str, bool): the collection's folder, and whether it is the default.
        collection_changed(): the collection was read or its variables changed.
        unsaved_changed(bool): whether the open request has unsaved edits.
        status_message(str, int): a line for the status bar, and for how long.
    """

    content_changed = Signal(object)
    problems_changed = Signal(object)
    folder_changed = Signal(str, bool)
    collection_changed = Signal()
    unsaved_changed = Signal(bool)
    status_message = Signal(str, int)

    def __init__(
        self,
        composer: RequestComposer,
        editor: ProfileEditor,
        questions: CollectionQuestions,
        secrets: VariableSecrets,
        *,
        profiles: Callable[[], Sequence[Profile]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._composer = composer
        self._editor = editor
        self.questions = questions
        self._secrets = secrets
        self._profiles = profiles
        self.open = OpenRequests()
        self.profile: Profile | None = None
        self.store: CollectionStore | None = None
        self._active = False
        self._showing = False
        self._clean: SavedRequest | None = None
        self._watcher: QFileSystemWatcher | None = None
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(self.reload)
        composer.request_changed.connect(self.on_composer_request_changed)

    # ----------------------------------------------------------------- state

    def collection(self) -> Collection:
        """The collection shown (empty before it was read)."""
        return self.store.collection() if self.store is not None else Collection()

    def folders(self) -> list[ItemPath]:
        """Every folder's path, depth first."""
        return [path for path, item in walk(self.collection().items) if isinstance(item, Folder)]

    @property
    def loaded(self) -> bool:
        """True once the collection of the profile shown was read."""
        return self.store is not None

    # ----------------------------------------------------------------- profiles

    @Slot()
    def leave_profile(self) -> None:
        """Another profile is about to be shown: its own request will fill the composer."""
        if self.open.path is not None:
            self.open.close()
            self._editor.hold_request(None)
        self._composer.set_note_kept(False)
        self._clean = None
        self.unsaved_changed.emit(False)

    def show_profile(self, profile: Profile) -> None:
        """Show ``profile``'s collection (read now if the window is active)."""
        folder_moved = self.profile is not None and (
            self.profile.profile_id != profile.profile_id
            or self.profile.collection_folder != profile.collection_folder
        )
        self.profile = profile
        self.open.profile_id = profile.profile_id
        if folder_moved or self.store is None:
            self.store = None
            if self._active:
                self._load()

    def activate(self) -> None:
        """Read the collection from now on (the window has painted)."""
        if not self._active:
            self._active = True
            if self.profile is not None and self.store is None:
                self._load()

    @Slot()
    def reload(self) -> None:
        """Read the collection again from disk; unsaved edits stay, and a request changed on
        disk meanwhile is marked (saving it asks what to keep)."""
        if self.store is None:
            return
        problems = self.store.load()
        self._watch()
        self.problems_changed.emit([str(problem) for problem in problems])
        self._follow_disk()
        self._emit_content()
        self.collection_changed.emit()

    def _load(self) -> None:
        from workbench.core.collections.starter import seed_starter
        from workbench.core.collections.store import (
            CollectionError,
            CollectionStore,
            profile_collection_folder,
        )

        assert self.profile is not None
        store = CollectionStore(profile_collection_folder(self.profile))
        self.store = store
        try:
            seed_starter(store, self.profile)  # the tree shows it: no status line for it
        except CollectionError as error:
            self._say(f"The starter collection could not be written: {error}", 2)
        self.folder_changed.emit(str(store.folder), not self.profile.collection_folder)
        self.reload()

    def _follow_disk(self) -> None:
        """The open request, unedited and changed on disk, is shown as it is now."""
        path, base = self.open.path, self.open.base
        if path is None or base is None or self.open.is_dirty():
            return
        current = find_item(self.collection().items, path)
        if isinstance(current, SavedRequest) and current != base:
            self._show_saved(path, current)
            self._say(f"{display_path(path)!r} changed on disk: shown as it is now")

    # ----------------------------------------------------------------- opening

    @Slot(object)
    def open_request(self, path: ItemPath) -> None:
        """Show the saved request at ``path`` in the composer (with its unsaved edits)."""
        saved = find_item(self.collection().items, path)
        if not isinstance(saved, SavedRequest):
            return
        if self.open.path is None:
            self._editor.hold_request(self._composer.current_request())
        self._show_saved(path, saved)
        self._emit_content(select=path)

    @Slot()
    def open_profile_request(self) -> None:
        """Show the profile's own request again."""
        if self.open.path is None:
            return
        held = self._editor.held_request()
        self.open.close()
        self._clean = None
        self._showing = True
        try:
            if held is not None:
                self._composer.set_request(held)
        finally:
            self._showing = False
        self._editor.hold_request(None)
        self._composer.set_note_kept(False)
        self.unsaved_changed.emit(False)
        self._emit_content(select=())

    def forget_item(self, path: ItemPath) -> None:
        """The item at ``path`` was deleted: its drafts go; open, the profile's own request
        is shown again."""
        if self.open.path is not None and self.open.path[: len(path)] == path:
            self.open_profile_request()
        self.open.forget(path)
        self._emit_content()

    def _show_saved(self, path: ItemPath, saved: SavedRequest) -> None:
        """The composer shows ``saved`` (or its draft); what it shows of ``saved`` itself is
        the clean state edits are compared with."""
        from workbench.core.collections.composing import composed_from_saved

        shown = self.open.open(path, saved)
        self._composer.set_note_kept(True)
        self._showing = True
        try:
            self._composer.set_composed(composed_from_saved(saved))
            self._clean = self._edited(saved)
            if shown != saved:
                self._composer.set_composed(composed_from_saved(shown))
        finally:
            self._showing = False
        self.unsaved_changed.emit(self.open.is_dirty())

    def _edited(self, base: SavedRequest) -> SavedRequest:
        from workbench.core.collections.composing import saved_from_composed

        return saved_from_composed(base.name, self._composer.composed(), base)

    @Slot()
    def on_composer_request_changed(self) -> None:
        """An edit of the open saved request: its unsaved mark follows."""
        base = self.open.base
        if self._showing or base is None or self._clean is None:
            return
        edited = self._edited(base)
        if edited == self._clean:
            edited = base  # only what the composer writes its own way: nothing changed
        if self.open.note_edit(edited):
            self.unsaved_changed.emit(self.open.is_dirty())
            self._emit_content()

    # ----------------------------------------------------------------- saving

    def save_open(self) -> bool:
        """Save the open request's edits into its file; True when saved (or nothing to save)."""
        path, base, edited = self.open.path, self.open.base, self.open.edited()
        if path is None or base is None or edited is None or not self.open.is_dirty():
            return True
        reason = self._conflict(path, base)
        if reason:
            choice = self.questions.save_conflict(edited.name, reason)
            if choice is SaveConflict.CANCEL:
                return False
            if choice is SaveConflict.SAVE_COPY:
                return self._save_copy(path, edited)
        if find_item(self.collection().items, path) is None:  # gone from disk: write it anew
            return self._save_new(self._existing_folder(path[:-1]), edited, replacing=path)
        store = self._require_store()
        written = self._write(edited, lambda request: store.update_request(path, request))
        if written is None:
            return False
        self.open.saved(path, written)
        self._after_write(path, written)
        self._say(f"Saved {display_path(path)!r}")
        return True

    def save_as(self, folder: ItemPath | None = None) -> bool:
        """Save what the composer shows as a new request (name and folder asked)."""
        if self.store is None:
            return False
        path, base = self.open.path, self.open.base
        suggested = f"{base.name} copy" if base is not None else "New request"
        start = folder if folder is not None else (path[:-1] if path else ())
        answer = self.questions.name_and_folder("Save request as", suggested, self.folders(), start)
        if answer is None:
            return False
        from workbench.core.collections.composing import saved_from_composed

        name, chosen = answer
        request = saved_from_composed(name, self._composer.composed(), base)
        return self._save_new(chosen, request, replacing=path if path is not None else ())

    def new_request(self, folder: ItemPath) -> None:
        """A new, empty request in ``folder``, opened."""
        taken = [item.name for item in self._items_in(folder)]
        name = unique_name("New request", taken)
        base_url = "{{baseUrl}}/" if self._has_base_url() else "https://"
        self._save_new(folder, SavedRequest(name, url=base_url), replacing=None)

    def _save_new(
        self, folder: ItemPath, request: SavedRequest, *, replacing: ItemPath | None
    ) -> bool:
        """Add ``request`` to ``folder`` and open it. ``replacing`` is what the composer
        showed, whose edits went into it: a saved request's draft goes. The profile's own
        request, shown until now, is held as the composer shows it (unsaved edits and all)."""
        store = self._require_store()
        added = self._write(request, lambda req: store.add_request(folder, req))
        if added is None:
            return False
        path = (*folder, added.name)
        if replacing is not None:
            self.open.discard((self.open.profile_id, replacing))
        if self.open.path is None:
            self._editor.hold_request(self._composer.current_request())
        self._after_write(path, added, reopen=True)
        self._say(f"Saved {display_path(path)!r}")
        return True

    def _save_copy(self, path: ItemPath, edited: SavedRequest) -> bool:
        taken = [item.name for item in self._items_in(path[:-1])]
        copy = replace(edited, name=unique_name(f"{edited.name} (my changes)", taken))
        return self._save_new(self._existing_folder(path[:-1]), copy, replacing=path)

    def _write(self, request: SavedRequest, write: Write) -> SavedRequest | None:
        """Run ``write``; credentials in clear are moved to the keychain if the user agrees."""
        from workbench.core.collections.store import CollectionError, SecretsFoundError

        try:
            path = write(request)
        except SecretsFoundError as error:
            cleaned = self._move_secrets(request, error.findings)
            if cleaned is None:
                return None
            return self._write(cleaned, write)
        except CollectionError as error:
            self.questions.show_error("Not saved", str(error))
            self.reload()
            return None
        found = find_item(self.collection().items, path)
        return found if isinstance(found, SavedRequest) else request

    def _move_secrets(
        self, request: SavedRequest, findings: tuple[SecretFinding, ...]
    ) -> SavedRequest | None:
        """Replace credentials by secret variables (values to the keychain), if the user agrees."""
        from workbench.core.collections.environments import secret_entry
        from workbench.core.collections.secret_scan import extract_secrets

        if not self.questions.move_secrets(finding_rows(findings), importing=False):
            self._say("Not saved: the request holds credentials in clear")
            return None
        variables = self.collection().variables
        cleaned, found = extract_secrets(request, [variable.name for variable in variables])
        self.declare_secrets(found, lambda name: secret_entry("", name))
        return cleaned

    def declare_secrets(
        self, findings: Sequence[SecretFinding], entry: Callable[[str], str]
    ) -> None:
        """Keep each finding's value in the keychain (``entry(variable)``) and declare it a
        secret variable of the collection."""
        if self.profile is None or not findings:
            return
        store = self._require_store()
        self._secrets.write(self.profile.profile_id, {entry(f.variable): f.value for f in findings})
        known = {variable.name for variable in store.collection().variables}
        added = tuple(
            Variable(f.variable, secret=True) for f in findings if f.variable not in known
        )
        if added:
            store.set_variables(store.collection().variables + added)
            self.collection_changed.emit()

    def _after_write(self, path: ItemPath, written: SavedRequest, *, reopen: bool = False) -> None:
        if reopen or self.open.path == path:
            self._show_saved(path, written)
        self._emit_content(select=path if reopen else None)
        self.unsaved_changed.emit(self.open.is_dirty())

    def _conflict(self, path: ItemPath, base: SavedRequest) -> str:
        """Why saving over ``path`` would lose someone else's change; empty when it would not."""
        store = self._require_store()
        current = find_item(store.collection().items, path)
        if current is None:
            return ""  # gone: it is written anew
        disk = store.changed_on_disk(path)
        if disk:
            return disk
        if current != base:
            return f"{store.file_path(path)} changed on disk since you opened it"
        return ""

    # ----------------------------------------------------------------- quitting

    def settle_unsaved(self) -> bool:
        """Save, Discard or Cancel for requests with unsaved edits; True to go on closing."""
        drafts = self.open.drafts()
        if not drafts:
            return True
        choice = self.questions.unsaved_requests([draft.edited.name for _, draft in drafts])
        if choice is UnsavedChoice.CANCEL:
            return False
        if choice is UnsavedChoice.DISCARD:
            return True
        return all(self._save_draft(owner, path) for (owner, path), _ in drafts)

    def _save_draft(self, owner: str, path: ItemPath) -> bool:
        if owner == self.open.profile_id and self.store is not None:
            if path == self.open.path:
                return self.save_open()
            self._show_saved_then_save(path)
            return not self.open.is_dirty(path)
        return self._save_elsewhere(owner, path)

    def _show_saved_then_save(self, path: ItemPath) -> None:
        saved = find_item(self.collection().items, path)
        if isinstance(saved, SavedRequest):
            self.open_request(path)
            self.save_open()

    def _save_elsewhere(self, owner: str, path: ItemPath) -> bool:
        """Save a draft of another profile straight into its collection's files."""
        from workbench.core.collections.store import (
            CollectionError,
            CollectionStore,
            profile_collection_folder,
        )

        profile = next((p for p in self._profiles() if p.profile_id == owner), None)
        draft = next((d for (o, p), d in self.open.drafts() if (o, p) == (owner, path)), None)
        if profile is None or draft is None:
            return True  # the profile was deleted: nothing to save into
        store = CollectionStore(profile_collection_folder(profile))
        store.load()
        try:
            store.update_request(path, draft.edited)
        except CollectionError as error:
            self.questions.show_error("Not saved", f"{display_path(path)}: {error}")
            return False
        self.open.discard((owner, path))
        return True

    # ----------------------------------------------------------------- helpers

    def _require_store(self) -> CollectionStore:
        assert self.store is not None, "the collection is not read yet"
        return self.store

    def _items_in(self, folder: ItemPath) -> tuple[Item, ...]:
        if not folder:
            return self.collection().items
        found = find_item(self.collection().items, folder)
        return found.items if isinstance(found, Folder) else ()

    def _existing_folder(self, folder: ItemPath) -> ItemPath:
        while folder and not isinstance(find_item(self.collection().items, folder), Folder):
            folder = folder[:-1]
        return folder

    def _has_base_url(self) -> bool:
        from workbench.core.collections.starter import profile_variables

        names = {v.name for v in self.collection().variables}
        if self.profile is not None:
            names |= {v.name for v in profile_variables(self.profile)}
        return "baseUrl" in names

    def emit_content(self) -> None:
        """Show the tree again (after a change made elsewhere)."""
        self._emit_content()

    def _emit_content(self, select: ItemPath | None = None) -> None:
        items = self.collection().items
        changed = set()
        for (owner, path), draft in self.open.drafts():
            if owner == self.open.profile_id and find_item(items, path) != draft.base:
                changed.add(path)
        self.content_changed.emit(
            TreeContent(
                collection=self.collection(),
                unsaved=self.open.dirty_paths(),
                changed_on_disk=frozenset(changed),
                open_path=self.open.path,
                select=select,
            )
        )

    def _watch(self) -> None:
        """Watch the collection's folders and files, to read them again when they change."""
        if self.store is None:
            return
        if self._watcher is None:
            self._watcher = QFileSystemWatcher(self)
            self._watcher.directoryChanged.connect(self.on_watcher_changed)
            self._watcher.fileChanged.connect(self.on_watcher_changed)
        watched = self._watcher.files() + self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)
        root = self.store.folder
        paths = [str(root)] if root.is_dir() else []
        if root.is_dir():
            for found in sorted(root.rglob("*"))[:MAX_WATCHED_PATHS]:
                if not any(part.startswith(".") for part in found.relative_to(root).parts):
                    paths.append(str(found))
        if paths:
            self._watcher.addPaths(paths)

    @Slot(str)
    def on_watcher_changed(self, _path: str) -> None:
        """Something changed on disk: read it all again shortly."""
        self._reload_timer.start()

    def _say(self, text: str, weight: int = 1) -> None:
        self.status_message.emit(text, STATUS_MESSAGE_MS * weight)

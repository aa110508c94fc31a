"""Every keychain call of the window on one worker thread, in order, off the GUI thread.

Finding keyring's backend loads its plugins and talks to D-Bus, and any keychain call can wait
for the user to unlock the keychain in a prompt: none of that may freeze the window. The jobs
run one at a time in the order they were asked for, so a read after a save sees the save.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from workbench.core.profiles import Profile, SecretKind
from workbench.core.profiles.request_secrets import KEYCHAIN_ENTRY as REQUESTS_ENTRY
from workbench.core.secret import Secret
from workbench.core.secret_store import SecretStore, store_request_secrets

SecretKey = tuple[str, str]
"""(profile id, entry): one secret of one profile: a ``SecretKind`` (a ``str``), or
``REQUESTS_ENTRY`` for the credentials of its requests (API keys, cookies...)."""
EntryKey = tuple[str, str]
"""(profile id, entry): a secret variable's value (``variable/...``), read apart from the
profile's own secrets (``read_entries``)."""
CLOSE_WAIT_S = 10.0
"""How long closing waits for writes still queued (an unlock prompt may be open)."""


class _Job(NamedTuple):
    """One unit of work: ``run`` on the worker, then its answer delivered on the GUI thread."""

    run: Callable[[SecretStore], object]
    reads: tuple[SecretKey, ...] = ()
    entry_reads: tuple[EntryKey, ...] = ()

    @property
    def changes(self) -> bool:
        """True for a job that changes the keychain (not a read)."""
        return not (self.reads or self.entry_reads)


class KeychainWorker(QObject):
    """Runs keychain jobs on one thread, first in first out; answers arrive as signals.

    The thread starts when ``start`` is called (the window calls ``start_after_first_paint``):
    jobs asked for earlier wait in the queue until then.

    Signals:
        secrets_read(dict): the secrets a ``read`` found, ``{(profile_id, entry): Secret}``.
        entries_read(dict): what a ``read_entries`` found, ``{(profile_id, entry): Secret}``,
            None for an entry with nothing stored.
        job_done(): a job finished (the keychain's status may have changed).
    """

    secrets_read = Signal(object)
    entries_read = Signal(object)
    job_done = Signal()
    _answered = Signal(object, object)
    """(job, answer), from the worker thread to this object's (the GUI) thread."""

    def __init__(self, store: SecretStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._outstanding = 0
        self._changes = 0
        self._reading: dict[SecretKey, int] = {}
        self._thread: threading.Thread | None = None
        self._closed = False
        self._watched: QObject | None = None
        self._answered.connect(self._deliver)

    # ----------------------------------------------------------------- state

    @property
    def started(self) -> bool:
        """Whether the worker thread runs (jobs queued before wait for it)."""
        return self._thread is not None

    @property
    def busy(self) -> bool:
        """True while any job is queued or running, or its answer not yet delivered."""
        return self._outstanding > 0

    @property
    def saving(self) -> bool:
        """True while a job that changes the keychain (not a read) is queued or running."""
        return self._changes > 0

    def pending(self, profile_id: str, entry: str) -> bool:
        """True while a read of this secret (a ``SecretKind`` or ``REQUESTS_ENTRY``) has not
        delivered its answer."""
        return self._reading.get((profile_id, entry), 0) > 0

    # ----------------------------------------------------------------- jobs

    def read(self, wanted: Iterable[SecretKey]) -> None:
        """Read these secrets; ``secrets_read`` brings what was found."""
        keys = tuple(wanted)
        if not keys:
            return

        def run(store: SecretStore) -> object:
            store.resolve()
            found: dict[SecretKey, Secret] = {}
            for profile_id, entry in keys:
                secret = store.get_entry(profile_id, entry)
                if secret is not None:
                    found[(profile_id, entry)] = secret
            return found

        self._submit(_Job(run, reads=keys))

    def read_entries(self, profile_id: str, entries: Iterable[str]) -> None:
        """Read a profile's other entries (``variable/NAME``); ``entries_read`` brings them."""
        keys = tuple((profile_id, entry) for entry in entries)
        if not keys:
            return

        def run(store: SecretStore) -> object:
            store.resolve()
            return {key: store.get_entry(*key) or None for key in keys}

        self._submit(_Job(run, entry_reads=keys))

    def write_entry(self, profile_id: str, entry: str, secret: Secret) -> None:
        """Store a profile's other entry (an empty secret deletes it)."""
        self._submit(_Job(lambda store: store.put_entry(profile_id, entry, secret)))

    def move_entries(self, profile_id: str, moves: Sequence[tuple[str, str]]) -> None:
        """Move a profile's entries to new names (a renamed environment's secret values)."""

        def run(store: SecretStore) -> object:
            for old, new in moves:
                secret = store.get_entry(profile_id, old)
                if secret:
                    store.put_entry(profile_id, new, secret)
                store.delete_entry(profile_id, old)
            return None

        self._submit(_Job(run))

    def write(self, profile_id: str, kind: SecretKind, secret: Secret) -> None:
        """Store ``secret`` (an empty one deletes the entry)."""
        self._submit(_Job(lambda store: store.put(profile_id, kind, secret)))

    def store_requests(self, profile: Profile) -> None:
        """Keep the credentials of ``profile``'s requests (``store_request_secrets``)."""
        self._submit(_Job(lambda store: store_request_secrets(store, profile)))

    def delete(self, profile_id: str, kind: SecretKind) -> None:
        """Forget one secret, in the keychain and in memory."""
        self._submit(_Job(lambda store: store.delete(profile_id, kind)))

    def remember_for_run(self, profile_id: str, kind: SecretKind, secret: Secret) -> None:
        """Keep a secret in memory for this run, in turn with the jobs before it."""
        self._submit(_Job(lambda store: store.remember_for_run(profile_id, kind, secret)))

    def delete_profile(self, profile_id: str) -> None:
        """Forget every secret of a profile."""
        self._submit(_Job(lambda store: store.delete_profile(profile_id)))

    def copy(self, source_id: str, target_id: str, to_keychain: Sequence[SecretKind]) -> None:
        """Copy a profile's secrets to another profile id: kinds in ``to_keychain`` into the
        keychain, the others into memory for this run; its requests' credentials too."""
        self._submit(_Job(lambda store: copy_secrets(store, source_id, target_id, to_keychain)))

    # ----------------------------------------------------------------- running

    def start_after_first_paint(self, window: QObject) -> None:
        """Start once ``window`` has painted."""
        if self.started or self._watched is not None:
            return
        self._watched = window
        window.installEventFilter(self)

    def start(self) -> None:
        """Start the worker thread now (once)."""
        if self._thread is None and not self._closed:
            self._start_thread()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Start just after the watched window's first paint."""
        if watched is self._watched and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self._watched = None
            QTimer.singleShot(0, self.start)  # after the whole frame
        return False

    def close(self, wait_s: float = CLOSE_WAIT_S) -> bool:
        """Take no more jobs and drop answers; wait up to ``wait_s`` for the queued jobs to
        run (a save must reach the keychain). False when some were left undone."""
        if self._closed:
            return self._thread is None or not self._thread.is_alive()
        self._closed = True
        if self._watched is not None:
            self._watched.removeEventFilter(self)
            self._watched = None
        if self._thread is None and self._outstanding:
            self._start_thread()
        self._jobs.put(None)
        if self._thread is None:
            return True
        self._thread.join(wait_s)
        return not self._thread.is_alive()

    def _start_thread(self) -> None:
        self._thread = threading.Thread(target=self._work, name="keychain-worker", daemon=True)
        self._thread.start()

    def _submit(self, job: _Job) -> None:
        if self._closed:
            return
        self._outstanding += 1
        self._changes += job.changes
        for key in job.reads:
            self._reading[key] = self._reading.get(key, 0) + 1
        self._jobs.put(job)

    def _work(self) -> None:
        """The worker thread: run jobs in order until the end marker."""
        while (job := self._jobs.get()) is not None:
            try:
                answer = job.run(self._store)
            except Exception:  # the store falls back to memory itself; keep the thread alive
                answer = None if job.changes else dict.fromkeys(job.entry_reads)
            try:
                self._answered.emit(job, answer)
            except RuntimeError:  # the window is gone (closed without waiting): stop quietly
                return

    def _deliver(self, job: _Job, answer: object) -> None:
        """On the GUI thread: count the job done and pass its answer on."""
        self._outstanding -= 1
        self._changes -= job.changes
        for key in job.reads:
            self._reading[key] -= 1
        if self._closed:
            return
        if job.reads:
            self.secrets_read.emit(answer)
        elif job.entry_reads:
            self.entries_read.emit(answer)
        self.job_done.emit()


def copy_secrets(
    store: SecretStore, source_id: str, target_id: str, to_keychain: Sequence[SecretKind]
) -> None:
    """Give ``target_id`` copies of ``source_id``'s secrets (a duplicate): kinds in
    ``to_keychain`` and the requests' credentials in the keychain, the rest in memory."""
    for kind in SecretKind:
        secret = store.get(source_id, kind)
        if secret is None:
            continue
        if kind in to_keychain:
            store.put(target_id, kind, secret)
        else:
            store.remember_for_run(target_id, kind, secret)
    requests = store.get_entry(source_id, REQUESTS_ENTRY)
    if requests is not None:
        store.put_entry(target_id, REQUESTS_ENTRY, requests)

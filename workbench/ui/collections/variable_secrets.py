"""The values of secret variables, from the keychain through its worker, kept for the run."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from workbench.core.secret import Secret
from workbench.core.secret_store import SecretStore

if TYPE_CHECKING:
    from workbench.ui.profiles.keychain_worker import EntryKey, KeychainWorker


class VariableSecrets(QObject):
    """Secret variables' values (keychain entries ``variable/...`` of a profile).

    With ``worker`` every keychain call runs on its thread and answers arrive by signal;
    without (tests), ``store`` is used at once. Values read or written are kept in memory for
    the run, so each is read at most once; none is ever written to a file.

    Signals:
        values_arrived(): a read answered; ``value`` knows more now.
    """

    values_arrived = Signal()

    def __init__(
        self, store: SecretStore, worker: KeychainWorker | None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._worker = worker
        self._known: dict[EntryKey, Secret | None] = {}
        self._asked: set[EntryKey] = set()
        if worker is not None:
            worker.entries_read.connect(self.on_worker_entries_read)

    def value(self, profile_id: str, entry: str) -> Secret | None:
        """The value kept under ``entry``; None when there is none or it was not read yet."""
        return self._known.get((profile_id, entry))

    def knows(self, profile_id: str, entry: str) -> bool:
        """True once the keychain answered for ``entry`` (with a value or without)."""
        return (profile_id, entry) in self._known

    def missing(self, profile_id: str, entries: Iterable[str]) -> list[str]:
        """The entries of ``entries`` the keychain has not answered for yet."""
        return [entry for entry in entries if not self.knows(profile_id, entry)]

    def read(self, profile_id: str, entries: Iterable[str]) -> bool:
        """Ask for ``entries`` not known yet; True when an answer is awaited (``values_arrived``
        follows), False when everything is known now."""
        wanted = [
            e for e in self.missing(profile_id, entries) if (profile_id, e) not in self._asked
        ]
        if self._worker is None:
            for entry in wanted:
                self._known[(profile_id, entry)] = self._store.get_entry(profile_id, entry) or None
            return False
        if wanted:
            self._asked.update((profile_id, entry) for entry in wanted)
            self._worker.read_entries(profile_id, wanted)
        return bool(self.missing(profile_id, entries))

    def write(self, profile_id: str, values: Mapping[str, Secret]) -> None:
        """Keep ``values`` (entry -> secret; an empty secret deletes the entry)."""
        for entry, secret in values.items():
            self._asked.discard((profile_id, entry))
            self._known[(profile_id, entry)] = secret if secret else None
            if self._worker is not None:
                self._worker.write_entry(profile_id, entry, secret)
            else:
                self._store.put_entry(profile_id, entry, secret)

    def move(self, profile_id: str, moves: Mapping[str, str]) -> None:
        """Move values from one entry to another (old entry -> new entry)."""
        for old, new in moves.items():
            self._asked.discard((profile_id, old))
            self._asked.discard((profile_id, new))
            known = self._known.pop((profile_id, old), None)
            if known is not None:
                self._known[(profile_id, new)] = known
            else:
                self._known.pop((profile_id, new), None)
        if self._worker is not None:
            self._worker.move_entries(profile_id, list(moves.items()))
            return
        for old, new in moves.items():
            secret = self._store.get_entry(profile_id, old)
            if secret:
                self._store.put_entry(profile_id, new, secret)
            self._store.delete_entry(profile_id, old)

    @Slot(object)
    def on_worker_entries_read(self, found: dict[EntryKey, Secret | None]) -> None:
        """The worker answered: note each entry it read, found or not (a value written
        meanwhile wins)."""
        for key, secret in found.items():
            if key in self._asked:
                self._asked.discard(key)
                self._known[key] = secret
        self.values_arrived.emit()

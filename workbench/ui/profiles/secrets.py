"""Where each secret of a profile comes from and goes to: keychain, environment, or asked for."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import NamedTuple

from PySide6.QtCore import QObject, Signal

from workbench.core.profiles import Profile, SecretKind, SecretSource
from workbench.core.profiles.request_secrets import KEYCHAIN_ENTRY as REQUESTS_ENTRY
from workbench.core.secret import Secret
from workbench.core.secret_store import KeychainStatus, SecretStore, lookup_secret
from workbench.ui.profiles.keychain_worker import KeychainWorker, copy_secrets

SECRET_KINDS = (SecretKind.CLIENT_SECRET, SecretKind.PRIVATE_KEY)
"""The secrets the credential form shows (a passphrase has no field)."""


class SecretAnswer(NamedTuple):
    """A secret found for a token request, or why there is none yet.

    Exactly one holds: ``secret`` is set; or ``waiting`` (the keychain has not answered yet);
    or ``must_ask`` (an "ask every time" secret nobody typed); or ``missing`` says what is
    wrong (an environment variable not set).
    """

    secret: Secret | None = None
    waiting: bool = False
    must_ask: bool = False
    missing: str = ""


class ProfileSecrets(QObject):
    """The secrets of profiles, from the source each profile names.

    The OS keychain is reached through ``worker`` when one is given (every call in order on
    one background thread, answers by signal) or through ``store`` on this thread otherwise
    (tests). An environment variable is read when a token is requested; an "ask every time"
    secret, once asked, is kept in memory for the run.

    A profile's requests (the composer's last request, the token request's extra headers and
    parameters) keep their credentials here too: the profile's file holds placeholders
    (``core.profiles.request_secrets``), the keychain one entry per profile.

    Signals:
        secrets_read(dict): a background read answered, ``{(profile_id, entry): Secret}``
            (``entry``: a ``SecretKind``, or ``REQUESTS_ENTRY`` for the requests' credentials).
        keychain_changed(): a keychain job ended; ``keychain_status()`` may say otherwise now.
    """

    secrets_read = Signal(object)
    keychain_changed = Signal()

    def __init__(
        self,
        store: SecretStore,
        *,
        worker: KeychainWorker | None = None,
        environ: Mapping[str, str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.worker = worker
        self._environ: Mapping[str, str] = environ if environ is not None else os.environ
        if worker is not None:
            worker.secrets_read.connect(self.secrets_read)
            worker.job_done.connect(self.keychain_changed)

    def keychain_status(self) -> KeychainStatus | None:
        """The keychain's status, or None while it was never needed (nothing to warn about)."""
        if not self.store.resolved:
            return None
        return self.store.status

    def pending(self, profile_id: str, entry: str) -> bool:
        """True while a background read of this secret (a ``SecretKind``, or
        ``REQUESTS_ENTRY``) has not answered."""
        return self.worker is not None and self.worker.pending(profile_id, entry)

    def shown_requests(self, profile: Profile) -> Profile:
        """``profile`` with its requests' credentials put back where its file has placeholders.

        With a worker they are read in the background and arrive by ``secrets_read`` (under
        ``REQUESTS_ENTRY``); ``profile`` stands as it is meanwhile. No placeholder: the
        keychain is left alone.
        """
        from workbench.core.profiles.request_secrets import placeholders
        from workbench.core.secret_store import load_request_secrets

        if not placeholders(profile):
            return profile
        if self.worker is not None:
            self.worker.read([(profile.profile_id, REQUESTS_ENTRY)])
            return profile
        return load_request_secrets(self.store, profile)

    def save_requests(self, before: Profile, profile: Profile) -> None:
        """Keep ``profile``'s requests' credentials (``before``: as it was saved last), so
        the placeholders of its file find them again; the keychain is not touched when
        neither version holds any."""
        from workbench.core.secret_store import may_hold_request_secrets, store_request_secrets

        if not (may_hold_request_secrets(profile) or may_hold_request_secrets(before)):
            return
        if self.worker is not None:
            self.worker.store_requests(profile)
        else:
            store_request_secrets(self.store, profile)

    def shown(self, profile: Profile, kind: SecretKind) -> Secret:
        """The secret the form shows for ``profile``: from the keychain or this run's memory.

        With a worker, a keychain secret is read in the background and arrives later by
        ``secrets_read``; an empty secret stands in meanwhile.
        """
        ref = profile.secret_ref(kind)
        if ref.source is SecretSource.ENVIRONMENT:
            return Secret()
        if ref.source is SecretSource.KEYCHAIN and not ref.may_be_stored:
            return Secret()  # none was ever saved: do not wake the keychain for nothing
        if self.worker is None:
            found = self.store.get(profile.profile_id, kind)
        elif ref.source is SecretSource.KEYCHAIN:
            self.worker.read([(profile.profile_id, kind)])
            return Secret()
        else:  # asked for: kept in memory only
            found = self.store.remembered(profile.profile_id, kind)
        return found if found is not None else Secret()

    def save(self, profile: Profile, kind: SecretKind, value: Secret) -> Profile:
        """Put ``value`` where the profile's source says; returns the profile noting whether
        its keychain holds the secret now."""
        source = profile.secret_ref(kind).source
        worker = self.worker
        if source is SecretSource.KEYCHAIN:
            if not value and self.pending(profile.profile_id, kind):
                return profile  # not read yet, not cleared by the user: leave the keychain
            if not value and profile.secret_ref(kind).stored is False:
                return profile  # nothing stored, nothing typed: the keychain is not needed
            profile = profile.with_stored(kind, bool(value))
            if worker is not None:
                worker.write(profile.profile_id, kind, value)
            else:
                self.store.put(profile.profile_id, kind, value)
        elif worker is not None:
            worker.delete(profile.profile_id, kind)
            if source is SecretSource.ASK and value:
                worker.remember_for_run(profile.profile_id, kind, value)
        else:
            self.store.delete(profile.profile_id, kind)
            if source is SecretSource.ASK and value:
                self.store.remember_for_run(profile.profile_id, kind, value)
        return profile

    def copy(self, source: Profile, target_id: str) -> None:
        """Give the profile ``target_id`` copies of ``source``'s secrets (a duplicate): the
        keychain ones (and its requests' credentials) in the keychain, the others in memory
        for this run."""
        in_keychain = [
            kind for kind in SECRET_KINDS if source.secret_ref(kind).source is SecretSource.KEYCHAIN
        ]
        if self.worker is not None:
            self.worker.copy(source.profile_id, target_id, in_keychain)
        else:
            copy_secrets(self.store, source.profile_id, target_id, in_keychain)

    def forget_profile(self, profile_id: str) -> None:
        """Forget every secret of a deleted profile, in the keychain and in memory."""
        if self.worker is not None:
            self.worker.delete_profile(profile_id)
        else:
            self.store.delete_profile(profile_id)

    def remember_for_run(self, profile_id: str, kind: SecretKind, secret: Secret) -> None:
        """Keep ``secret`` in memory for this run only (asked for, or the demo's)."""
        self.store.remember_for_run(profile_id, kind, secret)

    def find(self, profile: Profile, kind: SecretKind, typed: Secret) -> SecretAnswer:
        """The secret a token request sends, from the profile's source (``typed``: the form's)."""
        source = profile.secret_ref(kind).source
        if source is SecretSource.KEYCHAIN:
            if typed:
                return SecretAnswer(typed)
            if self.pending(profile.profile_id, kind):
                return SecretAnswer(waiting=True)
            if self.worker is not None:
                return SecretAnswer(typed)  # the keychain answered and holds none
            stored = self.store.get(profile.profile_id, kind)
            return SecretAnswer(stored if stored is not None else typed)
        if source is SecretSource.ASK:
            if typed:
                return SecretAnswer(typed)
            remembered = self.store.remembered(profile.profile_id, kind)
            if remembered is not None:
                return SecretAnswer(remembered)
            return SecretAnswer(must_ask=True)
        lookup = lookup_secret(profile, kind, self.store, self._environ)
        if lookup.secret is not None:
            return SecretAnswer(lookup.secret)
        return SecretAnswer(missing=lookup.message)

"""Secrets in the OS keychain, or the environment, or asked for; never in a file."""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.core.profiles import Profile, SecretKind, SecretSource, request_secrets
from workbench.core.profiles.trust import needs_confirmation
from workbench.core.secret import Secret

if TYPE_CHECKING:
    import keyring.backend

# keyring is imported when the keychain is first needed: finding its backend loads every
# plugin (the macOS one runs a compiler to find a library) and talks to D-Bus, which has no
# place on a window's start-up path.

SERVICE = "oauth-workbench"
"""The keychain service name every entry of this application is filed under."""


@dataclass(frozen=True)
class KeychainStatus:
    """Whether secrets reach the OS keychain; when not, why, in words for a banner."""

    available: bool
    message: str = ""


@dataclass(frozen=True)
class SecretLookup:
    """The result of looking up one secret: the value, or why there is none."""

    secret: Secret | None
    message: str = ""
    """Empty when found; otherwise what the user should know or do."""

    @property
    def must_ask(self) -> bool:
        """True when the user has to type the secret in."""
        return self.secret is None


class SecretStore:
    """Keeps secrets in the OS keychain; in memory for this run when the keychain fails.

    There is never a plaintext fallback: when the keychain is missing, locked or erroring,
    secrets live in this object only and ``status`` says so.
    """

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._given_backend = backend
        self._found_backend: keyring.backend.KeyringBackend | None = None
        self._memory: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()
        self._resolve_lock = threading.Lock()
        self._status = KeychainStatus(True)

    @property
    def resolved(self) -> bool:
        """Whether the keychain backend has been looked for yet (see ``resolve``)."""
        return self._given_backend is not None or self._found_backend is not None

    def resolve(self) -> KeychainStatus:
        """Find the keychain backend (once; safe from any thread) and return the status."""
        self._backend()
        return self._status

    @property
    def status(self) -> KeychainStatus:
        """Whether the keychain is usable, as far as the last operation showed."""
        self._backend()
        return self._status

    def _backend(self) -> keyring.backend.KeyringBackend:
        if self._given_backend is not None:
            backend = self._given_backend
        else:
            with self._resolve_lock:
                if self._found_backend is None:
                    import keyring

                    self._found_backend = keyring.get_keyring()
                backend = self._found_backend
        from keyring.backends import fail

        if isinstance(backend, fail.Keyring) and self._status.available:
            self._status = KeychainStatus(
                False,
                "No OS keychain was found, so secrets are kept in memory for this run only "
                "and will be asked for again next time.",
            )
        return backend

    def get(self, profile_id: str, kind: SecretKind) -> Secret | None:
        """The stored secret, or None when there is none."""
        return self.get_entry(profile_id, kind.value)

    def get_entry(self, profile_id: str, entry: str) -> Secret | None:
        """The secret a profile keeps under ``entry`` (a ``SecretKind`` value, or
        ``variable/...`` for a secret variable), or None when there is none."""
        key = (profile_id, entry)
        with self._lock:
            if key in self._memory:
                return Secret(self._memory[key])
        backend = self._backend()
        if not self._status.available:
            return None
        try:
            value = backend.get_password(SERVICE, _username(*key))
        except Exception as error:  # keychain backends raise anything: D-Bus, OS
            self._fall_back(error)
            return None
        return None if value is None else Secret(value)

    def remembered(self, profile_id: str, kind: SecretKind) -> Secret | None:
        """A secret kept in memory for this run (asked for, or the keychain failed); no
        keychain access."""
        with self._lock:
            value = self._memory.get((profile_id, kind.value))
        return None if value is None else Secret(value)

    def put(self, profile_id: str, kind: SecretKind, secret: Secret) -> KeychainStatus:
        """Store ``secret`` (an empty one deletes); returns where it ended up."""
        return self.put_entry(profile_id, kind.value, secret)

    def put_entry(self, profile_id: str, entry: str, secret: Secret) -> KeychainStatus:
        """Store ``secret`` under ``entry`` (an empty one deletes); returns where it ended up."""
        if not secret:
            self.delete_entry(profile_id, entry)
            return self._status
        key = (profile_id, entry)
        backend = self._backend()
        if self._status.available:
            try:
                backend.set_password(SERVICE, _username(*key), secret.reveal())
            except Exception as error:  # see get()
                self._fall_back(error)
            else:
                with self._lock:
                    self._memory.pop(key, None)
                return self._status
        with self._lock:
            self._memory[key] = secret.reveal()
        return self._status

    def delete(self, profile_id: str, kind: SecretKind) -> None:
        """Forget one secret, in memory and in the keychain."""
        self.delete_entry(profile_id, kind.value)

    def delete_entry(self, profile_id: str, entry: str) -> None:
        """Forget the secret kept under ``entry``, in memory and in the keychain."""
        key = (profile_id, entry)
        with self._lock:
            self._memory.pop(key, None)
        backend = self._backend()
        if not self._status.available:
            return
        import keyring.errors

        try:
            backend.delete_password(SERVICE, _username(*key))
        except keyring.errors.PasswordDeleteError:
            return  # there was none
        except Exception as error:  # see get()
            self._fall_back(error)

    def delete_profile(self, profile_id: str) -> None:
        """Forget every secret of a profile (when the profile is deleted)."""
        for kind in SecretKind:
            self.delete(profile_id, kind)
        self.delete_entry(profile_id, request_secrets.KEYCHAIN_ENTRY)

    def remember_for_run(self, profile_id: str, kind: SecretKind, secret: Secret) -> None:
        """Keep a secret that was asked for in memory only, for the rest of this run."""
        with self._lock:
            self._memory[(profile_id, kind.value)] = secret.reveal()

    def _fall_back(self, error: Exception) -> None:
        import keyring.errors

        reason = str(error).strip() or type(error).__name__
        if isinstance(error, keyring.errors.KeyringLocked):
            reason = "the keychain is locked"
        self._status = KeychainStatus(
            False,
            f"The OS keychain could not be used ({reason}), so secrets are kept in memory "
            "for this run only and will be asked for again next time.",
        )


def lookup_secret(
    profile: Profile,
    kind: SecretKind,
    store: SecretStore,
    environ: Mapping[str, str] | None = None,
) -> SecretLookup:
    """Find a profile's secret from the source the profile names."""
    ref = profile.secret_ref(kind)
    label = kind.value.replace("-", " ")
    if ref.source is SecretSource.ENVIRONMENT and needs_confirmation(profile):
        # Never read a variable a file named before the user has seen where it would go.
        return SecretLookup(
            None,
            f"The profile {profile.name!r} was imported from {profile.trust.imported_from} "
            f"and reads its {label} from ${ref.env_var}: confirm where it sends it first.",
        )
    if ref.source is SecretSource.ENVIRONMENT:
        env = os.environ if environ is None else environ
        if not ref.env_var:
            return SecretLookup(None, f"The profile reads its {label} from an unnamed variable.")
        value = env.get(ref.env_var, "")
        if not value:
            return SecretLookup(None, f"The environment variable {ref.env_var} is not set.")
        return SecretLookup(Secret(value))
    if ref.source is SecretSource.KEYCHAIN and not ref.may_be_stored:
        return SecretLookup(None, f"No {label} is stored for {profile.name!r} yet.")
    secret = store.get(profile.profile_id, kind)
    if secret is not None:
        return SecretLookup(secret)
    if ref.source is SecretSource.ASK:
        return SecretLookup(None, f"Type the {label} for {profile.name!r}.")
    return SecretLookup(None, f"No {label} is stored for {profile.name!r} yet.")


def store_request_secrets(store: SecretStore, profile: Profile) -> KeychainStatus:
    """Keep the credentials of ``profile``'s requests in the keychain (none: delete the entry).

    The profile's file holds placeholders for them (``profiles.request_secrets``); call this
    when saving the profile, so that ``load_request_secrets`` finds them again. A placeholder
    still in ``profile`` (its value was never put back, say the keychain was locked) keeps the
    value the entry holds for it: saving never loses a key the user did not remove.
    """
    split = request_secrets.split(profile)
    values = dict(split.values)
    left = [p for p in request_secrets.placeholders(split.profile) if p not in values]
    if left:
        stored = request_secrets.from_secret(
            store.get_entry(profile.profile_id, request_secrets.KEYCHAIN_ENTRY)
        )
        values.update({p: stored[p] for p in left if p in stored})
    return store.put_entry(
        profile.profile_id, request_secrets.KEYCHAIN_ENTRY, request_secrets.to_secret(values)
    )


def may_hold_request_secrets(profile: Profile) -> bool:
    """True when ``profile``'s requests hold a credential or the placeholder of one, so its
    keychain entry may need writing (False: the keychain can be left alone)."""
    return bool(request_secrets.placeholders(profile)) or bool(
        request_secrets.split(profile).values
    )


def load_request_secrets(store: SecretStore, profile: Profile) -> Profile:
    """``profile`` with its requests' credentials put back from the keychain.

    The keychain is not touched when the profile holds no placeholder; a placeholder whose
    value is not there stays as it is, visibly.
    """
    if not request_secrets.placeholders(profile):
        return profile
    secret = store.get_entry(profile.profile_id, request_secrets.KEYCHAIN_ENTRY)
    return request_secrets.restore(profile, request_secrets.from_secret(secret))


def _username(profile_id: str, kind: str) -> str:
    return f"{profile_id}/{kind}"

"""Secrets: the keychain, the environment, asking; in memory only when the keychain fails."""

from __future__ import annotations

import keyring.errors
import pytest
from keyring.backends import fail

from tests.conftest import MemoryKeyring
from workbench.core.profiles import Profile, SecretKind, SecretRef, SecretSource
from workbench.core.secret import Secret
from workbench.core.secret_store import SERVICE, SecretStore, lookup_secret


class BrokenKeyring(MemoryKeyring):
    """A keychain that is there but refuses every call, as a locked one does."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def get_password(self, service: str, username: str) -> str | None:
        raise self.error

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.error

    def delete_password(self, service: str, username: str) -> None:
        raise self.error


def test_secrets_go_to_the_keychain_under_the_profile_id(memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()
    status = store.put("p1", SecretKind.CLIENT_SECRET, Secret("demo-secret"))
    assert status.available
    assert memory_keyring.entries == {(SERVICE, "p1/client-secret"): "demo-secret"}
    fresh = SecretStore()  # a restart reads it back from the keychain
    found = fresh.get("p1", SecretKind.CLIENT_SECRET)
    assert found is not None and found.reveal() == "demo-secret"


def test_deleting_a_profile_deletes_its_entries(memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()
    store.put("p1", SecretKind.CLIENT_SECRET, Secret("a"))
    store.put("p1", SecretKind.PRIVATE_KEY, Secret("b"))
    store.put("p2", SecretKind.CLIENT_SECRET, Secret("c"))
    store.delete_profile("p1")
    assert list(memory_keyring.entries) == [(SERVICE, "p2/client-secret")]


def test_an_empty_secret_deletes_the_entry(memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()
    store.put("p1", SecretKind.CLIENT_SECRET, Secret("a"))
    store.put("p1", SecretKind.CLIENT_SECRET, Secret(""))
    assert memory_keyring.entries == {}
    assert store.get("p1", SecretKind.CLIENT_SECRET) is None


def test_no_keychain_keeps_secrets_in_memory_and_says_so() -> None:
    store = SecretStore(backend=fail.Keyring())
    assert not store.status.available
    assert "memory" in store.status.message
    store.put("p1", SecretKind.CLIENT_SECRET, Secret("demo-secret"))
    found = store.get("p1", SecretKind.CLIENT_SECRET)
    assert found is not None and found.reveal() == "demo-secret"
    # A new run has nothing: there is no plaintext fallback anywhere.
    assert SecretStore(backend=fail.Keyring()).get("p1", SecretKind.CLIENT_SECRET) is None


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (keyring.errors.KeyringLocked("locked"), "locked"),
        (RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown"), "ServiceUnknown"),
    ],
)
def test_a_failing_keychain_falls_back_to_memory(error: Exception, words: str) -> None:
    store = SecretStore(backend=BrokenKeyring(error))  # type: ignore[arg-type]
    assert store.status.available
    status = store.put("p1", SecretKind.CLIENT_SECRET, Secret("demo-secret"))
    assert not status.available
    assert words in status.message
    found = store.get("p1", SecretKind.CLIENT_SECRET)
    assert found is not None and found.reveal() == "demo-secret"


def test_lookup_from_the_environment() -> None:
    profile = Profile(
        name="env",
        secrets={SecretKind.CLIENT_SECRET: SecretRef(SecretSource.ENVIRONMENT, "GR_SECRET")},
    )
    store = SecretStore()
    found = lookup_secret(profile, SecretKind.CLIENT_SECRET, store, {"GR_SECRET": "s"})
    assert found.secret is not None and found.secret.reveal() == "s"
    missing = lookup_secret(profile, SecretKind.CLIENT_SECRET, store, {})
    assert missing.must_ask
    assert "GR_SECRET is not set" in missing.message


def test_lookup_asks_when_the_profile_says_so_until_given_for_the_run() -> None:
    profile = Profile(name="ask", secrets={SecretKind.CLIENT_SECRET: SecretRef(SecretSource.ASK)})
    store = SecretStore()
    assert lookup_secret(profile, SecretKind.CLIENT_SECRET, store).must_ask
    store.remember_for_run(profile.profile_id, SecretKind.CLIENT_SECRET, Secret("typed"))
    found = lookup_secret(profile, SecretKind.CLIENT_SECRET, store)
    assert found.secret is not None and found.secret.reveal() == "typed"


def test_lookup_from_the_keychain(memory_keyring: MemoryKeyring) -> None:
    profile = Profile(name="kc")
    store = SecretStore()
    assert (
        "No client secret is stored"
        in lookup_secret(profile, SecretKind.CLIENT_SECRET, store).message
    )
    store.put(profile.profile_id, SecretKind.CLIENT_SECRET, Secret("k"))
    found = lookup_secret(profile, SecretKind.CLIENT_SECRET, store)
    assert found.secret is not None and found.secret.reveal() == "k"


def test_lookup_leaves_the_keychain_alone_when_nothing_was_stored() -> None:
    class Untouchable:
        def get_password(self, service: str, username: str) -> str | None:
            raise AssertionError("the keychain was asked")

    profile = Profile(name="fresh").with_stored(SecretKind.CLIENT_SECRET, False)
    store = SecretStore(backend=Untouchable())  # type: ignore[arg-type]
    found = lookup_secret(profile, SecretKind.CLIENT_SECRET, store)
    assert found.must_ask
    assert found.message == "No client secret is stored for 'fresh' yet."

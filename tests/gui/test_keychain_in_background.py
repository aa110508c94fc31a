"""The application finds the keychain off the GUI thread and fills the secret when it answers."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from keyring.backends import fail

from tests.conftest import MemoryKeyring
from workbench.core.presets import GETRESPONSE
from workbench.core.profiles import ProfileStore, SecretKind
from workbench.core.secret import Secret
from workbench.core.secret_store import SecretStore

pytestmark = pytest.mark.gui


def shown(build: Any, qtbot: Any) -> Any:
    """The application's window, shown: the keychain is searched after its first paint."""
    window = build(keychain_in_background=True).window
    with qtbot.waitExposed(window):
        window.show()
    return window


def saved_profile_with_secret(memory_keyring: MemoryKeyring) -> str:
    profile = GETRESPONSE.new_profile("Mine")
    ProfileStore().save([profile])
    SecretStore(backend=memory_keyring).put(
        profile.profile_id, SecretKind.CLIENT_SECRET, Secret("kept-in-keychain")
    )
    return profile.profile_id


def test_the_secret_arrives_from_the_keychain_without_marking_the_profile_modified(
    build: Any, qtbot: Any, memory_keyring: MemoryKeyring
) -> None:
    saved_profile_with_secret(memory_keyring)
    window = build(keychain_in_background=True).window
    assert window.form.clientSecretEdit.text() == ""  # nothing read before the first paint
    with qtbot.waitExposed(window):
        window.show()
    qtbot.waitUntil(lambda: window.form.clientSecretEdit.text() == "kept-in-keychain")
    assert window.secret_store.resolved
    assert not window.is_modified()
    assert not window.keychainBanner.isVisibleTo(window)


def test_a_secret_typed_before_the_keychain_answers_is_not_overwritten(
    build: Any, qtbot: Any, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved_profile_with_secret(memory_keyring)
    release = threading.Event()
    slow = MemoryKeyring()
    slow.entries = memory_keyring.entries

    def get_keyring() -> MemoryKeyring:
        release.wait(10)
        return slow

    monkeypatch.setattr("keyring.get_keyring", get_keyring)
    window = shown(build, qtbot)
    qtbot.waitUntil(lambda: window._keychain_reader._started)
    # The window is shown and usable while the keychain search is still blocked.
    assert not window.secret_store.resolved
    assert window.form.clientSecretEdit.text() == ""
    window.form.clientSecretEdit.setText("typed-by-hand")
    with qtbot.waitSignal(window._keychain_reader.secrets_read):
        release.set()
    assert window.form.clientSecretEdit.text() == "typed-by-hand"
    assert window.is_modified()


def test_no_keychain_shows_the_banner_once_the_search_is_over(
    build: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("keyring.get_keyring", fail.Keyring)
    window = shown(build, qtbot)
    qtbot.waitUntil(lambda: window.keychainBanner.isVisibleTo(window))
    assert "memory for this run only" in window.keychainBanner.text()


def test_saving_before_the_keychain_answers_keeps_the_stored_secret(
    build: Any, qtbot: Any, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile_id = saved_profile_with_secret(memory_keyring)
    release = threading.Event()
    slow = MemoryKeyring()
    slow.entries = memory_keyring.entries

    def get_keyring() -> MemoryKeyring:
        release.wait(10)
        return slow

    monkeypatch.setattr("keyring.get_keyring", get_keyring)
    window = build(keychain_in_background=True).window  # not shown: the read has not begun
    window.form.scopeEdit.setText("all")  # an edit, then Save, before the keychain answered
    assert window.form.clientSecretEdit.text() == ""
    release.set()  # saving may look the keychain up itself: let that search finish at once
    assert window.save_current_profile()
    assert slow.entries[("oauth-workbench", f"{profile_id}/client-secret")] == "kept-in-keychain"

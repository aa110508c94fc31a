"""The application finds the keychain off the GUI thread and fills the secret when it answers."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from keyring.backends import fail

from tests.conftest import MemoryKeyring
from tests.gui.conftest import frames_settled
from workbench.core.presets import GETRESPONSE, sandbox_profile
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
    profile = GETRESPONSE.new_profile("Mine").with_stored(SecretKind.CLIENT_SECRET, True)
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
    assert not window.profiles.is_modified()
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
    qtbot.waitUntil(lambda: window._keychain.started)
    # The window is shown and usable while the keychain search is still blocked.
    assert not window.secret_store.resolved
    assert window.form.clientSecretEdit.text() == ""
    window.form.clientSecretEdit.setText("typed-by-hand")
    with qtbot.waitSignal(window._keychain.secrets_read):
        release.set()
    assert window.form.clientSecretEdit.text() == "typed-by-hand"
    assert window.profiles.is_modified()


def test_a_profile_with_nothing_stored_leaves_the_keychain_alone(
    build: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    searched: list[bool] = []
    monkeypatch.setattr("keyring.get_keyring", lambda: searched.append(True) or fail.Keyring())
    window = shown(build, qtbot)  # a first start: the GetResponse preset, no secret saved
    qtbot.waitUntil(lambda: window._keychain.started)
    assert not window._keychain.busy
    assert searched == []  # no keychain search, no unlock prompt, no keychain library
    assert not window.secret_store.resolved
    assert not window.keychainBanner.isVisibleTo(window)


def test_no_keychain_shows_the_banner_once_a_secret_is_saved(
    build: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("keyring.get_keyring", fail.Keyring)
    window = shown(build, qtbot)
    window.form.clientSecretEdit.setText("typed-secret")
    assert window.profiles.save()
    qtbot.waitUntil(lambda: window.keychainBanner.isVisibleTo(window))
    assert "memory for this run only" in window.keychainBanner.text()
    assert window.profiles.current_profile().secret_ref(SecretKind.CLIENT_SECRET).stored is True


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
    assert window.profiles.save()
    assert slow.entries[("oauth-workbench", f"{profile_id}/client-secret")] == "kept-in-keychain"


class GatedKeyring(MemoryKeyring):
    """A keychain whose reads and writes wait at a gate (an unlock prompt left open)."""

    def __init__(self, entries: dict[tuple[str, str], str]) -> None:
        super().__init__()
        self.entries = entries
        self.gate = threading.Event()
        self.gate.set()

    def get_password(self, service: str, username: str) -> str | None:
        self.gate.wait(10)
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self.gate.wait(10)
        super().set_password(service, username, password)


def gated(monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring) -> GatedKeyring:
    keychain = GatedKeyring(memory_keyring.entries)
    monkeypatch.setattr("keyring.get_keyring", lambda: keychain)
    return keychain


def idle(window: Any) -> bool:
    return window._keychain.started and not window._keychain.busy


def stalled_after_start(
    build: Any, qtbot: Any, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> tuple[Any, GatedKeyring, str]:
    """A shown window whose stored secret has arrived, then a keychain that stops answering
    (as when it waits to be unlocked): (window, keychain, profile id)."""
    profile_id = saved_profile_with_secret(memory_keyring)
    keychain = gated(monkeypatch, memory_keyring)
    window = shown(build, qtbot)
    qtbot.waitUntil(lambda: window.form.clientSecretEdit.text() == "kept-in-keychain")
    qtbot.waitUntil(lambda: idle(window))
    keychain.gate.clear()
    return window, keychain, profile_id


def test_saving_returns_at_once_while_the_keychain_is_waiting_for_an_unlock(
    build: Any, qtbot: Any, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, keychain, profile_id = stalled_after_start(build, qtbot, memory_keyring, monkeypatch)
    window.form.clientSecretEdit.setText("a-new-secret")
    assert window.profiles.save()  # returns while the keychain write waits
    assert window._keychain.busy
    window.form.scopeEdit.setText("still typing")  # the window keeps answering
    assert window.form.scopeEdit.text() == "still typing"
    entry = ("oauth-workbench", f"{profile_id}/client-secret")
    assert memory_keyring.entries[entry] == "kept-in-keychain"
    keychain.gate.set()
    qtbot.waitUntil(lambda: memory_keyring.entries[entry] == "a-new-secret")
    qtbot.waitUntil(lambda: idle(window))
    assert not window.keychainBanner.isVisibleTo(window)


def test_switching_profiles_reads_the_other_secret_in_the_background(
    build: Any, qtbot: Any, memory_keyring: MemoryKeyring
) -> None:
    first = GETRESPONSE.new_profile("First").with_stored(SecretKind.CLIENT_SECRET, True)
    second = GETRESPONSE.new_profile("Second").with_stored(SecretKind.CLIENT_SECRET, True)
    ProfileStore().save([first, second])
    store = SecretStore(backend=memory_keyring)
    store.put(first.profile_id, SecretKind.CLIENT_SECRET, Secret("first-secret"))
    store.put(second.profile_id, SecretKind.CLIENT_SECRET, Secret("second-secret"))
    window = shown(build, qtbot)
    qtbot.waitUntil(lambda: window.form.clientSecretEdit.text() == "first-secret")
    assert window.profiles.select(1)
    assert window.form.clientSecretEdit.text() == ""  # asked for, not waited for
    assert window._keychain.pending(second.profile_id, SecretKind.CLIENT_SECRET)
    qtbot.waitUntil(lambda: window.form.clientSecretEdit.text() == "second-secret")
    assert not window.profiles.is_modified()


def test_get_token_waits_for_the_keychain_then_asks(
    build: Any,
    qtbot: Any,
    sandbox: Any,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    profile = sandbox_profile(sandbox.url, "In the keychain").with_stored(
        SecretKind.CLIENT_SECRET, True
    )
    ProfileStore().save([profile])
    SecretStore(backend=memory_keyring).put(
        profile.profile_id, SecretKind.CLIENT_SECRET, Secret("demo-secret")
    )
    keychain = gated(monkeypatch, memory_keyring)
    keychain.gate.clear()
    window = shown(build, qtbot)
    qtbot.waitUntil(lambda: window._keychain.started)
    window.action("getToken").trigger()  # before the secret arrived
    assert not window.session.token_busy_now
    assert "keychain" in window.statusBar().currentMessage()
    with qtbot.waitSignal(window.session.token_changed, timeout=10_000) as changed:
        keychain.gate.set()
    frames_settled(qtbot)
    assert changed.args[0] is not None
    assert window.form.clientSecretEdit.text() == "demo-secret"


def test_switching_profile_drops_a_token_request_waiting_for_the_keychain(
    build: Any,
    qtbot: Any,
    sandbox: Any,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    waiting = sandbox_profile(sandbox.url, "Waiting").with_stored(SecretKind.CLIENT_SECRET, True)
    other = sandbox_profile(sandbox.url, "Other").with_stored(SecretKind.CLIENT_SECRET, True)
    ProfileStore().save([waiting, other])
    store = SecretStore(backend=memory_keyring)
    for profile in (waiting, other):
        store.put(profile.profile_id, SecretKind.CLIENT_SECRET, Secret("demo-secret"))
    keychain = gated(monkeypatch, memory_keyring)
    keychain.gate.clear()
    window = shown(build, qtbot)
    qtbot.waitUntil(lambda: window._keychain.started)
    window.action("getToken").trigger()  # waits for the first profile's secret
    assert window.profiles.select(1)
    keychain.gate.set()
    qtbot.waitUntil(lambda: window.form.clientSecretEdit.text() == "demo-secret")
    qtbot.waitUntil(lambda: idle(window))
    assert window.session.token is None
    assert not window.session.token_busy_now


def test_deleting_a_profile_forgets_its_keychain_entries_in_the_background(
    build: Any, qtbot: Any, memory_keyring: MemoryKeyring
) -> None:
    profile_id = saved_profile_with_secret(memory_keyring)
    window = shown(build, qtbot)
    qtbot.waitUntil(lambda: idle(window))
    window.questions.confirm_delete = lambda _name: True
    window.profiles.delete()
    qtbot.waitUntil(lambda: idle(window))
    assert ("oauth-workbench", f"{profile_id}/client-secret") not in memory_keyring.entries


def test_a_duplicate_gets_a_copy_of_the_keychain_secret(
    build: Any, qtbot: Any, memory_keyring: MemoryKeyring
) -> None:
    saved_profile_with_secret(memory_keyring)
    window = shown(build, qtbot)
    qtbot.waitUntil(lambda: window.form.clientSecretEdit.text() == "kept-in-keychain")
    window.profiles.duplicate()
    copy = window.profiles.current_profile()
    assert copy.name == "Mine (copy)"
    qtbot.waitUntil(lambda: window.form.clientSecretEdit.text() == "kept-in-keychain")
    entry = ("oauth-workbench", f"{copy.profile_id}/client-secret")
    assert memory_keyring.entries[entry] == "kept-in-keychain"


def test_closing_lets_a_save_made_before_the_first_paint_reach_the_keychain(
    build: Any, memory_keyring: MemoryKeyring
) -> None:
    profile_id = saved_profile_with_secret(memory_keyring)
    window = build(keychain_in_background=True).window  # never shown: the worker waits
    window.form.clientSecretEdit.setText("typed-before-paint")
    assert window.profiles.save()
    assert not window._keychain.started
    window.close()
    entry = ("oauth-workbench", f"{profile_id}/client-secret")
    assert memory_keyring.entries[entry] == "typed-before-paint"


def test_quitting_while_the_keychain_saves_waits_for_it_without_freezing(
    build: Any, qtbot: Any, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, keychain, profile_id = stalled_after_start(build, qtbot, memory_keyring, monkeypatch)
    window.form.clientSecretEdit.setText("saved-just-before-quitting")
    assert window.profiles.save()
    window.closing.quit()
    assert window.isVisible()  # still open, and answering, while the keychain waits
    assert "Saving to the keychain" in window.statusBar().currentMessage()
    keychain.gate.set()
    qtbot.waitUntil(lambda: not window.isVisible())
    entry = ("oauth-workbench", f"{profile_id}/client-secret")
    assert memory_keyring.entries[entry] == "saved-just-before-quitting"


def test_a_keychain_that_never_answers_lets_the_user_quit_anyway(
    build: Any, qtbot: Any, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, keychain, profile_id = stalled_after_start(build, qtbot, memory_keyring, monkeypatch)
    asked: list[bool] = []
    window.questions.confirm_close_without_keychain = lambda: asked.append(True) or len(asked) > 1
    window.closing.keychain_wait_s = 0.05
    window.form.clientSecretEdit.setText("never-saved")
    assert window.profiles.save()
    window.closing.quit()
    qtbot.waitUntil(lambda: not window.isVisible())  # "wait on" once, then "quit anyway"
    assert len(asked) == 2
    entry = ("oauth-workbench", f"{profile_id}/client-secret")
    assert memory_keyring.entries[entry] == "kept-in-keychain"
    keychain.gate.set()  # let the abandoned worker finish before the next test


def test_quitting_while_a_keychain_read_waits_for_an_unlock_closes_at_once(
    build: Any, qtbot: Any, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved_profile_with_secret(memory_keyring)
    keychain = gated(monkeypatch, memory_keyring)
    keychain.gate.clear()  # the read of the secret waits, as for an unlock prompt
    window = shown(build, qtbot)
    qtbot.waitUntil(lambda: window._keychain.started)
    assert window._keychain.busy and not window._keychain.saving
    window.closing.quit()
    assert not window.isVisible()  # nothing to save: no waiting, no question
    keychain.gate.set()  # let the abandoned read finish before the next test

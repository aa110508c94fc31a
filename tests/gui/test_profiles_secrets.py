"""Secrets of profiles in the window: keychain, environment, ask every time, no keychain at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import keyring
import keyring.errors
import pytest
from keyring.backends import fail

from tests.conftest import MemoryKeyring
from tests.gui.conftest import frames_settled
from tests.gui.test_profiles import WAIT_MS, click, keychain_entries, saved_profiles
from workbench.core.profiles import SecretKind, default_profiles_path
from workbench.core.secret import Secret
from workbench.core.secret_store import SecretStore

pytestmark = pytest.mark.gui

FAKE_PEM = "-----BEGIN PRIVATE KEY-----\nMIIfakefakefakeKEYBODY\n-----END PRIVATE KEY-----\n"


class BrokenKeyring(MemoryKeyring):
    """A keychain that is there but refuses every call, as a locked one does."""

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("locked")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringLocked("locked")


def set_source(combo: Any, source: str) -> None:
    """Choose a secret source in a "Secret from" combo."""
    index = combo.findData(source)
    assert index >= 0, source
    combo.setCurrentIndex(index)


def files_containing(text: str) -> list[Path]:
    """Every file under the temporary user directories that contains ``text``."""
    root = default_profiles_path().parents[2]  # the test's temporary home
    return [
        path for path in root.rglob("*") if path.is_file() and text.encode() in path.read_bytes()
    ]


def get_token(qtbot: Any, window: Any) -> Any:
    """Click Get token and wait for the token."""
    with qtbot.waitSignal(window.session.token_changed, timeout=WAIT_MS) as changed:
        click(qtbot, window.token_panel.getTokenButton)
    frames_settled(qtbot)
    return changed.args[0]


# --- no keychain, or a failing one -------------------------------------------------------------


def test_no_keychain_shows_a_banner_and_keeps_the_secret_in_memory(
    qtbot: Any, build: Any, sandbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keyring, "get_keyring", fail.Keyring)
    window = build(sandbox=sandbox).window
    assert window.keychainBanner.isHidden()  # the demo keeps nothing there: no warning yet
    form = window.form
    set_source(form.secretSourceCombo, "keychain")
    form.clientSecretEdit.setText("fake-memory-secret")
    assert window.profiles.save()
    assert not window.keychainBanner.isHidden()
    assert "memory for this run only" in window.keychainBanner.text()
    click(qtbot, window.profile_bar.duplicateProfileButton)  # switch away...
    assert window.form.clientSecretEdit.text() == "fake-memory-secret"  # ...the copy has it
    window.close()
    assert files_containing("fake-memory-secret") == []
    again = build(sandbox=sandbox).window  # a "restart" in the same process: memory only
    assert again.keychainBanner.isHidden()  # the demo profile keeps nothing in the keychain
    assert again.profiles.select(again.profile_bar.profileCombo.findText("Local sandbox (copy)"))
    assert not again.keychainBanner.isHidden()  # the copy does: the keychain is looked for
    assert again.form.clientSecretEdit.text() == ""  # and the secret is gone with the run


def test_a_keychain_that_fails_on_save_shows_the_banner(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = build(sandbox=sandbox, secret_store=SecretStore(backend=BrokenKeyring())).window
    form = window.form
    set_source(form.secretSourceCombo, "keychain")
    form.clientSecretEdit.setText("demo-secret")
    window.profiles.save()
    assert not window.keychainBanner.isHidden()
    assert "locked" in window.keychainBanner.text()
    assert "memory for this run only" in window.keychainBanner.text()
    token = get_token(qtbot, window)
    assert token is not None
    assert files_containing("demo-secret") == []


# --- keychain (default) ------------------------------------------------------------------------


def test_a_private_key_file_goes_to_the_keychain_not_to_disk(
    build: Any, memory_keyring: Any, tmp_path: Path
) -> None:
    key_file = tmp_path / "client-key.pem"
    key_file.write_text(FAKE_PEM, encoding="utf-8")
    window = build().window
    form = window.form
    form.authMethodCombo.setCurrentIndex(form.authMethodCombo.findData("private-key-jwt"))
    assert not form.privateKeySourceCombo.isHidden()
    form.load_private_key(str(key_file))
    assert window.profiles.save()
    profile_id = window.profiles.current_profile().profile_id
    assert keychain_entries(memory_keyring, profile_id)["private-key"] == FAKE_PEM
    profiles_text = default_profiles_path().read_text("utf-8")
    assert "KEYBODY" not in profiles_text
    assert "client-key.pem" not in profiles_text
    window.close()
    again = build().window
    assert again.form.config().private_key_pem.reveal() == FAKE_PEM
    assert again.form.privateKeyPathEdit.text() == "(key in the keychain)"
    assert not again.profiles.is_modified()
    assert again.form.privateKeyMessage.isHidden()


def test_switching_a_secret_to_another_source_removes_it_from_the_keychain(
    build: Any, memory_keyring: Any
) -> None:
    window = build().window
    window.form.clientSecretEdit.setText("fake-moving-secret")
    window.profiles.save()
    profile_id = window.profiles.current_profile().profile_id
    assert keychain_entries(memory_keyring, profile_id) == {"client-secret": "fake-moving-secret"}
    set_source(window.form.secretSourceCombo, "environment")
    window.form.secretEnvVarEdit.setText("GR_SECRET")
    window.profiles.save()
    assert keychain_entries(memory_keyring, profile_id) == {}


# --- environment variable ----------------------------------------------------------------------


def test_environment_variable_source(
    qtbot: Any, build: Any, sandbox: Any, memory_keyring: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = build(sandbox=sandbox).window
    form = window.form
    set_source(form.secretSourceCombo, "environment")
    assert not form.secretEnvVarEdit.isHidden()
    assert not form.clientSecretEdit.isEnabled()
    form.secretEnvVarEdit.setText("WORKBENCH_TEST_SECRET")
    monkeypatch.delenv("WORKBENCH_TEST_SECRET", raising=False)
    assert "not set" in form.secretSourceMessage.text()
    window.profiles.save()
    item = saved_profiles()[0]
    assert item["secrets"]["client-secret"] == {
        "source": "environment",
        "env_var": "WORKBENCH_TEST_SECRET",
    }
    assert keychain_entries(memory_keyring, window.profiles.current_profile().profile_id) == {}

    # Unset: no request goes out, and the user is told which variable is missing.
    window.action("getToken").trigger()
    assert not window.session.token_busy_now
    problem = window.token_panel.tokenProblemLabel
    assert not problem.isHidden()
    assert "WORKBENCH_TEST_SECRET is not set" in problem.text()
    assert window.timeline.count() == 0

    monkeypatch.setenv("WORKBENCH_TEST_SECRET", "demo-secret")
    token = get_token(qtbot, window)
    assert token is not None
    assert files_containing("demo-secret") == []


# --- ask every time ---------------------------------------------------------------------------


def test_ask_every_time_asks_once_per_run_and_stores_nothing(
    qtbot: Any, build: Any, sandbox: Any, memory_keyring: Any
) -> None:
    window = build(sandbox=sandbox).window
    form = window.form
    set_source(form.secretSourceCombo, "ask")
    form.clientSecretEdit.clear()
    window.profiles.save()
    profile = window.profiles.current_profile()
    window.secret_store.delete(profile.profile_id, SecretKind.CLIENT_SECRET)  # a fresh run

    asked: list[tuple[SecretKind, str]] = []

    def cancel(kind: SecretKind, name: str) -> Secret | None:
        asked.append((kind, name))
        return None

    window.questions.ask_secret = cancel
    window.action("getToken").trigger()
    assert asked == [(SecretKind.CLIENT_SECRET, "Local sandbox")]
    assert not window.session.token_busy_now
    assert "no secret was given" in window.statusBar().currentMessage()

    def give(kind: SecretKind, name: str) -> Secret | None:
        asked.append((kind, name))
        return Secret("demo-secret")

    window.questions.ask_secret = give
    assert get_token(qtbot, window) is not None
    assert get_token(qtbot, window) is not None  # remembered: not asked again
    assert len(asked) == 2
    assert keychain_entries(memory_keyring, profile.profile_id) == {}
    assert files_containing("demo-secret") == []
    assert not window.profiles.is_modified()

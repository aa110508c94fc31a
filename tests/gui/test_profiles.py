"""Profiles in the window: presets, restarts, rename, delete, unsaved changes, files."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.gui.conftest import frames_settled
from workbench.core.config import ClientAuth
from workbench.core.presets import PRESETS
from workbench.core.profiles import ProfileStore, default_profiles_path
from workbench.core.secret_store import SERVICE
from workbench.ui.profiles.bar import MODIFIED_MARK
from workbench.ui.profiles.questions import UnsavedChoice
from workbench.ui.settings import settings_path

pytestmark = pytest.mark.gui

WAIT_MS = 10_000


# --- helpers (also used by test_profiles_secrets.py) -----------------------------------------


def click(qtbot: Any, widget: Any) -> None:
    """A left click on ``widget``."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def create_profile(
    qtbot: Any,
    window: Any,
    preset_key: str,
    *,
    name: str = "",
    x_domain: str = "",
    issuer: str = "",
    sandbox_url: str = "",
) -> Any:
    """Click New, fill the dialog as a user would, click Create; returns the dialog."""
    seen: list[Any] = []

    def fill(dialog: Any) -> int:
        seen.append(dialog)
        dialog.show()
        dialog.select_preset(preset_key)
        if name:
            dialog.profileNameEdit.clear()
            qtbot.keyClicks(dialog.profileNameEdit, name)
        if x_domain:
            qtbot.keyClicks(dialog.xDomainEdit, x_domain)
        if sandbox_url:
            dialog.sandboxUrlEdit.setText(sandbox_url)
        if issuer:
            dialog.issuerEdit.setText(issuer)
            with qtbot.waitSignal(window.session.discovery_finished, timeout=WAIT_MS):
                click(qtbot, dialog.discoverButton)
        if dialog.okButton.isEnabled():
            click(qtbot, dialog.okButton)
        else:
            dialog.reject()
        return int(dialog.result())

    window.questions.run_dialog = fill
    click(qtbot, window.profile_bar.newProfileButton)
    return seen[0]


def choose_profile(window: Any, name: str) -> None:
    """Pick ``name`` in the selector as a user would (the window may ask first)."""
    combo = window.profile_bar.profileCombo
    index = [profile.name for profile in window.profiles.profiles].index(name)
    combo.activated.emit(index)


def keychain_entries(memory_keyring: Any, profile_id: str) -> dict[str, str]:
    """The fake keychain's entries of one profile, by secret kind."""
    prefix = f"{profile_id}/"
    return {
        username.removeprefix(prefix): value
        for (service, username), value in memory_keyring.entries.items()
        if service == SERVICE and username.startswith(prefix)
    }


def saved_profiles() -> list[dict[str, Any]]:
    """The profiles file as JSON."""
    document = json.loads(default_profiles_path().read_text(encoding="utf-8"))
    return list(document["profiles"])


def answer(window: Any, choice: UnsavedChoice) -> list[str]:
    """Make the unsaved-changes question answer ``choice``; returns the names it was asked for."""
    asked: list[str] = []

    def confirm(name: str) -> UnsavedChoice:
        asked.append(name)
        return choice

    window.questions.confirm_unsaved = confirm
    return asked


# --- start-up ---------------------------------------------------------------------------------


def test_first_start_makes_a_getresponse_profile_and_saves_it(build: Any) -> None:
    window = build().window
    assert [profile.name for profile in window.profiles.profiles] == ["GetResponse"]
    assert window.form.config().token_url == "https://api.getresponse.com/v3/token"
    assert window.composer.current_request().url == "https://api.getresponse.com/v3/accounts"
    assert window.profile_bar.profileCombo.currentText() == "GetResponse"
    assert not window.profiles.is_modified()
    assert [item["name"] for item in saved_profiles()] == ["GetResponse"]
    assert window.findChild(type(window.profile_bar.profileCombo), "profileCombo") is not None
    assert window.keychainBanner.isHidden()
    assert window.profilesBanner.isHidden()


def test_demo_selects_the_local_sandbox_with_the_secret_for_this_run_only(
    build: Any, sandbox: Any, memory_keyring: Any
) -> None:
    window = build(sandbox=sandbox).window
    assert window.profiles.current_profile().name == "Local sandbox"
    assert window.form.config().client_secret.reveal() == "demo-secret"
    assert memory_keyring.entries == {}  # the public demo secret never reaches the keychain
    first_id = window.profiles.current_profile().profile_id
    window.close()
    from workbench.sandbox import Sandbox

    with Sandbox(host="127.0.0.1", port=0) as other:
        again = build(sandbox=other).window
        assert again.profiles.current_profile().profile_id == first_id  # reused, not piled up
        assert again.form.config().token_url == other.token_url
        assert [profile.name for profile in again.profiles.profiles].count("Local sandbox") == 1


# --- presets and the round trip through a restart ----------------------------------------------


def test_every_preset_round_trips_through_a_restart(
    qtbot: Any, build: Any, memory_keyring: Any
) -> None:
    from workbench.sandbox import Sandbox

    with Sandbox(host="127.0.0.1", port=0, token_errors="rfc") as rfc_sandbox:
        window = build(sandbox=rfc_sandbox).window
        shown: dict[str, Any] = {}
        for number, preset in enumerate(PRESETS):
            name = f"{preset.title} #{number}"
            create_profile(
                qtbot,
                window,
                preset.key,
                name=name,
                x_domain="example.com" if preset.needs_x_domain else "",
                issuer=rfc_sandbox.url if preset.needs_issuer else "",
                sandbox_url=rfc_sandbox.url if preset.key == "sandbox" else "",
            )
            assert window.profiles.current_profile().name == name
            assert window.profiles.current_profile().preset == preset.key
            form = window.form
            form.clientIdEdit.setText(f"client-{number}")
            form.clientSecretEdit.setText(f"fake-secret-{number}")
            form.scopeEdit.setText("all")
            window.composer.url_edit.setText(f"https://api.example.test/v3/items/{number}")
            assert window.profiles.is_modified()
            assert window.profile_bar.profileCombo.currentText() == name + MODIFIED_MARK
            assert "(modified)" in window.windowTitle()
            click(qtbot, window.profile_bar.saveProfileButton)
            assert not window.profiles.is_modified()
            assert window.profile_bar.profileCombo.currentText() == name
            shown[name] = (window.form.config(), window.composer.current_request())
            entries = keychain_entries(memory_keyring, window.profiles.current_profile().profile_id)
            assert entries == {"client-secret": f"fake-secret-{number}"}
        max_profile = next(p for p in window.profiles.profiles if p.preset == "getresponse-max-us")
        assert ("X-Domain", "example.com") in max_profile.extra_headers
        found = next(p for p in window.profiles.profiles if p.preset == "discovery")
        assert found.token_url == rfc_sandbox.url + "/v3/token"
        assert found.issuer == rfc_sandbox.url
        window.close()

        restarted = build().window  # a new window on the same files and keychain
        for name, (config, request) in shown.items():
            choose_profile(restarted, name)
            assert restarted.profiles.current_profile().name == name
            assert restarted.form.config() == config  # the secret came back from the keychain
            assert restarted.composer.current_request() == request
            assert not restarted.profiles.is_modified()


def test_max_preset_insists_on_a_bare_domain(qtbot: Any, build: Any) -> None:
    window = build().window
    dialog = create_profile(qtbot, window, "getresponse-max-pl", x_domain="https://www.shop.pl")
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert "scheme" in dialog.problemLabel.text()
    assert [p.name for p in window.profiles.profiles] == ["GetResponse"]
    create_profile(qtbot, window, "getresponse-max-pl", x_domain="shop.pl")
    profile = window.profiles.current_profile()
    assert profile.name == "GetResponse MAX (PL)"
    assert profile.token_url == "https://api3.getresponse360.pl/v3/token"
    assert window.form.config().extra_headers == (("X-Domain", "shop.pl"),)
    assert "X-Domain: shop.pl" in window.composer.extra_headers_label.text()


def test_new_profile_names_are_made_unique(qtbot: Any, build: Any) -> None:
    window = build().window
    create_profile(qtbot, window, "getresponse")
    assert [p.name for p in window.profiles.profiles] == ["GetResponse", "GetResponse (2)"]


# --- discovery -------------------------------------------------------------------------------


def test_discovery_fills_the_endpoint_and_offers_only_advertised_methods(
    qtbot: Any, build: Any
) -> None:
    from workbench.sandbox import Sandbox

    with Sandbox(host="127.0.0.1", port=0, token_errors="rfc") as rfc_sandbox:
        window = build().window
        dialog = create_profile(qtbot, window, "discovery", issuer=rfc_sandbox.url)
        assert dialog.result() == QDialog.DialogCode.Accepted
        assert rfc_sandbox.url + "/v3/token" in dialog.discoveryResultLabel.text()
        form = window.form
        assert form.config().token_url == rfc_sandbox.url + "/v3/token"
        assert form.allowed_auth_methods() == (
            ClientAuth.BASIC,
            ClientAuth.BASIC_RAW,
            ClientAuth.POST,
        )
        assert not form.authMethodsNote.isHidden()
        assert window.timeline.count() >= 1  # the metadata request is in the timeline
        # Discovery happened off the GUI thread and the token endpoint works.
        form.clientIdEdit.setText("demo-client")
        form.clientSecretEdit.setText("demo-secret")
        with qtbot.waitSignal(window.session.token_changed, timeout=WAIT_MS):
            window.action("getToken").trigger()
        frames_settled(qtbot)


def test_discovery_without_metadata_shows_a_problem_and_creates_nothing(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = build().window
    dialog = create_profile(qtbot, window, "discovery", issuer=sandbox.url)
    assert dialog.result() == QDialog.DialogCode.Rejected
    text = dialog.discoveryResultLabel.text()
    assert "No discovery metadata found" in text
    assert "oauth-authorization-server" in text and "openid-configuration" in text
    assert "404" in text
    assert window.timeline.count() == 2  # both standard addresses were tried and recorded
    assert [p.name for p in window.profiles.profiles] == ["GetResponse"]


# --- rename, duplicate, delete -------------------------------------------------------------


def test_rename_keeps_the_keychain_entry(qtbot: Any, build: Any, memory_keyring: Any) -> None:
    window = build().window
    window.form.clientSecretEdit.setText("fake-rename-secret")
    window.profiles.save()
    profile_id = window.profiles.current_profile().profile_id

    def rename(dialog: Any) -> int:
        dialog.show()
        dialog.profileNameEdit.setText("")
        assert not dialog.okButton.isEnabled()
        assert "name" in dialog.profileNameMessage.text()
        dialog.profileNameEdit.setText("Production")
        click(qtbot, dialog.okButton)
        return int(dialog.result())

    window.questions.run_dialog = rename
    click(qtbot, window.profile_bar.renameProfileButton)
    assert window.profiles.current_profile().name == "Production"
    assert window.profiles.current_profile().profile_id == profile_id
    assert window.profile_bar.profileCombo.currentText() == "Production"
    assert keychain_entries(memory_keyring, profile_id) == {"client-secret": "fake-rename-secret"}
    assert [item["name"] for item in saved_profiles()] == ["Production"]
    window.close()
    again = build().window
    assert again.profiles.current_profile().name == "Production"
    assert again.form.clientSecretEdit.text() == "fake-rename-secret"


def test_saving_notes_whether_the_keychain_holds_the_secret(
    build: Any, memory_keyring: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = build().window
    assert saved_profiles()[0]["secrets"]["client-secret"]["stored"] is False
    window.form.clientSecretEdit.setText("fake-noted-secret")
    assert window.profiles.save()
    assert not window.profiles.is_modified()
    assert saved_profiles()[0]["secrets"]["client-secret"]["stored"] is True
    window.form.clientSecretEdit.clear()
    assert window.profiles.save()
    profile_id = window.profiles.current_profile().profile_id
    assert keychain_entries(memory_keyring, profile_id) == {}
    assert saved_profiles()[0]["secrets"]["client-secret"]["stored"] is False
    window.close()

    def untouchable() -> Any:
        raise AssertionError("the keychain was searched for a profile that stores nothing")

    monkeypatch.setattr("keyring.get_keyring", untouchable)
    again = build(keychain_in_background=True).window
    again.close()
    assert not again.secret_store.resolved


def test_rename_refuses_a_taken_name(qtbot: Any, build: Any) -> None:
    window = build().window
    create_profile(qtbot, window, "getresponse", name="Staging")

    def rename(dialog: Any) -> int:
        dialog.show()
        dialog.profileNameEdit.setText("GetResponse")
        assert not dialog.okButton.isEnabled()
        assert "already" in dialog.profileNameMessage.text()
        dialog.reject()
        return int(dialog.result())

    window.questions.run_dialog = rename
    click(qtbot, window.profile_bar.renameProfileButton)
    assert [p.name for p in window.profiles.profiles] == ["GetResponse", "Staging"]


def test_duplicate_copies_settings_and_secret_under_a_new_id(
    qtbot: Any, build: Any, memory_keyring: Any
) -> None:
    window = build().window
    window.form.clientIdEdit.setText("client-a")
    window.form.clientSecretEdit.setText("fake-dup-secret")
    window.profiles.save()
    original = window.profiles.current_profile()
    click(qtbot, window.profile_bar.duplicateProfileButton)
    copy = window.profiles.current_profile()
    assert copy.name == "GetResponse (copy)"
    assert copy.profile_id != original.profile_id
    assert window.form.config().client_id == "client-a"
    assert keychain_entries(memory_keyring, copy.profile_id) == {"client-secret": "fake-dup-secret"}


def test_delete_asks_then_removes_the_profile_and_its_keychain_entries(
    qtbot: Any, build: Any, memory_keyring: Any
) -> None:
    window = build().window
    create_profile(qtbot, window, "getresponse", name="Doomed")
    window.form.clientSecretEdit.setText("fake-doomed-secret")
    window.profiles.save()
    doomed_id = window.profiles.current_profile().profile_id
    assert keychain_entries(memory_keyring, doomed_id)

    window.questions.confirm_delete = lambda _name: False
    click(qtbot, window.profile_bar.deleteProfileButton)
    assert "Doomed" in [p.name for p in window.profiles.profiles]

    asked: list[str] = []
    window.questions.confirm_delete = lambda name: asked.append(name) or True
    click(qtbot, window.profile_bar.deleteProfileButton)
    assert asked == ["Doomed"]
    assert [p.name for p in window.profiles.profiles] == ["GetResponse"]
    assert keychain_entries(memory_keyring, doomed_id) == {}
    assert [item["name"] for item in saved_profiles()] == ["GetResponse"]
    assert window.profiles.current_profile().name == "GetResponse"


# --- unsaved changes -------------------------------------------------------------------------


@pytest.fixture
def two_profiles(qtbot: Any, build: Any) -> Any:
    """A window with "GetResponse" and "Other"; "GetResponse" shown with an unsaved scope."""
    window = build().window
    create_profile(qtbot, window, "getresponse", name="Other")
    choose_profile(window, "GetResponse")
    window.form.scopeEdit.setText("edited-scope")
    assert window.profiles.is_modified()
    return window


def test_switching_with_unsaved_changes_and_cancel_stays(two_profiles: Any) -> None:
    window = two_profiles
    asked = answer(window, UnsavedChoice.CANCEL)
    choose_profile(window, "Other")
    assert asked == ["GetResponse"]
    assert window.profiles.current_profile().name == "GetResponse"
    assert window.profile_bar.profileCombo.currentIndex() == 0
    assert window.form.scopeEdit.text() == "edited-scope"
    assert window.profile_bar.profileCombo.currentText() == "GetResponse" + MODIFIED_MARK


def test_switching_with_unsaved_changes_and_discard_drops_them(two_profiles: Any) -> None:
    window = two_profiles
    answer(window, UnsavedChoice.DISCARD)
    choose_profile(window, "Other")
    assert window.profiles.current_profile().name == "Other"
    assert not window.profiles.is_modified()
    choose_profile(window, "GetResponse")
    assert window.form.scopeEdit.text() == ""
    assert all(item["scope"] == "" for item in saved_profiles())


def test_switching_with_unsaved_changes_and_save_keeps_them(two_profiles: Any) -> None:
    window = two_profiles
    answer(window, UnsavedChoice.SAVE)
    choose_profile(window, "Other")
    assert window.profiles.current_profile().name == "Other"
    assert {item["name"]: item["scope"] for item in saved_profiles()} == {
        "GetResponse": "edited-scope",
        "Other": "",
    }
    choose_profile(window, "GetResponse")
    assert window.form.scopeEdit.text() == "edited-scope"


def test_no_question_without_changes(qtbot: Any, build: Any) -> None:
    window = build().window
    create_profile(qtbot, window, "getresponse", name="Other")
    asked = answer(window, UnsavedChoice.CANCEL)
    choose_profile(window, "GetResponse")
    assert asked == []
    assert window.profiles.current_profile().name == "GetResponse"


def test_composer_edits_count_as_changes(build: Any) -> None:
    window = build().window
    window.composer.url_edit.setText("https://api.getresponse.com/v3/campaigns")
    assert window.profiles.is_modified()
    window.composer.url_edit.setText("https://api.getresponse.com/v3/accounts")
    assert not window.profiles.is_modified()


@pytest.mark.parametrize(
    ("choice", "closes", "saved_scope"),
    [
        (UnsavedChoice.CANCEL, False, ""),
        (UnsavedChoice.DISCARD, True, ""),
        (UnsavedChoice.SAVE, True, "edited-scope"),
    ],
)
def test_quitting_with_unsaved_changes(
    qtbot: Any, two_profiles: Any, choice: UnsavedChoice, closes: bool, saved_scope: str
) -> None:
    window = two_profiles
    window.show()
    qtbot.waitExposed(window)
    asked = answer(window, choice)
    window.action("quit").trigger()
    assert asked == ["GetResponse"]
    assert window.isVisible() is not closes
    assert {item["name"]: item["scope"] for item in saved_profiles()}["GetResponse"] == saved_scope
    if not closes:
        assert window.form.scopeEdit.text() == "edited-scope"
        assert not window.session.is_closed


def test_save_error_is_plain_and_keeps_everything(build: Any, tmp_path: Path) -> None:
    window = build().window
    errors: list[tuple[str, str]] = []
    window.questions.show_error = lambda title, text: errors.append((title, text))
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    good_path = window.profiles.store.path
    window.profiles.store = ProfileStore(blocker / "profiles.json")
    window.form.scopeEdit.setText("precious")
    assert window.profiles.save() is False
    assert errors and errors[0][0] == "Profiles not saved"
    assert "Could not save profiles" in errors[0][1]
    assert "kept in this window" in errors[0][1]
    assert "Traceback" not in errors[0][1]
    assert window.form.scopeEdit.text() == "precious"
    assert window.profiles.has_unsaved_work()
    assert window.profile_bar.profileCombo.currentText().endswith(MODIFIED_MARK)
    assert "not saved" in window.statusBar().currentMessage()
    window.profiles.store = ProfileStore(good_path)
    assert window.profiles.save() is True
    assert not window.profiles.has_unsaved_work()
    assert saved_profiles()[0]["scope"] == "precious"


# --- files: corrupt at start, import, export, window layout -------------------------------------


def test_corrupt_profiles_file_is_backed_up_and_the_user_told(build: Any) -> None:
    path = default_profiles_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"format": "oauth-workbench-profiles", "version": 1, "profi', "utf-8")
    window = build().window
    assert not window.profilesBanner.isHidden()
    assert "kept as" in window.profilesBanner.text()
    backups = list(path.parent.glob("profiles.unreadable-*.json"))
    assert len(backups) == 1
    assert backups[0].read_text("utf-8").endswith('"profi')
    assert "profiles file" in window.statusBar().currentMessage()
    # The window is usable and the new file does not replace the backup.
    assert [p.name for p in window.profiles.profiles] == ["GetResponse"]
    window.form.scopeEdit.setText("all")
    assert window.profiles.save()
    assert saved_profiles()[0]["scope"] == "all"
    assert backups[0].exists()


def test_export_then_import_merges_with_unique_names_and_no_secret(
    qtbot: Any, build: Any, tmp_path: Path
) -> None:
    window = build().window
    window.form.clientIdEdit.setText("client-x")
    window.form.clientSecretEdit.setText("fake-export-secret")
    window.profiles.save()
    exported = tmp_path / "shared.json"
    window.questions.choose_file = lambda _title, save: str(exported) if save else ""
    window.action("exportProfiles").trigger()
    text = exported.read_text("utf-8")
    assert "client-x" in text
    assert "fake-export-secret" not in text

    window.questions.choose_file = lambda _title, save: "" if save else str(exported)
    window.action("importProfiles").trigger()
    names = [p.name for p in window.profiles.profiles]
    assert names == ["GetResponse", "GetResponse (2)"]
    ids = {p.profile_id for p in window.profiles.profiles}
    assert len(ids) == 2  # an imported twin gets its own keychain entries
    assert "Imported 1 profile" in window.statusBar().currentMessage()
    assert [item["name"] for item in saved_profiles()] == names


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("not json at all", "is not valid JSON"),
        ('{"hello": 1}', "is not an OAuth Workbench profiles file"),
        (None, "could not be read"),
    ],
)
def test_import_of_a_bad_file_says_why(
    build: Any, tmp_path: Path, content: str | None, words: str
) -> None:
    window = build().window
    bad = tmp_path / "bad.json"
    if content is not None:
        bad.write_text(content, "utf-8")
    errors: list[tuple[str, str]] = []
    window.questions.show_error = lambda title, text: errors.append((title, text))
    window.questions.choose_file = lambda _title, _save: str(bad)
    window.action("importProfiles").trigger()
    assert len(errors) == 1
    assert errors[0][0] == "Could not import profiles"
    assert words in errors[0][1]
    assert [p.name for p in window.profiles.profiles] == ["GetResponse"]


def test_window_geometry_and_layout_come_back(qtbot: Any, build: Any) -> None:
    window = build().window
    window.show()
    qtbot.waitExposed(window)
    window.resize(760, 540)
    window.workSplitter.setSizes([300, 700])
    sizes = window.workSplitter.sizes()
    window.close()
    path = settings_path()
    assert path.exists()
    assert str(path).startswith(str(default_profiles_path().parent))  # under XDG_CONFIG_HOME
    again = build().window
    again.show()
    qtbot.waitExposed(again)
    assert (again.width(), again.height()) == (760, 540)
    assert again.workSplitter.sizes() == sizes


def test_the_last_profile_is_selected_at_start(qtbot: Any, build: Any) -> None:
    window = build().window
    create_profile(qtbot, window, "getresponse", name="Second")
    window.close()
    again = build().window
    assert again.profiles.current_profile().name == "Second"


def test_the_new_profile_dialog_has_no_blank_gaps(qtbot: Any, build: Any, sandbox: Any) -> None:
    """Each preset's fields, its description and the buttons follow one another closely;
    the dialog is as tall as what it shows."""
    from PySide6.QtWidgets import QApplication

    from workbench.core.presets import PRESETS
    from workbench.ui.profiles.dialogs import NewProfileDialog

    window = build(sandbox=sandbox).window
    dialog = NewProfileDialog(window.session, ["Local sandbox"], sandbox_url=sandbox.url)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    layout = dialog.layout()
    largest_gap = 2 * layout.spacing() + 2
    for preset in PRESETS:
        dialog.select_preset(preset.key)
        QApplication.processEvents()
        shown = sorted(
            (child.geometry() for child in dialog.children() if _shown_widget(child)),
            key=lambda rect: rect.top(),
        )
        gaps = [below.top() - above.bottom() for above, below in itertools.pairwise(shown)]
        assert max(gaps) <= largest_gap, (preset.key, gaps)
        margins = layout.contentsMargins()
        assert dialog.height() - shown[-1].bottom() <= margins.bottom() + 2, preset.key


def _shown_widget(child: Any) -> bool:
    from PySide6.QtWidgets import QWidget

    return isinstance(child, QWidget) and child.isVisible() and not child.isWindow()

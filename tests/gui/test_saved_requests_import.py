"""File > Import/Export requests in the window: Postman v2.1 and .http samples written from
those formats' specifications, secrets moved to the keychain only with consent, a Postman OAuth 2
setup offered as a profile, unreadable files refused with their line, nothing saved lost."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.gui.saved_requests_helpers import (
    WAIT_MS,
    answer,
    collections_of,
    folder_of,
    saved,
    shown_window,
)
from tests.unit.core.collections.samples import SAMPLE_SECRETS, SAMPLES
from workbench.core.collections.model import Folder, SavedRequest, find_item, walk
from workbench.core.config import ClientAuth
from workbench.core.profiles import SecretKind
from workbench.core.secret_store import SERVICE
from workbench.ui.collections.questions import ProfileChoice

pytestmark = pytest.mark.gui

POSTMAN = SAMPLES / "getresponse.postman_collection.json"
IMPORTED = "GetResponse API v3 (sample)"


def files_text(folder: Path) -> str:
    return "\n".join(
        path.read_text(encoding="utf-8") for path in sorted(folder.rglob("*")) if path.is_file()
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def answer_import(window: Any, consent: bool | None, profile: ProfileChoice) -> None:
    """How the user answers an import: consent for secrets, the profile offered, notes read."""
    answer(window, "move_secrets", consent)
    answer(window, "imported_profile", profile)
    answer(window, "show_notes", None)


def import_file(window: Any, path: Path) -> None:
    answer(window, "choose_import_file", str(path))
    window.action("importRequests").trigger()


def test_a_postman_collection_arrives_without_its_secrets_when_the_user_refuses(
    qtbot: Any, build: Any, sandbox: Any, memory_keyring: Any
) -> None:
    window = shown_window(build, qtbot, sandbox)
    consent = answer(window, "move_secrets", False)
    offered = answer(window, "imported_profile", ProfileChoice.IGNORE)
    notes = answer(window, "show_notes", None)
    import_file(window, POSTMAN)
    rows = consent[0][0]
    assert ("the new profile's client secret", "the OAuth 2 auth of the collection") in rows
    assert all("FAKE" not in text for row in rows for text in row), "values are never listed"
    imported = find_item(collections_of(window).collection().items, (IMPORTED,))
    assert isinstance(imported, Folder)
    requests = [item for _path, item in walk(imported.items) if isinstance(item, SavedRequest)]
    assert len(requests) >= 4
    text = files_text(folder_of(window))
    assert not [secret for secret in SAMPLE_SECRETS if secret in text]
    assert not any("/variable/" in user for _service, user in memory_keyring.entries)
    variables = {v.name: v for v in collections_of(window).collection().variables}
    assert variables["clientSecret"].secret and not variables["clientSecret"].value
    assert notes and "Secrets left out" in notes[0][1]
    assert "baseUrl" not in variables, "the sandbox's own requests still go to the sandbox"
    assert "{{baseUrl}} already has a value here" in notes[0][1]
    suggestion = offered[0][0]
    assert suggestion.token_url == "https://api.getresponse.com/v3/token"
    assert offered[0][1] is False, "no secret is offered for a profile without consent"
    assert "Imported" in window.statusBar().currentMessage()


def test_with_consent_the_secrets_go_to_the_keychain_and_a_profile_is_made(
    qtbot: Any, build: Any, sandbox: Any, memory_keyring: Any
) -> None:
    window = shown_window(build, qtbot, sandbox)
    first_id, first_folder = window.profiles.current_id, folder_of(window)
    before = snapshot(first_folder)
    answer_import(window, True, ProfileChoice.CREATE)
    import_file(window, POSTMAN)
    profile = window.profiles.current_profile()
    assert profile.profile_id != first_id, "the new profile is shown"
    assert isinstance(find_item(collections_of(window).collection().items, (IMPORTED,)), Folder)
    assert folder_of(window) != first_folder, "the requests went with the new profile"
    assert snapshot(first_folder) == before, "the profile imported from is unchanged"
    variables = {v.name: v.value for v in collections_of(window).collection().variables}
    assert variables["baseUrl"] == "https://api.getresponse.com/v3", "no profile baseUrl here"
    stored = {user: value for (service, user), value in memory_keyring.entries.items()}
    assert stored[f"{profile.profile_id}/variable/clientSecret"] == "FAKE-client-secret-0000"
    assert "FAKE0000apikey" in stored.values()
    assert not any(user.startswith(f"{first_id}/") for user in stored)
    assert not [s for s in SAMPLE_SECRETS if s in files_text(folder_of(window))]
    assert profile.token_url == "https://api.getresponse.com/v3/token"
    assert profile.client_id == "fake-client-id" and profile.auth is ClientAuth.BASIC
    assert stored[f"{profile.profile_id}/{SecretKind.CLIENT_SECRET.value}"] == (
        "FAKE-client-secret-0000"
    )
    assert all(service == SERVICE for service, _user in memory_keyring.entries)


def test_the_same_file_imported_twice_as_a_profile_gives_two_names(
    qtbot: Any, build: Any, sandbox: Any, memory_keyring: Any
) -> None:
    window = shown_window(build, qtbot, sandbox)
    answer_import(window, False, ProfileChoice.CREATE)
    import_file(window, POSTMAN)
    assert window.profiles.select(0), "back to the sandbox profile"
    qtbot.waitUntil(lambda: collections_of(window).loaded, timeout=WAIT_MS)
    import_file(window, POSTMAN)
    names = window.profiles.names()
    assert len(names) == len(set(names)) == 3, names
    assert names[1:] == ["api.getresponse.com (imported)", "api.getresponse.com (imported) (2)"]


def test_fill_in_this_profile_puts_the_setup_in_the_form_unsaved(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = shown_window(build, qtbot, sandbox)
    answer_import(window, False, ProfileChoice.FILL)
    import_file(window, POSTMAN)
    assert window.form.tokenUrlEdit.text() == "https://api.getresponse.com/v3/token"
    assert window.profiles.is_modified(), "the user saves it, or not"


def test_cancelling_the_consent_imports_nothing(qtbot: Any, build: Any, sandbox: Any) -> None:
    window = shown_window(build, qtbot, sandbox)
    before = snapshot(folder_of(window))
    answer(window, "move_secrets", None)
    import_file(window, POSTMAN)
    assert snapshot(folder_of(window)) == before


def test_a_file_that_cannot_be_read_says_where_and_changes_nothing(
    qtbot: Any, build: Any, sandbox: Any, tmp_path: Path
) -> None:
    window = shown_window(build, qtbot, sandbox)
    before = snapshot(folder_of(window))
    errors = answer(window, "show_error", None)
    broken = tmp_path / "broken.postman_collection.json"
    broken.write_text('{"info": {"name": "x",\n  "schema": 3,\n}', encoding="utf-8")
    import_file(window, broken)
    assert errors and "line 3" in errors[0][1] and "Nothing was changed" in errors[0][1]
    document = json.loads(POSTMAN.read_text(encoding="utf-8"))
    document["item"][0]["item"][0]["request"]["header"] = 5
    wrong = tmp_path / "wrong.postman_collection.json"
    wrong.write_text(json.dumps(document), encoding="utf-8")
    import_file(window, wrong)
    assert "item[0].item[0].request.header" in errors[1][1]
    http = tmp_path / "broken.http"
    http.write_text("GET https://example.test/\nNot a header\n", encoding="utf-8")
    import_file(window, http)
    assert "Line 2" in errors[2][1]
    assert snapshot(folder_of(window)) == before


def test_an_http_file_and_its_environments_arrive(
    qtbot: Any, build: Any, sandbox: Any, memory_keyring: Any
) -> None:
    window = shown_window(build, qtbot, sandbox)
    answer(window, "move_secrets", True)
    answer(window, "show_notes", None)
    import_file(window, SAMPLES / "getresponse.http")
    assert saved(window, ("getresponse", "Get account")).send_token
    import_file(window, SAMPLES / "http-client.env.json")
    import_file(window, SAMPLES / "http-client.private.env.json")
    bar = window.saved_requests.environment_bar
    names = [bar.combo.itemText(i) for i in range(bar.combo.count())]
    assert "US" in names and "MAX PL" in names
    profile_id = window.profiles.current_id
    stored = {user: value for (_service, user), value in memory_keyring.entries.items()}
    assert stored[f"{profile_id}/variable/US/apiKey"] == "FAKE3333apikey"
    assert stored[f"{profile_id}/variable/MAX PL/apiKey"] == "FAKE2222apikey"
    assert not [s for s in SAMPLE_SECRETS if s in files_text(folder_of(window))]


@pytest.mark.parametrize(
    ("name", "kind"), [("out.postman_collection.json", "postman"), ("out.http", "http")]
)
def test_export_writes_the_collection_without_secret_values(
    qtbot: Any, build: Any, sandbox: Any, tmp_path: Path, name: str, kind: str
) -> None:
    window = shown_window(build, qtbot, sandbox)
    answer_import(window, True, ProfileChoice.IGNORE)
    import_file(window, POSTMAN)
    target = tmp_path / name
    answer(window, "choose_export_file", (str(target), kind))
    window.action("exportRequests").trigger()
    text = target.read_text(encoding="utf-8")
    assert "Create contact" in text and "{{baseUrl}}" in text
    assert not [s for s in SAMPLE_SECRETS if s in text]
    assert "Exported" in window.statusBar().currentMessage()


def test_an_export_imported_again_asks_for_no_variable_the_profile_gives(
    qtbot: Any, build: Any, sandbox: Any, tmp_path: Path
) -> None:
    window = shown_window(build, qtbot, sandbox)
    target = tmp_path / "starter.http"
    notes = answer(window, "show_notes", None)
    answer(window, "choose_export_file", (str(target), "http"))
    window.action("exportRequests").trigger()
    assert "@baseUrl" not in target.read_text(encoding="utf-8"), "the profile's, not the file's"
    import_file(window, target)
    assert isinstance(find_item(collections_of(window).collection().items, ("starter",)), Folder)
    assert not [text for _title, text in notes if "Give these variables a value" in text]

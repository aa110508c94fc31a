"""The parts behind the saved requests: the open request and its drafts, the keychain changes
of the variables editor, the secret values kept for the run."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import MemoryKeyring
from workbench.core.collections.model import SavedRequest, Variable
from workbench.core.secret import Secret
from workbench.core.secret_store import SecretStore
from workbench.ui.collections.open_requests import OpenRequests
from workbench.ui.collections.variable_secrets import VariableSecrets
from workbench.ui.collections.variables import keychain_changes
from workbench.ui.collections.variables_dialog import VariableEdits
from workbench.ui.profiles.keychain_worker import KeychainWorker

pytestmark = pytest.mark.gui

A = SavedRequest("A", url="{{baseUrl}}/a")
B = SavedRequest("B", url="{{baseUrl}}/b")


def test_drafts_are_kept_per_profile_and_follow_renames_and_moves() -> None:
    open_requests = OpenRequests()
    open_requests.profile_id = "p1"
    assert open_requests.open(("F", "A"), A) == A
    assert open_requests.note_edit(SavedRequest("A", url="{{baseUrl}}/a?x=1"))
    assert not open_requests.note_edit(SavedRequest("A", url="{{baseUrl}}/a?x=2"))
    assert open_requests.dirty_paths() == {("F", "A")}
    open_requests.moved(("F",), ("G",))
    assert open_requests.path == ("G", "A") and open_requests.is_dirty()
    open_requests.moved(("G", "A"), ("G", "Renamed"))
    draft = open_requests.draft(("G", "Renamed"))
    assert draft is not None and draft.edited.name == "Renamed" and draft.base.name == "Renamed"
    open_requests.profile_id = "p2"
    assert open_requests.dirty_paths() == frozenset()
    assert open_requests.dirty_count() == 1, "the other profile's draft is kept"
    open_requests.profile_id = "p1"
    assert open_requests.note_edit(SavedRequest("Renamed", url="{{baseUrl}}/a"))
    assert not open_requests.is_dirty(), "back to what was saved: no draft"
    assert open_requests.forget(("G",)) and open_requests.path is None


def test_the_editors_changes_become_keychain_deletes_moves_and_writes() -> None:
    before = {"": {"token2"}, "US": {"apiKey", "old"}, "Gone": {"apiKey"}}
    edits = VariableEdits(
        collection=(Variable("token2", secret=True),),
        environments={
            "United States": (Variable("apiKey", secret=True), Variable("old", "now plain"))
        },
        renamed={"US": "United States"},
        deleted=["Gone"],
        secret_values={("", "token2"): Secret("t"), ("United States", "nope"): Secret("x")},
    )
    deletes, moves, writes = keychain_changes(before, edits)
    assert sorted(deletes) == ["variable/Gone/apiKey", "variable/US/old"]
    assert moves == {"variable/US/apiKey": "variable/United States/apiKey"}
    assert writes == {"variable/token2": Secret("t")}


def test_secret_values_are_read_once_through_the_worker(
    qtbot: Any, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.entries[("oauth-workbench", "p1/variable/apiKey")] = "k"
    worker = KeychainWorker(SecretStore(backend=memory_keyring))
    secrets = VariableSecrets(SecretStore(backend=memory_keyring), worker)
    try:
        assert secrets.read("p1", ["variable/apiKey", "variable/none"])
        assert not secrets.knows("p1", "variable/apiKey")
        with qtbot.waitSignal(secrets.values_arrived):
            worker.start()
        assert secrets.value("p1", "variable/apiKey") == Secret("k")
        assert secrets.knows("p1", "variable/none") and secrets.value("p1", "variable/none") is None
        assert not secrets.read("p1", ["variable/apiKey"]), "known: not read again"
        secrets.write("p1", {"variable/apiKey": Secret("new")})
        assert secrets.value("p1", "variable/apiKey") == Secret("new")
    finally:
        worker.close()


def test_save_as_takes_the_name_typed_over_the_one_suggested(qtbot: Any) -> None:
    from PySide6.QtWidgets import QApplication

    from workbench.ui.collections.dialogs import NameAndFolderDialog

    dialog = NameAndFolderDialog(
        "Save request as", [("Contacts",)], ("Contacts",), name="Create contact copy"
    )
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.name_edit)
    qtbot.keyClicks(dialog.name_edit, "Create VIP contact")
    assert dialog.name() == "Create VIP contact"
    assert dialog.folder() == ("Contacts",)

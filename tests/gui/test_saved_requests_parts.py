"""The parts behind the saved requests: the open request and its drafts, the keychain changes
of the variables editor, the secret values kept for the run."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import MemoryKeyring
from workbench.core.collections.model import SavedRequest, Variable
from workbench.core.secret import MASK, Secret
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


def test_enter_in_the_environment_name_makes_it_and_never_closes_the_editor(qtbot: Any) -> None:
    from PySide6.QtCore import Qt

    from workbench.ui.collections.variables_dialog import VariablesDialog

    dialog = VariablesDialog((Variable("email", "ada@example.com"),), (), lambda _e, _n: None)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.name_edit.setFocus()
    qtbot.keyClicks(dialog.name_edit, "MAX PL")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert dialog.isVisible(), "Enter made the environment; OK is a click away"
    assert dialog.sets_list.currentItem().text() == "MAX PL"
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and "empty" in dialog.message.text()
    assert list(dialog.edits().environments) == ["MAX PL"]
    assert dialog.edits().collection == (Variable("email", "ada@example.com"),)


def test_a_secret_value_typed_in_the_editor_shows_masked_not_as_missing(qtbot: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

    from workbench.ui.collections.variables_dialog import ROLE_SECRET, VariablesDialog

    dialog = VariablesDialog((Variable("apiKey", secret=True),), (), lambda _e, _n: False)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    value = dialog.table.item(0, 1)
    assert value.text() == "(no value stored)"
    dialog.table.setFocus()
    dialog.table.setCurrentItem(value)
    dialog.table.editItem(value)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    editor = QApplication.focusWidget()
    assert editor.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(editor, "FAKE-typed-0001")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.table.state() != QAbstractItemView.State.EditingState)
    assert value.text() == MASK
    assert value.data(ROLE_SECRET) == Secret("FAKE-typed-0001")
    assert dialog.isVisible()

"""Saved requests in the window: the tree beside the composer, opening, saving (Ctrl+S), save
as, folders, reorder and move, changes on disk, unreadable files, restarts, credentials."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView

from tests.gui.saved_requests_helpers import (
    WAIT_MS,
    activate,
    answer,
    collections_of,
    folder_of,
    row_text,
    saved,
    select,
    shown_window,
)
from workbench.core.collections.model import Folder, SavedRequest, find_item
from workbench.core.secret_store import SERVICE
from workbench.ui.collections.questions import SaveConflict
from workbench.ui.collections.tree import PROFILE_REQUEST_LABEL, UNSAVED_MARK
from workbench.ui.profiles.questions import UnsavedChoice

pytestmark = pytest.mark.gui

ACCOUNT = ("Accounts", "Get account")
CONTACTS = ("Contacts", "List contacts")
CREATE_CONTACT = ("Contacts", "Create contact")


def press(widget: Any, keys: str) -> None:
    QTest.keySequence(widget, QKeySequence(keys))


def test_the_sandbox_profile_shows_its_starter_collection_beside_the_composer(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = shown_window(build, qtbot, sandbox)
    panel, tree = window.saved_requests_panel, window.saved_requests_panel.tree
    assert panel.isVisible()
    top = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert top == [
        PROFILE_REQUEST_LABEL,
        "Accounts",
        "Campaigns",
        "Contacts",
        "Custom fields",
        "Tags",
    ]
    assert tree.item_at_path(CREATE_CONTACT).text(1) == "POST"
    beside = panel.mapTo(window, panel.rect().topRight()).x()
    assert beside <= window.composer.mapTo(window, window.composer.rect().topLeft()).x()
    assert (folder_of(window) / "contacts" / "create-contact.toml").is_file()


def test_opening_a_request_keeps_the_profiles_own_request_aside(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = shown_window(build, qtbot, sandbox)
    composer, profiles = window.composer, window.profiles
    own = composer.current_request()
    note_tab = composer.tabs.indexOf(composer.note_edit.parentWidget())
    assert not composer.tabs.isTabEnabled(note_tab), "the profile's own request keeps no note"
    activate(qtbot, window, CREATE_CONTACT)
    assert composer.tabs.isTabEnabled(note_tab)
    assert composer.method_combo.currentText() == "POST"
    assert composer.url_edit.text() == "{{baseUrl}}/contacts"
    assert '"email": "{{email}}"' in composer.body_edit.toPlainText()
    assert composer.note_edit.toPlainText() == saved(window, CREATE_CONTACT).note
    assert not profiles.is_modified(), "opening a saved request changes no profile"
    assert not window.action("save").isEnabled()
    activate(qtbot, window, ())
    assert composer.current_request() == own
    assert not profiles.is_modified()
    assert not composer.tabs.isTabEnabled(note_tab)


def test_an_edit_is_marked_and_ctrl_s_writes_the_requests_file(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = shown_window(build, qtbot, sandbox)
    activate(qtbot, window, ACCOUNT)
    composer = window.composer
    composer.url_edit.setFocus()
    composer.url_edit.setText("{{baseUrl}}/accounts?fields=name")
    qtbot.waitUntil(lambda: row_text(window, ACCOUNT).endswith(UNSAVED_MARK), timeout=WAIT_MS)
    assert window.action("save").isEnabled()
    assert not window.profiles.is_modified(), "the profile's own request did not change"
    file = folder_of(window) / "accounts" / "get-account.toml"
    before = file.read_text(encoding="utf-8")
    press(composer.url_edit, "Ctrl+S")
    after = file.read_text(encoding="utf-8")
    assert after != before and 'url = "{{baseUrl}}/accounts?fields=name"' in after
    assert row_text(window, ACCOUNT) == "Get account"
    assert not window.action("save").isEnabled()


def test_opening_and_saving_changes_no_byte(qtbot: Any, build: Any, sandbox: Any) -> None:
    window = shown_window(build, qtbot, sandbox)
    file = folder_of(window) / "contacts" / "list-contacts.toml"
    before = file.read_bytes()
    activate(qtbot, window, CONTACTS)
    assert window.composer.url_edit.text() == "{{baseUrl}}/contacts?page=1&perPage=100"
    window.composer.url_edit.setText("{{baseUrl}}/contacts?page=2&perPage=100")
    window.action("save").trigger()
    assert saved(window, CONTACTS).params[0].value == "2"  # the query stays in parameters
    window.composer.url_edit.setText("{{baseUrl}}/contacts?page=1&perPage=100")
    window.action("save").trigger()
    assert file.read_bytes() == before


def test_edits_of_several_requests_are_kept_while_going_between_them(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = shown_window(build, qtbot, sandbox)
    composer = window.composer
    activate(qtbot, window, ACCOUNT)
    composer.body_edit.setPlainText("first edit")
    activate(qtbot, window, CREATE_CONTACT)
    composer.body_edit.setPlainText("second edit")
    activate(qtbot, window, ACCOUNT)
    assert composer.body_edit.toPlainText() == "first edit"
    assert row_text(window, ACCOUNT).endswith(UNSAVED_MARK)
    assert row_text(window, CREATE_CONTACT).endswith(UNSAVED_MARK)
    assert saved(window, ACCOUNT).body == "", "nothing is written before Save"


def test_save_as_puts_the_composers_request_into_the_folder_chosen(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = shown_window(build, qtbot, sandbox)
    window.composer.url_edit.setText("{{baseUrl}}/from-fields")
    calls = answer(window, "name_and_folder", ("From fields", ("Accounts",)))
    press(window.composer.url_edit, "Ctrl+Shift+S")
    assert calls and calls[0][1] == "New request"
    assert saved(window, ("Accounts", "From fields")).url == "{{baseUrl}}/from-fields"
    assert (folder_of(window) / "accounts" / "from-fields.toml").is_file()
    assert collections_of(window).open.path == ("Accounts", "From fields")
    assert window.saved_requests_panel.tree.selected_path() == ("Accounts", "From fields")


def test_new_request_new_folder_rename_duplicate_and_delete(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = shown_window(build, qtbot, sandbox)
    tree = window.saved_requests_panel.tree
    select(window, ("Tags",))
    window.action("newRequest").trigger()
    assert saved(window, ("Tags", "New request")).url == "{{baseUrl}}/"
    assert window.composer.url_edit.text() == "{{baseUrl}}/"
    answer(window, "item_name", "Drafts")
    window.action("newFolder").trigger()
    assert isinstance(
        find_item(collections_of(window).collection().items, ("Tags", "Drafts")), Folder
    )
    select(window, ("Tags", "New request"))
    answer(window, "item_name", "Delete a tag")
    tree.setFocus()
    press(tree, "F2")
    assert saved(window, ("Tags", "Delete a tag"))
    assert collections_of(window).open.path == ("Tags", "Delete a tag")
    press(tree, "Ctrl+D")
    assert saved(window, ("Tags", "Delete a tag copy"))
    asked = answer(window, "confirm_delete", False)
    press(tree, "Del")
    assert asked and saved(window, ("Tags", "Delete a tag copy")), "refused: nothing deleted"
    answer(window, "confirm_delete", True)
    press(tree, "Del")
    assert (
        find_item(collections_of(window).collection().items, ("Tags", "Delete a tag copy")) is None
    )
    assert not (folder_of(window) / "tags" / "delete-a-tag-copy.toml").exists()


def test_after_del_the_next_item_is_selected_so_del_goes_on(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = shown_window(build, qtbot, sandbox)
    tree = window.saved_requests_panel.tree
    answer(window, "confirm_delete", True)
    select(window, ("Contacts", "List contacts"))
    tree.setFocus()
    press(tree, "Del")
    assert tree.selected_path() == ("Contacts", "Find contact by email"), "the one below"
    select(window, CREATE_CONTACT)
    press(tree, "Del")
    assert tree.selected_path() == ("Contacts", "Find contact by email"), "the last: above"
    press(tree, "Del")
    assert tree.selected_path() == ("Contacts",), "none left: its folder"


def test_deleting_the_open_request_shows_the_profiles_own_again(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = shown_window(build, qtbot, sandbox)
    own = window.composer.current_request()
    activate(qtbot, window, ACCOUNT)
    window.composer.body_edit.setPlainText("unsaved")
    asked = answer(window, "confirm_delete", True)
    window.action("deleteItem").trigger()
    assert asked[0][2] == 1, "the question counts the unsaved changes lost"
    assert collections_of(window).open.path is None
    assert window.composer.current_request() == own


def test_reorder_with_keys_and_move_into_another_folder(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = shown_window(build, qtbot, sandbox)
    tree = window.saved_requests_panel.tree

    def names(folder: str) -> list[str]:
        found = find_item(collections_of(window).collection().items, (folder,))
        assert isinstance(found, Folder)
        return [item.name for item in found.items]

    select(window, CREATE_CONTACT)
    tree.setFocus()
    press(tree, "Alt+Up")
    assert names("Contacts") == ["List contacts", "Create contact", "Find contact by email"]
    press(tree, "Alt+Up")
    press(tree, "Alt+Up")  # already first: nothing happens
    assert names("Contacts")[0] == "Create contact"
    press(tree, "Alt+Down")
    assert names("Contacts")[1] == "Create contact"
    answer(window, "name_and_folder", ("", ("Tags",)))
    window.action("moveToFolder").trigger()
    assert names("Tags") == ["List tags", "Create tag", "Create contact"]
    assert (folder_of(window) / "tags" / "create-contact.toml").is_file()


def test_drag_and_drop_reorders_and_moves(qtbot: Any, build: Any, sandbox: Any) -> None:
    window = shown_window(build, qtbot, sandbox)
    tree = window.saved_requests_panel.tree
    tree.expandAll()
    position = QAbstractItemView.DropIndicatorPosition
    select(window, ("Tags", "Create tag"))
    above = tree.visualItemRect(tree.item_at_path(("Tags", "List tags"))).center()
    tree.drop_selected(above, position.AboveItem)
    tags = find_item(collections_of(window).collection().items, ("Tags",))
    assert isinstance(tags, Folder) and [i.name for i in tags.items] == ["Create tag", "List tags"]
    select(window, ("Tags", "Create tag"))
    onto = tree.visualItemRect(tree.item_at_path(("Accounts",))).center()
    tree.drop_selected(onto, position.OnItem)
    assert saved(window, ("Accounts", "Create tag"))
    select(window, ("Tags", "List tags"))
    onto = tree.visualItemRect(tree.item_at_path(("Accounts", "Get account"))).center()
    tree.drop_selected(onto, position.OnItem)  # a request is no folder: it goes after it
    accounts = find_item(collections_of(window).collection().items, ("Accounts",))
    assert isinstance(accounts, Folder)
    assert [i.name for i in accounts.items] == ["Get account", "List tags", "Create tag"]
    select(window, ("Accounts",))
    errors = answer(window, "show_error", None)
    inside = tree.visualItemRect(tree.item_at_path(("Accounts", "List tags"))).center()
    tree.drop_selected(inside, position.AboveItem)
    assert errors and "into itself" in errors[0][1], "said, and nothing moved"
    assert saved(window, ("Accounts", "List tags"))


def test_a_file_changed_on_disk_is_never_overwritten_unasked(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = shown_window(build, qtbot, sandbox)
    activate(qtbot, window, ACCOUNT)
    window.composer.body_edit.setPlainText("mine")
    file = folder_of(window) / "accounts" / "get-account.toml"
    theirs = file.read_text(encoding="utf-8").replace("The account", "Their account")
    file.write_text(theirs, encoding="utf-8")
    asked = answer(window, "save_conflict", SaveConflict.CANCEL)
    window.action("save").trigger()
    assert asked and "changed on disk" in asked[0][1]
    assert file.read_text(encoding="utf-8") == theirs
    answer(window, "save_conflict", SaveConflict.SAVE_COPY)
    window.action("save").trigger()
    assert file.read_text(encoding="utf-8") == theirs, "theirs is kept"
    copy = saved(window, ("Accounts", "Get account (my changes)"))
    assert copy.body == "mine"
    activate(qtbot, window, ACCOUNT)
    window.composer.body_edit.setPlainText("mine again")
    answer(window, "save_conflict", SaveConflict.OVERWRITE)
    file.write_text(theirs.replace("Their", "Changed"), encoding="utf-8")
    window.action("save").trigger()
    assert saved(window, ACCOUNT).body == "mine again"


def test_a_request_changed_on_disk_is_shown_as_it_is_now(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = shown_window(build, qtbot, sandbox)
    activate(qtbot, window, ACCOUNT)
    file = folder_of(window) / "accounts" / "get-account.toml"
    text = file.read_text(encoding="utf-8").replace("/accounts", "/accounts?changed=1")
    file.write_text(text, encoding="utf-8")  # as git pull would
    qtbot.waitUntil(lambda: "changed=1" in window.composer.url_edit.text(), timeout=WAIT_MS)
    assert not collections_of(window).open.is_dirty()


def test_an_unreadable_file_is_named_with_its_line_and_left_untouched(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = shown_window(build, qtbot, sandbox)
    broken = folder_of(window) / "tags" / "broken.toml"
    broken.write_text('name = "Broken"\nmethod = \n', encoding="utf-8")
    window.action("reloadCollection").trigger()
    label = window.saved_requests_panel.problems_label
    assert label.isVisible()
    assert "broken.toml, line 2" in label.text()
    activate(qtbot, window, ("Tags", "List tags"))
    window.composer.body_edit.setPlainText("x")
    window.action("save").trigger()
    select(window, ("Tags",))
    window.action("newRequest").trigger()
    assert broken.read_text(encoding="utf-8") == 'name = "Broken"\nmethod = \n'


def test_saved_requests_and_the_collection_folder_come_back_after_a_restart(
    qtbot: Any, build: Any, sandbox: Any, tmp_path: Path
) -> None:
    window = shown_window(build, qtbot, sandbox)
    chosen = tmp_path / "team-repo"
    chosen.mkdir()
    answer(window, "choose_directory", str(chosen))
    window.action("collectionFolder").trigger()
    qtbot.waitUntil(lambda: folder_of(window) == chosen, timeout=WAIT_MS)
    assert (chosen / "_collection.toml").is_file(), "the starter goes to the folder chosen"
    activate(qtbot, window, ACCOUNT)
    window.composer.body_edit.setPlainText("kept across restarts")
    window.action("save").trigger()
    window.close()
    again = shown_window(build, qtbot, sandbox)
    assert folder_of(again) == chosen
    activate(qtbot, again, ACCOUNT)
    assert again.composer.body_edit.toPlainText() == "kept across restarts"


def test_a_credential_goes_to_the_keychain_only_if_the_user_agrees(
    qtbot: Any, build: Any, sandbox: Any, memory_keyring: Any
) -> None:
    window = shown_window(build, qtbot, sandbox)
    activate(qtbot, window, ACCOUNT)
    composer = window.composer
    composer.headers_table.set_pairs((("X-Auth-Token", "api-key FAKE9999apikey"),))
    composer.request_changed.emit()
    file = folder_of(window) / "accounts" / "get-account.toml"
    asked = answer(window, "move_secrets", None)
    window.action("save").trigger()
    assert asked and "FAKE9999apikey" not in file.read_text(encoding="utf-8")
    assert collections_of(window).open.is_dirty(), "refused: still unsaved, nothing lost"
    answer(window, "move_secrets", True)
    window.action("save").trigger()
    text = file.read_text(encoding="utf-8")
    assert "FAKE9999apikey" not in text
    header = saved(window, ACCOUNT).headers[0]
    found = re.fullmatch(r"api-key \{\{(\w+)\}\}", header.value)
    assert found, header.value
    name = found.group(1)
    profile_id = window.profiles.current_id
    assert memory_keyring.entries[(SERVICE, f"{profile_id}/variable/{name}")] == "FAKE9999apikey"
    assert any(v.name == name and v.secret for v in collections_of(window).collection().variables)
    for path in folder_of(window).rglob("*"):
        if path.is_file():
            assert "FAKE9999apikey" not in path.read_text(encoding="utf-8"), path


def test_closing_asks_about_unsaved_requests_and_saves_them(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = shown_window(build, qtbot, sandbox)
    activate(qtbot, window, ACCOUNT)
    window.composer.body_edit.setPlainText("saved on quit")
    activate(qtbot, window, CREATE_CONTACT)
    asked = answer(window, "unsaved_requests", UnsavedChoice.CANCEL)
    window.action("quit").trigger()
    assert asked and window.isVisible()
    answer(window, "unsaved_requests", UnsavedChoice.SAVE)
    window.action("quit").trigger()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert saved(window, ACCOUNT).body == "saved on quit"


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_pane_fits_small_and_large_screens(
    qtbot: Any, build: Any, sandbox: Any, size: tuple[int, int]
) -> None:
    window = build().window
    window.resize(*size)
    with qtbot.waitExposed(window):
        window.show()
    qtbot.waitUntil(lambda: collections_of(window).loaded, timeout=WAIT_MS)
    panel, composer = window.saved_requests_panel, window.composer
    assert panel.isVisible() and panel.width() >= 170
    assert composer.width() >= 450 and composer.url_edit.width() >= 200
    assert window.viewer.height() >= 200
    tree = panel.tree
    assert tree.visualItemRect(tree.topLevelItem(1)).width() > 120  # names are readable
    assert window.minimumSizeHint().width() <= size[0]
    assert window.width() == size[0]


def test_the_pane_can_be_hidden_and_stays_so(qtbot: Any, build: Any, sandbox: Any) -> None:
    window = shown_window(build, qtbot, sandbox)
    window.action("savedRequests").setChecked(False)
    assert not window.saved_requests_panel.isVisible()
    window.close()
    again = build(sandbox=sandbox).window
    assert not again.action("savedRequests").isChecked()


def test_the_demo_starts_without_the_pane_and_other_windows_with_it(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    assert not build(sandbox=sandbox).window.action("savedRequests").isChecked()
    assert build().window.action("savedRequests").isChecked()


def test_a_tree_row_double_clicked_opens_the_request(qtbot: Any, build: Any, sandbox: Any) -> None:
    window = shown_window(build, qtbot, sandbox)
    tree = window.saved_requests_panel.tree
    tree.expandAll()
    rect = tree.visualItemRect(tree.item_at_path(("Tags", "List tags")))
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.composer.url_edit.text() == "{{baseUrl}}/tags?page=1&perPage=100"
    assert isinstance(find_item(collections_of(window).collection().items, ("Tags",)), Folder)
    assert isinstance(saved(window, ("Tags", "List tags")), SavedRequest)

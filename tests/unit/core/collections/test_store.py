"""The collection on disk: every change, safe file names, unreadable files kept and reported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbench.core.collections.imports import merge_variables
from workbench.core.collections.model import Field, Folder, SavedRequest, Variable
from workbench.core.collections.store import (
    CollectionError,
    CollectionStore,
    SecretsFoundError,
    default_collection_folder,
    profile_collection_folder,
)
from workbench.core.profiles import Profile

ACCOUNT = SavedRequest("Get account", url="{{baseUrl}}/accounts")
CONTACTS = SavedRequest(
    "List contacts", url="{{baseUrl}}/contacts", params=(Field("perPage", "10"),)
)


def files(root: Path) -> list[str]:
    """Every file below ``root``, as sorted relative paths."""
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def snapshot(root: Path) -> dict[str, bytes]:
    return {name: (root / name).read_bytes() for name in files(root)}


def reloaded(root: Path) -> CollectionStore:
    store = CollectionStore(root)
    assert store.load() == ()
    return store


@pytest.fixture
def store(tmp_path: Path) -> CollectionStore:
    created = CollectionStore(tmp_path / "collection")
    created.load()
    return created


def test_an_empty_folder_is_an_empty_collection(tmp_path: Path) -> None:
    store = CollectionStore(tmp_path / "nothing-yet")
    assert store.load() == ()
    assert store.collection().items == ()
    assert not store.exists


def test_requests_and_folders_are_files_and_folders(store: CollectionStore) -> None:
    store.add_request((), ACCOUNT)
    store.add_folder((), "Contacts")
    store.add_request(("Contacts",), CONTACTS)
    assert files(store.folder) == [
        "_collection.toml",
        "contacts/_folder.toml",
        "contacts/list-contacts.toml",
        "get-account.toml",
    ]
    assert reloaded(store.folder).collection() == store.collection()
    assert store.collection().items == (ACCOUNT, Folder("Contacts", (CONTACTS,)))


def test_loading_and_saving_again_changes_no_byte(store: CollectionStore) -> None:
    store.add_request((), ACCOUNT)
    store.add_folder((), "Contacts")
    store.add_request(("Contacts",), CONTACTS)
    before = snapshot(store.folder)
    again = reloaded(store.folder)
    again.update_request(("Get account",), ACCOUNT)
    again.update_request(("Contacts", "List contacts"), CONTACTS)
    again.reorder(("Contacts",), 0)
    again.reorder(("Contacts",), 1)
    assert snapshot(store.folder) == before


def test_reordering_rewrites_only_the_order_file(store: CollectionStore) -> None:
    for name in ("One", "Two", "Three"):
        store.add_request((), SavedRequest(name, url="https://example.com"))
    before = snapshot(store.folder)
    store.reorder(("Three",), 0)
    after = snapshot(store.folder)
    changed = [name for name in after if after[name] != before.get(name)]
    assert changed == ["_collection.toml"]
    assert [item.name for item in reloaded(store.folder).collection().items] == [
        "Three",
        "One",
        "Two",
    ]


def test_moving_between_folders_keeps_the_file_content(store: CollectionStore) -> None:
    store.add_folder((), "Contacts")
    store.add_folder((), "Archive")
    store.add_request(("Contacts",), CONTACTS)
    content = (store.folder / "contacts" / "list-contacts.toml").read_bytes()
    assert store.move(("Contacts", "List contacts"), ("Archive",)) == ("Archive", "List contacts")
    assert (store.folder / "archive" / "list-contacts.toml").read_bytes() == content
    assert not (store.folder / "contacts" / "list-contacts.toml").exists()
    assert reloaded(store.folder).collection() == store.collection()


def test_a_folder_moves_with_everything_in_it(store: CollectionStore) -> None:
    store.add_folder((), "Contacts")
    store.add_folder(("Contacts",), "Old")
    store.add_request(("Contacts", "Old"), CONTACTS)
    store.add_folder((), "Archive")
    store.move(("Contacts", "Old"), ("Archive",), 0)
    store.update_request(("Archive", "Old", "List contacts"), CONTACTS)
    assert "archive/old/list-contacts.toml" in files(store.folder)
    assert reloaded(store.folder).collection() == store.collection()
    with pytest.raises(CollectionError, match="into itself"):
        store.move(("Archive",), ("Archive", "Old"))


def test_rename_renames_the_file_and_keeps_the_place(store: CollectionStore) -> None:
    store.add_request((), ACCOUNT)
    store.add_request((), CONTACTS)
    assert store.rename(("Get account",), "Account details") == ("Account details",)
    assert "account-details.toml" in files(store.folder)
    assert "get-account.toml" not in files(store.folder)
    assert [item.name for item in reloaded(store.folder).collection().items] == [
        "Account details",
        "List contacts",
    ]


def test_renaming_a_folder_renames_its_directory(store: CollectionStore) -> None:
    store.add_folder((), "Contacts")
    store.add_request(("Contacts",), CONTACTS)
    store.rename(("Contacts",), "People")
    store.update_request(("People", "List contacts"), CONTACTS)
    assert files(store.folder) == [
        "_collection.toml",
        "people/_folder.toml",
        "people/list-contacts.toml",
    ]


def test_a_rename_that_keeps_the_file_name_keeps_the_file(store: CollectionStore) -> None:
    store.add_request((), ACCOUNT)
    store.rename(("Get account",), "Get Account!")
    assert files(store.folder) == ["_collection.toml", "get-account.toml"]


def test_duplicate_puts_a_copy_just_after(store: CollectionStore) -> None:
    store.add_request((), ACCOUNT)
    store.add_request((), CONTACTS)
    assert store.duplicate(("Get account",)) == ("Get account copy",)
    assert store.duplicate(("Get account",)) == ("Get account copy (2)",)
    names = [item.name for item in reloaded(store.folder).collection().items]
    assert names == ["Get account", "Get account copy (2)", "Get account copy", "List contacts"]


def test_a_folder_is_duplicated_with_its_content(store: CollectionStore) -> None:
    store.add_folder((), "Contacts")
    store.add_request(("Contacts",), CONTACTS)
    store.duplicate(("Contacts",))
    collection = reloaded(store.folder).collection()
    assert collection.items[1] == Folder("Contacts copy", (CONTACTS,))


def test_delete_removes_the_file_and_the_order_entry(store: CollectionStore) -> None:
    store.add_request((), ACCOUNT)
    store.add_folder((), "Contacts")
    store.add_request(("Contacts",), CONTACTS)
    store.delete(("Get account",))
    store.delete(("Contacts",))
    assert files(store.folder) == ["_collection.toml"]
    assert reloaded(store.folder).collection().items == ()


def test_names_are_unique_within_a_folder(store: CollectionStore) -> None:
    store.add_request((), ACCOUNT)
    with pytest.raises(CollectionError, match="already an item called 'Get account'"):
        store.add_request((), ACCOUNT)
    with pytest.raises(CollectionError, match="already"):
        store.add_folder((), "Get account")


@pytest.mark.parametrize(
    ("name", "file_name"),
    [
        ("CON", "con-request.toml"),
        ("aux", "aux-request.toml"),
        ("Zażółć: gęślą / jaźń?", "zazolc-gesla-jazn.toml"),
        ('<>:"/\\|?*', "request.toml"),
        ("日本語", "request.toml"),
        ("...", "request.toml"),
        ("x" * 150, "x" * 60 + ".toml"),
        ("_hidden", "hidden.toml"),
    ],
)
def test_file_names_are_safe_on_every_system(
    store: CollectionStore, name: str, file_name: str
) -> None:
    store.add_request((), SavedRequest(name))
    assert files(store.folder) == ["_collection.toml", file_name]
    assert reloaded(store.folder).collection().items == (SavedRequest(name),)


def test_names_that_make_the_same_file_name_get_numbers(store: CollectionStore) -> None:
    for name in ("Get account", "get-account", "GET ACCOUNT"):
        store.add_request((), SavedRequest(name))
    assert files(store.folder) == [
        "_collection.toml",
        "get-account-2.toml",
        "get-account-3.toml",
        "get-account.toml",
    ]
    assert [item.name for item in reloaded(store.folder).collection().items] == [
        "Get account",
        "get-account",
        "GET ACCOUNT",
    ]


def test_a_file_that_cannot_be_read_is_reported_and_the_others_load(
    store: CollectionStore,
) -> None:
    store.add_request((), ACCOUNT)
    store.add_request((), CONTACTS)
    broken = store.folder / "get-account.toml"
    broken.write_text('name = "Get account"\nurl = "unclosed\n', encoding="utf-8")
    again = CollectionStore(store.folder)
    problems = again.load()
    assert len(problems) == 1
    assert problems[0].path == broken and problems[0].line == 2
    assert str(problems[0]).startswith(f"{broken}, line 2: it is not valid TOML")
    assert again.collection().items == (CONTACTS,)


def test_an_unreadable_file_is_never_overwritten_or_dropped(store: CollectionStore) -> None:
    store.add_request((), ACCOUNT)
    store.add_request((), CONTACTS)
    broken = store.folder / "get-account.toml"
    broken.write_bytes(b"\xff\xfe not text")
    again = CollectionStore(store.folder)
    assert again.load()[0].message == "it is not UTF-8 text"
    again.add_request((), ACCOUNT)  # the same name: it must not take the unreadable file
    again.reorder(("Get account",), 0)
    assert broken.read_bytes() == b"\xff\xfe not text"
    assert "get-account.toml" in (store.folder / "_collection.toml").read_text()
    assert "get-account-2.toml" in files(store.folder)


def test_an_unreadable_order_file_blocks_only_reordering(store: CollectionStore) -> None:
    store.add_request((), ACCOUNT)
    store.add_request((), CONTACTS)
    order_file = store.folder / "_collection.toml"
    order_file.write_text("order = [\n", encoding="utf-8")
    again = CollectionStore(store.folder)
    assert again.load()[0].path == order_file
    assert {item.name for item in again.collection().items} == {"Get account", "List contacts"}
    again.update_request(("Get account",), ACCOUNT)  # no order change needed: allowed
    with pytest.raises(CollectionError, match="cannot be changed"):
        again.reorder(("List contacts",), 0)
    assert order_file.read_text(encoding="utf-8") == "order = [\n"


def test_files_added_by_someone_else_appear_in_name_order(store: CollectionStore) -> None:
    store.add_request((), ACCOUNT)
    (store.folder / "b.toml").write_text('name = "B from git"\n', encoding="utf-8")
    (store.folder / "a.toml").write_text('name = "A from git"\n', encoding="utf-8")
    (store.folder / "README.md").write_text("not a request", encoding="utf-8")
    names = [item.name for item in reloaded(store.folder).collection().items]
    assert names == ["Get account", "A from git", "B from git"]


def test_two_files_with_one_name_are_both_shown(store: CollectionStore) -> None:
    store.add_request((), ACCOUNT)
    (store.folder / "copy.toml").write_text('name = "Get account"\n', encoding="utf-8")
    again = CollectionStore(store.folder)
    problems = again.load()
    assert "shown as 'Get account (2)'" in problems[0].message
    assert [item.name for item in again.collection().items] == ["Get account", "Get account (2)"]


def test_a_folder_holding_files_the_workbench_does_not_know_is_not_deleted(
    store: CollectionStore,
) -> None:
    store.add_folder((), "Contacts")
    store.add_request(("Contacts",), CONTACTS)
    notes = store.folder / "contacts" / "notes.md"
    notes.write_text("keep me", encoding="utf-8")
    with pytest.raises(CollectionError, match=r"notes\.md"):
        store.delete(("Contacts",))
    assert notes.read_text(encoding="utf-8") == "keep me"


def test_credentials_in_clear_are_refused_before_anything_is_written(
    store: CollectionStore,
) -> None:
    leaky = SavedRequest("Leaky", headers=(Field("X-Auth-Token", "api-key 0a1b2c3d4e5f"),))
    with pytest.raises(SecretsFoundError) as caught:
        store.add_request((), leaky)
    assert [finding.location for finding in caught.value.findings] == ["header X-Auth-Token"]
    assert "0a1b2c3d4e5f" not in str(caught.value)
    assert files(store.folder) == []
    with pytest.raises(SecretsFoundError):
        store.set_variables((Variable("apiKey", "0a1b2c3d4e5f"),))


def test_a_failed_write_leaves_no_temporary_file_and_the_old_content(
    store: CollectionStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add_request((), ACCOUNT)
    before = snapshot(store.folder)

    def no_space(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(CollectionError, match="No space left on device"):
        store.update_request(("Get account",), CONTACTS)
    monkeypatch.undo()
    assert snapshot(store.folder) == before
    assert not any(path.name.endswith(".tmp") for path in store.folder.iterdir())
    assert store.collection().items == (ACCOUNT,)


def test_a_read_only_folder_gives_a_clear_error(
    store: CollectionStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add_request((), ACCOUNT)

    def read_only(**_: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", read_only)
    with pytest.raises(CollectionError, match=r"could not be saved .*Permission denied"):
        store.add_request((), CONTACTS)
    monkeypatch.undo()
    assert files(store.folder) == ["_collection.toml", "get-account.toml"]


def test_items_are_addressed_by_path(store: CollectionStore) -> None:
    store.add_folder((), "Contacts")
    with pytest.raises(CollectionError, match="There is no 'Nope' in the collection"):
        store.rename(("Nope", "X"), "Y")
    with pytest.raises(CollectionError, match="is a folder, not a request"):
        store.update_request(("Contacts",), CONTACTS)
    store.add_request(("Contacts",), CONTACTS)
    with pytest.raises(CollectionError, match="is a request, not a folder"):
        store.add_request(("Contacts", "List contacts"), ACCOUNT)


def test_imported_items_with_repeated_names_all_arrive(store: CollectionStore) -> None:
    tree = Folder("Imported", (ACCOUNT, ACCOUNT, Folder("Sub", (CONTACTS,))))
    store.add_items((), (tree,))
    store.add_items((), (tree,))
    collection = reloaded(store.folder).collection()
    assert [item.name for item in collection.items] == ["Imported", "Imported (2)"]
    first = collection.items[0]
    assert isinstance(first, Folder)
    assert [item.name for item in first.items] == ["Get account", "Get account (2)", "Sub"]


def test_the_default_folder_is_in_the_data_directory(isolated_user_dirs: Path) -> None:
    folder = default_collection_folder("0f1e2d3c")
    assert folder == isolated_user_dirs / "data" / "oauth-workbench" / "collections" / "0f1e2d3c"


def test_a_profile_names_its_own_folder_or_gets_the_default(isolated_user_dirs: Path) -> None:
    chosen = Profile("Team", profile_id="abc", collection_folder="~/src/api/requests")
    assert profile_collection_folder(chosen) == Path.home() / "src" / "api" / "requests"
    default = Profile("Mine", profile_id="abc")
    assert profile_collection_folder(default) == default_collection_folder("abc")


def test_a_variable_defined_twice_is_refused(store: CollectionStore) -> None:
    with pytest.raises(CollectionError, match="baseUrl is defined twice"):
        store.set_variables((Variable("baseUrl", "a"), Variable("baseUrl", "b")))


def test_imported_variables_never_change_existing_ones() -> None:
    existing = (Variable("baseUrl", "https://mine"), Variable("apiKey", secret=True))
    incoming = (
        Variable("baseUrl", "https://theirs"),
        Variable("apiKey", secret=True),
        Variable("x", "1"),
    )
    merged, conflicts = merge_variables(existing, incoming)
    assert merged == (*existing, Variable("x", "1"))
    assert conflicts == ("baseUrl",)


def test_imported_variables_never_hide_the_profiles_own() -> None:
    given = (Variable("baseUrl", "http://127.0.0.1:8080/v3"),)
    incoming = (Variable("baseUrl", "https://api.getresponse.com/v3"), Variable("x", "1"))
    merged, conflicts = merge_variables((), incoming, given)
    assert merged == (Variable("x", "1"),), "the profile's baseUrl still wins for every request"
    assert conflicts == ("baseUrl",)
    assert merge_variables((), given, given) == ((), ()), "the same value: nothing to say"


def test_a_file_changed_by_another_program_is_noticed(store: CollectionStore) -> None:
    path = store.add_request((), ACCOUNT)
    assert store.changed_on_disk(path) == ""
    file = store.file_path(path)
    assert file == store.folder / "get-account.toml"
    store.update_request(path, SavedRequest("Get account", url="{{baseUrl}}/accounts?x=1"))
    assert store.changed_on_disk(path) == "", "our own write is what we know"
    file.write_text(file.read_text(encoding="utf-8").replace("x=1", "x=2"), encoding="utf-8")
    assert "changed on disk" in store.changed_on_disk(path)
    store.load()
    assert store.changed_on_disk(path) == "", "read again: known"
    file.write_bytes(b"name = \xff\n")
    assert "cannot be read any more (it is not UTF-8 text)" in store.changed_on_disk(path)
    file.unlink()
    assert "deleted or renamed" in store.changed_on_disk(path)


def test_reading_a_collection_loads_no_redaction(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = tmp_path / "collection"
    CollectionStore(folder).add_request((), ACCOUNT)
    probe = (
        "import sys\n"
        "from workbench.core.collections.store import CollectionStore\n"
        f"CollectionStore(__import__('pathlib').Path({str(folder)!r})).load()\n"
        "print('workbench.core.redact' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"

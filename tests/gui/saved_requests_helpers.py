"""Shared steps of the saved-requests GUI tests: a shown window whose collection is read, the
tree's rows, and answers for the questions the saved requests ask."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from workbench.core.collections.model import ItemPath, SavedRequest, find_item

WAIT_MS = 10_000


def shown_window(build: Any, qtbot: Any, sandbox: Any, **kwargs: Any) -> Any:
    """The demo window (the sandbox profile, its starter collection), shown with the saved
    requests pane, once its collection is read."""
    window = build(sandbox=sandbox, **kwargs).window
    unexpected_questions(window)
    window.action("savedRequests").setChecked(True)
    window.resize(1440, 900)
    with qtbot.waitExposed(window):
        window.show()
    collections = window.saved_requests.collections
    qtbot.waitUntil(lambda: collections.loaded, timeout=WAIT_MS)
    return window


QUESTIONS = (
    "item_name",
    "name_and_folder",
    "confirm_delete",
    "save_conflict",
    "move_secrets",
    "imported_profile",
    "unsaved_requests",
    "choose_directory",
    "choose_import_file",
    "choose_export_file",
    "show_error",
    "show_notes",
)


def unexpected_questions(window: Any) -> None:
    """Every question of the saved requests fails the test until a test answers it: no real
    dialog ever waits for a user who is not there."""

    def refuse(name: str) -> Any:
        def asked(*args: Any, **_kwargs: Any) -> Any:
            raise AssertionError(f"unexpected question {name}: {args}")

        return asked

    for name in QUESTIONS:
        setattr(window.saved_requests.questions, name, refuse(name))


def collections_of(window: Any) -> Any:
    """The window's collection controller."""
    return window.saved_requests.collections


def folder_of(window: Any) -> Path:
    """The collection's folder on disk."""
    store = collections_of(window).store
    assert store is not None
    return Path(store.folder)


def saved(window: Any, path: ItemPath) -> SavedRequest:
    """The saved request at ``path`` as the store holds it."""
    found = find_item(collections_of(window).collection().items, path)
    assert isinstance(found, SavedRequest), path
    return found


def activate(qtbot: Any, window: Any, path: ItemPath) -> None:
    """Select the row of ``path`` and press Enter on it, as a user opens a request."""
    tree = window.saved_requests_panel.tree
    assert tree.select_path(path), path
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)


def select(window: Any, path: ItemPath) -> None:
    """Select the row of ``path``."""
    assert window.saved_requests_panel.tree.select_path(path), path


def row_text(window: Any, path: ItemPath) -> str:
    """What the tree shows for ``path``."""
    item = window.saved_requests_panel.tree.item_at_path(path)
    assert item is not None, path
    return str(item.text(0))


def answer(window: Any, name: str, value: Any) -> list[tuple[Any, ...]]:
    """Make the saved requests' question ``name`` answer ``value``; returns the calls made."""
    calls: list[tuple[Any, ...]] = []

    def reply(*args: Any, **kwargs: Any) -> Any:
        calls.append(args + tuple(kwargs.values()))
        return value

    setattr(window.saved_requests.questions, name, reply)
    return calls

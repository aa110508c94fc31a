"""The command table: unambiguous keys, every one bound in the window, listed in the help."""

from __future__ import annotations

from itertools import combinations
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from workbench.ui.window.commands import COMMANDS, command, help_rows
from workbench.ui.window.shortcuts_dialog import KeyboardShortcutsDialog

pytestmark = pytest.mark.gui

TEXT_EDITING_KEYS = (
    QKeySequence.StandardKey.Copy,
    QKeySequence.StandardKey.Cut,
    QKeySequence.StandardKey.Paste,
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
    QKeySequence.StandardKey.SelectAll,
    QKeySequence.StandardKey.Delete,
    QKeySequence.StandardKey.DeleteStartOfWord,
    QKeySequence.StandardKey.DeleteEndOfWord,
    QKeySequence.StandardKey.DeleteEndOfLine,
    QKeySequence.StandardKey.MoveToNextWord,
    QKeySequence.StandardKey.MoveToPreviousWord,
    QKeySequence.StandardKey.MoveToStartOfLine,
    QKeySequence.StandardKey.MoveToEndOfLine,
    QKeySequence.StandardKey.MoveToStartOfDocument,
    QKeySequence.StandardKey.MoveToEndOfDocument,
    QKeySequence.StandardKey.MoveToNextPage,
    QKeySequence.StandardKey.MoveToPreviousPage,
    QKeySequence.StandardKey.SelectNextWord,
    QKeySequence.StandardKey.SelectPreviousWord,
    QKeySequence.StandardKey.InsertParagraphSeparator,
    QKeySequence.StandardKey.InsertLineSeparator,
    QKeySequence.StandardKey.NextChild,
    QKeySequence.StandardKey.PreviousChild,
)
"""Keys the text fields, tables and tab widgets take for themselves on this platform."""


def portable(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.PortableText)


def test_no_two_actions_share_a_key(qapp: Any) -> None:
    owners: dict[str, list[str]] = {}
    for entry in COMMANDS:
        for sequence in entry.sequences():
            owners.setdefault(portable(sequence), []).append(entry.action_id)
    shared = {keys: ids for keys, ids in owners.items() if len(ids) > 1}
    assert not shared, f"keys bound to more than one action: {shared}"


def test_action_ids_are_unique_and_every_key_is_one_real_chord(qapp: Any) -> None:
    ids = [entry.action_id for entry in COMMANDS]
    assert len(ids) == len(set(ids))
    unreachable = [e.action_id for e in COMMANDS if not (e.keys or e.menu or e.toolbar)]
    assert not unreachable, f"commands with no key, menu or button: {unreachable}"
    for entry in COMMANDS:
        for keys, sequence in zip(entry.keys, entry.sequences(), strict=True):
            assert sequence.count() == 1, f"{entry.action_id}: {keys!r} is not one chord"
            assert portable(sequence) == keys, f"{entry.action_id}: {keys!r} does not parse"


def test_no_key_is_one_the_text_fields_use(qapp: Any) -> None:
    taken = {
        portable(binding): key.name
        for key in TEXT_EDITING_KEYS
        for binding in QKeySequence.keyBindings(key)
    }
    clashes = [
        f"{entry.action_id} {keys} is {taken[keys]}"
        for entry in COMMANDS
        for keys in entry.keys
        if keys in taken and not entry.scope  # a pane's keys: see the next test
    ]
    assert not clashes, clashes


def test_the_panes_keys_are_bound_to_panes_without_text_fields(build: Any, sandbox: Any) -> None:
    from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QPlainTextEdit, QTextEdit

    window = build(sandbox=sandbox).window
    scoped = [entry for entry in COMMANDS if entry.scope and entry.keys]
    assert scoped
    for entry in scoped:
        pane = window.findChild(QWidget, entry.scope)
        assert pane is not None, entry.scope
        action = window.action(entry.action_id)
        assert action in pane.actions()
        assert action.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut
        assert action not in window.actions()
        for kind in (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox):
            assert pane.findChildren(kind) == [], f"{entry.scope} holds a {kind.__name__}"


def test_every_main_action_of_the_issue_is_in_the_table(qapp: Any) -> None:
    wanted = {
        "getToken": "Ctrl+T",
        "send": "Ctrl+Return",
        "cancel": "Esc",
        "presenterMode": "F11",
        "save": "Ctrl+S",
        "quit": "Ctrl+Q",
        "keyboardShortcuts": "Ctrl+/",
    }
    for action_id, keys in wanted.items():
        assert keys in command(action_id).keys
    assert command("revealSecrets").keys == ("Ctrl+Shift+R",)
    for action_id in (
        "revealSecrets",
        "importCurl",
        "copyAsCurl",
        "exportHar",
        "expireNow",
        "demoNext",
        "demoBack",
        "newProfile",
        "about",
    ):
        assert command(action_id).label
    assert "F1" in command("keyboardShortcuts").keys
    with pytest.raises(KeyError):
        command("noSuchAction")


def test_tool_tips_say_the_keys_as_the_platform_writes_them(qapp: Any) -> None:
    send = command("send")
    assert send.tool_tip() == f"{send.description} ({send.native_text()})"
    assert "Ctrl+Return or Ctrl+Enter" in send.native_text()
    export = command("exportHar")
    assert export.tool_tip().startswith(export.tip)
    assert command("about").tool_tip() == command("about").description


def test_dialog_lists_every_entry_with_native_keys(qtbot: Any) -> None:
    dialog = KeyboardShortcutsDialog()
    qtbot.addWidget(dialog)
    assert dialog.objectName() == "keyboardShortcutsDialog"
    rows = dialog.rows()
    assert len(rows) == len(help_rows())
    for (label, keys, description), entry in zip(rows, help_rows(), strict=True):
        assert label == entry.label
        assert description == entry.description
        for sequence in entry.sequences():
            assert sequence.toString(QKeySequence.SequenceFormat.NativeText) in keys
    assert dict((row[0], row[1]) for row in rows)["About OAuth Workbench"] == "menu only"


def _live_bindings(window: QWidget) -> list[tuple[str, str, Any]]:
    """(keys, context, owner) of every shortcut live in the window: actions and QShortcuts."""
    found: list[tuple[str, str, Any]] = []
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            found.append((portable(sequence), action.shortcutContext().name, action))
    for item in window.findChildren(QShortcut):
        found.append((portable(item.key()), item.context().name, item))
    return found


def test_the_window_binds_only_keys_of_the_table_to_the_right_action(
    build: Any, sandbox: Any
) -> None:
    window = build(sandbox=sandbox).window
    by_object = {entry.object_name: entry for entry in COMMANDS}
    table_keys = {keys: entry.action_id for entry in COMMANDS for keys in entry.keys}
    problems = []
    for keys, _context, owner in _live_bindings(window):
        if keys not in table_keys:
            problems.append(f"{owner.objectName() or owner} uses {keys}, not in COMMANDS")
        elif isinstance(owner, QAction) and owner.objectName() in by_object:
            entry = by_object[owner.objectName()]
            if keys not in entry.keys:
                problems.append(f"{owner.objectName()} uses {keys}; the table says {entry.keys}")
    assert not problems, "\n".join(problems)


def test_the_window_has_no_ambiguous_shortcut(build: Any, sandbox: Any) -> None:
    window = build(sandbox=sandbox).window
    bindings = _live_bindings(window)
    clashes = []
    for (keys_a, context_a, owner_a), (keys_b, context_b, owner_b) in combinations(bindings, 2):
        if keys_a != keys_b:
            continue
        scoped = Qt.ShortcutContext.WidgetWithChildrenShortcut.name
        if context_a == context_b == scoped:
            parent_a, parent_b = owner_a.parent(), owner_b.parent()
            nested = parent_a is parent_b or parent_a.isAncestorOf(parent_b)
            if not nested and not parent_b.isAncestorOf(parent_a):
                continue  # disjoint panes: only one is ever live
        clashes.append(
            f"{keys_a}: {owner_a.objectName() or owner_a} and {owner_b.objectName() or owner_b}"
        )
    assert not clashes, "\n".join(clashes)


def test_every_key_of_the_table_is_bound_to_its_command_in_the_window(
    build: Any, sandbox: Any
) -> None:
    window = build(sandbox=sandbox).window
    live = {(keys, owner) for keys, _context, owner in _live_bindings(window)}
    unbound = [
        f"{entry.action_id} {keys}"
        for entry in COMMANDS
        for keys in entry.keys
        if (keys, window.action(entry.action_id)) not in live
    ]
    assert not unbound, f"listed but not bound: {unbound}"
    assert {entry.object_name for entry in COMMANDS} <= {
        action.objectName() for action in window.findChildren(QAction)
    }


def test_the_readme_lists_every_key_of_the_table(qapp: Any) -> None:
    """The README's keys table says what the table binds: every key, each command once."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("| Keys | Action |", 1)[1].split("\n\n", 1)[0]
    for entry in COMMANDS:
        for keys in entry.keys:
            assert keys in section, f"{entry.action_id}: {keys} is not in the README"

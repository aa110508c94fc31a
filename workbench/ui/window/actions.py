"""The window's actions, menus and toolbar, made from the command table."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QMainWindow,
    QMenu,
    QMenuBar,
    QToolBar,
    QWidget,
)

from workbench.ui.window.commands import COMMANDS, MENUS, Command, Needs


class WindowActions:
    """One QAction per command of ``COMMANDS`` the window has (``has``), keys from the table.

    ``toggles`` gives actions made elsewhere that a command names (a dock's show/hide action):
    they take the command's text and name but stay the dock's. Every action with keys is added
    to ``window`` itself, so its keys work wherever the focus is, menu bar hidden or not; a
    command with a ``scope`` is added to that pane instead, its keys working while the focus
    is in it. Before any command runs, a table cell being typed in keeps its text
    (``commit_pending_edit``), so Ctrl+Enter or Ctrl+T in the middle of typing a header sends
    what is on screen.
    """

    def __init__(
        self,
        window: QMainWindow,
        has: frozenset[Needs],
        toggles: Mapping[str, QAction] | None = None,
    ) -> None:
        self._window = window
        self._has = has | {Needs.ALWAYS}
        self._actions: dict[str, QAction] = {}
        everywhere: list[QAction] = []
        for entry in COMMANDS:
            if entry.needs in self._has:
                action = self._make(entry, (toggles or {}))
                action.triggered.connect(commit_pending_edit)  # first: before the command
                self._actions[entry.action_id] = action
                pane = window.findChild(QWidget, entry.scope) if entry.scope else None
                if pane is not None:
                    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                    pane.addAction(action)
                elif action.shortcuts():
                    everywhere.append(action)
        window.addActions(everywhere)
        self._everywhere = tuple(everywhere)

    def __getitem__(self, action_id: str) -> QAction:
        """The action of the command ``action_id``; KeyError when this window has none."""
        return self._actions[action_id]

    def __contains__(self, action_id: object) -> bool:
        return action_id in self._actions

    def window_wide(self) -> tuple[QAction, ...]:
        """The actions whose keys work wherever the focus is in the window."""
        return self._everywhere

    def __iter__(self) -> Iterator[QAction]:
        return iter(self._actions.values())

    def _make(self, entry: Command, toggles: Mapping[str, QAction]) -> QAction:
        action = toggles.get(entry.action_id) or QAction(self._window)
        action.setObjectName(entry.object_name)
        action.setText(entry.action_text)
        action.setToolTip(entry.tool_tip())
        if entry.keys:
            action.setShortcuts(entry.sequences())
        if entry.checkable:
            action.setCheckable(True)
        if entry.whole_application:
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        if entry.about_box:
            action.setMenuRole(QAction.MenuRole.AboutRole)
        return action

    def fill_menu_bar(self, menu_bar: QMenuBar) -> dict[str, QMenu]:
        """The menus of ``MENUS`` this window has, each with its commands; returns them by id."""
        menus: dict[str, QMenu] = {}
        for spec in MENUS:
            if spec.needs not in self._has:
                continue
            menu = menu_bar.addMenu(spec.title)
            menu.setObjectName(spec.object_name)
            group: int | None = None
            for entry in COMMANDS:
                in_menu = spec.menu_id in (entry.menu, entry.also_menu)
                if not in_menu or entry.action_id not in self._actions:
                    continue
                if group is not None and entry.group != group:
                    menu.addSeparator()
                group = entry.group
                menu.addAction(self._actions[entry.action_id])
            menus[spec.menu_id] = menu
        return menus

    def fill_toolbar(self, toolbar: QToolBar) -> None:
        """The toolbar's commands as buttons named after their actions."""
        for entry in COMMANDS:
            if not entry.toolbar or entry.action_id not in self._actions:
                continue
            action = self._actions[entry.action_id]
            toolbar.addAction(action)
            button = toolbar.widgetForAction(action)
            if button is not None:
                button.setObjectName(f"{action.objectName()}Button")
                button.setAccessibleName(action.text())


def commit_pending_edit() -> None:
    """Close the table cell editor that has the focus, keeping what was typed in it.

    A cell's text reaches its table only when its editor closes; the focus going back to the
    table closes it the way Enter does (Esc would drop the text).
    """
    widget = QApplication.focusWidget()
    while widget is not None and not isinstance(widget, QAbstractItemView):
        widget = widget.parentWidget()
    if widget is not None and widget.state() is QAbstractItemView.State.EditingState:
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

"""View > Theme: System, Light or Dark, ticked as the theme controller says."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from workbench.ui.theme import ThemeController


class ThemeMenu(QObject):
    """The Theme submenu: one checkable action per mode (``actions`` by mode value)."""

    def __init__(self, menu: QMenu, theme: ThemeController) -> None:
        super().__init__(menu)
        from workbench.ui.theme import MODE_LABELS

        menu.setObjectName("themeMenu")
        group = QActionGroup(menu)
        group.setExclusive(True)
        self.actions: dict[str, QAction] = {}
        for mode, label in MODE_LABELS:
            action = QAction(label, menu)
            action.setObjectName(f"theme{mode.value.capitalize()}Action")
            action.setCheckable(True)
            action.setChecked(mode is theme.mode)
            action.triggered.connect(lambda _checked=False, chosen=mode: theme.set_mode(chosen))
            group.addAction(action)
            menu.addAction(action)
            self.actions[mode.value] = action
        theme.mode_changed.connect(self.on_theme_mode_changed)

    @Slot(str)
    def on_theme_mode_changed(self, mode: str) -> None:
        """Keep the ticks in step with the choice (made here or elsewhere)."""
        action = self.actions.get(mode)
        if action is not None:
            action.setChecked(True)

"""The profile bar: the profile selector and its New, Duplicate, Rename, Delete and Save actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, SignalInstance, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from workbench.ui.profiles.drafts import shown_name

if TYPE_CHECKING:
    from workbench.ui.profiles.drafts import ProfileMarks

MODIFIED_MARK = " •"
"""Appended to the current profile's name in the selector while it has unsaved changes."""


class ProfileBar(QWidget):
    """Shows the profiles and asks for actions on them; the profile controller does the work.

    Signals:
        profile_chosen(int): the user picked the profile at this index in the selector.
        new_requested(), duplicate_requested(), rename_requested(), delete_requested(),
        save_requested(): the buttons of the same names.
    """

    profile_chosen = Signal(int)
    new_requested = Signal()
    duplicate_requested = Signal()
    rename_requested = Signal()
    delete_requested = Signal()
    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profileBar")
        self.setAccessibleName("Profiles")
        self._names: tuple[str, ...] = ()
        self._current = -1
        self._modified = False
        label = QLabel("Profile")
        self.profileCombo = QComboBox()
        self.profileCombo.setObjectName("profileCombo")
        self.profileCombo.setAccessibleName("Profile")
        self.profileCombo.setToolTip("The saved profile shown in the form; • marks unsaved changes")
        self.profileCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.profileCombo.setMinimumContentsLength(16)
        self.profileCombo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.profileCombo.activated.connect(self.on_profile_combo_activated)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(label)
        layout.addWidget(self.profileCombo)
        self.newProfileButton = self._button(
            "New…", "newProfileButton", "New profile from a preset", self.new_requested
        )
        self.duplicateProfileButton = self._button(
            "Duplicate",
            "duplicateProfileButton",
            "Duplicate this profile",
            self.duplicate_requested,
        )
        self.renameProfileButton = self._button(
            "Rename…", "renameProfileButton", "Rename this profile", self.rename_requested
        )
        self.deleteProfileButton = self._button(
            "Delete",
            "deleteProfileButton",
            "Delete this profile and its keychain entries",
            self.delete_requested,
        )
        self.saveProfileButton = self._button(
            "Save",
            "saveProfileButton",
            "Save this profile (Ctrl+S saves it and the request shown)",
            self.save_requested,
        )
        for button in (
            self.newProfileButton,
            self.duplicateProfileButton,
            self.renameProfileButton,
            self.deleteProfileButton,
            self.saveProfileButton,
        ):
            layout.addWidget(button)
        self.saveProfileButton.setEnabled(False)

    def _button(self, text: str, object_name: str, tip: str, signal: SignalInstance) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setObjectName(object_name)
        button.setAccessibleName(tip)
        button.setToolTip(tip)
        button.clicked.connect(signal.emit)
        return button

    # ----------------------------------------------------------------- API

    @Slot(object)
    def show_marks(self, marks: ProfileMarks) -> None:
        """Show the profiles' names, the one selected and whether it has unsaved changes."""
        self._names = marks.names
        self._current = marks.current
        self._modified = marks.unsaved
        self._refresh()

    def is_modified(self) -> bool:
        """True while the current profile is marked modified."""
        return self._modified

    # ----------------------------------------------------------------- slots

    @Slot(int)
    def on_profile_combo_activated(self, index: int) -> None:
        """The user picked a profile: the controller decides (it may ask first, then show it)."""
        if index == self._current:
            return
        # Show the current one until the controller has switched (it may be cancelled).
        self.profileCombo.setCurrentIndex(self._current)
        self.profile_chosen.emit(index)

    # ----------------------------------------------------------------- internals

    def _refresh(self) -> None:
        combo = self.profileCombo
        blocked = combo.blockSignals(True)
        try:
            labels = [
                shown_name(name)
                + (MODIFIED_MARK if index == self._current and self._modified else "")
                for index, name in enumerate(self._names)
            ]
            if [combo.itemText(row) for row in range(combo.count())] != labels:
                combo.clear()
                combo.addItems(labels)
            combo.setCurrentIndex(self._current)
        finally:
            combo.blockSignals(blocked)
        self.saveProfileButton.setEnabled(self._modified)
        self.deleteProfileButton.setEnabled(bool(self._names))

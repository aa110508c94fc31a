"""What the profile controller asks the user, as a protocol the window (or a test) answers,
and the Save / Discard / Cancel box every unsaved change is asked about with."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple, Protocol

from workbench.core.config import ClientAuth
from workbench.core.profiles import Profile, SecretKind
from workbench.core.secret import Secret

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


class UnsavedChoice(StrEnum):
    """The answer to "save the changes to this profile?"."""

    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_unsaved(parent: QWidget, object_name: str, title: str, text: str) -> UnsavedChoice:
    """A Save / Discard / Cancel message box (Save the default) for unsaved changes."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setObjectName(object_name)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText("Save them before going on?")
    buttons = QMessageBox.StandardButton
    box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
    box.setDefaultButton(buttons.Save)
    answer = box.exec()
    box.deleteLater()
    if answer == buttons.Save:
        return UnsavedChoice.SAVE
    if answer == buttons.Discard:
        return UnsavedChoice.DISCARD
    return UnsavedChoice.CANCEL


class NewProfile(NamedTuple):
    """A profile the user made from a preset, and the client authentication methods its
    server advertised (None when it was not asked)."""

    profile: Profile
    advertised: tuple[ClientAuth, ...] | None = None


class ProfileQuestions(Protocol):
    """Questions whose answer the controller waits for (message boxes and dialogs)."""

    def confirm_unsaved(self, name: str) -> UnsavedChoice:
        """Save, discard or keep the unsaved changes of the profile ``name``."""
        ...

    def confirm_delete(self, name: str) -> bool:
        """True to delete the profile ``name`` and its keychain entries."""
        ...

    def ask_secret(self, kind: SecretKind, profile_name: str) -> Secret | None:
        """An "ask every time" secret; None when the user gave none."""
        ...

    def show_error(self, title: str, text: str) -> None:
        """Tell the user something failed (and waits until they have read it)."""
        ...

    def show_notice(self, title: str, text: str) -> None:
        """Tell the user something worth a look (stays until they close it)."""
        ...

    def confirm_imported(self, name: str, rows: Sequence[tuple[str, str]]) -> bool:
        """True to let the imported profile ``name`` do what ``rows`` (label, value) say:
        where its secrets come from and go to, and its TLS setting."""
        ...

    def choose_file(self, title: str, save: bool) -> str:
        """A profiles file to read (or, with ``save``, to write); empty when cancelled."""
        ...

    def new_profile(self, taken_names: Sequence[str]) -> NewProfile | None:
        """A new profile from a preset; None when cancelled."""
        ...

    def profile_name(self, title: str, current: str, taken_names: Sequence[str]) -> str:
        """A new name for the profile ``current``; empty when cancelled."""
        ...

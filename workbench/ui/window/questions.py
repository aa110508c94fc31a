"""What the window asks the user: message boxes, file choosers and dialogs, one place.

Each question is an attribute a test may replace (``window.questions.confirm_delete =
lambda name: True``); ``run_dialog`` runs every modal dialog the window opens and
``show_dialog`` shows the others, so a test can fill or record them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

from workbench.core.profiles import SecretKind
from workbench.core.secret import Secret
from workbench.ui.profiles.questions import NewProfile, UnsavedChoice, ask_unsaved

if TYPE_CHECKING:
    from workbench.ui.session import WorkbenchSession

PROFILE_FILTERS = "Profiles (*.json);;All files (*)"
KEY_FILTERS = "PEM files (*.pem *.key);;All files (*)"


class WindowQuestions:
    """Answers the profile controller's questions (``ProfileQuestions``) and the window's own
    with real dialogs, parented to ``window``."""

    def __init__(
        self, window: QWidget, session: WorkbenchSession, *, sandbox_url: str = ""
    ) -> None:
        self._window = window
        self._session = session
        self._sandbox_url = sandbox_url
        self.choose_export_file: Callable[[str, str, str], str] | None = None
        """``(title, suggested name, filters) -> path`` for exports; None: a file dialog."""

    def run_dialog(self, dialog: QDialog) -> int:
        """Run ``dialog`` modally; its result code."""
        return int(dialog.exec())

    def show_dialog(self, dialog: QDialog) -> None:
        """Show ``dialog`` without blocking the window (a list to keep open while working)."""
        dialog.show()
        dialog.activateWindow()  # to the front, also when it was open behind the window

    def confirm_unsaved(self, name: str) -> UnsavedChoice:
        """Save, Discard or Cancel for the unsaved changes of the profile ``name``."""
        text = f"The profile {name!r} has unsaved changes."
        return ask_unsaved(self._window, "unsavedChangesBox", "Unsaved changes", text)

    def confirm_delete(self, name: str) -> bool:
        """True to delete the profile ``name`` and its keychain entries."""
        return self._yes(
            "Delete profile",
            f"Delete the profile {name!r} and its secrets in the keychain? This cannot be undone.",
            cancel=True,
        )

    def confirm_close_without_keychain(self) -> bool:
        """True to quit although the keychain has not finished saving."""
        return self._yes(
            "The keychain does not answer",
            "The keychain has not finished saving (it may be waiting to be unlocked). Quit "
            "anyway? A secret not saved yet will be asked for again next time.",
            cancel=False,
        )

    def ask_secret(self, kind: SecretKind, profile_name: str) -> Secret | None:
        """An "ask every time" secret: the client secret typed, or a private key file read."""
        from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit

        window = self._window
        if kind is SecretKind.PRIVATE_KEY:
            path, _filter = QFileDialog.getOpenFileName(
                window, f"Private key for {profile_name}", "", KEY_FILTERS
            )
            if not path:
                return None
            from workbench.core.key_file import KeyFileError, read_key_file

            try:
                return Secret(read_key_file(Path(path)).decode("utf-8", errors="replace"))
            except KeyFileError as error:
                self.show_error("Could not read the key", f"{path} {error}.")
                return None
        text, accepted = QInputDialog.getText(
            window,
            "Client secret",
            f"Client secret for {profile_name!r} (kept in memory for this run only):",
            QLineEdit.EchoMode.Password,
        )
        return Secret(text) if accepted and text else None

    def show_error(self, title: str, text: str) -> None:
        """A warning box, in plain text (it may quote a file's name or a server's words)."""
        self._message(title, text, warning=True)

    def show_notice(self, title: str, text: str) -> None:
        """An information box that stays until closed, in plain text."""
        self._message(title, text, warning=False)

    def _message(self, title: str, text: str, *, warning: bool) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
        box = QMessageBox(icon, title, text, parent=self._window)
        box.setObjectName("warningBox" if warning else "noticeBox")
        box.setTextFormat(Qt.TextFormat.PlainText)
        self.run_dialog(box)
        box.deleteLater()

    def confirm_imported(self, name: str, rows: Sequence[tuple[str, str]]) -> bool:
        """The imported profile's confirmation dialog; True for Use this profile."""
        from workbench.ui.profiles.confirm_dialog import ImportedProfileDialog

        dialog = ImportedProfileDialog(name, rows, parent=self._window)
        try:
            return self.run_dialog(dialog) == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    def choose_file(self, title: str, save: bool) -> str:
        """A profiles file to read, or with ``save`` to write; empty when cancelled."""
        from PySide6.QtWidgets import QFileDialog

        window = self._window
        if save:
            path, _filter = QFileDialog.getSaveFileName(
                window, title, "profiles.json", PROFILE_FILTERS
            )
        else:
            path, _filter = QFileDialog.getOpenFileName(window, title, "", PROFILE_FILTERS)
        return path

    def new_profile(self, taken_names: Sequence[str]) -> NewProfile | None:
        """The New profile dialog (presets, X-Domain, discovery); None when cancelled."""
        from workbench.ui.profiles.dialogs import NewProfileDialog

        dialog = NewProfileDialog(
            self._session, taken_names, sandbox_url=self._sandbox_url, parent=self._window
        )
        try:
            if self.run_dialog(dialog) != QDialog.DialogCode.Accepted:
                return None
            discovery = dialog.discovery
            return NewProfile(
                dialog.profile(), discovery.auth_methods if discovery is not None else None
            )
        finally:
            dialog.deleteLater()

    def profile_name(self, title: str, current: str, taken_names: Sequence[str]) -> str:
        """The profile name dialog; empty when cancelled."""
        from workbench.ui.profiles.dialogs import ProfileNameDialog

        dialog = ProfileNameDialog(title, current, taken_names, parent=self._window)
        try:
            if self.run_dialog(dialog) != QDialog.DialogCode.Accepted:
                return ""
            return dialog.name()
        finally:
            dialog.deleteLater()

    def _yes(self, title: str, text: str, *, cancel: bool) -> bool:
        from PySide6.QtWidgets import QMessageBox

        buttons = QMessageBox.StandardButton
        if cancel:
            answer = QMessageBox.question(
                self._window, title, text, buttons.Yes | buttons.Cancel, buttons.Cancel
            )
        else:
            answer = QMessageBox.warning(
                self._window, title, text, buttons.Yes | buttons.No, buttons.No
            )
        return answer == buttons.Yes

"""What the saved requests ask the user: names, folders, confirmations, files, consent.

Each question is a method a test may replace (``questions.item_name = lambda *a: "X"``);
``run_dialog`` runs every dialog, so a test can fill one in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

from workbench.core.collections.model import ItemPath, display_path
from workbench.ui.profiles.questions import UnsavedChoice, ask_unsaved

if TYPE_CHECKING:
    from workbench.core.collections.imports import ProfileSuggestion

IMPORT_FILTERS = (
    "Postman collections and .http files (*.json *.http *.rest);;"
    "Postman Collection v2.1 (*.json);;HTTP files (*.http *.rest);;All files (*)"
)
POSTMAN_FILTER = "Postman Collection v2.1 (*.json)"
HTTP_FILTER = "HTTP file (*.http)"


class SaveConflict(StrEnum):
    """What to do when the file of a request changed on disk since it was opened."""

    OVERWRITE = "overwrite"
    SAVE_COPY = "save-copy"
    CANCEL = "cancel"


class ProfileChoice(StrEnum):
    """What to do with the OAuth 2 client-credentials setup an imported file describes."""

    CREATE = "create"
    FILL = "fill"
    IGNORE = "ignore"


class CollectionQuestions:
    """Real dialogs parented to ``window``; tests replace the methods they need. Dialogs run
    through ``run`` when given (the window's own, which tests may replace as well)."""

    def __init__(self, window: QWidget, run: Callable[[QDialog], int] | None = None) -> None:
        self._window = window
        self._run = run

    def run_dialog(self, dialog: QDialog) -> int:
        """Run ``dialog`` modally; its result code."""
        return self._run(dialog) if self._run is not None else int(dialog.exec())

    def item_name(self, title: str, label: str, current: str) -> str:
        """A name typed by the user; empty when cancelled."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        text, accepted = QInputDialog.getText(
            self._window, title, label, QLineEdit.EchoMode.Normal, current
        )
        return text.strip() if accepted else ""

    def name_and_folder(
        self, title: str, name: str | None, folders: Sequence[ItemPath], folder: ItemPath
    ) -> tuple[str, ItemPath] | None:
        """A name (unless ``name`` is None) and a folder; None when cancelled."""
        from workbench.ui.collections.dialogs import NameAndFolderDialog

        dialog = NameAndFolderDialog(title, folders, folder, name=name, parent=self._window)
        try:
            if self.run_dialog(dialog) != QDialog.DialogCode.Accepted:
                return None
            return dialog.name(), dialog.folder()
        finally:
            dialog.deleteLater()

    def confirm_delete(self, path: ItemPath, folder: bool, unsaved: int) -> bool:
        """True to delete the item at ``path`` (a folder with everything in it)."""
        what = "the folder" if folder else "the saved request"
        text = f"Delete {what} {display_path(path)!r}"
        text += " and everything in it?" if folder else "?"
        if unsaved:
            text += f" Unsaved changes ({unsaved}) are lost with it."
        return self._ask("Delete", text + " Its files are removed from disk.")

    def save_conflict(self, name: str, reason: str) -> SaveConflict:
        """The file of ``name`` changed on disk: overwrite it, save ours as a copy, or cancel."""
        chosen = self._choose(
            "saveConflictBox",
            "Changed on disk",
            f"{reason}.",
            f"Replace it with your version of {name!r}, or keep both by saving yours as a copy?",
            ["Replace the file", "Save mine as a copy", "Cancel"],
        )
        return (SaveConflict.OVERWRITE, SaveConflict.SAVE_COPY, SaveConflict.CANCEL)[chosen]

    def move_secrets(self, rows: Sequence[tuple[str, str]], *, importing: bool) -> bool | None:
        """Credentials found, as (what each becomes, where it was): True to move them to the
        keychain, False to leave them out (importing only), None to cancel."""
        from workbench.ui.collections.dialogs import SecretsFoundDialog

        if importing:
            intro = (
                "The file holds credentials. They never go into the saved files: each is now a "
                "secret variable. Move their values to the OS keychain, or leave them out (you "
                "can type them later in Variables and environments)?"
            )
            leave = "Leave them out"
        else:
            intro = (
                "This request holds credentials, and saved requests never keep one in clear. "
                "Move them to the OS keychain as secret variables? The request then refers to "
                "them as {{variables}}."
            )
            leave = ""
        dialog = SecretsFoundDialog(
            "Credentials found",
            intro,
            rows,
            move_text="Move to the keychain",
            leave_text=leave,
            parent=self._window,
        )
        try:
            self.run_dialog(dialog)
            return dialog.choice
        finally:
            dialog.deleteLater()

    def imported_profile(self, suggestion: ProfileSuggestion, with_secret: bool) -> ProfileChoice:
        """A Postman OAuth 2 client-credentials auth: create a profile, fill this one, or not."""
        secret = " Its client secret goes to the keychain." if with_secret else ""
        chosen = self._choose(
            "importedProfileBox",
            "A client-credentials setup",
            f"{suggestion.found_in[:1].upper()}{suggestion.found_in[1:]} describes a "
            f"client-credentials setup: token URL "
            f"{suggestion.token_url}, client id {suggestion.client_id or '(none)'}, scope "
            f"{suggestion.scope or '(none)'}, client authentication {suggestion.auth.value}.",
            f"Make a profile of it?{secret}",
            ["Create a profile", "Fill in this profile", "Not now"],
        )
        return (ProfileChoice.CREATE, ProfileChoice.FILL, ProfileChoice.IGNORE)[chosen]

    def unsaved_requests(self, names: Sequence[str]) -> UnsavedChoice:
        """Save, Discard or Cancel for saved requests with unsaved changes."""
        shown = ", ".join(repr(name) for name in names[:5])
        more = f" and {len(names) - 5} more" if len(names) > 5 else ""
        text = f"Saved requests have unsaved changes: {shown}{more}."
        return ask_unsaved(self._window, "unsavedRequestsBox", "Unsaved requests", text)

    def choose_directory(self, title: str, current: str) -> str:
        """A folder for the collection; empty when cancelled."""
        from PySide6.QtWidgets import QFileDialog

        return QFileDialog.getExistingDirectory(self._window, title, current)

    def choose_import_file(self) -> str:
        """A Postman collection, an .http file or an environment file; empty when cancelled."""
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getOpenFileName(
            self._window, "Import requests", "", IMPORT_FILTERS
        )
        return path

    def choose_export_file(self, suggested: str) -> tuple[str, str]:
        """Where to export and in which format (``postman`` or ``http``); empty when cancelled."""
        from PySide6.QtWidgets import QFileDialog

        path, chosen = QFileDialog.getSaveFileName(
            self._window, "Export requests", suggested, f"{POSTMAN_FILTER};;{HTTP_FILTER}"
        )
        if not path:
            return "", ""
        http = chosen == HTTP_FILTER or path.lower().endswith((".http", ".rest"))
        return path, "http" if http else "postman"

    def show_error(self, title: str, text: str) -> None:
        """A warning box."""
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self._window, title, text)

    def show_notes(self, title: str, text: str) -> None:
        """An information box (what an import left out, and why)."""
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self._window, title, text)

    def _choose(
        self, object_name: str, title: str, text: str, informative: str, labels: Sequence[str]
    ) -> int:
        """A message box with one button per label (the second the default, the last the
        escape): the index of the one clicked."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self._window)
        box.setObjectName(object_name)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(title)
        box.setText(text)
        box.setInformativeText(informative)
        role = QMessageBox.ButtonRole
        roles = [role.DestructiveRole, role.AcceptRole, role.RejectRole]
        buttons = [box.addButton(label, roles[i]) for i, label in enumerate(labels)]
        box.setDefaultButton(buttons[1])
        box.setEscapeButton(buttons[-1])
        box.exec()
        clicked = box.clickedButton()
        box.deleteLater()
        return next((i for i, b in enumerate(buttons) if b is clicked), len(buttons) - 1)

    def _ask(self, title: str, text: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self._window, title, text, buttons.Yes | buttons.Cancel, buttons.Cancel
        )
        return answer == buttons.Yes

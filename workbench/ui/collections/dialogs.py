"""Small dialogs of the saved requests: a name and a folder (Save request as…, Move to
folder…), and the credentials found in a request or a file, listed for the user's consent."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.core.collections.model import ItemPath, display_path, name_problem
from workbench.ui.style import Tone, set_tone
from workbench.ui.widgets import named, note_label, read_only_table

TOP_LEVEL = "(top of the collection)"


class NameAndFolderDialog(QDialog):
    """A name (optional) and a folder of the collection: Save request as…, Move to folder…."""

    def __init__(
        self,
        title: str,
        folders: Sequence[ItemPath],
        folder: ItemPath,
        *,
        name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("nameAndFolderDialog")
        self.setWindowTitle(title)
        self._folders = [(), *folders]
        self.name_edit = named(QLineEdit(name or ""), "itemNameEdit", "Name")
        self.name_edit.selectAll()  # the name suggested goes as soon as one is typed
        self.folder_combo = named(QComboBox(), "itemFolderCombo", "Folder")
        for path in self._folders:
            self.folder_combo.addItem(display_path(path) if path else TOP_LEVEL)
        if folder in self._folders:
            self.folder_combo.setCurrentIndex(self._folders.index(folder))
        self.message = note_label("itemNameMessage", "Name problem")
        set_tone(self.message, Tone.CLIENT_ERROR, self.palette())
        form = QFormLayout()
        if name is not None:
            form.addRow("&Name:", self.name_edit)
        else:
            self.name_edit.hide()
        form.addRow("&Folder:", self.folder_combo)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def name(self) -> str:
        """The name typed."""
        return self.name_edit.text().strip()

    def folder(self) -> ItemPath:
        """The folder chosen (``()``: the top)."""
        return self._folders[max(0, self.folder_combo.currentIndex())]

    @Slot()
    def on_buttons_accepted(self) -> None:
        """Accept unless the name cannot be one."""
        problem = name_problem(self.name()) if not self.name_edit.isHidden() else ""
        self.message.setText(problem)
        self.message.setVisible(bool(problem))
        if not problem:
            self.accept()


class SecretsFoundDialog(QDialog):
    """Credentials found (in a request being saved, or a file being imported), listed as
    (what they become, where they were), never by value; the user moves them to the keychain
    or not."""

    def __init__(
        self,
        title: str,
        intro: str,
        rows: Sequence[tuple[str, str]],
        *,
        move_text: str,
        leave_text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("secretsFoundDialog")
        self.setWindowTitle(title)
        self.choice: bool | None = None
        """True: move them to the keychain; False: leave them out; None: cancelled."""
        text = QLabel(intro)
        text.setWordWrap(True)
        self.table: QTableWidget = read_only_table(
            "secretsFoundTable",
            "Credentials found",
            "Each credential found: the secret variable it becomes, and where it was",
            ["Variable", "Where it was"],
            rows,
        )
        self.buttons = QDialogButtonBox()
        self.move_button = self.buttons.addButton(move_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.move_button.setObjectName("moveSecretsButton")
        self.leave_button = None
        if leave_text:
            self.leave_button = self.buttons.addButton(
                leave_text, QDialogButtonBox.ButtonRole.DestructiveRole
            )
            self.leave_button.setObjectName("leaveSecretsOutButton")
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("cancelSecretsButton")
        self.buttons.clicked.connect(self.on_buttons_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(560, 320)

    @Slot(object)
    def on_buttons_clicked(self, button: object) -> None:
        """Note the choice and close."""
        if button is self.move_button:
            self.choice = True
            self.accept()
        elif button is self.leave_button:
            self.choice = False
            self.accept()
        else:
            self.reject()

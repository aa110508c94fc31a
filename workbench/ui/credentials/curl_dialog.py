"""Import cURL…: paste a curl command that asks for a token; the form fills only if it parses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from workbench.ui.style import Tone, set_tone
from workbench.ui.widgets import named

if TYPE_CHECKING:
    from workbench.ui.credentials.form import CredentialForm


class CurlImportDialog(QDialog):
    """Paste a curl command; the form is filled only when it parses."""

    def __init__(self, form: CredentialForm, parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QDialogButtonBox  # first use of the class costs: lazily

        super().__init__(parent)
        self.setObjectName("curlImportDialog")
        self.setAccessibleName("Import cURL")
        self.setWindowTitle("Import cURL")
        self._form = form
        self.curlTextEdit = named(QPlainTextEdit(), "curlTextEdit", "curl command")
        self.curlTextEdit.setPlaceholderText(
            "curl -X POST https://api.example.com/v3/token -u 'client-id:client-secret' "
            "-d 'grant_type=client_credentials'"
        )
        self.curlErrorLabel = named(QLabel(""), "curlErrorLabel", "curl import error")
        self.curlErrorLabel.setWordWrap(True)
        set_tone(self.curlErrorLabel, Tone.ERROR, self.palette())
        self.curlErrorLabel.setVisible(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.setObjectName("curlImportButtons")
        buttons.accepted.connect(self.on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Paste a curl command that asks for a token:"))
        layout.addWidget(self.curlTextEdit, 1)
        layout.addWidget(self.curlErrorLabel)
        layout.addWidget(buttons)
        self.resize(640, 280)

    @Slot()
    def on_buttons_accepted(self) -> None:
        """Fill the form, or show why not and stay open."""
        error = self._form.import_curl(self.curlTextEdit.toPlainText())
        if error is None:
            self.accept()
        else:
            self.curlErrorLabel.setText(error)
            self.curlErrorLabel.setVisible(True)

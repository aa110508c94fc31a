"""Before an imported profile's first token request: what it would do, and Use or Cancel."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from workbench.core.printable import printable_line
from workbench.ui.widgets import banner, named

VALUE_LIMIT_CHARS = 300
"""How much of one value is shown (the rest is counted): a file's URL can be any length."""
NAME_LIMIT_CHARS = 80
WARNING_WORDS = ("NOT checked", "unencrypted", "environment variable", "Changed since")
"""Rows holding these words are what an attacker's file would count on: shown in a banner."""


class ImportedProfileDialog(QDialog):
    """Shows where an imported profile's secrets come from and go to; Cancel is the default.

    Every value is shown as plain text with its control characters escaped (a file can hold
    bidirectional controls that make one host read as another) and cut to a readable length.
    """

    def __init__(
        self, name: str, rows: Sequence[tuple[str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importedProfileDialog")
        self.setAccessibleName("Confirm the imported profile")
        self.setWindowTitle("Use an imported profile?")
        shown_name = printable_line(name, NAME_LIMIT_CHARS)
        intro = QLabel(
            f"The profile {shown_name!r} came from a file. Before it asks for a token, check "
            "where it reads its secrets and where it sends them. Cancel sends nothing."
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.warningBanner = banner("importedProfileWarning", "What to check")
        warnings = [
            f"{label}: {printable_line(value, VALUE_LIMIT_CHARS)}"
            for label, value in rows
            if any(word in value or word in label for word in WARNING_WORDS)
        ]
        self.warningBanner.setTextFormat(Qt.TextFormat.PlainText)
        self.warningBanner.setText("⚠ " + "\n⚠ ".join(warnings))
        self.warningBanner.setVisible(bool(warnings))
        self.rows: dict[str, QLabel] = {}
        form = QFormLayout()
        for label, value in rows:
            shown = named(QLabel(), f"importedProfileRow{len(self.rows)}", label)
            shown.setTextFormat(Qt.TextFormat.PlainText)  # a file's text is never rich text
            shown.setText(printable_line(value, VALUE_LIMIT_CHARS))
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label + ":", shown)
            self.rows[label] = shown
        buttons = QDialogButtonBox()
        buttons.setObjectName("importedProfileButtons")
        self.useButton = named(
            buttons.addButton("Use this profile", QDialogButtonBox.ButtonRole.AcceptRole),
            "useImportedProfileButton",
            "Use this profile",
            "Remember this answer and go on with the token request",
        )
        self.cancelButton = named(
            buttons.addButton(QDialogButtonBox.StandardButton.Cancel),
            "cancelImportedProfileButton",
            "Cancel",
            "Send nothing",
        )
        self.useButton.setAutoDefault(False)
        self.cancelButton.setDefault(True)  # Enter does not send a secret somewhere by accident
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.warningBanner)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(620, 0)

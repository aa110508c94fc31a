"""The export dialog: HAR, debug report, cURL or Python, redacted unless "Include secrets"."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.exports import ExportFormat, ExportSources, available_formats, export_text
from workbench.ui.style import Tone, set_tone
from workbench.ui.widgets import choice_combo, named

PREVIEW_CHARS = 200_000
"""The preview shows at most this much; the file and the clipboard get everything."""
SECRETS_WARNING = (
    "⚠ The export will hold client secrets, Basic credentials and tokens in clear. Share it "
    "only with people who may use these credentials, and delete it when done."
)
MASKED_NOTE = "Secrets are masked: safe to share."
PYTHON_NOTE = (
    "The snippet never holds the secret: it reads it from the environment variable "
    "OAUTH_CLIENT_SECRET."
)


FORMAT_LABELS: dict[ExportFormat, str] = {
    ExportFormat.HAR: "HAR 1.2 of the timeline (for browsers' and other tools' HAR viewers)",
    ExportFormat.REPORT: "Debug report (one HTML file: profile, every exchange, every problem)",
    ExportFormat.CURL: "cURL of the selected exchange",
    ExportFormat.PYTHON: "Python snippet (Authlib) doing the same token request and API call",
}
FILE_NAMES: dict[ExportFormat, str] = {
    ExportFormat.HAR: "workbench.har",
    ExportFormat.REPORT: "workbench-report.html",
    ExportFormat.CURL: "request.sh",
    ExportFormat.PYTHON: "call_api.py",
}
FILE_FILTERS: dict[ExportFormat, str] = {
    ExportFormat.HAR: "HAR files (*.har *.json);;All files (*)",
    ExportFormat.REPORT: "HTML files (*.html);;All files (*)",
    ExportFormat.CURL: "Shell scripts (*.sh);;All files (*)",
    ExportFormat.PYTHON: "Python files (*.py);;All files (*)",
}


class ExportDialog(QDialog):
    """Pick a format, see a preview, then Save… or Copy; "Include secrets" is off by default.

    ``choose_file(title, suggested_name, filters) -> path`` asks where to save (empty:
    cancelled); tests replace it. The last outcome is in ``exportStatusLabel``.

    Signals:
        exported(str): a plain sentence once the export was saved or copied.
    """

    exported = Signal(str)

    def __init__(
        self,
        sources: ExportSources,
        *,
        initial: ExportFormat = ExportFormat.HAR,
        choose_file: Callable[[str, str, str], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setAccessibleName("Export")
        self.setWindowTitle("Export")
        self._sources = sources
        self._formats: Sequence[ExportFormat] = available_formats(sources)
        self._cache: dict[tuple[ExportFormat, bool], str] = {}
        self._secrets_locked = False
        self.choose_file: Callable[[str, str, str], str] = choose_file or self._choose_file

        self.formatCombo = choice_combo(
            "exportFormatCombo",
            "Export format",
            "HAR, debug report, cURL or Python",
            ((FORMAT_LABELS[kind], kind.value) for kind in self._formats),
        )
        self.includeSecretsCheck = named(
            QCheckBox("Include secrets"), "includeSecretsCheck", "Include secrets"
        )
        self.includeSecretsCheck.setAccessibleDescription(
            "Off: client secrets and tokens are masked. On: they are exported in clear."
        )
        self.secretsNoteLabel = named(QLabel(MASKED_NOTE), "exportSecretsNote", "Secrets note")
        self.secretsNoteLabel.setWordWrap(True)
        self.preview = named(QPlainTextEdit(), "exportPreview", "Export preview")
        self.preview.setAccessibleDescription("The text that will be saved or copied")
        self.preview.setReadOnly(True)
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.statusLabel = named(QLabel(""), "exportStatusLabel", "Export status")
        self.statusLabel.setWordWrap(True)
        self.saveButton = named(QPushButton("Save…"), "exportSaveButton", "Save to a file")
        self.copyButton = named(
            QPushButton("Copy to clipboard"), "exportCopyButton", "Copy to the clipboard"
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.setObjectName("exportButtons")
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setObjectName("exportCloseButton")
        close.setAccessibleName("Close")
        buttons.addButton(self.copyButton, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.saveButton, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("Export", self.formatCombo)
        form.addRow("", self.includeSecretsCheck)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.secretsNoteLabel)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.statusLabel)
        layout.addWidget(buttons)
        self.resize(860, 560)

        self.formatCombo.currentIndexChanged.connect(self.on_format_combo_current_index_changed)
        self.includeSecretsCheck.toggled.connect(self.on_include_secrets_check_toggled)
        self.saveButton.clicked.connect(self.on_save_button_clicked)
        self.copyButton.clicked.connect(self.on_copy_button_clicked)
        self.set_format(initial if initial in self._formats else self._formats[0])

    # ----------------------------------------------------------------- API

    def formats(self) -> tuple[ExportFormat, ...]:
        """The formats offered."""
        return tuple(self._formats)

    def current_format(self) -> ExportFormat:
        """The chosen format."""
        return ExportFormat(self.formatCombo.currentData())

    def set_format(self, kind: ExportFormat) -> None:
        """Choose ``kind`` (when offered)."""
        index = self.formatCombo.findData(kind.value)
        if index >= 0:
            self.formatCombo.setCurrentIndex(index)
        self._refresh()

    def keep_secrets_out(self, reason: str) -> None:
        """Untick Include secrets and keep it off whatever the format (``reason`` says why)."""
        self._secrets_locked = True
        self.includeSecretsCheck.setChecked(False)
        self.includeSecretsCheck.setEnabled(False)
        self.includeSecretsCheck.setToolTip(reason)

    def include_secrets(self) -> bool:
        """True when secrets go in clear (never for the Python snippet)."""
        return self.includeSecretsCheck.isChecked() and self.includeSecretsCheck.isEnabled()

    def content(self) -> str:
        """Everything that Save or Copy would write now."""
        key = (self.current_format(), self.include_secrets())
        if key not in self._cache:
            self._cache[key] = export_text(self._sources, key[0], include_secrets=key[1])
        return self._cache[key]

    def save_to(self, path: str) -> bool:
        """Write the export to ``path``; False (and why, in the status label) when it failed."""
        try:
            Path(path).write_text(self.content(), encoding="utf-8")
        except OSError as error:
            self._say(f"Could not save to {path}: {error.strerror or error}", error=True)
            return False
        self._say(f"Saved to {path}{self._secrets_words()}")
        return True

    def copy_to_clipboard(self) -> None:
        """Put the export on the clipboard."""
        QGuiApplication.clipboard().setText(self.content())
        self._say(f"Copied to the clipboard{self._secrets_words()}")

    # ----------------------------------------------------------------- slots

    @Slot(int)
    def on_format_combo_current_index_changed(self, _index: int) -> None:
        """Another format: new preview."""
        self._refresh()

    @Slot(bool)
    def on_include_secrets_check_toggled(self, _checked: bool) -> None:
        """Secrets in or out: warn, and a new preview."""
        self._refresh()

    @Slot()
    def on_save_button_clicked(self) -> None:
        """Ask where, then save."""
        kind = self.current_format()
        path = self.choose_file("Export", FILE_NAMES[kind], FILE_FILTERS[kind])
        if path:
            self.save_to(path)

    @Slot()
    def on_copy_button_clicked(self) -> None:
        """Copy the export."""
        self.copy_to_clipboard()

    # ----------------------------------------------------------------- internals

    def _refresh(self) -> None:
        python = self.current_format() is ExportFormat.PYTHON
        self.includeSecretsCheck.setEnabled(not python and not self._secrets_locked)
        if python:
            note, warn = PYTHON_NOTE, False
        elif self.include_secrets():
            note, warn = SECRETS_WARNING, True
        else:
            note, warn = MASKED_NOTE, False
        self.secretsNoteLabel.setText(note)
        set_tone(self.secretsNoteLabel, Tone.ERROR if warn else None, self.palette(), bold=warn)
        text = self.content()
        if len(text) > PREVIEW_CHARS:
            shown = text[:PREVIEW_CHARS]
            text = f"{shown}\n\n… preview cut at {PREVIEW_CHARS:,} characters of {len(text):,}"
        self.preview.setPlainText(text)
        self.statusLabel.setText("")

    def _secrets_words(self) -> str:
        if self.current_format() is ExportFormat.PYTHON:
            return " (no secret in it)."
        return " — WITH SECRETS in clear." if self.include_secrets() else " (secrets masked)."

    def _say(self, text: str, *, error: bool = False) -> None:
        self.statusLabel.setText(text)
        set_tone(self.statusLabel, Tone.ERROR if error else None, self.palette())
        if not error:
            self.exported.emit(text)

    def _choose_file(self, title: str, suggested: str, filters: str) -> str:
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getSaveFileName(self, title, suggested, filters)
        return path

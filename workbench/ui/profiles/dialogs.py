"""Profile dialogs: a new profile from a preset (with X-Domain or discovery), and naming one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.presets import PRESETS, Preset, sandbox_profile, x_domain_problem
from workbench.core.profiles import Profile, unique_name
from workbench.ui.credentials.checks import FieldMessage, Severity, check_token_url
from workbench.ui.style import Tone, set_tone
from workbench.ui.widgets import named

if TYPE_CHECKING:
    from workbench.core.discovery import Discovery
    from workbench.ui.session import WorkbenchSession

PRESET_ROLE = Qt.ItemDataRole.UserRole


def check_profile_name(name: str, taken: Sequence[str], current: str = "") -> str:
    """Why ``name`` cannot name a profile (empty, or another profile's name); empty when fine."""
    text = name.strip()
    if not text:
        return "Give the profile a name."
    if text != current and text in taken:
        return f"There is already a profile called {text!r}."
    return ""


class NewProfileDialog(QDialog):
    """Pick a preset, fill in what it needs (X-Domain, issuer, sandbox address), name it.

    The discovery preset runs discovery through the session (off the GUI thread; its requests
    go to the timeline) and is accepted only once it found a token endpoint. ``profile()``
    gives the new profile after the dialog was accepted; ``discovery`` what discovery found.
    """

    def __init__(
        self,
        session: WorkbenchSession,
        taken_names: Sequence[str],
        *,
        sandbox_url: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newProfileDialog")
        self.setAccessibleName("New profile")
        self.setWindowTitle("New profile")
        self._session = session
        self._taken = tuple(taken_names)
        self.discovery: Discovery | None = None
        self.discovered_issuer = ""
        self._pending_issuer = ""
        self._name_edited = False
        self._listening = True
        self._build(sandbox_url)
        self._build_layout()
        self._connect()
        self.presetList.setCurrentRow(0)

    def _build(self, sandbox_url: str) -> None:
        self.presetList = named(QListWidget(), "presetList", "Presets")
        for preset in PRESETS:
            item = QListWidgetItem(preset.title)
            item.setData(PRESET_ROLE, preset.key)
            item.setToolTip(preset.description)
            self.presetList.addItem(item)
        # As tall as its rows: the dialog keeps no blank space (it grows when rows appear).
        rows = self.presetList.sizeHintForRow(0) * self.presetList.count()
        self.presetList.setFixedHeight(rows + 2 * self.presetList.frameWidth())
        self.presetDescriptionLabel = named(
            QLabel(""), "presetDescriptionLabel", "Preset description"
        )
        self.presetDescriptionLabel.setWordWrap(True)

        self.profileNameEdit = named(QLineEdit(), "profileNameEdit", "Profile name")
        self.xDomainEdit = named(QLineEdit(), "xDomainEdit", "X-Domain")
        self.xDomainEdit.setPlaceholderText("your MAX domain, such as example.com")
        self.issuerEdit = named(QLineEdit(), "issuerEdit", "Issuer")
        self.issuerEdit.setPlaceholderText("https://id.example.com")
        self.discoverButton = named(QPushButton("Discover"), "discoverButton", "Discover")
        self.discoveryResultLabel = named(QLabel(""), "discoveryResultLabel", "Discovery result")
        self.discoveryResultLabel.setWordWrap(True)
        self.discoveryResultLabel.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.sandboxUrlEdit = named(QLineEdit(sandbox_url), "sandboxUrlEdit", "Sandbox address")
        self.sandboxUrlEdit.setPlaceholderText("http://127.0.0.1:PORT (from `workbench sandbox`)")
        self.problemLabel = named(QLabel(""), "newProfileProblemLabel", "Problem")
        self.problemLabel.setWordWrap(True)
        set_tone(self.problemLabel, Tone.ERROR, self.palette())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.setObjectName("newProfileButtons")
        self.okButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.okButton.setObjectName("newProfileOkButton")
        self.okButton.setText("Create")
        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def _build_layout(self) -> None:
        issuer_row = QHBoxLayout()
        issuer_row.setContentsMargins(0, 0, 0, 0)
        issuer_row.addWidget(self.issuerEdit, 1)
        issuer_row.addWidget(self.discoverButton)
        form = QFormLayout()
        self._form = form
        form.addRow("Name", self.profileNameEdit)
        form.addRow("X-Domain", self.xDomainEdit)
        self._issuer_row = QWidget()
        self._issuer_row.setLayout(issuer_row)
        form.addRow("Issuer", self._issuer_row)
        form.addRow("Sandbox at", self.sandboxUrlEdit)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Start from:"))
        layout.addWidget(self.presetList)
        layout.addWidget(self.presetDescriptionLabel)
        layout.addLayout(form)
        layout.addWidget(self.discoveryResultLabel)
        layout.addWidget(self.problemLabel)
        layout.addStretch(1)  # room the user adds by resizing goes below, not between lines
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def _connect(self) -> None:
        session = self._session
        self.presetList.currentRowChanged.connect(self.on_preset_list_current_row_changed)
        self.profileNameEdit.textEdited.connect(self.on_profile_name_edited)
        self.profileNameEdit.textChanged.connect(self.on_field_changed)
        self.xDomainEdit.textChanged.connect(self.on_field_changed)
        self.sandboxUrlEdit.textChanged.connect(self.on_field_changed)
        self.issuerEdit.textChanged.connect(self.on_issuer_edit_text_changed)
        self.issuerEdit.returnPressed.connect(self.on_discover_button_clicked)
        self.discoverButton.clicked.connect(self.on_discover_button_clicked)
        session.discovery_busy.connect(self.on_session_discovery_busy)
        session.discovery_finished.connect(self.on_session_discovery_finished)

    # ----------------------------------------------------------------- API

    def preset(self) -> Preset:
        """The preset chosen now."""
        row = max(0, self.presetList.currentRow())
        preset: Preset = PRESETS[row]
        return preset

    def select_preset(self, key: str) -> None:
        """Choose the preset called ``key``."""
        for row, preset in enumerate(PRESETS):
            if preset.key == key:
                self.presetList.setCurrentRow(row)
                return
        raise KeyError(key)

    def problem(self) -> str:
        """Why the dialog cannot create the profile yet; empty when it can."""
        preset = self.preset()
        name_problem = check_profile_name(self.profileNameEdit.text(), ())
        if name_problem:
            return name_problem
        if preset.needs_x_domain:
            x_problem = x_domain_problem(self.xDomainEdit.text())
            if x_problem:
                return f"X-Domain: {x_problem}"
        if preset.needs_issuer and self.discovery is None:
            return ""  # shown by the discovery result; the button stays disabled
        if preset.key == "sandbox":
            message = _sandbox_url_problem(self.sandboxUrlEdit.text())
            if message is not None:
                return message.text
        return ""

    def can_create(self) -> bool:
        """True when Create would make a profile."""
        if self.problem():
            return False
        return not (self.preset().needs_issuer and self.discovery is None)

    def profile(self) -> Profile:
        """The new profile (a unique name, the preset's settings, what discovery found)."""
        preset = self.preset()
        name = unique_name(self.profileNameEdit.text().strip() or preset.title, self._taken)
        if preset.key == "sandbox":
            return sandbox_profile(self.sandboxUrlEdit.text().strip(), name)
        profile = preset.new_profile(
            name, x_domain=self.xDomainEdit.text().strip(), issuer=self.discovered_issuer
        )
        if self.discovery is not None:
            from dataclasses import replace

            methods = self.discovery.auth_methods
            profile = replace(
                profile,
                token_url=self.discovery.token_endpoint,
                auth=methods[0] if methods else profile.auth,
            )
        return profile

    # ----------------------------------------------------------------- slots

    @Slot(int)
    def on_preset_list_current_row_changed(self, row: int) -> None:
        """Show the preset's description and the fields it needs."""
        if row < 0:
            return
        preset = PRESETS[row]
        self.presetDescriptionLabel.setText(preset.description)
        if not self._name_edited:
            self.profileNameEdit.setText(unique_name(preset.title, self._taken))
        for field, shown in (
            (self.xDomainEdit, preset.needs_x_domain),
            (self._issuer_row, preset.needs_issuer),
            (self.sandboxUrlEdit, preset.key == "sandbox"),
        ):
            self._form.setRowVisible(field, shown)
        label = self.discoveryResultLabel
        label.setVisible(preset.needs_issuer and bool(label.text()))
        self.on_field_changed()
        self._fit_height()

    def _show_discovery(self, text: str) -> None:
        """What discovery found or why not (an empty line takes no room)."""
        self.discoveryResultLabel.setText(text)
        self.discoveryResultLabel.setVisible(bool(text) and self.preset().needs_issuer)
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as what it shows now (a preset's fields, a problem), no taller."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        width = max(self.width(), self.minimumWidth())
        # The height its wrapped lines need at this width (sizeHint assumes a narrow one).
        self.resize(width, layout.totalHeightForWidth(width))

    @Slot(str)
    def on_profile_name_edited(self, _text: str) -> None:
        """The user named it: choosing another preset no longer renames it."""
        self._name_edited = True

    @Slot()
    def on_field_changed(self) -> None:
        """Recheck; Create is enabled only when the profile can be made."""
        problem = self.problem()
        shown = self.problemLabel.isVisibleTo(self)
        self.problemLabel.setText(problem)
        self.problemLabel.setVisible(bool(problem))
        self.okButton.setEnabled(self.can_create())
        if shown != bool(problem):
            self._fit_height()

    @Slot(str)
    def on_issuer_edit_text_changed(self, _text: str) -> None:
        """A new issuer needs a new discovery."""
        if self.discovery is not None and self.issuerEdit.text().strip() != self.discovered_issuer:
            self.discovery = None
            self._show_discovery("")
        self.on_field_changed()

    @Slot()
    def on_discover_button_clicked(self) -> None:
        """Read the issuer's metadata (through the session, off the GUI thread)."""
        issuer = self.issuerEdit.text().strip()
        if not issuer:
            self._show_discovery("Enter the issuer first.")
            return
        self.discovery = None
        self.discovered_issuer = ""
        self._pending_issuer = issuer
        self._show_discovery(f"Reading the metadata of {issuer}…")
        self._session.discover(issuer)
        self.on_field_changed()

    @Slot(bool)
    def on_session_discovery_busy(self, busy: bool) -> None:
        """One discovery at a time from this dialog."""
        self.discoverButton.setEnabled(not busy)

    @Slot(object)
    def on_session_discovery_finished(self, outcome: Any) -> None:
        """Show the token endpoint and methods found, or the Problem in plain words."""
        found = getattr(outcome, "discovery", None)
        problem = getattr(outcome, "problem", None)
        if found is not None:
            self.discovery = found
            self.discovered_issuer = self._pending_issuer or found.issuer
            methods = ", ".join(method.value for method in found.auth_methods) or "none known"
            lines = [
                f"Found at {found.metadata_url}",
                f"Token endpoint: {found.token_endpoint}",
                f"Client authentication offered: {methods}",
            ]
            if found.supports_client_credentials is False:
                lines.append("⚠ The server does not list the client_credentials grant.")
            lines.extend(f"⚠ {note}" for note in found.notes)
            self._show_discovery("<br>".join(_escape(line) for line in lines))
        elif problem is not None:
            self._show_discovery(describe_problem_html(problem))
        self.on_field_changed()

    @Slot()
    def on_buttons_accepted(self) -> None:
        """Create, when everything needed is there."""
        if self.can_create():
            self.accept()

    def done(self, result: int) -> None:
        """Stop listening to the session once closed."""
        if self._listening:
            self._listening = False
            self._session.discovery_busy.disconnect(self.on_session_discovery_busy)
            self._session.discovery_finished.disconnect(self.on_session_discovery_finished)
        super().done(result)


class ProfileNameDialog(QDialog):
    """Ask for a profile's name (rename, duplicate); refuses empty and taken names."""

    def __init__(
        self,
        title: str,
        current: str,
        taken_names: Sequence[str],
        *,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("profileNameDialog")
        self.setAccessibleName(title)
        self.setWindowTitle(title)
        self._current = current
        self._taken = tuple(taken_names)
        self.profileNameEdit = named(QLineEdit(current), "profileNameEdit", "Profile name")
        self.profileNameMessage = named(QLabel(""), "profileNameMessage", "Name problem")
        set_tone(self.profileNameMessage, Tone.ERROR, self.palette())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.setObjectName("profileNameButtons")
        self.okButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Name"))
        layout.addWidget(self.profileNameEdit)
        layout.addWidget(self.profileNameMessage)
        layout.addWidget(self.buttons)
        self.profileNameEdit.textChanged.connect(self.on_profile_name_edit_text_changed)
        self.profileNameEdit.selectAll()
        self.on_profile_name_edit_text_changed(current)

    def name(self) -> str:
        """The name typed, trimmed."""
        return str(self.profileNameEdit.text()).strip()

    @Slot(str)
    def on_profile_name_edit_text_changed(self, text: str) -> None:
        """Say why a name cannot be used; OK only for a usable one."""
        problem = check_profile_name(text, self._taken, self._current)
        self.profileNameMessage.setText(problem)
        self.profileNameMessage.setVisible(bool(problem))
        self.okButton.setEnabled(not problem)

    @Slot()
    def on_buttons_accepted(self) -> None:
        """Accept a usable name only."""
        if not check_profile_name(self.name(), self._taken, self._current):
            self.accept()


def describe_problem_html(problem: Any) -> str:
    """A Problem as a few lines of rich text: title, explanation, cause, what to do."""
    parts = [f"<b>✖ {_escape(problem.title)}</b>"]  # the label has the error's colour
    for label, text in (
        ("", problem.explanation),
        ("Likely cause: ", problem.likely_cause),
        ("What to do: ", problem.suggested_action),
    ):
        if text:
            parts.append(_escape(label + text))
    return "<br>".join(parts)


def _sandbox_url_problem(text: str) -> FieldMessage | None:
    url = text.strip()
    if not url:
        return FieldMessage(
            Severity.ERROR, "Give the sandbox's address: `workbench sandbox` prints it."
        )
    message = check_token_url(url)
    if message is not None and message.severity is Severity.ERROR:
        return FieldMessage(Severity.ERROR, f"Sandbox address: {message.text}")
    if urlsplit(url).path.strip("/"):
        return FieldMessage(Severity.ERROR, "Give only the sandbox's address, without a path.")
    return None


def _escape(text: str) -> str:
    import html

    escaped: str = html.escape(text, quote=False)
    return escaped

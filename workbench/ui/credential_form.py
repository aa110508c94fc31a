"""The credential form: token URL, client id and secret, method, extras; checked as you type."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.config import BodyEncoding, ClientAuth, ClientConfig, Pairs
from workbench.core.loopback import is_loopback_host
from workbench.core.presets import x_domain_problem
from workbench.core.profiles import SecretKind, SecretRef, SecretSource
from workbench.core.recovery import RecoveryOptions
from workbench.core.secret import Secret
from workbench.ui.style import set_text_colour

MAX_KEY_FILE_BYTES = 1024 * 1024
ERROR_COLOUR = "#d43c3c"
WARNING_COLOUR = "#b87800"

AUTH_LABELS: tuple[tuple[ClientAuth, str], ...] = (
    (ClientAuth.BASIC, "client_secret_basic (RFC: urlencode, then base64)"),
    (ClientAuth.BASIC_RAW, "client_secret_basic (as most clients: raw base64)"),
    (ClientAuth.POST, "client_secret_post (in the body)"),
    (ClientAuth.SECRET_JWT, "client_secret_jwt (HS256 assertion)"),
    (ClientAuth.PRIVATE_KEY_JWT, "private_key_jwt (key file)"),
    (ClientAuth.NONE, "none (client id only)"),
)
ENCODING_LABELS: tuple[tuple[BodyEncoding, str], ...] = (
    (BodyEncoding.FORM, "form (application/x-www-form-urlencoded)"),
    (BodyEncoding.JSON, "JSON (application/json)"),
)
JWT_ALGORITHMS = ("", "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384")
SOURCE_LABELS: tuple[tuple[SecretSource, str], ...] = (
    (SecretSource.KEYCHAIN, "OS keychain"),
    (SecretSource.ENVIRONMENT, "Environment variable"),
    (SecretSource.ASK, "Ask every time"),
)


class Severity(StrEnum):
    """How bad a validation message is."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class FieldMessage:
    """What to show next to a field."""

    severity: Severity
    text: str


def check_token_url(text: str) -> FieldMessage | None:
    """A missing or unparseable URL is an error; ``http://`` off this computer is a warning."""
    url = text.strip()
    if not url:
        return FieldMessage(Severity.ERROR, "Enter the token endpoint's URL.")
    if any(char.isspace() for char in url):
        return FieldMessage(Severity.ERROR, "Not a URL: it contains spaces.")
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        _ = parts.port  # raises ValueError on a bad port
    except ValueError as error:
        return FieldMessage(Severity.ERROR, f"Not a URL: {error}.")
    if parts.scheme.lower() not in ("http", "https"):
        return FieldMessage(
            Severity.ERROR, "Not a URL the workbench can call: it must start with https://."
        )
    if not host:
        return FieldMessage(Severity.ERROR, "Not a URL: there is no host after the scheme.")
    if parts.scheme.lower() == "http" and not is_loopback_host(host):
        return FieldMessage(
            Severity.WARNING,
            f"http:// to {host}: the client secret would travel in clear. Use https://.",
        )
    return None


def check_client_id(text: str) -> FieldMessage | None:
    """Every client-credentials request needs a client id."""
    if not text.strip():
        return FieldMessage(Severity.ERROR, "Enter the client id.")
    if text != text.strip():
        return FieldMessage(Severity.WARNING, "The client id starts or ends with a space.")
    return None


def check_client_secret(
    secret: str, auth: ClientAuth, source: SecretSource = SecretSource.KEYCHAIN
) -> FieldMessage | None:
    """Methods that sign or send a secret need one (unless it is asked for or read elsewhere)."""
    if source is not SecretSource.KEYCHAIN:
        return None
    needs_secret = auth in (
        ClientAuth.BASIC,
        ClientAuth.BASIC_RAW,
        ClientAuth.POST,
        ClientAuth.SECRET_JWT,
    )
    if needs_secret and not secret:
        return FieldMessage(Severity.WARNING, "No client secret: the endpoint will likely refuse.")
    if secret and secret != secret.strip():
        return FieldMessage(Severity.WARNING, "The secret starts or ends with a space.")
    return None


def check_private_key(
    path_text: str, pem: str, auth: ClientAuth, source: SecretSource = SecretSource.KEYCHAIN
) -> FieldMessage | None:
    """``private_key_jwt`` needs a readable PEM private key."""
    if auth is not ClientAuth.PRIVATE_KEY_JWT:
        return None
    if source is not SecretSource.KEYCHAIN and not pem and not path_text.strip():
        return None
    if not path_text.strip() and not pem:
        return FieldMessage(Severity.ERROR, "Choose the PEM file of the private key.")
    if not pem:
        return FieldMessage(Severity.ERROR, "Could not read a key from that file.")
    if "PRIVATE KEY-----" not in pem:
        return FieldMessage(Severity.ERROR, "That file is not a PEM private key.")
    return None


def check_x_domain(value: str) -> FieldMessage | None:
    """GetResponse MAX's ``X-Domain`` takes a bare domain (the rule lives in core.presets)."""
    problem = x_domain_problem(value)
    return FieldMessage(Severity.ERROR, f"X-Domain: {problem}") if problem else None


def check_env_var(name: str, environ: Mapping[str, str] | None = None) -> FieldMessage | None:
    """A secret read from the environment needs a variable name, ideally one that is set."""
    text = name.strip()
    if not text:
        return FieldMessage(Severity.ERROR, "Name the environment variable that holds it.")
    if "=" in text or any(char.isspace() for char in text):
        return FieldMessage(Severity.ERROR, f"{text!r} is not a variable name.")
    env = os.environ if environ is None else environ
    if not env.get(text):
        return FieldMessage(
            Severity.WARNING, f"{text} is not set here: the token request will say so."
        )
    return None


def check_extra_headers(headers: Pairs) -> FieldMessage | None:
    """The first problem among the extra headers, if any."""
    for name, value in headers:
        if not name.strip() and value.strip():
            return FieldMessage(Severity.ERROR, "A header has a value but no name.")
        if any(char.isspace() or char == ":" for char in name.strip()):
            return FieldMessage(Severity.ERROR, f"Header name {name!r} has a space or colon.")
        if name.strip().lower() == "x-domain":
            message = check_x_domain(value)
            if message is not None:
                return message
    return None


class PairsTable(QWidget):
    """An editable two-column table of ordered name/value pairs with add and remove buttons."""

    changed = Signal()

    def __init__(self, object_name: str, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName(object_name)
        self.table.setAccessibleName(accessible_name)
        self.table.setHorizontalHeaderLabels(["Name", "Value"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMaximumHeight(84)
        self.table.itemChanged.connect(self.on_table_item_changed)
        self.addButton = _named(QPushButton("+"), f"{object_name}AddButton", "Add row")
        self.removeButton = _named(
            QPushButton("\N{MINUS SIGN}"), f"{object_name}RemoveButton", "Remove row"
        )
        for button in (self.addButton, self.removeButton):
            button.setFixedWidth(28)
        self.addButton.clicked.connect(self.on_add_clicked)
        self.removeButton.clicked.connect(self.on_remove_clicked)
        buttons = QVBoxLayout()
        buttons.addWidget(self.addButton)
        buttons.addWidget(self.removeButton)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def pairs(self) -> Pairs:
        """The rows with a name or a value, in order."""
        rows = []
        for row in range(self.table.rowCount()):
            name_item = self.table.item(row, 0)
            value_item = self.table.item(row, 1)
            name = name_item.text() if name_item is not None else ""
            value = value_item.text() if value_item is not None else ""
            if name.strip() or value.strip():
                rows.append((name.strip(), value))
        return tuple(rows)

    def set_pairs(self, pairs: Pairs) -> None:
        """Replace the rows."""
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for name, value in pairs:
            self._append(name, value)
        self.table.blockSignals(False)
        self.changed.emit()

    def add_pair(self, name: str, value: str) -> None:
        """Append one row."""
        self.table.blockSignals(True)
        self._append(name, value)
        self.table.blockSignals(False)
        self.changed.emit()

    def _append(self, name: str, value: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        self.table.setItem(row, 1, QTableWidgetItem(value))

    @Slot()
    def on_add_clicked(self) -> None:
        """Add an empty row and start editing its name."""
        self.add_pair("", "")
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 0)
        item = self.table.item(row, 0)
        if item is not None:
            self.table.editItem(item)

    @Slot()
    def on_remove_clicked(self) -> None:
        """Remove the selected row (or the last one)."""
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()

    @Slot(QTableWidgetItem)
    def on_table_item_changed(self, _item: QTableWidgetItem) -> None:
        """Any edit is a change."""
        self.changed.emit()


class CurlImportDialog(QDialog):
    """Paste a curl command; the form is filled only when it parses."""

    def __init__(self, form: CredentialForm, parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QDialogButtonBox  # first use of the class costs: lazily

        super().__init__(parent)
        self.setObjectName("curlImportDialog")
        self.setAccessibleName("Import cURL")
        self.setWindowTitle("Import cURL")
        self._form = form
        self.curlTextEdit = _named(QPlainTextEdit(), "curlTextEdit", "curl command")
        self.curlTextEdit.setPlaceholderText(
            "curl -X POST https://api.example.com/v3/token -u 'client-id:client-secret' "
            "-d 'grant_type=client_credentials'"
        )
        self.curlErrorLabel = _named(QLabel(""), "curlErrorLabel", "curl import error")
        self.curlErrorLabel.setWordWrap(True)
        set_text_colour(self.curlErrorLabel, ERROR_COLOUR)
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


class CredentialForm(QWidget):
    """Edits a ``ClientConfig``; validation messages appear next to the fields as you type.

    Never clears itself: bad input only earns a message. Each secret (client secret, private
    key) has a source, as a profile stores it: the OS keychain (the value typed here), an
    environment variable (only its name is kept here, the value is read when a token is
    requested) or "ask every time". The two recovery switches at the bottom
    (``recovery_options()``) belong to the profile, not to the config.

    Signals:
        config_changed(): any edit.
        extra_headers_changed(object): the extra headers (``Pairs``), which API calls send too.
    """

    config_changed = Signal()
    extra_headers_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("credentialForm")
        self.setAccessibleName("Credentials")
        self._private_key_pem = Secret()
        self._private_key_description = ""
        self._messages: dict[str, FieldMessage | None] = {}
        self._build()
        self._build_layout()
        self._connect_fields()
        self.validate()

    # ----------------------------------------------------------------- building

    def _build(self) -> None:
        self.tokenUrlEdit = _named(QLineEdit(), "tokenUrlEdit", "Token URL")
        self.tokenUrlEdit.setPlaceholderText("https://api.getresponse.com/v3/token")
        self.clientIdEdit = _named(QLineEdit(), "clientIdEdit", "Client id")
        self.clientSecretEdit = _named(QLineEdit(), "clientSecretEdit", "Client secret")
        self.clientSecretEdit.setEchoMode(QLineEdit.EchoMode.Password)
        self.revealSecretCheck = _named(QCheckBox("Show"), "revealSecretCheck", "Show secret")
        self.revealSecretCheck.toggled.connect(self.on_reveal_secret_toggled)
        self.scopeEdit = _named(QLineEdit(), "scopeEdit", "Scope")
        self.scopeEdit.setPlaceholderText("optional, space-separated")
        self.authMethodCombo = _named(QComboBox(), "authMethodCombo", "Client authentication")
        for auth, label in AUTH_LABELS:
            self.authMethodCombo.addItem(label, auth.value)
        self.bodyEncodingCombo = _named(QComboBox(), "bodyEncodingCombo", "Body encoding")
        for encoding, label in ENCODING_LABELS:
            self.bodyEncodingCombo.addItem(label, encoding.value)
        self.jwtAlgorithmCombo = _named(QComboBox(), "jwtAlgorithmCombo", "Assertion algorithm")
        for algorithm in JWT_ALGORITHMS:
            self.jwtAlgorithmCombo.addItem(algorithm or "automatic", algorithm)
        self.privateKeyPathEdit = _named(QLineEdit(), "privateKeyPathEdit", "Private key file")
        self.privateKeyPathEdit.setPlaceholderText("PEM file")
        self.privateKeyBrowseButton = _named(
            QPushButton("Browse…"), "privateKeyBrowseButton", "Choose private key file"
        )
        self.privateKeyBrowseButton.clicked.connect(self.on_private_key_browse_clicked)
        self.secretSourceCombo = _source_combo("secretSourceCombo", "Client secret from")
        self.secretEnvVarEdit = _named(
            QLineEdit(), "secretEnvVarEdit", "Environment variable holding the client secret"
        )
        self.secretEnvVarEdit.setPlaceholderText("variable name, e.g. GETRESPONSE_CLIENT_SECRET")
        self.privateKeySourceCombo = _source_combo("privateKeySourceCombo", "Private key from")
        self.privateKeyEnvVarEdit = _named(
            QLineEdit(), "privateKeyEnvVarEdit", "Environment variable holding the private key"
        )
        self.privateKeyEnvVarEdit.setPlaceholderText("variable holding the PEM text")
        self.authMethodsNote = _named(QLabel(""), "authMethodsNote", "Advertised methods")
        self.authMethodsNote.setWordWrap(True)
        self.authMethodsNote.setVisible(False)
        self.extraParamsTable = PairsTable("extraParamsTable", "Extra parameters")
        self.extraHeadersTable = PairsTable("extraHeadersTable", "Extra headers")
        self.verifyTlsCheck = _named(
            QCheckBox("Verify TLS certificates"), "verifyTlsCheck", "Verify TLS"
        )
        self.verifyTlsCheck.setChecked(True)
        self.timeoutSpin = _named(QDoubleSpinBox(), "timeoutSpin", "Timeout in seconds")
        self.timeoutSpin.setRange(0.1, 600.0)
        self.timeoutSpin.setDecimals(1)
        self.timeoutSpin.setSuffix(" s")
        self.timeoutSpin.setValue(30.0)
        self.importCurlButton = _named(
            QPushButton("Import cURL…"), "importCurlButton", "Import cURL"
        )
        self.importCurlButton.clicked.connect(self.on_import_curl_clicked)
        self._build_recovery()
        self._describe_main_fields()

        self.tokenUrlMessage = _message_label("tokenUrlMessage", "Token URL message")
        self.clientIdMessage = _message_label("clientIdMessage", "Client id message")
        self.clientSecretMessage = _message_label("clientSecretMessage", "Client secret message")
        self.secretSourceMessage = _message_label("secretSourceMessage", "Secret source message")
        self.privateKeySourceMessage = _message_label(
            "privateKeySourceMessage", "Private key source message"
        )
        self.privateKeyMessage = _message_label("privateKeyMessage", "Private key message")
        self.extraHeadersMessage = _message_label("extraHeadersMessage", "Extra headers message")
        self.tlsMessage = _message_label("tlsMessage", "TLS message")

    def _build_recovery(self) -> None:
        self.refetchWhenLapsedCheck = _named(
            QCheckBox("Get a new token before sending when it has lapsed"),
            "refetchWhenLapsedCheck",
            "Get a new token before sending when it has lapsed",
        )
        self.refetchWhenLapsedCheck.setToolTip(
            "When the token's countdown has run out, ask for a new token first, then send. "
            "The extra token request shows in the timeline."
        )
        self.replayOn401Check = _named(
            QCheckBox("On a 401 for a lapsed token, get a new token and resend once"),
            "replayOn401Check",
            "On a 401 for a lapsed token, get a new token and resend once",
        )
        self.replayOn401Check.setToolTip(
            "When the API answers 401 because the token lapsed (GetResponse 1014 expired, "
            "RFC 6750 invalid_token), get a new token and send the same request once more. "
            "Never more than once; a 401 for bad credentials is not retried."
        )

    def _describe_main_fields(self) -> None:
        _describe(
            self.tokenUrlEdit, "Where the workbench asks for a token (the token endpoint's URL)"
        )
        _describe(self.clientIdEdit, "The client id the provider gave your application")
        _describe(self.clientSecretEdit, "The client secret; masked unless Show is ticked")
        _describe(self.scopeEdit, "Scopes to ask for, separated by spaces; optional")
        _describe(self.authMethodCombo, "How the client id and secret are sent to the endpoint")
        _describe(self.bodyEncodingCombo, "How the token request's body is written: form or JSON")

    def _build_layout(self) -> None:
        secret_row = QHBoxLayout()
        secret_row.setContentsMargins(0, 0, 0, 0)
        secret_row.addWidget(self.clientSecretEdit, 1)
        secret_row.addWidget(self.revealSecretCheck)
        key_row = QHBoxLayout()
        key_row.setContentsMargins(0, 0, 0, 0)
        key_row.addWidget(self.privateKeyPathEdit, 1)
        key_row.addWidget(self.privateKeyBrowseButton)
        self._key_row_widget = QWidget()
        self._key_row_widget.setLayout(key_row)
        secret_source_row = QHBoxLayout()
        secret_source_row.setContentsMargins(0, 0, 0, 0)
        secret_source_row.addWidget(self.secretSourceCombo)
        secret_source_row.addWidget(self.secretEnvVarEdit, 1)
        key_source_row = QHBoxLayout()
        key_source_row.setContentsMargins(0, 0, 0, 0)
        key_source_row.addWidget(self.privateKeySourceCombo)
        key_source_row.addWidget(self.privateKeyEnvVarEdit, 1)
        self._key_source_widget = _stack(key_source_row, self.privateKeySourceMessage)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Token URL", _stack(self.tokenUrlEdit, self.tokenUrlMessage))
        form.addRow("Client id", _stack(self.clientIdEdit, self.clientIdMessage))
        form.addRow("Client secret", _stack(secret_row, self.clientSecretMessage))
        self._secret_source_label = QLabel("Secret from")
        self._secret_source_widget = _stack(secret_source_row, self.secretSourceMessage)
        form.addRow(self._secret_source_label, self._secret_source_widget)
        form.addRow("Scope", self.scopeEdit)
        form.addRow("Client auth", _stack(self.authMethodCombo, self.authMethodsNote))
        self._key_source_label = QLabel("Key from")
        form.addRow(self._key_source_label, self._key_source_widget)
        self._key_label = QLabel("Private key")
        form.addRow(self._key_label, _stack(self._key_row_widget, self.privateKeyMessage))
        self._algorithm_label = QLabel("Algorithm")
        form.addRow(self._algorithm_label, self.jwtAlgorithmCombo)
        form.addRow("Body", self.bodyEncodingCombo)
        form.addRow("Extra params", self.extraParamsTable)
        form.addRow("Extra headers", _stack(self.extraHeadersTable, self.extraHeadersMessage))
        form.addRow("", _stack(self.verifyTlsCheck, self.tlsMessage))
        form.addRow("Timeout", self.timeoutSpin)
        form.addRow(self._recovery_box())

        top = QHBoxLayout()
        title = QLabel("<b>Credentials</b>")
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.importCurlButton)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(form)
        layout.addStretch(1)

    def _recovery_box(self) -> QWidget:
        recovery_box = QWidget()
        recovery_box.setObjectName("recoveryBox")
        recovery_layout = QVBoxLayout(recovery_box)
        recovery_layout.setContentsMargins(0, 0, 0, 0)
        recovery_layout.setSpacing(2)
        title = QLabel("<b>When the token lapses</b> (each extra request shows in the timeline)")
        title.setWordWrap(True)
        recovery_layout.addWidget(title)
        recovery_layout.addWidget(self.refetchWhenLapsedCheck)
        recovery_layout.addWidget(self.replayOn401Check)
        return recovery_box

    def _connect_fields(self) -> None:
        for edit in (self.tokenUrlEdit, self.clientIdEdit, self.clientSecretEdit, self.scopeEdit):
            edit.textChanged.connect(self.on_field_changed)
        self.privateKeyPathEdit.editingFinished.connect(self.on_private_key_path_edited)
        for edit in (self.secretEnvVarEdit, self.privateKeyEnvVarEdit):
            edit.textChanged.connect(self.on_field_changed)
        self.secretSourceCombo.currentIndexChanged.connect(self.on_field_changed)
        self.privateKeySourceCombo.currentIndexChanged.connect(self.on_field_changed)
        self.authMethodCombo.currentIndexChanged.connect(self.on_field_changed)
        self.bodyEncodingCombo.currentIndexChanged.connect(self.on_field_changed)
        self.jwtAlgorithmCombo.currentIndexChanged.connect(self.on_field_changed)
        self.extraParamsTable.changed.connect(self.on_field_changed)
        self.extraHeadersTable.changed.connect(self.on_field_changed)
        self.extraHeadersTable.changed.connect(self.on_extra_headers_table_changed)
        self.verifyTlsCheck.toggled.connect(self.on_field_changed)
        self.timeoutSpin.valueChanged.connect(self.on_field_changed)
        self.refetchWhenLapsedCheck.toggled.connect(self.on_field_changed)
        self.replayOn401Check.toggled.connect(self.on_field_changed)

    # ----------------------------------------------------------------- API

    def config(self) -> ClientConfig:
        """The configuration as the form shows it now (even when it has errors).

        A secret whose source is an environment variable is left empty here: it is read from
        the environment when a token is requested.
        """
        from_env = SecretSource.ENVIRONMENT
        client_secret = (
            Secret()
            if self.secret_source(SecretKind.CLIENT_SECRET) is from_env
            else Secret(self.clientSecretEdit.text())
        )
        private_key = (
            Secret()
            if self.secret_source(SecretKind.PRIVATE_KEY) is from_env
            else self._private_key_pem
        )
        return ClientConfig(
            token_url=self.tokenUrlEdit.text().strip(),
            client_id=self.clientIdEdit.text(),
            client_secret=client_secret,
            scope=self.scopeEdit.text().strip(),
            auth=self.auth(),
            body_encoding=BodyEncoding(self.bodyEncodingCombo.currentData()),
            extra_params=self.extraParamsTable.pairs(),
            extra_headers=self.extraHeadersTable.pairs(),
            private_key_pem=private_key,
            jwt_algorithm=str(self.jwtAlgorithmCombo.currentData() or ""),
            verify_tls=self.verifyTlsCheck.isChecked(),
            timeout_s=float(self.timeoutSpin.value()),
        )

    def set_config(self, config: ClientConfig) -> None:
        """Fill every field from ``config``."""
        self.tokenUrlEdit.setText(config.token_url)
        self.clientIdEdit.setText(config.client_id)
        self.clientSecretEdit.setText(config.client_secret.reveal())
        self.scopeEdit.setText(config.scope)
        self.authMethodCombo.setCurrentIndex(self.authMethodCombo.findData(config.auth.value))
        self.bodyEncodingCombo.setCurrentIndex(
            self.bodyEncodingCombo.findData(config.body_encoding.value)
        )
        index = self.jwtAlgorithmCombo.findData(config.jwt_algorithm)
        if index < 0:
            self.jwtAlgorithmCombo.addItem(config.jwt_algorithm, config.jwt_algorithm)
            index = self.jwtAlgorithmCombo.count() - 1
        self.jwtAlgorithmCombo.setCurrentIndex(index)
        self._private_key_pem = config.private_key_pem
        if not config.private_key_pem:
            self._private_key_description = ""  # no label may claim a key that is gone
            self.privateKeyPathEdit.clear()
        elif not self.privateKeyPathEdit.text():
            self._private_key_description = "(key loaded)"
            self.privateKeyPathEdit.setText(self._private_key_description)
        self.extraParamsTable.set_pairs(config.extra_params)
        self.extraHeadersTable.set_pairs(config.extra_headers)
        self.verifyTlsCheck.setChecked(config.verify_tls)
        self.timeoutSpin.setValue(config.timeout_s)
        self.validate()

    def recovery_options(self) -> RecoveryOptions:
        """The two recovery switches as ticked (stored in the profile, not in the config)."""
        return RecoveryOptions(
            refetch_when_lapsed=self.refetchWhenLapsedCheck.isChecked(),
            replay_on_lapsed_401=self.replayOn401Check.isChecked(),
        )

    def set_recovery_options(self, options: RecoveryOptions) -> None:
        """Tick the recovery switches as ``options`` say."""
        self.refetchWhenLapsedCheck.setChecked(options.refetch_when_lapsed)
        self.replayOn401Check.setChecked(options.replay_on_lapsed_401)

    def auth(self) -> ClientAuth:
        """The chosen client authentication."""
        return ClientAuth(self.authMethodCombo.currentData())

    def secret_source(self, kind: SecretKind) -> SecretSource:
        """Where the secret of ``kind`` comes from, as chosen in the form."""
        combo = (
            self.privateKeySourceCombo if kind is SecretKind.PRIVATE_KEY else self.secretSourceCombo
        )
        return SecretSource(combo.currentData())

    def secret_refs(self) -> dict[SecretKind, SecretRef]:
        """The secret sources as a profile stores them (keychain, the default, is left out)."""
        refs: dict[SecretKind, SecretRef] = {}
        for kind, combo, edit in (
            (SecretKind.CLIENT_SECRET, self.secretSourceCombo, self.secretEnvVarEdit),
            (SecretKind.PRIVATE_KEY, self.privateKeySourceCombo, self.privateKeyEnvVarEdit),
        ):
            source = SecretSource(combo.currentData())
            if source is SecretSource.ENVIRONMENT:
                refs[kind] = SecretRef(source, edit.text().strip())
            elif source is SecretSource.ASK:
                refs[kind] = SecretRef(source)
        return refs

    def set_secret_refs(self, refs: Mapping[SecretKind, SecretRef]) -> None:
        """Show where each secret comes from (missing kinds: the OS keychain)."""
        for kind, combo, edit in (
            (SecretKind.CLIENT_SECRET, self.secretSourceCombo, self.secretEnvVarEdit),
            (SecretKind.PRIVATE_KEY, self.privateKeySourceCombo, self.privateKeyEnvVarEdit),
        ):
            ref = refs.get(kind, SecretRef())
            combo.setCurrentIndex(max(0, combo.findData(ref.source.value)))
            edit.setText(ref.env_var)
        self.validate()

    def set_client_secret(self, secret: Secret) -> None:
        """Put ``secret`` in the (masked) secret field, leaving every other field as it is."""
        self.clientSecretEdit.setText(secret.reveal())

    def set_private_key(self, pem: Secret, description: str = "") -> None:
        """Use ``pem`` as the private key; ``description`` stands in for a file path."""
        self._private_key_pem = pem
        self._private_key_description = description if pem else ""
        self.privateKeyPathEdit.setText(self._private_key_description)
        self.validate()

    def limit_auth_methods(self, allowed: Sequence[ClientAuth] | None, note: str = "") -> None:
        """Offer only ``allowed`` methods (as a server advertised them); None offers every one."""
        model = self.authMethodCombo.model()
        assert isinstance(model, QStandardItemModel)
        for row in range(self.authMethodCombo.count()):
            item = model.item(row)
            if item is not None:
                method = ClientAuth(self.authMethodCombo.itemData(row))
                item.setEnabled(allowed is None or method in allowed)
        if allowed and self.auth() not in allowed:
            self.authMethodCombo.setCurrentIndex(self.authMethodCombo.findData(allowed[0].value))
        self.authMethodsNote.setText(note)
        self.authMethodsNote.setVisible(bool(note) and allowed is not None)

    def allowed_auth_methods(self) -> tuple[ClientAuth, ...]:
        """The methods the combo offers now."""
        model = self.authMethodCombo.model()
        assert isinstance(model, QStandardItemModel)
        return tuple(
            ClientAuth(self.authMethodCombo.itemData(row))
            for row in range(self.authMethodCombo.count())
            if (item := model.item(row)) is not None and item.isEnabled()
        )

    def messages(self) -> dict[str, FieldMessage | None]:
        """The current message per field name."""
        return dict(self._messages)

    def has_errors(self) -> bool:
        """True while any field shows an error (warnings do not count)."""
        return any(
            message is not None and message.severity is Severity.ERROR
            for message in self._messages.values()
        )

    def load_private_key(self, path: str) -> None:
        """Read the PEM private key at ``path`` (kept only in memory) and show its path.

        Saving the profile puts the PEM text (never the path) where the key's source says.
        """
        self._private_key_description = ""
        self.privateKeyPathEdit.setText(path)
        self._read_private_key(path)
        self.on_field_changed()

    def import_curl(self, command: str) -> str | None:
        """Fill the form from a curl command; on failure return the reason and change nothing."""
        from workbench.core.curl import CurlImportError, from_curl

        try:
            config = from_curl(command)
        except CurlImportError as error:
            return f"Could not import: {error}"
        except Exception as error:
            return f"Could not import: {type(error).__name__}: {error}"
        self.set_config(config)
        return None

    def validate(self) -> bool:
        """Recheck every field, update the messages; True when there are no errors."""
        auth = self.auth()
        is_jwt = auth in (ClientAuth.SECRET_JWT, ClientAuth.PRIVATE_KEY_JWT)
        self._key_label.setVisible(auth is ClientAuth.PRIVATE_KEY_JWT)
        self._key_row_widget.setVisible(auth is ClientAuth.PRIVATE_KEY_JWT)
        self._algorithm_label.setVisible(is_jwt)
        self.jwtAlgorithmCombo.setVisible(is_jwt)
        needs_secret = auth not in (ClientAuth.NONE, ClientAuth.PRIVATE_KEY_JWT)
        needs_key = auth is ClientAuth.PRIVATE_KEY_JWT
        secret_source = self.secret_source(SecretKind.CLIENT_SECRET)
        key_source = self.secret_source(SecretKind.PRIVATE_KEY)
        secret_from_env = secret_source is SecretSource.ENVIRONMENT
        key_from_env = key_source is SecretSource.ENVIRONMENT
        self.clientSecretEdit.setEnabled(needs_secret and not secret_from_env)
        self.clientSecretEdit.setPlaceholderText(_secret_placeholder(secret_source))
        self._secret_source_label.setVisible(needs_secret)
        self._secret_source_widget.setVisible(needs_secret)
        self.secretEnvVarEdit.setVisible(secret_from_env)
        self._key_source_label.setVisible(needs_key)
        self._key_source_widget.setVisible(needs_key)
        self.privateKeyEnvVarEdit.setVisible(key_from_env)
        self.privateKeyPathEdit.setEnabled(not key_from_env)
        self.privateKeyBrowseButton.setEnabled(not key_from_env)
        self.privateKeyPathEdit.setPlaceholderText(
            "read from the environment" if key_from_env else "PEM file"
        )
        tls = (
            None
            if self.verifyTlsCheck.isChecked()
            else FieldMessage(Severity.WARNING, "TLS verification is off: anyone can listen.")
        )
        self._messages = {
            "token_url": check_token_url(self.tokenUrlEdit.text()),
            "client_id": check_client_id(self.clientIdEdit.text()),
            "client_secret": check_client_secret(self.clientSecretEdit.text(), auth, secret_source),
            "secret_source": (
                check_env_var(self.secretEnvVarEdit.text())
                if needs_secret and secret_from_env
                else None
            ),
            "private_key": None
            if key_from_env
            else check_private_key(
                self.privateKeyPathEdit.text(), self._private_key_pem.reveal(), auth, key_source
            ),
            "private_key_source": (
                check_env_var(self.privateKeyEnvVarEdit.text())
                if needs_key and key_from_env
                else None
            ),
            "extra_headers": check_extra_headers(self.extraHeadersTable.pairs()),
            "tls": tls,
        }
        labels = {
            "token_url": self.tokenUrlMessage,
            "client_id": self.clientIdMessage,
            "client_secret": self.clientSecretMessage,
            "secret_source": self.secretSourceMessage,
            "private_key": self.privateKeyMessage,
            "private_key_source": self.privateKeySourceMessage,
            "extra_headers": self.extraHeadersMessage,
            "tls": self.tlsMessage,
        }
        for key, label in labels.items():
            _show_message(label, self._messages[key])
        return not self.has_errors()

    # ----------------------------------------------------------------- slots

    @Slot()
    def on_field_changed(self) -> None:
        """Any edit: recheck and tell the window."""
        self.validate()
        self.config_changed.emit()

    @Slot()
    def on_extra_headers_table_changed(self) -> None:
        """The extra headers changed: say which they are now."""
        self.extra_headers_changed.emit(self.extraHeadersTable.pairs())

    @Slot(bool)
    def on_reveal_secret_toggled(self, checked: bool) -> None:
        """Show the secret in clear, or masked."""
        self.clientSecretEdit.setEchoMode(
            QLineEdit.EchoMode.Normal if checked else QLineEdit.EchoMode.Password
        )

    @Slot()
    def on_private_key_browse_clicked(self) -> None:
        """Pick a PEM file."""
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getOpenFileName(
            self, "Private key (PEM)", "", "PEM files (*.pem *.key);;All files (*)"
        )
        if path:
            self.load_private_key(path)

    @Slot()
    def on_private_key_path_edited(self) -> None:
        """A path typed by hand (leaving "(key in the keychain)" alone keeps that key)."""
        text = self.privateKeyPathEdit.text().strip()
        if self._private_key_description and text == self._private_key_description:
            return
        self._private_key_description = ""
        self._read_private_key(text)
        self.on_field_changed()

    @Slot()
    def on_import_curl_clicked(self) -> None:
        """Open the Import cURL dialog."""
        dialog = CurlImportDialog(self, self)
        dialog.exec()
        dialog.deleteLater()

    # ----------------------------------------------------------------- internals

    def _read_private_key(self, path: str) -> None:
        if not path:
            self._private_key_pem = Secret()
            return
        try:
            file = Path(path)
            if file.stat().st_size > MAX_KEY_FILE_BYTES:
                self._private_key_pem = Secret()
                return
            self._private_key_pem = Secret(file.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            self._private_key_pem = Secret()


def _named(widget: Any, object_name: str, accessible_name: str) -> Any:
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible_name)
    return widget


def _describe(widget: QWidget, description: str) -> None:
    widget.setAccessibleDescription(description)


def _source_combo(object_name: str, accessible_name: str) -> QComboBox:
    combo = QComboBox()
    _named(combo, object_name, accessible_name)
    combo.setToolTip(
        "OS keychain: stored by the system's keychain. Environment variable: only the "
        "variable's name is saved. Ask every time: asked once per run, never stored."
    )
    for source, label in SOURCE_LABELS:
        combo.addItem(label, source.value)
    return combo


def _secret_placeholder(source: SecretSource) -> str:
    if source is SecretSource.ENVIRONMENT:
        return "read from the environment variable when a token is requested"
    if source is SecretSource.ASK:
        return "asked for when a token is requested (kept for this run only)"
    return "kept in the OS keychain when the profile is saved"


def _message_label(object_name: str, accessible_name: str) -> QLabel:
    label = QLabel("")
    _named(label, object_name, accessible_name)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def _show_message(label: QLabel, message: FieldMessage | None) -> None:
    if message is None:
        label.setText("")
        label.setVisible(False)
        return
    colour = ERROR_COLOUR if message.severity is Severity.ERROR else WARNING_COLOUR
    prefix = "⚠ " if message.severity is Severity.WARNING else "✖ "
    label.setText(prefix + message.text)
    set_text_colour(label, colour)  # not a style sheet: that re-polishes, and freezes the font
    label.setVisible(True)


def _stack(top: Any, message: QLabel) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    if isinstance(top, QWidget):
        layout.addWidget(top)
    else:
        layout.addLayout(top)
    layout.addWidget(message)
    return box

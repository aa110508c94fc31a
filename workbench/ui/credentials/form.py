"""The credential form: token URL, client id and secret, method, extras; checked as you type."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.config import MAX_TIMEOUT_S, BodyEncoding, ClientAuth, ClientConfig
from workbench.core.profiles import SecretKind, SecretRef, SecretSource
from workbench.core.recovery import RecoveryOptions
from workbench.core.secret import Secret
from workbench.ui.credentials.checks import (
    FieldMessage,
    FormValues,
    Severity,
    check_form,
)
from workbench.ui.credentials.choices import (
    AUTH_LABELS,
    ENCODING_LABELS,
    JWT_ALGORITHMS,
    secret_placeholder,
    source_combo,
)
from workbench.ui.credentials.pairs_table import PairsTable
from workbench.ui.credentials.recovery import RecoverySwitches
from workbench.ui.masked_fields import MaskedLineEdit
from workbench.ui.request_pairs import masked_header_value, masked_param_value
from workbench.ui.style import Tone, set_tone
from workbench.ui.widgets import choice_combo, named, note_label

LONG_CHOICE_MIN_CHARS = 16
"""The auth method and body combos shrink to this many characters in a narrow pane."""


class CredentialForm(QWidget):
    """Edits a ``ClientConfig``; validation messages appear next to the fields as you type.

    Never clears itself: bad input only earns a message. Each secret (client secret, private
    key) has a source, as a profile stores it: the OS keychain (the value typed here), an
    environment variable (only its name is kept here, the value is read when a token is
    requested) or "ask every time". The two recovery switches at the bottom
    (``recovery_options()``) belong to the profile, not to the config.

    Signals:
        config_changed(): any edit.
        curl_warned(str, str): an imported curl command turned TLS checks off: a title and
            sentences the user must read.
        extra_headers_changed(object): the extra headers (``Pairs``), which API calls send too.
    """

    config_changed = Signal()
    curl_warned = Signal(str, str)
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
        self.tokenUrlEdit = named(
            MaskedLineEdit(),  # a password or a secret parameter in it is masked
            "tokenUrlEdit",
            "Token URL",
            "Where the workbench asks for a token (the token endpoint's URL)",
        )
        self.tokenUrlEdit.setPlaceholderText("https://api.getresponse.com/v3/token")
        self.clientIdEdit = named(
            QLineEdit(),
            "clientIdEdit",
            "Client id",
            "The client id the provider gave your application",
        )
        self.clientSecretEdit = named(
            QLineEdit(),
            "clientSecretEdit",
            "Client secret",
            "The client secret; masked unless Show is ticked",
        )
        self.clientSecretEdit.setEchoMode(QLineEdit.EchoMode.Password)
        self.revealSecretCheck = named(QCheckBox("Show"), "revealSecretCheck", "Show secret")
        self.revealSecretCheck.toggled.connect(self.on_reveal_secret_toggled)
        self.scopeEdit = named(
            QLineEdit(), "scopeEdit", "Scope", "Scopes to ask for, separated by spaces; optional"
        )
        self.scopeEdit.setPlaceholderText("optional, space-separated")
        self.authMethodCombo = choice_combo(
            "authMethodCombo",
            "Client authentication",
            "How the client id and secret are sent to the endpoint",
            ((label, auth.value) for auth, label in AUTH_LABELS),
            shrinks_to_chars=LONG_CHOICE_MIN_CHARS,
        )
        self.bodyEncodingCombo = choice_combo(
            "bodyEncodingCombo",
            "Body encoding",
            "How the token request's body is written: form or JSON",
            ((label, encoding.value) for encoding, label in ENCODING_LABELS),
            shrinks_to_chars=LONG_CHOICE_MIN_CHARS,
        )
        self.jwtAlgorithmCombo = choice_combo(
            "jwtAlgorithmCombo",
            "Assertion algorithm",
            "",
            ((algorithm or "automatic", algorithm) for algorithm in JWT_ALGORITHMS),
        )
        self.privateKeyPathEdit = named(QLineEdit(), "privateKeyPathEdit", "Private key file")
        self.privateKeyPathEdit.setPlaceholderText("PEM file")
        self.privateKeyBrowseButton = named(
            QPushButton("Browse…"), "privateKeyBrowseButton", "Choose private key file"
        )
        self.privateKeyBrowseButton.clicked.connect(self.on_private_key_browse_clicked)
        self.secretSourceCombo = source_combo("secretSourceCombo", "Client secret from")
        self.secretEnvVarEdit = named(
            QLineEdit(), "secretEnvVarEdit", "Environment variable holding the client secret"
        )
        self.secretEnvVarEdit.setPlaceholderText("variable name, e.g. GETRESPONSE_CLIENT_SECRET")
        self.privateKeySourceCombo = source_combo("privateKeySourceCombo", "Private key from")
        self.privateKeyEnvVarEdit = named(
            QLineEdit(), "privateKeyEnvVarEdit", "Environment variable holding the private key"
        )
        self.privateKeyEnvVarEdit.setPlaceholderText("variable holding the PEM text")
        self.authMethodsNote = note_label("authMethodsNote", "Advertised methods")
        self.extraParamsTable = PairsTable(
            "extraParamsTable", "Extra parameters", masked_value=masked_param_value
        )
        self.extraHeadersTable = PairsTable(
            "extraHeadersTable", "Extra headers", masked_value=masked_header_value
        )
        self.verifyTlsCheck = named(
            QCheckBox("Verify TLS certificates"), "verifyTlsCheck", "Verify TLS"
        )
        self.verifyTlsCheck.setChecked(True)
        self.timeoutSpin = named(QDoubleSpinBox(), "timeoutSpin", "Timeout in seconds")
        self.timeoutSpin.setRange(0.1, MAX_TIMEOUT_S)
        self.timeoutSpin.setDecimals(1)
        self.timeoutSpin.setSuffix(" s")
        self.timeoutSpin.setValue(30.0)
        self.importCurlButton = named(
            QPushButton("Import cURL…"), "importCurlButton", "Import cURL"
        )
        self.importCurlButton.clicked.connect(self.on_import_curl_clicked)
        self.recoverySwitches = RecoverySwitches()

        self.tokenUrlMessage = note_label("tokenUrlMessage", "Token URL message")
        self.clientIdMessage = note_label("clientIdMessage", "Client id message")
        self.clientSecretMessage = note_label("clientSecretMessage", "Client secret message")
        self.secretSourceMessage = note_label("secretSourceMessage", "Secret source message")
        self.privateKeySourceMessage = note_label(
            "privateKeySourceMessage", "Private key source message"
        )
        self.privateKeyMessage = note_label("privateKeyMessage", "Private key message")
        self.extraHeadersMessage = note_label("extraHeadersMessage", "Extra headers message")
        self.tlsMessage = note_label("tlsMessage", "TLS message")

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
        form.addRow(self.recoverySwitches)

        top = QHBoxLayout()
        title = QLabel("<b>Credentials</b>")
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.importCurlButton)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(form)
        layout.addStretch(1)

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
        self.recoverySwitches.changed.connect(self.on_field_changed)

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
            token_url=self.tokenUrlEdit.real_text().strip(),
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
        self.tokenUrlEdit.set_real_text(config.token_url)
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
        return self.recoverySwitches.options()

    def set_recovery_options(self, options: RecoveryOptions) -> None:
        """Tick the recovery switches as ``options`` say."""
        self.recoverySwitches.set_options(options)

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
        """Fill the form from a curl command; on failure return the reason and change nothing.
        What the user must read about it (``-k``) goes out by ``curl_warned``."""
        from workbench.core.curl import CurlImportError, import_token_request

        try:
            imported = import_token_request(command)
        except CurlImportError as error:
            return f"Could not import: {error}"
        except Exception as error:
            return f"Could not import: {type(error).__name__}: {error}"
        self.set_config(imported.config)
        if imported.warnings:
            self.curl_warned.emit("Imported with TLS checks off", "\n\n".join(imported.warnings))
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
        self.clientSecretEdit.setPlaceholderText(secret_placeholder(secret_source))
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
        self._messages = check_form(
            FormValues(
                token_url=self.tokenUrlEdit.real_text(),
                client_id=self.clientIdEdit.text(),
                client_secret=self.clientSecretEdit.text(),
                auth=auth,
                secret_source=secret_source,
                secret_env_var=self.secretEnvVarEdit.text(),
                key_source=key_source,
                key_env_var=self.privateKeyEnvVarEdit.text(),
                key_path=self.privateKeyPathEdit.text(),
                key_pem=self._private_key_pem.reveal(),
                extra_headers=self.extraHeadersTable.pairs(),
                verify_tls=self.verifyTlsCheck.isChecked(),
            )
        )
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
        """Show the secret in clear, or masked (and a credential in the token URL or the
        extra headers and parameters with it)."""
        self.clientSecretEdit.setEchoMode(
            QLineEdit.EchoMode.Normal if checked else QLineEdit.EchoMode.Password
        )
        self.tokenUrlEdit.set_masking(not checked)
        self.extraParamsTable.set_masking(not checked)
        self.extraHeadersTable.set_masking(not checked)

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
        from workbench.ui.credentials.curl_dialog import CurlImportDialog  # a dialog: lazily

        dialog = CurlImportDialog(self, self)
        dialog.exec()
        dialog.deleteLater()

    # ----------------------------------------------------------------- internals

    def _read_private_key(self, path: str) -> None:
        if not path:
            self._private_key_pem = Secret()
            return
        from workbench.core.key_file import KeyFileError, read_key_file

        try:  # a device or a pipe typed as the path must not hang the window
            pem = read_key_file(Path(path)).decode("utf-8", errors="replace")
        except KeyFileError:
            pem = ""
        self._private_key_pem = Secret(pem)


def _show_message(label: QLabel, message: FieldMessage | None) -> None:
    if message is None:
        label.setText("")
        label.setVisible(False)
        return
    tone = Tone.ERROR if message.severity is Severity.ERROR else Tone.WARNING
    prefix = "⚠ " if message.severity is Severity.WARNING else "✖ "
    label.setText(prefix + message.text)
    set_tone(label, tone, label.palette())  # not a style sheet: it would freeze the font
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

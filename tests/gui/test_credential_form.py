"""The credential form: every validation message, as you type; bad input never clears it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from workbench.core.config import BodyEncoding, ClientAuth, ClientConfig
from workbench.core.secret import Secret
from workbench.ui.credentials.checks import Severity, check_token_url, check_x_domain
from workbench.ui.credentials.curl_dialog import CurlImportDialog
from workbench.ui.credentials.form import CredentialForm

pytestmark = pytest.mark.gui

FULL_CONFIG = ClientConfig(
    token_url="https://api.example.com/v3/token",
    client_id="demo-client",
    client_secret=Secret("demo-secret"),
    scope="read write",
    auth=ClientAuth.POST,
    body_encoding=BodyEncoding.JSON,
    extra_params=(("audience", "https://api.example.com"),),
    extra_headers=(("X-Domain", "example.com"),),
    timeout_s=12.5,
)


@pytest.fixture
def form(qtbot: Any) -> CredentialForm:
    widget = CredentialForm()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def shown(label: Any) -> str:
    """The message text when the label is shown, else empty."""
    return "" if label.isHidden() else label.text()


def test_set_config_round_trips(form: CredentialForm) -> None:
    form.set_config(FULL_CONFIG)
    assert form.config() == FULL_CONFIG
    assert not form.has_errors()


def test_secret_is_masked_until_revealed(form: CredentialForm) -> None:
    form.set_config(FULL_CONFIG)
    assert form.clientSecretEdit.echoMode() == form.clientSecretEdit.EchoMode.Password
    form.revealSecretCheck.setChecked(True)
    assert form.clientSecretEdit.echoMode() == form.clientSecretEdit.EchoMode.Normal


def test_unparseable_url_message_as_you_type(qtbot: Any, form: CredentialForm) -> None:
    form.set_config(FULL_CONFIG)
    form.tokenUrlEdit.clear()
    qtbot.keyClicks(form.tokenUrlEdit, "https://exa mple")
    assert "Not a URL" in shown(form.tokenUrlMessage)
    form.tokenUrlEdit.setText("ftp://example.com/token")
    assert "https://" in shown(form.tokenUrlMessage)
    form.tokenUrlEdit.setText("https://")
    assert "no host" in shown(form.tokenUrlMessage)
    form.tokenUrlEdit.setText("https://example.com:99999/token")
    assert "Not a URL" in shown(form.tokenUrlMessage)
    form.tokenUrlEdit.setText("")
    assert "Enter the token endpoint" in shown(form.tokenUrlMessage)
    assert form.has_errors()
    form.tokenUrlEdit.setText("https://api.example.com/v3/token")
    assert shown(form.tokenUrlMessage) == ""
    assert not form.has_errors()


def test_http_to_a_remote_host_warns_that_the_secret_travels_in_clear(
    form: CredentialForm,
) -> None:
    form.set_config(FULL_CONFIG)
    form.tokenUrlEdit.setText("http://api.example.com/v3/token")
    assert "in clear" in shown(form.tokenUrlMessage)
    assert form.messages()["token_url"].severity is Severity.WARNING
    assert not form.has_errors()  # a warning, not an error
    for loopback in ("http://127.0.0.1:8080/v3/token", "http://localhost/t", "http://[::1]:9/t"):
        form.tokenUrlEdit.setText(loopback)
        assert shown(form.tokenUrlMessage) == "", loopback


def test_missing_client_id(qtbot: Any, form: CredentialForm) -> None:
    form.set_config(FULL_CONFIG)
    form.clientIdEdit.selectAll()
    qtbot.keyClick(form.clientIdEdit, Qt.Key.Key_Backspace)
    assert "client id" in shown(form.clientIdMessage)
    assert form.has_errors()
    qtbot.keyClicks(form.clientIdEdit, "x")
    assert shown(form.clientIdMessage) == ""


def test_missing_secret_warns_for_methods_that_need_one(form: CredentialForm) -> None:
    form.set_config(FULL_CONFIG)
    form.clientSecretEdit.clear()
    assert "No client secret" in shown(form.clientSecretMessage)
    form.authMethodCombo.setCurrentIndex(form.authMethodCombo.findData("none"))
    assert shown(form.clientSecretMessage) == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.com", "scheme"),
        ("http://example.com", "scheme"),
        ("www.example.com", "Leave out www."),
        ("example.com/path", "no path"),
        ("example.com:443", "no path, port"),
        ("localhost", "not a domain name"),
        ("", "needs your domain"),
    ],
)
def test_x_domain_messages(form: CredentialForm, value: str, expected: str) -> None:
    form.set_config(FULL_CONFIG)
    form.extraHeadersTable.set_pairs((("X-Domain", value),) if value else (("X-Domain", " "),))
    assert expected in shown(form.extraHeadersMessage)
    assert form.has_errors()
    # The form keeps everything else.
    assert form.config().client_id == "demo-client"
    assert form.config().token_url == FULL_CONFIG.token_url


def test_x_domain_bare_domain_is_fine() -> None:
    assert check_x_domain("example.com") is None
    assert check_token_url("https://api.getresponse.com/v3/token") is None


def test_typing_into_the_headers_table_validates(qtbot: Any, form: CredentialForm) -> None:
    form.set_config(FULL_CONFIG)
    form.extraHeadersTable.table.item(0, 1).setText("www.example.com")
    assert "www." in shown(form.extraHeadersMessage)
    form.extraHeadersTable.table.item(0, 1).setText("example.com")
    assert shown(form.extraHeadersMessage) == ""


def test_private_key_jwt_needs_a_pem_key(form: CredentialForm, tmp_path: Path) -> None:
    form.set_config(FULL_CONFIG)
    form.authMethodCombo.setCurrentIndex(form.authMethodCombo.findData("private-key-jwt"))
    assert not form.privateKeyPathEdit.isHidden()
    assert "PEM file" in shown(form.privateKeyMessage)
    not_a_key = tmp_path / "notes.txt"
    not_a_key.write_text("hello", encoding="utf-8")
    form.load_private_key(str(not_a_key))
    assert "not a PEM private key" in shown(form.privateKeyMessage)
    form.load_private_key(str(tmp_path / "missing.pem"))
    assert "Could not read" in shown(form.privateKeyMessage)
    form.load_private_key("/dev/zero")  # a device typed as the path: no hang, no memory
    assert "Could not read" in shown(form.privateKeyMessage)
    key = tmp_path / "key.pem"
    pem = "-----BEGIN PRIVATE KEY-----\nMIIfake\n-----END PRIVATE KEY-----\n"
    key.write_text(pem, encoding="utf-8")
    form.load_private_key(str(key))
    assert shown(form.privateKeyMessage) == ""
    assert form.config().private_key_pem.reveal() == pem
    assert "BEGIN" not in repr(form.config())


def test_a_config_without_a_key_clears_the_key_label(form: CredentialForm) -> None:
    pem = Secret("-----BEGIN PRIVATE KEY-----\nMIIfake\n-----END PRIVATE KEY-----\n")
    form.set_private_key(pem, "(key in the keychain)")
    assert form.privateKeyPathEdit.text() == "(key in the keychain)"
    form.set_config(FULL_CONFIG)
    assert not form.config().private_key_pem
    assert form.privateKeyPathEdit.text() == ""


def test_tls_off_is_shown(form: CredentialForm) -> None:
    form.verifyTlsCheck.setChecked(False)
    assert "TLS verification is off" in shown(form.tlsMessage)
    assert form.config().verify_tls is False


def test_junk_input_never_crashes_or_clears(qtbot: Any, form: CredentialForm) -> None:
    form.set_config(FULL_CONFIG)
    junk = ["\x00", "http://[::1", "https://exa\u200bmple.com", "🙂" * 50, ":" * 300, "\n\t"]
    for text in junk:
        form.tokenUrlEdit.setText(text)
        form.clientIdEdit.setText(text)
        form.scopeEdit.setText(text)
        form.extraHeadersTable.set_pairs(((text, text), ("X-Domain", text)))
        config = form.config()  # never raises
        assert config.client_secret.reveal() == "demo-secret"
        assert form.tokenUrlEdit.text() == text.strip() or form.tokenUrlEdit.text() == text
    assert form.authMethodCombo.currentData() == "post"
    assert form.bodyEncodingCombo.currentData() == "json"


def test_config_changed_fires_on_edit(qtbot: Any, form: CredentialForm) -> None:
    with qtbot.waitSignal(form.config_changed):
        form.scopeEdit.setText("read")


CURL = (
    "curl -X POST 'https://api.example.com/v3/token' -u 'demo-client:demo-secret' "
    "-H 'Content-Type: application/x-www-form-urlencoded' -d 'grant_type=client_credentials'"
)


def test_import_curl_fills_the_form(form: CredentialForm) -> None:
    assert form.import_curl(CURL) is None
    config = form.config()
    assert config.token_url == "https://api.example.com/v3/token"
    assert config.client_id == "demo-client"
    assert config.client_secret.reveal() == "demo-secret"


@pytest.mark.parametrize("command", ["", "not curl at all", "curl 'unterminated", "curl -X"])
def test_import_curl_error_leaves_the_form_untouched(form: CredentialForm, command: str) -> None:
    form.set_config(FULL_CONFIG)
    error = form.import_curl(command)
    assert error is not None
    assert error.startswith("Could not import")
    assert form.config() == FULL_CONFIG


def test_curl_dialog_shows_the_error_and_stays_open(qtbot: Any, form: CredentialForm) -> None:
    form.set_config(FULL_CONFIG)
    dialog = CurlImportDialog(form)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.curlTextEdit.setPlainText("curl 'unterminated")
    dialog.on_buttons_accepted()
    assert dialog.isVisible()
    assert "Could not import" in shown(dialog.curlErrorLabel)
    assert form.config() == FULL_CONFIG
    dialog.curlTextEdit.setPlainText(CURL)
    with qtbot.waitSignal(dialog.accepted):
        dialog.on_buttons_accepted()
    assert form.config().client_id == "demo-client"
    assert form.config().token_url == "https://api.example.com/v3/token"


def test_every_field_is_named_for_tests_and_screen_readers(form: CredentialForm) -> None:
    for name in (
        "tokenUrlEdit",
        "clientIdEdit",
        "clientSecretEdit",
        "scopeEdit",
        "authMethodCombo",
        "bodyEncodingCombo",
    ):
        widget = getattr(form, name)
        assert widget.objectName() == name
        assert widget.accessibleName()

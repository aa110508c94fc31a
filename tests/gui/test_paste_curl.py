"""Paste a curl command anywhere in the window: token requests fill the form, others the request."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from workbench.core.config import BodyEncoding, ClientAuth
from workbench.core.secret import Secret
from workbench.ui.window.curl_import import looks_like_curl

pytestmark = pytest.mark.gui

TOKEN_CURL = (
    "curl -X POST https://api.example.com/v3/token \\\n"
    "  -u 'pasted-client:pasted-secret' \\\n"
    "  -H 'X-Domain: example.com' \\\n"
    "  -d 'grant_type=client_credentials&scope=all'"
)
API_CURL = (
    "curl -X POST 'https://api.example.com/v3/contacts?fields=name' "
    "-H 'Authorization: Bearer pasted-token' -H 'Accept: application/json' "
    "-H 'Content-Type: application/json' --data-raw '{\"email\": \"a@example.com\"}'"
)


def paste(qtbot: Any, widget: Any, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    qtbot.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


@pytest.fixture
def window(build: Any, qtbot: Any) -> Any:
    built = build().window
    built.show()
    qtbot.waitExposed(built)
    return built


def test_ctrl_v_outside_text_fields_imports_a_token_request_into_the_form(
    qtbot: Any, window: Any
) -> None:
    before = window.composer.current_request()
    paste(qtbot, window.timeline, TOKEN_CURL)
    config = window.form.config()
    assert config.token_url == "https://api.example.com/v3/token"
    assert config.client_id == "pasted-client"
    assert config.client_secret.reveal() == "pasted-secret"
    assert config.scope == "all"
    assert config.auth in (ClientAuth.BASIC, ClientAuth.BASIC_RAW)
    assert config.body_encoding is BodyEncoding.FORM
    assert config.extra_headers == (("X-Domain", "example.com"),)
    assert window.composer.current_request() == before
    assert "credentials" in window.statusBar().currentMessage()
    assert window.profiles.is_modified()


def test_a_token_request_keeps_the_loaded_private_key_and_its_label(
    qtbot: Any, window: Any
) -> None:
    pem = Secret("-----BEGIN PRIVATE KEY-----\nMIIfake\n-----END PRIVATE KEY-----\n")
    window.form.set_private_key(pem, "(key in the keychain)")
    paste(qtbot, window.timeline, TOKEN_CURL)
    assert window.form.config().client_id == "pasted-client"
    assert window.form.config().private_key_pem == pem
    assert window.form.privateKeyPathEdit.text() == "(key in the keychain)"


def test_an_api_request_fills_the_composer_without_its_authorization(
    qtbot: Any, window: Any
) -> None:
    form_before = window.form.config()
    paste(qtbot, window.token_panel.getTokenButton, API_CURL)
    request = window.composer.current_request()
    assert request.method == "POST"
    assert request.url == "https://api.example.com/v3/contacts?fields=name"
    assert request.headers == (
        ("Accept", "application/json"),
        ("Content-Type", "application/json"),
    )
    assert request.body == b'{"email": "a@example.com"}'
    assert request.apply_token
    assert window.form.config() == form_before
    assert "Authorization was left out" in window.statusBar().currentMessage()


def test_ctrl_v_in_a_text_field_pastes_the_text_as_usual(qtbot: Any, window: Any) -> None:
    form_before = window.form.config()
    scope = window.form.scopeEdit
    scope.clear()
    scope.setFocus()
    paste(qtbot, scope, TOKEN_CURL)
    assert scope.text().startswith("curl -X POST")
    assert window.form.config().token_url == form_before.token_url
    assert window.form.config().client_id == form_before.client_id


def test_ctrl_v_in_the_request_body_pastes_the_text_as_usual(qtbot: Any, window: Any) -> None:
    request_before = window.composer.current_request()
    body = window.composer.body_edit
    body.clear()
    body.setFocus()
    paste(qtbot, body, API_CURL)
    assert body.toPlainText() == API_CURL
    assert window.composer.current_request().url == request_before.url


def test_ctrl_v_on_a_read_only_view_imports_the_command(qtbot: Any, window: Any) -> None:
    raw = window.viewer.raw_view
    assert raw.isReadOnly()
    raw.setFocus()
    paste(qtbot, raw, API_CURL)
    assert (
        window.composer.current_request().url == "https://api.example.com/v3/contacts?fields=name"
    )
    assert raw.toPlainText() == ""


def test_a_bad_command_says_why_and_changes_nothing(qtbot: Any, window: Any) -> None:
    form_before = window.form.config()
    request_before = window.composer.current_request()
    paste(qtbot, window.timeline, "curl -X POST 'https://api.example.com/v3/token -d x")
    assert "unbalanced quote" in window.statusBar().currentMessage()
    wrong_grant = "curl https://api.example.com/v3/token -d grant_type=password -u a:b"
    paste(qtbot, window.timeline, wrong_grant)
    assert "Unknown grant type" in window.statusBar().currentMessage()
    assert window.form.config() == form_before
    assert window.composer.current_request() == request_before


def test_other_clipboard_text_is_left_alone(qtbot: Any, window: Any) -> None:
    form_before = window.form.config()
    window.statusBar().clearMessage()
    paste(qtbot, window.timeline, "just some words")
    assert window.statusBar().currentMessage() == ""
    assert window.form.config() == form_before
    window.action("pasteCurl").trigger()
    assert "no curl command" in window.statusBar().currentMessage()


def test_edit_menu_import_from_clipboard(window: Any) -> None:
    QGuiApplication.clipboard().setText(API_CURL)
    window.action("pasteCurl").trigger()
    assert window.composer.current_request().url.startswith("https://api.example.com/v3/")


@pytest.mark.parametrize(
    ("text", "is_curl"),
    [
        ("curl https://a.example", True),
        ("  $ curl -X GET https://a.example", True),
        ("curl.exe -X GET https://a.example", True),
        ("CURL\thttps://a.example", True),
        ("curly braces", False),
        ("wget https://a.example", False),
        ("", False),
    ],
)
def test_what_counts_as_a_curl_command(text: str, is_curl: bool) -> None:
    assert looks_like_curl(text) is is_curl


def test_the_status_bar_masks_secrets_in_an_imported_url(qtbot: Any, window: Any) -> None:
    command = "curl 'https://api.example.com/v3/contacts?access_token=demo-token-1234&page=2'"
    paste(qtbot, window.timeline, command)
    assert window.composer.current_request().url.endswith("access_token=demo-token-1234&page=2")
    message = window.statusBar().currentMessage()
    assert message.startswith("Imported GET https://api.example.com/v3/contacts?access_token=")
    assert "page=2" in message
    assert "demo-token-1234" not in message


def test_an_api_request_says_its_user_credentials_were_left_out(window: Any) -> None:
    window.curl_import.import_text("curl -u 'me:fake-pw-for-u' https://api.example.com/v3/x")
    assert window.composer.current_request().headers == ()
    assert "-u user:password was left out" in window.statusBar().currentMessage()
    assert "fake-pw-for-u" not in window.statusBar().currentMessage()

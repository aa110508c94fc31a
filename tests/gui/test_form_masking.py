"""Credentials in the token request (its URL, extra headers and parameters) are masked on
screen until Show, warned about, and written to no file (#11, found trying it as an attacker)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.gui.screen_text import shown_texts
from workbench.core.profiles import default_profiles_path
from workbench.core.secret import MASK
from workbench.ui.credentials.checks import Severity, check_token_url

pytestmark = pytest.mark.gui

URL_PASSWORD = "fake-url-password-123"
URL_SECRET = "fake-query-secret-456"
HEADER_KEY = "fake-header-key-111"
ASSERTION = "fake.assertion.jwt-222"
PASTED = (
    f"curl -X POST 'https://me:{URL_PASSWORD}@auth.example.test/token?client_secret={URL_SECRET}'"
    f" -H 'X-Api-Key: {HEADER_KEY}' -d 'grant_type=client_credentials&audience=api"
    f"&client_assertion_x=1&token={ASSERTION}'"
)
VALUES = (URL_PASSWORD, URL_SECRET, HEADER_KEY, ASSERTION)


def on_screen(window: Any) -> list[str]:
    texts = shown_texts(window)
    return [value for value in VALUES if any(value in text for text in texts)]


def test_a_pasted_token_request_with_credentials_is_masked_warned_and_kept_out_of_files(
    build: Any, memory_keyring: Any
) -> None:
    window = build().window
    assert window.curl_import.import_text(PASTED)
    form = window.form
    config = form.config()
    assert URL_PASSWORD in config.token_url and URL_SECRET in config.token_url  # kept as given
    assert ("X-Api-Key", HEADER_KEY) in config.extra_headers
    assert ("token", ASSERTION) in config.extra_params
    assert on_screen(window) == []
    assert form.tokenUrlEdit.text().count(MASK) == 2
    assert "holds a credential" in form.tokenUrlMessage.text()

    form.revealSecretCheck.setChecked(True)
    assert sorted(on_screen(window)) == sorted(VALUES)  # Show shows them all
    form.revealSecretCheck.setChecked(False)
    assert on_screen(window) == []

    assert window.profiles.save()
    text = default_profiles_path().read_text(encoding="utf-8")
    assert [value for value in VALUES if value in text] == []
    window.close()
    again = build().window
    assert again.form.config().token_url == config.token_url  # back from the keychain


def test_the_token_url_check_names_a_credential_but_not_a_plain_url() -> None:
    message = check_token_url(f"https://auth.example.test/token?client_secret={URL_SECRET}")
    assert message is not None and message.severity is Severity.WARNING
    assert check_token_url("https://auth.example.test/token?audience=api") is None

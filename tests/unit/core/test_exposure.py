"""The model says when a configuration sends a secret over TLS it does not verify."""

from __future__ import annotations

import pytest

from workbench.core.config import ClientAuth, ClientConfig
from workbench.core.exposure import (
    exposure_warning,
    sends_secret_without_tls_verification,
    unverified_api_warning,
    unverified_tls_warning,
)


@pytest.mark.parametrize(
    ("url", "verify", "exposed"),
    [
        ("https://auth.example/token", False, True),
        ("HTTPS://auth.example/token", False, True),
        ("https://auth.example/token", True, False),
        ("http://127.0.0.1:9/token", False, False),  # nothing to verify on plain http
        ("not a url [", False, False),
    ],
)
def test_sends_secret_without_tls_verification(url: str, verify: bool, exposed: bool) -> None:
    config = ClientConfig(token_url=url, client_id="c", verify_tls=verify)
    assert sends_secret_without_tls_verification(config) is exposed
    assert bool(unverified_tls_warning(config)) is exposed


def test_the_warning_says_what_goes_out_and_where() -> None:
    config = ClientConfig(token_url="https://auth.example/token", client_id="c", verify_tls=False)
    assert "client credentials go out" in unverified_tls_warning(config)
    assert "auth.example" in unverified_tls_warning(config)
    public = ClientConfig(
        token_url="https://auth.example/token",
        client_id="c",
        verify_tls=False,
        auth=ClientAuth.NONE,
    )
    assert "client credentials" not in unverified_tls_warning(public)
    assert "token comes back" in unverified_tls_warning(public)


def test_api_warning() -> None:
    assert "api.example" in unverified_api_warning("https://api.example/v3", verify_tls=False)
    assert unverified_api_warning("https://api.example/v3", verify_tls=True) == ""
    assert unverified_api_warning("http://api.example/v3", verify_tls=False) == ""


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://auth.example/token", "plain http: the client credentials go to auth.example"),
        ("http://127.0.0.1:9/token", ""),
        ("http://sandbox.localhost:9/token", ""),
        ("https://auth.example/token", ""),
        ("http://[::1", ""),
    ],
)
def test_plain_http_to_another_computer_is_warned_about(url: str, words: str) -> None:
    config = ClientConfig(token_url=url, client_id="c")
    warning = exposure_warning(config)
    assert (words in warning) if words else warning == ""


def test_tls_off_is_what_is_said_first() -> None:
    config = ClientConfig(token_url="https://auth.example/token", client_id="c", verify_tls=False)
    assert exposure_warning(config) == unverified_tls_warning(config)

"""The composer's and presenter mode's rules for credentials in a request."""

from __future__ import annotations

import pytest

from workbench.core.calls import ApiRequest
from workbench.core.request_masking import (
    is_credential_field,
    is_credential_header,
    is_credential_param,
    masked_for_display,
)
from workbench.core.secret import MASK


@pytest.mark.parametrize(
    "name",
    ["Authorization", "x-auth-token", "X-Api-Key", "Api-Key", "Proxy-Authorization", "Cookie"],
)
def test_credential_headers(name: str) -> None:
    assert is_credential_header(name)


@pytest.mark.parametrize("name", ["key", "api_key", "APIKEY", "access_token", "token"])
def test_credential_params(name: str) -> None:
    assert is_credential_param(name)


def test_ordinary_names_are_not_credentials() -> None:
    assert not is_credential_header("Accept")
    assert not is_credential_param("page")
    assert not is_credential_field("email")
    assert is_credential_field("client_secret")


def test_masked_for_display() -> None:
    request = ApiRequest(
        "POST",
        "https://api.example/v3?key=k-12345&page=2",
        (("X-Auth-Token", "api-key abcdef123"), ("Accept", "application/json")),
        b'{"client_secret": "cs-98765", "note": "declared-secret-1"}',
        secrets=("declared-secret-1",),
    )
    shown = masked_for_display(request)
    text = f"{shown.url} {shown.headers} {shown.body!r}"
    for secret in ("k-12345", "abcdef123", "cs-98765", "declared-secret-1"):
        assert secret not in text
    assert MASK in shown.url and "page=2" in shown.url
    assert ("Accept", "application/json") in shown.headers

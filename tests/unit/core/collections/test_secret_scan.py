"""Credentials in requests and variables are found, and replaced by secret variables."""

from __future__ import annotations

import pytest

from workbench.core.collections.model import Field, SavedRequest, Variable
from workbench.core.collections.secret_scan import (
    extract_secrets,
    extract_variable_secrets,
    find_secrets,
    looks_secret,
)
from workbench.core.collections.variables import Scope, resolve_request


@pytest.mark.parametrize(
    ("header", "value", "location", "variable", "cleaned"),
    [
        (
            "Authorization",
            "Bearer abc.def.ghi",
            "header Authorization (Bearer credentials)",
            "bearerToken",
            "Bearer {{bearerToken}}",
        ),
        (
            "Authorization",
            "Basic ZGVtbzpzZWNyZXQ=",
            "header Authorization (Basic credentials)",
            "basicCredentials",
            "Basic {{basicCredentials}}",
        ),
        (
            "X-Auth-Token",
            "api-key 0a1b2c3d4e5f",
            "header X-Auth-Token",
            "apiKey",
            "api-key {{apiKey}}",
        ),
        ("X-Api-Key", "k_live_123456", "header X-Api-Key", "apiKey", "{{apiKey}}"),
        ("Cookie", "sid=s3ss10n", "header Cookie (cookie sid)", "cookieSid", "sid={{cookieSid}}"),
        (
            "Proxy-Authorization",
            "Basic dXNlcjpwYXNz",
            "header Proxy-Authorization",
            "proxyAuthorizationBasic",
            "Basic {{proxyAuthorizationBasic}}",
        ),
    ],
)
def test_credential_headers_are_found_and_replaced(
    header: str, value: str, location: str, variable: str, cleaned: str
) -> None:
    request = SavedRequest("x", headers=(Field(header, value),))
    result, findings = extract_secrets(request)
    assert [(f.location, f.variable) for f in findings] == [(location, variable)]
    assert result.headers == (Field(header, cleaned),)


def test_query_parameters_url_and_body_are_searched() -> None:
    request = SavedRequest(
        "x",
        url="https://user:pa55word@example.com/v3?api_key=abcd1234&page=1",
        params=(Field("access_token", "tok-123456"), Field("page", "2")),
        body='{"client_secret": "s3cr3t-value", "name": "kept"}',
    )
    result, findings = extract_secrets(request)
    assert [(f.location, f.variable, f.value.reveal()) for f in findings] == [
        ("URL parameter api_key", "apiKey", "abcd1234"),
        ("URL password", "password", "pa55word"),
        ("query parameter 1 (access_token)", "accessToken", "tok-123456"),
        ("body field client_secret", "clientSecret", "s3cr3t-value"),
    ]
    assert result.url == "https://user:{{password}}@example.com/v3?api_key={{apiKey}}&page=1"
    assert result.params == (Field("access_token", "{{accessToken}}"), Field("page", "2"))
    assert result.body == '{"client_secret": "{{clientSecret}}", "name": "kept"}'


def test_variables_are_not_credentials() -> None:
    request = SavedRequest(
        "x",
        url="{{baseUrl}}/v3?key={{apiKey}}",
        params=(Field("api_key", "{{apiKey}}"),),
        headers=(
            Field("Authorization", "Bearer {{token}}"),
            Field("X-Auth-Token", "api-key {{apiKey}}"),
            Field("Cookie", "sid={{sid}}"),
        ),
        body='{"password": "{{password}}"}',
    )
    assert find_secrets(request) == ()
    assert extract_secrets(request)[0] is request


def test_new_names_avoid_taken_ones_and_the_token() -> None:
    request = SavedRequest(
        "x",
        params=(Field("token", "abcdef1"), Field("key", "abcdef2"), Field("apikey", "abcdef3")),
    )
    findings = find_secrets(request, taken={"apiKey"})
    assert [finding.variable for finding in findings] == ["apiToken", "apiKey2", "apiKey3"]


def test_the_request_with_its_secrets_resolves_to_the_same_bytes() -> None:
    original = SavedRequest(
        "x",
        url="https://example.com/v3?key=a%2Fb%3D",
        headers=(Field("Authorization", "Bearer abc.def"),),
        body="client_secret=x%26y&grant_type=client_credentials",
    )
    cleaned, findings = extract_secrets(original)
    secrets = {finding.variable: finding.value for finding in findings}
    plain = resolve_request(original, Scope())
    again = resolve_request(cleaned, Scope(secrets=secrets))
    assert again.request == plain.request
    assert again.secrets == {"a%2Fb%3D", "abc.def", "x%26y"}


def test_finding_values_never_print() -> None:
    findings = find_secrets(SavedRequest("x", headers=(Field("X-Api-Key", "very-secret-1"),)))
    assert "very-secret-1" not in repr(findings) and "very-secret-1" not in str(findings)


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("apiKey", True),
        ("api_key", True),
        ("clientSecret", True),
        ("accessToken", True),
        ("password", True),
        ("SESSION_ID", True),
        ("baseUrl", False),
        ("campaignId", False),
        ("keyword", False),
        ("monkey", False),
    ],
)
def test_secret_looking_names(name: str, secret: bool) -> None:
    assert looks_secret(name) is secret


def test_secret_looking_variables_with_values_are_made_secret() -> None:
    variables = (
        Variable("baseUrl", "https://example.com"),
        Variable("apiKey", "0a1b2c3d"),
        Variable("clientSecret", "{{fromElsewhere}}"),
        Variable("password", ""),
    )
    kept, findings = extract_variable_secrets(variables)
    assert kept == (
        Variable("baseUrl", "https://example.com"),
        Variable("apiKey", secret=True),
        Variable("clientSecret", "{{fromElsewhere}}"),
        Variable("password", ""),
    )
    assert [(f.location, f.variable, f.value.reveal()) for f in findings] == [
        ("variable apiKey", "apiKey", "0a1b2c3d")
    ]

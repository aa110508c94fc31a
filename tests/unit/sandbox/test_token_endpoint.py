"""The sandbox's POST /v3/token: client authentication, body encodings, errors in both modes."""

from __future__ import annotations

import re

import pytest

from tests.unit.sandbox.helpers import (
    DEMO_ID,
    DEMO_SECRET,
    FORM,
    JSON_UTF8,
    ODD_ID,
    ODD_SECRET,
    basic_raw,
    basic_rfc,
    json_body,
    make_provider,
    post_token,
)
from workbench.sandbox.envelopes import MESSAGE_UNABLE_TO_AUTHENTICATE
from workbench.sandbox.messages import SandboxResponse

ENVELOPE_KEYS = ["httpStatus", "code", "codeDescription", "message", "moreInfo", "context", "uuid"]


def assert_token_success(response: SandboxResponse, *, ttl_s: int = 86400) -> str:
    assert response.status == 200
    body = response.json()
    assert list(body) == ["access_token", "expires_in", "token_type", "scope"]
    assert re.fullmatch(r"[0-9a-f]{40}", body["access_token"])
    assert body["expires_in"] == ttl_s
    assert body["token_type"] == "Bearer"
    assert body["scope"] is None
    assert response.headers == (
        ("Content-Type", "application/json"),
        ("Cache-Control", "no-store"),
        ("Pragma", "no-cache"),
    )
    return str(body["access_token"])


def assert_unable_to_authenticate(response: SandboxResponse) -> None:
    assert response.status == 401
    body = response.json()
    assert list(body) == ENVELOPE_KEYS
    assert body["httpStatus"] == 401
    assert body["code"] == 1014
    assert body["message"] == MESSAGE_UNABLE_TO_AUTHENTICATE
    assert body["codeDescription"] == "Problem during authentication process, check headers!"
    assert body["moreInfo"] == "https://apidocs.getresponse.com/en/v3/errors/1014"
    assert re.fullmatch(r"[0-9a-f-]{36}", body["uuid"])


def assert_validation_error(response: SandboxResponse, *words: str) -> None:
    assert response.status == 400
    body = response.json()
    assert list(body) == ENVELOPE_KEYS
    assert (body["httpStatus"], body["code"]) == (400, 1000)
    for word in words:
        assert word in " ".join(body["context"])


def assert_rfc_error(response: SandboxResponse, status: int, error: str) -> None:
    assert response.status == status
    assert response.json()["error"] == error
    assert response.json()["error_description"]
    assert response.header("Cache-Control") == "no-store"


# ------------------------------------------------------------------ success


def test_reference_form_request_with_basic_gets_a_getresponse_shaped_token() -> None:
    provider, _ = make_provider()
    assert_token_success(post_token(provider))


def test_tutorial_json_request_with_basic_gets_a_token() -> None:
    provider, _ = make_provider()
    response = post_token(
        provider,
        json_body({"grant_type": "client_credentials"}),
        headers=(("Authorization", basic_raw(DEMO_ID, DEMO_SECRET)), JSON_UTF8),
    )
    assert_token_success(response)


@pytest.mark.parametrize(
    "content_type",
    ["application/json", "Application/JSON; charset=UTF-8", 'application/json; charset="utf8"'],
)
def test_json_content_type_variants_are_accepted(content_type: str) -> None:
    provider, _ = make_provider()
    response = post_token(
        provider,
        b'{"grant_type": "client_credentials"}',
        headers=(
            ("Authorization", basic_raw(DEMO_ID, DEMO_SECRET)),
            ("Content-Type", content_type),
        ),
    )
    assert_token_success(response)


def test_credentials_in_a_form_body_are_accepted() -> None:
    provider, _ = make_provider()
    body = b"grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret"
    assert_token_success(post_token(provider, body, headers=(FORM,)))


def test_credentials_in_a_json_body_are_accepted() -> None:
    provider, _ = make_provider()
    body = json_body(
        {"grant_type": "client_credentials", "client_id": DEMO_ID, "client_secret": DEMO_SECRET}
    )
    assert_token_success(post_token(provider, body, headers=(JSON_UTF8,)))


def test_rfc_and_raw_basic_encodings_differ_for_the_odd_client_and_both_work() -> None:
    provider, _ = make_provider()
    rfc, raw = basic_rfc(ODD_ID, ODD_SECRET), basic_raw(ODD_ID, ODD_SECRET)
    assert rfc != raw
    for header in (rfc, raw):
        assert_token_success(post_token(provider, headers=(("Authorization", header), FORM)))


def test_rfc_basic_encoding_of_a_plain_client_is_the_raw_one() -> None:
    assert basic_rfc(DEMO_ID, DEMO_SECRET) == basic_raw(DEMO_ID, DEMO_SECRET)


def test_odd_client_in_a_form_body_is_percent_decoded() -> None:
    from urllib.parse import urlencode

    provider, _ = make_provider()
    body = urlencode(
        {"grant_type": "client_credentials", "client_id": ODD_ID, "client_secret": ODD_SECRET}
    ).encode()
    assert_token_success(post_token(provider, body, headers=(FORM,)))


def test_basic_with_a_matching_client_id_in_the_body_is_one_method() -> None:
    provider, _ = make_provider()
    body = b"grant_type=client_credentials&client_id=demo-client"
    assert_token_success(post_token(provider, body))


def test_scope_all_is_accepted_and_answered_with_null_scope() -> None:
    provider, _ = make_provider()
    assert_token_success(post_token(provider, b"grant_type=client_credentials&scope=all"))


def test_each_token_is_new_and_uses_the_current_lifetime() -> None:
    provider, _ = make_provider(token_ttl_s=90)
    first = assert_token_success(post_token(provider), ttl_s=90)
    provider.set_token_ttl(30)
    second = assert_token_success(post_token(provider), ttl_s=30)
    assert first != second


def test_an_oversized_form_parameter_does_not_crash() -> None:
    provider, _ = make_provider()
    body = b"grant_type=client_credentials&junk=" + b"x" * 200_000
    assert_token_success(post_token(provider, body))


# ------------------------------------------------------------------ client authentication failures


@pytest.mark.parametrize(
    "authorization",
    [
        basic_raw(DEMO_ID, "wrong-secret"),
        basic_rfc(ODD_ID, "wrong"),
        basic_raw("nobody", DEMO_SECRET),
        "Basic not base64!",
        "Basic " + "ZGVtby1jbGllbnQ=",  # "demo-client", no colon
        "Bearer e2222af2851a912470ec33c9b4de1ea3a304b7d7",
        "Basic",
    ],
)
def test_bad_basic_credentials_get_the_1014_envelope(authorization: str) -> None:
    provider, _ = make_provider()
    assert_unable_to_authenticate(
        post_token(provider, headers=(("Authorization", authorization), FORM))
    )


def test_missing_credentials_get_the_1014_envelope() -> None:
    provider, _ = make_provider()
    assert_unable_to_authenticate(post_token(provider, headers=(FORM,)))


@pytest.mark.parametrize(
    "body",
    [
        b"grant_type=client_credentials&client_id=demo-client&client_secret=nope",
        b"grant_type=client_credentials&client_id=nobody&client_secret=demo-secret",
        b"grant_type=client_credentials&client_id=demo-client",
    ],
)
def test_bad_body_credentials_get_the_1014_envelope(body: bytes) -> None:
    provider, _ = make_provider()
    assert_unable_to_authenticate(post_token(provider, body, headers=(FORM,)))


def test_a_client_assertion_is_not_supported() -> None:
    provider, _ = make_provider(token_errors="rfc")
    body = b"grant_type=client_credentials&client_assertion_type=x&client_assertion=y"
    assert_rfc_error(post_token(provider, body, headers=(FORM,)), 400, "invalid_client")


def test_two_authentication_methods_are_invalid_request() -> None:
    provider, _ = make_provider()
    body = b"grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret"
    assert_validation_error(post_token(provider, body), "more than one")
    rfc_provider, _ = make_provider(token_errors="rfc")
    assert_rfc_error(post_token(rfc_provider, body), 400, "invalid_request")


def test_two_authorization_headers_are_invalid_request() -> None:
    provider, _ = make_provider(token_errors="rfc")
    header = ("Authorization", basic_raw(DEMO_ID, DEMO_SECRET))
    assert_rfc_error(post_token(provider, headers=(header, header, FORM)), 400, "invalid_request")


def test_body_client_id_different_from_basic_is_invalid_request() -> None:
    provider, _ = make_provider(token_errors="rfc")
    body = b"grant_type=client_credentials&client_id=someone-else"
    assert_rfc_error(post_token(provider, body), 400, "invalid_request")


def test_secret_without_client_id_is_invalid_request() -> None:
    provider, _ = make_provider(token_errors="rfc")
    body = b"grant_type=client_credentials&client_secret=demo-secret"
    assert_rfc_error(post_token(provider, body, headers=(FORM,)), 400, "invalid_request")


def test_rfc_mode_bad_basic_is_401_with_a_basic_challenge() -> None:
    provider, _ = make_provider(token_errors="rfc")
    response = post_token(provider, headers=(("Authorization", basic_raw(DEMO_ID, "x")), FORM))
    assert_rfc_error(response, 401, "invalid_client")
    assert response.header("WWW-Authenticate") == 'Basic realm="sandbox"'


def test_rfc_mode_missing_credentials_is_401_with_a_basic_challenge() -> None:
    provider, _ = make_provider(token_errors="rfc")
    response = post_token(provider, headers=(FORM,))
    assert_rfc_error(response, 401, "invalid_client")
    assert response.header("WWW-Authenticate") == 'Basic realm="sandbox"'


def test_rfc_mode_bad_body_credentials_is_400_without_a_challenge() -> None:
    provider, _ = make_provider(token_errors="rfc")
    body = b"grant_type=client_credentials&client_id=demo-client&client_secret=nope"
    response = post_token(provider, body, headers=(FORM,))
    assert_rfc_error(response, 400, "invalid_client")
    assert response.header("WWW-Authenticate") is None


# ------------------------------------------------------------------ grant and body errors


@pytest.mark.parametrize(
    ("body", "content_type", "words"),
    [
        (b"", "application/x-www-form-urlencoded", "grant_type is missing"),
        (b"grant_type=", "application/x-www-form-urlencoded", "grant_type is missing"),
        (b"scope=all", "application/x-www-form-urlencoded", "grant_type is missing"),
        (b"grant_type=password", "application/x-www-form-urlencoded", "not supported"),
        (b"{}", "application/json", "grant_type is missing"),
        (b'{"grant_type": null}', "application/json", "grant_type is missing"),
        (b'{"grant_type": "client_credentials"', "application/json", "not valid JSON"),
        (b'["grant_type", "client_credentials"]', "application/json", "must be an object"),
        (b'"client_credentials"', "application/json", "must be an object"),
        (b'{"grant_type": ["client_credentials"]}', "application/json", "JSON string"),
        (b'{"grant_type": {"a": 1}}', "application/json", "JSON string"),
        (b'{"grant_type": 1}', "application/json", "JSON string"),
        (b"[" * 100_000, "application/json", "not valid JSON"),
        (b"grant_type=client_credentials", "text/plain", "unsupported Content-Type"),
        (b"grant_type=client_credentials", "application/json", "not valid JSON"),
        (b'{"grant_type": "client_credentials"}', "application/x-www-form-urlencoded", "missing"),
        (b"grant_type=client_credentials", "application/json;charset=latin-1", "charset"),
        (b"grant_type=client_\xff", "application/x-www-form-urlencoded", "UTF-8"),
        (b"grant_type=client_%FF", "application/x-www-form-urlencoded", "UTF-8"),
        (b"grant_type=client_credentials&grant_type=client_credentials", FORM[1], "more than once"),
        (b'{"grant_type":"client_credentials","grant_type":"x"}', "application/json", "more than"),
        (b"grant_type=client_credentials&scope=contacts", FORM[1], "scope"),
    ],
)
def test_bad_bodies_are_400_validation_errors(body: bytes, content_type: str, words: str) -> None:
    provider, _ = make_provider()
    auth = ("Authorization", basic_raw(DEMO_ID, DEMO_SECRET))
    response = post_token(provider, body, headers=(auth, ("Content-Type", content_type)))
    assert_validation_error(response, words)


def test_a_body_without_content_type_is_rejected() -> None:
    provider, _ = make_provider()
    auth = ("Authorization", basic_raw(DEMO_ID, DEMO_SECRET))
    assert_validation_error(post_token(provider, headers=(auth,)), "no Content-Type")


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b"", "invalid_request"),
        (b"grant_type=password", "unsupported_grant_type"),
        (b"grant_type=authorization_code", "unsupported_grant_type"),
        (b"grant_type=client_credentials&scope=all%20contacts", "invalid_scope"),
        (b"grant_type=a&grant_type=b", "invalid_request"),
    ],
)
def test_rfc_mode_grant_errors(body: bytes, error: str) -> None:
    provider, _ = make_provider(token_errors="rfc")
    assert_rfc_error(post_token(provider, body), 400, error)


def test_rfc_mode_bad_json_is_invalid_request() -> None:
    provider, _ = make_provider(token_errors="rfc")
    auth = ("Authorization", basic_raw(DEMO_ID, DEMO_SECRET))
    response = post_token(provider, b"{nope", headers=(auth, JSON_UTF8))
    assert_rfc_error(response, 400, "invalid_request")


def test_client_is_authenticated_before_the_grant_is_checked() -> None:
    provider, _ = make_provider()
    response = post_token(
        provider, b"grant_type=password", headers=(("Authorization", basic_raw("x", "y")), FORM)
    )
    assert_unable_to_authenticate(response)


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "HEAD"])
def test_other_methods_on_the_token_endpoint_are_405(method: str) -> None:
    for mode in ("getresponse", "rfc"):
        provider, _ = make_provider(token_errors=mode)
        response = post_token(provider, b"", method=method)
        assert response.status == 405
        assert response.header("Allow") == "POST"
        assert response.json()


def test_the_token_endpoint_carries_no_rate_limit_headers() -> None:
    provider, _ = make_provider()
    assert post_token(provider).header("X-RateLimit-Limit") is None

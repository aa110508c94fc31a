"""The sandbox's API endpoints: bearer tokens, expiry, paging, rate limits, X-Domain, 404/405."""

from __future__ import annotations

import re

import pytest

from tests.unit.sandbox.helpers import DEMO_ID, get_api, make_provider
from workbench.sandbox.envelopes import MESSAGE_UNABLE_TO_AUTHENTICATE
from workbench.sandbox.messages import SandboxRequest, SandboxResponse
from workbench.sandbox.provider import Provider

ENVELOPE_KEYS = ["httpStatus", "code", "codeDescription", "message", "moreInfo", "context", "uuid"]


def published_expired_envelope(sent_token: str) -> dict[str, object]:
    """protocol.md's expired-token example, with the token that was sent."""
    return {
        "httpStatus": 401,
        "code": 1014,
        "codeDescription": "Problem during authentication process, check headers!",
        "message": "The access token provided is expired",
        "moreInfo": "https://apidocs.getresponse.com/v3/errors/1014",
        "context": {"sentToken": sent_token},
    }


def assert_rate_headers(response: SandboxResponse, *, limit: int, remaining: int) -> None:
    assert response.header("X-RateLimit-Limit") == str(limit)
    assert response.header("X-RateLimit-Remaining") == str(remaining)
    assert re.fullmatch(r"\d+ seconds", response.header("X-RateLimit-Reset") or "")


def assert_unable(response: SandboxResponse) -> None:
    assert response.status == 401
    body = response.json()
    assert list(body) == ENVELOPE_KEYS
    assert body["message"] == MESSAGE_UNABLE_TO_AUTHENTICATE
    assert body["context"] == {"authenticationType": "auth_token"}


# ------------------------------------------------------------------ endpoints


def test_accounts_with_a_live_token() -> None:
    provider, _ = make_provider()
    response = get_api(provider, "/v3/accounts", provider.issue_token(DEMO_ID))
    assert response.status == 200
    assert response.header("Content-Type") == "application/json"
    body = response.json()
    assert body["email"].endswith("@example.com")
    assert body["href"] == "http://127.0.0.1:9/v3/accounts"
    assert_rate_headers(response, limit=30000, remaining=29999)


def test_from_fields_and_campaigns_are_lists_with_paging_headers() -> None:
    provider, _ = make_provider()
    token = provider.issue_token(DEMO_ID)
    for path, id_key, count in (
        ("/v3/from-fields", "fromFieldId", 2),
        ("/v3/campaigns", "campaignId", 4),
    ):
        response = get_api(provider, path, token)
        assert response.status == 200
        items = response.json()
        assert len(items) == count
        assert all(re.fullmatch(r"[A-Za-z0-9]{5}", item[id_key]) for item in items)
        assert response.header("TotalCount") == str(count)
        assert response.header("TotalPages") == "1"
        assert response.header("CurrentPage") == "1"


@pytest.mark.parametrize(
    ("query", "length", "total_pages", "current"),
    [
        ("", 100, "2", "1"),
        ("?page=2", 37, "2", "2"),
        ("?page=3", 0, "2", "3"),
        ("?perPage=50&page=3", 37, "3", "3"),
        ("?perPage=1000", 137, "1", "1"),
        ("?perPage=1&page=137", 1, "137", "137"),
    ],
)
def test_contacts_are_paged(query: str, length: int, total_pages: str, current: str) -> None:
    provider, _ = make_provider()
    response = get_api(provider, "/v3/contacts" + query, provider.issue_token(DEMO_ID))
    assert response.status == 200
    assert len(response.json()) == length
    assert response.header("TotalCount") == "137"
    assert response.header("TotalPages") == total_pages
    assert response.header("CurrentPage") == current


def test_pages_do_not_overlap_and_data_is_the_same_in_every_sandbox() -> None:
    first, _ = make_provider()
    second, _ = make_provider()
    token = first.issue_token(DEMO_ID)
    page_1 = get_api(first, "/v3/contacts?perPage=70", token).json()
    page_2 = get_api(first, "/v3/contacts?perPage=70&page=2", token).json()
    ids = [contact["contactId"] for contact in page_1 + page_2]
    assert len(set(ids)) == 137
    other = get_api(second, "/v3/contacts?perPage=70", second.issue_token(DEMO_ID)).json()
    assert other == page_1


@pytest.mark.parametrize("query", ["?perPage=0", "?perPage=1001", "?page=0", "?page=x", "?page=-1"])
def test_bad_paging_is_a_1000_validation_error(query: str) -> None:
    provider, _ = make_provider()
    response = get_api(provider, "/v3/contacts" + query, provider.issue_token(DEMO_ID))
    assert response.status == 400
    assert (response.json()["code"], response.json()["httpStatus"]) == (1000, 400)


def test_one_contact_by_id_and_an_unknown_id() -> None:
    provider, _ = make_provider()
    token = provider.issue_token(DEMO_ID)
    listed = get_api(provider, "/v3/contacts?perPage=1", token).json()[0]
    one = get_api(provider, f"/v3/contacts/{listed['contactId']}", token)
    assert one.status == 200
    assert one.json() == listed
    missing = get_api(provider, "/v3/contacts/zzzzz", token)
    assert missing.status == 404
    body = missing.json()
    assert list(body) == ENVELOPE_KEYS
    assert (body["code"], body["httpStatus"]) == (1013, 404)
    assert body["context"]["resourceId"] == "zzzzz"


@pytest.mark.parametrize("path", ["/v3/nothing", "/v3/accounts/extra/parts", "/v3", "/v4/accounts"])
def test_unknown_paths_are_404_with_the_1013_envelope(path: str) -> None:
    provider, _ = make_provider()
    response = get_api(provider, path, provider.issue_token(DEMO_ID))
    assert response.status == 404
    assert response.json()["code"] == 1013
    assert response.json()["moreInfo"] == "https://apidocs.getresponse.com/en/v3/errors/1013"


def test_unknown_paths_outside_the_api_need_no_token() -> None:
    provider, _ = make_provider()
    assert get_api(provider, "/", None).status == 404


@pytest.mark.parametrize("method", ["POST", "DELETE", "PUT"])
def test_wrong_method_on_an_api_endpoint_is_405(method: str) -> None:
    provider, _ = make_provider()
    response = get_api(provider, "/v3/accounts", provider.issue_token(DEMO_ID), method=method)
    assert response.status == 405
    assert response.header("Allow") == "GET, HEAD"


def test_head_is_answered_like_get() -> None:
    provider, _ = make_provider()
    response = get_api(provider, "/v3/accounts", provider.issue_token(DEMO_ID), method="HEAD")
    assert response.status == 200


def test_absolute_form_targets_are_understood() -> None:
    provider, _ = make_provider()
    token = provider.issue_token(DEMO_ID)
    assert get_api(provider, "http://127.0.0.1:9/v3/accounts?x=1", token).status == 200


@pytest.mark.parametrize("target", ["http://[::1/v3/accounts", "http://[zz]/_sandbox/state"])
def test_an_unreadable_absolute_target_is_a_404_not_an_exception(target: str) -> None:
    provider, _ = make_provider()
    response = get_api(provider, target, provider.issue_token(DEMO_ID))
    assert response.status == 404
    assert response.json()["code"] == 1013


# ------------------------------------------------------------------ bearer failures


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Bearer",
        "Bearer ",
        "Bearer 0123456789abcdef0123456789abcdef01234567",  # right shape, never issued
        "Bearer not-a-token",
        "Bearer E2222AF2851A912470EC33C9B4DE1EA3A304B7D7",
        "Basic ZGVtby1jbGllbnQ6ZGVtby1zZWNyZXQ=",
    ],
)
def test_missing_unknown_or_malformed_tokens_get_the_unable_envelope(
    authorization: str | None,
) -> None:
    provider, _ = make_provider()
    headers = (("Authorization", authorization),) if authorization is not None else ()
    response = provider.handle(SandboxRequest("GET", "/v3/accounts", headers))
    assert_unable(response)
    assert_rate_headers(response, limit=30000, remaining=30000)


def test_two_authorization_headers_are_refused() -> None:
    provider, _ = make_provider()
    token = provider.issue_token(DEMO_ID)
    header = ("Authorization", f"Bearer {token}")
    assert_unable(provider.handle(SandboxRequest("GET", "/v3/accounts", (header, header))))


def test_the_bearer_scheme_is_case_insensitive() -> None:
    provider, _ = make_provider()
    token = provider.issue_token(DEMO_ID)
    headers = (("authorization", f"bearer {token}"),)
    assert provider.handle(SandboxRequest("GET", "/v3/accounts", headers)).status == 200


def test_a_token_lapses_exactly_at_its_lifetime() -> None:
    provider, source = make_provider()
    token = provider.issue_token(DEMO_ID)
    source.now_s += 86399.5
    assert get_api(provider, "/v3/accounts", token).status == 200
    source.now_s += 0.5
    response = get_api(provider, "/v3/accounts", token)
    assert response.status == 401
    assert response.json() == published_expired_envelope(token)
    assert list(response.json()) == list(published_expired_envelope(token))


def test_advance_clock_expires_tokens_with_the_exact_published_envelope() -> None:
    provider, _ = make_provider()
    token = provider.issue_token(DEMO_ID)
    provider.advance_clock(86401)
    response = get_api(provider, "/v3/from-fields", token)
    assert response.status == 401
    assert response.body.decode() == (
        '{"httpStatus":401,"code":1014,"codeDescription":"Problem during authentication process, '
        'check headers!","message":"The access token provided is expired","moreInfo":'
        '"https://apidocs.getresponse.com/v3/errors/1014","context":{"sentToken":"' + token + '"}}'
    )
    assert response.header("WWW-Authenticate") is None


def test_expire_all_expires_live_tokens_only_and_new_tokens_work() -> None:
    provider, _ = make_provider()
    tokens = [provider.issue_token(DEMO_ID) for _ in range(3)]
    assert provider.expire_all() == 3
    assert provider.expire_all() == 0
    for token in tokens:
        assert get_api(provider, "/v3/accounts", token).json()["context"] == {"sentToken": token}
    assert get_api(provider, "/v3/accounts", provider.issue_token(DEMO_ID)).status == 200


def test_a_new_lifetime_applies_to_new_tokens_only() -> None:
    provider, _ = make_provider()
    old = provider.issue_token(DEMO_ID)
    provider.set_token_ttl(60)
    new = provider.issue_token(DEMO_ID)
    provider.advance_clock(61)
    assert get_api(provider, "/v3/accounts", old).status == 200
    assert get_api(provider, "/v3/accounts", new).status == 401


def test_rfc_mode_bearer_challenges() -> None:
    provider, _ = make_provider(token_errors="rfc")
    token = provider.issue_token(DEMO_ID)
    missing = get_api(provider, "/v3/accounts", None)
    assert missing.status == 401
    assert missing.header("WWW-Authenticate") == 'Bearer realm="sandbox"'
    unknown = get_api(provider, "/v3/accounts", "0" * 40)
    assert unknown.header("WWW-Authenticate") == (
        'Bearer realm="sandbox", error="invalid_token", '
        'error_description="The access token is not valid"'
    )
    provider.expire_all()
    expired = get_api(provider, "/v3/accounts", token)
    assert expired.status == 401
    assert expired.header("WWW-Authenticate") == (
        'Bearer realm="sandbox", error="invalid_token", '
        'error_description="The access token expired"'
    )
    assert expired.json() == {
        "error": "invalid_token",
        "error_description": "The access token expired",
    }
    assert_rate_headers(expired, limit=30000, remaining=30000)


# ------------------------------------------------------------------ rate limit


def test_rate_limit_counts_down_then_throttles_with_the_1015_envelope() -> None:
    provider, source = make_provider(rate_limit=3, rate_window_s=600)
    token = provider.issue_token(DEMO_ID)
    for remaining in (2, 1, 0):
        response = get_api(provider, "/v3/accounts", token)
        assert response.status == 200
        assert_rate_headers(response, limit=3, remaining=remaining)
    source.now_s += 100
    throttled = get_api(provider, "/v3/accounts", token)
    assert throttled.status == 429
    body = throttled.json()
    assert list(body) == ENVELOPE_KEYS
    assert (body["httpStatus"], body["code"]) == (429, 1015)
    assert (
        body["message"]
        == "You have reached your requests limit for this time window, please wait..."
    )
    assert body["context"] == {"currentLimit": 3, "timeToReset": "500 seconds"}
    assert throttled.header("X-RateLimit-Reset") == "500 seconds"
    assert throttled.header("Retry-After") is None
    source.now_s += 500
    assert get_api(provider, "/v3/accounts", token).status == 200


def test_retry_after_is_sent_when_switched_on() -> None:
    provider, source = make_provider(rate_limit=1, retry_after=True)
    token = provider.issue_token(DEMO_ID)
    get_api(provider, "/v3/accounts", token)
    source.now_s += 0.5
    assert get_api(provider, "/v3/accounts", token).header("Retry-After") == "600"


def test_failed_authentication_does_not_use_the_quota() -> None:
    provider, _ = make_provider(rate_limit=1)
    for _ in range(3):
        assert get_api(provider, "/v3/accounts", None).status == 401
    assert get_api(provider, "/v3/accounts", provider.issue_token(DEMO_ID)).status == 200


def test_advancing_the_clock_closes_the_rate_window() -> None:
    provider, _ = make_provider(rate_limit=1, rate_window_s=60)
    token = provider.issue_token(DEMO_ID)
    assert get_api(provider, "/v3/accounts", token).status == 200
    assert get_api(provider, "/v3/accounts", token).status == 429
    provider.advance_clock(60)
    assert get_api(provider, "/v3/accounts", token).status == 200


# ------------------------------------------------------------------ X-Domain (GetResponse MAX)


@pytest.mark.parametrize(
    ("domains", "status"),
    [
        ((), 400),
        (("www.example.com",), 400),
        (("https://example.com",), 400),
        (("example.com", "example.com"), 400),
        (("example.com",), 200),
        ((" Example.COM ",), 200),
    ],
)
def test_x_domain_is_checked_on_api_calls_when_required(
    domains: tuple[str, ...], status: int
) -> None:
    provider, _ = make_provider(require_x_domain="example.com")
    token = provider.issue_token(DEMO_ID)
    headers = tuple(("X-Domain", domain) for domain in domains)
    response = get_api(provider, "/v3/accounts", token, headers=headers)
    assert response.status == status
    if status == 400:
        assert (response.json()["code"], response.json()["httpStatus"]) == (1021, 400)
        assert response.header("X-RateLimit-Limit") is not None


def test_x_domain_is_checked_on_the_token_endpoint_too() -> None:
    from tests.unit.sandbox.helpers import post_token

    provider, _ = make_provider(require_x_domain="example.com")
    assert post_token(provider).json()["code"] == 1021
    from tests.unit.sandbox.helpers import FORM, basic_raw

    headers = (
        ("Authorization", basic_raw("demo-client", "demo-secret")),
        FORM,
        ("X-Domain", "example.com"),
    )
    assert post_token(provider, headers=headers).status == 200


def test_x_domain_is_not_required_by_default() -> None:
    provider, _ = make_provider()
    assert get_api(provider, "/v3/accounts", provider.issue_token(DEMO_ID)).status == 200


# ------------------------------------------------------------------ odds and ends


def test_framing_errors_close_the_connection_in_either_style() -> None:
    provider, _ = make_provider()
    too_large = provider.framing_error(413, "the body is larger than 1048576 bytes")
    assert too_large.status == 413
    assert too_large.close_connection
    assert (too_large.json()["httpStatus"], too_large.json()["code"]) == (413, 1000)
    rfc, _ = make_provider(token_errors="rfc")
    assert rfc.framing_error(400, "bad length").json()["error"] == "invalid_request"


def test_internal_error_is_a_code_1_envelope() -> None:
    provider, _ = make_provider()
    response = provider.internal_error()
    assert (response.status, response.json()["code"]) == (500, 1)


@pytest.mark.parametrize(
    "options",
    [
        {"token_errors": "oauth"},
        {"token_ttl_s": 0},
        {"token_ttl_s": 1.5},
        {"rate_limit": 0},
        {"rate_window_s": 0},
        {"clients": {}},
    ],
)
def test_bad_settings_are_refused(options: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Provider(**options)  # type: ignore[arg-type]


def test_issue_token_refuses_unknown_clients() -> None:
    provider, _ = make_provider()
    with pytest.raises(KeyError):
        provider.issue_token("nobody")

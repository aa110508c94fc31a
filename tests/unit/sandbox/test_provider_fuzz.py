"""The sandbox provider answers whatever a client sends, with a well-formed response."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.sandbox.helpers import (
    DEMO_ID,
    DEMO_SECRET,
    FORM,
    basic_raw,
    basic_rfc,
    control,
    get_api,
    make_provider,
    post_token,
)
from workbench.sandbox.messages import SandboxRequest, SandboxResponse

METHODS = st.sampled_from(["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "get", ""]) | st.text(
    max_size=8
)
PATHS = st.sampled_from(
    [
        "/v3/token",
        "/v3/accounts",
        "/v3/from-fields",
        "/v3/contacts",
        "/v3/campaigns",
        "/v3",
        "/v3/",
        "/_sandbox/state",
        "/_sandbox/expire",
        "/_sandbox/advance",
        "/_sandbox/ttl",
        "/_sandbox",
        "/.well-known/oauth-authorization-server",
        "/",
        "",
        "*",
        "//v3/token",
        "/v3/token/../accounts",
        "http://127.0.0.1/v3/accounts",
    ]
)
QUERIES = st.sampled_from(
    [
        "",
        "?page=2&perPage=5",
        "?perPage=0",
        "?perPage=-1",
        "?page=99999999999999999999",
        "?seconds=60",
        "?seconds=-5",
        "?seconds=1e309",
        "?seconds=nan",
        "?ttl=abc",
        "?%zz",
        "?&&==",
    ]
) | st.text(max_size=20).map(lambda text: "?" + text)
HEADER_NAMES = st.sampled_from(
    [
        "Authorization",
        "authorization",
        "Content-Type",
        "X-Domain",
        "X-Time-Zone",
        "Content-Length",
        "Accept",
        "Host",
        "Expect",
    ]
) | st.text(max_size=12)
HEADER_VALUES = st.sampled_from(
    [
        basic_raw(DEMO_ID, DEMO_SECRET),
        basic_rfc(DEMO_ID, DEMO_SECRET),
        "Basic",
        "Basic !!!",
        "Basic " + "A" * 3,
        "Bearer",
        "Bearer " + "0" * 40,
        "Bearer " + "g" * 40,
        "bearer    x",
        "application/x-www-form-urlencoded",
        "application/json",
        "application/json; charset=latin-1",
        "application/json; charset=nonsense",
        "multipart/form-data; boundary=x",
        "example.com",
        "100-continue",
        "",
    ]
) | st.text(max_size=60)
BODIES = st.sampled_from(
    [
        b"grant_type=client_credentials",
        b"grant_type=client_credentials&scope=all",
        b"grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret",
        b"grant_type=password",
        b'{"grant_type": "client_credentials"}',
        b'{"grant_type": ["client_credentials"], "scope": {"a": 1}}',
        b"[" * 5000,
        b"\xff\xfe\x00",
        b"client_assertion_type=x&client_assertion=a.b.c&grant_type=client_credentials",
        b"",
    ]
) | st.binary(max_size=200)


def request_strategy() -> st.SearchStrategy[SandboxRequest]:
    return st.builds(
        SandboxRequest,
        method=METHODS,
        target=st.builds(lambda path, query: path + query, PATHS | st.text(max_size=30), QUERIES),
        headers=st.lists(st.tuples(HEADER_NAMES, HEADER_VALUES), max_size=6).map(tuple),
        body=BODIES,
        client_host=st.sampled_from(["127.0.0.1", "::1", "10.0.0.8", "not-an-address", ""]),
    )


def assert_well_formed(response: SandboxResponse) -> None:
    assert isinstance(response, SandboxResponse)
    assert 100 <= response.status < 600
    assert isinstance(response.body, bytes)
    for name, value in response.headers:
        assert isinstance(name, str) and isinstance(value, str)
        assert name and not set(name) & set(" \t\r\n:")
        # Nothing the client sent can split a header line in the answer.
        assert "\r" not in value and "\n" not in value, (name, value)
    content_type = response.header("Content-Type") or ""
    if response.body and content_type.startswith("application/json"):
        json.loads(response.body)


@settings(max_examples=300, deadline=None)
@given(
    requests=st.lists(request_strategy(), min_size=1, max_size=6),
    token_errors=st.sampled_from(["getresponse", "rfc"]),
    rate_limit=st.sampled_from([None, 1, 3]),
    require_x_domain=st.sampled_from([None, "example.com"]),
)
def test_any_requests_get_well_formed_answers(
    requests: list[SandboxRequest],
    token_errors: str,
    rate_limit: int | None,
    require_x_domain: str | None,
) -> None:
    provider, source = make_provider(
        token_errors=token_errors, rate_limit=rate_limit, require_x_domain=require_x_domain
    )
    live = provider.issue_token(DEMO_ID)
    for drawn in requests:
        request = drawn
        if drawn.header("Authorization") == "Bearer " + "0" * 40:  # stands for a live token
            request = SandboxRequest(
                drawn.method,
                drawn.target,
                (*drawn.headers, ("Authorization", f"Bearer {live}")),
                drawn.body,
                drawn.client_host,
            )
        response = provider.handle(request)
        assert_well_formed(response)
        assert response.status != 500, response.body  # nothing a client sends is a sandbox bug
        source.now_s += 1.0
    json.dumps(provider.state(), allow_nan=False)
    # ...and it still issues tokens afterwards: nothing a client sent broke it.
    domain = (("X-Domain", require_x_domain),) if require_x_domain else ()
    headers = (("Authorization", basic_raw(DEMO_ID, DEMO_SECRET)), FORM, *domain)
    assert post_token(provider, headers=headers).status == 200


@settings(max_examples=100, deadline=None)
@given(status=st.integers(min_value=400, max_value=599), description=st.text(max_size=80))
def test_framing_errors_are_well_formed(status: int, description: str) -> None:
    for token_errors in ("getresponse", "rfc"):
        provider, _source = make_provider(token_errors=token_errors)
        response = provider.framing_error(status, description)
        assert_well_formed(response)
        assert response.close_connection


CONTROL_VALUES = (
    st.floats(allow_nan=True, allow_infinity=True).map(repr)
    | st.integers(min_value=-(10**40), max_value=10**40).map(str)
    | st.sampled_from(["", "nan", "-inf", "1e309", "0x10", "1_000", " 5 ", "9" * 5000, "%00"])
    | st.text(max_size=12)
)


def strict_json(body: bytes) -> object:
    def refuse(constant: str) -> object:
        raise ValueError(constant)

    return json.loads(body, parse_constant=refuse)


@settings(max_examples=300, deadline=None)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(["advance", "ttl", "expire-all", "state"]),
            st.sampled_from(["GET", "POST"]),
            CONTROL_VALUES,
        ),
        min_size=1,
        max_size=8,
    )
)
def test_clock_controls_always_answer_valid_json_and_leave_the_sandbox_working(
    steps: list[tuple[str, str, str]],
) -> None:
    provider, _source = make_provider()
    for action, method, value in steps:
        target = f"/_sandbox/{action}?" + urlencode({"seconds": value})
        response = control(provider, method, target)
        assert response.status in (200, 400, 405), response.body
        strict_json(response.body)
        strict_json(control(provider, "GET", "/_sandbox/state").body)
    token = json.loads(post_token(provider).body)["access_token"]
    assert get_api(provider, "/v3/accounts", token).status == 200

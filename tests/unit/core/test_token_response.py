"""Reading token responses: tolerant of what providers really send, never raising on any bytes."""

from __future__ import annotations

import json
import math
from typing import Any

import jwt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.clock import ManualClock
from workbench.core.http import (
    Exchange,
    ExchangeKind,
    FailureKind,
    HttpRequest,
    HttpResponse,
    TransportFailure,
)
from workbench.core.problems import Problem, ProblemKind
from workbench.core.token import AccessToken
from workbench.core.token_response import MAX_LIFETIME_S, read_token

GETRESPONSE_TOKEN = "e2222af2851a912470ec33c9b4de1ea3a304b7d7"
REQUEST = HttpRequest("POST", "http://127.0.0.1:8080/v3/token")
JSON_HEADERS = (("Content-Type", "application/json"),)


def exchange_with(
    body: bytes,
    *,
    status: int = 200,
    headers: tuple[tuple[str, str], ...] = JSON_HEADERS,
    truncated: bool = False,
) -> Exchange:
    response = HttpResponse(status=status, headers=headers, body=body, truncated=truncated)
    return Exchange(kind=ExchangeKind.TOKEN, request=REQUEST, response=response)


def token_from(payload: dict[str, Any], **kwargs: Any) -> AccessToken:
    result = read_token(exchange_with(json.dumps(payload).encode(), **kwargs), clock=ManualClock())
    assert isinstance(result, AccessToken), result
    return result


def problem_from(body: bytes, **kwargs: Any) -> Problem:
    result = read_token(exchange_with(body, **kwargs), clock=ManualClock())
    assert isinstance(result, Problem), result
    return result


def with_token(**members: Any) -> dict[str, Any]:
    return {"access_token": GETRESPONSE_TOKEN, **members}


# --- the ordinary answer ---------------------------------------------------------------------


def test_getresponses_answer_with_null_scope() -> None:
    clock = ManualClock(monotonic_s=500.0, wall_s=1_767_225_600.0)
    body = json.dumps(
        {
            "access_token": GETRESPONSE_TOKEN,
            "expires_in": 86400,
            "token_type": "Bearer",
            "scope": None,
        }
    ).encode()
    token = read_token(exchange_with(body), clock=clock, requested_scope="all")
    assert isinstance(token, AccessToken)
    assert token.value.reveal() == GETRESPONSE_TOKEN
    assert GETRESPONSE_TOKEN not in repr(token)
    assert token.token_type == "Bearer" and token.is_bearer
    assert token.expires_in_s == 86400.0
    assert token.scope is None
    assert token.requested_scope == "all"
    assert token.received_monotonic == 500.0
    assert token.received_wall == 1_767_225_600.0
    assert token.jwt_claims is None
    assert token.server_date_wall is None
    assert dict(token.fields) == json.loads(body)
    assert token.notes == ()
    with pytest.raises(TypeError):
        token.fields["access_token"] = "changed"  # type: ignore[index]


def test_the_receipt_time_is_read_when_the_answer_is_read() -> None:
    clock = ManualClock()
    exchange = exchange_with(json.dumps(with_token(token_type="Bearer", expires_in=60)).encode())
    clock.advance(7.0)
    token = read_token(exchange, clock=clock)
    assert isinstance(token, AccessToken)
    assert token.received_monotonic == clock.monotonic()
    assert token.remaining_s(clock) == 60.0


def test_unknown_members_are_kept() -> None:
    token = token_from(with_token(token_type="Bearer", refresh_token_expires_in=5, ext={"a": 1}))
    assert token.fields["ext"] == {"a": 1}


# --- tolerance table -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expires_in", "expected"),
    [
        (3600, 3600.0),
        ("3600", 3600.0),
        (" 3600 ", 3600.0),
        (3600.5, 3600.5),
        ("1e3", 1000.0),
        (0, 0.0),
        ("0", 0.0),
        (-5, None),
        ("-5", None),
        (None, None),
        ("abc", None),
        ("3600s", None),
        ("0x10", None),
        ("1_000", None),
        ("١٢", None),  # non-ASCII digits, which float() would accept
        ("nan", None),
        ("inf", None),
        ("", None),
        (True, None),
        (False, None),
        ([3600], None),
        ({"s": 3600}, None),
        (1e308, MAX_LIFETIME_S),
        ("1e308", MAX_LIFETIME_S),
        ("1e400", None),
        (10**400, MAX_LIFETIME_S),
    ],
)
def test_expires_in_tolerance(expires_in: object, expected: float | None) -> None:
    token = token_from(with_token(token_type="Bearer", expires_in=expires_in))
    assert token.expires_in_s == expected
    if expected is None or expected == MAX_LIFETIME_S:
        assert len(token.notes) == 1
        assert "expires_in" in token.notes[0]
    else:
        assert token.notes == ()


def test_missing_expires_in_is_an_unknown_lifetime_not_forever() -> None:
    clock = ManualClock()
    token = token_from(with_token(token_type="Bearer"))
    assert token.expires_in_s is None
    assert token.remaining_s(clock) is None
    assert not token.is_expired(clock)
    assert token.notes == ("The provider sent no expires_in: the token's lifetime is unknown.",)


def test_nan_and_infinity_in_the_json_text_are_an_unknown_lifetime() -> None:
    for literal in (b"NaN", b"Infinity", b"-Infinity"):
        body = b'{"access_token": "x", "token_type": "Bearer", "expires_in": ' + literal + b"}"
        result = read_token(exchange_with(body), clock=ManualClock())
        assert isinstance(result, AccessToken)
        assert result.expires_in_s is None


def test_zero_lifetime_is_already_expired() -> None:
    clock = ManualClock()
    token = read_token(
        exchange_with(json.dumps(with_token(token_type="Bearer", expires_in=0)).encode()),
        clock=clock,
    )
    assert isinstance(token, AccessToken)
    assert token.is_expired(clock)


@pytest.mark.parametrize("token_type", ["bearer", "BEARER", "Bearer"])
def test_token_type_is_kept_as_sent_and_compared_case_insensitively(token_type: str) -> None:
    token = token_from(with_token(token_type=token_type, expires_in=1))
    assert token.token_type == token_type
    assert token.is_bearer


def test_an_unknown_token_type_is_still_a_token() -> None:
    token = token_from(with_token(token_type="mac", expires_in=1))
    assert token.token_type == "mac"
    assert not token.is_bearer


@pytest.mark.parametrize("token_type", [None, "", 5, ["Bearer"]])
def test_a_missing_or_unusable_token_type_is_assumed_bearer_with_a_note(token_type: object) -> None:
    payload = with_token(expires_in=1)
    if token_type is not None:
        payload["token_type"] = token_type
    token = token_from(payload)
    assert token.token_type == "Bearer"
    assert any("token_type" in note for note in token.notes)
    assert token.fields.get("token_type") == token_type


@pytest.mark.parametrize(
    ("scope", "expected"),
    [("all", "all"), ("", ""), (None, None), (["a", "b"], "a b"), (5, None), ([1], None)],
)
def test_scope(scope: object, expected: str | None) -> None:
    assert token_from(with_token(token_type="Bearer", scope=scope)).scope == expected
    assert token_from(with_token(token_type="Bearer")).scope is None


# --- JWT access tokens and the Date header ---------------------------------------------------


def test_a_jwt_access_token_has_its_claims_decoded_without_verification() -> None:
    claims = {"sub": "demo-client", "exp": 1_767_229_200, "scope": "all"}
    value = jwt.encode(claims, "a-key-nobody-here-knows-about-at-all-0123", algorithm="HS256")
    token = token_from(with_token(access_token=value, token_type="Bearer", expires_in=3600))
    assert token.jwt_claims == claims
    assert token.jwt_exp_wall == 1_767_229_200.0


@pytest.mark.parametrize(
    "value",
    [
        GETRESPONSE_TOKEN,
        "a.b.c",
        "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln",  # payload is not JSON
        "eyJhbGciOiJIUzI1NiJ9.WzEsMl0.c2ln",  # payload is a JSON array
        "a.b.c.d.e",  # a JWE shape
    ],
)
def test_a_token_that_is_not_a_readable_jwt_has_no_claims(value: str) -> None:
    assert token_from(with_token(access_token=value, token_type="Bearer")).jwt_claims is None


def test_the_date_header_gives_the_server_clock_and_the_skew() -> None:
    clock = ManualClock(wall_s=1_767_225_600.0)  # 2026-01-01T00:00:00Z
    headers = (*JSON_HEADERS, ("Date", "Thu, 01 Jan 2026 00:00:42 GMT"))
    body = json.dumps(with_token(token_type="Bearer", expires_in=60)).encode()
    token = read_token(exchange_with(body, headers=headers), clock=clock)
    assert isinstance(token, AccessToken)
    assert token.server_date_wall == 1_767_225_642.0
    assert token.clock_skew_s == 42.0


# --- 2xx that is not a token -----------------------------------------------------------------


def test_html_with_200_is_explained() -> None:
    problem = problem_from(
        b"<!DOCTYPE html><html><body>Sign in</body></html>",
        headers=(("Content-Type", "text/html; charset=utf-8"),),
    )
    assert problem.kind is ProblemKind.INVALID_TOKEN_RESPONSE
    assert (
        problem.explanation
        == "The token endpoint answered 200 but the body is HTML, not a JSON object."
    )
    assert problem.source == "html"
    assert problem.http_status == 200
    assert "web page" in problem.likely_cause


@pytest.mark.parametrize(
    ("body", "what"),
    [
        (b"", "empty"),
        (b"   ", "empty"),
        (b"[1, 2]", "a JSON array"),
        (b'"token"', "a JSON string"),
        (b"{not json", "does not parse"),
        (b"access_token=abc&token_type=bearer", "form-encoded text"),
        (b"OK", "plain text"),
        (b"\xff\xfe\x00\x01", "binary data"),
    ],
)
def test_bodies_that_are_not_a_json_object(body: bytes, what: str) -> None:
    problem = problem_from(body, headers=())
    assert problem.kind is ProblemKind.INVALID_TOKEN_RESPONSE
    assert what in problem.explanation


@pytest.mark.parametrize(
    ("payload", "what"),
    [
        ({"token_type": "Bearer"}, "has no access_token"),
        ({"access_token": "", "token_type": "Bearer"}, "empty access_token"),
        ({"access_token": 5, "token_type": "Bearer"}, "a JSON number, not a string"),
        ({"access_token": None}, "has no access_token"),
    ],
)
def test_a_json_object_without_a_usable_access_token(payload: dict[str, Any], what: str) -> None:
    problem = problem_from(json.dumps(payload).encode())
    assert problem.kind is ProblemKind.INVALID_TOKEN_RESPONSE
    assert what in problem.explanation
    assert ("token_type", "Bearer") in problem.fields or "token_type" not in payload


def test_an_error_sent_with_200_is_named() -> None:
    problem = problem_from(b'{"error": "invalid_client", "error_description": "bad secret"}')
    assert problem.code == "invalid_client"
    assert "'invalid_client': bad secret" in problem.explanation
    assert problem.source == "rfc6749"


def test_a_body_cut_at_the_size_cap_is_not_trusted() -> None:
    problem = problem_from(b'{"access_token": "abc", "token_type": "Bea', truncated=True)
    assert problem.kind is ProblemKind.INVALID_TOKEN_RESPONSE
    assert "cut" in problem.explanation
    assert problem.source == "json"  # a format, as for every other answer


# --- failures go to the problem decoder -------------------------------------------------------


def test_an_error_status_goes_to_describe_problem() -> None:
    body = json.dumps(
        {"error": "invalid_client", "error_description": "client authentication failed"}
    )
    problem = problem_from(body.encode(), status=401)
    assert problem.kind is ProblemKind.BAD_CLIENT_CREDENTIALS
    assert problem.http_status == 401


def test_a_transport_failure_goes_to_describe_problem() -> None:
    exchange = Exchange(
        kind=ExchangeKind.TOKEN,
        request=REQUEST,
        failure=TransportFailure(FailureKind.REFUSED, "Connection refused"),
    )
    result = read_token(exchange, clock=ManualClock())
    assert isinstance(result, Problem)
    assert result.kind is ProblemKind.TRANSPORT


# --- never raises ----------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=20,
)
token_like = st.fixed_dictionaries(
    {},
    optional={
        "access_token": json_values | st.text(min_size=1),
        "token_type": json_values,
        "expires_in": json_values,
        "scope": json_values,
    },
)
header_values = st.lists(
    st.tuples(st.sampled_from(["Date", "Content-Type", "X-Other"]), st.text(max_size=40)),
    max_size=3,
)


def check_never_raises(exchange: Exchange) -> None:
    result = read_token(exchange, clock=ManualClock())
    assert isinstance(result, AccessToken | Problem)
    if isinstance(result, AccessToken):
        lifetime = result.expires_in_s
        assert lifetime is None or (math.isfinite(lifetime) and 0 <= lifetime <= MAX_LIFETIME_S)
        assert result.value.reveal()


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.binary(max_size=512), headers=header_values, truncated=st.booleans())
def test_any_bytes_with_200_never_raise(
    body: bytes, headers: list[tuple[str, str]], truncated: bool
) -> None:
    check_never_raises(exchange_with(body, headers=tuple(headers), truncated=truncated))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(payload=json_values | token_like, headers=header_values)
def test_any_json_with_200_never_raises(payload: object, headers: list[tuple[str, str]]) -> None:
    body = json.dumps(payload).encode()
    check_never_raises(exchange_with(body, headers=tuple(headers)))


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=st.binary(max_size=256) | json_values.map(lambda value: json.dumps(value).encode()),
    status=st.integers(min_value=100, max_value=599),
)
def test_any_status_and_body_never_raise(body: bytes, status: int) -> None:
    check_never_raises(exchange_with(body, status=status))


def test_deeply_nested_json_is_a_problem_not_a_crash() -> None:
    problem = problem_from(b"[" * 100_000 + b"]" * 100_000)
    assert problem.kind is ProblemKind.INVALID_TOKEN_RESPONSE


def test_a_form_encoded_token_never_reaches_the_problems_fields() -> None:
    form = (("Content-Type", "application/x-www-form-urlencoded"),)
    problem = problem_from(b"access_token=sl0wly-leaked-t0ken&token_type=bearer", headers=form)
    fields = dict(problem.fields)
    assert "sl0wly-leaked-t0ken" not in fields["body"]
    assert "token_type=bearer" in fields["body"]


def test_secret_members_of_an_unusable_json_answer_are_masked_in_its_fields() -> None:
    problem = problem_from(json.dumps({"access_token": "", "refresh_token": "r3fr3sh"}).encode())
    fields = dict(problem.fields)
    assert fields["refresh_token"] != "r3fr3sh"
    assert "r3fr3sh" not in " ".join(fields.values())

"""describe_problem and the WWW-Authenticate parser never raise, whatever they are given."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.http import (
    Exchange,
    ExchangeKind,
    FailureKind,
    HttpRequest,
    HttpResponse,
    TransportFailure,
)
from workbench.core.problems import Problem, ProblemKind
from workbench.core.problems.challenge import AuthChallenge, parse_www_authenticate
from workbench.core.problems.decode import describe_problem

LAST_RESORT_TITLE = "The request did not succeed"
INTERESTING_HEADERS = st.sampled_from(
    [
        "Content-Type",
        "WWW-Authenticate",
        "Retry-After",
        "X-RateLimit-Reset",
        "Location",
        "Date",
        "content-type",
        "Authorization",
        "X-Domain",
    ]
)
INTERESTING_VALUES = st.sampled_from(
    [
        "application/json",
        "application/problem+json",
        "text/html; charset=utf-8",
        "text/plain; charset=latin-1",
        "text/plain; charset=rot13",
        "text/plain; charset=utf-16",
        "text/plain; charset=nonsense",
        'Bearer error="invalid_token", error_description="expired"',
        'Bearer realm="x", error="insufficient_scope", scope="all"',
        'Basic realm="token"',
        "Bearer",
        "Bearer realm=",
        '"',
        "\\",
        "100 seconds",
        "Wed, 21 Oct 2015 07:28:00 GMT",
        "Mon, 99 Foo 99999 99:99:99 GMT",
        "99999999999999999999",
        "-5",
        "1.5e308",
        "https://[::1",
        "//elsewhere.example/x",
        "Bearer abc",
        "",
    ]
)
HEADERS = st.lists(
    st.tuples(
        INTERESTING_HEADERS | st.text(max_size=20),
        INTERESTING_VALUES | st.text(max_size=200),
    ),
    max_size=8,
).map(tuple)

JSON_KEYS = st.sampled_from(
    [
        "httpStatus",
        "code",
        "codeDescription",
        "message",
        "moreInfo",
        "context",
        "timeToReset",
        "sentToken",
        "error",
        "error_description",
        "error_uri",
        "type",
        "title",
        "status",
        "detail",
        "errors",
        "access_token",
    ]
)
JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=50)
    | st.sampled_from([1014, 1015, 1000, 1021, "1014", "invalid_client", "100 seconds", "expired"])
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(JSON_KEYS | st.text(max_size=10), children, max_size=6)
    ),
    max_leaves=30,
)
URLS = st.sampled_from(
    [
        "https://api.getresponse.com/v3/accounts",
        "http://127.0.0.1:9/v3/token",
        "https://api3.getresponse360.pl/v3/token",
        "https://[::1]:8443/x",
        "https://[::1/x",
        "http://127.0.0.1:99999/",
        "",
        "not a url",
    ]
) | st.text(max_size=60)
FAILURES = st.none() | st.builds(
    TransportFailure, st.sampled_from(list(FailureKind)), st.text(max_size=100)
)


def exchange_of(
    *,
    kind: ExchangeKind,
    url: str,
    request_headers: tuple[tuple[str, str], ...],
    status: int,
    headers: tuple[tuple[str, str], ...],
    body: bytes,
    truncated: bool,
    failure: TransportFailure | None,
    with_response: bool,
    secrets: tuple[str, ...],
) -> Exchange:
    response = (
        HttpResponse(status, headers=headers, body=body, truncated=truncated)
        if with_response
        else None
    )
    return Exchange(
        kind=kind,
        request=HttpRequest("POST", url, request_headers, b"client_secret=x"),
        response=response,
        failure=failure,
        secrets=secrets,
    )


def assert_sound(problem: Problem) -> None:
    assert isinstance(problem, Problem)
    assert isinstance(problem.kind, ProblemKind)
    assert problem.title.strip()
    assert len(problem.title) < 60
    assert problem.explanation.strip()
    assert all(isinstance(key, str) and isinstance(value, str) for key, value in problem.fields)
    assert problem.retry_after_s is None or problem.retry_after_s >= 0
    # The last-resort problem means the decoder itself raised and the safety net caught it.
    assert problem.title != LAST_RESORT_TITLE, "the decoder raised"


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(list(ExchangeKind)),
    url=URLS,
    request_headers=HEADERS,
    status=st.integers(100, 599),
    headers=HEADERS,
    body=st.binary(max_size=2000),
    truncated=st.booleans(),
    failure=FAILURES,
    with_response=st.booleans(),
    secrets=st.lists(st.text(max_size=12), max_size=3).map(tuple),
)
def test_any_bytes_any_headers_any_status(
    kind: ExchangeKind,
    url: str,
    request_headers: tuple[tuple[str, str], ...],
    status: int,
    headers: tuple[tuple[str, str], ...],
    body: bytes,
    truncated: bool,
    failure: TransportFailure | None,
    with_response: bool,
    secrets: tuple[str, ...],
) -> None:
    exchange = exchange_of(
        kind=kind,
        url=url,
        request_headers=request_headers,
        status=status,
        headers=headers,
        body=body,
        truncated=truncated,
        failure=failure,
        with_response=with_response,
        secrets=secrets,
    )
    problem = describe_problem(exchange)
    assert_sound(problem)
    if failure is not None:
        assert problem.source == "transport"
    elif with_response:
        assert problem.http_status == status


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(list(ExchangeKind)),
    status=st.integers(100, 599),
    value=JSON_VALUES,
    headers=HEADERS,
    truncated=st.booleans(),
)
def test_any_json_value(
    kind: ExchangeKind,
    status: int,
    value: object,
    headers: tuple[tuple[str, str], ...],
    truncated: bool,
) -> None:
    body = json.dumps(value).encode()
    exchange = exchange_of(
        kind=kind,
        url="https://api.getresponse.com/v3/accounts",
        request_headers=(("Authorization", "Bearer abc"),),
        status=status,
        headers=(("Content-Type", "application/json"), *headers),
        body=body,
        truncated=truncated,
        failure=None,
        with_response=True,
        secrets=(),
    )
    problem = describe_problem(exchange)
    assert_sound(problem)
    assert problem.http_status == status


@settings(max_examples=200, deadline=None)
@given(
    status=st.integers(400, 599),
    code=st.integers(-5, 1100) | st.sampled_from([1014, 1015, "1014", "x", None, 1.5, True]),
    message=st.text(max_size=80) | st.sampled_from(["The access token provided is expired"]),
    context=JSON_VALUES,
    kind=st.sampled_from(list(ExchangeKind)),
)
def test_any_getresponse_envelope(
    status: int, code: object, message: str, context: object, kind: ExchangeKind
) -> None:
    body = json.dumps(
        {"httpStatus": status, "code": code, "message": message, "context": context}
    ).encode()
    exchange = exchange_of(
        kind=kind,
        url="https://api.getresponse.com/v3/accounts",
        request_headers=(),
        status=status,
        headers=(("Content-Type", "application/json"),),
        body=body,
        truncated=False,
        failure=None,
        with_response=True,
        secrets=(),
    )
    problem = describe_problem(exchange)
    assert_sound(problem)
    assert problem.source == "getresponse"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=120), max_size=4))
def test_the_www_authenticate_parser_never_raises(values: list[str]) -> None:
    for challenge in parse_www_authenticate(values):
        assert isinstance(challenge, AuthChallenge)
        assert all(key == key.lower() for key, _ in challenge.params)


TOKENS = st.text(
    alphabet=st.sampled_from(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~!#$&'*+^`|"
    ),
    min_size=1,
    max_size=12,
)


def quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            TOKENS,
            st.lists(
                st.tuples(TOKENS.map(str.lower), st.text(max_size=30).filter(str.isprintable)),
                min_size=1,
                max_size=4,
            ),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_well_formed_challenges_parse_back_to_what_was_written(
    challenges: list[tuple[str, list[tuple[str, str]]]],
) -> None:
    header = ", ".join(
        scheme + " " + ", ".join(f"{name}={quote(value)}" for name, value in params)
        for scheme, params in challenges
    )
    expected = tuple(AuthChallenge(scheme, tuple(params)) for scheme, params in challenges)
    assert parse_www_authenticate([header]) == expected

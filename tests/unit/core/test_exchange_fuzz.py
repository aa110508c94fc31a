"""Odd headers and arbitrary exchanges: described, rendered, redacted, exported, never raising.

The transport hands over whatever header names and values a server sent (http.client keeps
almost anything), so every reader of an ``Exchange`` must cope with names that are empty or
hold spaces, values with control characters, thousands of bytes, duplicate and contradicting
headers. The transport's own header helpers are fuzzed here too.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from workbench.core.curl import to_curl
from workbench.core.har import har_json, to_har
from workbench.core.http import (
    Exchange,
    ExchangeKind,
    FailureKind,
    HttpRequest,
    HttpResponse,
    TransportFailure,
)
from workbench.core.problems import Problem
from workbench.core.problems.challenge import parse_www_authenticate
from workbench.core.problems.decode import describe_problem
from workbench.core.redact import redact_exchange
from workbench.core.render import pretty_body, render_exchange, render_response
from workbench.core.transport import addresses, reading

ODD_NAMES = st.sampled_from(
    [
        "Content-Type",
        "content-type",
        "CONTENT-TYPE",
        "Content-Length",
        "Content-Encoding",
        "Transfer-Encoding",
        "Location",
        "Set-Cookie",
        "WWW-Authenticate",
        "Retry-After",
        "X-RateLimit-Reset",
        "Date",
        "Authorization",
        "Cookie",
        "X-Domain",
        "",
        " ",
        "Bad Name",
        "Näme",
        "X:Colon",
        "X\r\nInjected",
    ]
)
ODD_VALUES = st.sampled_from(
    [
        "application/json",
        "application/json; charset=utf-16",
        "application/json; charset=rot13",
        "application/json; charset=" + "x" * 300,
        "text/html",
        "gzip",
        "gzip, br, zstd, identity",
        "chunked",
        "-1",
        "99999999999999999999999",
        "1e3",
        "http://[::1",
        "//other.example/x",
        "javascript:alert(1)",
        'Bearer error="invalid_token", error_description="a\\"b',
        'Basic realm="x", Bearer',
        "a=b; Path=/; HttpOnly",
        "Wed, 21 Oct 2015 07:28:00 GMT",
        "Mon, 99 Foo 99999 99:99:99 GMT",
        "\x00\x01\x7f",
        "line\r\nbreak",
        "é€💥",
        "x" * 5000,
        "",
    ]
)
HEADERS = st.lists(
    st.tuples(ODD_NAMES | st.text(max_size=15), ODD_VALUES | st.text(max_size=80)), max_size=10
).map(tuple)
BODIES = st.sampled_from(
    [
        b"",
        b"{}",
        b'{"access_token": "abcdefghijklmnop", "client_secret": "qrstuvwxyzabcdef"}',
        b'{"httpStatus": 401, "code": 1014, "message": "The access token provided is expired"}',
        b"<html><title>x</title></html>",
        b"[" * 3000,
        b"\xff\xfe\x00\x01",
        b"access_token=abcdefghijklmnop&token_type=bearer",
    ]
) | st.binary(max_size=300)
URLS = st.sampled_from(
    [
        "https://api.example/v3/accounts?access_token=abcdefghijklmnop",
        "https://user:password123@api.example/x",
        "http://127.0.0.1:8080/v3/token",
        "https://[::1]:8443/",
        "https://[::1/x",
        "",
        "not a url",
    ]
) | st.text(max_size=50)
FAILURES = st.none() | st.builds(TransportFailure, st.sampled_from(list(FailureKind)), st.text())
FLOATS = st.floats(allow_nan=True, allow_infinity=True)


@st.composite
def exchanges(draw: st.DrawFn) -> Exchange:
    request = HttpRequest(
        method=draw(st.sampled_from(["GET", "POST", "DELETE", "", "BREW"]) | st.text(max_size=6)),
        url=draw(URLS),
        headers=draw(HEADERS),
        body=draw(BODIES),
    )
    response = None
    if draw(st.booleans()):
        response = HttpResponse(
            status=draw(st.integers(min_value=0, max_value=999)),
            reason=draw(st.text(max_size=30)),
            http_version=draw(st.sampled_from(["HTTP/1.1", "HTTP/1.0", "HTTP/2", "", "junk"])),
            headers=draw(HEADERS),
            body=draw(BODIES),
            truncated=draw(st.booleans()),
        )
    return Exchange(
        kind=draw(st.sampled_from(list(ExchangeKind))),
        request=request,
        response=response,
        failure=draw(FAILURES),
        started_wall=draw(FLOATS),
        duration_s=draw(FLOATS),
        waiting_s=draw(FLOATS),
        notes=tuple(draw(st.lists(st.text(max_size=40), max_size=3))),
        secrets=tuple(draw(st.lists(st.text(max_size=20), max_size=3))),
    )


@settings(max_examples=300, deadline=None)
@given(exchange=exchanges(), reveal=st.booleans())
def test_every_reader_copes_with_any_exchange(exchange: Exchange, reveal: bool) -> None:
    problem = describe_problem(exchange)
    assert isinstance(problem, Problem)
    assert problem.title and problem.explanation
    assert isinstance(render_exchange(exchange, reveal=reveal), str)
    redacted = redact_exchange(exchange)
    assert isinstance(redacted, Exchange)
    assert len(redacted.request.headers) == len(exchange.request.headers)
    document = json.loads(har_json([exchange], include_secrets=reveal))
    assert len(document["log"]["entries"]) == 1
    assert isinstance(to_curl(exchange, include_secrets=reveal), str)
    if exchange.response is not None:
        assert isinstance(render_response(exchange.response, reveal=reveal), str)
        assert isinstance(pretty_body(exchange.response, reveal=reveal), str)


SECRET = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=12, max_size=24)


@settings(max_examples=200, deadline=None)
@given(
    secret=SECRET,
    headers=HEADERS,
    slot=st.integers(min_value=0, max_value=10),
    prefix=st.sampled_from(["", "x-", "Bearer ", "token=", '"', " "]),
)
def test_a_known_secret_in_any_response_header_is_masked(
    secret: str, headers: tuple[tuple[str, str], ...], slot: int, prefix: str
) -> None:
    """A secret echoed in an odd header never shows in the render, the HAR or the problem."""
    assume(all(secret not in name for name, _value in headers))  # values are masked, not names
    placed = list(headers)
    placed.insert(min(slot, len(placed)), ("X-Echo", prefix + secret))
    exchange = Exchange(
        kind=ExchangeKind.API,
        request=HttpRequest(
            "GET", "https://api.example/x", (("Authorization", "Bearer " + secret),)
        ),
        response=HttpResponse(401, headers=tuple(placed), body=b"{}"),
        secrets=(secret,),
    )
    assert secret not in render_exchange(exchange)
    assert secret not in har_json([exchange])
    assert secret not in json.dumps(to_har([exchange]))
    problem = describe_problem(exchange)
    assert secret not in " ".join((problem.title, problem.explanation, problem.likely_cause))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=' \t,="\\=abcBearer', max_size=300), max_size=3))
def test_www_authenticate_of_separators_and_quotes(values: list[str]) -> None:
    """The challenge parser's hardest alphabet: separators, quotes, escapes and equals signs."""
    for challenge in parse_www_authenticate(values):
        assert all(name == name.lower() for name, _value in challenge.params)
        assert isinstance(challenge.token68, str)


def test_www_authenticate_reads_a_huge_value_quickly() -> None:
    values = ['Bearer realm="' + "\\" * 200_000, "," * 200_000, "a=" * 100_000]
    challenges = parse_www_authenticate(values)
    assert challenges  # the realm's unterminated quote still makes one challenge


class _FakeMessage:
    """What ``http.client`` leaves on a response: ``raw_items`` in wire order."""

    def __init__(self, items: tuple[tuple[str, str], ...]) -> None:
        self._items = items

    def raw_items(self) -> tuple[tuple[str, str], ...]:
        return self._items


@settings(max_examples=300, deadline=None)
@given(headers=HEADERS)
def test_transport_header_helpers_take_any_header_list(
    headers: tuple[tuple[str, str], ...],
) -> None:
    from urllib3._collections import HTTPHeaderDict

    merged = HTTPHeaderDict()
    for name, value in headers:
        merged.add(name, value)
    raw = SimpleNamespace(
        _original_response=SimpleNamespace(msg=_FakeMessage(headers)), headers=merged
    )
    assert reading.response_headers(raw) == headers  # type: ignore[arg-type]
    length = reading.content_length(raw)  # type: ignore[arg-type]
    assert length is None or length >= 0
    assert isinstance(reading.decoded_encodings(raw), str)  # type: ignore[arg-type]
    without_message = SimpleNamespace(headers=merged)
    assert len(reading.response_headers(without_message)) <= len(headers)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(
    status=st.integers(min_value=300, max_value=399),
    reason=st.text(max_size=20),
    location=ODD_VALUES | st.text(max_size=60),
    url=URLS,
)
def test_the_redirect_note_takes_any_location(
    status: int, reason: str, location: str, url: str
) -> None:
    note = reading.redirect_note(status, reason, location, url)
    assert "does not follow redirects" in note


@settings(max_examples=300, deadline=None)
@given(url=URLS | st.text(max_size=80))
def test_any_address_is_judged_without_raising(url: str) -> None:
    problem = addresses.url_problem(url)
    if not problem:
        target = addresses.target(url)
        assert target.scheme in ("http", "https")
        assert target.host_header

"""Raw rendering of requests, responses and exchanges, and the pretty body view."""

from __future__ import annotations

import json

import pytest
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
from workbench.core.render import (
    MASK,
    PRETTY_MAX_BYTES,
    body_text,
    pretty_body,
    redact_text,
    render_exchange,
    render_request,
    render_response,
    request_target,
)

TOKEN = "5f1c0ffee0ddba11cafe0000000000000000beef"

TOKEN_REQUEST = HttpRequest(
    "POST",
    "https://api.getresponse.com/v3/token",
    (
        ("Host", "api.getresponse.com"),
        ("Authorization", "Basic ZGVtby1jbGllbnQ6ZGVtby1zZWNyZXQ="),
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Content-Length", "29"),
    ),
    b"grant_type=client_credentials",
)
EXPIRED = HttpResponse(
    401,
    "Unauthorized",
    "HTTP/1.1",
    (("Content-Type", "application/json"), ("X-RateLimit-Reset", "432 seconds")),
    b'{"code":1014,"context":{"sentToken":"' + TOKEN.encode() + b'"}}',
)


def test_request_rendering_is_exact() -> None:
    assert render_request(TOKEN_REQUEST, reveal=True) == (
        "POST /v3/token HTTP/1.1\n"
        "Host: api.getresponse.com\n"
        "Authorization: Basic ZGVtby1jbGllbnQ6ZGVtby1zZWNyZXQ=\n"
        "Content-Type: application/x-www-form-urlencoded\n"
        "Content-Length: 29\n"
        "\n"
        "grant_type=client_credentials"
    )


def test_request_rendering_masks_by_default() -> None:
    text = render_request(TOKEN_REQUEST)
    assert "Authorization: Basic " + MASK + "\n" in text
    assert "ZGVtby1jbGllbnQ6ZGVtby1zZWNyZXQ=" not in text
    assert "demo-secret" not in text


def test_response_rendering_is_exact_and_masked() -> None:
    assert render_response(EXPIRED) == (
        "HTTP/1.1 401 Unauthorized\n"
        "Content-Type: application/json\n"
        "X-RateLimit-Reset: 432 seconds\n"
        "\n"
        '{"code":1014,"context":{"sentToken":"' + MASK + '"}}'
    )
    assert TOKEN in render_response(EXPIRED, reveal=True)


def test_duplicate_headers_keep_their_order() -> None:
    response = HttpResponse(
        200, "OK", headers=(("Vary", "Accept"), ("X-A", "1"), ("Vary", "Origin"))
    )
    assert render_response(response).splitlines()[1:4] == ["Vary: Accept", "X-A: 1", "Vary: Origin"]


def test_truncated_and_binary_bodies() -> None:
    truncated = HttpResponse(200, "OK", body=b"abcdef", truncated=True)
    assert render_response(truncated).endswith("\n\nabcdef\n[body truncated at 6 bytes]")
    binary = HttpResponse(200, "OK", headers=(("Content-Type", "image/png"),), body=b"\x89PNG\xff")
    assert render_response(binary).endswith("\n\n[binary body: 5 bytes]")
    latin = HttpResponse(200, "OK", headers=(("Content-Type", "text/plain"),), body=b"caf\xe9")
    assert render_response(latin).endswith("\n\ncaf\ufffd")


def test_reveal_is_byte_faithful_for_utf8_bodies() -> None:
    body = '{\r\n  "ü": "\\u00fc" ,\t"access_token":"x"}\r\n'.encode()
    response = HttpResponse(200, "OK", body=body)
    assert render_response(response, reveal=True).split("\n\n", 1)[1] == body.decode()


def test_status_line_without_reason_and_http2() -> None:
    assert render_response(HttpResponse(204, "", "HTTP/2")).startswith("HTTP/2 204\n")


def test_exchange_rendering_joins_request_response_failure_and_notes() -> None:
    exchange = Exchange(
        ExchangeKind.API,
        HttpRequest("GET", "https://api.getresponse.com/v3/accounts", (("Accept", "*/*"),)),
        EXPIRED,
        notes=("The redirect to https://other.example/ was not followed.",),
    )
    text = render_exchange(exchange)
    assert text.startswith(
        "GET /v3/accounts HTTP/1.1\nAccept: */*\n\n\nHTTP/1.1 401 Unauthorized\n"
    )
    assert text.endswith("}}\n\n[note] The redirect to https://other.example/ was not followed.\n")
    assert TOKEN not in text


def test_exchange_with_transport_failure() -> None:
    exchange = Exchange(
        ExchangeKind.TOKEN,
        HttpRequest("POST", "https://127.0.0.1:9/token", body=b"grant_type=client_credentials"),
        failure=TransportFailure(FailureKind.REFUSED, "Connection refused"),
    )
    assert render_exchange(exchange) == (
        "POST /token HTTP/1.1\n\ngrant_type=client_credentials\n\n"
        "[transport failure: refused] Connection refused\n"
    )


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("https://h/v3/token", "/v3/token"),
        ("https://h", "/"),
        ("https://h?x=1", "/?x=1"),
        ("https://h:8443/a/b?c=d&e=f#frag", "/a/b?c=d&e=f"),
        ("http://[::1]:80/p", "/p"),
        ("not a url", "not a url"),
    ],
)
def test_request_target(url: str, target: str) -> None:
    assert request_target(url) == target


def test_body_text_rules() -> None:
    assert body_text(b"") == ""
    assert body_text(b"plain") == "plain"
    assert body_text(b"a\x00b") is None
    assert body_text(b"a\x00b", "application/json") == "a\x00b"
    assert body_text(b"\xff", "application/octet-stream") is None


def test_pretty_body_indents_keeps_order_duplicates_and_escapes() -> None:
    body = b'{"z":1,"a":[1,2.50,{}],"dup":1,"dup":2,"u":"\\u00e9\xc3\xa9","e":[]}'
    response = HttpResponse(200, "OK", headers=(("Content-Type", "application/json"),), body=body)
    assert pretty_body(response) == (
        "{\n"
        '  "z": 1,\n'
        '  "a": [\n'
        "    1,\n"
        "    2.50,\n"
        "    {}\n"
        "  ],\n"
        '  "dup": 1,\n'
        '  "dup": 2,\n'
        '  "u": "\\u00e9\u00e9",\n'
        '  "e": []\n'
        "}"
    )


def test_pretty_body_matches_json_dumps_for_ordinary_json() -> None:
    value = {"httpStatus": 401, "context": {"timeToReset": "100 seconds"}, "list": [1, [2, 3]]}
    response = HttpResponse(401, "", body=json.dumps(value, separators=(",", ":")).encode())
    assert pretty_body(response) == json.dumps(value, indent=2, ensure_ascii=False)


def test_pretty_body_masks_by_default() -> None:
    response = HttpResponse(200, "OK", body=b'{"access_token":"' + TOKEN.encode() + b'"}')
    assert TOKEN not in pretty_body(response)
    assert TOKEN in pretty_body(response, reveal=True)


def test_pretty_body_falls_back_to_raw_text() -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    assert pretty_body(HttpResponse(200, "OK", body=deep)) == deep.decode()
    assert pretty_body(HttpResponse(200, "OK", body=b"{not json")) == "{not json"
    assert pretty_body(HttpResponse(200, "OK", body=b"<html/>")) == "<html/>"
    assert pretty_body(HttpResponse(200, "OK", body=b"\xff\x00")) == "[binary body: 2 bytes]"
    big = b'{"a":"' + b"x" * PRETTY_MAX_BYTES + b'"}'
    assert pretty_body(HttpResponse(200, "OK", body=big)) == big.decode()


def test_redact_text_is_exported_here() -> None:
    assert redact_text(f"token {TOKEN}", [TOKEN]) == f"token {MASK}"


@settings(max_examples=200, deadline=None)
@given(
    body=st.binary(max_size=400),
    content_type=st.sampled_from(["", "application/json", "text/plain", "image/png"]),
    truncated=st.booleans(),
    reveal=st.booleans(),
)
def test_fuzz_rendering_never_raises(
    body: bytes, content_type: str, truncated: bool, reveal: bool
) -> None:
    headers = (("Content-Type", content_type),) if content_type else ()
    response = HttpResponse(200, "OK", headers=headers, body=body, truncated=truncated)
    request = HttpRequest("POST", "https://example.com/" + body.decode("latin-1"), headers, body)
    exchange = Exchange(ExchangeKind.API, request, response, secrets=("secretvalue",))
    assert isinstance(render_exchange(exchange, reveal=reveal), str)
    assert isinstance(pretty_body(response, reveal=reveal), str)


@settings(max_examples=200, deadline=None)
@given(
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=5), children, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_fuzz_pretty_json_parses_back_to_the_same_value(value: object) -> None:
    response = HttpResponse(200, "OK", body=json.dumps([value]).encode())
    assert json.loads(pretty_body(response, reveal=True)) == [value]


def test_body_text_honours_a_declared_charset() -> None:
    body = "café".encode("latin-1")
    assert body_text(body, "text/plain; charset=ISO-8859-1") == "café"
    assert body_text(body, "text/plain") == "caf\ufffd"

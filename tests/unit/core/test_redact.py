"""Redaction: no secret leaks from renderings or exports unless the user opts in."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from urllib.parse import quote, quote_plus

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from workbench.core.curl import to_curl
from workbench.core.har import har_json
from workbench.core.http import (
    Exchange,
    ExchangeKind,
    FailureKind,
    HttpRequest,
    HttpResponse,
    TransportFailure,
)
from workbench.core.redact import (
    MASK,
    Redactor,
    harvest_secrets,
    redact_bytes,
    redact_exchange,
    redact_headers,
    redact_message,
    redact_text,
    redact_url,
    secret_variants,
)
from workbench.core.render import pretty_body, render_exchange

CLIENT_ID = "demo-client"
SECRET = "demo-secret"
ODD_SECRET = "demo sécret+/=&%:x"
"""A fake secret whose RFC 6749 §2.3.1 urlencoded form differs from the raw one."""
TOKEN = "5f1c0ffee0ddba11cafe0000000000000000beef"
"""A fake token in GetResponse's shape: 40 lowercase hex characters."""
ASSERTION = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJkZW1vLWNsaWVudCIsInN1YiI6ImRlbW8tY2xp"
    "ZW50IiwiYXVkIjoiaHR0cHM6Ly9hcGkuZ2V0cmVzcG9uc2UuY29tL3YzL3Rva2VuIiwiZXhwIjo0MTAyNDQ0OD"
    "AwLCJpYXQiOjQxMDI0NDQ1MDAsImp0aSI6ImRlbW8tanRpLTEifQ.35zI8ByQetZBKlEWkRTur4dP2ZDEkZB8Mm"
    "GD2rgLFQM"
)
"""A fake HS256 client assertion signed with ``demo-secret`` (RFC 7523)."""
TOKEN_URL = "https://api.getresponse.com/v3/token"
API_URL = "https://api.getresponse.com/v3/accounts"
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

WIRE_HEADERS = (
    ("Host", "api.getresponse.com"),
    ("User-Agent", "oauth-workbench/0.1.0"),
    ("Accept-Encoding", "gzip, deflate"),
    ("Accept", "application/json"),
    ("Connection", "keep-alive"),
)
FORM = ("Content-Type", "application/x-www-form-urlencoded")
JSON_TYPE = ("Content-Type", "application/json;charset=utf-8")


def b64(text: str) -> str:
    """Standard base64 of UTF-8 text."""
    return base64.b64encode(text.encode()).decode()


def token_response() -> HttpResponse:
    """GetResponse's client-credentials success, with the fake token."""
    body = {"access_token": TOKEN, "expires_in": 86400, "token_type": "Bearer", "scope": None}
    return HttpResponse(
        200,
        "OK",
        headers=(("Content-Type", "application/json"), ("Cache-Control", "no-store")),
        body=json.dumps(body).encode(),
    )


def expired_response() -> HttpResponse:
    """GetResponse's 401/1014 'token expired' envelope, which echoes the token sent."""
    body = {
        "httpStatus": 401,
        "code": 1014,
        "codeDescription": "Problem during authentication process, check headers!",
        "message": "The access token provided is expired",
        "moreInfo": "https://apidocs.getresponse.com/v3/errors/1014",
        "context": {"sentToken": TOKEN},
    }
    return HttpResponse(
        401,
        "Unauthorized",
        headers=(("Content-Type", "application/json"), ("WWW-Authenticate", 'Bearer realm="x"')),
        body=json.dumps(body, indent=4).encode(),
    )


@dataclass(frozen=True)
class LeakCase:
    """An exchange, the secret forms that must not leak, and the wire form that opt-in shows."""

    name: str
    exchange: Exchange
    forbidden: tuple[str, ...]
    wire_form: str


def _basic_case(name: str, secret: str, *, rfc: bool, json_body: bool) -> LeakCase:
    encode = quote_plus if rfc else (lambda value: value)
    credential = b64(f"{encode(CLIENT_ID)}:{encode(secret)}")
    body = b'{"grant_type":"client_credentials"}' if json_body else b"grant_type=client_credentials"
    request = HttpRequest(
        "POST",
        TOKEN_URL,
        (*WIRE_HEADERS, ("Authorization", f"Basic {credential}"), JSON_TYPE if json_body else FORM),
        body,
    )
    exchange = Exchange(
        ExchangeKind.TOKEN,
        request,
        token_response(),
        secrets=(secret, quote_plus(secret), credential),
    )
    forbidden = (secret, quote_plus(secret), quote(secret, safe=""), credential, b64(secret), TOKEN)
    return LeakCase(name, exchange, forbidden, credential)


def _post_case() -> LeakCase:
    body = (
        f"grant_type=client_credentials&client_id={CLIENT_ID}"
        f"&client_secret={quote_plus(ODD_SECRET)}"
    )
    request = HttpRequest("POST", TOKEN_URL, (*WIRE_HEADERS, FORM), body.encode())
    exchange = Exchange(
        ExchangeKind.TOKEN, request, token_response(), secrets=(ODD_SECRET, quote_plus(ODD_SECRET))
    )
    forbidden = (ODD_SECRET, quote_plus(ODD_SECRET), TOKEN)
    return LeakCase("post", exchange, forbidden, quote_plus(ODD_SECRET))


def _jwt_case() -> LeakCase:
    body = (
        f"grant_type=client_credentials&client_assertion_type={quote_plus(JWT_BEARER)}"
        f"&client_assertion={ASSERTION}"
    )
    request = HttpRequest("POST", TOKEN_URL, (*WIRE_HEADERS, FORM), body.encode())
    exchange = Exchange(ExchangeKind.TOKEN, request, token_response(), secrets=(SECRET, ASSERTION))
    signature = ASSERTION.rsplit(".", 1)[1]
    return LeakCase("jwt", exchange, (ASSERTION, signature, SECRET, TOKEN), ASSERTION)


def _api_case(name: str, *, declared: bool) -> LeakCase:
    request = HttpRequest(
        "GET",
        API_URL,
        (*WIRE_HEADERS, ("Authorization", f"Bearer {TOKEN}"), ("X-Domain", "example.com")),
    )
    exchange = Exchange(
        ExchangeKind.API, request, expired_response(), secrets=(TOKEN,) if declared else ()
    )
    return LeakCase(name, exchange, (TOKEN,), TOKEN)


LEAK_CASES = (
    _basic_case("basic", SECRET, rfc=True, json_body=False),
    _basic_case("basic-odd-secret", ODD_SECRET, rfc=True, json_body=False),
    _basic_case("basic-raw", ODD_SECRET, rfc=False, json_body=False),
    _basic_case("basic-json-body", SECRET, rfc=True, json_body=True),
    _post_case(),
    _jwt_case(),
    _api_case("api-bearer-expired", declared=True),
    _api_case("api-bearer-undeclared", declared=False),
)


def _outputs(exchange: Exchange, *, opt_in: bool) -> dict[str, str]:
    response = exchange.response
    assert response is not None
    return {
        "render": render_exchange(exchange, reveal=opt_in),
        "curl": to_curl(exchange, include_secrets=opt_in),
        "har": har_json([exchange], include_secrets=opt_in),
        "pretty": pretty_body(response, secrets=exchange.secrets, reveal=opt_in),
    }


@pytest.mark.parametrize("case", LEAK_CASES, ids=lambda case: case.name)
def test_no_secret_form_appears_in_any_output_by_default(case: LeakCase) -> None:
    for output_name, text in _outputs(case.exchange, opt_in=False).items():
        for form in case.forbidden:
            assert form not in text, f"{form!r} leaked into {output_name}"
        # HAR is JSON: the secret must not hide behind JSON escaping either.
        for form in case.forbidden:
            assert json.dumps(form)[1:-1] not in text


@pytest.mark.parametrize("case", LEAK_CASES, ids=lambda case: case.name)
def test_secrets_appear_when_the_user_opts_in(case: LeakCase) -> None:
    outputs = _outputs(case.exchange, opt_in=True)
    assert case.wire_form in outputs["render"]
    assert case.wire_form in outputs["har"]
    curl = outputs["curl"]
    if case.exchange.kind is ExchangeKind.TOKEN and "Basic" in str(case.exchange.request.headers):
        # curl's -u carries the decoded credentials; either way they are in the command.
        assert case.wire_form in curl or base64.b64decode(case.wire_form).decode() in curl
    else:
        assert case.wire_form in curl


def test_token_response_token_is_revealed_on_request() -> None:
    exchange = LEAK_CASES[0].exchange
    assert TOKEN in render_exchange(exchange, reveal=True)
    assert TOKEN in har_json([exchange], include_secrets=True)


def test_expired_envelope_keeps_its_structure_with_sent_token_masked() -> None:
    exchange = _api_case("x", declared=False).exchange
    redacted = redact_exchange(exchange)
    assert redacted.response is not None
    envelope = json.loads(redacted.response.body)
    assert envelope["context"] == {"sentToken": MASK}
    assert envelope["code"] == 1014
    assert envelope["message"] == "The access token provided is expired"
    assert redacted.request.header("Authorization") == f"Bearer {MASK}"
    assert redacted.request.header("X-Domain") == "example.com"
    assert redacted.secrets == ()
    # The original is untouched.
    assert exchange.response is not None
    assert TOKEN.encode() in exchange.response.body


def test_redaction_keeps_everything_else_byte_for_byte() -> None:
    body = (
        b'{\n  "a": 1,\n  "access_token" :  "abcdef0123",\n'
        b'  "nested": [{"PASSWORD": "hunter22"}],\n  "z": "ok"\n}'
    )
    out = redact_bytes(body)
    expected = (
        '{\n  "a": 1,\n  "access_token" :  "'
        + MASK
        + '",\n  "nested": [{"PASSWORD": "'
        + MASK
        + '"}],\n  "z": "ok"\n}'
    )
    assert out.decode() == expected


def test_json_numbers_under_secret_keys_are_masked_as_strings() -> None:
    out = json.loads(redact_text('{"password": 123456, "expires_in": 3600}'))
    assert out == {"password": MASK, "expires_in": 3600}


def test_form_fields_are_masked_and_form_stays_form() -> None:
    body = b"grant_type=client_credentials&client_secret=abc%2Bdef&scope=all&assertion=xyz.abc"
    assert redact_bytes(body).decode() == (
        f"grant_type=client_credentials&client_secret={MASK}&scope=all&assertion={MASK}"
    )


def test_names_are_only_matched_whole() -> None:
    text = "my_password=keep&passwords=keep2&password=drop"
    assert redact_text(text) == f"my_password=keep&passwords=keep2&password={MASK}"


def test_truncated_json_is_still_masked_by_name() -> None:
    body = b'{"token_type": "Bearer", "access_token": "0123456789abcdef'
    out = redact_bytes(body).decode()
    assert "0123456789abcdef" not in out
    assert out.startswith('{"token_type": "Bearer", "access_token": "' + MASK)


def test_query_parameters_and_userinfo_password_are_masked() -> None:
    url = "https://user:pa55word@example.com/cb?access_token=abc123&state=s1&id_token=x.y.z#frag"
    assert redact_url(url) == (
        f"https://user:{MASK}@example.com/cb?access_token={MASK}&state=s1&id_token={MASK}#frag"
    )


def test_headers_keep_scheme_order_and_duplicates() -> None:
    headers = (
        ("Authorization", f"Bearer {TOKEN}"),
        ("X-Api-Key", "k-123456"),
        ("Set-Cookie", "sid=abc123; Path=/; HttpOnly"),
        ("Set-Cookie", "theme=dark"),
        ("Cookie", "sid=abc123; theme=dark"),
        ("Proxy-Authorization", "Basic Zm9vOmJhcg=="),
        ("X-Auth-Token", "tok-123456"),
        ("X-Domain", "example.com"),
        ("Authorization", ""),
    )
    assert redact_headers(headers) == (
        ("Authorization", f"Bearer {MASK}"),
        ("X-Api-Key", MASK),
        ("Set-Cookie", f"sid={MASK}; Path=/; HttpOnly"),
        ("Set-Cookie", f"theme={MASK}"),
        ("Cookie", f"sid={MASK}; theme={MASK}"),
        ("Proxy-Authorization", f"Basic {MASK}"),
        ("X-Auth-Token", MASK),
        ("X-Domain", "example.com"),
        ("Authorization", ""),
    )


def test_known_secret_is_masked_in_any_form_anywhere() -> None:
    secret = "s3cret/+ value"
    text = (
        f"plain {secret} | plus {quote_plus(secret)} | pct {quote(secret, safe='')} | "
        f"b64 {b64(secret)} | json {json.dumps(secret)}"
    )
    out = redact_text(text, [secret])
    for form in (secret, quote_plus(secret), quote(secret, safe=""), b64(secret)):
        assert form not in out
    assert out.count(MASK) == 5


def test_binary_bodies_get_byte_replacement() -> None:
    body = b"\xff\xfe\x00" + SECRET.encode() + b"\x80client_secret=raw\x81"
    out = Redactor([SECRET]).data(body)
    assert SECRET.encode() not in out
    assert out.startswith(b"\xff\xfe\x00" + MASK.encode() + b"\x80")
    assert b"client_secret=" + MASK.encode() in out


def test_short_values_are_masked_by_name_but_not_searched_for() -> None:
    assert secret_variants(["abc"]) == ()
    assert redact_text("password=abc and abc", ["abc"]) == f"password={MASK} and abc"


def test_harvest_finds_named_values_in_request_and_response() -> None:
    found = harvest_secrets(LEAK_CASES[0].exchange)
    assert TOKEN in found
    assert SECRET in found


def test_failure_message_and_notes_are_redacted() -> None:
    exchange = Exchange(
        ExchangeKind.API,
        HttpRequest("GET", f"https://example.com/x?access_token={TOKEN}"),
        failure=TransportFailure(FailureKind.TIMEOUT, f"timed out for {TOKEN}"),
        notes=(f"redirect to https://other.example/?t={TOKEN} not followed",),
    )
    text = render_exchange(exchange)
    assert TOKEN not in text
    assert "[transport failure: timeout] timed out for " + MASK in text


# --- Fuzzing ---

_SECRET_TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=8, max_size=24)


@settings(max_examples=150, deadline=None)
@given(prefix=st.binary(max_size=200), suffix=st.binary(max_size=200), secret=_SECRET_TEXT)
def test_fuzz_known_secret_never_survives_arbitrary_bodies(
    prefix: bytes, suffix: bytes, secret: str
) -> None:
    body = prefix + secret.encode() + suffix
    request = HttpRequest("POST", "https://example.com/t", (("Content-Type", "text/plain"),), body)
    response = HttpResponse(200, "OK", headers=(("Content-Type", "text/plain"),), body=body)
    empty = Exchange(
        ExchangeKind.TOKEN, HttpRequest("POST", "https://example.com/t"), HttpResponse(200, "OK")
    )
    assume(secret not in render_exchange(empty) and secret not in har_json([empty]))
    exchange = Exchange(ExchangeKind.TOKEN, request, response, secrets=(secret,))
    assert secret not in render_exchange(exchange)
    assert secret not in har_json([exchange])
    assert secret.encode() not in redact_bytes(body, [secret])


@settings(max_examples=150, deadline=None)
@given(body=st.binary(max_size=300), secrets=st.lists(st.text(max_size=12), max_size=3))
def test_fuzz_redaction_never_raises(body: bytes, secrets: list[str]) -> None:
    redactor = Redactor(secrets)
    assert isinstance(redactor.data(body), bytes)
    assert isinstance(redactor.text(body.decode("utf-8", "replace")), str)
    assert isinstance(redactor.url(body.decode("latin-1")), str)


@settings(max_examples=100, deadline=None)
@given(
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(
                st.sampled_from(["access_token", "a", "sentToken", "client_secret", "b"]),
                children,
                max_size=3,
            )
        ),
        max_leaves=12,
    )
)
def test_fuzz_json_stays_json_after_redaction(value: object) -> None:
    text = json.dumps(value)
    out = redact_text(text)
    assert isinstance(json.loads(out), type(value))


def test_a_message_masks_url_passwords_named_fields_and_known_values_anywhere() -> None:
    message = (
        "Could not connect to https://alice:hunter2pass@auth.example.com/token "
        "(sent client_secret=abc123&scope=all with key demo-secret) "
        "then https://maps.example.com/api?key=AIzaSyD-message&q=x"
    )
    masked = redact_message(message, [SECRET])
    assert "hunter2pass" not in masked
    assert "abc123" not in masked
    assert "AIzaSyD-message" not in masked
    assert SECRET not in masked
    assert f"https://alice:{MASK}@auth.example.com/token" in masked
    assert "scope=all" in masked


def test_a_message_leaves_ordinary_words_and_plain_urls_alone() -> None:
    message = "The password was refused by http://127.0.0.1:8080/v3/token at 10:30."
    assert redact_message(message) == message


def test_a_redacted_exchange_masks_its_failure_message_and_notes() -> None:
    exchange = Exchange(
        kind=ExchangeKind.API,
        request=HttpRequest("GET", "https://api.example.com/v3/accounts"),
        failure=TransportFailure(
            FailureKind.REFUSED, "refused: https://bob:s3cretpw@api.example.com/?access_token=t0k3n"
        ),
        notes=("Redirected to https://bob:s3cretpw@elsewhere.example.com/",),
    )
    redacted = redact_exchange(exchange)
    assert redacted.failure is not None
    assert "s3cretpw" not in redacted.failure.message
    assert "t0k3n" not in redacted.failure.message
    assert "s3cretpw" not in redacted.notes[0]


def test_a_url_masks_api_keys_and_signatures_in_its_query_only() -> None:
    url = (
        "https://maps.example.com/api/geocode?key=AIzaSyD-example1&q=Berlin"
        "&X-Amz-Signature=abcdef0123&apiKey=k-123456&page=2"
    )
    masked = redact_url(url)
    for secret in ("AIzaSyD-example1", "abcdef0123", "k-123456"):
        assert secret not in masked
    assert f"?key={MASK}&q=Berlin" in masked
    assert masked.endswith("&page=2")
    assert redact_url("https://api.example.com/keys/key=1") == "https://api.example.com/keys/key=1"


def test_a_body_field_named_key_is_ordinary_data() -> None:
    body = '{"key": "colour", "value": "red"}'
    assert redact_text(body) == body

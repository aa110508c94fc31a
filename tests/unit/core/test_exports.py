"""Every export masks every secret the session knows, in whichever exchange it stands: one
redaction context for the whole export (issue 11)."""

from __future__ import annotations

import base64
import html
import json
import re
from urllib.parse import quote, quote_plus

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.calls import ApiRequest
from workbench.core.config import ClientConfig
from workbench.core.exports import ExportFormat, ExportSources, export_text, session_secrets
from workbench.core.http import Exchange, ExchangeKind, HttpRequest, HttpResponse
from workbench.core.secret import Secret

TOKEN_URL = "https://auth.example/v3/token"
FORM = ("Content-Type", "application/x-www-form-urlencoded")
JSON = ("Content-Type", "application/json")


def basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def token_exchange(token: str, client_secret: str) -> Exchange:
    """Exchange 1: the token request (Basic) and the token it issued."""
    return Exchange(
        kind=ExchangeKind.TOKEN,
        request=HttpRequest(
            "POST",
            TOKEN_URL,
            (("Authorization", basic("client", client_secret)), FORM),
            b"grant_type=client_credentials",
        ),
        response=HttpResponse(
            200, "OK", "HTTP/1.1", (JSON,), json.dumps({"access_token": token}).encode()
        ),
    )


def later_exchange(token: str, place: str) -> Exchange:
    """A later exchange carrying the token somewhere no name says it is a token."""
    url = "https://api.example/v3/data"
    headers: tuple[tuple[str, str], ...] = ()
    body = b""
    response_body = b"{}"
    response_headers: tuple[tuple[str, str], ...] = (JSON,)
    if place == "introspection":  # RFC 7662, and RFC 7009 revocation alike
        url = "https://auth.example/introspect"
        headers, body = (FORM,), f"token={quote_plus(token)}&token_type_hint=access_token".encode()
    elif place == "query":
        url += "?q=" + quote(token, safe="")
    elif place == "lowercase-query":
        url += "?q=" + re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), quote(token, safe=""))
    elif place == "json-body":
        headers, body = (JSON,), json.dumps({"note": token}).encode()
    elif place == "header":
        headers = (("X-Forwarded-Credential", token),)
    elif place == "base64-header":
        headers = (("X-Blob", base64.b64encode(token.encode()).decode()),)
    elif place == "echoed":
        response_body = json.dumps({"you_sent": token}).encode()
    elif place == "echoed-header":
        response_headers = (JSON, ("X-Echo", token))
    return Exchange(
        kind=ExchangeKind.API,
        request=HttpRequest("POST" if body else "GET", url, headers, body),
        response=HttpResponse(200, "OK", "HTTP/1.1", response_headers, response_body),
    )


PLACES = (
    "introspection",
    "query",
    "lowercase-query",
    "json-body",
    "header",
    "base64-header",
    "echoed",
    "echoed-header",
)


def forms(secret: str) -> set[str]:
    """A secret as it could leak: clear, percent-encoded, base64, HTML- or JSON-escaped."""
    raw = secret.encode()
    found = {secret, quote(secret, safe=""), quote(secret), quote_plus(secret)}
    found |= {html.escape(secret), json.dumps(secret)[1:-1]}
    for encoded in (base64.b64encode(raw), base64.urlsafe_b64encode(raw)):
        found |= {encoded.decode(), encoded.decode().rstrip("=")}
    return {form for form in found if len(form) >= 4}


def every_export(sources: ExportSources) -> dict[str, str]:
    texts = {kind.value: export_text(sources, kind, include_secrets=False) for kind in ExportFormat}
    for index, (exchange, _problem) in enumerate(sources.story):
        selected = ExportSources(sources.story, sources.config, selected=exchange)
        texts[f"curl-{index}"] = export_text(selected, ExportFormat.CURL, include_secrets=False)
    return texts


def story_sources(token: str, client_secret: str, places: list[str]) -> ExportSources:
    story = [token_exchange(token, client_secret)]
    story += [later_exchange(token, place) for place in places]
    config = ClientConfig(TOKEN_URL, "client", client_secret=Secret(client_secret))
    request = ApiRequest("GET", "https://api.example/v3/data?q=" + quote(token, safe=""))
    return ExportSources(tuple((exchange, None) for exchange in story), config, request=request)


@pytest.mark.parametrize("place", PLACES)
def test_a_token_from_exchange_one_is_masked_wherever_a_later_exchange_has_it(place: str) -> None:
    token, client_secret = "tok/En+8e7d=6c5b4a", "s3cret:value/42"
    sources = story_sources(token, client_secret, [place])
    for name, text in every_export(sources).items():
        for secret in (token, client_secret):
            for form in forms(secret):
                assert form not in text, (name, place, form)


def test_an_introspected_token_nobody_issued_is_masked_by_its_name() -> None:
    unknown = "never-issued-token-0987654321"
    exchange = Exchange(
        kind=ExchangeKind.API,
        request=HttpRequest(
            "POST", "https://auth.example/revoke", (FORM,), f"token={unknown}".encode()
        ),
        response=HttpResponse(200, "OK"),
    )
    sources = ExportSources(((exchange, None),), ClientConfig(TOKEN_URL, "c"), selected=exchange)
    assert unknown in session_secrets(sources)
    for name, text in every_export(sources).items():
        assert unknown not in text, name


def test_included_secrets_are_included() -> None:
    sources = story_sources("tok-visible-12345", "secret-visible-678", ["json-body"])
    har = export_text(sources, ExportFormat.HAR, include_secrets=True)
    assert "tok-visible-12345" in har


secrets = st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="\\\"'<>&"),
    min_size=6,
    max_size=20,
).map(lambda value: "Zq" + value)  # a prefix nothing in an export's own words holds


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    token=secrets,
    client_secret=secrets,
    places=st.lists(st.sampled_from(PLACES), min_size=1, max_size=5),
)
def test_property_no_export_holds_a_known_secret_in_any_form(
    token: str, client_secret: str, places: list[str]
) -> None:
    sources = story_sources(token, client_secret, places)
    for name, text in every_export(sources).items():
        for secret in (token, client_secret):
            for form in forms(secret):
                assert form not in text, (name, places, secret, form)


@pytest.mark.parametrize("header", ["X-Auth-Token", "X-Api-Key", "Api-Key"])
def test_an_api_key_sent_after_its_scheme_word_is_masked_where_it_stands_alone(
    header: str,
) -> None:
    """GetResponse's ``X-Auth-Token: api-key KEY``: a later exchange echoing KEY alone."""
    key = "gr-api-key-0123456789abcdef"
    sent = Exchange(
        kind=ExchangeKind.API,
        request=HttpRequest(
            "GET", "https://api.example/v3/accounts", ((header, f"api-key {key}"),)
        ),
        response=HttpResponse(200, "OK", "HTTP/1.1", (JSON,), b"{}"),
    )
    echoed = Exchange(
        kind=ExchangeKind.API,
        request=HttpRequest("POST", "https://api.example/v3/notes", (JSON,), b'{"n": 1}'),
        response=HttpResponse(200, "OK", "HTTP/1.1", (JSON,), json.dumps({"k": key}).encode()),
    )
    story = (token_exchange("tok-En-8e7d6c5b4a", "s3cret-value-42"), sent, echoed)
    config = ClientConfig(TOKEN_URL, "client", client_secret=Secret("s3cret-value-42"))
    sources = ExportSources(tuple((exchange, None) for exchange in story), config)
    for name, text in every_export(sources).items():
        for form in forms(key):
            assert form not in text, (name, form)

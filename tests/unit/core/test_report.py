"""The debug report: well-formed, self-contained, the whole story, no secret unless asked."""

from __future__ import annotations

import html
import json
from html.parser import HTMLParser

import pytest

from tests.unit.core.test_redact import LEAK_CASES, SECRET, TOKEN, LeakCase, expired_response
from workbench.core.config import ClientAuth, ClientConfig
from workbench.core.http import (
    Exchange,
    ExchangeKind,
    FailureKind,
    HttpRequest,
    TransportFailure,
)
from workbench.core.problems import Problem, ProblemKind
from workbench.core.redact import MASK
from workbench.core.report import DEFAULT_TITLE, debug_report_html, profile_summary
from workbench.core.secret import Secret

VOID_ELEMENTS = frozenset({"meta", "br", "hr", "img", "input", "link", "wbr", "col", "source"})


class WellFormed(HTMLParser):
    """Checks that every element is closed in order, and collects text and tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID_ELEMENTS:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(document: str) -> WellFormed:
    parser = WellFormed()
    parser.feed(document)
    parser.close()
    assert parser.errors == []
    assert parser.stack == [], f"unclosed: {parser.stack}"
    return parser


def expired_problem() -> Problem:
    return Problem(
        ProblemKind.TOKEN_EXPIRED,
        "The access token has expired",
        "The access token has expired. Get a new token and send the request again.",
        "Access tokens work for a limited time.",
        "Get a new token and send the request again.",
        http_status=401,
        source="getresponse",
        code="1014",
    )


def story() -> list[tuple[Exchange, Problem | None]]:
    return [(case.exchange, None) for case in LEAK_CASES[:6]] + [
        (LEAK_CASES[6].exchange, expired_problem())
    ]


def test_report_is_well_formed_and_self_contained() -> None:
    document = debug_report_html(story(), profile_summary=(("Token URL", "https://x/v3/token"),))
    parser = parse(document)
    assert document.startswith("<!DOCTYPE html>")
    tag_names = {tag for tag, _attrs in parser.tags}
    assert {"html", "head", "body", "style", "title"} <= tag_names
    assert not tag_names & {"script", "link", "img", "iframe", "object", "embed"}
    for _tag, attrs in parser.tags:
        assert "src" not in attrs
        assert not any(name.startswith("on") for name in attrs), attrs
    assert "@import" not in document
    assert "url(" not in document
    title = next(text for text in parser.text if DEFAULT_TITLE in text)
    assert title == DEFAULT_TITLE


def test_report_tells_each_exchange_its_problem_and_timings() -> None:
    exchanges = story()
    document = debug_report_html(exchanges)
    text = html.unescape(document)
    for number, (exchange, _problem) in enumerate(exchanges, start=1):
        assert f'id="exchange-{number}"' in document
        request_line = f"{exchange.request.method} /v3/"
        assert request_line in text
        assert exchange.response is not None
        assert f"HTTP/1.1 {exchange.response.status} {exchange.response.reason}" in text
    assert "POST /v3/token HTTP/1.1" in text
    assert "GET /v3/accounts HTTP/1.1" in text
    assert "HTTP/1.1 401 Unauthorized" in text
    problem = expired_problem()
    for words in (problem.title, problem.likely_cause, problem.suggested_action):
        assert words in text
    assert text.count(problem.suggested_action) == 1, "each sentence once (What to do says it)"
    assert "code 1014" in text
    assert text.count("It worked.") == 6
    assert "Complete after" in text


def test_transport_failures_and_notes_are_told() -> None:
    exchange = Exchange(
        ExchangeKind.API,
        HttpRequest("GET", "http://127.0.0.1:9/v3/accounts"),
        failure=TransportFailure(FailureKind.REFUSED, "Connection refused"),
        notes=("A redirect was not followed.",),
        duration_s=0.004,
    )
    document = debug_report_html([(exchange, None)])
    parse(document)
    text = html.unescape(document)
    assert "no answer (refused)" in text
    assert "[transport failure: refused] Connection refused" in text
    assert "A redirect was not followed." in text
    assert "4 ms" in text


def forms_in_html(form: str) -> tuple[str, ...]:
    """The ways a secret could appear in the page: as is, escaped, JSON-escaped."""
    return (
        form,
        html.escape(form, quote=True),
        html.escape(form, quote=False),
        json.dumps(form)[1:-1],
    )


@pytest.mark.parametrize("case", LEAK_CASES, ids=lambda case: case.name)
def test_no_secret_in_the_report_by_default(case: LeakCase) -> None:
    document = debug_report_html([(case.exchange, None), (LEAK_CASES[-1].exchange, None)])
    for form in case.forbidden:
        for shown in forms_in_html(form):
            assert shown not in document, f"{form!r} leaked"
    assert html.escape(MASK) in document or MASK in document


@pytest.mark.parametrize("case", LEAK_CASES, ids=lambda case: case.name)
def test_secrets_are_in_the_report_when_asked(case: LeakCase) -> None:
    document = debug_report_html([(case.exchange, None)], include_secrets=True)
    assert html.escape(case.wire_form, quote=True) in document
    assert "This report includes secrets" in document


def test_a_token_from_one_exchange_is_masked_in_a_problem_of_another() -> None:
    token_exchange = LEAK_CASES[0].exchange  # its response carries TOKEN as access_token
    loose_problem = Problem(
        ProblemKind.TOKEN_INVALID,
        f"Token {TOKEN} refused",
        f"The server refused {TOKEN}.",
        "",
        "",
    )
    api = Exchange(
        ExchangeKind.API, HttpRequest("GET", "https://api.getresponse.com/v3/x"), expired_response()
    )
    document = debug_report_html([(token_exchange, None), (api, loose_problem)])
    assert TOKEN not in document


def test_profile_summary_has_no_secret() -> None:
    config = ClientConfig(
        "https://api.getresponse.com/v3/token",
        "demo-client",
        Secret(SECRET),
        auth=ClientAuth.PRIVATE_KEY_JWT,
        private_key_pem=Secret("-----BEGIN PRIVATE KEY-----\nZmFrZQ==\n-----END"),
        extra_params=(("client_assertion", "abc.def.ghi"), ("audience", "api")),
        extra_headers=(("X-Domain", "example.com"), ("X-Api-Key", "demo-key-123")),
    )
    summary = profile_summary(config, profile_name="GetResponse MAX")
    flat = json.dumps(summary)
    for secret in (SECRET, "ZmFrZQ==", "abc.def.ghi", "demo-key-123"):
        assert secret not in flat
    labels = dict(summary)
    assert labels["Client secret"] == "set (not shown)"
    assert labels["Extra header X-Domain"] == "example.com"
    assert labels["Extra parameter audience"] == "api"
    assert labels["Profile"] == "GetResponse MAX"
    document = debug_report_html([], profile_summary=summary)
    parse(document)
    assert "Nothing was sent yet." in document
    assert "example.com" in document

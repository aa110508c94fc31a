"""Exports of a real story: HAR that a HAR reader opens and a debug report, redacted by default."""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Iterator

import pytest
from haralyzer import HarParser

from tests.sandbox_story import DEMO_CLIENT_ID, DEMO_SECRET, STORY_STATUSES, run_story
from workbench.core.har import CREATOR_NAME, har_json
from workbench.core.http import Exchange
from workbench.core.problems import Problem
from workbench.core.report import debug_report_html
from workbench.sandbox import Sandbox

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def story() -> Iterator[list[tuple[Exchange, Problem | None]]]:
    with Sandbox(token_ttl_s=60) as box:
        yield run_story(box)


def secrets_of(story: list[tuple[Exchange, Problem | None]]) -> list[str]:
    """The demo secret, its Basic credential and both tokens the sandbox issued."""
    tokens = [
        json.loads(exchange.response.body)["access_token"]
        for exchange, _problem in story
        if exchange.kind == "token" and exchange.response is not None
    ]
    assert len(tokens) == 2
    basic = base64.b64encode(f"{DEMO_CLIENT_ID}:{DEMO_SECRET}".encode()).decode()
    return [DEMO_SECRET, basic, *tokens]


def test_har_opens_with_a_har_reader(story: list[tuple[Exchange, Problem | None]]) -> None:
    text = har_json([exchange for exchange, _problem in story])
    parser = HarParser.from_string(text)
    assert parser.version == "1.2"
    assert parser.creator["name"] == CREATOR_NAME
    pages = parser.pages
    assert [page.page_id for page in pages] == ["unknown"]
    entries = pages[0].entries
    assert len(entries) == len(story)
    assert [entry.response.status for entry in entries] == STORY_STATUSES
    assert [entry.request.method for entry in entries] == ["POST", "GET", "GET", "POST", "GET"]
    assert entries[0].request.url.endswith("/v3/token")
    assert entries[2].response.statusText == "Unauthorized"
    assert entries[2].response.mimeType.startswith("application/json")
    assert all(entry.time >= 0 for entry in entries)
    assert [entry.startTime for entry in entries] == sorted(entry.startTime for entry in entries)


def test_har_holds_no_secret_unless_asked(story: list[tuple[Exchange, Problem | None]]) -> None:
    exchanges = [exchange for exchange, _problem in story]
    secrets = secrets_of(story)
    masked = har_json(exchanges)
    for secret in secrets:
        assert secret not in masked
    HarParser.from_string(masked)
    revealed = har_json(exchanges, include_secrets=True)
    for secret in secrets[1:]:  # the secret travels inside the Basic credential
        assert secret in revealed
    entries = HarParser.from_string(revealed).pages[0].entries
    assert len(entries) == len(story)


def test_debug_report_tells_the_story_without_secrets(
    story: list[tuple[Exchange, Problem | None]],
) -> None:
    document = debug_report_html(story)
    text = html.unescape(document)
    assert text.count("POST /v3/token HTTP/1.1") == 2
    assert text.count("GET /v3/accounts HTTP/1.1") == 3
    assert text.count("HTTP/1.1 200 OK") == 4
    assert "HTTP/1.1 401 Unauthorized" in text
    assert "The access token has expired" in text
    for secret in secrets_of(story):
        assert secret not in document
    revealed = debug_report_html(story, include_secrets=True)
    for secret in secrets_of(story)[1:]:
        assert secret in revealed

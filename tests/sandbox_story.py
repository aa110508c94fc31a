"""The demo story run for real against a sandbox: token, call, lapse, 401, new token, call."""

from __future__ import annotations

from typing import Any

from workbench.core.calls import ApiRequest
from workbench.core.client import OAuthClient
from workbench.core.config import ClientConfig
from workbench.core.http import Exchange
from workbench.core.problems import Problem
from workbench.core.secret import Secret

DEMO_CLIENT_ID = "demo-client"
DEMO_SECRET = "demo-secret"
STORY_STATUSES = [200, 200, 401, 200, 200]
"""Token, call, call after the lapse, new token, call again."""


def run_story(sandbox: Any) -> list[tuple[Exchange, Problem | None]]:
    """Every exchange of the demo story, oldest first, each with its problem (or None)."""
    config = ClientConfig(sandbox.token_url, DEMO_CLIENT_ID, Secret(DEMO_SECRET), timeout_s=10.0)
    request = ApiRequest("GET", sandbox.url + "/v3/accounts")
    client = OAuthClient()
    story: list[tuple[Exchange, Problem | None]] = []
    try:
        first = client.fetch_token(config)
        story.append((first.exchange, first.problem))
        assert first.token is not None, first.problem
        call = client.call_api(request, first.token)
        story.append((call.exchange, call.problem))
        sandbox.expire_all()
        lapsed = client.call_api(request, first.token)
        story.append((lapsed.exchange, lapsed.problem))
        second = client.fetch_token(config)
        story.append((second.exchange, second.problem))
        assert second.token is not None, second.problem
        again = client.call_api(request, second.token)
        story.append((again.exchange, again.problem))
    finally:
        client.close()
    statuses = [exchange.response.status if exchange.response else None for exchange, _ in story]
    assert statuses == STORY_STATUSES, statuses
    return story

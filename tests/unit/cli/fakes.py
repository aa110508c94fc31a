"""Stand-ins for the command line's client, tokens and exchanges, shared by its tests."""

from __future__ import annotations

import types
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from workbench.core.calls import SendOptions
from workbench.core.config import ClientConfig
from workbench.core.http import Exchange, ExchangeKind, HttpRequest, HttpResponse
from workbench.core.problems import Problem, ProblemKind
from workbench.core.secret import Secret
from workbench.core.token import AccessToken

TOKEN_URL = "http://127.0.0.1:9/v3/token"
API_URL = "http://127.0.0.1:9/v3/accounts"
TOKEN_VALUE = "e2222af2851a912470ec33c9b4de1ea3a304b7d7"
BASE = ["--token-url", TOKEN_URL, "--client-id", "demo-client"]
WITH_SECRET = [*BASE, "--client-secret-env", "WB_TEST_SECRET"]


# ---------------------------------------------------------------------------- fakes


def token_exchange(status: int = 200) -> Exchange:
    """A recorded token exchange with the given status."""
    return Exchange(
        kind=ExchangeKind.TOKEN,
        request=HttpRequest("POST", TOKEN_URL),
        response=HttpResponse(status, "OK" if status == 200 else "Unauthorized"),
    )


def make_token(fields: dict[str, Any] | None = None, value: str = TOKEN_VALUE) -> AccessToken:
    """A token received at wall time 1_767_225_600 (2026-01-01T00:00:00Z), one day long."""
    document = fields or {"access_token": value, "token_type": "Bearer", "expires_in": 86400}
    return AccessToken(
        value=Secret(value),
        token_type="Bearer",
        expires_in_s=86400.0,
        received_monotonic=100.0,
        received_wall=1_767_225_600.0,
        fields=MappingProxyType(document),
    )


BAD_CREDENTIALS = Problem(
    kind=ProblemKind.BAD_CLIENT_CREDENTIALS,
    title="The client id or secret was not accepted",
    explanation="The token endpoint refused the client's credentials.",
    likely_cause="A wrong or revoked client secret.",
    suggested_action="Copy the secret again from the provider's settings.",
    http_status=401,
    source="getresponse",
    code="1014",
    more_info_url="https://apidocs.example/errors/1014",
)

REFUSED = Problem(
    kind=ProblemKind.TRANSPORT,
    title="Nothing is listening there",
    explanation="The connection was refused.",
    likely_cause="The server is not running or the port is wrong.",
    suggested_action="Start the server or fix the URL.",
    source="transport",
)


@dataclass
class FakeClient:
    """Stands in for ``OAuthClient``: records what it was asked and answers as told."""

    token_outcome: Any
    api_outcome: Any = None
    configs: list[ClientConfig] = field(default_factory=list)
    api_calls: list[tuple[Any, Any, SendOptions]] = field(default_factory=list)
    closed: bool = False

    def fetch_token(self, config: ClientConfig) -> Any:
        self.configs.append(config)
        return self.token_outcome

    def call_api(self, request: Any, token: Any, options: SendOptions | None = None) -> Any:
        self.api_calls.append((request, token, options or SendOptions()))
        return self.api_outcome


def good_token_outcome(token: AccessToken | None = None) -> Any:
    return types.SimpleNamespace(
        exchange=token_exchange(), token=token or make_token(), problem=None
    )


API_HEADERS = (("Content-Type", "application/json"), ("X-RateLimit-Limit", "30000"))


def api_outcome(
    status: int,
    body: bytes,
    problem: Problem | None = None,
    *,
    reason: str = "",
    headers: tuple[tuple[str, str], ...] = (
        ("Content-Type", "application/json"),
        ("X-RateLimit-Limit", "30000"),
    ),
) -> Any:
    """An API call's outcome: a response with this status and body."""
    exchange = Exchange(
        kind=ExchangeKind.API,
        request=HttpRequest("GET", API_URL),
        response=HttpResponse(
            status,
            reason or ("OK" if status == 200 else "Unauthorized"),
            "HTTP/1.1",
            headers,
            body,
        ),
    )
    return types.SimpleNamespace(exchange=exchange, problem=problem)

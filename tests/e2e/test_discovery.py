"""Discovery against real servers: the sandbox (both modes) and oidc-provider."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from tests.e2e.conftest import OidcProvider
from workbench.core.client import OAuthClient
from workbench.core.config import ClientAuth
from workbench.core.discovery import discover
from workbench.core.presets import DISCOVERY
from workbench.core.secret import Secret
from workbench.core.transport import Transport
from workbench.sandbox import Sandbox


@pytest.fixture
def transport() -> Iterator[Transport]:
    with Transport() as shared:
        yield shared


def test_discovery_fills_a_profile_that_then_gets_a_token(transport: Transport) -> None:
    with Sandbox(token_errors="rfc") as sandbox:
        outcome = discover(sandbox.url, transport)
        assert outcome.problem is None and outcome.discovery is not None
        found = outcome.discovery
        assert found.token_endpoint == sandbox.token_url
        assert found.auth_methods == (ClientAuth.BASIC, ClientAuth.BASIC_RAW, ClientAuth.POST)
        profile = replace(
            DISCOVERY.new_profile("Found", issuer=sandbox.url),
            token_url=found.token_endpoint,
            client_id="demo-client",
            auth=found.auth_methods[0],
        )
        client = OAuthClient()
        try:
            outcome = client.fetch_token(profile.to_config(client_secret=Secret("demo-secret")))
        finally:
            client.close()
        assert outcome.token is not None, outcome.problem


def test_a_server_without_discovery_is_a_clear_problem(transport: Transport) -> None:
    with Sandbox() as sandbox:  # GetResponse mode: like GetResponse, no metadata
        outcome = discover(sandbox.url, transport)
    assert outcome.discovery is None
    assert outcome.problem is not None
    assert "No discovery metadata" in outcome.problem.title
    assert "GetResponse" in outcome.problem.likely_cause
    assert [e.response.status for e in outcome.exchanges if e.response] == [404, 404]


def test_oidc_provider_metadata_offers_its_methods(
    oidc_provider: OidcProvider, transport: Transport
) -> None:
    outcome = discover(oidc_provider.issuer, transport)
    assert outcome.problem is None and outcome.discovery is not None
    found = outcome.discovery
    assert found.token_endpoint.startswith(oidc_provider.issuer)
    assert ClientAuth.PRIVATE_KEY_JWT in found.auth_methods
    assert ClientAuth.SECRET_JWT in found.auth_methods
    assert found.supports_client_credentials is True

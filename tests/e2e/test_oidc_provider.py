"""OAuthClient against a real, certified OpenID provider (oidc-provider) over loopback."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import jwt
import pytest

from tests.e2e.conftest import OidcProvider
from workbench.core.client import ApiRequest, OAuthClient, TokenOutcome
from workbench.core.config import BodyEncoding, ClientAuth, ClientConfig
from workbench.core.problems import ProblemKind
from workbench.core.secret import Secret

pytestmark = pytest.mark.e2e

TRICKY_SECRET = "demo secret:%+&=#~*"  # the secret of demo-basic-tricky in server.mjs
JWT_SECRET = "demo-secret-for-client-secret-jwt-0123456789abcdef"


@pytest.fixture(scope="module")
def client() -> Iterator[OAuthClient]:
    oauth_client = OAuthClient()
    yield oauth_client
    oauth_client.close()


@pytest.fixture(scope="module")
def metadata(oidc_provider: OidcProvider, client: OAuthClient) -> dict[str, Any]:
    """The provider's discovery document, fetched with the workbench's own client."""
    url = oidc_provider.issuer + "/.well-known/openid-configuration"
    outcome = client.call_api(ApiRequest("GET", url, apply_token=False), None)
    assert outcome.problem is None, outcome.problem
    assert outcome.exchange.response is not None
    document: dict[str, Any] = json.loads(outcome.exchange.response.body)
    return document


@pytest.fixture(scope="module")
def token_url(metadata: dict[str, Any]) -> str:
    endpoint: str = metadata["token_endpoint"]
    return endpoint


def fetch(client: OAuthClient, token_url: str, **settings: Any) -> TokenOutcome:
    return client.fetch_token(ClientConfig(token_url=token_url, **settings))


def assert_token(outcome: TokenOutcome, *, scope: str | None = "api:read") -> None:
    assert outcome.problem is None, outcome.problem
    assert outcome.token is not None
    assert outcome.token.is_bearer
    assert outcome.token.expires_in_s == 300.0
    assert outcome.token.scope == scope
    assert outcome.token.server_date_wall is not None
    assert outcome.token.value.reveal() in outcome.exchange.response.body.decode()  # type: ignore[union-attr]
    assert outcome.exchange.response is not None
    assert outcome.exchange.response.header("Cache-Control") == "no-store"


def test_discovery_advertises_client_credentials_and_every_auth_method(
    metadata: dict[str, Any], oidc_provider: OidcProvider
) -> None:
    assert metadata["issuer"] == oidc_provider.issuer
    assert "client_credentials" in metadata["grant_types_supported"]
    assert {
        "client_secret_basic",
        "client_secret_post",
        "client_secret_jwt",
        "private_key_jwt",
    } <= set(metadata["token_endpoint_auth_methods_supported"])


def test_client_secret_basic(client: OAuthClient, token_url: str) -> None:
    outcome = fetch(
        client,
        token_url,
        client_id="demo-basic",
        client_secret=Secret("demo-secret"),
        scope="api:read",
    )
    assert_token(outcome)
    assert (
        outcome.exchange.request.header("Authorization")
        == "Basic " + base64.b64encode(b"demo-basic:demo-secret").decode()
    )


def test_rfc_strict_basic_with_an_awkward_secret_is_accepted(
    client: OAuthClient, token_url: str
) -> None:
    outcome = fetch(
        client,
        token_url,
        client_id="demo-basic-tricky",
        client_secret=Secret(TRICKY_SECRET),
        scope="api:read",
        auth=ClientAuth.BASIC,
    )
    assert_token(outcome)


def test_raw_basic_with_an_awkward_secret_is_refused_and_explained(
    client: OAuthClient, token_url: str
) -> None:
    outcome = fetch(
        client,
        token_url,
        client_id="demo-basic-tricky",
        client_secret=Secret(TRICKY_SECRET),
        auth=ClientAuth.BASIC_RAW,
    )
    assert outcome.token is None
    assert outcome.problem is not None
    assert outcome.problem.http_status == 400
    assert outcome.problem.code == "invalid_request"
    assert any("'basic'" in note for note in outcome.exchange.notes)


def test_client_secret_post(client: OAuthClient, token_url: str) -> None:
    outcome = fetch(
        client,
        token_url,
        client_id="demo-post",
        client_secret=Secret("demo-secret"),
        scope="api:read",
        auth=ClientAuth.POST,
    )
    assert_token(outcome)
    assert b"client_secret=demo-secret" in outcome.exchange.request.body
    assert "demo-secret" in outcome.exchange.secrets


def test_client_secret_jwt(client: OAuthClient, token_url: str) -> None:
    outcome = fetch(
        client,
        token_url,
        client_id="demo-secret-jwt",
        client_secret=Secret(JWT_SECRET),
        scope="api:read",
        auth=ClientAuth.SECRET_JWT,
    )
    assert_token(outcome)


def test_client_secret_jwt_twice_uses_fresh_assertions(client: OAuthClient, token_url: str) -> None:
    settings: dict[str, Any] = {
        "client_id": "demo-secret-jwt",
        "client_secret": Secret(JWT_SECRET),
        "auth": ClientAuth.SECRET_JWT,
    }
    first = fetch(client, token_url, **settings)
    second = fetch(client, token_url, **settings)  # a replayed jti would be refused
    assert first.token is not None and second.token is not None


@pytest.mark.parametrize(("key", "algorithm"), [("ec", "ES256"), ("rsa", "RS256")])
def test_private_key_jwt(
    client: OAuthClient, token_url: str, oidc_provider: OidcProvider, key: str, algorithm: str
) -> None:
    pem = oidc_provider.ec_private_key_pem if key == "ec" else oidc_provider.rsa_private_key_pem
    outcome = fetch(
        client,
        token_url,
        client_id="demo-private-key-jwt",
        private_key_pem=Secret(pem),
        scope="api:read",
        auth=ClientAuth.PRIVATE_KEY_JWT,
    )
    assert_token(outcome)
    body = dict(part.split("=", 1) for part in outcome.exchange.request.body.decode().split("&"))
    assert jwt.get_unverified_header(body["client_assertion"])["alg"] == algorithm


def test_no_scope_gets_a_token_without_scope(client: OAuthClient, token_url: str) -> None:
    outcome = fetch(client, token_url, client_id="demo-basic", client_secret=Secret("demo-secret"))
    assert_token(outcome, scope=None)
    assert outcome.exchange.request.body == b"grant_type=client_credentials"


@pytest.mark.parametrize("auth", [ClientAuth.BASIC, ClientAuth.POST])
def test_a_wrong_secret_is_bad_client_credentials_in_plain_words(
    client: OAuthClient, token_url: str, auth: ClientAuth
) -> None:
    client_id = "demo-basic" if auth is ClientAuth.BASIC else "demo-post"
    outcome = fetch(
        client, token_url, client_id=client_id, client_secret=Secret("wrong"), auth=auth
    )
    assert outcome.token is None
    problem = outcome.problem
    assert problem is not None
    assert problem.kind is ProblemKind.BAD_CLIENT_CREDENTIALS
    assert problem.code == "invalid_client"
    assert problem.http_status == 401
    assert problem.title and problem.explanation and problem.suggested_action
    assert "invalid_client" not in problem.title
    assert "wrong" not in problem.explanation


def test_a_wrong_secret_in_a_jwt_assertion_is_bad_client_credentials(
    client: OAuthClient, token_url: str
) -> None:
    outcome = fetch(
        client,
        token_url,
        client_id="demo-secret-jwt",
        client_secret=Secret(JWT_SECRET[::-1]),
        auth=ClientAuth.SECRET_JWT,
    )
    assert outcome.problem is not None
    assert outcome.problem.kind is ProblemKind.BAD_CLIENT_CREDENTIALS


def test_an_unknown_scope_is_dropped_and_the_difference_is_visible(
    client: OAuthClient, token_url: str
) -> None:
    outcome = fetch(
        client,
        token_url,
        client_id="demo-basic",
        client_secret=Secret("demo-secret"),
        scope="api:read admin",
    )
    assert outcome.token is not None
    assert outcome.token.requested_scope == "api:read admin"
    assert outcome.token.scope == "api:read"


def test_a_json_body_is_refused_by_this_rfc_strict_provider(
    client: OAuthClient, token_url: str
) -> None:
    outcome = fetch(
        client,
        token_url,
        client_id="demo-basic",
        client_secret=Secret("demo-secret"),
        body_encoding=BodyEncoding.JSON,
    )
    assert outcome.token is None
    assert outcome.problem is not None
    assert outcome.problem.http_status == 400

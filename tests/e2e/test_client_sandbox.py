"""OAuthClient against the workbench's own sandbox provider, over real loopback sockets."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from workbench.core.client import ApiRequest, OAuthClient, SendOptions, TokenOutcome
from workbench.core.config import BodyEncoding, ClientAuth, ClientConfig
from workbench.core.problems import ProblemKind
from workbench.core.secret import Secret
from workbench.sandbox import Sandbox

pytestmark = pytest.mark.e2e

AWKWARD_SECRET = "demo secret:%+&=#é"


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    clients = {"demo-client": "demo-secret", "demo-awkward": AWKWARD_SECRET}
    with Sandbox(clients=clients, require_x_domain=None) as running:
        yield running


@pytest.fixture
def client() -> Iterator[OAuthClient]:
    oauth_client = OAuthClient()
    yield oauth_client
    oauth_client.close()


def fetch(client: OAuthClient, sandbox: Sandbox, **settings: object) -> TokenOutcome:
    values: dict[str, object] = {
        "client_id": "demo-client",
        "client_secret": Secret("demo-secret"),
        "scope": "all",
    }
    values.update(settings)
    return client.fetch_token(ClientConfig(token_url=sandbox.token_url, **values))  # type: ignore[arg-type]


@pytest.mark.parametrize("encoding", [BodyEncoding.FORM, BodyEncoding.JSON])
@pytest.mark.parametrize("auth", [ClientAuth.BASIC, ClientAuth.BASIC_RAW, ClientAuth.POST])
def test_every_secret_method_and_encoding_gets_a_token(
    client: OAuthClient, sandbox: Sandbox, auth: ClientAuth, encoding: BodyEncoding
) -> None:
    outcome = fetch(client, sandbox, auth=auth, body_encoding=encoding)
    assert outcome.problem is None, outcome.problem
    token = outcome.token
    assert token is not None
    assert re.fullmatch(r"[0-9a-f]{40}", token.value.reveal())
    assert token.token_type == "Bearer"
    assert token.expires_in_s == 86400.0
    assert token.scope is None
    assert token.requested_scope == "all"
    assert token.remaining_s(client.clock) == pytest.approx(86400.0, abs=5.0)
    assert outcome.exchange.ok
    assert "demo-secret" in outcome.exchange.secrets


@pytest.mark.parametrize("auth", [ClientAuth.BASIC, ClientAuth.BASIC_RAW, ClientAuth.POST])
def test_an_awkward_secret_works_with_each_method(
    client: OAuthClient, sandbox: Sandbox, auth: ClientAuth
) -> None:
    outcome = fetch(
        client, sandbox, client_id="demo-awkward", client_secret=Secret(AWKWARD_SECRET), auth=auth
    )
    assert outcome.token is not None, outcome.problem


@pytest.mark.parametrize("auth", [ClientAuth.BASIC, ClientAuth.POST])
def test_a_wrong_secret_is_bad_client_credentials(
    client: OAuthClient, sandbox: Sandbox, auth: ClientAuth
) -> None:
    outcome = fetch(client, sandbox, client_secret=Secret("wrong-secret"), auth=auth)
    assert outcome.token is None
    assert outcome.problem is not None
    assert outcome.problem.kind is ProblemKind.BAD_CLIENT_CREDENTIALS
    assert outcome.problem.explanation


def test_a_wrong_secret_in_rfc_mode_is_bad_client_credentials(client: OAuthClient) -> None:
    with Sandbox(token_errors="rfc") as rfc_sandbox:
        outcome = fetch(client, rfc_sandbox, client_secret=Secret("wrong-secret"))
    assert outcome.problem is not None
    assert outcome.problem.kind is ProblemKind.BAD_CLIENT_CREDENTIALS
    assert outcome.problem.code == "invalid_client"


def test_the_token_opens_the_api_until_it_lapses(client: OAuthClient, sandbox: Sandbox) -> None:
    token = fetch(client, sandbox).token
    assert token is not None
    accounts = ApiRequest("GET", sandbox.url + "/v3/accounts")

    first = client.call_api(accounts, token)
    assert first.problem is None
    assert first.exchange.request.header("Authorization") == f"Bearer {token.value.reveal()}"
    assert token.value.reveal() in first.exchange.secrets

    sandbox.expire_all()
    lapsed = client.call_api(accounts, token)
    assert lapsed.problem is not None
    assert lapsed.problem.kind is ProblemKind.TOKEN_EXPIRED
    assert lapsed.problem.token_lapsed

    fresh = fetch(client, sandbox).token
    assert fresh is not None and fresh.value != token.value
    assert client.call_api(accounts, fresh).problem is None


def test_without_a_token_the_api_says_so(client: OAuthClient, sandbox: Sandbox) -> None:
    outcome = client.call_api(ApiRequest("GET", sandbox.url + "/v3/accounts"), None)
    assert outcome.problem is not None
    assert outcome.problem.kind in (ProblemKind.MISSING_TOKEN, ProblemKind.TOKEN_INVALID)


def test_x_domain_goes_on_the_token_request_and_every_api_call(client: OAuthClient) -> None:
    with Sandbox(require_x_domain="example.com") as max_sandbox:
        domain = (("X-Domain", "example.com"),)
        outcome = fetch(client, max_sandbox, extra_headers=domain)
        assert outcome.token is not None, outcome.problem
        assert outcome.exchange.request.header("X-Domain") == "example.com"
        accounts = ApiRequest("GET", max_sandbox.url + "/v3/accounts")
        assert (
            client.call_api(accounts, outcome.token, SendOptions(extra_headers=domain)).problem
            is None
        )
        without = client.call_api(accounts, outcome.token)
        assert without.problem is not None
        assert without.problem.code == "1021"


def test_a_short_lifetime_is_counted_down(client: OAuthClient) -> None:
    with Sandbox(token_ttl_s=60) as short_sandbox:
        token = fetch(client, short_sandbox).token
    assert token is not None
    assert token.expires_in_s == 60.0
    remaining = token.remaining_s(client.clock)
    assert remaining is not None and 55.0 < remaining <= 60.0

"""OAuthClient with a recording fake transport: what it sends, and what it makes of the answers."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any, cast

import pytest

from workbench.core.cancel import CancelToken
from workbench.core.client import (
    NOT_SENT_NOTE,
    ApiOutcome,
    ApiRequest,
    OAuthClient,
    SendOptions,
    TokenOutcome,
)
from workbench.core.clock import ManualClock
from workbench.core.config import ClientAuth, ClientConfig
from workbench.core.http import (
    Exchange,
    ExchangeKind,
    FailureKind,
    HttpRequest,
    HttpResponse,
    TransportFailure,
)
from workbench.core.problems import ProblemKind
from workbench.core.secret import Secret
from workbench.core.token import AccessToken
from workbench.core.transport import Transport

TOKEN_URL = "http://127.0.0.1:9/v3/token"
API_URL = "http://127.0.0.1:9/v3/accounts"
TOKEN_VALUE = "e2222af2851a912470ec33c9b4de1ea3a304b7d7"
TOKEN_BODY = json.dumps(
    {"access_token": TOKEN_VALUE, "expires_in": 86400, "token_type": "Bearer", "scope": None}
).encode()
EXPIRED_BODY = json.dumps(
    {
        "httpStatus": 401,
        "code": 1014,
        "codeDescription": "Problem during authentication process, check headers!",
        "message": "The access token provided is expired",
        "moreInfo": "https://apidocs.getresponse.com/v3/errors/1014",
        "context": {"sentToken": TOKEN_VALUE},
    }
).encode()


@dataclass
class FakeTransport:
    """Answers every send with the next canned response and records the call."""

    responses: list[HttpResponse | TransportFailure] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)
    closed: bool = False

    def send(self, request: HttpRequest, **kwargs: Any) -> Exchange:
        self.calls.append({"request": request, **kwargs})
        answer = self.responses.pop(0)
        if isinstance(answer, TransportFailure):
            return Exchange(
                kind=kwargs["kind"], request=request, failure=answer, secrets=kwargs["secrets"]
            )
        return Exchange(
            kind=kwargs["kind"],
            request=request,
            response=answer,
            notes=kwargs["notes"],
            secrets=kwargs["secrets"],
        )

    def close(self) -> None:
        self.closed = True


def json_response(status: int, body: bytes) -> HttpResponse:
    return HttpResponse(status=status, headers=(("Content-Type", "application/json"),), body=body)


def make_client(*answers: HttpResponse | TransportFailure) -> tuple[OAuthClient, FakeTransport]:
    fake = FakeTransport(list(answers))
    return OAuthClient(cast(Transport, fake), ManualClock()), fake


def demo_config(**changes: Any) -> ClientConfig:
    values: dict[str, Any] = {
        "token_url": TOKEN_URL,
        "client_id": "demo-client",
        "client_secret": Secret("demo-secret"),
        "scope": "all",
    }
    values.update(changes)
    return ClientConfig(**values)


def a_token(clock: ManualClock | None = None) -> AccessToken:
    clock = clock or ManualClock()
    return AccessToken(
        value=Secret(TOKEN_VALUE),
        token_type="Bearer",
        expires_in_s=60.0,
        received_monotonic=clock.monotonic(),
        received_wall=clock.wall(),
    )


# --- fetch_token -----------------------------------------------------------------------------


def test_fetch_token_sends_the_built_request_and_reads_the_token() -> None:
    client, fake = make_client(json_response(200, TOKEN_BODY))
    cancel = CancelToken()
    config = demo_config(verify_tls=False, timeout_s=7.5, extra_headers=(("X-Domain", "ex.com"),))
    outcome = client.fetch_token(config, cancel=cancel)

    assert isinstance(outcome, TokenOutcome)
    assert outcome.problem is None
    assert outcome.token is not None
    assert outcome.token.value.reveal() == TOKEN_VALUE
    assert outcome.token.requested_scope == "all"
    assert outcome.token.received_monotonic == client.clock.monotonic()

    [call] = fake.calls
    assert call["kind"] is ExchangeKind.TOKEN
    assert call["verify_tls"] is False
    assert call["timeout_s"] == 7.5
    assert call["cancel"] is cancel
    request: HttpRequest = call["request"]
    assert request.method == "POST"
    assert request.url == TOKEN_URL
    assert request.body == b"grant_type=client_credentials&scope=all"
    assert request.header("X-Domain") == "ex.com"
    credential = base64.b64encode(b"demo-client:demo-secret").decode()
    assert request.header("Authorization") == f"Basic {credential}"
    assert "demo-secret" in call["secrets"]
    assert credential in call["secrets"]
    assert outcome.exchange.request is request


def test_fetch_token_passes_the_builders_notes_to_the_exchange() -> None:
    client, fake = make_client(json_response(200, TOKEN_BODY))
    client.fetch_token(demo_config(client_secret=Secret("a b"), auth=ClientAuth.BASIC_RAW))
    assert any("'basic'" in note for note in fake.calls[0]["notes"])


def test_a_rejected_secret_is_a_bad_client_credentials_problem() -> None:
    client, _fake = make_client(
        HttpResponse(
            status=401,
            headers=(
                ("Content-Type", "application/json"),
                ("WWW-Authenticate", 'Basic realm="x", error="invalid_client"'),
            ),
            body=b'{"error":"invalid_client","error_description":"client authentication failed"}',
        )
    )
    outcome = client.fetch_token(demo_config())
    assert outcome.token is None
    assert outcome.problem is not None
    assert outcome.problem.kind is ProblemKind.BAD_CLIENT_CREDENTIALS
    assert outcome.exchange.response is not None and outcome.exchange.response.status == 401


def test_a_transport_failure_is_a_problem_with_the_exchange() -> None:
    client, _fake = make_client(TransportFailure(FailureKind.REFUSED, "Connection refused"))
    outcome = client.fetch_token(demo_config())
    assert outcome.token is None
    assert outcome.problem is not None and outcome.problem.kind is ProblemKind.TRANSPORT
    assert outcome.exchange.failure is not None


def test_a_request_that_cannot_be_built_is_never_sent_but_still_recorded() -> None:
    client, fake = make_client()
    config = demo_config(auth=ClientAuth.PRIVATE_KEY_JWT, private_key_pem=Secret("not a key"))
    outcome = client.fetch_token(config)
    assert fake.calls == []
    assert outcome.token is None
    assert outcome.problem is not None
    assert outcome.problem.kind is ProblemKind.BAD_REQUEST
    assert "PEM" in outcome.problem.explanation
    assert outcome.problem.source == "request"
    exchange = outcome.exchange
    assert exchange.kind is ExchangeKind.TOKEN
    assert exchange.request == HttpRequest("POST", TOKEN_URL)
    assert exchange.response is None
    assert exchange.failure is not None and exchange.failure.kind is FailureKind.OTHER
    assert exchange.failure.message == outcome.problem.explanation
    assert exchange.notes == (NOT_SENT_NOTE,)
    assert exchange.started_wall == client.clock.wall()
    assert not exchange.ok


# --- call_api --------------------------------------------------------------------------------


def sent(fake: FakeTransport) -> HttpRequest:
    return cast(HttpRequest, fake.calls[-1]["request"])


def test_call_api_applies_the_bearer_token_and_the_extra_headers() -> None:
    client, fake = make_client(json_response(200, b"[]"))
    outcome = client.call_api(
        ApiRequest("GET", API_URL, headers=(("Accept", "application/json"),)),
        a_token(),
        SendOptions(extra_headers=(("X-Domain", "example.com"),), verify_tls=False, timeout_s=3.0),
    )
    assert isinstance(outcome, ApiOutcome)
    assert outcome.problem is None
    assert sent(fake).headers == (
        ("Accept", "application/json"),
        ("Authorization", f"Bearer {TOKEN_VALUE}"),
        ("X-Domain", "example.com"),
    )
    call = fake.calls[0]
    assert call["kind"] is ExchangeKind.API
    assert call["verify_tls"] is False
    assert call["timeout_s"] == 3.0
    assert call["secrets"] == (TOKEN_VALUE,)


def test_call_api_with_a_custom_header_and_no_prefix_sends_the_raw_token() -> None:
    client, fake = make_client(json_response(200, b"{}"))
    request = ApiRequest("GET", API_URL, token_header="X-Auth-Token", token_prefix="")
    client.call_api(request, a_token())
    assert sent(fake).header("X-Auth-Token") == TOKEN_VALUE
    assert sent(fake).header("Authorization") is None


def test_the_token_replaces_an_authorization_header_the_request_had() -> None:
    client, fake = make_client(json_response(200, b"{}"))
    request = ApiRequest("GET", API_URL, headers=(("authorization", "Bearer old"),))
    client.call_api(request, a_token())
    assert sent(fake).headers == (("Authorization", f"Bearer {TOKEN_VALUE}"),)
    assert any("replaced" in note for note in fake.calls[0]["notes"])


def test_extra_headers_do_not_override_the_requests_own() -> None:
    client, fake = make_client(json_response(200, b"{}"))
    request = ApiRequest("GET", API_URL, headers=(("x-domain", "mine.example"),))
    client.call_api(
        request, a_token(), SendOptions(extra_headers=(("X-Domain", "profile.example"),))
    )
    assert sent(fake).headers[0] == ("x-domain", "mine.example")
    assert [name.lower() for name, _ in sent(fake).headers].count("x-domain") == 1


def test_without_apply_token_the_headers_are_sent_as_given() -> None:
    client, fake = make_client(json_response(200, b"{}"))
    request = ApiRequest("POST", API_URL, headers=(("A", "1"),), body=b"x=1", apply_token=False)
    client.call_api(request, a_token())
    assert sent(fake) == HttpRequest("POST", API_URL, (("A", "1"),), b"x=1")
    assert fake.calls[0]["secrets"] == ()


def test_without_a_token_the_request_goes_out_with_a_note() -> None:
    client, fake = make_client(json_response(200, b"{}"))
    client.call_api(ApiRequest("GET", API_URL), None)
    assert sent(fake).header("Authorization") is None
    assert any("no token" in note.lower() for note in fake.calls[0]["notes"])


def test_an_expired_token_is_still_sent_and_the_lapse_is_recognised() -> None:
    clock = ManualClock()
    token = a_token(clock)
    clock.advance(3600)
    assert token.is_expired(clock)
    client, fake = make_client(json_response(401, EXPIRED_BODY))
    outcome = client.call_api(ApiRequest("GET", API_URL), token)
    assert sent(fake).header("Authorization") == f"Bearer {TOKEN_VALUE}"
    assert outcome.problem is not None
    assert outcome.problem.kind is ProblemKind.TOKEN_EXPIRED
    assert outcome.problem.token_lapsed


@pytest.mark.parametrize("status", [200, 201, 204, 299])
def test_any_2xx_is_no_problem(status: int) -> None:
    client, _fake = make_client(HttpResponse(status=status))
    assert client.call_api(ApiRequest("GET", API_URL), a_token()).problem is None


# --- lifecycle -------------------------------------------------------------------------------


def test_close_leaves_a_transport_it_was_given_to_its_owner() -> None:
    client, fake = make_client()
    client.close()
    assert not fake.closed


def test_a_client_makes_and_closes_its_own_transport() -> None:
    client = OAuthClient()
    transport = client._transport
    assert isinstance(transport, Transport)
    closed: list[bool] = []
    original_close = transport.close

    def recording_close() -> None:
        closed.append(True)
        original_close()

    transport.close = recording_close  # type: ignore[method-assign]
    client.close()
    assert closed == [True]

"""Re-fetch before sending and replay once, against the real sandbox in both error modes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from workbench.core.calls import ApiRequest
from workbench.core.client import OAuthClient
from workbench.core.clock import ManualClock
from workbench.core.config import ClientConfig
from workbench.core.http import Exchange, ExchangeKind, HttpRequest, HttpResponse
from workbench.core.problems import Problem, ProblemKind
from workbench.core.recovery import (
    RecoveryOptions,
    RecoveryStep,
    StepReason,
    means_token_lapsed,
    send_with_recovery,
)
from workbench.core.secret import Secret
from workbench.core.token import AccessToken
from workbench.core.transport import Transport
from workbench.sandbox import Sandbox

pytestmark = pytest.mark.e2e

BOTH = RecoveryOptions(refetch_when_lapsed=True, replay_on_lapsed_401=True)
REPLAY_ONLY = RecoveryOptions(replay_on_lapsed_401=True)
UNKNOWN_TOKEN = "0123456789abcdef0123456789abcdef01234567"
"""A token of the sandbox's shape that it never issued."""


@pytest.fixture
def getresponse_box() -> Iterator[Sandbox]:
    with Sandbox(token_ttl_s=60) as box:
        yield box


@pytest.fixture
def rfc_box() -> Iterator[Sandbox]:
    with Sandbox(token_ttl_s=60, token_errors="rfc") as box:
        yield box


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def client(clock: ManualClock) -> Iterator[OAuthClient]:
    oauth = OAuthClient(clock=clock)
    yield oauth
    oauth.close()


def config_for(box: Sandbox, secret: str = "demo-secret") -> ClientConfig:
    return ClientConfig(box.token_url, "demo-client", Secret(secret), timeout_s=10.0)


def accounts(box: Sandbox) -> ApiRequest:
    return ApiRequest("GET", box.url + "/v3/accounts")


def first_token(client: OAuthClient, box: Sandbox) -> AccessToken:
    outcome = client.fetch_token(config_for(box))
    assert outcome.token is not None, outcome.problem
    return outcome.token


def story(steps: tuple[RecoveryStep, ...]) -> list[tuple[StepReason, int | None]]:
    """Each step's reason and HTTP status, in order."""
    return [
        (step.reason, step.exchange.response.status if step.exchange.response else None)
        for step in steps
    ]


def test_nothing_to_recover_sends_once(client: OAuthClient, getresponse_box: Sandbox) -> None:
    token = first_token(client, getresponse_box)
    outcome = send_with_recovery(
        client, config_for(getresponse_box), accounts(getresponse_box), token, BOTH
    )
    assert story(outcome.steps) == [(StepReason.REQUEST, 200)]
    assert outcome.ok
    assert outcome.token is token
    assert not outcome.token_renewed
    assert not outcome.replayed


def test_token_lapsed_by_our_clock_is_replaced_before_sending(
    client: OAuthClient, clock: ManualClock, getresponse_box: Sandbox
) -> None:
    token = first_token(client, getresponse_box)
    clock.advance(61)
    getresponse_box.advance_clock(61)
    heard: list[RecoveryStep] = []
    outcome = send_with_recovery(
        client,
        config_for(getresponse_box),
        accounts(getresponse_box),
        token,
        RecoveryOptions(refetch_when_lapsed=True),
        on_step=heard.append,
    )
    assert story(outcome.steps) == [(StepReason.REFETCH_LAPSED, 200), (StepReason.REQUEST, 200)]
    assert [step.kind for step in outcome.steps] == [ExchangeKind.TOKEN, ExchangeKind.API]
    assert heard == list(outcome.steps)
    assert outcome.ok
    assert outcome.token is not None and outcome.token is not token
    assert outcome.token.value.reveal() != token.value.reveal()
    assert [step.token for step in outcome.steps] == [outcome.token, None]
    sent = outcome.steps[1].exchange.request.header("Authorization")
    assert sent == f"Bearer {outcome.token.value.reveal()}"


def test_without_the_options_a_lapsed_token_is_sent_and_the_401_is_final(
    client: OAuthClient, clock: ManualClock, getresponse_box: Sandbox
) -> None:
    token = first_token(client, getresponse_box)
    clock.advance(61)
    getresponse_box.expire_all()
    outcome = send_with_recovery(
        client,
        config_for(getresponse_box),
        accounts(getresponse_box),
        token,
        RecoveryOptions(),
    )
    assert story(outcome.steps) == [(StepReason.REQUEST, 401)]
    assert outcome.problem is not None
    assert outcome.problem.kind is ProblemKind.TOKEN_EXPIRED
    assert outcome.token is token
    assert outcome.stopped_because == ""


def test_getresponse_1014_expired_gets_a_new_token_and_one_replay(
    client: OAuthClient, getresponse_box: Sandbox
) -> None:
    token = first_token(client, getresponse_box)
    getresponse_box.expire_all()  # lapsed on the server, not yet by our clock
    outcome = send_with_recovery(
        client, config_for(getresponse_box), accounts(getresponse_box), token, BOTH
    )
    assert story(outcome.steps) == [
        (StepReason.REQUEST, 401),
        (StepReason.REFETCH_AFTER_401, 200),
        (StepReason.REPLAY, 200),
    ]
    first_problem = outcome.steps[0].problem
    assert first_problem is not None
    assert first_problem.kind is ProblemKind.TOKEN_EXPIRED
    assert first_problem.code == "1014"
    assert outcome.ok and outcome.problem is None
    assert outcome.replayed and outcome.token_renewed
    assert outcome.token is not None and outcome.token is not token
    replay_auth = outcome.steps[2].exchange.request.header("Authorization")
    assert replay_auth == f"Bearer {outcome.token.value.reveal()}"


def test_rfc6750_invalid_token_expired_is_replayed(client: OAuthClient, rfc_box: Sandbox) -> None:
    token = first_token(client, rfc_box)
    rfc_box.expire_all()
    outcome = send_with_recovery(client, config_for(rfc_box), accounts(rfc_box), token, REPLAY_ONLY)
    assert story(outcome.steps) == [
        (StepReason.REQUEST, 401),
        (StepReason.REFETCH_AFTER_401, 200),
        (StepReason.REPLAY, 200),
    ]
    first = outcome.steps[0]
    assert first.exchange.response is not None
    challenge = first.exchange.response.header("WWW-Authenticate") or ""
    assert 'error="invalid_token"' in challenge
    assert first.problem is not None and first.problem.code == "invalid_token"
    assert outcome.ok


def test_rfc6750_plain_invalid_token_is_replayed_once(
    client: OAuthClient, rfc_box: Sandbox, clock: ManualClock
) -> None:
    """``invalid_token`` without "expired" (here: a token the server never issued) may mean
    revoked; RFC 6750 lets the client get a new token and retry, so it is replayed once."""
    unknown = _token(UNKNOWN_TOKEN, clock)
    outcome = send_with_recovery(
        client, config_for(rfc_box), accounts(rfc_box), unknown, REPLAY_ONLY
    )
    first_problem = outcome.steps[0].problem
    assert first_problem is not None
    assert first_problem.kind is ProblemKind.TOKEN_INVALID
    assert first_problem.code == "invalid_token"
    assert story(outcome.steps) == [
        (StepReason.REQUEST, 401),
        (StepReason.REFETCH_AFTER_401, 200),
        (StepReason.REPLAY, 200),
    ]


def test_getresponse_unable_to_authenticate_is_not_replayed(
    client: OAuthClient, getresponse_box: Sandbox, clock: ManualClock
) -> None:
    """GetResponse says "expired" when it means it; its other 1014 is a token it does not know."""
    unknown = _token(UNKNOWN_TOKEN, clock)
    outcome = send_with_recovery(
        client, config_for(getresponse_box), accounts(getresponse_box), unknown, BOTH
    )
    assert story(outcome.steps) == [(StepReason.REQUEST, 401)]
    assert outcome.problem is not None
    assert outcome.problem.kind is ProblemKind.TOKEN_INVALID
    assert not outcome.replayed


def test_missing_token_is_not_replayed(client: OAuthClient, rfc_box: Sandbox) -> None:
    outcome = send_with_recovery(client, config_for(rfc_box), accounts(rfc_box), None, BOTH)
    assert story(outcome.steps) == [(StepReason.REQUEST, 401)]
    assert outcome.problem is not None
    assert outcome.problem.kind is ProblemKind.MISSING_TOKEN


@pytest.mark.parametrize("errors", ["getresponse", "rfc"])
def test_bad_credentials_after_a_401_are_not_retried(
    client: OAuthClient, errors: Any, clock: ManualClock
) -> None:
    with Sandbox(token_ttl_s=60, token_errors=errors) as box:
        token = first_token(client, box)
        box.expire_all()
        outcome = send_with_recovery(
            client, config_for(box, secret="wrong-secret"), accounts(box), token, BOTH
        )
    assert story(outcome.steps) == [
        (StepReason.REQUEST, 401),
        (StepReason.REFETCH_AFTER_401, 401),
    ]
    assert outcome.problem is not None
    assert outcome.problem.kind is ProblemKind.BAD_CLIENT_CREDENTIALS
    assert outcome.api is not None and outcome.api.exchange is outcome.steps[0].exchange
    assert outcome.token is token, "the old token is kept when no new one came"
    assert not outcome.replayed
    assert "could not be had" in outcome.stopped_because


def test_bad_credentials_before_sending_stop_without_calling_the_api(
    client: OAuthClient, clock: ManualClock, getresponse_box: Sandbox
) -> None:
    token = first_token(client, getresponse_box)
    clock.advance(61)
    outcome = send_with_recovery(
        client,
        config_for(getresponse_box, secret="wrong-secret"),
        accounts(getresponse_box),
        token,
        BOTH,
    )
    assert story(outcome.steps) == [(StepReason.REFETCH_LAPSED, 401)]
    assert outcome.api is None
    assert outcome.problem is not None
    assert outcome.problem.kind is ProblemKind.BAD_CLIENT_CREDENTIALS
    assert outcome.token is token


class ExpiringTransport(Transport):
    """A real transport that tells the sandbox to lapse every token as soon as one is issued."""

    def __init__(self, box: Sandbox) -> None:
        super().__init__()
        self.box = box

    def send(self, request: HttpRequest, **kwargs: Any) -> Exchange:
        exchange = super().send(request, **kwargs)
        if kwargs.get("kind") is ExchangeKind.TOKEN:
            self.box.expire_all()
        return exchange


@pytest.mark.parametrize("errors", ["getresponse", "rfc"])
def test_a_replay_that_fails_again_stops(errors: Any, clock: ManualClock) -> None:
    with Sandbox(token_ttl_s=60, token_errors=errors) as box:
        transport = ExpiringTransport(box)
        client = OAuthClient(transport=transport, clock=clock)
        try:
            token = first_token(client, box)
            outcome = send_with_recovery(client, config_for(box), accounts(box), token, BOTH)
        finally:
            transport.close()
    assert story(outcome.steps) == [
        (StepReason.REQUEST, 401),
        (StepReason.REFETCH_AFTER_401, 200),
        (StepReason.REPLAY, 401),
    ]
    assert outcome.problem is not None and outcome.problem.token_lapsed
    assert outcome.token is not None and outcome.token is not token
    assert "only once" in outcome.stopped_because


def test_a_token_fetched_before_sending_is_not_fetched_again_after_a_401(
    clock: ManualClock,
) -> None:
    with Sandbox(token_ttl_s=60) as box:
        transport = ExpiringTransport(box)
        client = OAuthClient(transport=transport, clock=clock)
        try:
            token = first_token(client, box)
            clock.advance(61)
            outcome = send_with_recovery(client, config_for(box), accounts(box), token, BOTH)
        finally:
            transport.close()
    assert story(outcome.steps) == [(StepReason.REFETCH_LAPSED, 200), (StepReason.REQUEST, 401)]
    assert "moments before" in outcome.stopped_because


def test_cancel_before_the_replay_stops_it(client: OAuthClient, getresponse_box: Sandbox) -> None:
    from workbench.core.cancel import CancelToken

    token = first_token(client, getresponse_box)
    getresponse_box.expire_all()
    cancel = CancelToken()

    def cancel_after_new_token(step: RecoveryStep) -> None:
        if step.reason is StepReason.REFETCH_AFTER_401:
            cancel.cancel()

    outcome = send_with_recovery(
        client,
        config_for(getresponse_box),
        accounts(getresponse_box),
        token,
        BOTH,
        cancel=cancel,
        on_step=cancel_after_new_token,
    )
    assert story(outcome.steps) == [(StepReason.REQUEST, 401), (StepReason.REFETCH_AFTER_401, 200)]
    assert outcome.problem is not None and outcome.problem.kind is ProblemKind.CANCELLED
    assert outcome.token is not None and outcome.token is not token


def test_request_sent_without_the_token_is_not_replayed(
    client: OAuthClient, getresponse_box: Sandbox
) -> None:
    token = first_token(client, getresponse_box)
    getresponse_box.expire_all()
    own = ApiRequest(
        "GET",
        getresponse_box.url + "/v3/accounts",
        headers=(("Authorization", f"Bearer {token.value.reveal()}"),),
        apply_token=False,
    )
    outcome = send_with_recovery(client, config_for(getresponse_box), own, token, BOTH)
    assert story(outcome.steps) == [(StepReason.REQUEST, 401)]
    assert "without the workbench's token" in outcome.stopped_because


# --- the rule on its own -------------------------------------------------------------------------


def _token(value: str, clock: ManualClock) -> AccessToken:
    return AccessToken(Secret(value), "Bearer", 60.0, clock.monotonic(), clock.wall())


def _api_exchange(status: int, kind: ExchangeKind = ExchangeKind.API) -> Exchange:
    request = HttpRequest("GET", "http://127.0.0.1:9/v3/accounts", (("Authorization", "Bearer x"),))
    return Exchange(kind, request, HttpResponse(status))


def _problem(kind: ProblemKind, source: str = "", code: str = "") -> Problem:
    return Problem(kind, "t", "e", "c", "a", source=source, code=code)


@pytest.mark.parametrize(
    ("status", "exchange_kind", "problem", "expected"),
    [
        (401, ExchangeKind.API, _problem(ProblemKind.TOKEN_EXPIRED, source="getresponse"), True),
        (
            401,
            ExchangeKind.API,
            _problem(ProblemKind.TOKEN_INVALID, "rfc6750", "invalid_token"),
            True,
        ),
        (
            401,
            ExchangeKind.API,
            _problem(ProblemKind.TOKEN_INVALID, "rfc6749", "invalid_token"),
            True,
        ),
        (401, ExchangeKind.API, _problem(ProblemKind.TOKEN_INVALID, "getresponse", "1014"), False),
        (401, ExchangeKind.API, _problem(ProblemKind.TOKEN_INVALID, "rfc6750", ""), False),
        (
            401,
            ExchangeKind.API,
            _problem(ProblemKind.MISSING_TOKEN, "rfc6750", "invalid_token"),
            False,
        ),
        (401, ExchangeKind.API, _problem(ProblemKind.BAD_CLIENT_CREDENTIALS, "rfc6749"), False),
        (401, ExchangeKind.TOKEN, _problem(ProblemKind.TOKEN_EXPIRED), False),
        (403, ExchangeKind.API, _problem(ProblemKind.TOKEN_EXPIRED), False),
        (403, ExchangeKind.API, _problem(ProblemKind.INSUFFICIENT_SCOPE, "rfc6750"), False),
    ],
)
def test_which_401s_mean_the_token_lapsed(
    status: int, exchange_kind: ExchangeKind, problem: Problem, expected: bool
) -> None:
    assert means_token_lapsed(_api_exchange(status, exchange_kind), problem) is expected


def test_no_problem_never_means_lapsed() -> None:
    assert not means_token_lapsed(_api_exchange(401), None)

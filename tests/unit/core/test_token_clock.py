"""A token's countdown follows the monotonic deadline, whatever the wall clock does."""

from __future__ import annotations

import json

import pytest

from workbench.core.clock import ManualClock
from workbench.core.http import Exchange, ExchangeKind, HttpRequest, HttpResponse
from workbench.core.token import AccessToken, format_countdown
from workbench.core.token_response import read_token


def received(clock: ManualClock, **members: object) -> AccessToken:
    payload = {"access_token": "demo-token", "token_type": "Bearer", **members}
    response = HttpResponse(
        status=200,
        headers=(("Content-Type", "application/json"),),
        body=json.dumps(payload).encode(),
    )
    exchange = Exchange(
        kind=ExchangeKind.TOKEN,
        request=HttpRequest("POST", "http://127.0.0.1:1/v3/token"),
        response=response,
    )
    token = read_token(exchange, clock=clock)
    assert isinstance(token, AccessToken)
    return token


def test_the_countdown_follows_the_monotonic_deadline() -> None:
    clock = ManualClock(monotonic_s=1000.0, wall_s=1_767_225_600.0)
    token = received(clock, expires_in=3600)
    assert token.deadline_monotonic == 4600.0
    assert token.expires_at_wall == 1_767_229_200.0
    assert token.remaining_s(clock) == 3600.0
    assert format_countdown(token.remaining_s(clock) or 0) == "01:00:00"
    assert token.fraction_left(clock) == 1.0
    assert not token.is_expiring(clock)

    clock.advance(3600 - 360)  # 10 % left, and more than a minute
    assert token.remaining_s(clock) == 360.0
    assert token.is_expiring(clock)
    assert token.fraction_left(clock) == pytest.approx(0.1)
    assert not token.is_expired(clock)

    clock.advance(359.5)
    assert format_countdown(token.remaining_s(clock) or 0) == "00:00:01"
    clock.advance(0.5)
    assert token.remaining_s(clock) == 0.0
    assert token.is_expired(clock)
    assert not token.is_expiring(clock)
    clock.advance(100)
    assert token.remaining_s(clock) == 0.0
    assert token.fraction_left(clock) == 0.0


@pytest.mark.parametrize("jump_s", [-86_400.0, -5.0, 7.0, 3 * 86_400.0])
def test_a_wall_clock_jump_does_not_move_the_countdown(jump_s: float) -> None:
    clock = ManualClock()
    token = received(clock, expires_in=60)
    clock.advance(20)
    before = token.remaining_s(clock)
    clock.jump_wall(jump_s)
    assert token.remaining_s(clock) == before == 40.0
    assert not token.is_expired(clock)


def test_a_suspended_machine_finds_the_token_expired() -> None:
    clock = ManualClock()
    token = received(clock, expires_in=60)
    clock.advance(8 * 3600)  # the laptop slept; no tick happened in between
    assert token.is_expired(clock)


@pytest.mark.parametrize(
    ("lifetime_s", "expiring_for_s"),
    [(60, 15), (90, 22.5), (600, 60), (86400, 8640)],
)
def test_expiring_is_the_last_tenth_or_minute_but_at_most_a_quarter(
    lifetime_s: float, expiring_for_s: float
) -> None:
    clock = ManualClock()
    token = received(clock, expires_in=lifetime_s)
    clock.advance(lifetime_s - expiring_for_s - 0.5)
    assert not token.is_expiring(clock)
    clock.advance(1)
    assert token.is_expiring(clock)


def test_an_unknown_lifetime_has_no_countdown_until_the_user_sets_one() -> None:
    clock = ManualClock()
    token = received(clock)
    assert token.remaining_s(clock) is None
    assert token.fraction_left(clock) is None
    assert token.deadline_monotonic is None
    assert token.expires_at_wall is None
    assert not token.is_expired(clock)
    assert not token.is_expiring(clock)
    clock.advance(10**9)
    assert not token.is_expired(clock)

    from dataclasses import replace

    chosen = replace(token, manual_lifetime_s=10**9 + 30)
    assert chosen.remaining_s(clock) == 30.0
    assert chosen.is_expiring(clock)


def test_a_jwt_exp_and_expires_in_can_be_compared() -> None:
    import jwt

    clock = ManualClock(wall_s=1_767_225_600.0)
    value = jwt.encode(
        {"exp": 1_767_225_600 + 3000}, "demo-key-that-is-long-enough-for-hs256!", algorithm="HS256"
    )
    payload = {"access_token": value, "token_type": "Bearer", "expires_in": 3600}
    exchange = Exchange(
        kind=ExchangeKind.TOKEN,
        request=HttpRequest("POST", "http://127.0.0.1:1/v3/token"),
        response=HttpResponse(status=200, body=json.dumps(payload).encode()),
    )
    token = read_token(exchange, clock=clock)
    assert isinstance(token, AccessToken)
    assert token.jwt_exp_wall is not None and token.expires_at_wall is not None
    assert token.expires_at_wall - token.jwt_exp_wall == 600.0

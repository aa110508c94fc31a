"""What the flow diagram draws for an exchange: the actors, and an arrow per message."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from enum import IntEnum

from workbench.core.http import Exchange, ExchangeKind
from workbench.core.problems import Problem, ProblemKind
from workbench.ui.style import Tone, answer_tone, exchange_tone

REQUEST_TONE = Tone.INFORMATIONAL
"""Arrows that carry a request: a neutral colour, so the answers stand out."""
_MAX_BODY_FOR_LIFETIME = 64 * 1024


class Actor(IntEnum):
    """The three parties of the client-credentials flow, left to right."""

    APP = 0
    AUTH_SERVER = 1
    API = 2


ACTOR_NAMES: dict[Actor, str] = {
    Actor.APP: "Your app",
    Actor.AUTH_SERVER: "Authorization server",
    Actor.API: "The API",
}

ACTOR_SHORT_NAMES: dict[Actor, str] = {
    Actor.APP: "Your app",
    Actor.AUTH_SERVER: "Auth server",
    Actor.API: "API",
}
"""Used when the full name does not fit its box."""


@dataclass(frozen=True)
class Arrow:
    """One message between two actors, with the exchange it belongs to."""

    caption: str
    source: Actor
    target: Actor
    exchange: Exchange
    problem: Problem | None
    tone: Tone
    is_answer: bool
    """True for the answer (or the lack of one) coming back to your app."""

    @property
    def description(self) -> str:
        """The arrow in words, for tooltips and screen readers."""
        return f"{ACTOR_NAMES[self.source]} to {ACTOR_NAMES[self.target]}: {self.caption}"


def token_lifetime_s(exchange: Exchange) -> float | None:
    """``expires_in`` of a successful token response, when it is a usable number."""
    response = exchange.response
    if response is None or not exchange.ok or len(response.body) > _MAX_BODY_FOR_LIFETIME:
        return None
    try:
        data = json.loads(response.body)
    except (ValueError, RecursionError):
        return None
    value = data.get("expires_in") if isinstance(data, dict) else None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and number >= 0 else None


def _lifetime_words(seconds: float | None) -> str:
    if seconds is None:
        return "lifetime unknown"
    whole = round(seconds)
    if whole < 120:
        return f"valid {whole} s"
    if whole < 7200:
        return f"valid {round(whole / 60)} min"
    return f"valid {round(whole / 3600)} h"


def _status_words(exchange: Exchange) -> str:
    response = exchange.response
    if response is None:
        return ""
    from workbench.core.exchange_view import shown_reason

    return f"{response.status} {shown_reason(exchange)}".strip()


def arrows_for(exchange: Exchange, problem: Problem | None, *, tokens_before: int) -> list[Arrow]:
    """The two arrows of one exchange: the request, then the answer (or its absence).

    ``tokens_before`` counts earlier token exchanges, so a later one reads "for a new token".
    """
    if exchange.kind is ExchangeKind.TOKEN:
        server = Actor.AUTH_SERVER
        if tokens_before:
            sent = "Credentials sent again, for a new token"
        else:
            sent = "Credentials sent, asking for a token"
        if exchange.ok and (problem is None or problem.kind is ProblemKind.UNEXPECTED):
            lifetime = _lifetime_words(token_lifetime_s(exchange))
            new = "New token" if tokens_before else "Token"
            answer, tone = f"{new} returned ({lifetime})", Tone.FRESH
        else:
            answer, tone = _failed_answer(exchange, problem)
    else:
        server = Actor.API
        if exchange.request.header("Authorization") is not None:
            sent = "API called with the token"
        else:
            sent = "API called without a token"
        if exchange.ok and problem is not None and problem.kind is ProblemKind.WEB_PAGE:
            answer, tone = (
                f"{_status_words(exchange)}: a web page, not data",
                answer_tone(exchange, problem),
            )
        elif exchange.ok:
            answer, tone = f"{_status_words(exchange)}: data returned", Tone.SUCCESS
        elif problem is not None and problem.token_lapsed:
            status = exchange.response.status if exchange.response is not None else 401
            answer, tone = f"{status}: the token lapsed", Tone.EXPIRED
        else:
            answer, tone = _failed_answer(exchange, problem)
    return [
        Arrow(sent, Actor.APP, server, exchange, problem, REQUEST_TONE, is_answer=False),
        Arrow(answer, server, Actor.APP, exchange, problem, tone, is_answer=True),
    ]


def _failed_answer(exchange: Exchange, problem: Problem | None) -> tuple[str, Tone]:
    title = problem.title if problem is not None else "it did not work"
    if exchange.response is None:
        return f"No answer: {title}", Tone.FAILURE
    words = title[:1].lower() + title[1:] if title[:2] != title[:2].upper() else title
    return f"{exchange.response.status}: {words}", exchange_tone(exchange)

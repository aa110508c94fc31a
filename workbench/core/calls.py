"""What the client takes and gives back: light types the UI can import without ``requests``."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.core.config import Pairs
from workbench.core.http import Exchange
from workbench.core.problems import Problem
from workbench.core.token import AccessToken


@dataclass(frozen=True)
class ApiRequest:
    """An API call as the user describes it; the token and extra headers are added when sent."""

    method: str
    url: str
    headers: Pairs = ()
    body: bytes = b""
    apply_token: bool = True
    """Add the current token in ``token_header``; off to send exactly the headers given."""
    token_header: str = "Authorization"
    token_prefix: str = "Bearer"
    """Put before the token with a space; empty sends the raw token (``X-Auth-Token`` style)."""


@dataclass(frozen=True)
class TokenOutcome:
    """What came of asking for a token: the exchange always, then a token or a problem."""

    exchange: Exchange
    token: AccessToken | None
    problem: Problem | None


@dataclass(frozen=True)
class ApiOutcome:
    """What came of an API call: the exchange, and a problem unless the answer was 2xx."""

    exchange: Exchange
    problem: Problem | None

"""What the token panel says: the token's state in words, its times, JWT and clock remarks."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from workbench.core.clock import Clock
from workbench.core.secret import MASK
from workbench.core.token import AccessToken, format_countdown

SKEW_SHOWN_OVER_S = 5.0
"""Clock skew smaller than this is not worth mentioning."""
EXP_AGREES_WITHIN_S = 2.0
"""A JWT ``exp`` this close to what ``expires_in`` implies counts as agreeing."""
TIME_CLAIMS = frozenset({"exp", "iat", "nbf", "auth_time"})


class TokenState(StrEnum):
    """Where a token is in its life, as the panel colours it."""

    NONE = "none"
    FRESH = "fresh"
    EXPIRING = "expiring"
    """In its last tenth or last minute, or the server will end it before its countdown does."""
    EXPIRED = "expired"
    SERVER_EXPIRED = "server-expired"
    """The server ended the token (the demo's Expire now or Advance) and the app does not
    know yet: its own countdown still runs."""
    REJECTED = "rejected"
    """The API refused the token as lapsed before our clock said so (revoked, expired early)."""
    UNKNOWN = "unknown"


NO_TOKEN_TEXT = "No token yet: press Get token (Ctrl+T)"
FRESH_TEXT = "Fresh"
EXPIRING_TEXT = "Expiring soon"
EXPIRED_TEXT = "Expired — the next API call will be refused with 401; get a new token"
UNKNOWN_TEXT = "Lifetime unknown — the provider sent no expires_in"
SERVER_EXPIRED_TEXT = (
    "The server has expired this token; the app does not know yet (its countdown still runs). "
    "The next API call will be refused with 401: get a new token (Ctrl+T)"
)
SERVER_AHEAD_TEXT = (
    "The sandbox's clock runs {ahead} ahead: the server will expire this token in {left}, "
    "before this countdown ends"
)
REJECTED_TEXT = (
    "Expired early by {early}: the API refused this token before its stated lifetime ran out. "
    "Get a new token (Ctrl+T)"
)
REJECTED_UNKNOWN_TEXT = "The API refused this token as expired. Get a new token (Ctrl+T)"


def token_state(token: AccessToken | None, clock: Clock) -> TokenState:
    """Classify ``token`` at ``clock``'s now by its own lifetime."""
    if token is None:
        return TokenState.NONE
    if token.remaining_s(clock) is None:
        return TokenState.UNKNOWN
    if token.is_expired(clock):
        return TokenState.EXPIRED
    if token.is_expiring(clock):
        return TokenState.EXPIRING
    return TokenState.FRESH


def rejected_text(early_s: float | None) -> str:
    """The state line of a token the API refused ``early_s`` before its stated end."""
    if early_s is None:
        return REJECTED_UNKNOWN_TEXT
    return REJECTED_TEXT.format(early=format_countdown(early_s))


def server_ahead_text(ahead_s: float, left_s: float) -> str:
    """The state line of a token the sandbox will end ``left_s`` from now (its clock runs
    ``ahead_s`` ahead)."""
    return SERVER_AHEAD_TEXT.format(ahead=f"{ahead_s:.0f} s", left=format_countdown(left_s))


def format_local_time(epoch_s: float) -> str:
    """An epoch time in this computer's time zone, to the second."""
    from datetime import datetime  # first token only: not needed to open the window

    return datetime.fromtimestamp(epoch_s).astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")


def masked_token_text(token: AccessToken, *, reveal: bool) -> str:
    """``Bearer e222••••••`` (type, then the first 4 characters) or the whole token."""
    value = token.value.reveal()
    shown = value if reveal else (value[:4] + MASK if len(value) > 8 else MASK)
    return f"{token.token_type} {shown}".strip()


def exp_comparison_text(token: AccessToken) -> str:
    """How the JWT's ``exp`` compares with what ``expires_in`` implies; empty when not a JWT."""
    exp = token.jwt_exp_wall
    if exp is None:
        return ""
    if token.expires_in_s is None:
        return f"JWT exp: {format_local_time(exp)} (the response has no expires_in)"
    base = token.server_date_wall if token.server_date_wall is not None else token.received_wall
    difference_s = exp - (base + token.expires_in_s)
    if abs(difference_s) <= EXP_AGREES_WITHIN_S:
        return f"JWT exp {format_local_time(exp)} agrees with expires_in"
    direction = "later" if difference_s > 0 else "earlier"
    return (
        f"JWT exp {format_local_time(exp)} is {abs(difference_s):.0f} s {direction} than "
        f"expires_in ({token.expires_in_s:.0f} s) says; the API will go by exp"
    )


def skew_text(token: AccessToken) -> str:
    """The clock skew in words when it is over ``SKEW_SHOWN_OVER_S``; else empty."""
    skew = token.clock_skew_s
    if skew is None or abs(skew) <= SKEW_SHOWN_OVER_S:
        return ""
    direction = "ahead of" if skew > 0 else "behind"
    return f"The server's clock is {abs(skew):.0f} s {direction} this computer's (Date header)"


def claim_text(name: str, value: Any) -> str:
    """A JWT claim's value for the claims table: times with their local date."""
    if name in TIME_CLAIMS and isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value} ({format_local_time(float(value))})"
    if isinstance(value, str):
        return value
    import json

    return json.dumps(value, ensure_ascii=False)

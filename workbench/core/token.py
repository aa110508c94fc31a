"""Access tokens and their clock: the deadline, the time left, what the JWT says."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from workbench.core.clock import Clock
from workbench.core.secret import Secret

EXPIRING_FRACTION = 0.10
"""The last 10 % of a lifetime counts as "expiring"..."""
EXPIRING_MIN_S = 60.0
"""...or the last minute, whichever is longer..."""
EXPIRING_MAX_FRACTION = 0.25
"""...but never more than the last quarter, so a one-minute demo token starts out fresh."""


@dataclass(frozen=True)
class AccessToken:
    """A token as the provider sent it, and when we got it on both clocks."""

    value: Secret
    token_type: str
    """As sent (any case); compare with ``is_bearer``."""
    expires_in_s: float | None
    """None when the provider sent no usable ``expires_in``: the lifetime is unknown."""
    received_monotonic: float
    received_wall: float
    scope: str | None = None
    """Granted scope; None when absent or JSON null (GetResponse sends null)."""
    requested_scope: str = ""
    fields: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), repr=False)
    """Every member of the token response, unknown ones included (kept out of ``repr``: it holds
    the token in clear)."""
    jwt_claims: Mapping[str, Any] | None = None
    """The access token's claims when it is a JWT (decoded, not verified)."""
    server_date_wall: float | None = None
    """The response's ``Date`` header as epoch seconds, when present and parseable."""
    manual_lifetime_s: float | None = None
    """A lifetime the user chose for a token whose lifetime is unknown."""
    notes: tuple[str, ...] = ()
    """Plain-language remarks from reading the response: an assumed ``token_type``, an unusable
    ``expires_in``, a lifetime capped at a century."""

    @property
    def is_bearer(self) -> bool:
        """RFC 6749 says ``token_type`` is case-insensitive."""
        return self.token_type.lower() == "bearer"

    @property
    def lifetime_s(self) -> float | None:
        """``expires_in``, else the user's manual lifetime, else None (unknown)."""
        if self.expires_in_s is not None:
            return self.expires_in_s
        return self.manual_lifetime_s

    @property
    def deadline_monotonic(self) -> float | None:
        """When the token lapses on the monotonic clock; None when the lifetime is unknown."""
        lifetime = self.lifetime_s
        return None if lifetime is None else self.received_monotonic + lifetime

    @property
    def expires_at_wall(self) -> float | None:
        """When the token lapses, as epoch seconds for display."""
        lifetime = self.lifetime_s
        return None if lifetime is None else self.received_wall + lifetime

    def remaining_s(self, clock: Clock) -> float | None:
        """Seconds left (never negative), computed from the deadline; None when unknown."""
        deadline = self.deadline_monotonic
        if deadline is None:
            return None
        return max(0.0, deadline - clock.monotonic())

    def is_expired(self, clock: Clock) -> bool:
        """True once the deadline has passed; a token of unknown lifetime never counts as lapsed."""
        remaining = self.remaining_s(clock)
        return remaining is not None and remaining <= 0.0

    def fraction_left(self, clock: Clock) -> float | None:
        """From 1.0 (fresh) to 0.0 (lapsed); None when the lifetime is unknown."""
        remaining = self.remaining_s(clock)
        lifetime = self.lifetime_s
        if remaining is None or lifetime is None:
            return None
        if lifetime <= 0:
            return 0.0
        return min(1.0, remaining / lifetime)

    def is_expiring(self, clock: Clock) -> bool:
        """Not yet lapsed, and in the last 10 % of its life or its last minute.

        The minute is capped at a quarter of the lifetime: a 60 s token is "expiring" for its
        last 15 s, a day-long one for its last 2.4 h, a ten-minute one for its last minute.
        """
        remaining = self.remaining_s(clock)
        lifetime = self.lifetime_s
        if remaining is None or lifetime is None or remaining <= 0:
            return False
        last_minute = min(EXPIRING_MIN_S, EXPIRING_MAX_FRACTION * lifetime)
        return remaining <= max(EXPIRING_FRACTION * lifetime, last_minute)

    @property
    def jwt_exp_wall(self) -> float | None:
        """The JWT's ``exp`` claim, when there is one and it is a number."""
        claims = self.jwt_claims or {}
        exp = claims.get("exp")
        if isinstance(exp, bool) or not isinstance(exp, int | float):
            return None
        return float(exp)

    @property
    def clock_skew_s(self) -> float | None:
        """Server clock minus ours, from the ``Date`` header; positive when the server is ahead."""
        if self.server_date_wall is None:
            return None
        return self.server_date_wall - self.received_wall


def format_countdown(seconds: float) -> str:
    """``hh:mm:ss`` for a countdown; whole seconds, rounded up so 0.2 s left shows 00:00:01."""
    whole = max(0, int(-(-seconds // 1)))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"

"""What the client takes and gives back: light types the UI can import without ``requests``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from workbench.core.cancel import CancelToken, ProgressCallback
from workbench.core.clock import Clock
from workbench.core.config import ClientConfig, Pairs
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
    secrets: tuple[str, ...] = field(default=(), repr=False)
    """Secret values already in the request (from secret variables), masked wherever the
    exchange is shown or exported."""


@dataclass(frozen=True)
class SendOptions:
    """How an API call goes out: headers added, TLS check, timeout, and what stops or follows it."""

    extra_headers: Pairs = ()
    """Added after the request's own headers, unless it already has one of that name."""
    verify_tls: bool = True
    timeout_s: float = 30.0
    cancel: CancelToken | None = None
    progress: ProgressCallback | None = None

    @classmethod
    def for_config(
        cls,
        config: ClientConfig | None,
        *,
        cancel: CancelToken | None = None,
        progress: ProgressCallback | None = None,
    ) -> SendOptions:
        """The profile's extra headers, TLS check and timeout (the defaults without one)."""
        if config is None:
            return cls(cancel=cancel, progress=progress)
        return cls(
            extra_headers=config.extra_headers,
            verify_tls=config.verify_tls,
            timeout_s=config.timeout_s,
            cancel=cancel,
            progress=progress,
        )


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


class Client(Protocol):
    """What the session and recovery need of ``workbench.core.client.OAuthClient``.

    Fakes in tests implement it too. Neither call raises for a network problem.
    """

    @property
    def clock(self) -> Clock:
        """The clock tokens are timed with."""
        ...

    def fetch_token(
        self,
        config: ClientConfig,
        *,
        cancel: CancelToken | None = None,
        progress: ProgressCallback | None = None,
    ) -> TokenOutcome:
        """Ask the token endpoint for a token, with ``config``'s headers, TLS check, timeout."""
        ...

    def call_api(
        self, request: ApiRequest, token: AccessToken | None, options: SendOptions | None = None
    ) -> ApiOutcome:
        """Send one API request with the token applied (``SendOptions()`` when None)."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...

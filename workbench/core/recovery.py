"""Automatic recovery from a lapsed token: re-fetch before sending, and replay once after a 401."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from workbench.core.calls import ApiOutcome, ApiRequest, Client, SendOptions, TokenOutcome
from workbench.core.cancel import CancelToken, ProgressCallback
from workbench.core.config import ClientConfig
from workbench.core.http import Exchange, ExchangeKind
from workbench.core.problems import Problem, ProblemKind
from workbench.core.token import AccessToken

__all__ = [
    "RecoveryOptions",
    "RecoveryOutcome",
    "RecoveryStep",
    "StepReason",
    "means_token_lapsed",
    "send_with_recovery",
]

LAPSED_OAUTH_ERROR = "invalid_token"
"""RFC 6750 §3.1's error code for "expired, revoked, malformed, or invalid for other reasons"."""
_OAUTH_SOURCES = frozenset({"rfc6749", "rfc6750"})


@dataclass(frozen=True)
class RecoveryOptions:
    """The two recovery switches of a profile; both off by default (and in the demo)."""

    refetch_when_lapsed: bool = False
    """Get a new token before sending when the current one has lapsed by our clock."""
    replay_on_lapsed_401: bool = False
    """On a 401 that means the token lapsed, get a new token and send the request once more."""


class StepReason(StrEnum):
    """Why an exchange of a recovery happened; the timeline can say it in words."""

    REQUEST = "request"
    """The API call the user asked for."""
    REFETCH_LAPSED = "refetch-lapsed"
    """A new token, fetched before sending because the current one had lapsed by our clock."""
    REFETCH_AFTER_401 = "refetch-after-401"
    """A new token, fetched because the API answered that the token lapsed."""
    REPLAY = "replay"
    """The same API call, sent once more with the new token."""


STEP_CAPTIONS: dict[StepReason, str] = {
    StepReason.REQUEST: "The request you sent",
    StepReason.REFETCH_LAPSED: "New token: the current one had lapsed, so it was not sent",
    StepReason.REFETCH_AFTER_401: "New token: the API said the token had lapsed",
    StepReason.REPLAY: "The same request, sent once more with the new token",
}
"""One plain line per reason, for the timeline and the debug report."""


@dataclass(frozen=True)
class RecoveryStep:
    """One exchange of a recovery, in the order it happened, with its problem."""

    reason: StepReason
    exchange: Exchange
    problem: Problem | None
    token: AccessToken | None = None
    """The token a token request brought, so a UI can show it at once; None otherwise."""

    @property
    def kind(self) -> ExchangeKind:
        """Token or API."""
        return self.exchange.kind

    @property
    def caption(self) -> str:
        """Why this exchange happened, in one plain line."""
        return STEP_CAPTIONS[self.reason]


@dataclass(frozen=True)
class RecoveryOutcome:
    """Everything a send with recovery did: every exchange in order, the token to keep, the end."""

    steps: tuple[RecoveryStep, ...]
    token: AccessToken | None
    """The token to keep: the new one when a fetch succeeded, else the one passed in."""
    api: ApiOutcome | None
    """The last API call's outcome; None when nothing reached the API (a failed re-fetch before
    sending, or a cancel)."""
    problem: Problem | None
    """Why it ended badly: the failed token fetch's problem, else the last API call's; None on
    success."""
    stopped_because: str = ""
    """A plain sentence when recovery gave up or was not tried although it could have been."""

    @property
    def exchanges(self) -> tuple[Exchange, ...]:
        """Every exchange made, token and API, in order."""
        return tuple(step.exchange for step in self.steps)

    @property
    def token_renewed(self) -> bool:
        """True when a new token was fetched (and is the one to keep)."""
        return any(step.kind is ExchangeKind.TOKEN and step.problem is None for step in self.steps)

    @property
    def replayed(self) -> bool:
        """True when the request was sent a second time."""
        return any(step.reason is StepReason.REPLAY for step in self.steps)

    @property
    def ok(self) -> bool:
        """The last API call answered 2xx."""
        return self.api is not None and self.api.exchange.ok and self.problem is None


StepCallback = Callable[[RecoveryStep], None]
"""Called after each exchange, in the sending thread: lets a UI show every step as it happens."""


def means_token_lapsed(exchange: Exchange, problem: Problem | None) -> bool:
    """True when an API answer says the token sent has lapsed, so a new token may cure it.

    Counts: a 401 decoded as ``TOKEN_EXPIRED`` (GetResponse's 1014 "The access token provided
    is expired", or an OAuth ``invalid_token`` whose description mentions expiry), and a 401
    with the OAuth error ``invalid_token`` whatever its description, because RFC 6750 §3.1
    gives that one code for "expired, revoked, malformed, or invalid for other reasons" and
    says the client MAY request a new access token and retry. A revoked token therefore costs
    one extra token request, never more: a replay happens at most once.

    Never counts: a token-endpoint answer (bad client credentials are not cured by asking
    again), no token sent (``MISSING_TOKEN``), GetResponse's other 1014 ("Unable to
    authenticate", a malformed or unknown token), scope, rate-limit and every other problem.
    """
    if problem is None or exchange.kind is not ExchangeKind.API:
        return False
    response = exchange.response
    if exchange.failure is not None or response is None or response.status != 401:
        return False
    if problem.kind is ProblemKind.TOKEN_EXPIRED:
        return True
    return (
        problem.kind is ProblemKind.TOKEN_INVALID
        and problem.source in _OAUTH_SOURCES
        and problem.code.strip().lower() == LAPSED_OAUTH_ERROR
    )


def send_with_recovery(
    client: Client,
    config: ClientConfig,
    request: ApiRequest,
    token: AccessToken | None,
    options: RecoveryOptions,
    *,
    cancel: CancelToken | None = None,
    progress: ProgressCallback | None = None,
    on_step: StepCallback | None = None,
) -> RecoveryOutcome:
    """Send ``request`` with ``token``, recovering from a lapsed token as ``options`` allow.

    1. With ``refetch_when_lapsed``, a token that has lapsed by the client's clock is replaced
       first; when that fetch fails, nothing is sent and the outcome carries its problem.
    2. The request is sent (with ``config``'s extra headers, TLS and timeout settings).
    3. With ``replay_on_lapsed_401``, a 401 for which ``means_token_lapsed`` holds leads to one
       new token and one replay, unless a new token was fetched moments ago in step 1 (then the
       lapse is not ours to cure). A failed fetch stops there; a replay that fails again is
       final. There is never a second replay.

    ``progress`` follows the API calls' downloads; ``cancel`` stops the running exchange and
    every later one; ``on_step`` hears of each exchange as soon as it is done.
    """
    steps: list[RecoveryStep] = []
    current = token
    send_options = SendOptions.for_config(config, cancel=cancel, progress=progress)
    fetched_before_send = False

    def record(
        reason: StepReason,
        exchange: Exchange,
        problem: Problem | None,
        token: AccessToken | None = None,
    ) -> None:
        step = RecoveryStep(reason, exchange, problem, token)
        steps.append(step)
        if on_step is not None:
            on_step(step)

    def fetch(reason: StepReason) -> TokenOutcome:
        outcome = client.fetch_token(config, cancel=cancel)
        record(reason, outcome.exchange, outcome.problem, outcome.token)
        return outcome

    def call(reason: StepReason) -> ApiOutcome:
        outcome = client.call_api(request, current, send_options)
        record(reason, outcome.exchange, outcome.problem)
        return outcome

    def cancelled() -> bool:
        return cancel is not None and cancel.cancelled

    def outcome(
        api: ApiOutcome | None, problem: Problem | None, stopped: str = ""
    ) -> RecoveryOutcome:
        return RecoveryOutcome(tuple(steps), current, api, problem, stopped)

    if (
        options.refetch_when_lapsed
        and request.apply_token
        and current is not None
        and current.is_expired(client.clock)
    ):
        fetched = fetch(StepReason.REFETCH_LAPSED)
        if fetched.token is None:
            return outcome(
                None,
                fetched.problem,
                "The token had lapsed and a new one could not be had, so the request was not sent.",
            )
        current = fetched.token
        fetched_before_send = True
    if cancelled():
        return _cancelled(steps, current, None)

    first = call(StepReason.REQUEST)
    if first.problem is None or not means_token_lapsed(first.exchange, first.problem):
        return outcome(first, first.problem)
    if not options.replay_on_lapsed_401:
        return outcome(first, first.problem)
    if fetched_before_send:
        return outcome(
            first,
            first.problem,
            "The API refused a token fetched moments before, so it was not fetched again.",
        )
    if not request.apply_token:
        return outcome(
            first,
            first.problem,
            "The request is sent without the workbench's token, so a new token would not "
            "change it.",
        )
    if cancelled():
        return _cancelled(steps, current, first)

    fetched = fetch(StepReason.REFETCH_AFTER_401)
    if fetched.token is None:
        return outcome(
            first,
            fetched.problem,
            "A new token could not be had, so the request was not sent again.",
        )
    current = fetched.token
    if cancelled():
        return _cancelled(steps, current, first)

    replay = call(StepReason.REPLAY)
    stopped = ""
    if replay.problem is not None and means_token_lapsed(replay.exchange, replay.problem):
        stopped = (
            "The API refused the new token too; the request is replayed only once, so the "
            "workbench stopped there."
        )
    return outcome(replay, replay.problem, stopped)


def _cancelled(
    steps: list[RecoveryStep], token: AccessToken | None, api: ApiOutcome | None
) -> RecoveryOutcome:
    problem = Problem(
        kind=ProblemKind.CANCELLED,
        title="Request cancelled",
        explanation="You cancelled the request before the workbench could finish recovering.",
        likely_cause="The cancel button was pressed, or a newer request replaced this one.",
        suggested_action="Send the request again when you are ready.",
        source="recovery",
        wording_is_ours=True,
    )
    return RecoveryOutcome(tuple(steps), token, api, problem, "Cancelled.")

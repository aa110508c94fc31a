"""The workbench's client: get a token, call an API with it, record every exchange."""

from __future__ import annotations

from workbench.core.calls import ApiOutcome, ApiRequest, SendOptions, TokenOutcome
from workbench.core.cancel import CancelToken, ProgressCallback
from workbench.core.clock import Clock, SystemClock
from workbench.core.config import ClientConfig, Pairs
from workbench.core.http import (
    Exchange,
    ExchangeKind,
    FailureCause,
    HttpRequest,
    TransportFailure,
    first_header,
)
from workbench.core.problems import Problem, ProblemKind
from workbench.core.problems.decode import describe_problem
from workbench.core.problems.unusual_answers import answers_with_a_page
from workbench.core.token import AccessToken
from workbench.core.token_request import TokenRequestError, build_token_request
from workbench.core.token_response import read_token
from workbench.core.transport import Transport

__all__ = [
    "NOT_SENT_NOTE",
    "ApiOutcome",
    "ApiRequest",
    "OAuthClient",
    "SendOptions",
    "TokenOutcome",
    "prepare_api_request",
]

NOT_SENT_NOTE = "The request was not sent: the workbench could not build it."


class OAuthClient:
    """Gets client-credentials tokens and sends API calls, recording every exchange.

    Never raises for a network problem or a bad configuration: both come back as a ``Problem``
    next to an ``Exchange``. When the token request cannot even be built (a damaged private
    key, an impossible algorithm), the outcome still has an ``Exchange``: it records the
    request that would have been sent (``POST`` to the token URL, no headers, no body), a
    ``TransportFailure`` of kind ``OTHER`` with the reason, and a note that nothing was sent;
    the problem is of kind ``BAD_REQUEST`` with source ``request``.
    """

    def __init__(self, transport: Transport | None = None, clock: Clock | None = None) -> None:
        self._owns_transport = transport is None
        self._transport = transport if transport is not None else Transport()
        self._clock: Clock = clock if clock is not None else SystemClock()

    @property
    def clock(self) -> Clock:
        """The clock tokens are timed with."""
        return self._clock

    def fetch_token(
        self,
        config: ClientConfig,
        *,
        cancel: CancelToken | None = None,
        progress: ProgressCallback | None = None,
    ) -> TokenOutcome:
        """Build the token request from ``config``, send it, and read the answer."""
        try:
            token_request = build_token_request(config, self._clock)
        except TokenRequestError as error:
            return self._unsent_token_request(config, error.message)
        exchange = self._transport.send(
            token_request.request,
            kind=ExchangeKind.TOKEN,
            verify_tls=config.verify_tls,
            timeout_s=config.timeout_s,
            cancel=cancel,
            progress=progress,
            secrets=token_request.secrets,
            notes=token_request.notes,
        )
        result = read_token(exchange, clock=self._clock, requested_scope=config.scope)
        if isinstance(result, AccessToken):
            return TokenOutcome(exchange=exchange, token=result, problem=None)
        return TokenOutcome(exchange=exchange, token=None, problem=result)

    def call_api(
        self, request: ApiRequest, token: AccessToken | None, options: SendOptions | None = None
    ) -> ApiOutcome:
        """Send ``request`` with the token (even an expired one: that is the point) and headers."""
        options = options if options is not None else SendOptions()
        http_request, secrets, notes = prepare_api_request(request, token, options.extra_headers)
        exchange = self._transport.send(
            http_request,
            kind=ExchangeKind.API,
            verify_tls=options.verify_tls,
            timeout_s=options.timeout_s,
            cancel=options.cancel,
            progress=options.progress,
            secrets=secrets,
            notes=notes,
        )
        failed = not exchange.ok or answers_with_a_page(exchange)  # a proxy's page is no data
        problem = describe_problem(exchange) if failed else None
        return ApiOutcome(exchange=exchange, problem=problem)

    def close(self) -> None:
        """Close the transport if this client made it; a transport passed in is the caller's."""
        if self._owns_transport:
            self._transport.close()

    def _unsent_token_request(self, config: ClientConfig, reason: str) -> TokenOutcome:
        """The outcome of a token request that could not be built."""
        exchange = Exchange(
            kind=ExchangeKind.TOKEN,
            request=HttpRequest("POST", config.token_url),
            failure=TransportFailure.because(FailureCause.NOT_PREPARED, reason),
            started_wall=self._clock.wall(),
            notes=(NOT_SENT_NOTE,),
        )
        problem = Problem(
            kind=ProblemKind.BAD_REQUEST,
            title="The token request could not be built",
            explanation=reason,
            likely_cause="A setting in the credentials cannot be used as it is.",
            suggested_action="Correct the setting named above and get a token again.",
            source="request",
            wording_is_ours=True,
        )
        return TokenOutcome(exchange=exchange, token=None, problem=problem)


def prepare_api_request(
    request: ApiRequest, token: AccessToken | None, extra_headers: Pairs = ()
) -> tuple[HttpRequest, tuple[str, ...], tuple[str, ...]]:
    """The request to send, the secrets in it, and notes.

    Header order: the request's own headers, then the token header, then each extra header the
    request does not already have (compared case-insensitively). With ``apply_token`` the token
    header replaces a header of the same name the request already carries (noted).
    """
    headers = list(request.headers)
    secrets: list[str] = list(request.secrets)
    notes: list[str] = []
    if request.apply_token:
        if token is None:
            notes.append("There is no token yet, so the request was sent without one.")
        else:
            raw = token.value.reveal()
            value = f"{request.token_prefix} {raw}" if request.token_prefix else raw
            secrets.append(raw)
            lowered = request.token_header.lower()
            if any(name.lower() == lowered for name, _value in headers):
                notes.append(
                    f"The request's own {request.token_header} header was replaced by the token."
                )
                headers = [(name, val) for name, val in headers if name.lower() != lowered]
            headers.append((request.token_header, value))
    present = tuple(headers)
    for name, value in extra_headers:
        if name and first_header(present, name) is None:
            headers.append((name, value))
    http_request = HttpRequest(request.method, request.url, tuple(headers), request.body)
    return http_request, tuple(s for s in secrets if s), tuple(notes)

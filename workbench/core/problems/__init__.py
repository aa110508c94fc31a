"""Problems: any failed exchange, explained in plain words (design §4).

``Problem`` and ``ProblemKind`` live here, light enough for the widgets to import; the decoder
that builds them is ``workbench.core.problems.decode.describe_problem``, and each format it reads
has a module of its own in this package.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from workbench.core.config import Pairs


class ProblemKind(StrEnum):
    """What kind of failure a problem is; drives buttons and automatic recovery."""

    TOKEN_EXPIRED = "token-expired"
    """The API says the token lapsed: get a new one and resend."""
    TOKEN_INVALID = "token-invalid"
    """The API rejects the token for another reason (unknown, malformed, revoked)."""
    MISSING_TOKEN = "missing-token"
    BAD_CLIENT_CREDENTIALS = "bad-client-credentials"
    """The token endpoint rejected the client id or secret."""
    INSUFFICIENT_SCOPE = "insufficient-scope"
    FORBIDDEN = "forbidden"
    RATE_LIMITED = "rate-limited"
    BAD_REQUEST = "bad-request"
    NOT_FOUND = "not-found"
    SERVER_ERROR = "server-error"
    MAINTENANCE = "maintenance"
    REDIRECT = "redirect"
    INVALID_TOKEN_RESPONSE = "invalid-token-response"
    """A 2xx from the token endpoint that is not a usable token."""
    TRANSPORT = "transport"
    """No HTTP answer at all: DNS, refused, TLS, timeout, lost connection."""
    CANCELLED = "cancelled"
    WEB_PAGE = "web-page"
    """A 2xx API answer that is a web page where data was expected: a proxy, a company
    firewall or a network's sign-in page (captive portal) answered in the API's place."""
    UNEXPECTED = "unexpected"


@dataclass(frozen=True)
class Problem:
    """A failure in plain language, with the raw fields it was decoded from."""

    kind: ProblemKind
    title: str
    explanation: str
    likely_cause: str
    suggested_action: str
    http_status: int | None = None
    source: str = ""
    """Which format was decoded: getresponse, rfc6749, rfc6750, rfc9457, html, text, empty,
    binary, json, transport."""
    code: str = ""
    """The provider's own code as text: ``1014``, ``invalid_client``, a problem type URI."""
    fields: Pairs = ()
    """The raw fields, in the order found, flattened to text."""
    more_info_url: str = ""
    retry_after_s: float | None = None
    """How long the provider asks us to wait, when it says."""
    wording_is_ours: bool = False
    """True when the provider publishes no text for this code and the words are ours."""

    @property
    def token_lapsed(self) -> bool:
        """True when getting a new token and sending again is the cure."""
        return self.kind is ProblemKind.TOKEN_EXPIRED

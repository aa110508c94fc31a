"""The wire as recorded: requests exactly as sent, responses exactly as received."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from workbench.core.config import Pairs


class ExchangeKind(StrEnum):
    """Why an exchange happened."""

    TOKEN = "token"
    API = "api"


class FailureKind(StrEnum):
    """Why no HTTP response arrived (or why it was not read to the end)."""

    INVALID_URL = "invalid-url"
    DNS = "dns"
    REFUSED = "refused"
    TLS = "tls"
    TIMEOUT = "timeout"
    CONNECTION_LOST = "connection-lost"
    CANCELLED = "cancelled"
    DECODING = "decoding"
    PROTOCOL = "protocol"
    """An answer came but breaks HTTP's rules or the reader's limits (a 1 MB header line,
    more than 100 headers, a status line that is not HTTP), so it was not read."""
    OTHER = "other"


@dataclass(frozen=True)
class HttpRequest:
    """A request as it goes on the wire: method, absolute URL, headers in order, body bytes."""

    method: str
    url: str
    headers: Pairs = ()
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        return first_header(self.headers, name)


@dataclass(frozen=True)
class HttpResponse:
    """A response as received; ``body`` is after content decoding, possibly cut at the cap."""

    status: int
    reason: str = ""
    http_version: str = "HTTP/1.1"
    headers: Pairs = ()
    body: bytes = b""
    truncated: bool = False
    """True when the body was longer than the size cap and only its start was kept."""

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        return first_header(self.headers, name)

    def header_values(self, name: str) -> tuple[str, ...]:
        """Every value of header ``name``, in order."""
        lowered = name.lower()
        return tuple(value for key, value in self.headers if key.lower() == lowered)

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower case; empty when absent."""
        value = self.header("Content-Type") or ""
        return value.split(";", 1)[0].strip().lower()


class FailureCause(StrEnum):
    """Exactly why, within a ``FailureKind``; set by the transport where it caught the error."""

    INVALID_URL = "invalid-url"
    DNS = "dns"
    REFUSED = "refused"
    TLS_CERTIFICATE_EXPIRED = "tls-certificate-expired"
    TLS_SELF_SIGNED = "tls-self-signed"
    TLS_UNKNOWN_ISSUER = "tls-unknown-issuer"
    """Issued by an authority this computer does not trust."""
    TLS_HOSTNAME_MISMATCH = "tls-hostname-mismatch"
    """Issued for another host name or address."""
    TLS_CERTIFICATE_REJECTED = "tls-certificate-rejected"
    """Any other reason the certificate did not verify (not yet valid, wrong purpose, ...)."""
    TLS_NOT_SPOKEN = "tls-not-spoken"
    """The port answered, but not in TLS: plain HTTP, most likely."""
    TLS_HANDSHAKE = "tls-handshake"
    """The TLS handshake failed for another reason."""
    CONNECT_TIMEOUT = "connect-timeout"
    ANSWER_TIMEOUT = "answer-timeout"
    """Connected, but the answer's head did not come in time."""
    BODY_STALLED = "body-stalled"
    """The body stopped arriving."""
    CLOSED_WITHOUT_ANSWER = "closed-without-answer"
    CONNECTION_RESET = "connection-reset"
    CLOSED_WHILE_SENDING = "closed-while-sending"
    BODY_CUT_SHORT = "body-cut-short"
    """The connection closed before the announced length (Content-Length or a chunk) came."""
    CHUNKED_FRAMING = "chunked-framing"
    CONNECTION_BROKE = "connection-broke"
    CANCELLED = "cancelled"
    BAD_CONTENT_ENCODING = "bad-content-encoding"
    LINE_TOO_LONG = "line-too-long"
    """A status or header line longer than the reader takes (64 KiB)."""
    TOO_MANY_HEADERS = "too-many-headers"
    NOT_HTTP = "not-http"
    """The first line of the answer is not an HTTP status line."""
    HTTP_VIOLATION = "http-violation"
    PROXY = "proxy"
    HEADER_NOT_SENDABLE = "header-not-sendable"
    NOT_PREPARED = "not-prepared"
    """The request could not be built or prepared, so nothing was sent."""
    CONNECT_FAILED = "connect-failed"
    UNKNOWN = "unknown"

    @property
    def kind(self) -> FailureKind:
        """The coarse kind this cause belongs to."""
        return _CAUSE_KINDS[self]


_CAUSE_KINDS: dict[FailureCause, FailureKind] = {
    FailureCause.INVALID_URL: FailureKind.INVALID_URL,
    FailureCause.DNS: FailureKind.DNS,
    FailureCause.REFUSED: FailureKind.REFUSED,
    **dict.fromkeys(
        (
            FailureCause.TLS_CERTIFICATE_EXPIRED,
            FailureCause.TLS_SELF_SIGNED,
            FailureCause.TLS_UNKNOWN_ISSUER,
            FailureCause.TLS_HOSTNAME_MISMATCH,
            FailureCause.TLS_CERTIFICATE_REJECTED,
            FailureCause.TLS_NOT_SPOKEN,
            FailureCause.TLS_HANDSHAKE,
        ),
        FailureKind.TLS,
    ),
    **dict.fromkeys(
        (FailureCause.CONNECT_TIMEOUT, FailureCause.ANSWER_TIMEOUT, FailureCause.BODY_STALLED),
        FailureKind.TIMEOUT,
    ),
    **dict.fromkeys(
        (
            FailureCause.CLOSED_WITHOUT_ANSWER,
            FailureCause.CONNECTION_RESET,
            FailureCause.CLOSED_WHILE_SENDING,
            FailureCause.BODY_CUT_SHORT,
            FailureCause.CHUNKED_FRAMING,
            FailureCause.CONNECTION_BROKE,
        ),
        FailureKind.CONNECTION_LOST,
    ),
    FailureCause.CANCELLED: FailureKind.CANCELLED,
    FailureCause.BAD_CONTENT_ENCODING: FailureKind.DECODING,
    **dict.fromkeys(
        (
            FailureCause.LINE_TOO_LONG,
            FailureCause.TOO_MANY_HEADERS,
            FailureCause.NOT_HTTP,
            FailureCause.HTTP_VIOLATION,
        ),
        FailureKind.PROTOCOL,
    ),
    **dict.fromkeys(
        (
            FailureCause.PROXY,
            FailureCause.HEADER_NOT_SENDABLE,
            FailureCause.NOT_PREPARED,
            FailureCause.CONNECT_FAILED,
            FailureCause.UNKNOWN,
        ),
        FailureKind.OTHER,
    ),
}


@dataclass(frozen=True)
class TransportFailure:
    """What went wrong below HTTP: DNS, refused, TLS, timeout, a lost connection, a cancel."""

    kind: FailureKind
    message: str
    cause: FailureCause | None = None
    """Exactly why, when the transport knows; None for a failure built by hand."""

    @classmethod
    def because(cls, cause: FailureCause, message: str) -> TransportFailure:
        """A failure of ``cause``'s kind."""
        return cls(cause.kind, message, cause)


@dataclass(frozen=True)
class Exchange:
    """One request and what came of it, token or API; the unit of the timeline and exports."""

    kind: ExchangeKind
    request: HttpRequest
    response: HttpResponse | None = None
    failure: TransportFailure | None = None
    started_wall: float = 0.0
    """Wall-clock time (epoch seconds) when the request was sent."""
    duration_s: float = 0.0
    """From sending the request to the last body byte (or the failure)."""
    waiting_s: float = 0.0
    """From sending the request to the response headers (time to first byte)."""
    notes: tuple[str, ...] = ()
    """Plain-language remarks: a redirect not followed, a body cut at the cap, TLS off."""
    secrets: tuple[str, ...] = field(default=(), repr=False)
    """Values known to be secret in this exchange, masked when rendering unless revealed."""

    @property
    def ok(self) -> bool:
        """A 2xx response with no transport failure."""
        return (
            self.failure is None
            and self.response is not None
            and (200 <= self.response.status < 300)
        )


def first_header(headers: Pairs, name: str) -> str | None:
    """The first value of ``name`` in ``headers``, case-insensitively."""
    lowered = name.lower()
    for key, value in headers:
        if key.lower() == lowered:
            return value
    return None


def parse_http_date(value: str | None) -> float | None:
    """An HTTP date (``Date``, ``Retry-After``) as epoch seconds; None when absent or unreadable.

    A date without a zone, or with ``-0000``, is read as UTC. Only the first 100 characters
    are looked at: a real date is about 30.
    """
    if not value:
        return None
    from datetime import UTC
    from email.utils import parsedate_to_datetime  # with sockets and calendars: when needed

    try:
        moment = parsedate_to_datetime(value[:100])
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment.tzinfo is None:  # "-0000" means UTC with no claim about the local zone
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.timestamp()
    except (ValueError, OverflowError):
        return None

"""Exceptions of the HTTP stack turned into a ``TransportFailure``: its cause and plain words.

The cause is read from the exception's type and its codes (OpenSSL's verify code and reason,
the arguments http.client gives), never from the words of its message.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import zlib
from collections.abc import Iterator

import requests
import urllib3
from urllib3.util.ssl_match_hostname import CertificateError

from workbench.core.http import FailureCause, TransportFailure
from workbench.core.sizes import format_size

HTTP_MAX_LINE: int = getattr(http.client, "_MAXLINE", 65536)
"""The longest status or header line http.client reads."""
HTTP_MAX_HEADERS: int = getattr(http.client, "_MAXHEADERS", 100)
"""The most header lines http.client reads."""

# OpenSSL's X509_V_ERR_* codes (x509_vfy.h), as ssl.SSLCertVerificationError.verify_code.
_CERTIFICATE_EXPIRED = frozenset({10})
_SELF_SIGNED = frozenset({18, 19})
_UNKNOWN_ISSUER = frozenset({2, 20, 21})
_NAME_MISMATCH = frozenset({62, 63, 64})
# OpenSSL's reasons for a peer that does not speak TLS at all (ssl.SSLError.reason).
_NOT_TLS_REASONS = frozenset({"WRONG_VERSION_NUMBER", "RECORD_LAYER_FAILURE", "UNKNOWN_PROTOCOL"})

_TLS_ADVICE = (
    " Fix the server's certificate, or switch off TLS verification for this request "
    "(for testing only)."
)


def prepare_failure(error: Exception, url: str) -> TransportFailure:
    """Why the request could not be prepared (a bad address or header), nothing sent."""
    if isinstance(
        error,
        requests.exceptions.MissingSchema
        | requests.exceptions.InvalidSchema
        | requests.exceptions.InvalidURL
        | requests.exceptions.URLRequired,
    ):
        return TransportFailure.because(
            FailureCause.INVALID_URL, f"The address {url!r} cannot be used: {error}"
        )
    if isinstance(error, requests.exceptions.InvalidHeader):
        return TransportFailure.because(
            FailureCause.HEADER_NOT_SENDABLE, f"A header cannot be sent: {error}"
        )
    return TransportFailure.because(
        FailureCause.NOT_PREPARED, f"The request could not be prepared: {plain(error)}"
    )


def send_failure(error: Exception, host: str, timeout_s: float) -> TransportFailure:
    """Why no answer's head arrived: name lookup, connect, TLS, the request or the head."""
    cause, message = _send_cause(error, list(_chain(error)), host, timeout_s)
    return TransportFailure.because(cause, message)


def _send_cause(
    error: Exception, chain: list[BaseException], host: str, timeout_s: float
) -> tuple[FailureCause, str]:
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return (
            FailureCause.CONNECT_TIMEOUT,
            f"No connection to {host} within {_seconds(timeout_s)}.",
        )
    if isinstance(error, requests.exceptions.ReadTimeout):
        return (
            FailureCause.ANSWER_TIMEOUT,
            f"The request reached {host}, but no answer came within {_seconds(timeout_s)}.",
        )
    if any(
        isinstance(item, requests.exceptions.SSLError | urllib3.exceptions.SSLError)
        for item in chain
    ):
        return _tls_cause(chain, host)
    if isinstance(error, requests.exceptions.ProxyError):
        return FailureCause.PROXY, f"The proxy could not be used: {plain(error)}"
    if _has(chain, urllib3.exceptions.NameResolutionError, socket.gaierror):
        return (
            FailureCause.DNS,
            f"The name {host} could not be resolved to an address (check its spelling, "
            "and the network).",
        )
    if _has(chain, ConnectionRefusedError):
        return (
            FailureCause.REFUSED,
            f"{host} refused the connection: nothing is listening on that port.",
        )
    if _has(chain, socket.timeout):
        return FailureCause.ANSWER_TIMEOUT, f"No answer from {host} within {_seconds(timeout_s)}."
    if isinstance(error, requests.exceptions.InvalidHeader):
        return FailureCause.HEADER_NOT_SENDABLE, f"A header cannot be sent: {error}"
    if isinstance(error, UnicodeEncodeError):
        return (
            FailureCause.HEADER_NOT_SENDABLE,
            "A header contains characters that cannot be sent (only Latin-1 is allowed in "
            "header values).",
        )
    if _has(chain, http.client.RemoteDisconnected):
        return (
            FailureCause.CLOSED_WITHOUT_ANSWER,
            f"{host} closed the connection without answering.",
        )
    protocol = _protocol_violation(chain, host)
    if protocol is not None:
        return protocol
    if _has(chain, ConnectionResetError):
        return FailureCause.CONNECTION_RESET, f"{host} reset the connection before answering."
    if _has(chain, BrokenPipeError):
        return (
            FailureCause.CLOSED_WHILE_SENDING,
            f"{host} closed the connection while the request was being sent.",
        )
    if _has(chain, urllib3.exceptions.ProtocolError):
        return FailureCause.CONNECTION_BROKE, f"The connection to {host} broke: {plain(error)}"
    if isinstance(error, requests.exceptions.ConnectionError):
        return FailureCause.CONNECT_FAILED, f"Could not connect to {host}: {plain(error)}"
    return FailureCause.UNKNOWN, f"The request failed: {plain(error)}"


def _protocol_violation(chain: list[BaseException], host: str) -> tuple[FailureCause, str] | None:
    """An answer that breaks HTTP's rules or http.client's limits, or None."""
    for item in chain:
        if isinstance(item, http.client.LineTooLong):
            # http.client says which line only in its message, which it words exactly so.
            status = (f"got more than {HTTP_MAX_LINE} bytes when reading status line",)
            line = "status line" if item.args == status else "header line"
            return (
                FailureCause.LINE_TOO_LONG,
                f"{host} sent a {line} longer than {format_size(HTTP_MAX_LINE)}, more than "
                "the workbench reads, so its answer was not read.",
            )
        if isinstance(item, http.client.RemoteDisconnected | http.client.IncompleteRead):
            continue
        if isinstance(item, http.client.BadStatusLine):
            first = plain(item)[:80]
            return (
                FailureCause.NOT_HTTP,
                f"{host} did not answer in HTTP: its first line was {first}. Perhaps the port "
                "speaks another protocol.",
            )
        if isinstance(item, http.client.HTTPException):
            # Likewise this limit, named only in a message of http.client's exact wording.
            if item.args == (f"got more than {HTTP_MAX_HEADERS} headers",):
                return (
                    FailureCause.TOO_MANY_HEADERS,
                    f"{host} sent more than {HTTP_MAX_HEADERS} header lines, more than "
                    "the workbench reads, so its answer was not read.",
                )
            return (
                FailureCause.HTTP_VIOLATION,
                f"{host} sent an answer that breaks the rules of HTTP: {plain(item)}",
            )
    return None


def _tls_cause(chain: list[BaseException], host: str) -> tuple[FailureCause, str]:
    verify_code = next(
        (
            item.verify_code
            for item in chain
            if isinstance(item, ssl.SSLCertVerificationError) and isinstance(item.verify_code, int)
        ),
        None,
    )
    if verify_code in _CERTIFICATE_EXPIRED:
        return (
            FailureCause.TLS_CERTIFICATE_EXPIRED,
            f"The TLS certificate of {host} has expired.{_TLS_ADVICE}",
        )
    if verify_code in _SELF_SIGNED:
        return (
            FailureCause.TLS_SELF_SIGNED,
            f"The TLS certificate of {host} is self-signed and not trusted.{_TLS_ADVICE}",
        )
    if verify_code in _NAME_MISMATCH or _has(chain, CertificateError):
        return (
            FailureCause.TLS_HOSTNAME_MISMATCH,
            f"The TLS certificate of {host} was issued for another host name.{_TLS_ADVICE}",
        )
    if verify_code in _UNKNOWN_ISSUER:
        return (
            FailureCause.TLS_UNKNOWN_ISSUER,
            f"The TLS certificate of {host} was issued by an authority this computer does "
            f"not trust.{_TLS_ADVICE}",
        )
    reasons = {getattr(item, "reason", None) for item in chain if isinstance(item, ssl.SSLError)}
    if reasons & _NOT_TLS_REASONS:
        return (
            FailureCause.TLS_NOT_SPOKEN,
            f"{host} did not answer in TLS on this port: perhaps the address should start "
            "with http:// rather than https://.",
        )
    cause = (
        FailureCause.TLS_HANDSHAKE
        if verify_code is None and not _has(chain, ssl.SSLCertVerificationError)
        else FailureCause.TLS_CERTIFICATE_REJECTED
    )
    return cause, f"The TLS handshake with {host} failed: {plain(chain[-1])}"


def body_failure(error: Exception, timeout_s: float, kept: int) -> TransportFailure:
    """Why the body stopped after ``kept`` bytes: bad encoding, a stall, a broken connection."""
    chain = list(_chain(error))
    if isinstance(error, urllib3.exceptions.DecodeError):
        reason = next((_zlib_reason(item) for item in chain if isinstance(item, zlib.error)), "")
        return TransportFailure.because(
            FailureCause.BAD_CONTENT_ENCODING,
            f"The body could not be unpacked after {kept:,} bytes: its Content-Encoding does "
            f"not match its bytes{f' ({reason})' if reason else ''}.",
        )
    if isinstance(error, urllib3.exceptions.ReadTimeoutError | socket.timeout):
        return TransportFailure.because(
            FailureCause.BODY_STALLED,
            f"The body stopped arriving: nothing came for {_seconds(timeout_s)} after "
            f"{kept:,} bytes.",
        )
    if isinstance(error, urllib3.exceptions.ProtocolError | OSError | http.client.HTTPException):
        return TransportFailure.because(*_body_break(chain, error, kept))
    return TransportFailure.because(
        FailureCause.UNKNOWN, f"Reading the body failed: {plain(error)}"
    )


def _body_break(
    chain: list[BaseException], error: BaseException, kept: int
) -> tuple[FailureCause, str]:
    """A body that broke off, in words without Python's exception reprs when known."""
    for item in chain:
        if isinstance(item, urllib3.exceptions.IncompleteRead):
            return (
                FailureCause.BODY_CUT_SHORT,
                f"The connection closed after {kept:,} bytes of the body, while "
                f"{item.expected:,} more bytes were announced (by Content-Length or a chunk "
                "size).",
            )
        if isinstance(item, urllib3.exceptions.InvalidChunkLength):
            return (
                FailureCause.CHUNKED_FRAMING,
                f"The body's chunked framing broke after {kept:,} bytes of the body.",
            )
        if isinstance(item, ConnectionResetError):
            return (
                FailureCause.CONNECTION_RESET,
                f"The server reset the connection after {kept:,} bytes of the body.",
            )
    return (
        FailureCause.CONNECTION_BROKE,
        f"The connection broke after {kept:,} bytes of the body: {plain(error)}",
    )


def plain(error: BaseException) -> str:
    """The exception's message, or its type's name when it has none."""
    text = str(error).strip()
    return text or type(error).__name__


def _has(chain: list[BaseException], *types: type[BaseException]) -> bool:
    return any(isinstance(item, types) for item in chain)


def _chain(error: BaseException) -> Iterator[BaseException]:
    """``error`` and what it wraps: args[0], ``reason``, ``__cause__``, ``__context__``."""
    seen: set[int] = set()
    pending = [error]
    while pending and len(seen) < 20:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = [
            current.args[0] if current.args else None,
            getattr(current, "reason", None),
            current.__cause__,
            current.__context__,
        ]
        pending.extend(item for item in linked if isinstance(item, BaseException))


def _zlib_reason(error: zlib.error) -> str:
    """zlib's reason without its error number: ``incorrect header check``."""
    return str(error).rpartition(": ")[2].strip()


def _seconds(value: float) -> str:
    return f"{value:g} s"

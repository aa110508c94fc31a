"""Transport failures (no HTTP answer: DNS, refused, TLS, timeout, ...) in plain words."""

from __future__ import annotations

from dataclasses import replace

from workbench.core.http import Exchange, FailureCause, FailureKind, TransportFailure
from workbench.core.problems import Problem, ProblemKind
from workbench.core.problems.text import MAX_QUOTE_CHARS, clean, host_and_port, sentence
from workbench.core.problems.waiting import format_seconds
from workbench.core.problems.words import Words, make_problem


def describe_failure(exchange: Exchange, failure: TransportFailure) -> Problem:
    """A transport failure (no HTTP answer, or one cut short) in plain words."""
    url = str(exchange.request.url)
    host, port = host_and_port(url)
    where = host or "the server"
    message = clean(failure.message, MAX_QUOTE_CHARS)
    kind = failure.kind
    if kind == FailureKind.CANCELLED:
        words = Words(
            ProblemKind.CANCELLED,
            "Request cancelled",
            f"You cancelled the request to {where} before it finished.",
            "The cancel button was pressed, or a newer request replaced this one.",
            "Send the request again when you are ready.",
        )
    elif kind == FailureKind.INVALID_URL:
        shown = clean(url, 120) or "(empty)"
        words = Words(
            ProblemKind.TRANSPORT,
            "The address is not a valid URL",
            f"Nothing was sent because “{shown}” is not a complete web address.",
            "The URL is empty, lacks http:// or https://, or holds a typo such as a space "
            "or a bad port number.",
            "Correct the URL (for example https://api.getresponse.com/v3/token) and send again.",
        )
    elif kind == FailureKind.DNS:
        words = Words(
            ProblemKind.TRANSPORT,
            f"Could not find the server {where}",
            f"The name {where} could not be turned into a network address, so nothing was sent.",
            "A typo in the host name, no internet connection, or a VPN or company network "
            "that does not know this name.",
            "Check the spelling of the host name and your internet connection, then send again.",
        )
    elif kind == FailureKind.REFUSED:
        target = f"{where}:{port}" if port else where
        words = Words(
            ProblemKind.TRANSPORT,
            f"Nothing is listening on {target}",
            f"The computer at {where} was reached, but no program accepts connections on "
            f"port {port or 'given'}, so nothing was sent.",
            "The server is not running, or the URL has the wrong port or the wrong scheme "
            "(http instead of https, or the reverse).",
            "Start the server, or fix the host and port in the URL, then send again.",
        )
    elif kind == FailureKind.TLS:
        words = Words(
            ProblemKind.TRANSPORT,
            f"Secure connection to {where} failed",
            f"The workbench could not set up a secure (TLS) connection with {where}, "
            "so nothing was sent.",
            _tls_cause(failure, message, where),
            "Check the URL (https or http, and the port). For a test server with its own "
            "certificate you may turn TLS verification off: the profile's “Verify TLS "
            "certificates” box, or --insecure on the command line.",
        )
    elif kind == FailureKind.TIMEOUT:
        waited = f" for {format_seconds(exchange.duration_s)}" if exchange.duration_s > 0 else ""
        words = Words(
            ProblemKind.TRANSPORT,
            f"No answer from {where} in time",
            f"The workbench waited{waited} for {where} to answer and then gave up.",
            "The server is slow or overloaded, a firewall silently drops the traffic, "
            "or the network is down.",
            "Send the request again; raise the timeout if this server is known to be slow.",
        )
    elif kind == FailureKind.CONNECTION_LOST:
        words = Words(
            ProblemKind.TRANSPORT,
            f"The connection to {where} was lost",
            f"The connection to {where} closed before the whole answer arrived.",
            "The server crashed or restarted, a proxy cut the connection, or the network dropped.",
            "Send the request again.",
        )
    elif kind == FailureKind.DECODING:
        words = Words(
            ProblemKind.TRANSPORT,
            f"The answer from {where} could not be unpacked",
            f"{where} sent an answer that was compressed or encoded in a way that could not "
            "be unpacked.",
            "A broken gzip, deflate or brotli body, or a Content-Encoding header that does not "
            "match the body.",
            "Send the request again; if it keeps happening, the server's compression is faulty.",
        )
    elif kind == FailureKind.PROTOCOL:
        words = Words(
            ProblemKind.TRANSPORT,
            f"The answer from {where} could not be read",
            f"{where} answered, but its answer breaks the rules of HTTP or goes past the "
            "limits the workbench reads (such as a header line over 64 KiB or more than "
            "100 headers), so it was not used.",
            "A misconfigured server or proxy, or a port that speaks another protocol than HTTP.",
            "Check that the URL points at the API's HTTP server; if it does, the server or a "
            "proxy in between needs fixing.",
        )
    else:
        words = Words(
            ProblemKind.TRANSPORT,
            f"Could not talk to {where}",
            f"Something went wrong while sending the request to {where} or reading its answer.",
            f"The technical message was: {message}" if message else "The cause is unknown.",
            "Send the request again; if it keeps failing, check the URL, proxy settings "
            "and network.",
        )
    detailed = (
        FailureKind.INVALID_URL,
        FailureKind.TIMEOUT,
        FailureKind.CONNECTION_LOST,
        FailureKind.PROTOCOL,
    )
    if message and kind in (*detailed, FailureKind.DECODING) and message not in words.likely_cause:
        words = replace(words, likely_cause=sentence(f"{words.likely_cause} Details: {message}"))
    response = exchange.response
    status = response.status if response is not None else None
    if status is not None and words.kind is not ProblemKind.CANCELLED:
        words = replace(
            words,
            explanation=f"{words.explanation} The server had begun to answer "
            f"(HTTP {status}) when it happened.",
        )
    return make_problem(
        words,
        source="transport",
        http_status=status,
        code=str(kind),
        fields=(("failure.kind", str(kind)), ("failure.message", message)),
    )


def _tls_cause(failure: TransportFailure, message: str, where: str) -> str:
    """The likely cause of a TLS failure, by the cause the transport found."""
    cause = failure.cause
    if cause is FailureCause.TLS_NOT_SPOKEN:
        return "The server does not speak HTTPS on this port; try http:// or the right port."
    if cause is FailureCause.TLS_HOSTNAME_MISMATCH:
        return f"The server's certificate was issued for another name than {where}."
    if cause is FailureCause.TLS_CERTIFICATE_EXPIRED:
        return "The server's certificate has expired."
    if cause is FailureCause.TLS_SELF_SIGNED:
        return (
            "The server's certificate is self-signed or from an authority this computer "
            "does not trust."
        )
    if cause in (FailureCause.TLS_UNKNOWN_ISSUER, FailureCause.TLS_CERTIFICATE_REJECTED):
        return "The server's certificate is not trusted by this computer."
    if message:
        return message
    return "The server's certificate could not be verified, or the server does not speak TLS."

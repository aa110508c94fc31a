"""The wording catalogue: words shared by several formats (expired token, bad credentials, ...)."""

from __future__ import annotations

from dataclasses import replace

from workbench.core.http import HttpRequest
from workbench.core.problems import ProblemKind
from workbench.core.problems.body import HEAD_BYTES
from workbench.core.problems.text import host_and_port
from workbench.core.problems.waiting import format_seconds
from workbench.core.problems.words import Words


def expired_words(speaker: str) -> Words:
    """The token ran out, as ``speaker`` (GetResponse, the server) says."""
    return Words(
        ProblemKind.TOKEN_EXPIRED,
        "The access token has expired",
        "The access token has expired. Get a new token and send the request again.",
        f"Access tokens work for a limited time. {speaker} says this one ran out before "
        "the request arrived.",
        "Get a new token and send the request again.",
    )


def missing_token_words(speaker: str) -> Words:
    """The request carried no access token."""
    return Words(
        ProblemKind.MISSING_TOKEN,
        "No access token was sent",
        f"{speaker} could not tell who is calling because the request carried no access token.",
        "The request had no Authorization header: no token was fetched yet, or sending it "
        "was switched off for this request.",
        "Get a token, then send the request with it (Authorization: Bearer <token>).",
    )


def token_invalid_words(request: HttpRequest, speaker: str) -> Words:
    """The access token was refused for a reason other than its age."""
    authorization = request.header("Authorization") or ""
    cause = (
        "The token is unknown to the server: mistyped, revoked, cut short, or issued by "
        "another account or environment (for example the sandbox instead of the real API)."
    )
    if authorization and not authorization.lower().startswith("bearer "):
        cause = (
            "The Authorization header does not have the form “Bearer <token>”, so the token "
            "could not be read."
        )
    return Words(
        ProblemKind.TOKEN_INVALID,
        "The access token was not accepted",
        f"{speaker} could not authenticate the request with the access token it carried.",
        cause + _max_hint(request),
        "Get a new token and send the request again; check the Authorization header's form.",
    )


def api_auth_words(request: HttpRequest, speaker: str) -> Words:
    """An API call whose authentication failed: no token sent, or one refused."""
    if request.header("Authorization") is None:
        words = missing_token_words(speaker)
        return replace(words, likely_cause=words.likely_cause + _max_hint(request))
    return token_invalid_words(request, speaker)


def _max_hint(request: HttpRequest) -> str:
    host, _ = host_and_port(str(request.url))
    if "getresponse360" in host.lower() and request.header("X-Domain") is None:
        return " GetResponse MAX also needs an X-Domain header naming the account's domain."
    return ""


def bad_credentials_words(request: HttpRequest) -> Words:
    """The token endpoint refused the client id or secret; says how they were sent."""
    how = _credentials_sent_how(request)
    return Words(
        ProblemKind.BAD_CLIENT_CREDENTIALS,
        "The client id or secret was refused",
        f"The token endpoint did not accept the client's credentials, so it issued no token. {how}",
        "The client id or secret is wrong, or it was sent the wrong way: the server may "
        "expect HTTP Basic rather than the request body (or the reverse), and Basic has two "
        "encodings (RFC 6749 url-encodes the id and secret first, most clients do not) that "
        "differ when they hold characters such as : % + & = # or a space." + _max_hint(request),
        "Check the client id and secret for typos; then try the other Basic encoding, or switch "
        "between Basic and sending them in the body, and get a token again.",
    )


def _credentials_sent_how(request: HttpRequest) -> str:
    authorization = (request.header("Authorization") or "").strip().lower()
    head = bytes(request.body[:HEAD_BYTES])
    basic = authorization.startswith("basic")
    in_body = b"client_secret" in head
    assertion = b"client_assertion" in head
    if basic and (in_body or assertion):
        return (
            "They were sent both in a Basic header and in the body, which RFC 6749 forbids; "
            "send them one way only."
        )
    if basic:
        return "They were sent in an Authorization: Basic header."
    if assertion:
        return "They were sent as a signed JWT (client_assertion)."
    if in_body:
        return "They were sent in the request body (client_id and client_secret)."
    return "No client secret was found in the request."


def rate_limited_words(speaker: str, wait_s: float | None, limits: str = "") -> Words:
    """Too many requests; waits ``wait_s`` when the provider says how long."""
    if wait_s is not None:
        action = f"Wait {format_seconds(wait_s)}, then send the request again."
    else:
        action = "Wait a while before sending the request again."
    return Words(
        ProblemKind.RATE_LIMITED,
        "Too many requests",
        f"{speaker} limits how many requests may be sent, and this one went over the limit.",
        ("Too many requests in a short time from this client or account. " + limits).strip(),
        action,
    )

"""Words chosen by the HTTP status alone, refined by the kind of exchange and what it said."""

from __future__ import annotations

from dataclasses import replace

from workbench.core.http import Exchange, ExchangeKind
from workbench.core.problems import ProblemKind
from workbench.core.problems.catalogue import (
    bad_credentials_words,
    expired_words,
    missing_token_words,
    rate_limited_words,
    token_invalid_words,
)
from workbench.core.problems.text import mentions_expiry
from workbench.core.problems.waiting import retry_after_from_headers
from workbench.core.problems.words import Words

_STATUS_WORDS: dict[int, Words] = {
    400: Words(
        ProblemKind.BAD_REQUEST,
        "The server rejected the request",
        "The server says the request is malformed or incomplete, so it did not act on it.",
        "A missing or wrong parameter, header or body format.",
        "Check the URL, headers and body against the API's documentation and send again.",
    ),
    403: Words(
        ProblemKind.FORBIDDEN,
        "Access denied",
        "The server understood the request but does not allow it.",
        "The token or account lacks the permission for this action, or the network "
        "address is blocked.",
        "Check the account's permissions and the token's scope, then send again.",
    ),
    404: Words(
        ProblemKind.NOT_FOUND,
        "Nothing found at this address",
        "The server has nothing at the address the request was sent to.",
        "A typo in the URL path, a wrong API version, or an id that does not exist.",
        "Check the URL against the API's documentation and send again.",
    ),
    405: Words(
        ProblemKind.BAD_REQUEST,
        "Wrong HTTP method for this address",
        "The server does not accept this HTTP method at this address.",
        "The address expects another method; token endpoints expect POST.",
        "Change the method (the Allow header lists the accepted ones) and send again.",
    ),
    408: Words(
        ProblemKind.UNEXPECTED,
        "The server stopped waiting for the request",
        "The server gave up waiting for the request to arrive in full.",
        "A slow or interrupted network, or a body that was announced but not sent in full.",
        "Send the request again.",
    ),
    409: Words(
        ProblemKind.BAD_REQUEST,
        "Conflict with existing data",
        "The server refused the request because it clashes with data it already has.",
        "Something with the same name or value already exists, or it was changed meanwhile.",
        "Use the existing item or change the values, then send again.",
    ),
    410: Words(
        ProblemKind.NOT_FOUND,
        "This address is gone",
        "The server says what was at this address has been removed for good.",
        "An old API version or a deleted item.",
        "Find the new address in the API's documentation.",
    ),
    413: Words(
        ProblemKind.BAD_REQUEST,
        "The request is too large",
        "The server refused the request because its body is bigger than it accepts.",
        "Too much data in one request.",
        "Send less data per request and try again.",
    ),
    415: Words(
        ProblemKind.BAD_REQUEST,
        "The server cannot read this body format",
        "The server refused the request because it cannot read the body in the format it was sent.",
        "The Content-Type does not match what the server expects; token endpoints usually "
        "want a form body (application/x-www-form-urlencoded) rather than JSON.",
        "Switch the body encoding between form and JSON and send again.",
    ),
    422: Words(
        ProblemKind.BAD_REQUEST,
        "The server could not use the values sent",
        "The server read the request but found values it cannot accept.",
        "A field has a wrong value or is missing.",
        "Fix the values the server names and send again.",
    ),
    500: Words(
        ProblemKind.SERVER_ERROR,
        "The server had an internal error",
        "Something went wrong inside the server while it handled the request.",
        "A fault on the server's side; the request itself may be fine.",
        "Wait a little and send the request again; if it keeps failing, tell the API's provider.",
    ),
    501: Words(
        ProblemKind.SERVER_ERROR,
        "The server does not support this",
        "The server does not know how to handle this kind of request.",
        "An HTTP method or feature the server does not implement.",
        "Check the method and URL against the API's documentation.",
    ),
    502: Words(
        ProblemKind.SERVER_ERROR,
        "Bad gateway",
        "A gateway or proxy in front of the server got no valid answer from the server itself.",
        "The server behind the proxy is down, restarting or overloaded.",
        "Wait a little and send the request again.",
    ),
    503: Words(
        ProblemKind.SERVER_ERROR,
        "The service is unavailable",
        "The server is temporarily unable to handle requests.",
        "It is overloaded or down for maintenance.",
        "Wait a while and send the request again.",
    ),
    504: Words(
        ProblemKind.SERVER_ERROR,
        "The gateway timed out",
        "A gateway or proxy in front of the server waited too long for the server to answer.",
        "The server is slow or overloaded.",
        "Wait a little and send the request again.",
    ),
}


def status_words(exchange: Exchange, status: int, *, quote: str) -> Words:
    """Words chosen by the HTTP status alone, refined by the exchange kind and the quote."""
    if status == 401:
        if exchange.kind is ExchangeKind.TOKEN:
            return bad_credentials_words(exchange.request)
        if exchange.request.header("Authorization") is None:
            return missing_token_words("The server")
        if mentions_expiry(quote):
            return expired_words("The server")
        return token_invalid_words(exchange.request, "The server")
    if status == 429:
        return rate_limited_words(
            "The server", retry_after_from_headers(exchange, exchange.response)
        )
    words = _STATUS_WORDS.get(status)
    if words is not None:
        if status == 400 and exchange.kind is ExchangeKind.TOKEN:
            words = replace(
                words,
                likely_cause="A missing grant_type, or a body format (form or JSON) this "
                "token endpoint does not read.",
            )
        if status == 404 and exchange.kind is ExchangeKind.TOKEN:
            words = replace(
                words,
                likely_cause="The token endpoint URL is wrong (GetResponse's is "
                "https://api.getresponse.com/v3/token).",
            )
        return words
    if 400 <= status < 500:
        return Words(
            ProblemKind.BAD_REQUEST,
            f"The server refused the request ({status})",
            f"The server refused the request with status {status}, meaning it found "
            "something wrong with the request.",
            "Something in the request's URL, headers or body.",
            "Check the request against the API's documentation and send again.",
        )
    return Words(
        ProblemKind.SERVER_ERROR,
        f"The server failed ({status})",
        f"The server answered with status {status}, meaning it failed to handle the request.",
        "A fault on the server's side; the request itself may be fine.",
        "Wait a little and send the request again.",
    )

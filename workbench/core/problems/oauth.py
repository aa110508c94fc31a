"""OAuth errors: RFC 6749 §5.2 ``error`` bodies and RFC 6750 Bearer challenges."""

from __future__ import annotations

from dataclasses import replace

from workbench.core.config import Pairs
from workbench.core.http import Exchange, ExchangeKind, HttpResponse
from workbench.core.problems import Problem, ProblemKind
from workbench.core.problems.body import Body
from workbench.core.problems.catalogue import (
    bad_credentials_words,
    expired_words,
    missing_token_words,
    token_invalid_words,
)
from workbench.core.problems.challenge import AuthChallenge, parse_www_authenticate
from workbench.core.problems.status import status_words
from workbench.core.problems.text import (
    MAX_FIELDS,
    MAX_QUOTE_CHARS,
    cap,
    clean,
    flatten,
    http_url,
    mentions_expiry,
    scalar_text,
)
from workbench.core.problems.words import Words, make_problem

_RFC6749_WORDS: dict[str, Words] = {
    "invalid_request": Words(
        ProblemKind.BAD_REQUEST,
        "The request was malformed",
        "The server says the request is missing something, repeats a parameter or is "
        "otherwise malformed.",
        "A missing grant_type or parameter, a parameter sent twice, or a body format "
        "(form or JSON) the server does not read.",
        "Check grant_type and the other parameters, try a form body if JSON was sent, "
        "and send again.",
    ),
    "invalid_grant": Words(
        ProblemKind.BAD_REQUEST,
        "The server refused the grant",
        "The token endpoint refused the grant this request is based on, so it issued no token.",
        "For client credentials this usually means the client may not get tokens this way, "
        "or its credentials are not valid for this grant.",
        "Check the client's settings at the provider and the grant_type, then try again.",
    ),
    "unauthorized_client": Words(
        ProblemKind.FORBIDDEN,
        "This client may not use this grant",
        "The server knows the client but does not allow it to get tokens with this grant type.",
        "The client-credentials grant is not enabled for this client at the provider.",
        "Enable the client-credentials grant for this client in the provider's settings.",
    ),
    "unsupported_grant_type": Words(
        ProblemKind.BAD_REQUEST,
        "The server does not support this grant",
        "The token endpoint does not support the grant type the request asked for.",
        "grant_type is misspelt, the server does not offer client credentials, or it could "
        "not read a JSON body and so saw no grant_type at all.",
        "Check that grant_type is client_credentials, try a form body, and send again.",
    ),
    "invalid_scope": Words(
        ProblemKind.BAD_REQUEST,
        "The requested scope was refused",
        "The server does not accept the scope the request asked for.",
        "A scope that is unknown, misspelt or not granted to this client "
        "(GetResponse knows only the scope all).",
        "Change or remove the scope and get a token again.",
    ),
    "access_denied": Words(
        ProblemKind.FORBIDDEN,
        "Access denied",
        "The server refused to grant access.",
        "The client or account is not allowed to do this.",
        "Check the client's permissions at the provider.",
    ),
    "server_error": Words(
        ProblemKind.SERVER_ERROR,
        "The server had an internal error",
        "Something went wrong inside the server while it handled the request.",
        "A fault on the server's side; the request itself may be fine.",
        "Wait a little and send the request again.",
    ),
    "temporarily_unavailable": Words(
        ProblemKind.SERVER_ERROR,
        "The server is temporarily unavailable",
        "The server cannot handle the request right now.",
        "It is overloaded or down for maintenance.",
        "Wait a while and send the request again.",
    ),
    "insufficient_scope": Words(
        ProblemKind.INSUFFICIENT_SCOPE,
        "The token lacks a needed permission",
        "The token is valid but does not grant the permission (scope) this request needs.",
        "The token was requested with too narrow a scope, or the client is not allowed the scope.",
        "Get a token with the needed scope and send the request again.",
    ),
}


def describe_rfc6749(
    exchange: Exchange, response: HttpResponse, data: dict[str, object], error: str
) -> Problem:
    """An RFC 6749 §5.2 error body (``error``, ``error_description``, ``error_uri``)."""
    description = clean(scalar_text(data.get("error_description")), MAX_QUOTE_CHARS)
    return make_problem(
        _oauth_error_words(exchange, response, error, description),
        source="rfc6749",
        http_status=response.status,
        code=clean(error, 100),
        fields=flatten(data),
        more_info_url=http_url(data.get("error_uri")),
        quote=description,
    )


def _oauth_error_words(
    exchange: Exchange, response: HttpResponse, error: str, description: str
) -> Words:
    """Words for an OAuth error code from a body (RFC 6749) or a Bearer challenge (RFC 6750)."""
    error = error.strip().lower()
    if error == "invalid_client":
        return bad_credentials_words(exchange.request)
    if error == "invalid_token":
        if mentions_expiry(description):
            return expired_words("The server")
        return token_invalid_words(exchange.request, "The server")
    words = _RFC6749_WORDS.get(error)
    if words is not None:
        return words
    base = status_words(exchange, response.status, quote=description)
    return replace(
        base,
        explanation=f"{base.explanation} The server gave the error code "
        f"“{clean(error, 60)}”, which the workbench does not know.",
    )


def describe_bearer_error(
    exchange: Exchange, response: HttpResponse, body: Body, bearer: AuthChallenge
) -> Problem:
    """An RFC 6750 Bearer challenge with an ``error`` parameter."""
    error = (bearer.param("error") or "").strip()
    description = clean(bearer.param("error_description") or "", MAX_QUOTE_CHARS)
    words = _oauth_error_words(exchange, response, error, description or body.snippet)
    scope = clean(bearer.param("scope") or "", 120)
    if error == "insufficient_scope" and scope:
        words = replace(
            words,
            explanation=f"{words.explanation} It asks for the scope “{scope}”.",
            suggested_action=f"Get a token with the scope “{scope}” and send the request again.",
        )
    if error == "invalid_request":
        words = replace(
            words,
            title="The API request was malformed",
            likely_cause="A missing or repeated parameter, or the token sent in more than one "
            "way (header and body or URL).",
        )
    return make_problem(
        words,
        source="rfc6750",
        http_status=response.status,
        code=clean(error, 100),
        fields=challenge_fields(bearer),
        more_info_url=http_url(bearer.param("error_uri")),
        quote=description or body.snippet,
    )


def describe_bare_bearer(
    exchange: Exchange, response: HttpResponse, body: Body, bearer: AuthChallenge
) -> Problem:
    """A 401 with a Bearer challenge and no error code (RFC 6750 §3.1)."""
    if exchange.kind is ExchangeKind.TOKEN:
        words = bad_credentials_words(exchange.request)
    elif exchange.request.header("Authorization") is None:
        words = missing_token_words("The server")
    elif mentions_expiry(body.snippet):
        words = expired_words("The server")
    else:
        # RFC 6750 says a server should omit the error only when no credentials came;
        # one was sent, so the server rejected it without saying why.
        words = token_invalid_words(exchange.request, "The server")
    return make_problem(
        words,
        source="rfc6750",
        http_status=response.status,
        code="",
        fields=challenge_fields(bearer),
        quote=body.snippet,
    )


def challenges_of(response: HttpResponse) -> tuple[AuthChallenge, ...]:
    """Every challenge in ``response``'s ``WWW-Authenticate`` headers."""
    return parse_www_authenticate(response.header_values("WWW-Authenticate"))


def challenge_fields(challenge: AuthChallenge) -> Pairs:
    """A challenge's parameters as ``Problem.fields``."""
    scheme = challenge.scheme or "challenge"
    fields = [(f"WWW-Authenticate.{scheme}.{key}", cap(value)) for key, value in challenge.params]
    if challenge.token68:
        fields.append((f"WWW-Authenticate.{scheme}", cap(challenge.token68)))
    return tuple(fields[:MAX_FIELDS]) or (("WWW-Authenticate", scheme),)

"""describe_problem: every failure the workbench meets, explained in plain words."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import pytest

from workbench.core.config import Pairs
from workbench.core.describe import (
    MAX_JSON_BYTES,
    AuthChallenge,
    describe_problem,
    parse_www_authenticate,
)
from workbench.core.getresponse_codes import GETRESPONSE_CODES, code_wording_is_ours
from workbench.core.http import (
    Exchange,
    ExchangeKind,
    FailureKind,
    HttpRequest,
    HttpResponse,
    TransportFailure,
)
from workbench.core.problems import Problem, ProblemKind

API_URL = "https://api.getresponse.com/v3/accounts"
TOKEN_URL = "https://api.getresponse.com/v3/token"
BEARER = (("Authorization", "Bearer e2222af2851a912470ec33c9b4de1ea3a304b7d7"),)
BASIC = (("Authorization", "Basic ZGVtby1jbGllbnQ6ZGVtby1zZWNyZXQ="),)
JSON = (("Content-Type", "application/json"),)
PROBLEM_JSON = (("Content-Type", "application/problem+json"),)
HTML = (("Content-Type", "text/html; charset=utf-8"),)
TEXT = (("Content-Type", "text/plain"),)

# protocol.md §1, verbatim.
GETRESPONSE_EXPIRED = b"""{
    "httpStatus": 401,
    "code": 1014,
    "codeDescription": "Problem during authentication process, check headers!",
    "message": "The access token provided is expired",
    "moreInfo": "https://apidocs.getresponse.com/v3/errors/1014",
    "context": {"sentToken": "b8b1e961a7f9fd4cc710d5d955e09c15a364ab71"}
}"""
GETRESPONSE_UNABLE = b"""{
    "httpStatus": 401,
    "code": 1014,
    "codeDescription": "Problem during authentication process, check headers!",
    "message": "Unable to authenticate request. Check credentials or authentication method details",
    "moreInfo": "https://apidocs.getresponse.com/en/v3/errors/1014",
    "context": {"authenticationType": "auth_token"},
    "uuid": "62417847-4f12-4c25-9b3a-0b619a187efe"
}"""
GETRESPONSE_THROTTLED = b"""{
    "httpStatus": 429,
    "code": 1015,
    "codeDescription": "Too many request to API, quota reached, please wait till next quota window",
    "message": "You have reached your requests limit for this time window, please wait...",
    "moreInfo": "https://apidocs.getresponse.com/en/v3/errors/1015",
    "context": {"currentLimit": 30000, "timeToReset": "100 seconds"},
    "uuid": "510c6726-7f65-46b7-a798-ca403133924f"
}"""


def answered(
    status: int,
    body: bytes = b"",
    headers: Pairs = (),
    *,
    kind: ExchangeKind = ExchangeKind.API,
    request_headers: Pairs = BEARER,
    url: str = API_URL,
    truncated: bool = False,
    reason: str = "",
    secrets: tuple[str, ...] = (),
) -> Exchange:
    """An exchange that got an HTTP answer."""
    request = HttpRequest("POST" if kind is ExchangeKind.TOKEN else "GET", url, request_headers)
    response = HttpResponse(status, reason, headers=headers, body=body, truncated=truncated)
    return Exchange(kind=kind, request=request, response=response, secrets=secrets)


def token_answered(
    status: int, body: bytes = b"", headers: Pairs = (), **kwargs: object
) -> Exchange:
    """An answer from the token endpoint to a Basic-authenticated request."""
    return answered(
        status,
        body,
        headers,
        kind=ExchangeKind.TOKEN,
        request_headers=BASIC,
        url=TOKEN_URL,
        **kwargs,  # type: ignore[arg-type]
    )


def failed(kind: FailureKind, url: str, message: str = "") -> Exchange:
    """An exchange that got no HTTP answer."""
    return Exchange(
        kind=ExchangeKind.API,
        request=HttpRequest("GET", url),
        failure=TransportFailure(kind, message),
    )


def envelope(code: int, status: int, message: str = "", **extra: object) -> bytes:
    """A GetResponse error envelope."""
    payload: dict[str, object] = {
        "httpStatus": status,
        "code": code,
        "codeDescription": "Described by GetResponse",
        "message": message or f"Message for {code}",
        "moreInfo": f"https://apidocs.getresponse.com/v3/errors/{code}",
        "context": {},
        "uuid": "00000000-0000-4000-8000-000000000000",
        **extra,
    }
    return json.dumps(payload).encode()


@dataclass(frozen=True)
class Case:
    """One row of the table: an exchange and what its problem must say."""

    exchange: Exchange
    kind: ProblemKind
    title_words: tuple[str, ...]
    source: str
    http_status: int | None
    code: str = ""
    retry_after_s: float | None = None
    explanation_words: tuple[str, ...] = ()


def gr(code: int, status: int, kind: ProblemKind, *words: str, message: str = "") -> Case:
    return Case(
        answered(status, envelope(code, status, message), JSON),
        kind,
        words,
        "getresponse",
        status,
        str(code),
    )


CASES: dict[str, Case] = {
    # --- transport ---------------------------------------------------------------------------
    "dns": Case(
        failed(FailureKind.DNS, "https://api.example.com/v3/token", "name not resolved"),
        ProblemKind.TRANSPORT,
        ("Could not find the server", "api.example.com"),
        "transport",
        None,
        "dns",
    ),
    "refused": Case(
        failed(FailureKind.REFUSED, "http://127.0.0.1:9/v3/token"),
        ProblemKind.TRANSPORT,
        ("Nothing is listening on 127.0.0.1:9",),
        "transport",
        None,
        "refused",
    ),
    "refused-default-port": Case(
        failed(FailureKind.REFUSED, "https://api.example.com/v3/token"),
        ProblemKind.TRANSPORT,
        ("api.example.com:443",),
        "transport",
        None,
        "refused",
    ),
    "tls": Case(
        failed(FailureKind.TLS, "https://api.example.com/", "self-signed certificate"),
        ProblemKind.TRANSPORT,
        ("Secure connection", "api.example.com"),
        "transport",
        None,
        "tls",
        explanation_words=("TLS",),
    ),
    "timeout": Case(
        failed(FailureKind.TIMEOUT, "https://api.example.com/", "no answer within 30 s"),
        ProblemKind.TRANSPORT,
        ("No answer", "api.example.com"),
        "transport",
        None,
        "timeout",
    ),
    "connection-lost": Case(
        failed(FailureKind.CONNECTION_LOST, "https://api.example.com/"),
        ProblemKind.TRANSPORT,
        ("connection", "lost"),
        "transport",
        None,
        "connection-lost",
    ),
    "invalid-url": Case(
        failed(FailureKind.INVALID_URL, "htp:/nowhere"),
        ProblemKind.TRANSPORT,
        ("not a valid URL",),
        "transport",
        None,
        "invalid-url",
        explanation_words=("htp:/nowhere",),
    ),
    "decoding": Case(
        failed(FailureKind.DECODING, "https://api.example.com/", "gzip broken"),
        ProblemKind.TRANSPORT,
        ("could not be unpacked",),
        "transport",
        None,
        "decoding",
    ),
    "cancelled": Case(
        failed(FailureKind.CANCELLED, "https://api.example.com/"),
        ProblemKind.CANCELLED,
        ("cancelled",),
        "transport",
        None,
        "cancelled",
    ),
    "other": Case(
        failed(FailureKind.OTHER, "https://api.example.com/", "proxy said no"),
        ProblemKind.TRANSPORT,
        ("Could not talk to", "api.example.com"),
        "transport",
        None,
        "other",
    ),
    # --- GetResponse, the three published examples -----------------------------------------
    "gr-expired": Case(
        answered(401, GETRESPONSE_EXPIRED, JSON),
        ProblemKind.TOKEN_EXPIRED,
        ("token", "expired"),
        "getresponse",
        401,
        "1014",
        explanation_words=("Get a new token and send the request again",),
    ),
    "gr-unable-token-endpoint": Case(
        token_answered(401, GETRESPONSE_UNABLE, JSON),
        ProblemKind.BAD_CLIENT_CREDENTIALS,
        ("client", "secret"),
        "getresponse",
        401,
        "1014",
        explanation_words=("Unable to authenticate request", "Basic"),
    ),
    "gr-unable-api-no-token": Case(
        answered(401, GETRESPONSE_UNABLE, JSON, request_headers=()),
        ProblemKind.MISSING_TOKEN,
        ("No access token",),
        "getresponse",
        401,
        "1014",
    ),
    "gr-unable-api-with-token": Case(
        answered(401, GETRESPONSE_UNABLE, JSON),
        ProblemKind.TOKEN_INVALID,
        ("token", "not accepted"),
        "getresponse",
        401,
        "1014",
    ),
    "gr-throttled": Case(
        answered(429, GETRESPONSE_THROTTLED, JSON),
        ProblemKind.RATE_LIMITED,
        ("Too many requests",),
        "getresponse",
        429,
        "1015",
        retry_after_s=100.0,
        explanation_words=("You have reached your requests limit",),
    ),
    # --- GetResponse, 1014 at 403 as the docs' error page shows it ---------------------------
    "gr-expired-403": Case(
        answered(403, GETRESPONSE_EXPIRED.replace(b"401", b"403"), JSON),
        ProblemKind.TOKEN_EXPIRED,
        ("expired",),
        "getresponse",
        403,
        "1014",
    ),
    "gr-unable-403-api": Case(
        answered(403, GETRESPONSE_UNABLE.replace(b"401", b"403"), JSON),
        ProblemKind.TOKEN_INVALID,
        ("not accepted",),
        "getresponse",
        403,
        "1014",
    ),
    "gr-unable-403-token": Case(
        token_answered(403, GETRESPONSE_UNABLE.replace(b"401", b"403"), JSON),
        ProblemKind.BAD_CLIENT_CREDENTIALS,
        ("refused",),
        "getresponse",
        403,
        "1014",
    ),
    # --- GetResponse, the rest of the catalogue -----------------------------------------------
    "gr-1015-retry-after-header": Case(
        answered(429, envelope(1015, 429), (*JSON, ("Retry-After", "30"))),
        ProblemKind.RATE_LIMITED,
        ("Too many",),
        "getresponse",
        429,
        "1015",
        retry_after_s=30.0,
    ),
    "gr-1": gr(1, 500, ProblemKind.SERVER_ERROR, "internal error"),
    "gr-1000": gr(1000, 400, ProblemKind.BAD_REQUEST, "invalid values"),
    "gr-1003": gr(1003, 400, ProblemKind.BAD_REQUEST, "parameter"),
    "gr-1008": gr(1008, 409, ProblemKind.BAD_REQUEST, "already exists"),
    "gr-1012": gr(1012, 400, ProblemKind.BAD_REQUEST, "parameter"),
    "gr-1013": gr(1013, 404, ProblemKind.NOT_FOUND, "could not find"),
    "gr-1016": gr(1016, 403, ProblemKind.FORBIDDEN, "blocked"),
    "gr-1017": gr(1017, 403, ProblemKind.FORBIDDEN, "blocked"),
    "gr-1018": gr(1018, 403, ProblemKind.FORBIDDEN, "IP address"),
    "gr-1019": gr(1019, 503, ProblemKind.MAINTENANCE, "maintenance"),
    "gr-1021": gr(1021, 400, ProblemKind.BAD_REQUEST, "headers"),
    "gr-1023": gr(1023, 403, ProblemKind.FORBIDDEN, "Not allowed"),
    "gr-1024": gr(1024, 404, ProblemKind.NOT_FOUND, "domain"),
    "gr-1027": gr(1027, 400, ProblemKind.BAD_REQUEST, "contact limit"),
    "gr-1028": gr(1028, 400, ProblemKind.BAD_REQUEST, "restricted"),
    "gr-1029": gr(1029, 400, ProblemKind.BAD_REQUEST, "restricted"),
    "gr-unknown-code": gr(4242, 400, ProblemKind.BAD_REQUEST, "rejected"),
    "gr-in-a-200": Case(
        answered(200, GETRESPONSE_EXPIRED, JSON),
        ProblemKind.TOKEN_EXPIRED,
        ("expired",),
        "getresponse",
        200,
        "1014",
    ),
    # --- RFC 6749 §5.2 --------------------------------------------------------------------------
    "rfc6749-invalid-request": Case(
        token_answered(400, b'{"error": "invalid_request"}', JSON),
        ProblemKind.BAD_REQUEST,
        ("malformed",),
        "rfc6749",
        400,
        "invalid_request",
    ),
    "rfc6749-invalid-client": Case(
        token_answered(
            401,
            b'{"error": "invalid_client", "error_description": "Client authentication failed"}',
            (*JSON, ("WWW-Authenticate", 'Basic realm="token"')),
        ),
        ProblemKind.BAD_CLIENT_CREDENTIALS,
        ("client id or secret",),
        "rfc6749",
        401,
        "invalid_client",
        explanation_words=("Client authentication failed", "Basic header"),
    ),
    "rfc6749-invalid-grant": Case(
        token_answered(400, b'{"error": "invalid_grant"}', JSON),
        ProblemKind.BAD_REQUEST,
        ("grant",),
        "rfc6749",
        400,
        "invalid_grant",
    ),
    "rfc6749-unauthorized-client": Case(
        token_answered(400, b'{"error": "unauthorized_client"}', JSON),
        ProblemKind.FORBIDDEN,
        ("may not use",),
        "rfc6749",
        400,
        "unauthorized_client",
    ),
    "rfc6749-unsupported-grant-type": Case(
        token_answered(400, b'{"error": "unsupported_grant_type"}', JSON),
        ProblemKind.BAD_REQUEST,
        ("grant",),
        "rfc6749",
        400,
        "unsupported_grant_type",
    ),
    "rfc6749-invalid-scope": Case(
        token_answered(
            400, b'{"error": "invalid_scope", "error_description": "no such scope"}', JSON
        ),
        ProblemKind.BAD_REQUEST,
        ("scope",),
        "rfc6749",
        400,
        "invalid_scope",
        explanation_words=("no such scope",),
    ),
    "rfc6749-unknown-error": Case(
        token_answered(400, b'{"error": "made_up_error"}', JSON),
        ProblemKind.BAD_REQUEST,
        ("rejected",),
        "rfc6749",
        400,
        "made_up_error",
        explanation_words=("made_up_error",),
    ),
    # --- RFC 6750 challenges --------------------------------------------------------------------
    "rfc6750-expired": Case(
        answered(
            401,
            headers=(
                (
                    "WWW-Authenticate",
                    'Bearer realm="api", error="invalid_token", '
                    'error_description="The access token expired"',
                ),
            ),
        ),
        ProblemKind.TOKEN_EXPIRED,
        ("expired",),
        "rfc6750",
        401,
        "invalid_token",
    ),
    "rfc6750-invalid-token": Case(
        answered(
            401,
            headers=(
                ("WWW-Authenticate", 'Bearer error="invalid_token", error_description="bad"'),
            ),
        ),
        ProblemKind.TOKEN_INVALID,
        ("not accepted",),
        "rfc6750",
        401,
        "invalid_token",
    ),
    "rfc6750-insufficient-scope": Case(
        answered(
            403,
            headers=(("WWW-Authenticate", 'Bearer error="insufficient_scope", scope="contacts"'),),
        ),
        ProblemKind.INSUFFICIENT_SCOPE,
        ("permission",),
        "rfc6750",
        403,
        "insufficient_scope",
        explanation_words=("contacts",),
    ),
    "rfc6750-invalid-request": Case(
        answered(400, headers=(("WWW-Authenticate", 'Bearer error="invalid_request"'),)),
        ProblemKind.BAD_REQUEST,
        ("malformed",),
        "rfc6750",
        400,
        "invalid_request",
    ),
    "rfc6750-bare-bearer-no-token": Case(
        answered(401, headers=(("WWW-Authenticate", 'Bearer realm="api"'),), request_headers=()),
        ProblemKind.MISSING_TOKEN,
        ("No access token",),
        "rfc6750",
        401,
    ),
    "rfc6750-bare-bearer-with-token": Case(
        answered(401, headers=(("WWW-Authenticate", 'Bearer realm="api"'),)),
        ProblemKind.TOKEN_INVALID,
        ("not accepted",),
        "rfc6750",
        401,
    ),
    "basic-challenge-on-token-endpoint": Case(
        token_answered(401, headers=(("WWW-Authenticate", 'Basic realm="oauth"'),)),
        ProblemKind.BAD_CLIENT_CREDENTIALS,
        ("client id or secret",),
        "www-authenticate",
        401,
        "Basic",
    ),
    # --- RFC 9457 -------------------------------------------------------------------------------
    "rfc9457-401": Case(
        answered(
            401,
            b'{"type": "https://example.com/probs/auth", "title": "Unauthorized", '
            b'"status": 401, "detail": "Token signature is invalid"}',
            PROBLEM_JSON,
        ),
        ProblemKind.TOKEN_INVALID,
        ("not accepted",),
        "rfc9457",
        401,
        "https://example.com/probs/auth",
        explanation_words=("Token signature is invalid",),
    ),
    "rfc9457-401-expired": Case(
        answered(401, b'{"title": "Unauthorized", "detail": "Token expired"}', PROBLEM_JSON),
        ProblemKind.TOKEN_EXPIRED,
        ("expired",),
        "rfc9457",
        401,
    ),
    "rfc9457-403-own-title": Case(
        answered(
            403,
            b'{"type": "about:blank", "title": "You do not own this list", "status": 403}',
            PROBLEM_JSON,
        ),
        ProblemKind.FORBIDDEN,
        ("You do not own this list",),
        "rfc9457",
        403,
    ),
    "rfc9457-shape-in-plain-json": Case(
        answered(
            404,
            b'{"type": "about:blank", "title": "Not Found", "status": 404, "detail": "No list 7"}',
            JSON,
        ),
        ProblemKind.NOT_FOUND,
        ("Not Found",),
        "rfc9457",
        404,
        explanation_words=("No list 7",),
    ),
    # --- bodies of no known shape ------------------------------------------------------------
    "json-object": Case(
        answered(400, b'{"status": "fail", "message": "email is required"}', JSON),
        ProblemKind.BAD_REQUEST,
        ("rejected",),
        "json",
        400,
        explanation_words=("email is required",),
    ),
    "json-array": Case(
        answered(500, b'[{"message": "boom"}]', JSON),
        ProblemKind.SERVER_ERROR,
        ("internal error",),
        "json",
        500,
        explanation_words=("boom",),
    ),
    "html-title": Case(
        answered(
            502,
            b"<html><head><title>502 Bad Gateway</title></head>"
            b"<body><center><h1>502 Bad Gateway</h1></center><hr>nginx</body></html>",
            HTML,
        ),
        ProblemKind.SERVER_ERROR,
        ("gateway",),
        "html",
        502,
        explanation_words=("502 Bad Gateway",),
    ),
    "html-heading-only": Case(
        answered(
            403,
            b"<!DOCTYPE html><body><h1 class='x'>Access <b>denied</b> &amp; logged</h1></body>",
        ),
        ProblemKind.FORBIDDEN,
        ("denied",),
        "html",
        403,
        explanation_words=("Access denied & logged",),
    ),
    "plain-text": Case(
        answered(500, b"\n\nSomething broke\nline two\nline three\nline four", TEXT),
        ProblemKind.SERVER_ERROR,
        ("internal error",),
        "text",
        500,
        explanation_words=("Something broke line two line three",),
    ),
    "empty": Case(
        answered(404),
        ProblemKind.NOT_FOUND,
        ("Nothing found",),
        "empty",
        404,
    ),
    "binary": Case(
        answered(500, bytes(range(256)) * 4, (("Content-Type", "application/octet-stream"),)),
        ProblemKind.SERVER_ERROR,
        ("internal error",),
        "binary",
        500,
    ),
    "invalid-utf8": Case(
        answered(400, b"caf\xe9 \xff\xfe broken", TEXT),
        ProblemKind.BAD_REQUEST,
        ("rejected",),
        "binary",
        400,
    ),
    "latin-1-declared": Case(
        answered(
            400,
            "café refusé".encode("latin-1"),
            (("Content-Type", "text/plain; charset=ISO-8859-1"),),
        ),
        ProblemKind.BAD_REQUEST,
        ("rejected",),
        "text",
        400,
        explanation_words=("café refusé",),
    ),
    # --- by status --------------------------------------------------------------------------
    "401-api-no-token": Case(
        answered(401, request_headers=()),
        ProblemKind.MISSING_TOKEN,
        ("No access token",),
        "empty",
        401,
    ),
    "401-api-with-token": Case(
        answered(401), ProblemKind.TOKEN_INVALID, ("not accepted",), "empty", 401
    ),
    "401-api-text-expired": Case(
        answered(401, b"Token has expired", TEXT),
        ProblemKind.TOKEN_EXPIRED,
        ("expired",),
        "text",
        401,
    ),
    "401-token-endpoint": Case(
        token_answered(401), ProblemKind.BAD_CLIENT_CREDENTIALS, ("client id",), "empty", 401
    ),
    "403": Case(answered(403), ProblemKind.FORBIDDEN, ("Access denied",), "empty", 403),
    "405": Case(answered(405), ProblemKind.BAD_REQUEST, ("method",), "empty", 405),
    "408": Case(answered(408), ProblemKind.UNEXPECTED, ("waiting",), "empty", 408),
    "413": Case(answered(413), ProblemKind.BAD_REQUEST, ("too large",), "empty", 413),
    "415": Case(token_answered(415), ProblemKind.BAD_REQUEST, ("body format",), "empty", 415),
    "418": Case(answered(418), ProblemKind.BAD_REQUEST, ("refused", "418"), "empty", 418),
    "429-retry-after-seconds": Case(
        answered(429, headers=(("Retry-After", "7"),)),
        ProblemKind.RATE_LIMITED,
        ("Too many requests",),
        "empty",
        429,
        retry_after_s=7.0,
    ),
    "429-x-ratelimit-reset": Case(
        answered(429, headers=(("X-RateLimit-Reset", "432 seconds"),)),
        ProblemKind.RATE_LIMITED,
        ("Too many requests",),
        "empty",
        429,
        retry_after_s=432.0,
    ),
    "429-retry-after-date": Case(
        answered(
            429,
            headers=(
                ("Date", "Wed, 21 Oct 2015 07:28:00 GMT"),
                ("Retry-After", "Wed, 21 Oct 2015 07:30:00 GMT"),
            ),
        ),
        ProblemKind.RATE_LIMITED,
        ("Too many requests",),
        "empty",
        429,
        retry_after_s=120.0,
    ),
    "500": Case(answered(500), ProblemKind.SERVER_ERROR, ("internal error",), "empty", 500),
    "502": Case(answered(502), ProblemKind.SERVER_ERROR, ("gateway",), "empty", 502),
    "503-retry-after": Case(
        answered(503, headers=(("Retry-After", "60"),)),
        ProblemKind.SERVER_ERROR,
        ("unavailable",),
        "empty",
        503,
        retry_after_s=60.0,
    ),
    "504": Case(answered(504), ProblemKind.SERVER_ERROR, ("timed out",), "empty", 504),
    "599": Case(answered(599), ProblemKind.SERVER_ERROR, ("failed", "599"), "empty", 599),
    # --- redirects, success, odd statuses --------------------------------------------------
    "redirect": Case(
        answered(301, headers=(("Location", "https://api2.example.com/v3/accounts"),)),
        ProblemKind.REDIRECT,
        ("redirected",),
        "empty",
        301,
        explanation_words=("https://api2.example.com/v3/accounts", "did not follow"),
    ),
    "redirect-relative": Case(
        token_answered(307, headers=(("Location", "/v4/token"),)),
        ProblemKind.REDIRECT,
        ("redirected",),
        "empty",
        307,
        explanation_words=("https://api.getresponse.com/v4/token",),
    ),
    "redirect-without-location": Case(
        answered(302), ProblemKind.REDIRECT, ("without an address",), "empty", 302
    ),
    "success": Case(
        answered(200, b'{"accountId": "x"}', JSON, reason="OK"),
        ProblemKind.UNEXPECTED,
        ("Nothing failed",),
        "json",
        200,
        explanation_words=("200 OK", "success"),
    ),
    "interim-only": Case(answered(103), ProblemKind.UNEXPECTED, ("interim",), "empty", 103),
    "truncated": Case(
        answered(500, b'{"message": "a very long', JSON, truncated=True),
        ProblemKind.SERVER_ERROR,
        ("internal error",),
        "text",
        500,
        explanation_words=("first part", "size limit"),
    ),
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_each_failure_is_explained(case: Case) -> None:
    problem = describe_problem(case.exchange)
    assert problem.kind is case.kind, problem
    for word in case.title_words:
        assert word.lower() in problem.title.lower(), problem.title
    assert problem.source == case.source
    assert problem.http_status == case.http_status
    assert problem.code == case.code
    assert problem.retry_after_s == case.retry_after_s
    for word in case.explanation_words:
        assert word in problem.explanation, problem.explanation
    assert 0 < len(problem.title) < 60
    assert problem.explanation and problem.likely_cause and problem.suggested_action


def test_the_getresponse_expired_envelope_keeps_its_raw_fields_and_link() -> None:
    problem = describe_problem(answered(401, GETRESPONSE_EXPIRED, JSON))
    assert problem.token_lapsed
    assert problem.explanation == (
        "The access token has expired. Get a new token and send the request again."
    )
    assert problem.more_info_url == "https://apidocs.getresponse.com/v3/errors/1014"
    assert ("context.sentToken", "b8b1e961a7f9fd4cc710d5d955e09c15a364ab71") in problem.fields
    assert ("message", "The access token provided is expired") in problem.fields
    assert problem.wording_is_ours is False


@pytest.mark.parametrize(
    "message",
    ["The access token provided is EXPIRED", "token expired", "Expired token, sorry"],
)
def test_1014_expiry_is_found_in_any_case(message: str) -> None:
    problem = describe_problem(answered(401, envelope(1014, 401, message), JSON))
    assert problem.kind is ProblemKind.TOKEN_EXPIRED


def test_unable_to_authenticate_at_the_token_endpoint_names_both_basic_encodings() -> None:
    problem = describe_problem(token_answered(401, GETRESPONSE_UNABLE, JSON))
    assert problem.kind is ProblemKind.BAD_CLIENT_CREDENTIALS
    assert "Basic" in problem.explanation
    assert "url-encodes" in problem.likely_cause
    assert "body" in problem.likely_cause
    assert "Unable to authenticate request" in problem.explanation


@pytest.mark.parametrize(
    ("request_headers", "body", "expected"),
    [
        (BASIC, b"grant_type=client_credentials", "Authorization: Basic header"),
        ((), b"grant_type=client_credentials&client_id=a&client_secret=b", "request body"),
        ((), b"client_assertion_type=x&client_assertion=y", "signed JWT"),
        (BASIC, b"client_id=a&client_secret=b", "RFC 6749 forbids"),
        ((), b"grant_type=client_credentials", "No client secret"),
    ],
)
def test_bad_credentials_say_how_the_secret_was_sent(
    request_headers: Pairs, body: bytes, expected: str
) -> None:
    exchange = Exchange(
        kind=ExchangeKind.TOKEN,
        request=HttpRequest("POST", TOKEN_URL, request_headers, body),
        response=HttpResponse(401, headers=JSON, body=GETRESPONSE_UNABLE),
    )
    assert expected in describe_problem(exchange).explanation


def test_a_malformed_authorization_header_is_named() -> None:
    exchange = answered(401, GETRESPONSE_UNABLE, JSON, request_headers=(("Authorization", "abc"),))
    problem = describe_problem(exchange)
    assert problem.kind is ProblemKind.TOKEN_INVALID
    assert "Bearer <token>" in problem.likely_cause


def test_getresponse_max_without_x_domain_is_hinted() -> None:
    exchange = answered(
        401, GETRESPONSE_UNABLE, JSON, url="https://api3.getresponse360.com/v3/accounts"
    )
    assert "X-Domain" in describe_problem(exchange).likely_cause


def test_1021_mentions_the_x_domain_sent() -> None:
    exchange = answered(
        400,
        envelope(1021, 400),
        JSON,
        request_headers=(*BEARER, ("X-Domain", "https://www.example.com")),
    )
    problem = describe_problem(exchange)
    assert "X-Domain" in problem.likely_cause
    assert "https://www.example.com" in problem.likely_cause


def test_1000_lists_the_validation_details_from_context() -> None:
    body = envelope(1000, 400, "Validation error", context={"fieldName": "email"})
    problem = describe_problem(answered(400, body, JSON))
    assert "fieldName = email" in problem.likely_cause
    assert "Validation error" in problem.explanation


@pytest.mark.parametrize("code", [*sorted(GETRESPONSE_CODES), 1014, 1015])
def test_only_published_codes_claim_getresponses_wording(code: int) -> None:
    status = 429 if code == 1015 else 400
    problem = describe_problem(answered(status, envelope(code, status), JSON))
    assert problem.wording_is_ours is (code not in {1, 1000, 1013, 1014, 1015})
    assert problem.wording_is_ours is code_wording_is_ours(code)
    assert problem.code == str(code)
    assert f"Message for {code}" in problem.explanation or code == 1014


def test_the_catalogue_covers_every_code_in_the_protocol_notes() -> None:
    documented = {1, *range(1000, 1013), 1013, 1016, 1017, 1018, 1019, 1021, 1023, 1024}
    documented |= {1027, 1028, 1029}
    assert documented <= set(GETRESPONSE_CODES)


def test_a_string_code_is_read_as_a_number() -> None:
    body = json.dumps({"httpStatus": 401, "code": "1014", "message": "expired"}).encode()
    assert describe_problem(answered(401, body, JSON)).kind is ProblemKind.TOKEN_EXPIRED


@pytest.mark.parametrize("code", ["\u00b2", "1\u00b9"])
def test_a_code_of_digits_int_refuses_is_still_decoded_as_getresponse(code: str) -> None:
    # str.isdigit() accepts superscripts, int() does not: the envelope must still be read.
    body = json.dumps({"httpStatus": 401, "code": code, "message": "expired"}).encode()
    problem = describe_problem(answered(401, body, JSON))
    assert problem.source == "getresponse"
    assert problem.code == code


def test_rfc6749_error_uri_becomes_the_link_but_only_for_web_addresses() -> None:
    good = b'{"error": "invalid_scope", "error_uri": "https://example.com/help"}'
    bad = b'{"error": "invalid_scope", "error_uri": "javascript:alert(1)"}'
    assert describe_problem(token_answered(400, good, JSON)).more_info_url == (
        "https://example.com/help"
    )
    assert describe_problem(token_answered(400, bad, JSON)).more_info_url == ""


def test_a_bearer_error_takes_details_from_the_challenge() -> None:
    exchange = answered(
        401,
        headers=(
            (
                "WWW-Authenticate",
                'Bearer realm="x", error="invalid_token", error_description="Signature bad", '
                'error_uri="https://example.com/e"',
            ),
        ),
    )
    problem = describe_problem(exchange)
    assert "Signature bad" in problem.explanation
    assert problem.more_info_url == "https://example.com/e"
    assert ("WWW-Authenticate.Bearer.error", "invalid_token") in problem.fields


def test_a_bearer_challenge_in_a_second_header_is_found() -> None:
    exchange = answered(
        401,
        headers=(
            ("WWW-Authenticate", 'Basic realm="legacy"'),
            ("WWW-Authenticate", 'Bearer error="invalid_token", error_description="expired"'),
        ),
    )
    assert describe_problem(exchange).kind is ProblemKind.TOKEN_EXPIRED


def test_a_redirect_to_another_host_warns_about_sending_secrets_there() -> None:
    exchange = token_answered(302, headers=(("Location", "https://login.example.net/"),))
    problem = describe_problem(exchange)
    assert "login.example.net" in problem.likely_cause
    assert problem.suggested_action.startswith("Update the URL")


def test_known_secrets_never_appear_in_the_words() -> None:
    secret = "demo-secret-value"
    exchange = answered(400, f"bad secret {secret}".encode(), TEXT, secrets=(secret,))
    problem = describe_problem(exchange)
    texts = (problem.title, problem.explanation, problem.likely_cause, problem.suggested_action)
    assert not any(secret in text for text in texts)
    assert "bad secret" in problem.explanation


def test_a_failure_quoting_a_url_with_a_password_masks_it_in_words_and_fields() -> None:
    message = "refused: http://alice:hunter2pass@10.0.0.1/v3/token?client_secret=abc123"
    problem = describe_problem(failed(FailureKind.REFUSED, "http://10.0.0.1/v3/token", message))
    words = (problem.title, problem.explanation, problem.likely_cause, problem.suggested_action)
    everything = " ".join([*words, *(value for _name, value in problem.fields)])
    assert "hunter2pass" not in everything
    assert "abc123" not in everything
    assert "10.0.0.1" in everything


def test_short_secrets_do_not_blot_out_ordinary_words() -> None:
    exchange = answered(
        401,
        b'{"error": "invalid_client", "error_description": "wrong client secret"}',
        JSON,
        kind=ExchangeKind.TOKEN,
        secrets=("wrong",),
    )
    assert "wrong client secret" in describe_problem(exchange).explanation


def test_binary_and_empty_bodies_say_so() -> None:
    binary = describe_problem(answered(500, b"\x00\x01" * 600))
    assert "1,200 bytes" in binary.explanation
    assert "no body" in describe_problem(answered(500)).explanation


def test_a_failure_after_the_headers_keeps_the_status() -> None:
    exchange = Exchange(
        kind=ExchangeKind.API,
        request=HttpRequest("GET", API_URL),
        response=HttpResponse(200, body=b"partial"),
        failure=TransportFailure(FailureKind.CONNECTION_LOST, "broke after 7 bytes"),
    )
    problem = describe_problem(exchange)
    assert problem.kind is ProblemKind.TRANSPORT
    assert problem.http_status == 200
    assert "HTTP 200" in problem.explanation
    assert "broke after 7 bytes" in problem.likely_cause


def test_no_response_and_no_failure_is_still_explained() -> None:
    problem = describe_problem(Exchange(kind=ExchangeKind.API, request=HttpRequest("GET", "")))
    assert problem.kind is ProblemKind.UNEXPECTED
    assert problem.title and problem.explanation


def test_a_broken_exchange_object_gives_the_last_resort_problem() -> None:
    broken = Exchange(
        kind=ExchangeKind.API,
        request=None,  # type: ignore[arg-type]
        response=HttpResponse(401, body=b"who are you?"),
    )
    problem = describe_problem(broken)
    assert problem.kind is ProblemKind.UNEXPECTED
    assert problem.title == "The request did not succeed"
    assert problem.http_status == 401


def test_a_long_provider_title_is_cut_below_sixty_characters() -> None:
    body = json.dumps({"title": "x" * 59, "status": 400}).encode()
    problem = describe_problem(answered(400, body, PROBLEM_JSON))
    assert len(problem.title) < 60


# --- bounded in time ---------------------------------------------------------------------------


def seconds_to_describe(exchange: Exchange) -> tuple[float, Problem]:
    start = time.perf_counter()
    problem = describe_problem(exchange)
    return time.perf_counter() - start, problem


@pytest.mark.parametrize("opening", [b"[", b'{"a":'])
def test_deeply_nested_json_falls_back_fast(opening: bytes) -> None:
    elapsed_s, problem = seconds_to_describe(answered(400, opening * 100_000, JSON))
    assert elapsed_s < 1.0
    assert problem.kind is ProblemKind.BAD_REQUEST
    assert problem.source == "text"


def test_nesting_just_under_the_recursion_limit_is_flattened_within_bounds() -> None:
    body = b'{"error": {"message": "deep"}, "x": ' + b"[" * 500 + b"]" * 500 + b"}"
    problem = describe_problem(answered(500, body, JSON))
    assert problem.source == "json"
    assert "deep" in problem.explanation
    assert len(problem.fields) <= 200


def test_a_20_mb_body_is_not_parsed_but_its_start_is_quoted() -> None:
    body = GETRESPONSE_EXPIRED[:-1] + b', "padding": "' + b"x" * (20 * 1024 * 1024) + b'"}'
    assert len(body) > MAX_JSON_BYTES
    elapsed_s, problem = seconds_to_describe(answered(401, body, JSON))
    assert elapsed_s < 1.0
    assert problem.source == "text"
    assert "The access token provided is expired" in problem.explanation


@pytest.mark.parametrize(
    "body", [b"x" * (20 * 1024 * 1024), b"<title>" * 3_000_000, b"<" * 20_000_000]
)
def test_huge_text_and_html_bodies_are_fast(body: bytes) -> None:
    elapsed_s, problem = seconds_to_describe(answered(500, body))
    assert elapsed_s < 1.0
    assert problem.kind is ProblemKind.SERVER_ERROR
    assert len(problem.explanation) < 600


def test_a_huge_json_string_is_quoted_briefly() -> None:
    body = json.dumps({"message": "m" * 1_500_000}).encode()
    problem = describe_problem(answered(400, body, JSON))
    assert problem.source == "json"
    assert len(problem.explanation) < 600
    assert all(len(value) <= 500 for _, value in problem.fields)


# --- WWW-Authenticate ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], ()),
        ([""], ()),
        (["Bearer"], (AuthChallenge("Bearer"),)),
        (
            ['Bearer realm="example"'],
            (AuthChallenge("Bearer", (("realm", "example"),)),),
        ),
        (
            ['Bearer realm="a, b", error="invalid_token", Basic realm="c"'],
            (
                AuthChallenge("Bearer", (("realm", "a, b"), ("error", "invalid_token"))),
                AuthChallenge("Basic", (("realm", "c"),)),
            ),
        ),
        (
            ['Bearer error_description="say \\"hi\\" \\\\ now"'],
            (AuthChallenge("Bearer", (("error_description", 'say "hi" \\ now'),)),),
        ),
        (
            ["Bearer error=invalid_token,  scope=all"],
            (AuthChallenge("Bearer", (("error", "invalid_token"), ("scope", "all"))),),
        ),
        (
            ['Bearer REALM = "x" , Error="invalid_token"'],
            (AuthChallenge("Bearer", (("realm", "x"), ("error", "invalid_token"))),),
        ),
        (
            ["Basic YWxhZGRpbjpvcGVuc2VzYW1l", "Negotiate abc==, Bearer"],
            (
                AuthChallenge("Basic", token68="YWxhZGRpbjpvcGVuc2VzYW1l"),
                AuthChallenge("Negotiate", token68="abc=="),
                AuthChallenge("Bearer"),
            ),
        ),
        (
            ['Bearer error="invalid_token", error_description="never closed'],
            (
                AuthChallenge(
                    "Bearer",
                    (("error", "invalid_token"), ("error_description", "never closed")),
                ),
            ),
        ),
        (
            ['Bearer realm=""'],
            (AuthChallenge("Bearer", (("realm", ""),)),),
        ),
        (
            ["Bearer realm="],
            (AuthChallenge("Bearer", token68="realm="),),
        ),
        (
            ['Bearer realm="", error="x"'],
            (AuthChallenge("Bearer", (("realm", ""), ("error", "x"))),),
        ),
        (
            ['= "stray", Bearer ,, error="x"'],
            (AuthChallenge("Bearer", (("error", "x"),)),),
        ),
        (
            ['error="no scheme"'],
            (AuthChallenge("", (("error", "no scheme"),)),),
        ),
        (
            ["Basic, Bearer"],
            (AuthChallenge("Basic"), AuthChallenge("Bearer")),
        ),
    ],
)
def test_www_authenticate_is_parsed_tolerantly(
    values: list[str], expected: tuple[AuthChallenge, ...]
) -> None:
    assert parse_www_authenticate(values) == expected


def test_challenge_params_are_looked_up_case_insensitively() -> None:
    (challenge,) = parse_www_authenticate(['Bearer Error="invalid_token"'])
    assert challenge.param("ERROR") == "invalid_token"
    assert challenge.param("scope") is None

"""Words chosen by the HTTP status, with the waits a provider asks for."""

from __future__ import annotations

import pytest

from tests.unit.core.problems.cases import (
    TEXT,
    Case,
    answered,
    assert_explained,
    token_answered,
)
from workbench.core.problems import ProblemKind

CASES: dict[str, Case] = {
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
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_each_failure_is_explained(case: Case) -> None:
    assert_explained(case)

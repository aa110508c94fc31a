"""OAuth errors: RFC 6749 §5.2 bodies and RFC 6750 Bearer challenges."""

from __future__ import annotations

import pytest

from tests.unit.core.problems.cases import (
    JSON,
    Case,
    answered,
    assert_explained,
    token_answered,
)
from workbench.core.problems import ProblemKind
from workbench.core.problems.decode import describe_problem

CASES: dict[str, Case] = {
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
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_each_failure_is_explained(case: Case) -> None:
    assert_explained(case)


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

"""The shared words: bad client credentials, a rejected token, GetResponse MAX hints."""

from __future__ import annotations

import pytest

from tests.unit.core.problems.cases import (
    BASIC,
    GETRESPONSE_UNABLE,
    JSON,
    TOKEN_URL,
    answered,
    token_answered,
)
from workbench.core.config import Pairs
from workbench.core.http import (
    Exchange,
    ExchangeKind,
    HttpRequest,
    HttpResponse,
)
from workbench.core.problems import ProblemKind
from workbench.core.problems.decode import describe_problem


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

"""describe_problem as a whole: truncation, masking of secrets, broken input."""

from __future__ import annotations

import pytest

from tests.unit.core.problems.cases import (
    JSON,
    TEXT,
    Case,
    answered,
    assert_explained,
)
from workbench.core.http import (
    Exchange,
    ExchangeKind,
    HttpRequest,
    HttpResponse,
)
from workbench.core.problems import ProblemKind
from workbench.core.problems.decode import describe_problem

CASES: dict[str, Case] = {
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
    assert_explained(case)


def test_known_secrets_never_appear_in_the_words() -> None:
    secret = "demo-secret-value"
    exchange = answered(400, f"bad secret {secret}".encode(), TEXT, secrets=(secret,))
    problem = describe_problem(exchange)
    texts = (problem.title, problem.explanation, problem.likely_cause, problem.suggested_action)
    assert not any(secret in text for text in texts)
    assert "bad secret" in problem.explanation


def test_short_secrets_do_not_blot_out_ordinary_words() -> None:
    exchange = answered(
        401,
        b'{"error": "invalid_client", "error_description": "wrong client secret"}',
        JSON,
        kind=ExchangeKind.TOKEN,
        secrets=("wrong",),
    )
    assert "wrong client secret" in describe_problem(exchange).explanation


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

"""Answers that are no error: redirects not followed, interim answers, success."""

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
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_each_failure_is_explained(case: Case) -> None:
    assert_explained(case)


def test_a_redirect_to_another_host_warns_about_sending_secrets_there() -> None:
    exchange = token_answered(302, headers=(("Location", "https://login.example.net/"),))
    problem = describe_problem(exchange)
    assert "login.example.net" in problem.likely_cause
    assert problem.suggested_action.startswith("Update the URL")

"""RFC 9457 problem details."""

from __future__ import annotations

import json

import pytest

from tests.unit.core.problems.cases import (
    JSON,
    PROBLEM_JSON,
    Case,
    answered,
    assert_explained,
)
from workbench.core.problems import ProblemKind
from workbench.core.problems.decode import describe_problem

CASES: dict[str, Case] = {
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
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_each_failure_is_explained(case: Case) -> None:
    assert_explained(case)


def test_a_long_provider_title_is_cut_below_sixty_characters() -> None:
    body = json.dumps({"title": "x" * 59, "status": 400}).encode()
    problem = describe_problem(answered(400, body, PROBLEM_JSON))
    assert len(problem.title) < 60

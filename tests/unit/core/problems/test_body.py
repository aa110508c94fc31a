"""Bodies of no known shape: JSON, HTML, text, binary, empty; huge ones in bounded time."""

from __future__ import annotations

import json
import time

import pytest

from tests.unit.core.problems.cases import (
    GETRESPONSE_EXPIRED,
    HTML,
    JSON,
    TEXT,
    Case,
    answered,
    assert_explained,
)
from workbench.core.problems import ProblemKind
from workbench.core.problems.body import MAX_JSON_BYTES
from workbench.core.problems.decode import describe_problem

CASES: dict[str, Case] = {
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
    "invalid-utf8-announced-as-text": Case(
        answered(400, b"caf\xe9 \xff\xfe broken", TEXT),
        ProblemKind.BAD_REQUEST,
        ("rejected",),
        "text",
        400,
        explanation_words=("broken",),
    ),
    "invalid-utf8-unannounced": Case(
        answered(400, b"caf\xe9 \xff\xfe broken"),
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
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_each_failure_is_explained(case: Case) -> None:
    assert_explained(case)


def test_binary_and_empty_bodies_say_so() -> None:
    binary = describe_problem(answered(500, b"\x00\x01" * 600))
    assert "1,200 bytes" in binary.explanation
    assert "no body" in describe_problem(answered(500)).explanation


# Built when a test asks (not at collection): together they weigh about 100 MB.
DEEPLY_NESTED = {"[": lambda: b"[" * 100_000, '{"a":': lambda: b'{"a":' * 100_000}
HUGE_TEXT_BODIES = {
    "20 MB of x": lambda: b"x" * (20 * 1024 * 1024),
    "3 million titles": lambda: b"<title>" * 3_000_000,
    "20 million <": lambda: b"<" * 20_000_000,
}


def expired_with_20_mb_padding() -> bytes:
    return GETRESPONSE_EXPIRED[:-1] + b', "padding": "' + b"x" * (20 * 1024 * 1024) + b'"}'


HOSTILE_EXCHANGES = {
    **{f"nested {name}": (400, body, JSON) for name, body in DEEPLY_NESTED.items()},
    "20 MB padding": (401, expired_with_20_mb_padding, JSON),
    **{name: (500, body, ()) for name, body in HUGE_TEXT_BODIES.items()},
}


@pytest.mark.parametrize("name", list(DEEPLY_NESTED))
def test_deeply_nested_json_falls_back_to_text(name: str) -> None:
    problem = describe_problem(answered(400, DEEPLY_NESTED[name](), JSON))
    assert problem.kind is ProblemKind.BAD_REQUEST
    assert problem.source == "text"


def test_nesting_just_under_the_recursion_limit_is_flattened_within_bounds() -> None:
    body = b'{"error": {"message": "deep"}, "x": ' + b"[" * 500 + b"]" * 500 + b"}"
    problem = describe_problem(answered(500, body, JSON))
    assert problem.source == "json"
    assert "deep" in problem.explanation
    assert len(problem.fields) <= 200


def test_a_20_mb_body_is_not_parsed_but_its_start_is_quoted() -> None:
    body = expired_with_20_mb_padding()
    assert len(body) > MAX_JSON_BYTES
    problem = describe_problem(answered(401, body, JSON))
    assert problem.source == "text"
    assert "The access token provided is expired" in problem.explanation


@pytest.mark.parametrize("name", list(HUGE_TEXT_BODIES))
def test_huge_text_and_html_bodies_are_explained_briefly(name: str) -> None:
    problem = describe_problem(answered(500, HUGE_TEXT_BODIES[name]()))
    assert problem.kind is ProblemKind.SERVER_ERROR
    assert len(problem.explanation) < 600


@pytest.mark.perf
@pytest.mark.parametrize("name", list(HOSTILE_EXCHANGES))
def test_a_hostile_body_is_described_within_a_second(name: str) -> None:
    """Times the machine (``-m perf``): no quadratic walk or runaway pattern on big input."""
    status, body, headers = HOSTILE_EXCHANGES[name]
    exchange = answered(status, body(), headers)
    started = time.perf_counter()
    describe_problem(exchange)
    assert time.perf_counter() - started < 1.0


def test_a_huge_json_string_is_quoted_briefly() -> None:
    body = json.dumps({"message": "m" * 1_500_000}).encode()
    problem = describe_problem(answered(400, body, JSON))
    assert problem.source == "json"
    assert len(problem.explanation) < 600
    assert all(len(value) <= 500 for _, value in problem.fields)

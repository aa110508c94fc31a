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
from workbench.core.http import (
    Exchange,
)
from workbench.core.problems import Problem, ProblemKind
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

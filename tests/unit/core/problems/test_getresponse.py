"""GetResponse's error envelope and its code table."""

from __future__ import annotations

import json

import pytest

from tests.unit.core.problems.cases import (
    BEARER,
    GETRESPONSE_EXPIRED,
    GETRESPONSE_THROTTLED,
    GETRESPONSE_UNABLE,
    JSON,
    Case,
    answered,
    assert_explained,
    envelope,
    gr,
    token_answered,
)
from workbench.core.problems import ProblemKind
from workbench.core.problems.decode import describe_problem
from workbench.core.problems.getresponse_codes import GETRESPONSE_CODES, code_wording_is_ours
from workbench.core.secret import MASK

CASES: dict[str, Case] = {
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
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_each_failure_is_explained(case: Case) -> None:
    assert_explained(case)


def test_the_getresponse_expired_envelope_keeps_its_raw_fields_and_link() -> None:
    problem = describe_problem(answered(401, GETRESPONSE_EXPIRED, JSON))
    assert problem.token_lapsed
    assert problem.explanation == (
        "The access token has expired. Get a new token and send the request again."
    )
    assert problem.more_info_url == "https://apidocs.getresponse.com/v3/errors/1014"
    # The token the server echoes back is a secret in words too.
    assert ("context.sentToken", MASK) in problem.fields
    assert ("message", "The access token provided is expired") in problem.fields
    assert problem.wording_is_ours is False


@pytest.mark.parametrize(
    "message",
    ["The access token provided is EXPIRED", "token expired", "Expired token, sorry"],
)
def test_1014_expiry_is_found_in_any_case(message: str) -> None:
    problem = describe_problem(answered(401, envelope(1014, 401, message), JSON))
    assert problem.kind is ProblemKind.TOKEN_EXPIRED


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

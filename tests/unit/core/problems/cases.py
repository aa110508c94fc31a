"""Exchanges for the decoder's tests: answered, failed, GetResponse envelopes, table rows."""

from __future__ import annotations

import json
from dataclasses import dataclass

from workbench.core.config import Pairs
from workbench.core.http import (
    Exchange,
    ExchangeKind,
    FailureKind,
    HttpRequest,
    HttpResponse,
    TransportFailure,
)
from workbench.core.problems import ProblemKind
from workbench.core.problems.decode import describe_problem

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


def assert_explained(case: Case) -> None:
    """``describe_problem`` says what the row expects, in a title under 60 characters."""
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

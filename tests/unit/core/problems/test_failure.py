"""Transport failures (no HTTP answer) in plain words."""

from __future__ import annotations

import pytest

from tests.unit.core.problems.cases import (
    API_URL,
    Case,
    assert_explained,
    failed,
)
from workbench.core.http import (
    Exchange,
    ExchangeKind,
    FailureCause,
    FailureKind,
    HttpRequest,
    HttpResponse,
    TransportFailure,
)
from workbench.core.problems import ProblemKind
from workbench.core.problems.decode import describe_problem

CASES: dict[str, Case] = {
    # --- transport ---------------------------------------------------------------------------
    "dns": Case(
        failed(FailureKind.DNS, "https://api.example.com/v3/token", "name not resolved"),
        ProblemKind.TRANSPORT,
        ("Could not find the server", "api.example.com"),
        "transport",
        None,
        "dns",
    ),
    "refused": Case(
        failed(FailureKind.REFUSED, "http://127.0.0.1:9/v3/token"),
        ProblemKind.TRANSPORT,
        ("Nothing is listening on 127.0.0.1:9",),
        "transport",
        None,
        "refused",
    ),
    "refused-default-port": Case(
        failed(FailureKind.REFUSED, "https://api.example.com/v3/token"),
        ProblemKind.TRANSPORT,
        ("api.example.com:443",),
        "transport",
        None,
        "refused",
    ),
    "tls": Case(
        failed(FailureKind.TLS, "https://api.example.com/", "self-signed certificate"),
        ProblemKind.TRANSPORT,
        ("Secure connection", "api.example.com"),
        "transport",
        None,
        "tls",
        explanation_words=("TLS",),
    ),
    "timeout": Case(
        failed(FailureKind.TIMEOUT, "https://api.example.com/", "no answer within 30 s"),
        ProblemKind.TRANSPORT,
        ("No answer", "api.example.com"),
        "transport",
        None,
        "timeout",
    ),
    "connection-lost": Case(
        failed(FailureKind.CONNECTION_LOST, "https://api.example.com/"),
        ProblemKind.TRANSPORT,
        ("connection", "lost"),
        "transport",
        None,
        "connection-lost",
    ),
    "invalid-url": Case(
        failed(FailureKind.INVALID_URL, "htp:/nowhere"),
        ProblemKind.TRANSPORT,
        ("not a valid URL",),
        "transport",
        None,
        "invalid-url",
        explanation_words=("htp:/nowhere",),
    ),
    "decoding": Case(
        failed(FailureKind.DECODING, "https://api.example.com/", "gzip broken"),
        ProblemKind.TRANSPORT,
        ("could not be unpacked",),
        "transport",
        None,
        "decoding",
    ),
    "cancelled": Case(
        failed(FailureKind.CANCELLED, "https://api.example.com/"),
        ProblemKind.CANCELLED,
        ("cancelled",),
        "transport",
        None,
        "cancelled",
    ),
    "other": Case(
        failed(FailureKind.OTHER, "https://api.example.com/", "proxy said no"),
        ProblemKind.TRANSPORT,
        ("Could not talk to", "api.example.com"),
        "transport",
        None,
        "other",
    ),
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_each_failure_is_explained(case: Case) -> None:
    assert_explained(case)


def test_a_failure_quoting_a_url_with_a_password_masks_it_in_words_and_fields() -> None:
    message = "refused: http://alice:hunter2pass@10.0.0.1/v3/token?client_secret=abc123"
    problem = describe_problem(failed(FailureKind.REFUSED, "http://10.0.0.1/v3/token", message))
    words = (problem.title, problem.explanation, problem.likely_cause, problem.suggested_action)
    everything = " ".join([*words, *(value for _name, value in problem.fields)])
    assert "hunter2pass" not in everything
    assert "abc123" not in everything
    assert "10.0.0.1" in everything


def test_a_failure_after_the_headers_keeps_the_status() -> None:
    exchange = Exchange(
        kind=ExchangeKind.API,
        request=HttpRequest("GET", API_URL),
        response=HttpResponse(200, body=b"partial"),
        failure=TransportFailure(FailureKind.CONNECTION_LOST, "broke after 7 bytes"),
    )
    problem = describe_problem(exchange)
    assert problem.kind is ProblemKind.TRANSPORT
    assert problem.http_status == 200
    assert "HTTP 200" in problem.explanation
    assert "broke after 7 bytes" in problem.likely_cause


@pytest.mark.parametrize(
    ("cause", "likely"),
    [
        (FailureCause.TLS_NOT_SPOKEN, "does not speak HTTPS on this port"),
        (FailureCause.TLS_HOSTNAME_MISMATCH, "issued for another name than api.example.com"),
        (FailureCause.TLS_CERTIFICATE_EXPIRED, "certificate has expired"),
        (FailureCause.TLS_SELF_SIGNED, "self-signed or from an authority"),
        (FailureCause.TLS_UNKNOWN_ISSUER, "not trusted by this computer"),
        (FailureCause.TLS_CERTIFICATE_REJECTED, "not trusted by this computer"),
        (FailureCause.TLS_HANDSHAKE, "the transport's own words"),
    ],
)
def test_a_tls_failure_is_explained_by_its_cause(cause: FailureCause, likely: str) -> None:
    exchange = Exchange(
        kind=ExchangeKind.API,
        request=HttpRequest("GET", "https://api.example.com/v3/accounts"),
        failure=TransportFailure.because(cause, "the transport's own words"),
    )
    problem = describe_problem(exchange)
    assert problem.kind is ProblemKind.TRANSPORT
    assert problem.code == "tls"
    assert likely in problem.likely_cause


def test_the_words_of_a_tls_message_are_not_searched_for_a_cause() -> None:
    problem = describe_problem(
        failed(FailureKind.TLS, "https://api.example.com/", "certificate has expired")
    )
    assert problem.likely_cause == "certificate has expired"

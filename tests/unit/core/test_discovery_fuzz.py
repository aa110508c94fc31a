"""Discovery reads any metadata answer, of any shape, without raising."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.config import ClientAuth
from workbench.core.discovery import Discovery, _read_metadata, discover
from workbench.core.http import (
    Exchange,
    ExchangeKind,
    FailureKind,
    HttpRequest,
    HttpResponse,
    TransportFailure,
)
from workbench.core.transport import Transport

ISSUER = "https://id.example"
METADATA_KEYS = st.sampled_from(
    [
        "issuer",
        "token_endpoint",
        "token_endpoint_auth_methods_supported",
        "scopes_supported",
        "grant_types_supported",
        "jwks_uri",
    ]
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=30)
    | st.sampled_from(
        [
            ISSUER,
            ISSUER + "/",
            "https://other.example",
            "https://id.example/token",
            "client_secret_basic",
            "private_key_jwt",
            "tls_client_auth",
            "client_credentials",
            "",
        ]
    )
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(METADATA_KEYS | st.text(max_size=8), children, max_size=6)
    ),
    max_leaves=25,
)
BODIES = (
    JSON_VALUES.map(lambda value: json.dumps(value).encode())
    | st.binary(max_size=200)
    | st.sampled_from([b"", b"[" * 50_000, b"\xef\xbb\xbf{}", b'{"token_endpoint": "x"', b"NaN"])
)


def metadata_exchange(
    status: int, body: bytes, failure: TransportFailure | None, with_response: bool
) -> Exchange:
    return Exchange(
        kind=ExchangeKind.API,
        request=HttpRequest("GET", ISSUER + "/.well-known/oauth-authorization-server"),
        response=HttpResponse(status, body=body) if with_response else None,
        failure=failure,
    )


FAILURES = st.none() | st.builds(
    TransportFailure, st.sampled_from(list(FailureKind)), st.text(max_size=40)
)


@settings(max_examples=300, deadline=None)
@given(
    status=st.integers(min_value=100, max_value=599) | st.just(200),
    body=BODIES,
    failure=FAILURES,
    with_response=st.booleans(),
    issuer=st.sampled_from([ISSUER, ISSUER + "/", "https://other.example"]) | st.text(max_size=30),
)
def test_any_metadata_answer_is_read_or_refused_with_a_reason(
    status: int, body: bytes, failure: TransportFailure | None, with_response: bool, issuer: str
) -> None:
    found, reason = _read_metadata(metadata_exchange(status, body, failure, with_response), issuer)
    if found is None:
        assert reason
    else:
        assert isinstance(found, Discovery)
        assert found.token_endpoint and isinstance(found.token_endpoint, str)
        assert all(isinstance(name, str) for name in found.advertised_auth_methods)
        assert all(isinstance(auth, ClientAuth) for auth in found.auth_methods)
        assert found.supports_client_credentials in (True, False, None)


class _ScriptedTransport(Transport):
    """A transport that answers from a script instead of the network."""

    def __init__(self, answers: list[Exchange]) -> None:
        super().__init__()
        self._answers = answers

    def send(self, request: HttpRequest, **_: object) -> Exchange:
        answer = self._answers.pop(0) if self._answers else self._answers_exhausted(request)
        return Exchange(
            kind=answer.kind,
            request=request,
            response=answer.response,
            failure=answer.failure,
        )

    @staticmethod
    def _answers_exhausted(request: HttpRequest) -> Exchange:
        raise AssertionError(f"discovery sent more requests than expected: {request.url}")


@settings(max_examples=150, deadline=None)
@given(
    answers=st.lists(
        st.builds(
            metadata_exchange,
            st.integers(min_value=100, max_value=599) | st.just(200),
            BODIES,
            FAILURES,
            st.booleans(),
        ),
        min_size=2,
        max_size=2,
    ),
    issuer=st.sampled_from([ISSUER, "https://id.example/tenant/", "ftp://x", "", "https://"])
    | st.text(max_size=30),
)
def test_discover_never_raises_and_always_concludes(answers: list[Exchange], issuer: str) -> None:
    scripted = _ScriptedTransport(list(answers))
    try:
        outcome = discover(issuer, scripted)
    finally:
        scripted.close()
    assert (outcome.discovery is None) != (outcome.problem is None)
    assert len(outcome.exchanges) <= 2
    if outcome.problem is not None:
        assert outcome.problem.title and outcome.problem.explanation

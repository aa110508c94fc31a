"""Sample exchanges shared by the response panel's tests (Qt-free: unit tests use them too)."""

from __future__ import annotations

from workbench.core.http import Exchange, ExchangeKind, HttpRequest, HttpResponse
from workbench.core.problems import Problem, ProblemKind

TOKEN = "b8b1e961a7f9fd4cc710d5d955e09c15a364ab71"  # a fake sandbox-style token
REQUEST = HttpRequest(
    "GET",
    "http://127.0.0.1:9/v3/accounts",
    (("Host", "127.0.0.1:9"), ("Authorization", f"Bearer {TOKEN}"), ("Accept", "*/*")),
)
"""An API call carrying ``TOKEN``."""
EXPIRED = Problem(
    kind=ProblemKind.TOKEN_EXPIRED,
    title="The access token has expired",
    explanation="The API no longer accepts this token.",
    likely_cause="Its lifetime ran out.",
    suggested_action="Get a new token and send the request again.",
    http_status=401,
    source="getresponse",
    code="1014",
    more_info_url="https://apidocs.getresponse.com/v3/errors/1014",
)
"""GetResponse's 1014 "expired" decoded."""


def answered(
    body: bytes,
    *,
    status: int = 200,
    reason: str = "OK",
    content_type: str = "application/json",
    truncated: bool = False,
    headers: tuple[tuple[str, str], ...] = (),
    request: HttpRequest = REQUEST,
) -> Exchange:
    """An API call carrying ``TOKEN`` answered with ``body`` in 184 ms."""
    return Exchange(
        kind=ExchangeKind.API,
        request=request,
        response=HttpResponse(
            status=status,
            reason=reason,
            headers=(("Content-Type", content_type), *headers),
            body=body,
            truncated=truncated,
        ),
        duration_s=0.184,
        secrets=(TOKEN,),
    )

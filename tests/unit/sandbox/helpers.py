"""Shared helpers for the sandbox unit tests: a hand-driven clock and request builders."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import quote_plus

from workbench.sandbox.clock import SandboxClock
from workbench.sandbox.messages import Pairs, SandboxRequest, SandboxResponse
from workbench.sandbox.provider import Provider

DEMO_ID = "demo-client"
DEMO_SECRET = "demo-secret"
# A second, awkward client: every character where RFC 6749 §2.3.1 and raw Basic differ.
ODD_ID = "odd:client %+&é"
ODD_SECRET = "s3:cr%t+&= ñ#ü"
CLIENTS = {DEMO_ID: DEMO_SECRET, ODD_ID: ODD_SECRET}
FORM = ("Content-Type", "application/x-www-form-urlencoded")
JSON_UTF8 = ("Content-Type", "application/json;charset=utf-8")
TOKEN_FORM_BODY = b"grant_type=client_credentials"


class ManualSource:
    """A monotonic source that only moves when told to."""

    def __init__(self, start_s: float = 1000.0) -> None:
        self.now_s = start_s

    def __call__(self) -> float:
        return self.now_s


def make_provider(**options: Any) -> tuple[Provider, ManualSource]:
    """A provider with both test clients and a hand-driven clock."""
    source = ManualSource()
    options.setdefault("clients", CLIENTS)
    return Provider(clock=SandboxClock(source), **options), source


def basic_rfc(client_id: str, secret: str) -> str:
    """Basic credentials encoded as RFC 6749 §2.3.1 says: form-urlencode each part first."""
    raw = f"{quote_plus(client_id)}:{quote_plus(secret)}"
    return "Basic " + base64.b64encode(raw.encode()).decode()


def basic_raw(client_id: str, secret: str) -> str:
    """Basic credentials as most clients send them: base64 of ``id:secret``."""
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def post_token(
    provider: Provider,
    body: bytes = TOKEN_FORM_BODY,
    *,
    headers: Pairs | None = None,
    method: str = "POST",
) -> SandboxResponse:
    """Send a token request to ``provider`` (by default as the demo client, a form body)."""
    if headers is None:
        headers = (("Authorization", basic_raw(DEMO_ID, DEMO_SECRET)), FORM)
    return provider.handle(SandboxRequest(method, "/v3/token", headers, body))


def json_body(value: object) -> bytes:
    """``value`` as a JSON request body."""
    return json.dumps(value).encode()


def get_api(
    provider: Provider,
    target: str,
    token: str | None,
    *,
    method: str = "GET",
    headers: Pairs = (),
    client_host: str = "127.0.0.1",
) -> SandboxResponse:
    """Call an API endpoint of ``provider`` with a bearer token (or none)."""
    auth: Pairs = (("Authorization", f"Bearer {token}"),) if token is not None else ()
    request = SandboxRequest(
        method, target, (("Host", "127.0.0.1:9"), *auth, *headers), b"", client_host
    )
    return provider.handle(request)


def control(
    provider: Provider,
    method: str,
    target: str,
    *,
    client_host: str = "127.0.0.1",
    headers: Pairs = (("Host", "127.0.0.1:9"),),
    body: bytes = b"",
    server_port: int | None = None,
) -> SandboxResponse:
    """Use one of the ``/_sandbox/...`` controls (as curl does: a Host, nothing else)."""
    return provider.handle(SandboxRequest(method, target, headers, body, client_host, server_port))

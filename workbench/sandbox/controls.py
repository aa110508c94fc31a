"""The ``/_sandbox/...`` control endpoints: the clock, token lifetimes and state over HTTP."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from workbench.sandbox.envelopes import json_bytes
from workbench.sandbox.messages import JSON_HEADERS, SandboxRequest, SandboxResponse

if TYPE_CHECKING:
    from workbench.sandbox.provider import Provider

CONTROL_PREFIX = "/_sandbox/"


def answer_control(
    provider: Provider, request: SandboxRequest, path: str, query: str
) -> SandboxResponse:
    """Answer a request under ``/_sandbox/`` (loopback clients only)."""
    if not is_loopback(request.client_host):
        return _control_reply(403, {"error": "sandbox controls answer loopback clients only"})
    action = path.removeprefix(CONTROL_PREFIX)
    wanted_method = {"state": "GET", "expire-all": "POST", "advance": "POST", "ttl": "POST"}
    if action not in wanted_method:
        return _control_reply(404, {"error": f"no sandbox control at {path}"})
    if request.method != wanted_method[action]:
        reply = _control_reply(405, {"error": f"{path} accepts {wanted_method[action]}"})
        return SandboxResponse(405, (*reply.headers, ("Allow", wanted_method[action])), reply.body)
    if action == "state":
        return _control_reply(200, provider.state())
    if action == "expire-all":
        return _control_reply(200, {"expired": provider.expire_all()})
    seconds_text = dict(parse_qsl(query)).get("seconds", "")
    try:
        seconds = float(seconds_text)
        if action == "advance":
            provider.advance_clock(seconds)
            return _control_reply(200, {"clock_offset_s": provider.clock.offset_s})
        if not seconds.is_integer():
            raise ValueError("the token lifetime is a whole number of seconds")
        provider.set_token_ttl(int(seconds))
        return _control_reply(200, {"token_ttl_s": provider.token_ttl_s})
    except (ValueError, OverflowError) as problem:
        return _control_reply(
            400,
            {"error": f"?seconds= needs a suitable number, got {seconds_text!r}: {problem}"},
        )


def is_loopback(host: str) -> bool:
    """True for a loopback address (an IPv4-mapped one included)."""
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def _control_reply(status: int, body: object) -> SandboxResponse:
    """A JSON answer of a control endpoint, never cached."""
    return SandboxResponse(status, (*JSON_HEADERS, ("Cache-Control", "no-store")), json_bytes(body))

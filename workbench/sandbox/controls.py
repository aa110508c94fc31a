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
_FORM_CONTENT_TYPES = frozenset(
    {"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"}
)
"""The content types a web page may POST without a CORS preflight."""


def answer_control(
    provider: Provider, request: SandboxRequest, path: str, query: str
) -> SandboxResponse:
    """Answer a request under ``/_sandbox/``: loopback clients only, never a web page."""
    if not is_loopback(request.client_host):
        return _control_reply(403, {"error": "sandbox controls answer loopback clients only"})
    refusal = cross_site_refusal(request)
    if refusal is not None:
        return _control_reply(403, {"error": refusal})
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


def cross_site_refusal(request: SandboxRequest) -> str | None:
    """Why a web page may be behind this request (None when it cannot be).

    A page the user visits can make the browser send requests to loopback: through DNS
    rebinding (its own name resolving to 127.0.0.1, so ``Host`` names it), or directly
    (``Origin`` and ``Sec-Fetch-Site`` then say so, and a form can POST without any
    preflight). Command-line clients send none of these, so curl keeps working.
    """
    hosts = request.header_values("Host")
    if len(hosts) != 1 or not _is_own_host(hosts[0], request.server_port):
        return (
            "sandbox controls answer requests to the sandbox's own address only "
            "(Host must be 127.0.0.1, [::1] or localhost with the sandbox's port)"
        )
    origins = request.header_values("Origin")
    if origins and (len(origins) > 1 or origins[0].strip().lower() != f"http://{hosts[0]}".lower()):
        return "sandbox controls refuse requests made by web pages (a foreign Origin)"
    fetch_site = (request.header("Sec-Fetch-Site") or "none").strip().lower()
    if fetch_site not in ("none", "same-origin"):
        return f"sandbox controls refuse requests made by web pages (Sec-Fetch-Site: {fetch_site})"
    content_type = (request.header("Content-Type") or "").split(";", 1)[0].strip().lower()
    if content_type in _FORM_CONTENT_TYPES:
        return (
            f"sandbox controls take no {content_type} body (what a web form sends); "
            "send the request without a body, as in the README's curl commands"
        )
    return None


def _is_own_host(value: str, server_port: int | None) -> bool:
    """True when a ``Host`` value names a loopback address or localhost, on our port."""
    host, port = _split_host(value.strip())
    if host is None:
        return False
    if host.lower().rstrip(".") != "localhost" and not is_loopback(host):
        return False
    return server_port is None or port == server_port


def _split_host(value: str) -> tuple[str | None, int]:
    """Host and port of a ``Host`` header (port 80 when absent); (None, 0) when unreadable."""
    if value.startswith("["):
        host, bracket, rest = value[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            return None, 0
        port_text = rest[1:] if rest else ""
    else:
        host, colon, port_text = value.partition(":")
        if colon and not port_text:
            return None, 0
    if not port_text:
        return host, 80
    if not port_text.isascii() or not port_text.isdigit() or len(port_text) > 5:
        return None, 0
    return host, int(port_text)


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

"""Addresses before sending: why one cannot be sent, and its host, Host header and loopback."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from workbench.core.loopback import is_loopback_host

DEFAULT_PORTS = {"http": 80, "https": 443}
_WHITESPACE = re.compile(r"[\s\x00-\x1f\x7f]")


@functools.lru_cache(maxsize=256)
def url_problem(url: str) -> str:
    """A plain reason why ``url`` cannot be sent, or an empty string."""
    text = url.strip()
    if not text:
        return "The address is empty."
    if _WHITESPACE.search(text):
        return f"The address {url!r} contains a space; addresses cannot contain spaces."
    scheme, separator, _ = text.partition("://")
    if not separator:
        return f"The address {url!r} has no http:// or https:// in front."
    if scheme.lower() not in DEFAULT_PORTS:
        return f"The address {url!r} starts with {scheme}://; only http:// and https:// work here."
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as error:
        return f"The address {url!r} cannot be read: {error}."
    if not parts.hostname:
        return f"The address {url!r} names no host."
    return ""


@dataclass(frozen=True)
class Target:
    """What the transport needs to know about a (prepared, valid) address."""

    scheme: str
    host: str
    """The host name as written in messages, without brackets or port."""
    host_header: str
    """The Host header http.client would send: host, :port when not the default."""
    loopback: bool


@functools.lru_cache(maxsize=256)
def target(url: str) -> Target:
    """What the transport needs to know about a prepared, valid ``url`` (cached)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    address = host.split("%", 1)[0]
    shown = f"[{address}]" if ":" in host else host
    port = parts.port
    if port is not None and port != DEFAULT_PORTS.get(scheme):
        shown = f"{shown}:{port}"
    return Target(scheme=scheme, host=host, host_header=shown, loopback=is_loopback_host(host))

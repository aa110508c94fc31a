"""Whether an address is this computer: the one loopback check of the client side."""

from __future__ import annotations

from urllib.parse import urlsplit


def is_loopback_host(host: str) -> bool:
    """True for loopback addresses (127.0.0.0/8, ::1) and ``localhost`` names.

    ``localhost`` and every name under it (``api.localhost``) are loopback, as RFC 6761 §6.3
    asks. Brackets, a trailing dot, an IPv6 zone and the case do not matter.
    """
    import ipaddress  # only once an address is checked: not needed to open the window

    name = host.strip().strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def is_loopback_http(url: str) -> bool:
    """True for an ``http://`` address on this computer; False for anything unreadable."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return False
    return parts.scheme.lower() == "http" and is_loopback_host(host)

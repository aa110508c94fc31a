"""Where a configuration sends a secret without checking who receives it (TLS off, plain http)."""

from __future__ import annotations

from urllib.parse import urlsplit

from workbench.core.config import ClientAuth, ClientConfig


def sends_secret_without_tls_verification(config: ClientConfig) -> bool:
    """True when ``config`` sends a secret over HTTPS without verifying the certificate.

    The token request carries a credential with every client authentication but ``none``,
    and every API call carries the token; both go unverified when ``verify_tls`` is off.
    (Plain ``http://`` is another matter: nothing is verified there at all.)
    """
    return not config.verify_tls and _is_https(config.token_url)


def unverified_tls_warning(config: ClientConfig) -> str:
    """The sentence to show next to Get token (and on the terminal); empty when all is checked."""
    if not sends_secret_without_tls_verification(config):
        return ""
    host = urlsplit(config.token_url).hostname or "the server"
    what = (
        "the token comes back"
        if config.auth is ClientAuth.NONE
        else "the client credentials go out and the token comes back"
    )
    return (
        f"TLS verification is off: {what} over a connection to {host} whose certificate is "
        "not checked, so anyone on the network path can pose as the server and read them. "
        "API calls then send the token the same way."
    )


def plain_http_warning(config: ClientConfig) -> str:
    """The sentence for a token URL on plain ``http://`` to another computer; else empty."""
    from workbench.core.loopback import is_loopback_host

    try:
        parts = urlsplit(config.token_url.strip())
    except ValueError:
        return ""
    host = parts.hostname or ""
    if parts.scheme.lower() != "http" or not host or is_loopback_host(host):
        return ""
    what = "the token comes" if config.auth is ClientAuth.NONE else "the client credentials go"
    return (
        f"The token URL is plain http: {what} to {host} unencrypted, readable by anyone on "
        "the network path. Use https://."
    )


def exposure_warning(config: ClientConfig) -> str:
    """What to show next to Get token about how secrets travel (empty when all is checked)."""
    return unverified_tls_warning(config) or plain_http_warning(config)


def unverified_api_warning(url: str, verify_tls: bool) -> str:
    """The sentence for an API call that sends the token to ``url`` unverified; else empty."""
    if verify_tls or not _is_https(url):
        return ""
    host = urlsplit(url).hostname or "the server"
    return (
        f"TLS verification is off: the token goes to {host} over a connection whose "
        "certificate is not checked."
    )


def _is_https(url: str) -> bool:
    try:
        return urlsplit(url).scheme.lower() == "https"
    except ValueError:
        return False

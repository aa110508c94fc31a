"""HTTP Basic credentials in curl commands: decoding, and RFC 6749 encoding told from raw."""

from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import quote, quote_plus, unquote, unquote_plus

from workbench.core.config import ClientAuth

_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def decode_basic(credentials: str) -> str | None:
    """The text of a Basic value (base64 of UTF-8), or None when it is not one."""
    try:
        return base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None


def rfc_decoded(value: str) -> str | None:
    """The original of ``value`` when it shows %XX escapes of form-urlencoding, else None."""
    if not _PERCENT_ESCAPE.search(value):
        return None
    return form_decoded(value)


def form_decoded(value: str) -> str | None:
    """The original of ``value`` if form-urlencoding (RFC 6749 §2.3.1) could have produced it."""
    canonical = _PERCENT_ESCAPE.sub(lambda m: m.group().upper(), value)
    for decoded in (unquote_plus(value), unquote(value)):
        if canonical in (quote_plus(decoded, safe=""), quote(decoded, safe="")):
            return decoded
    return None


def basic_flavour(client_id: str, secret: str) -> tuple[ClientAuth, str, str]:
    """Tell RFC (urlencoded) Basic from raw Basic by what the credentials look like.

    %XX escapes in the id or secret mean they were urlencoded first (RFC 6749 §2.3.1) when
    both parts decode consistently; without any escape, credentials with characters that
    encoding would change were sent raw. Plain credentials are the same either way (basic).
    """
    if rfc_decoded(client_id) is not None or rfc_decoded(secret) is not None:
        decoded_id = form_decoded(client_id)
        decoded_secret = form_decoded(secret)
        if decoded_id is not None and decoded_secret is not None:
            return ClientAuth.BASIC, decoded_id, decoded_secret
        return ClientAuth.BASIC_RAW, client_id, secret
    if quote_plus(client_id, safe="") == client_id and quote_plus(secret, safe="") == secret:
        return ClientAuth.BASIC, client_id, secret
    return ClientAuth.BASIC_RAW, client_id, secret

"""Whether a token can go in ``Authorization: Bearer``: RFC 6750's ``b64token`` shape."""

from __future__ import annotations

import re
from enum import StrEnum

_B64TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]+=*")
_UNSAFE = re.compile(r"[^\x20-\x7e]")
"""Anything but printable ASCII: C0 and C1 controls, DEL, and every non-ASCII character."""


class BearerShape(StrEnum):
    """How a token value fits RFC 6750 §2.1 (``b64token``)."""

    USABLE = "usable"
    """Letters, digits, ``-._~+/`` and trailing ``=``: a valid Bearer credential."""
    ODD = "odd"
    """Printable ASCII, but outside ``b64token`` (a space, a quote, ``%``...): a server
    may not read it back."""
    UNSAFE = "unsafe"
    """Empty, or holds control characters or non-ASCII text: not a header value at all, and
    shown on a terminal it could move the cursor or rewrite the screen."""


def bearer_shape(value: str) -> BearerShape:
    """The shape of ``value`` as a Bearer credential."""
    if not value or _UNSAFE.search(value):
        return BearerShape.UNSAFE
    if _B64TOKEN.fullmatch(value):
        return BearerShape.USABLE
    return BearerShape.ODD


def describe_bearer_shape(shape: BearerShape) -> str:
    """A sentence saying what is wrong with a token of ``shape`` (empty when it is usable)."""
    if shape is BearerShape.UNSAFE:
        return (
            "The token holds control characters or non-ASCII text (or is empty), so it is not a "
            "usable Bearer value (RFC 6750 b64token); it is shown with them escaped."
        )
    if shape is BearerShape.ODD:
        return (
            "The token holds characters outside RFC 6750's b64token (letters, digits, -._~+/ "
            "and trailing =), so the API may not accept it as a Bearer value."
        )
    return ""

"""The names that say a value is a credential: headers, body fields, query parameters.

Kept apart from redaction (which compiles patterns from them) so that code on the window's
start-up path can ask "could this hold a credential?" without loading redaction.
"""

from __future__ import annotations

SECRET_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-auth-token",
        "x-api-key",
        "api-key",
    }
)
"""Header names (lower case) whose values are always masked."""

SECRET_FIELD_NAMES = (
    "client_secret",
    "client_assertion",
    "access_token",
    "token",  # RFC 7662 introspection and RFC 7009 revocation send the token under this name
    "refresh_token",
    "id_token",
    "password",
    "assertion",
    "sentToken",
)
SECRET_FIELDS = frozenset(name.casefold() for name in SECRET_FIELD_NAMES)
"""Body (form or JSON, at any depth) and query parameter names whose values are masked."""

QUERY_ONLY_SECRET_NAMES = (
    "api_key",
    "api-key",
    "apikey",
    "key",
    "secret",
    "private_key",
    "auth_token",
    "session_token",
    "signature",
    "sig",
    "x-amz-signature",
    "x-amz-credential",
    "x-amz-security-token",
    "passwd",
    "pwd",
)
"""Query parameter names that carry keys and signatures in URLs (``?key=`` of many APIs,
pre-signed URLs). Masked in URLs only: in bodies names such as ``key`` are ordinary data."""
QUERY_SECRET_NAMES = frozenset(
    name.casefold() for name in (*QUERY_ONLY_SECRET_NAMES, *SECRET_FIELD_NAMES)
)
"""Query parameter names (case-folded) whose values are masked in URLs."""

# Every secret field name holds one of these runs of letters. They avoid ``i`` and ``s``, the
# only letters the ``(?i)`` patterns (and ``str.casefold``) also match by a non-ASCII look-alike
# (dotless i, long s, sharp s, st-ligatures), so ``text.lower()`` holding none of them proves no
# name can match, and a scan in C replaces the much slower pattern searches.
FIELD_MARKERS = ("cret", "ert", "token", "word")


def may_name_a_field(text: str) -> bool:
    """False only when no secret field name can occur in ``text`` (a fast check in C)."""
    lowered = text.lower()
    return any(marker in lowered for marker in FIELD_MARKERS)


def may_hold_credentials_url(url: str) -> bool:
    """False only when redaction would mask nothing in ``url`` (so the screen need not load
    redaction for it): every value it masks there follows a ``=`` or is a userinfo's."""
    return "=" in url or "@" in url


def may_hold_credentials_body(text: str) -> bool:
    """False only when redaction would mask nothing in a body: no secret field name, and no
    JSON escape that could spell one."""
    return "\\u" in text or may_name_a_field(text)

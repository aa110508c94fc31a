"""What the user tells us about the client: ``ClientConfig`` and its choices."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from workbench.core.secret import Secret

MAX_TIMEOUT_S = 600.0
"""The longest a request may wait for an answer: ten minutes (the form, the command line and
profiles from a file agree; far longer waits overflow the platform's clock)."""

Pairs = tuple[tuple[str, str], ...]
"""Ordered name/value pairs; duplicates allowed. Used for headers and parameters everywhere."""


class ClientAuth(StrEnum):
    """How the client proves who it is at the token endpoint (RFC 6749 §2.3, RFC 7523)."""

    BASIC = "basic"
    """HTTP Basic per RFC 6749 §2.3.1: id and secret form-urlencoded, then base64."""
    BASIC_RAW = "basic-raw"
    """HTTP Basic as most clients send it: base64 of ``id:secret`` without urlencoding."""
    POST = "post"
    """``client_id`` and ``client_secret`` in the request body."""
    SECRET_JWT = "secret-jwt"
    """RFC 7523 ``client_secret_jwt``: an HS256 assertion signed with the secret."""
    PRIVATE_KEY_JWT = "private-key-jwt"
    """RFC 7523 ``private_key_jwt``: an RS256/ES256 assertion signed with a PEM key."""
    NONE = "none"
    """Only ``client_id`` in the body; no secret."""


class BodyEncoding(StrEnum):
    """How the token request body is encoded."""

    FORM = "form"
    """``application/x-www-form-urlencoded`` as RFC 6749 requires."""
    JSON = "json"
    """``application/json;charset=utf-8`` as GetResponse's tutorial shows."""


@dataclass(frozen=True)
class ClientConfig:
    """Everything needed to ask a token endpoint for a client-credentials token."""

    token_url: str
    client_id: str
    client_secret: Secret = Secret()
    scope: str = ""
    auth: ClientAuth = ClientAuth.BASIC
    body_encoding: BodyEncoding = BodyEncoding.FORM
    extra_params: Pairs = ()
    """Extra body parameters such as ``audience`` or ``resource``."""
    extra_headers: Pairs = ()
    """Extra headers such as GetResponse MAX's ``X-Domain``; sent on API calls too."""
    private_key_pem: Secret = Secret()
    """For ``private-key-jwt``: the PEM text of the private key."""
    jwt_algorithm: str = ""
    """Assertion algorithm; empty picks HS256 for secret-jwt and RS256/ES256 from the key."""
    verify_tls: bool = True
    timeout_s: float = 30.0

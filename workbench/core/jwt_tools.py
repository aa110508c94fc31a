"""JWTs through PyJWT: RFC 7523 client assertions, and unverified reading of access tokens."""

from __future__ import annotations

import re
import threading
import uuid
import warnings
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

# PyJWT and cryptography cost ~30 ms to import: they are loaded only when a JWT is signed or
# read, so a plain Basic token request (and `workbench token`) does not pay for them.

ASSERTION_LIFETIME_S = 300
"""How long a client assertion is valid: RFC 7523 asks for a short ``exp``."""

HMAC_ALGORITHMS = ("HS256", "HS384", "HS512")
_RSA_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512")
_EC_ALGORITHMS_BY_CURVE = {"secp256r1": "ES256", "secp384r1": "ES384", "secp521r1": "ES512"}
_JWT_SHAPE = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")

# warnings.catch_warnings changes process-wide state; one signer at a time keeps it sane.
_WARNINGS_LOCK = threading.Lock()


class JwtSigningError(ValueError):
    """A client assertion cannot be signed; the message says why in plain words."""


def load_private_key(pem: str) -> PrivateKeyTypes:
    """Parse a PEM private key, or raise ``JwtSigningError`` explaining what the text is instead."""
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization

    text = pem.strip()
    if not text:
        raise JwtSigningError("private_key_jwt needs a private key in PEM form, and none is set.")
    if "-----BEGIN" not in text:
        raise JwtSigningError(
            "The private key is not in PEM form: it should start with a line such as "
            "'-----BEGIN PRIVATE KEY-----'."
        )
    if "PUBLIC KEY-----" in text or "CERTIFICATE-----" in text:
        raise JwtSigningError(
            "This is a public key or a certificate, not a private key. private_key_jwt signs "
            "with the private key; the provider keeps the public one."
        )
    try:
        return serialization.load_pem_private_key(text.encode("utf-8"), password=None)
    except TypeError as error:
        raise JwtSigningError(
            "The private key is encrypted with a passphrase. Export it without one "
            "(for example `openssl pkey -in key.pem -out plain.pem`)."
        ) from error
    except UnsupportedAlgorithm as error:
        raise JwtSigningError(f"This kind of private key is not supported: {error}") from error
    except (ValueError, UnicodeError) as error:
        raise JwtSigningError(
            "The private key could not be read: the PEM text is damaged or incomplete "
            "(check that the BEGIN and END lines and every line between them were copied)."
        ) from error


def default_algorithm_for_key(key: PrivateKeyTypes) -> str:
    """RS256 for RSA, ES256/384/512 by curve for EC, EdDSA for Ed25519/Ed448."""
    from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

    if isinstance(key, rsa.RSAPrivateKey):
        return "RS256"
    if isinstance(key, ec.EllipticCurvePrivateKey):
        algorithm = _EC_ALGORITHMS_BY_CURVE.get(key.curve.name)
        if algorithm is None:
            raise JwtSigningError(
                f"The EC key uses the curve {key.curve.name}, which JWT has no algorithm for "
                "(use P-256, P-384 or P-521)."
            )
        return algorithm
    if isinstance(key, ed25519.Ed25519PrivateKey | ed448.Ed448PrivateKey):
        return "EdDSA"
    raise JwtSigningError(
        f"A {type(key).__name__} cannot sign a JWT; use an RSA, EC or Ed25519 key."
    )


def assertion_claims(client_id: str, audience: str, now_wall: float) -> dict[str, Any]:
    """RFC 7523 §3 claims: iss = sub = client id, aud = token endpoint, iat, exp, unique jti."""
    issued_at = int(now_wall)
    return {
        "iss": client_id,
        "sub": client_id,
        "aud": audience,
        "iat": issued_at,
        "exp": issued_at + ASSERTION_LIFETIME_S,
        "jti": uuid.uuid4().hex,
    }


def sign_secret_assertion(
    claims: Mapping[str, Any], secret: str, algorithm: str = ""
) -> tuple[str, tuple[str, ...]]:
    """Sign ``claims`` with the client secret (HS256 unless told); returns the JWT and notes."""
    chosen = algorithm or "HS256"
    if chosen not in HMAC_ALGORITHMS:
        raise JwtSigningError(
            f"client_secret_jwt signs with the client secret, so the algorithm must be one of "
            f"{', '.join(HMAC_ALGORITHMS)}, not {chosen}."
        )
    if not secret:
        raise JwtSigningError("client_secret_jwt needs a client secret, and none is set.")
    return _encode(dict(claims), secret, chosen)


def sign_private_key_assertion(
    claims: Mapping[str, Any], pem: str, algorithm: str = ""
) -> tuple[str, tuple[str, ...]]:
    """Sign ``claims`` with a PEM private key; the algorithm follows the key unless told."""
    key = load_private_key(pem)
    chosen = algorithm or default_algorithm_for_key(key)
    if chosen in HMAC_ALGORITHMS or chosen.lower() == "none":
        raise JwtSigningError(
            f"private_key_jwt signs with a private key, so {chosen} cannot be used "
            "(choose client_secret_jwt for HS256)."
        )
    return _encode(dict(claims), key, chosen)


def _encode(claims: dict[str, Any], key: Any, algorithm: str) -> tuple[str, tuple[str, ...]]:
    """``jwt.encode``, turning its errors into ``JwtSigningError`` and its warnings into notes."""
    import jwt

    with _WARNINGS_LOCK, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", jwt.InsecureKeyLengthWarning)
        try:
            token = jwt.encode(claims, key, algorithm=algorithm, headers={"typ": "JWT"})
        except NotImplementedError as error:
            raise JwtSigningError(f"The algorithm {algorithm} is not available.") from error
        except (jwt.PyJWTError, ValueError, TypeError) as error:
            raise JwtSigningError(
                f"The assertion could not be signed with {algorithm}: {error}. "
                "Check that the algorithm matches the key."
            ) from error
    notes = tuple(
        f"Weak key for {algorithm}: {warning.message}"
        for warning in caught
        if issubclass(warning.category, jwt.InsecureKeyLengthWarning)
    )
    return token, notes


def looks_like_jwt(value: str) -> bool:
    """Three base64url parts joined by dots (a JWS in compact form)."""
    return len(value) < 1_000_000 and bool(_JWT_SHAPE.match(value))


def decode_unverified(value: str) -> Mapping[str, Any] | None:
    """A JWT's claims without checking its signature or times; None if it is not a JWT."""
    if not looks_like_jwt(value):
        return None
    import jwt

    try:
        claims = jwt.decode(value, options={"verify_signature": False})
    except Exception:  # PyJWT may raise more than PyJWTError on hostile input
        return None
    if not isinstance(claims, dict):
        return None
    return MappingProxyType(claims)

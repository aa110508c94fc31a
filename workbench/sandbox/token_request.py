"""Reading a token request: its parameters (form or JSON) and its client's credentials."""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, unquote_plus

from workbench.sandbox.messages import SandboxRequest

_FORM_TYPE = "application/x-www-form-urlencoded"
_JSON_TYPE = "application/json"
_UTF8_NAMES = ("utf-8", "utf8")


class TokenError(Exception):
    """A token-endpoint failure, described once and rendered in either error mode."""

    def __init__(self, error: str, description: str, *, basic_challenge: bool = False) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.basic_challenge = basic_challenge


class ClientAuthenticator:
    """Checks a token request's client credentials against the registered clients."""

    def __init__(self, clients: Mapping[str, str]) -> None:
        self._clients = clients

    def authenticate(self, request: SandboxRequest, params: Mapping[str, str]) -> str:
        """The authenticated client id, or a ``TokenError`` saying what is wrong."""
        authorizations = request.header_values("Authorization")
        if len(authorizations) > 1:
            raise TokenError("invalid_request", "more than one Authorization header")
        methods = []
        if authorizations:
            methods.append("the Authorization header")
        if "client_secret" in params:
            methods.append("client_secret in the body")
        if "client_assertion" in params or "client_assertion_type" in params:
            methods.append("a client assertion")
        if len(methods) > 1:
            raise TokenError(
                "invalid_request",
                "more than one client authentication method in one request: "
                + " and ".join(methods),
            )
        if authorizations:
            client_id = self._basic_client(authorizations[0])
            body_id = params.get("client_id")
            if body_id is not None and body_id != client_id:
                raise TokenError(
                    "invalid_request", "client_id in the body differs from the Basic credentials"
                )
            return client_id
        if "client_assertion" in params or "client_assertion_type" in params:
            raise TokenError(
                "invalid_client", "client assertions (RFC 7523) are not supported by this sandbox"
            )
        if "client_secret" in params:
            body_client_id = params.get("client_id")
            if body_client_id is None:
                raise TokenError("invalid_request", "client_secret was sent without client_id")
            if not self._secret_matches(body_client_id, params["client_secret"]):
                raise TokenError("invalid_client", "unknown client or wrong client secret")
            return body_client_id
        if "client_id" in params:
            raise TokenError("invalid_client", "client_id was sent without a client secret")
        raise TokenError("invalid_client", "no client credentials were sent", basic_challenge=True)

    def _basic_client(self, authorization: str) -> str:
        """The client id from a Basic header, accepting the RFC 6749 and the raw encoding."""
        scheme, _, encoded = authorization.strip().partition(" ")
        if scheme.lower() != "basic":
            raise TokenError(
                "invalid_client",
                f"the token endpoint expects Basic client credentials, not {scheme!r}",
                basic_challenge=True,
            )
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True)
            text = decoded.decode("utf-8")
        except (binascii.Error, ValueError):
            raise TokenError(
                "invalid_client",
                "the Basic credentials are not valid base64 UTF-8",
                basic_challenge=True,
            ) from None
        if ":" not in text:
            raise TokenError(
                "invalid_client", "the Basic credentials have no ':'", basic_challenge=True
            )
        for client_id, secret in basic_candidates(text):
            if self._secret_matches(client_id, secret):
                return client_id
        raise TokenError(
            "invalid_client", "unknown client or wrong client secret", basic_challenge=True
        )

    def _secret_matches(self, client_id: str, secret: str) -> bool:
        """True when ``secret`` is ``client_id``'s, compared in constant time."""
        expected = self._clients.get(client_id)
        if expected is None:
            secrets.compare_digest(secret.encode(), secret.encode())  # same work either way
            return False
        return secrets.compare_digest(expected.encode(), secret.encode())


def token_parameters(request: SandboxRequest) -> dict[str, str]:
    """The token request's parameters from a form or JSON body; empty values count as omitted."""
    content_types = request.header_values("Content-Type")
    if len(content_types) > 1:
        raise TokenError("invalid_request", "more than one Content-Type header")
    if not request.body:
        return {}
    if not content_types:
        raise TokenError(
            "invalid_request", f"the body has no Content-Type; send {_FORM_TYPE} or {_JSON_TYPE}"
        )
    media_type, *parameters = (part.strip() for part in content_types[0].split(";"))
    media_type = media_type.lower()
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in (
            _UTF8_NAMES
        ):
            raise TokenError("invalid_request", f"unsupported charset {value.strip()!r}; use utf-8")
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError:
        raise TokenError("invalid_request", "the body is not valid UTF-8") from None
    if media_type == _FORM_TYPE:
        try:
            pairs = parse_qsl(text, keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            raise TokenError("invalid_request", "a form value is not valid UTF-8") from None
    elif media_type == _JSON_TYPE:
        pairs = json_pairs(text)
    else:
        raise TokenError(
            "invalid_request",
            f"unsupported Content-Type {media_type!r}; send {_FORM_TYPE} or {_JSON_TYPE}",
        )
    params: dict[str, str] = {}
    for name, value in pairs:
        if name in params:
            raise TokenError("invalid_request", f"parameter {name!r} appears more than once")
        if value != "":
            params[name] = value
    return params


def json_pairs(text: str) -> list[tuple[str, str]]:
    """Name/value pairs of a flat JSON object of strings, duplicates kept for the caller to spot."""

    def keep_pairs(pairs: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
        return pairs

    try:
        parsed = json.loads(text, object_pairs_hook=keep_pairs)
    except (ValueError, RecursionError):
        raise TokenError("invalid_request", "the body is not valid JSON") from None
    if not isinstance(parsed, list) or not text.lstrip().startswith("{"):
        raise TokenError("invalid_request", "the JSON body must be an object")
    pairs: list[tuple[str, str]] = []
    for name, value in parsed:
        if value is None:
            continue
        if not isinstance(value, str):
            raise TokenError("invalid_request", f"parameter {name!r} must be a JSON string")
        pairs.append((name, value))
    return pairs


def basic_candidates(text: str) -> list[tuple[str, str]]:
    """Possible (id, secret) readings of decoded Basic credentials, RFC 6749 §2.3.1 first."""
    raw_id, _, raw_secret = text.partition(":")
    candidates = [(unquote_plus(raw_id), unquote_plus(raw_secret))]
    # Raw (not form-encoded) credentials: an id may itself hold ':', so try each split.
    for index, character in enumerate(text):
        if character == ":":
            candidates.append((text[:index], text[index + 1 :]))
    return candidates

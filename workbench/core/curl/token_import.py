"""Import a token request: a client-credentials ``ClientConfig`` from a curl command."""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote_plus

import jwt

from workbench.core.config import BodyEncoding, ClientAuth, ClientConfig
from workbench.core.curl.basic import basic_flavour, decode_basic
from workbench.core.curl.command import CurlCommand, CurlImportError
from workbench.core.curl.parse import parse_curl
from workbench.core.http import first_header
from workbench.core.json_check import json_error
from workbench.core.secret import Secret

_BODY_KEYS = frozenset(
    {
        "grant_type",
        "client_id",
        "client_secret",
        "scope",
        "client_assertion",
        "client_assertion_type",
    }
)
_NOT_EXTRA_HEADERS = frozenset(
    {"content-type", "authorization", "accept", "host", "content-length", "connection"}
)
_JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
MAX_TOKEN_PARAMS = 1000
_PLACEHOLDER = re.compile(r"^\$(\{\w+\}|\w+)$")


@dataclass(frozen=True)
class CurlImport:
    """A token request read from a curl command, and what to tell the user about it."""

    config: ClientConfig
    warnings: tuple[str, ...] = ()
    """Plain sentences for the import's message: TLS verification turned off by ``-k``."""


def from_curl(command: str) -> ClientConfig:
    """A client-credentials ``ClientConfig`` from a curl command (both GetResponse styles).

    Reads the token URL, client authentication (``-u``, a Basic header, or ``client_id`` and
    ``client_secret`` in the body; JWT assertions give the method but must be signed anew),
    body encoding (JSON or form), scope, extra parameters and headers (``X-Domain``), ``-k``
    and ``--max-time``. Raises ``CurlImportError`` with a plain message otherwise.
    """
    return import_token_request(command).config


def import_token_request(command: str) -> CurlImport:
    """``from_curl`` with the warnings to show at import (``-k`` turns TLS checks off)."""
    curl = parse_curl(command)
    if curl.method.upper() != "POST":
        raise CurlImportError(
            f"The command sends {curl.method}; a token request is a POST with a body."
        )
    content_type = first_header(curl.headers, "Content-Type") or ""
    params, encoding = _token_params(curl.body, content_type)
    grant_types = [value for name, value in params if name == "grant_type"]
    if not grant_types:
        raise CurlImportError(
            "The body has no grant_type; a client-credentials request sends "
            "grant_type=client_credentials."
        )
    if len(grant_types) > 1:
        raise CurlImportError("The body names grant_type more than once.")
    if grant_types[0] != "client_credentials":
        raise CurlImportError(
            f"Unknown grant type {grant_types[0]!r}: the workbench requests client-credentials "
            "tokens (grant_type=client_credentials)."
        )
    auth, client_id, secret, algorithm = _credentials(curl, params)
    scope = next((value for name, value in params if name == "scope"), "")
    extra_params = tuple((n, v) for n, v in params if n not in _BODY_KEYS)
    extra_headers = tuple((n, v) for n, v in curl.headers if n.lower() not in _NOT_EXTRA_HEADERS)
    config = ClientConfig(
        token_url=curl.url,
        client_id=client_id,
        client_secret=Secret(secret),
        scope=scope,
        auth=auth,
        body_encoding=encoding,
        extra_params=extra_params,
        extra_headers=extra_headers,
        jwt_algorithm=algorithm,
        verify_tls=not curl.insecure,
        timeout_s=curl.max_time_s if curl.max_time_s is not None else 30.0,
    )
    return CurlImport(config, curl.import_warnings)


def _token_params(body: bytes, content_type: str) -> tuple[list[tuple[str, str]], BodyEncoding]:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise CurlImportError("The body is not UTF-8 text.") from None
    media = content_type.split(";", 1)[0].strip().lower()
    says_json = media == "application/json" or media.endswith("+json")
    says_form = media in ("", "application/x-www-form-urlencoded")
    if not says_json and not says_form:
        raise CurlImportError(
            f"The body is sent as {media}; a token request is form or JSON encoded."
        )
    if says_json or text.lstrip()[:1] in ("{", "["):
        return _json_params(text, said_json=says_json), BodyEncoding.JSON
    return _form_params(text), BodyEncoding.FORM


def _json_params(text: str, *, said_json: bool) -> list[tuple[str, str]]:
    try:
        pairs = json.loads(text, object_pairs_hook=_PairList)
    except (ValueError, RecursionError) as error:
        because = "the Content-Type says JSON" if said_json else "it starts with { or ["
        raise CurlImportError(
            f"The body should be JSON ({because}) but does not parse: {json_error(error)}."
        ) from None
    if not isinstance(pairs, _PairList):
        raise CurlImportError('The JSON body must be an object such as {"grant_type": ...}.')
    _check_count(len(pairs))
    params: list[tuple[str, str]] = []
    for name, value in pairs:
        if value is None:
            continue
        if isinstance(value, str):
            params.append((name, value))
        else:
            params.append((name, _json_text(value)))
    return params


class _PairList(list[tuple[str, object]]):
    """A JSON object as the ordered pairs it was written with (duplicates kept)."""

    def __init__(self, pairs: Iterable[tuple[str, object]]) -> None:
        super().__init__(pairs)


def _json_text(value: object) -> str:
    if isinstance(value, _PairList):
        return json.dumps(dict(value), ensure_ascii=False)
    try:
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    except (ValueError, RecursionError):
        return str(value)


def _json_default(value: object) -> object:
    if isinstance(value, _PairList):
        return dict(value)
    raise TypeError(type(value).__name__)


def _form_params(text: str) -> list[tuple[str, str]]:
    _check_count(text.count("&") + 1)
    params: list[tuple[str, str]] = []
    for piece in text.split("&"):
        if not piece:
            continue
        name, _, value = piece.partition("=")
        params.append((unquote_plus(name), unquote_plus(value)))
    return params


def _check_count(count: int) -> None:
    """A token request has a handful of parameters; thousands mean this is something else."""
    if count > MAX_TOKEN_PARAMS:
        raise CurlImportError(
            f"The body has {count:,} parameters; a token request has a handful (at most "
            f"{MAX_TOKEN_PARAMS:,} are read)."
        )


def _credentials(
    curl: CurlCommand, params: list[tuple[str, str]]
) -> tuple[ClientAuth, str, str, str]:
    """``(auth, client_id, secret, jwt_algorithm)`` from the command's credentials."""
    values: dict[str, str] = {}
    for name, value in params:
        values.setdefault(name, value)
    body_id = values.get("client_id")
    body_secret = values.get("client_secret")
    assertion = values.get("client_assertion")
    basic = _basic_from(curl)
    if basic is not None:
        if body_secret is not None or assertion is not None:
            raise CurlImportError(
                "The command authenticates twice (Basic and credentials in the body); "
                "RFC 6749 §2.3 allows one method per request. Remove one of them."
            )
        auth, client_id, secret = basic_flavour(*basic)
        if body_id is not None and body_id != client_id:
            raise CurlImportError(
                f"The body's client_id {body_id!r} differs from the Basic user {client_id!r}."
            )
        return auth, client_id, secret, ""
    if assertion is not None:
        return _assertion_credentials(assertion, values.get("client_assertion_type"), body_id)
    if body_secret is not None:
        return ClientAuth.POST, body_id or "", body_secret, ""
    if body_id is not None:
        return ClientAuth.NONE, body_id, "", ""
    return ClientAuth.BASIC, "", "", ""


def _basic_from(curl: CurlCommand) -> tuple[str, str] | None:
    authorization = first_header(curl.headers, "Authorization")
    if authorization is not None:
        scheme, _, credentials = authorization.strip().partition(" ")
        if scheme.lower() != "basic":
            raise CurlImportError(
                f"The Authorization header uses {scheme or 'no scheme'}; a token request "
                "authenticates the client with Basic or with credentials in the body."
            )
        decoded = decode_basic(credentials)
        if decoded is None and _PLACEHOLDER.match(credentials.strip()):
            raise CurlImportError(
                f"The Authorization header holds the placeholder {credentials.strip()}; put the "
                "real value in (or copy the command with secrets) before importing it."
            )
        if decoded is None:
            raise CurlImportError(
                "The Authorization: Basic value is not base64 of client_id:client_secret."
            )
        client_id, _, secret = decoded.partition(":")
        return client_id, secret
    if curl.user is not None:
        client_id, _, secret = curl.user.partition(":")
        return client_id, secret
    return None


def _assertion_credentials(
    assertion: str, assertion_type: str | None, body_id: str | None
) -> tuple[ClientAuth, str, str, str]:
    if assertion_type != _JWT_BEARER:
        raise CurlImportError(
            f"client_assertion_type should be {_JWT_BEARER}, not {assertion_type!r}."
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            header = jwt.get_unverified_header(assertion)
            claims = jwt.decode(assertion, options={"verify_signature": False})
    except (jwt.PyJWTError, ValueError, TypeError):
        raise CurlImportError("The client_assertion is not a readable JWT.") from None
    algorithm = header.get("alg")
    if not isinstance(algorithm, str) or not algorithm or algorithm.lower() == "none":
        raise CurlImportError("The client_assertion names no signing algorithm.")
    issuer = claims.get("iss") if isinstance(claims, dict) else None
    client_id = body_id or (issuer if isinstance(issuer, str) else "")
    auth = (
        ClientAuth.SECRET_JWT if algorithm.upper().startswith("HS") else ClientAuth.PRIVATE_KEY_JWT
    )
    return auth, client_id, "", algorithm

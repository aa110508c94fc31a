"""The client-credentials token request, built byte by byte from the user's choices (RFC 6749 §4.4).

Rules this module follows, so the request shown is the request meant:

- Body parameters: ``grant_type=client_credentials``, then ``scope`` when not empty, then the
  client-authentication parameters, then ``ClientConfig.extra_params`` in order. A parameter
  without a value counts as omitted (RFC 6749 §3.2), so empty values are never sent.
- No parameter is ever sent twice (RFC 6749 §3.2). When an extra parameter repeats a name
  already present, **the later one wins**: it replaces the earlier value in place, and a note
  says so. An extra parameter with an empty value removes that parameter (for instance an
  extra ``client_id`` with no value drops ``client_id`` from a JWT-authenticated body).
- Form bodies use ``urllib.parse.urlencode`` (``quote_plus`` with ``safe=''``): a space becomes
  ``+``, ``*`` becomes ``%2A``, ``~`` stays as is. JSON bodies are one compact JSON object of
  strings, UTF-8, sent as ``application/json;charset=utf-8``.
- Headers: ``Content-Type``, ``Accept: application/json``, ``Authorization`` for Basic, then
  ``ClientConfig.extra_headers`` in order. An extra header named like one of those three
  replaces it in place (noted); other extra headers are appended as given.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from urllib.parse import quote_plus, urlencode

from workbench.core.clock import Clock
from workbench.core.config import BodyEncoding, ClientAuth, ClientConfig, Pairs
from workbench.core.http import HttpRequest
from workbench.core.jwt_tools import (
    JwtSigningError,
    assertion_claims,
    sign_private_key_assertion,
    sign_secret_assertion,
)

CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
JSON_CONTENT_TYPE = "application/json;charset=utf-8"

_SECRET_PARAMETER_NAMES = frozenset({"client_secret", "client_assertion", "password"})


class TokenRequestError(ValueError):
    """The token request cannot be built from this configuration; ``message`` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class TokenRequest:
    """A token request ready to send, the secret values inside it, and remarks for the user."""

    request: HttpRequest
    secrets: tuple[str, ...] = field(default=(), repr=False)
    """Every secret value that appears in the request, in each form it appears in."""
    notes: tuple[str, ...] = ()
    """Plain-language remarks about choices made while building."""


def form_urlencode(value: str) -> str:
    """``application/x-www-form-urlencoded`` of one value, exactly as ``urlencode`` does it."""
    return quote_plus(value, safe="")


def basic_credential(client_id: str, client_secret: str, *, urlencode_first: bool) -> str:
    """The base64 part of ``Authorization: Basic``; RFC 6749 §2.3.1 urlencodes both parts first."""
    if urlencode_first:
        joined = f"{form_urlencode(client_id)}:{form_urlencode(client_secret)}"
    else:
        joined = f"{client_id}:{client_secret}"
    return base64.b64encode(joined.encode("utf-8")).decode("ascii")


def build_token_request(config: ClientConfig, clock: Clock) -> TokenRequest:
    """Build the POST to ``config.token_url``; raises ``TokenRequestError`` when it cannot."""
    try:
        return _build(config, clock)
    except UnicodeError as error:
        raise TokenRequestError(
            "The client id, secret or a parameter holds characters that cannot be encoded "
            "as UTF-8 (an unpaired surrogate); retype it."
        ) from error


def _build(config: ClientConfig, clock: Clock) -> TokenRequest:
    """``build_token_request`` without the encoding guard."""
    client_secret = config.client_secret.reveal()
    notes: list[str] = []
    secrets: list[str] = [client_secret, form_urlencode(client_secret), _json_inner(client_secret)]

    params: list[tuple[str, str]] = [("grant_type", "client_credentials")]
    if config.scope:
        params.append(("scope", config.scope))

    authorization: str | None = None
    if config.auth in (ClientAuth.BASIC, ClientAuth.BASIC_RAW):
        strict = config.auth is ClientAuth.BASIC
        credential = basic_credential(config.client_id, client_secret, urlencode_first=strict)
        authorization = f"Basic {credential}"
        secrets.append(credential)
        notes.extend(_basic_difference_notes(config.client_id, client_secret, strict=strict))
        if not client_secret:
            notes.append("The client secret is empty: Basic authentication sends 'client_id:'.")
    elif config.auth is ClientAuth.POST:
        params.append(("client_id", config.client_id))
        params.append(("client_secret", client_secret))
        if not client_secret:
            notes.append("The client secret is empty, so no client_secret parameter is sent.")
    elif config.auth in (ClientAuth.SECRET_JWT, ClientAuth.PRIVATE_KEY_JWT):
        assertion, signing_notes = _sign_assertion(config, clock)
        notes.extend(signing_notes)
        secrets.append(assertion)
        params.append(("client_id", config.client_id))
        params.append(("client_assertion_type", CLIENT_ASSERTION_TYPE))
        params.append(("client_assertion", assertion))
    elif config.auth is ClientAuth.NONE:
        params.append(("client_id", config.client_id))
    else:  # pragma: no cover - ClientAuth is closed
        raise TokenRequestError(f"Unknown client authentication method: {config.auth}")

    merged = _merge_parameters(params, config.extra_params, notes)
    for name, value in merged:
        if name in _SECRET_PARAMETER_NAMES:
            secrets.extend((value, form_urlencode(value), _json_inner(value)))

    if config.body_encoding is BodyEncoding.JSON:
        content_type = JSON_CONTENT_TYPE
        body = json.dumps(dict(merged), ensure_ascii=False, separators=(",", ":")).encode()
    else:
        content_type = FORM_CONTENT_TYPE
        body = urlencode(merged).encode("ascii")

    headers: list[tuple[str, str]] = [
        ("Content-Type", content_type),
        ("Accept", "application/json"),
    ]
    if authorization is not None:
        headers.append(("Authorization", authorization))
    headers = _merge_headers(headers, config.extra_headers, notes)

    if config.private_key_pem:
        secrets.append(config.private_key_pem.reveal())

    return TokenRequest(
        request=HttpRequest("POST", config.token_url, tuple(headers), body),
        secrets=_unique_non_empty(secrets),
        notes=tuple(notes),
    )


def _sign_assertion(config: ClientConfig, clock: Clock) -> tuple[str, tuple[str, ...]]:
    """The RFC 7523 client assertion for secret-jwt or private-key-jwt."""
    if not config.token_url:
        raise TokenRequestError(
            "A JWT client assertion names the token URL as its audience, "
            "and the token URL is empty."
        )
    claims = assertion_claims(config.client_id, config.token_url, clock.wall())
    try:
        if config.auth is ClientAuth.SECRET_JWT:
            return sign_secret_assertion(
                claims, config.client_secret.reveal(), config.jwt_algorithm
            )
        return sign_private_key_assertion(
            claims, config.private_key_pem.reveal(), config.jwt_algorithm
        )
    except JwtSigningError as error:
        raise TokenRequestError(str(error)) from error


def _merge_parameters(
    params: list[tuple[str, str]], extra_params: Pairs, notes: list[str]
) -> list[tuple[str, str]]:
    """Standard parameters then extras; a repeated name replaces in place, empty values drop."""
    merged: dict[str, str] = {}
    for name, value in params:
        if value:
            merged[name] = value
    for name, value in extra_params:
        if not name:
            notes.append("An extra parameter with no name was left out.")
            continue
        if not value:
            if name in merged:
                del merged[name]
                notes.append(f"The extra parameter '{name}' has no value, so '{name}' is not sent.")
            else:
                notes.append(
                    f"The extra parameter '{name}' has no value and counts as omitted "
                    "(RFC 6749 §3.2), so it is not sent."
                )
            continue
        if name in merged:
            notes.append(
                f"The parameter '{name}' was given twice; parameters must not repeat "
                "(RFC 6749 §3.2), so the later value, from the extra parameters, is sent."
            )
        merged[name] = value
    return list(merged.items())


def _merge_headers(
    headers: list[tuple[str, str]], extra_headers: Pairs, notes: list[str]
) -> list[tuple[str, str]]:
    """Our headers then the user's; a user header named like one of ours replaces it."""
    ours = {name.lower(): index for index, (name, _value) in enumerate(headers)}
    replaced: set[str] = set()
    appended: list[tuple[str, str]] = []
    for name, value in extra_headers:
        if not name:
            notes.append("An extra header with no name was left out.")
            continue
        key = name.lower()
        if key in ours and key not in replaced:
            headers[ours[key]] = (name, value)
            replaced.add(key)
            notes.append(f"The extra header '{name}' replaces the one the workbench would send.")
        else:
            appended.append((name, value))
    return headers + appended


def _basic_difference_notes(client_id: str, client_secret: str, *, strict: bool) -> list[str]:
    """Explain when RFC-strict and raw Basic would send different credentials."""
    which = [
        label
        for label, value in (("client id", client_id), ("client secret", client_secret))
        if form_urlencode(value) != value
    ]
    if not which:
        return []
    subject = " and the ".join(which)
    sent = "urlencoded first, as RFC 6749 §2.3.1 requires" if strict else "as is, not urlencoded"
    other = "basic-raw" if strict else "basic"
    return [
        f"The {subject} contains characters that form-urlencoding changes (such as "
        f"': % + & = #', a space or non-ASCII), so RFC-strict Basic and raw Basic send different "
        f"credentials here. This request sends them {sent}; if the provider rejects them, "
        f"try '{other}'."
    ]


def _json_inner(value: str) -> str:
    """How ``value`` appears inside a JSON string in our bodies (without the quotes)."""
    return json.dumps(value, ensure_ascii=False)[1:-1]


def _unique_non_empty(values: list[str]) -> tuple[str, ...]:
    """Drop empty strings and repeats, keep order."""
    return tuple(dict.fromkeys(value for value in values if value))

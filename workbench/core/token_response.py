"""Reading a token endpoint's answer into an ``AccessToken``, tolerantly, or into a ``Problem``.

Choices, so the token shown is what the provider meant (RFC 6749 §5.1):

- A non-2xx answer or a transport failure goes to ``describe_problem``.
- A 2xx answer must be a JSON object with a non-empty string ``access_token``; anything else is
  a ``Problem`` of kind ``INVALID_TOKEN_RESPONSE`` that says what the body is instead.
- ``token_type`` is required by the RFC, but a missing or non-string one is *tolerated*: the
  token is assumed to be ``Bearer`` (what every client-credentials provider issues) and a note
  on the token says so. ``token_type`` is kept as sent otherwise, in any case (``bearer``,
  ``BEARER``) and of any kind (``mac``, ``DPoP``): the UI shows it.
- ``expires_in`` may be an integer, a float or a numeric string (``"3600"``). Zero means the token
  is already expired. Anything else (negative, NaN, infinite, boolean, null, text, missing) means
  the lifetime is *unknown*, never "does not expire". Lifetimes over a century are capped at a
  century (with a note) so that date arithmetic downstream cannot overflow.
- ``scope`` null or missing is None; a JSON array of strings is joined with spaces.
- The receipt time is read from the clock when this function runs, i.e. right after the exchange.
- ``read_token`` never raises, whatever the bytes.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from workbench.core.body_kind import BodyFormat, body_kind, decode_body
from workbench.core.clock import Clock
from workbench.core.http import Exchange, HttpResponse, parse_http_date
from workbench.core.jwt_tools import decode_unverified
from workbench.core.problems import Problem, ProblemKind
from workbench.core.problems.decode import describe_problem
from workbench.core.secret import Secret
from workbench.core.token import AccessToken

MAX_LIFETIME_S = 100 * 365.25 * 86400
"""A century: longer lifetimes are capped to this, which no display or date library chokes on."""

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_EXCERPT_CHARS = 200


def read_token(
    exchange: Exchange, *, clock: Clock, requested_scope: str = ""
) -> AccessToken | Problem:
    """The token in a token endpoint's answer, or the problem that prevents using it."""
    received_monotonic = clock.monotonic()
    received_wall = clock.wall()
    try:
        if not exchange.ok or exchange.response is None:
            return describe_problem(exchange)
        return _read_success(
            exchange.response,
            received_monotonic=received_monotonic,
            received_wall=received_wall,
            requested_scope=requested_scope,
        )
    except Exception as error:  # the promise is "never raises": report rather than crash
        return Problem(
            kind=ProblemKind.UNEXPECTED,
            title="The token response could not be read",
            explanation=f"Reading the token endpoint's answer failed unexpectedly: {error!r}.",
            likely_cause="A response shape the workbench does not handle yet.",
            suggested_action="Look at the raw response; please report this as a workbench bug.",
            http_status=exchange.response.status if exchange.response else None,
            wording_is_ours=True,
        )


def _read_success(
    response: HttpResponse,
    *,
    received_monotonic: float,
    received_wall: float,
    requested_scope: str,
) -> AccessToken | Problem:
    """A 2xx answer: parse the JSON object and pick the members out tolerantly."""
    status = response.status
    if response.truncated:
        return _invalid(
            response,
            f"The token endpoint answered {status} but the body was longer than the size limit "
            "and was cut, so the token in it cannot be trusted.",
            likely_cause="The URL points at something that is not a token endpoint.",
            source=_source_for(_body_kind_name(response, cut=True)),
        )
    parsed, kind = _parse_json(response)
    if not isinstance(parsed, dict):
        return _invalid(
            response,
            f"The token endpoint answered {status} but the body is {kind}, not a JSON object.",
            likely_cause=_likely_cause_for(kind),
            source=_source_for(kind),
        )
    fields: dict[str, Any] = parsed
    access_token = fields.get("access_token")
    if not isinstance(access_token, str) or not access_token:
        return _missing_access_token(response, fields, access_token)

    notes: list[str] = []
    token_type = fields.get("token_type")
    if not isinstance(token_type, str) or not token_type.strip():
        notes.append(
            "The provider sent no token_type (RFC 6749 §5.1 requires one); "
            "the token is used as a Bearer token."
        )
        token_type = "Bearer"

    expires_in_s, expiry_note = parse_expires_in(fields.get("expires_in"), "expires_in" in fields)
    if expiry_note:
        notes.append(expiry_note)

    return AccessToken(
        value=Secret(access_token),
        token_type=token_type,
        expires_in_s=expires_in_s,
        received_monotonic=received_monotonic,
        received_wall=received_wall,
        scope=_parse_scope(fields.get("scope")),
        requested_scope=requested_scope,
        fields=MappingProxyType(fields),
        jwt_claims=decode_unverified(access_token),
        server_date_wall=parse_http_date(response.header("Date")),
        notes=tuple(notes),
    )


def parse_expires_in(value: object, present: bool = True) -> tuple[float | None, str]:
    """``expires_in`` as seconds (None when unknown) and a note when it was unusable or capped."""
    if not present or value is None:
        return None, "The provider sent no expires_in: the token's lifetime is unknown."
    seconds: float | None = None
    if isinstance(value, bool):
        seconds = None
    elif isinstance(value, int):
        seconds = float(min(value, int(MAX_LIFETIME_S) + 1)) if value >= 0 else None
    elif isinstance(value, float):
        seconds = value if math.isfinite(value) and value >= 0 else None
    elif isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        number = float(value.strip())
        seconds = number if math.isfinite(number) and number >= 0 else None
    if seconds is None:
        shown = _excerpt(_flatten(value))
        return None, f"expires_in is {shown}, not a usable number of seconds: lifetime unknown."
    if seconds > MAX_LIFETIME_S:
        return MAX_LIFETIME_S, "expires_in is over a century; it is counted as one century."
    return seconds, ""


def _parse_scope(value: object) -> str | None:
    """The granted scope: a string as is, a list of strings joined, anything else None."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return " ".join(value)
    return None


def _parse_json(response: HttpResponse) -> tuple[object, str]:
    """The parsed body (or None) and a plain name of what the body is."""
    body = response.body
    kind = body_kind(body, response.header("Content-Type") or "")
    if kind.format is not BodyFormat.JSON:
        return None, _KIND_NAMES[kind.format]
    try:
        parsed = json.loads(body if kind.charset == "utf-8" else decode_body(body, kind) or "")
    except RecursionError:
        return None, "JSON nested too deeply to be read"
    except ValueError:
        return None, "text that looks like JSON but does not parse"
    if isinstance(parsed, dict):
        return parsed, "a JSON object"
    return parsed, _json_kind(parsed)


def _body_kind_name(response: HttpResponse, *, cut: bool = False) -> str:
    """A plain name of what the body is: "JSON", "empty", "HTML", "binary data", ..."""
    kind = body_kind(response.body, response.header("Content-Type") or "", cut=cut)
    return _KIND_NAMES[kind.format]


_KIND_NAMES = {
    BodyFormat.EMPTY: "empty",
    BodyFormat.JSON: "JSON",
    BodyFormat.HTML: "HTML",
    BodyFormat.XML: "XML",
    BodyFormat.FORM: "form-encoded text",
    BodyFormat.TEXT: "plain text",
    BodyFormat.BINARY: "binary data",
}


def _json_kind(value: object) -> str:
    """A plain name for a JSON value that is not an object."""
    if isinstance(value, list):
        return "a JSON array"
    if isinstance(value, str):
        return "a JSON string"
    if isinstance(value, bool):
        return "a JSON boolean"
    if value is None:
        return "JSON null"
    return "a JSON number"


def _likely_cause_for(kind: str) -> str:
    """Why a token endpoint would send this kind of body."""
    if kind == "HTML":
        return (
            "The token URL points at a web page (a login page, a proxy's or a framework's page) "
            "rather than the token endpoint."
        )
    if kind == "empty":
        return "The server accepted the request but sent nothing back."
    if kind == "form-encoded text":
        return (
            "The provider answers in form encoding, as some old OAuth 2 servers do, "
            "instead of JSON (RFC 6749 §5.1)."
        )
    return "The URL is not a token endpoint, or the provider does not follow RFC 6749 §5.1."


def _source_for(kind: str) -> str:
    """The ``Problem.source`` for a body kind."""
    return {
        "HTML": "html",
        "empty": "empty",
        "binary data": "binary",
        "plain text": "text",
        "form-encoded text": "text",
        "XML": "text",
    }.get(kind, "json")


def _missing_access_token(
    response: HttpResponse, fields: Mapping[str, Any], access_token: object
) -> Problem:
    """A JSON object without a usable ``access_token``: an error in disguise, or a wrong URL."""
    status = response.status
    error = fields.get("error")
    if isinstance(error, str) and error:
        description = fields.get("error_description")
        detail = f": {description}" if isinstance(description, str) and description else ""
        return _invalid(
            response,
            f"The token endpoint answered {status} (success) but the body is an error, "
            f"'{error}'{detail}.",
            likely_cause="The provider reports errors with a success status, against RFC 6749.",
            source="rfc6749",
            code=error,
            fields=fields,
        )
    if access_token is None:
        what = "has no access_token member"
    elif isinstance(access_token, str):
        what = "has an empty access_token"
    else:
        what = f"has an access_token that is {_json_kind(access_token)}, not a string"
    return _invalid(
        response,
        f"The token endpoint answered {status} with a JSON object that {what}.",
        likely_cause="The URL is not a token endpoint, or the provider does not follow RFC 6749.",
        source="json",
        fields=fields,
    )


def _invalid(
    response: HttpResponse,
    explanation: str,
    *,
    likely_cause: str,
    source: str,
    code: str = "",
    fields: Mapping[str, Any] | None = None,
) -> Problem:
    """A ``Problem`` of kind ``INVALID_TOKEN_RESPONSE``."""
    from workbench.core.redact import MASK, SECRET_FIELDS, redact_message  # failures only

    pairs: list[tuple[str, str]] = []
    if fields is not None:
        pairs.extend(
            (str(name), MASK if str(name).casefold() in SECRET_FIELDS else _flatten(value))
            for name, value in fields.items()
        )
    else:
        pairs.append(("content-type", response.header("Content-Type") or ""))
        excerpt = _excerpt(response.body[: _EXCERPT_CHARS * 4].decode("utf-8", errors="replace"))
        pairs.append(("body", redact_message(excerpt)))  # a form body holds the token
    return Problem(
        kind=ProblemKind.INVALID_TOKEN_RESPONSE,
        title="The answer is not a usable token",
        explanation=explanation,
        likely_cause=likely_cause,
        suggested_action=(
            "Check the token URL (it should be the provider's token endpoint) and look at the "
            "raw response."
        ),
        http_status=response.status,
        source=source,
        code=code,
        fields=tuple(pairs),
        wording_is_ours=True,
    )


def _flatten(value: object) -> str:
    """A field value as one line of text: strings as is, anything else as compact JSON."""
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    except (ValueError, TypeError, RecursionError):
        return repr(value)


def _excerpt(text: str) -> str:
    """At most a couple of hundred characters, with an ellipsis when cut."""
    return text if len(text) <= _EXCERPT_CHARS else text[:_EXCERPT_CHARS] + "…"

"""The API endpoints: bearer-token checks, routing, paging and their error answers."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl

from workbench.sandbox import data
from workbench.sandbox.envelopes import (
    MESSAGE_VALIDATION,
    envelope,
    expired_token_envelope,
    json_bytes,
    quoted,
    rfc_error,
    unable_to_authenticate_envelope,
)
from workbench.sandbox.messages import JSON_HEADERS, SandboxRequest, SandboxResponse
from workbench.sandbox.resources import ID_KEYS, ApiResources

MAX_PER_PAGE = 1000
DEFAULT_PER_PAGE = 100
REALM = "sandbox"

_TOKEN_SHAPE = re.compile(r"[0-9a-f]{40}")
_DIGITS = re.compile(r"[0-9]{1,9}")


@dataclass
class IssuedToken:
    """A token the sandbox handed out (mutable: ``expire_all`` moves its deadline)."""

    client_id: str
    issued_at_s: float
    expires_at_s: float


class ApiAuthError(Exception):
    """A bearer-token failure on an API call."""

    def __init__(
        self, kind: Literal["missing", "malformed", "unknown", "expired"], token: str
    ) -> None:
        super().__init__(kind)
        self.kind = kind
        self.token = token


def check_bearer(
    request: SandboxRequest, tokens: Mapping[str, IssuedToken], now: float, *, rfc_errors: bool
) -> None:
    """Return if the request carries a live token the sandbox issued, else raise why not."""
    authorizations = request.header_values("Authorization")
    if not authorizations:
        raise ApiAuthError("missing", "")
    if len(authorizations) > 1:
        raise ApiAuthError("malformed", "")
    scheme, _, token = authorizations[0].strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer":
        raise ApiAuthError("missing" if rfc_errors else "malformed", token)
    if not _TOKEN_SHAPE.fullmatch(token):
        raise ApiAuthError("malformed", token)
    issued = tokens.get(token)
    if issued is None:
        raise ApiAuthError("unknown", token)
    if now >= issued.expires_at_s:
        raise ApiAuthError("expired", token)


def bearer_error(
    failure: ApiAuthError, *, rfc_errors: bool, new_uuid: Callable[[], str]
) -> SandboxResponse:
    """The 401 for a bearer failure: GetResponse's envelope, or an RFC 6750 challenge."""
    if rfc_errors:
        challenge = f"Bearer realm={quoted(REALM)}"
        if failure.kind == "missing":
            description = "this API needs an access token: Authorization: Bearer <token>"
            body = {"error_description": description}
        else:
            description = {
                "malformed": "The access token is malformed",
                "unknown": "The access token is not valid",
                "expired": "The access token expired",
            }[failure.kind]
            challenge += (
                f", error={quoted('invalid_token')}, error_description={quoted(description)}"
            )
            body = rfc_error("invalid_token", description)
        headers = (*JSON_HEADERS, ("WWW-Authenticate", challenge))
        return SandboxResponse(401, headers, json_bytes(body))
    if failure.kind == "expired":
        return SandboxResponse(401, JSON_HEADERS, json_bytes(expired_token_envelope(failure.token)))
    return SandboxResponse(
        401, JSON_HEADERS, json_bytes(unable_to_authenticate_envelope(new_uuid()))
    )


def page(items: list[data.JsonObject], query: str, new_uuid: Callable[[], str]) -> SandboxResponse:
    """One page of ``items`` as ``?page=`` and ``?perPage=`` ask, with the paging headers."""
    params = dict(parse_qsl(query, keep_blank_values=True))
    problems = []
    page = positive_int(params.get("page"), default=1)
    if page is None:
        problems.append("page: must be a whole number of at least 1")
    per_page = positive_int(params.get("perPage"), default=DEFAULT_PER_PAGE)
    if per_page is None or per_page > MAX_PER_PAGE:
        problems.append(f"perPage: must be a whole number from 1 to {MAX_PER_PAGE}")
    if page is None or per_page is None or problems:
        body = envelope(400, 1000, MESSAGE_VALIDATION, problems, uuid=new_uuid())
        return SandboxResponse(400, JSON_HEADERS, json_bytes(body))
    total_pages = math.ceil(len(items) / per_page)
    chosen = items[(page - 1) * per_page : page * per_page]
    headers = (
        *JSON_HEADERS,
        ("TotalCount", str(len(items))),
        ("TotalPages", str(total_pages)),
        ("CurrentPage", str(page)),
    )
    return SandboxResponse(200, headers, json_bytes(chosen))


def not_found(
    path: str, new_uuid: Callable[[], str], *, resource_id: str | None = None
) -> SandboxResponse:
    """GetResponse's 1013 envelope for a path, or a resource id, that names nothing."""
    context: dict[str, str] = {"path": path}
    if resource_id is not None:
        context["resourceId"] = resource_id
    message = "Resource not found" if resource_id else f"There is no API endpoint at {path}"
    body = envelope(404, 1013, message, context, uuid=new_uuid())
    return SandboxResponse(404, JSON_HEADERS, json_bytes(body))


@dataclass(frozen=True)
class Missing:
    """A resource path whose id names nothing."""

    resource_id: str


def route(
    path: str, base_url: str, resources: ApiResources
) -> data.JsonObject | list[data.JsonObject] | Missing | None:
    """The resource at ``path``: an object, a list to page, a missing id, or None (no endpoint)."""
    if path == "/v3/accounts":
        return data.account(base_url)
    parts = path.split("/")  # "", "v3", collection[, id]
    items = resources.items(parts[2], base_url) if len(parts) in (3, 4) else None
    if items is None:
        return None
    if len(parts) == 3:
        return items
    id_key = ID_KEYS[parts[2]]
    found = next((item for item in items if item[id_key] == parts[3]), None)
    return found if found is not None else Missing(parts[3])


def search_refused(field: str, new_uuid: Callable[[], str]) -> SandboxResponse:
    """The 400 for a ``query[field]`` the list cannot be searched by, as GetResponse words it."""
    context = {
        "validationType": "searchFilter[query]",
        "fieldName": field,
        "originalName": field,
        "errorDescription": "Not allowed search field",
    }
    body = envelope(400, 1000, MESSAGE_VALIDATION, context, uuid=new_uuid())
    return SandboxResponse(400, JSON_HEADERS, json_bytes(body))


def positive_int(text: str | None, *, default: int) -> int | None:
    """A whole number of at least 1 from a query value; ``default`` when absent, else None."""
    if text is None:
        return default
    if not _DIGITS.fullmatch(text) or int(text) < 1:
        return None
    return int(text)

"""The sandbox provider's pure logic: a parsed request and the sandbox clock in, a response out."""

from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import math
import re
import secrets
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import parse_qsl, unquote_plus, urlsplit

from workbench.sandbox import data
from workbench.sandbox.clock import SandboxClock
from workbench.sandbox.envelopes import (
    MESSAGE_VALIDATION,
    envelope,
    expired_token_envelope,
    json_bytes,
    quoted,
    rfc_error,
    throttled_envelope,
    unable_to_authenticate_envelope,
)

Pairs = tuple[tuple[str, str], ...]
TokenErrors = Literal["getresponse", "rfc"]

DEFAULT_CLIENTS: Mapping[str, str] = {"demo-client": "demo-secret"}
DEFAULT_TOKEN_TTL_S = 86400
DEFAULT_RATE_LIMIT = 30000
DEFAULT_RATE_WINDOW_S = 600
DEFAULT_MAX_BODY_BYTES = 1024 * 1024
MAX_STORED_TOKENS = 10_000
MAX_PER_PAGE = 1000
DEFAULT_PER_PAGE = 100
REALM = "sandbox"
TOKEN_PATH = "/v3/token"
CONTROL_PREFIX = "/_sandbox/"
METADATA_PATH = "/.well-known/oauth-authorization-server"
"""RFC 8414 metadata, served in the RFC mode only: GetResponse has no discovery."""

_TOKEN_SHAPE = re.compile(r"[0-9a-f]{40}")
_DIGITS = re.compile(r"[0-9]{1,9}")
_JSON = (("Content-Type", "application/json"),)
_NO_STORE = (("Cache-Control", "no-store"), ("Pragma", "no-cache"))
_FORM_TYPE = "application/x-www-form-urlencoded"
_JSON_TYPE = "application/json"
_UTF8_NAMES = ("utf-8", "utf8")


@dataclass(frozen=True)
class SandboxRequest:
    """One HTTP request as the sandbox sees it: already framed, body fully read."""

    method: str
    target: str
    headers: Pairs = ()
    body: bytes = b""
    client_host: str = "127.0.0.1"

    def header_values(self, name: str) -> list[str]:
        """Every value of header ``name`` (case-insensitive), in wire order."""
        wanted = name.lower()
        return [value for key, value in self.headers if key.lower() == wanted]

    def header(self, name: str) -> str | None:
        """The first value of header ``name``, or None."""
        values = self.header_values(name)
        return values[0] if values else None


@dataclass(frozen=True)
class SandboxResponse:
    """What the sandbox answers: status, ordered headers (no framing headers) and body."""

    status: int
    headers: Pairs
    body: bytes
    close_connection: bool = False

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)


@dataclass
class _IssuedToken:
    """A token the sandbox handed out (mutable: ``expire_all`` moves its deadline)."""

    client_id: str
    issued_at_s: float
    expires_at_s: float


class _TokenError(Exception):
    """A token-endpoint failure, described once and rendered in either error mode."""

    def __init__(self, error: str, description: str, *, basic_challenge: bool = False) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.basic_challenge = basic_challenge


class _ApiAuthError(Exception):
    """A bearer-token failure on an API call."""

    def __init__(
        self, kind: Literal["missing", "malformed", "unknown", "expired"], token: str
    ) -> None:
        super().__init__(kind)
        self.kind = kind
        self.token = token


class Provider:
    """GetResponse API v3 (or, switched, a plain RFC 6749/6750 server) as a pure function of state.

    ``handle`` maps a ``SandboxRequest`` to a ``SandboxResponse`` using the sandbox clock; it is
    thread-safe and never raises for anything a client can send.
    """

    def __init__(
        self,
        *,
        clients: Mapping[str, str] | None = None,
        token_ttl_s: int = DEFAULT_TOKEN_TTL_S,
        token_errors: TokenErrors = "getresponse",
        rate_limit: int | None = None,
        rate_window_s: int = DEFAULT_RATE_WINDOW_S,
        retry_after: bool = False,
        require_x_domain: str | None = None,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        clock: SandboxClock | None = None,
        new_token: Callable[[], str] | None = None,
        new_uuid: Callable[[], str] | None = None,
    ) -> None:
        if token_errors not in ("getresponse", "rfc"):
            raise ValueError(f"token_errors must be 'getresponse' or 'rfc', not {token_errors!r}")
        if rate_limit is not None and rate_limit < 1:
            raise ValueError(f"rate_limit must be at least 1, not {rate_limit}")
        if rate_window_s < 1:
            raise ValueError(f"rate_window_s must be at least 1, not {rate_window_s}")
        self._clients = dict(DEFAULT_CLIENTS if clients is None else clients)
        if not self._clients:
            raise ValueError("the sandbox needs at least one client")
        self._token_ttl_s = _checked_ttl(token_ttl_s)
        self.token_errors: TokenErrors = token_errors
        self.rfc_errors = token_errors in ("rfc",)
        """True when errors follow RFC 6749 §5.2 and RFC 6750 rather than GetResponse."""
        self.rate_limit = DEFAULT_RATE_LIMIT if rate_limit is None else rate_limit
        self.rate_window_s = rate_window_s
        self.retry_after = retry_after
        self.require_x_domain = require_x_domain.strip().lower() if require_x_domain else None
        self.max_body_bytes = max_body_bytes
        self.clock = clock or SandboxClock()
        self._new_token = new_token or (lambda: secrets.token_hex(20))
        self._new_uuid = new_uuid or (lambda: str(uuid.uuid4()))
        self._tokens: dict[str, _IssuedToken] = {}
        self._window_start_s: float | None = None
        self._window_used = 0
        self._lock = threading.RLock()

    # ----------------------------------------------------------------- time controls

    @property
    def token_ttl_s(self) -> int:
        """Lifetime, in seconds, of tokens issued from now on."""
        return self._token_ttl_s

    def set_token_ttl(self, seconds: int) -> None:
        """Change the lifetime of tokens issued from now on (tokens already out keep theirs)."""
        with self._lock:
            self._token_ttl_s = _checked_ttl(seconds)

    def advance_clock(self, seconds: float) -> None:
        """Move the sandbox clock forward: tokens lapse and rate-limit windows close sooner."""
        self.clock.advance(seconds)

    def expire_all(self) -> int:
        """Make every live token expire now; returns how many were live."""
        with self._lock:
            now = self.clock.now()
            live = [issued for issued in self._tokens.values() if issued.expires_at_s > now]
            for issued in live:
                issued.expires_at_s = now
            return len(live)

    def issue_token(self, client_id: str) -> str:
        """Hand out a token for a registered client, as a successful token request would."""
        with self._lock:
            if client_id not in self._clients:
                raise KeyError(client_id)
            return self._issue(client_id, self.clock.now())

    def state(self) -> dict[str, Any]:
        """A JSON-ready snapshot of the sandbox: clock, settings, quota and token counts."""
        with self._lock:
            now = self.clock.now()
            self._roll_window(now)
            live = [t for t in self._tokens.values() if t.expires_at_s > now]
            return {
                "clock_offset_s": self.clock.offset_s,
                "token_ttl_s": self._token_ttl_s,
                "token_errors": self.token_errors,
                "clients": sorted(self._clients),
                "require_x_domain": self.require_x_domain,
                "rate_limit": {
                    "limit": self.rate_limit,
                    "window_s": self.rate_window_s,
                    "remaining": self._remaining_calls(),
                    "reset_s": self._seconds_to_reset(now),
                    "retry_after": self.retry_after,
                },
                "tokens": {
                    "issued": len(self._tokens),
                    "live": len(live),
                    "expired": len(self._tokens) - len(live),
                    "next_expiry_s": (
                        round(min(t.expires_at_s for t in live) - now, 3) if live else None
                    ),
                },
            }

    # ----------------------------------------------------------------- entry points

    def handle(self, request: SandboxRequest) -> SandboxResponse:
        """Answer one request."""
        path, query = _split_target(request.target)
        with self._lock:
            now = self.clock.now()
            if path.startswith(CONTROL_PREFIX) or path == CONTROL_PREFIX.rstrip("/"):
                return self._control(request, path, query)
            if path == "/v3" or path.startswith("/v3/"):
                domain_problem = self._x_domain_problem(request)
                if path == TOKEN_PATH:
                    if domain_problem is not None:
                        return domain_problem
                    return self._token_endpoint(request, now)
                response = domain_problem or self._api(request, path, query, now)
                return self._with_rate_headers(response, now)
            if path == METADATA_PATH and self.rfc_errors:
                return self._metadata(request)
            return self._not_found(path)

    def framing_error(self, status: int, description: str) -> SandboxResponse:
        """A response for a request whose body could not be read (bad length, too large...).

        The connection is closed afterwards, since the rest of the stream cannot be trusted.
        """
        if self.rfc_errors:
            body = rfc_error("invalid_request", description)
        else:
            body = envelope(status, 1000, MESSAGE_VALIDATION, [description], uuid=self._new_uuid())
        return SandboxResponse(status, _JSON, json_bytes(body), close_connection=True)

    def internal_error(self) -> SandboxResponse:
        """The answer when the sandbox itself failed (a bug): a GetResponse code 1 envelope."""
        body = envelope(
            500, 1, "The sandbox failed to handle this request", [], uuid=self._new_uuid()
        )
        return SandboxResponse(500, _JSON, json_bytes(body), close_connection=True)

    # ----------------------------------------------------------------- token endpoint

    def _token_endpoint(self, request: SandboxRequest, now: float) -> SandboxResponse:
        if request.method != "POST":
            response = self._token_error(
                _TokenError("invalid_request", f"{TOKEN_PATH} accepts POST, not {request.method}")
            )
            return SandboxResponse(405, (*response.headers, ("Allow", "POST")), response.body)
        try:
            params = _token_parameters(request)
            client_id = self._authenticate_client(request, params)
            grant_type = params.get("grant_type")
            if grant_type is None:
                raise _TokenError("invalid_request", "grant_type is missing")
            if grant_type != "client_credentials":
                raise _TokenError(
                    "unsupported_grant_type",
                    f"grant_type {grant_type!r} is not supported here; use client_credentials",
                )
            scope = params.get("scope")
            if scope is not None and set(scope.split()) != {"all"}:
                raise _TokenError(
                    "invalid_scope", f"unknown scope {scope!r}; the only one is 'all'"
                )
        except _TokenError as failure:
            return self._token_error(failure)
        token = self._issue(client_id, now)
        body = {
            "access_token": token,
            "expires_in": self._token_ttl_s,
            "token_type": "Bearer",
            "scope": None,
        }
        return SandboxResponse(200, _JSON + _NO_STORE, json_bytes(body))

    def _authenticate_client(self, request: SandboxRequest, params: Mapping[str, str]) -> str:
        """The authenticated client id, or a ``_TokenError``."""
        authorizations = request.header_values("Authorization")
        if len(authorizations) > 1:
            raise _TokenError("invalid_request", "more than one Authorization header")
        methods = []
        if authorizations:
            methods.append("the Authorization header")
        if "client_secret" in params:
            methods.append("client_secret in the body")
        if "client_assertion" in params or "client_assertion_type" in params:
            methods.append("a client assertion")
        if len(methods) > 1:
            raise _TokenError(
                "invalid_request",
                "more than one client authentication method in one request: "
                + " and ".join(methods),
            )
        if authorizations:
            client_id = self._basic_client(authorizations[0])
            body_id = params.get("client_id")
            if body_id is not None and body_id != client_id:
                raise _TokenError(
                    "invalid_request", "client_id in the body differs from the Basic credentials"
                )
            return client_id
        if "client_assertion" in params or "client_assertion_type" in params:
            raise _TokenError(
                "invalid_client", "client assertions (RFC 7523) are not supported by this sandbox"
            )
        if "client_secret" in params:
            body_client_id = params.get("client_id")
            if body_client_id is None:
                raise _TokenError("invalid_request", "client_secret was sent without client_id")
            if not self._secret_matches(body_client_id, params["client_secret"]):
                raise _TokenError("invalid_client", "unknown client or wrong client secret")
            return body_client_id
        if "client_id" in params:
            raise _TokenError("invalid_client", "client_id was sent without a client secret")
        raise _TokenError("invalid_client", "no client credentials were sent", basic_challenge=True)

    def _basic_client(self, authorization: str) -> str:
        """The client id from a Basic header, accepting the RFC 6749 and the raw encoding."""
        scheme, _, encoded = authorization.strip().partition(" ")
        if scheme.lower() != "basic":
            raise _TokenError(
                "invalid_client",
                f"the token endpoint expects Basic client credentials, not {scheme!r}",
                basic_challenge=True,
            )
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True)
            text = decoded.decode("utf-8")
        except (binascii.Error, ValueError):
            raise _TokenError(
                "invalid_client",
                "the Basic credentials are not valid base64 UTF-8",
                basic_challenge=True,
            ) from None
        if ":" not in text:
            raise _TokenError(
                "invalid_client", "the Basic credentials have no ':'", basic_challenge=True
            )
        for client_id, secret in _basic_candidates(text):
            if self._secret_matches(client_id, secret):
                return client_id
        raise _TokenError(
            "invalid_client", "unknown client or wrong client secret", basic_challenge=True
        )

    def _secret_matches(self, client_id: str, secret: str) -> bool:
        expected = self._clients.get(client_id)
        if expected is None:
            secrets.compare_digest(secret.encode(), secret.encode())  # same work either way
            return False
        return secrets.compare_digest(expected.encode(), secret.encode())

    def _token_error(self, failure: _TokenError) -> SandboxResponse:
        if self.rfc_errors:
            status = 401 if failure.error == "invalid_client" and failure.basic_challenge else 400
            headers: Pairs = _JSON + _NO_STORE
            if status == 401:
                headers += (("WWW-Authenticate", f"Basic realm={quoted(REALM)}"),)
            body = rfc_error(failure.error, failure.description)
            return SandboxResponse(status, headers, json_bytes(body))
        if failure.error == "invalid_client":
            body = unable_to_authenticate_envelope(self._new_uuid())
            return SandboxResponse(401, _JSON + _NO_STORE, json_bytes(body))
        body = envelope(400, 1000, MESSAGE_VALIDATION, [failure.description], uuid=self._new_uuid())
        return SandboxResponse(400, _JSON + _NO_STORE, json_bytes(body))

    def _issue(self, client_id: str, now: float) -> str:
        token = self._new_token()
        while token in self._tokens:
            token = self._new_token()
        self._tokens[token] = _IssuedToken(client_id, now, now + self._token_ttl_s)
        while len(self._tokens) > MAX_STORED_TOKENS:
            del self._tokens[next(iter(self._tokens))]
        return token

    def _metadata(self, request: SandboxRequest) -> SandboxResponse:
        """RFC 8414 metadata; only the RFC mode has it, as GetResponse publishes none."""
        issuer = f"http://{request.header('Host') or '127.0.0.1'}"
        document = {
            "issuer": issuer,
            "token_endpoint": issuer + TOKEN_PATH,
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "grant_types_supported": ["client_credentials"],
            "scopes_supported": ["all"],
        }
        return SandboxResponse(200, _JSON, json_bytes(document))

    # ----------------------------------------------------------------- API

    def _api(self, request: SandboxRequest, path: str, query: str, now: float) -> SandboxResponse:
        try:
            self._authenticate_bearer(request, now)
        except _ApiAuthError as failure:
            return self._bearer_error(failure)
        self._roll_window(now)
        if self._window_used >= self.rate_limit:
            return self._throttled(now)
        self._window_used += 1
        base_url = f"http://{request.header('Host') or '127.0.0.1'}"
        resource = _route(path, base_url)
        if resource is None:
            return self._not_found(path)
        if request.method not in ("GET", "HEAD"):
            body = envelope(
                405,
                1000,
                MESSAGE_VALIDATION,
                [f"{path} accepts GET, not {request.method}"],
                uuid=self._new_uuid(),
            )
            return SandboxResponse(405, (*_JSON, ("Allow", "GET, HEAD")), json_bytes(body))
        if isinstance(resource, dict):
            return SandboxResponse(200, _JSON, json_bytes(resource))
        if isinstance(resource, _Missing):
            return self._not_found(path, resource_id=resource.resource_id)
        return self._page(resource, query)

    def _authenticate_bearer(self, request: SandboxRequest, now: float) -> None:
        authorizations = request.header_values("Authorization")
        if not authorizations:
            raise _ApiAuthError("missing", "")
        if len(authorizations) > 1:
            raise _ApiAuthError("malformed", "")
        scheme, _, token = authorizations[0].strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer":
            raise _ApiAuthError("missing" if self.rfc_errors else "malformed", token)
        if not _TOKEN_SHAPE.fullmatch(token):
            raise _ApiAuthError("malformed", token)
        issued = self._tokens.get(token)
        if issued is None:
            raise _ApiAuthError("unknown", token)
        if now >= issued.expires_at_s:
            raise _ApiAuthError("expired", token)

    def _bearer_error(self, failure: _ApiAuthError) -> SandboxResponse:
        if self.rfc_errors:
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
            headers = (*_JSON, ("WWW-Authenticate", challenge))
            return SandboxResponse(401, headers, json_bytes(body))
        if failure.kind == "expired":
            return SandboxResponse(401, _JSON, json_bytes(expired_token_envelope(failure.token)))
        return SandboxResponse(
            401, _JSON, json_bytes(unable_to_authenticate_envelope(self._new_uuid()))
        )

    def _page(self, items: list[data.JsonObject], query: str) -> SandboxResponse:
        params = dict(parse_qsl(query, keep_blank_values=True))
        problems = []
        page = _positive_int(params.get("page"), default=1)
        if page is None:
            problems.append("page: must be a whole number of at least 1")
        per_page = _positive_int(params.get("perPage"), default=DEFAULT_PER_PAGE)
        if per_page is None or per_page > MAX_PER_PAGE:
            problems.append(f"perPage: must be a whole number from 1 to {MAX_PER_PAGE}")
        if page is None or per_page is None or problems:
            body = envelope(400, 1000, MESSAGE_VALIDATION, problems, uuid=self._new_uuid())
            return SandboxResponse(400, _JSON, json_bytes(body))
        total_pages = math.ceil(len(items) / per_page)
        chosen = items[(page - 1) * per_page : page * per_page]
        headers = (
            *_JSON,
            ("TotalCount", str(len(items))),
            ("TotalPages", str(total_pages)),
            ("CurrentPage", str(page)),
        )
        return SandboxResponse(200, headers, json_bytes(chosen))

    def _not_found(self, path: str, *, resource_id: str | None = None) -> SandboxResponse:
        context: dict[str, str] = {"path": path}
        if resource_id is not None:
            context["resourceId"] = resource_id
        message = "Resource not found" if resource_id else f"There is no API endpoint at {path}"
        body = envelope(404, 1013, message, context, uuid=self._new_uuid())
        return SandboxResponse(404, _JSON, json_bytes(body))

    def _x_domain_problem(self, request: SandboxRequest) -> SandboxResponse | None:
        if self.require_x_domain is None:
            return None
        sent = request.header_values("X-Domain")
        if len(sent) == 1 and sent[0].strip().lower() == self.require_x_domain:
            return None
        if not sent:
            message = "The X-Domain header is missing; this account needs it on every request"
        elif len(sent) > 1:
            message = "The X-Domain header was sent more than once"
        else:
            message = (
                f"X-Domain {sent[0]!r} is not this account's domain; send the bare domain, "
                "no scheme and no www."
            )
        body = envelope(400, 1021, message, {"headerName": "X-Domain"}, uuid=self._new_uuid())
        return SandboxResponse(400, _JSON, json_bytes(body))

    # ----------------------------------------------------------------- rate limit

    def _roll_window(self, now: float) -> None:
        if self._window_start_s is None or now >= self._window_start_s + self.rate_window_s:
            self._window_start_s = now
            self._window_used = 0

    def _remaining_calls(self) -> int:
        return max(0, self.rate_limit - self._window_used)

    def _seconds_to_reset(self, now: float) -> int:
        if self._window_start_s is None:
            return self.rate_window_s
        return max(0, math.ceil(self._window_start_s + self.rate_window_s - now))

    def _with_rate_headers(self, response: SandboxResponse, now: float) -> SandboxResponse:
        self._roll_window(now)
        headers = (
            *response.headers,
            ("X-RateLimit-Limit", str(self.rate_limit)),
            ("X-RateLimit-Remaining", str(self._remaining_calls())),
            ("X-RateLimit-Reset", f"{self._seconds_to_reset(now)} seconds"),
        )
        return SandboxResponse(response.status, headers, response.body, response.close_connection)

    def _throttled(self, now: float) -> SandboxResponse:
        seconds = self._seconds_to_reset(now)
        body = throttled_envelope(self.rate_limit, seconds, self._new_uuid())
        headers = _JSON + ((("Retry-After", str(seconds)),) if self.retry_after else ())
        return SandboxResponse(429, headers, json_bytes(body))

    # ----------------------------------------------------------------- controls

    def _control(self, request: SandboxRequest, path: str, query: str) -> SandboxResponse:
        if not _is_loopback(request.client_host):
            return _control_reply(403, {"error": "sandbox controls answer loopback clients only"})
        action = path.removeprefix(CONTROL_PREFIX)
        wanted_method = {"state": "GET", "expire-all": "POST", "advance": "POST", "ttl": "POST"}
        if action not in wanted_method:
            return _control_reply(404, {"error": f"no sandbox control at {path}"})
        if request.method != wanted_method[action]:
            reply = _control_reply(405, {"error": f"{path} accepts {wanted_method[action]}"})
            return SandboxResponse(
                405, (*reply.headers, ("Allow", wanted_method[action])), reply.body
            )
        if action == "state":
            return _control_reply(200, self.state())
        if action == "expire-all":
            return _control_reply(200, {"expired": self.expire_all()})
        seconds_text = dict(parse_qsl(query)).get("seconds", "")
        try:
            seconds = float(seconds_text)
            if action == "advance":
                self.advance_clock(seconds)
                return _control_reply(200, {"clock_offset_s": self.clock.offset_s})
            if not seconds.is_integer():
                raise ValueError("the token lifetime is a whole number of seconds")
            self.set_token_ttl(int(seconds))
            return _control_reply(200, {"token_ttl_s": self._token_ttl_s})
        except (ValueError, OverflowError) as problem:
            return _control_reply(
                400,
                {"error": f"?seconds= needs a suitable number, got {seconds_text!r}: {problem}"},
            )


@dataclass(frozen=True)
class _Missing:
    """A resource path whose id names nothing."""

    resource_id: str


def _route(path: str, base_url: str) -> data.JsonObject | list[data.JsonObject] | _Missing | None:
    """The resource at ``path``: an object, a list to page, a missing id, or None (no endpoint)."""
    if path == "/v3/accounts":
        return data.account(base_url)
    collections: dict[str, Callable[[str], list[data.JsonObject]]] = {
        "from-fields": data.from_fields,
        "campaigns": data.campaigns,
        "contacts": data.contacts,
    }
    id_keys = {"from-fields": "fromFieldId", "campaigns": "campaignId", "contacts": "contactId"}
    parts = path.split("/")  # "", "v3", collection[, id]
    if len(parts) not in (3, 4) or parts[2] not in collections:
        return None
    items = collections[parts[2]](base_url)
    if len(parts) == 3:
        return items
    found = next((item for item in items if item[id_keys[parts[2]]] == parts[3]), None)
    return found if found is not None else _Missing(parts[3])


def _token_parameters(request: SandboxRequest) -> dict[str, str]:
    """The token request's parameters from a form or JSON body; empty values count as omitted."""
    content_types = request.header_values("Content-Type")
    if len(content_types) > 1:
        raise _TokenError("invalid_request", "more than one Content-Type header")
    if not request.body:
        return {}
    if not content_types:
        raise _TokenError(
            "invalid_request", f"the body has no Content-Type; send {_FORM_TYPE} or {_JSON_TYPE}"
        )
    media_type, *parameters = (part.strip() for part in content_types[0].split(";"))
    media_type = media_type.lower()
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in (
            _UTF8_NAMES
        ):
            raise _TokenError(
                "invalid_request", f"unsupported charset {value.strip()!r}; use utf-8"
            )
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError:
        raise _TokenError("invalid_request", "the body is not valid UTF-8") from None
    if media_type == _FORM_TYPE:
        try:
            pairs = parse_qsl(text, keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            raise _TokenError("invalid_request", "a form value is not valid UTF-8") from None
    elif media_type == _JSON_TYPE:
        pairs = _json_pairs(text)
    else:
        raise _TokenError(
            "invalid_request",
            f"unsupported Content-Type {media_type!r}; send {_FORM_TYPE} or {_JSON_TYPE}",
        )
    params: dict[str, str] = {}
    for name, value in pairs:
        if name in params:
            raise _TokenError("invalid_request", f"parameter {name!r} appears more than once")
        if value != "":
            params[name] = value
    return params


def _json_pairs(text: str) -> list[tuple[str, str]]:
    """Name/value pairs of a flat JSON object of strings, duplicates kept for the caller to spot."""

    def keep_pairs(pairs: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
        return pairs

    try:
        parsed = json.loads(text, object_pairs_hook=keep_pairs)
    except (ValueError, RecursionError):
        raise _TokenError("invalid_request", "the body is not valid JSON") from None
    if not isinstance(parsed, list) or not text.lstrip().startswith("{"):
        raise _TokenError("invalid_request", "the JSON body must be an object")
    pairs: list[tuple[str, str]] = []
    for name, value in parsed:
        if value is None:
            continue
        if not isinstance(value, str):
            raise _TokenError("invalid_request", f"parameter {name!r} must be a JSON string")
        pairs.append((name, value))
    return pairs


def _basic_candidates(text: str) -> list[tuple[str, str]]:
    """Possible (id, secret) readings of decoded Basic credentials, RFC 6749 §2.3.1 first."""
    raw_id, _, raw_secret = text.partition(":")
    candidates = [(unquote_plus(raw_id), unquote_plus(raw_secret))]
    # Raw (not form-encoded) credentials: an id may itself hold ':', so try each split.
    for index, character in enumerate(text):
        if character == ":":
            candidates.append((text[:index], text[index + 1 :]))
    return candidates


def _split_target(target: str) -> tuple[str, str]:
    """Path and query of a request target (origin-form or absolute-form)."""
    if target.startswith("/"):
        path, _, query = target.partition("?")
        return path, query.partition("#")[0]
    try:
        parts = urlsplit(target)
    except ValueError:  # an unreadable absolute form such as ``http://[::1/``: no such path
        return target, ""
    return parts.path or "/", parts.query


def _positive_int(text: str | None, *, default: int) -> int | None:
    if text is None:
        return default
    if not _DIGITS.fullmatch(text) or int(text) < 1:
        return None
    return int(text)


def _checked_ttl(seconds: int) -> int:
    if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds < 1:
        raise ValueError(f"token lifetime must be a whole number of seconds >= 1, not {seconds!r}")
    return seconds


def _is_loopback(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def _control_reply(status: int, body: object) -> SandboxResponse:
    return SandboxResponse(status, (*_JSON, ("Cache-Control", "no-store")), json_bytes(body))

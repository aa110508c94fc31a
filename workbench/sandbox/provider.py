"""The sandbox provider's pure logic: a parsed request and the sandbox clock in, a response out."""

from __future__ import annotations

import math
import secrets
import threading
import uuid
from collections.abc import Callable, Mapping
from typing import Any, Literal

from workbench.sandbox.api import (
    ApiAuthError,
    IssuedToken,
    Missing,
    bearer_error,
    check_bearer,
    not_found,
    page,
    route,
    search_refused,
)
from workbench.sandbox.clock import TEN_YEARS_S, SandboxClock
from workbench.sandbox.controls import CONTROL_PREFIX, answer_control
from workbench.sandbox.envelopes import (
    MESSAGE_VALIDATION,
    envelope,
    json_bytes,
    quoted,
    rfc_error,
    throttled_envelope,
    unable_to_authenticate_envelope,
)
from workbench.sandbox.messages import (
    JSON_HEADERS,
    NO_STORE_HEADERS,
    Pairs,
    SandboxRequest,
    SandboxResponse,
    split_target,
)
from workbench.sandbox.resources import CREATABLE, ApiResources
from workbench.sandbox.token_request import ClientAuthenticator, TokenError, token_parameters

TokenErrors = Literal["getresponse", "rfc"]

DEFAULT_CLIENTS: Mapping[str, str] = {"demo-client": "demo-secret"}
DEFAULT_TOKEN_TTL_S = 86400
DEFAULT_RATE_LIMIT = 30000
DEFAULT_RATE_WINDOW_S = 600
DEFAULT_MAX_BODY_BYTES = 1024 * 1024
MAX_STORED_TOKENS = 10_000
REALM = "sandbox"
TOKEN_PATH = "/v3/token"
METADATA_PATH = "/.well-known/oauth-authorization-server"
"""RFC 8414 metadata, served in the RFC mode only: GetResponse has no discovery."""


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
        self._authenticator = ClientAuthenticator(self._clients)
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
        self._tokens: dict[str, IssuedToken] = {}
        self._resources = ApiResources()
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
        path, query = split_target(request.target)
        with self._lock:
            now = self.clock.now()
            if path.startswith(CONTROL_PREFIX) or path == CONTROL_PREFIX.rstrip("/"):
                return answer_control(self, request, path, query)
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
            return not_found(path, self._new_uuid)

    def framing_error(self, status: int, description: str) -> SandboxResponse:
        """A response for a request whose body could not be read (bad length, too large...).

        The connection is closed afterwards, since the rest of the stream cannot be trusted.
        """
        if self.rfc_errors:
            body = rfc_error("invalid_request", description)
        else:
            body = envelope(status, 1000, MESSAGE_VALIDATION, [description], uuid=self._new_uuid())
        return SandboxResponse(status, JSON_HEADERS, json_bytes(body), close_connection=True)

    def internal_error(self) -> SandboxResponse:
        """The answer when the sandbox itself failed (a bug): a GetResponse code 1 envelope."""
        body = envelope(
            500, 1, "The sandbox failed to handle this request", [], uuid=self._new_uuid()
        )
        return SandboxResponse(500, JSON_HEADERS, json_bytes(body), close_connection=True)

    # ----------------------------------------------------------------- token endpoint

    def _token_endpoint(self, request: SandboxRequest, now: float) -> SandboxResponse:
        if request.method != "POST":
            response = self._token_error(
                TokenError("invalid_request", f"{TOKEN_PATH} accepts POST, not {request.method}")
            )
            return SandboxResponse(405, (*response.headers, ("Allow", "POST")), response.body)
        try:
            params = token_parameters(request)
            client_id = self._authenticator.authenticate(request, params)
            grant_type = params.get("grant_type")
            if grant_type is None:
                raise TokenError("invalid_request", "grant_type is missing")
            if grant_type != "client_credentials":
                raise TokenError(
                    "unsupported_grant_type",
                    f"grant_type {grant_type!r} is not supported here; use client_credentials",
                )
            scope = params.get("scope")
            if scope is not None and set(scope.split()) != {"all"}:
                raise TokenError("invalid_scope", f"unknown scope {scope!r}; the only one is 'all'")
        except TokenError as failure:
            return self._token_error(failure)
        token = self._issue(client_id, now)
        body = {
            "access_token": token,
            "expires_in": self._token_ttl_s,
            "token_type": "Bearer",
            "scope": None,
        }
        return SandboxResponse(200, JSON_HEADERS + NO_STORE_HEADERS, json_bytes(body))

    def _token_error(self, failure: TokenError) -> SandboxResponse:
        if self.rfc_errors:
            status = 401 if failure.error == "invalid_client" and failure.basic_challenge else 400
            headers: Pairs = JSON_HEADERS + NO_STORE_HEADERS
            if status == 401:
                headers += (("WWW-Authenticate", f"Basic realm={quoted(REALM)}"),)
            body = rfc_error(failure.error, failure.description)
            return SandboxResponse(status, headers, json_bytes(body))
        if failure.error == "invalid_client":
            body = unable_to_authenticate_envelope(self._new_uuid())
            return SandboxResponse(401, JSON_HEADERS + NO_STORE_HEADERS, json_bytes(body))
        body = envelope(400, 1000, MESSAGE_VALIDATION, [failure.description], uuid=self._new_uuid())
        return SandboxResponse(400, JSON_HEADERS + NO_STORE_HEADERS, json_bytes(body))

    def _issue(self, client_id: str, now: float) -> str:
        token = self._new_token()
        while token in self._tokens:
            token = self._new_token()
        self._tokens[token] = IssuedToken(client_id, now, now + self._token_ttl_s)
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
        return SandboxResponse(200, JSON_HEADERS, json_bytes(document))

    # ----------------------------------------------------------------- API

    def _api(self, request: SandboxRequest, path: str, query: str, now: float) -> SandboxResponse:
        try:
            check_bearer(request, self._tokens, now, rfc_errors=self.rfc_errors)
        except ApiAuthError as failure:
            return bearer_error(failure, rfc_errors=self.rfc_errors, new_uuid=self._new_uuid)
        self._roll_window(now)
        if self._window_used >= self.rate_limit:
            return self._throttled(now)
        self._window_used += 1
        base_url = f"http://{request.header('Host') or '127.0.0.1'}"
        resource = route(path, base_url, self._resources)
        if resource is None:
            return not_found(path, self._new_uuid)
        kind = path.removeprefix("/v3/")
        creatable = kind in CREATABLE
        if creatable and request.method == "POST":
            return self._resources.create(kind, request, base_url, self._new_uuid)
        if request.method not in ("GET", "HEAD"):
            allowed = "GET, HEAD, POST" if creatable else "GET, HEAD"
            body = envelope(
                405,
                1000,
                MESSAGE_VALIDATION,
                [f"{path} accepts {allowed}, not {request.method}"],
                uuid=self._new_uuid(),
            )
            return SandboxResponse(405, (*JSON_HEADERS, ("Allow", allowed)), json_bytes(body))
        if isinstance(resource, dict):
            return SandboxResponse(200, JSON_HEADERS, json_bytes(resource))
        if isinstance(resource, Missing):
            return not_found(path, self._new_uuid, resource_id=resource.resource_id)
        found = self._resources.search(kind, resource, query)
        if isinstance(found, str):
            return search_refused(found, self._new_uuid)
        return page(found, query, self._new_uuid)

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
        return SandboxResponse(400, JSON_HEADERS, json_bytes(body))

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
        headers = JSON_HEADERS + ((("Retry-After", str(seconds)),) if self.retry_after else ())
        return SandboxResponse(429, headers, json_bytes(body))


def _checked_ttl(seconds: int) -> int:
    """A token lifetime: a whole number of seconds from 1 to ten years."""
    if isinstance(seconds, bool) or not isinstance(seconds, int) or not 1 <= seconds <= TEN_YEARS_S:
        raise ValueError(
            f"token lifetime must be a whole number of seconds from 1 to {TEN_YEARS_S} "
            f"(ten years), not {seconds!r}"
        )
    return seconds

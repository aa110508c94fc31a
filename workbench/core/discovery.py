"""Server discovery: RFC 8414 metadata, then OpenID Connect's, to find the token endpoint."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from workbench.core.config import ClientAuth
from workbench.core.http import Exchange, ExchangeKind, HttpRequest
from workbench.core.problems import Problem, ProblemKind
from workbench.core.transport import Transport

RFC8414_SUFFIX = "/.well-known/oauth-authorization-server"
OPENID_SUFFIX = "/.well-known/openid-configuration"

AUTH_METHODS: dict[str, tuple[ClientAuth, ...]] = {
    "client_secret_basic": (ClientAuth.BASIC, ClientAuth.BASIC_RAW),
    "client_secret_post": (ClientAuth.POST,),
    "client_secret_jwt": (ClientAuth.SECRET_JWT,),
    "private_key_jwt": (ClientAuth.PRIVATE_KEY_JWT,),
    "none": (ClientAuth.NONE,),
}
"""The registry names of RFC 8414 mapped to the workbench's client authentication choices."""


@dataclass(frozen=True)
class Discovery:
    """What a server's metadata says about getting a client-credentials token."""

    issuer: str
    metadata_url: str
    token_endpoint: str
    advertised_auth_methods: tuple[str, ...]
    """``token_endpoint_auth_methods_supported`` as published (RFC 8414's default when absent)."""
    scopes: tuple[str, ...] = ()
    grant_types: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def auth_methods(self) -> tuple[ClientAuth, ...]:
        """The workbench's choices that the server accepts, in the workbench's order."""
        offered = {
            auth for name in self.advertised_auth_methods for auth in AUTH_METHODS.get(name, ())
        }
        return tuple(auth for auth in ClientAuth if auth in offered)

    @property
    def supports_client_credentials(self) -> bool | None:
        """True or False when the metadata lists grant types; None when it does not say."""
        if not self.grant_types:
            return None
        return "client_credentials" in self.grant_types


@dataclass(frozen=True)
class DiscoveryOutcome:
    """Every exchange discovery made, and either what it found or why it found nothing."""

    exchanges: tuple[Exchange, ...]
    discovery: Discovery | None = None
    problem: Problem | None = None


def metadata_urls(issuer: str) -> tuple[str, str]:
    """Where RFC 8414 and OpenID Connect put the metadata of ``issuer``.

    RFC 8414 §3.1 inserts the well-known segment between the host and the issuer's path;
    OpenID Connect Discovery appends it to the issuer.
    """
    parts = urlsplit(issuer.strip())
    path = parts.path.rstrip("/")
    rfc8414 = urlunsplit((parts.scheme, parts.netloc, RFC8414_SUFFIX + path, "", ""))
    openid = urlunsplit((parts.scheme, parts.netloc, path + OPENID_SUFFIX, "", ""))
    return rfc8414, openid


def discover(
    issuer: str, transport: Transport, *, verify_tls: bool = True, timeout_s: float = 10.0
) -> DiscoveryOutcome:
    """Read the issuer's metadata, RFC 8414 first, then OpenID Connect; never raises."""
    parts = urlsplit(issuer.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return DiscoveryOutcome(
            (),
            problem=_problem(
                "The issuer is not a web address",
                f"{issuer!r} is not an http:// or https:// address, so there is nowhere to "
                "look for the server's metadata.",
                "The issuer field holds something else, or lacks its scheme.",
                "Enter the issuer as the provider documents it, such as https://id.example.com.",
            ),
        )
    exchanges: list[Exchange] = []
    failures: list[str] = []
    for url in metadata_urls(issuer):
        exchange = transport.send(
            HttpRequest("GET", url, (("Accept", "application/json"),)),
            kind=ExchangeKind.API,
            verify_tls=verify_tls,
            timeout_s=timeout_s,
        )
        exchanges.append(exchange)
        found, reason = _read_metadata(exchange, issuer.strip())
        if found is not None:
            return DiscoveryOutcome(tuple(exchanges), discovery=found)
        failures.append(f"{url}: {reason}")
    return DiscoveryOutcome(
        tuple(exchanges),
        problem=_problem(
            "No discovery metadata found",
            "The server published no OAuth metadata at either standard address, so the "
            "token endpoint cannot be filled in for you. " + " ".join(failures),
            "The server does not support discovery (GetResponse, for one, does not), or the "
            "issuer is not exactly the one the provider documents.",
            "Check the issuer, or choose another preset and enter the token URL yourself.",
        ),
    )


def _read_metadata(exchange: Exchange, issuer: str) -> tuple[Discovery | None, str]:
    """The metadata in one answer, or why it is not usable."""
    response = exchange.response
    if exchange.failure is not None or response is None:
        failure = exchange.failure
        message = (failure.message or f"failed ({failure.kind})") if failure else "no answer"
        return None, message
    if response.status != 200:
        return None, f"answered {response.status} {response.reason}".rstrip()
    try:
        document = json.loads(response.body)
    except (ValueError, RecursionError):
        return None, "the answer is not JSON"
    if not isinstance(document, dict):
        return None, "the answer is not a JSON object"
    token_endpoint = document.get("token_endpoint")
    if not isinstance(token_endpoint, str) or not token_endpoint:
        return None, "the metadata has no token_endpoint"
    notes: list[str] = []
    published_issuer = document.get("issuer")
    if isinstance(published_issuer, str) and published_issuer.rstrip("/") != issuer.rstrip("/"):
        notes.append(
            f"The metadata names the issuer {published_issuer!r}, not {issuer!r}; RFC 8414 "
            "says they must be identical, so check you are talking to the server you meant."
        )
    methods = _strings(document.get("token_endpoint_auth_methods_supported"))
    if not methods:
        methods = ("client_secret_basic",)  # RFC 8414 §2: the default when omitted
    if not any(name in AUTH_METHODS for name in methods):
        notes.append(
            "The server offers no client authentication method the workbench knows: "
            + ", ".join(methods)
        )
    discovery = Discovery(
        issuer=published_issuer if isinstance(published_issuer, str) else issuer,
        metadata_url=exchange.request.url,
        token_endpoint=token_endpoint,
        advertised_auth_methods=methods,
        scopes=_strings(document.get("scopes_supported")),
        grant_types=_strings(document.get("grant_types_supported")),
        notes=tuple(notes),
    )
    return discovery, ""


def _strings(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(item for item in value if isinstance(item, str))


def _problem(title: str, explanation: str, cause: str, action: str) -> Problem:
    return Problem(
        kind=ProblemKind.NOT_FOUND,
        title=title,
        explanation=explanation,
        likely_cause=cause,
        suggested_action=action,
        source="discovery",
    )

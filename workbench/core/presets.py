"""Provider presets: GetResponse, GetResponse MAX (US, PL), discovery, and the local sandbox."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from workbench.core.config import BodyEncoding, ClientAuth
from workbench.core.profiles import Profile, SecretKind, SecretRef

X_DOMAIN = "X-Domain"
NOTHING_STORED: Mapping[SecretKind, SecretRef] = MappingProxyType(
    {
        SecretKind.CLIENT_SECRET: SecretRef(stored=False),
        SecretKind.PRIVATE_KEY: SecretRef(stored=False),
    }
)
"""A new profile's secrets: in the keychain, where none has been saved yet."""


@dataclass(frozen=True)
class Preset:
    """A starting point for a new profile, with a line saying what it is for."""

    key: str
    title: str
    description: str
    token_url: str = ""
    api_url: str = ""
    auth: ClientAuth = ClientAuth.BASIC
    body_encoding: BodyEncoding = BodyEncoding.FORM
    needs_x_domain: bool = False
    needs_issuer: bool = False

    def new_profile(self, name: str = "", *, x_domain: str = "", issuer: str = "") -> Profile:
        """A fresh profile from this preset; ``x_domain`` fills MAX's header."""
        headers = ((X_DOMAIN, x_domain),) if self.needs_x_domain else ()
        return Profile(
            name=name or self.title,
            preset=self.key,
            issuer=issuer,
            token_url=self.token_url,
            auth=self.auth,
            body_encoding=self.body_encoding,
            extra_headers=headers,
            secrets=NOTHING_STORED,
            request_method="GET",
            request_url=self.api_url,
        )


GETRESPONSE = Preset(
    key="getresponse",
    title="GetResponse",
    description=(
        "GetResponse API v3. Basic client authentication with a form body, as in the API "
        "reference; the client-credentials tutorial sends a JSON body instead, which you can "
        "choose under body encoding."
    ),
    token_url="https://api.getresponse.com/v3/token",
    api_url="https://api.getresponse.com/v3/accounts",
)
GETRESPONSE_MAX_US = Preset(
    key="getresponse-max-us",
    title="GetResponse MAX (US)",
    description=(
        "GetResponse MAX on its US hosts. Needs your domain in the X-Domain header, which is "
        "sent with the token request and every API call."
    ),
    token_url="https://api3.getresponse360.com/v3/token",
    api_url="https://api3.getresponse360.com/v3/accounts",
    needs_x_domain=True,
)
GETRESPONSE_MAX_PL = Preset(
    key="getresponse-max-pl",
    title="GetResponse MAX (PL)",
    description=(
        "GetResponse MAX on its Polish hosts (a .pl host, not a path). Needs your domain in "
        "the X-Domain header, sent with the token request and every API call."
    ),
    token_url="https://api3.getresponse360.pl/v3/token",
    api_url="https://api3.getresponse360.pl/v3/accounts",
    needs_x_domain=True,
)
DISCOVERY = Preset(
    key="discovery",
    title="OAuth 2.0 server by discovery",
    description=(
        "Any standards-based server: enter its issuer, and the workbench reads its metadata "
        "(RFC 8414, then OpenID Connect discovery) to fill in the token endpoint and the "
        "client authentication methods it supports."
    ),
    needs_issuer=True,
)
LOCAL_SANDBOX = Preset(
    key="sandbox",
    title="Local sandbox",
    description=(
        "The workbench's built-in practice server on this computer, which behaves like "
        "GetResponse API v3. Its demo client is demo-client with the secret demo-secret."
    ),
)

PRESETS: tuple[Preset, ...] = (
    GETRESPONSE,
    GETRESPONSE_MAX_US,
    GETRESPONSE_MAX_PL,
    DISCOVERY,
    LOCAL_SANDBOX,
)


def preset_by_key(key: str) -> Preset | None:
    """The preset called ``key``, or None."""
    return next((preset for preset in PRESETS if preset.key == key), None)


def sandbox_profile(base_url: str, name: str = "") -> Profile:
    """A profile for a running sandbox at ``base_url`` (``http://127.0.0.1:PORT``)."""
    base = base_url.rstrip("/")
    profile = LOCAL_SANDBOX.new_profile(name)
    return Profile(
        name=profile.name,
        profile_id=profile.profile_id,
        preset=profile.preset,
        secrets=NOTHING_STORED,
        token_url=f"{base}/v3/token",
        client_id="demo-client",
        request_method="GET",
        request_url=f"{base}/v3/accounts",
    )


_DOMAIN_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$", re.IGNORECASE)


def x_domain_problem(value: str) -> str:
    """Why ``value`` is not a bare domain as GetResponse MAX wants it; empty when it is fine."""
    text = value.strip()
    if not text:
        return "GetResponse MAX needs your domain here, for example example.com."
    if "://" in text:
        return "Leave out the scheme: write the bare domain, for example example.com."
    if text.lower().startswith("www."):
        return "Leave out www.: write the bare domain, for example example.com."
    if any(char in text for char in "/?#@: "):
        return "Write only the domain, with no path, port or spaces: for example example.com."
    labels = text.rstrip(".").split(".")
    if len(labels) < 2 or not all(_DOMAIN_LABEL.match(label) for label in labels):
        return f"{text!r} is not a domain name such as example.com."
    return ""

"""What the credential form says next to a field: the checks, each a plain function."""

from __future__ import annotations

import os
from collections.abc import Mapping
from enum import StrEnum
from typing import NamedTuple
from urllib.parse import urlsplit

from workbench.core.config import ClientAuth, Pairs
from workbench.core.loopback import is_loopback_host
from workbench.core.presets import x_domain_problem
from workbench.core.profiles import SecretSource


class Severity(StrEnum):
    """How bad a validation message is."""

    ERROR = "error"
    WARNING = "warning"


class FieldMessage(NamedTuple):
    """What to show next to a field."""

    severity: Severity
    text: str


def check_token_url(text: str) -> FieldMessage | None:
    """A missing or unparseable URL is an error; ``http://`` off this computer is a warning."""
    url = text.strip()
    if not url:
        return FieldMessage(Severity.ERROR, "Enter the token endpoint's URL.")
    if any(char.isspace() for char in url):
        return FieldMessage(Severity.ERROR, "Not a URL: it contains spaces.")
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        _ = parts.port  # raises ValueError on a bad port
    except ValueError as error:
        return FieldMessage(Severity.ERROR, f"Not a URL: {error}.")
    if parts.scheme.lower() not in ("http", "https"):
        return FieldMessage(
            Severity.ERROR, "Not a URL the workbench can call: it must start with https://."
        )
    if not host:
        return FieldMessage(Severity.ERROR, "Not a URL: there is no host after the scheme.")
    if parts.scheme.lower() == "http" and not is_loopback_host(host):
        return FieldMessage(
            Severity.WARNING,
            f"http:// to {host}: the client secret would travel in clear. Use https://.",
        )
    from workbench.core.masked_text import mask_url

    if mask_url(url).masked:
        return FieldMessage(
            Severity.WARNING,
            "The URL holds a credential (a password or a secret parameter), which servers "
            "and proxies log: RFC 6749 keeps credentials out of URLs. Use the secret field.",
        )
    return None


def check_client_id(text: str) -> FieldMessage | None:
    """Every client-credentials request needs a client id."""
    if not text.strip():
        return FieldMessage(Severity.ERROR, "Enter the client id.")
    if text != text.strip():
        return FieldMessage(Severity.WARNING, "The client id starts or ends with a space.")
    return None


def check_client_secret(
    secret: str, auth: ClientAuth, source: SecretSource = SecretSource.KEYCHAIN
) -> FieldMessage | None:
    """Methods that sign or send a secret need one (unless it is asked for or read elsewhere)."""
    if source is not SecretSource.KEYCHAIN:
        return None
    needs_secret = auth in (
        ClientAuth.BASIC,
        ClientAuth.BASIC_RAW,
        ClientAuth.POST,
        ClientAuth.SECRET_JWT,
    )
    if needs_secret and not secret:
        return FieldMessage(Severity.WARNING, "No client secret: the endpoint will likely refuse.")
    if secret and secret != secret.strip():
        return FieldMessage(Severity.WARNING, "The secret starts or ends with a space.")
    return None


def check_private_key(
    path_text: str, pem: str, auth: ClientAuth, source: SecretSource = SecretSource.KEYCHAIN
) -> FieldMessage | None:
    """``private_key_jwt`` needs a readable PEM private key."""
    if auth is not ClientAuth.PRIVATE_KEY_JWT:
        return None
    if source is not SecretSource.KEYCHAIN and not pem and not path_text.strip():
        return None
    if not path_text.strip() and not pem:
        return FieldMessage(Severity.ERROR, "Choose the PEM file of the private key.")
    if not pem:
        return FieldMessage(Severity.ERROR, "Could not read a key from that file.")
    if "PRIVATE KEY-----" not in pem:
        return FieldMessage(Severity.ERROR, "That file is not a PEM private key.")
    return None


def check_x_domain(value: str) -> FieldMessage | None:
    """GetResponse MAX's ``X-Domain`` takes a bare domain (the rule lives in core.presets)."""
    problem = x_domain_problem(value)
    return FieldMessage(Severity.ERROR, f"X-Domain: {problem}") if problem else None


def check_env_var(name: str, environ: Mapping[str, str] | None = None) -> FieldMessage | None:
    """A secret read from the environment needs a variable name, ideally one that is set."""
    text = name.strip()
    if not text:
        return FieldMessage(Severity.ERROR, "Name the environment variable that holds it.")
    if "=" in text or any(char.isspace() for char in text):
        return FieldMessage(Severity.ERROR, f"{text!r} is not a variable name.")
    env = os.environ if environ is None else environ
    if not env.get(text):
        return FieldMessage(
            Severity.WARNING, f"{text} is not set here: the token request will say so."
        )
    return None


def check_extra_headers(headers: Pairs) -> FieldMessage | None:
    """The first problem among the extra headers, if any."""
    for name, value in headers:
        if not name.strip() and value.strip():
            return FieldMessage(Severity.ERROR, "A header has a value but no name.")
        if any(char.isspace() or char == ":" for char in name.strip()):
            return FieldMessage(Severity.ERROR, f"Header name {name!r} has a space or colon.")
        if name.strip().lower() == "x-domain":
            message = check_x_domain(value)
            if message is not None:
                return message
    return None


class FormValues(NamedTuple):
    """What the credential form's checks look at."""

    token_url: str
    client_id: str
    client_secret: str
    auth: ClientAuth
    secret_source: SecretSource
    secret_env_var: str
    key_source: SecretSource
    key_env_var: str
    key_path: str
    key_pem: str
    extra_headers: Pairs
    verify_tls: bool

    @property
    def needs_secret(self) -> bool:
        """The method sends or signs with a client secret."""
        return self.auth not in (ClientAuth.NONE, ClientAuth.PRIVATE_KEY_JWT)

    @property
    def needs_key(self) -> bool:
        """The method signs with a private key."""
        return self.auth is ClientAuth.PRIVATE_KEY_JWT


def check_form(values: FormValues) -> dict[str, FieldMessage | None]:
    """The message for each field of the form (None: nothing to say), by field name."""
    secret_from_env = values.secret_source is SecretSource.ENVIRONMENT
    key_from_env = values.key_source is SecretSource.ENVIRONMENT
    tls = (
        None
        if values.verify_tls
        else FieldMessage(Severity.WARNING, "TLS verification is off: anyone can listen.")
    )
    return {
        "token_url": check_token_url(values.token_url),
        "client_id": check_client_id(values.client_id),
        "client_secret": check_client_secret(
            values.client_secret, values.auth, values.secret_source
        ),
        "secret_source": (
            check_env_var(values.secret_env_var)
            if values.needs_secret and secret_from_env
            else None
        ),
        "private_key": None
        if key_from_env
        else check_private_key(values.key_path, values.key_pem, values.auth, values.key_source),
        "private_key_source": (
            check_env_var(values.key_env_var) if values.needs_key and key_from_env else None
        ),
        "extra_headers": check_extra_headers(values.extra_headers),
        "tls": tls,
    }

"""A profile: the credential form and the last request, and where its secrets are kept."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from workbench.core.config import BodyEncoding, ClientAuth, ClientConfig, Pairs
from workbench.core.recovery import RecoveryOptions
from workbench.core.secret import Secret

APP_NAME = "oauth-workbench"


def new_profile_id() -> str:
    """A fresh random profile id (32 hex digits)."""
    import uuid  # it imports platform, whose regexes the window's start-up can do without

    return uuid.uuid4().hex


class SecretSource(StrEnum):
    """Where a profile's secret comes from; the profile itself never holds the value."""

    KEYCHAIN = "keychain"
    """The OS keychain, through ``keyring`` (the default)."""
    ENVIRONMENT = "environment"
    """An environment variable; the profile stores only its name."""
    ASK = "ask"
    """Asked for each time, kept in memory for the run."""


class SecretKind(StrEnum):
    """The secrets a profile can have."""

    CLIENT_SECRET = "client-secret"
    PRIVATE_KEY = "private-key"
    PASSPHRASE = "passphrase"


@dataclass(frozen=True)
class SecretRef:
    """Where to find one secret: a source, and for the environment the variable's name."""

    source: SecretSource = SecretSource.KEYCHAIN
    env_var: str = ""
    stored: bool | None = None
    """For the keychain: whether a secret was saved there. False when none was, so there is
    nothing to read and the keychain is left alone (no unlock prompt for a fresh profile);
    None when not known (profiles from before this was noted): look."""

    @property
    def may_be_stored(self) -> bool:
        """True when the keychain may hold this secret, so reading it is worth a look."""
        return self.source is SecretSource.KEYCHAIN and self.stored is not False


@dataclass(frozen=True)
class ConfirmedUse:
    """What the user was shown and accepted before an imported profile's first token request.

    Each part binds: the profile's secrets may go to this token origin (scheme, host and port)
    from these sources (environment variable names included), with TLS checked as here, and
    its saved requests may live in this folder. Anything else must be confirmed again.
    """

    token_origin: str
    verify_tls: bool
    secret_sources: tuple[tuple[str, str, str], ...] = ()
    """``(kind, source, env_var)`` for each secret the profile names, sorted."""
    collection_folder: str = ""


@dataclass(frozen=True)
class ProfileTrust:
    """Where a profile came from: made here (trusted), or imported from a file (not until the
    user confirms what it will do with secrets)."""

    imported_from: str = ""
    """The name of the file it was imported from; empty for a profile made here."""
    confirmed: ConfirmedUse | None = None
    """What the user confirmed, for an imported profile; None until then."""


@dataclass(frozen=True)
class Profile:
    """Everything in the credential form plus the last request in the composer, minus secrets."""

    name: str
    profile_id: str = field(default_factory=new_profile_id)
    """Stable across renames; names the profile's keychain entries."""
    preset: str = ""
    issuer: str = ""
    """For servers found by discovery: the issuer the token endpoint was read from."""
    token_url: str = ""
    client_id: str = ""
    scope: str = ""
    auth: ClientAuth = ClientAuth.BASIC
    body_encoding: BodyEncoding = BodyEncoding.FORM
    extra_params: Pairs = ()
    extra_headers: Pairs = ()
    jwt_algorithm: str = ""
    verify_tls: bool = True
    timeout_s: float = 30.0
    secrets: Mapping[SecretKind, SecretRef] = field(default_factory=dict)
    request_method: str = "GET"
    request_url: str = ""
    request_headers: Pairs = ()
    request_body: str = ""
    recovery: RecoveryOptions = field(default_factory=RecoveryOptions)
    """Automatic recovery from a lapsed token; both switches off unless the user turns them on."""
    collection_folder: str = ""
    """Where the profile's saved requests live; empty for the default under the data directory."""
    trust: ProfileTrust = field(default_factory=ProfileTrust)
    """Imported profiles are untrusted until confirmed (``workbench.core.profiles.trust``)."""

    def secret_ref(self, kind: SecretKind) -> SecretRef:
        """Where this profile's secret of ``kind`` lives (the keychain unless said otherwise)."""
        return self.secrets.get(kind, SecretRef())

    def to_config(
        self, client_secret: Secret = Secret(), private_key_pem: Secret = Secret()
    ) -> ClientConfig:
        """The ``ClientConfig`` for this profile with secrets supplied by the caller."""
        return ClientConfig(
            token_url=self.token_url,
            client_id=self.client_id,
            client_secret=client_secret,
            scope=self.scope,
            auth=self.auth,
            body_encoding=self.body_encoding,
            extra_params=self.extra_params,
            extra_headers=self.extra_headers,
            private_key_pem=private_key_pem,
            jwt_algorithm=self.jwt_algorithm,
            verify_tls=self.verify_tls,
            timeout_s=self.timeout_s,
        )

    def with_stored(self, kind: SecretKind, stored: bool) -> Profile:
        """This profile noting whether its keychain holds the secret of ``kind``."""
        refs = dict(self.secrets)
        refs[kind] = replace(self.secret_ref(kind), stored=stored)
        return replace(self, secrets=refs)

    def with_config(self, config: ClientConfig) -> Profile:
        """This profile updated from a form's ``ClientConfig``; its secrets are dropped."""
        return replace(
            self,
            token_url=config.token_url,
            client_id=config.client_id,
            scope=config.scope,
            auth=config.auth,
            body_encoding=config.body_encoding,
            extra_params=config.extra_params,
            extra_headers=config.extra_headers,
            jwt_algorithm=config.jwt_algorithm,
            verify_tls=config.verify_tls,
            timeout_s=config.timeout_s,
        )


def unique_name(wanted: str, taken: Collection[str], numbered: str = "{} ({})") -> str:
    """``wanted``, or ``wanted (2)``, ``wanted (3)``... whichever is free (``numbered`` says
    how a number is added)."""
    if wanted not in taken:
        return wanted
    counter = 2
    while numbered.format(wanted, counter) in taken:
        counter += 1
    return numbered.format(wanted, counter)

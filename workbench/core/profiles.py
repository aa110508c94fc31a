"""Profiles: saved credential forms and last requests, as versioned JSON with no secret in it."""

from __future__ import annotations

import json
import math
import os
import tempfile
import uuid
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

import platformdirs

from workbench.core.config import BodyEncoding, ClientAuth, ClientConfig, Pairs
from workbench.core.recovery import RecoveryOptions
from workbench.core.secret import Secret

APP_NAME = "oauth-workbench"
FILE_FORMAT = "oauth-workbench-profiles"
SCHEMA_VERSION = 1

_E = TypeVar("_E", bound=StrEnum)


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
class Profile:
    """Everything in the credential form plus the last request in the composer, minus secrets."""

    name: str
    profile_id: str = field(default_factory=lambda: uuid.uuid4().hex)
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


class ProfileFormatError(ValueError):
    """A profiles document that cannot be read; the message says why in plain words."""


class ProfileStoreError(OSError):
    """Saving failed (read-only directory, full disk); nothing on disk was changed."""


@dataclass(frozen=True)
class LoadResult:
    """What loading found: the profiles, and a message for the user when something was off."""

    profiles: tuple[Profile, ...]
    warning: str = ""
    backup_path: Path | None = None


def default_profiles_path() -> Path:
    """``profiles.json`` in the platform's config directory for this application."""
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "profiles.json"


class ProfileStore:
    """Reads and writes the profiles file atomically; never overwrites an unreadable one."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else default_profiles_path()

    def load(self) -> LoadResult:
        """The saved profiles; an unreadable file is moved to a dated backup and reported."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return LoadResult(())
        except (OSError, UnicodeDecodeError) as error:
            return self._set_aside(f"could not be read ({error})")
        try:
            return LoadResult(profiles_from_json(text))
        except ProfileFormatError as error:
            return self._set_aside(str(error))

    def save(self, profiles: Iterable[Profile]) -> None:
        """Write every profile: a temporary file in the same folder, then an atomic replace."""
        text = profiles_to_json(profiles)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp_name = tempfile.mkstemp(
                prefix=".profiles-", suffix=".tmp", dir=self.path.parent
            )
        except OSError as error:
            raise ProfileStoreError(
                f"Could not save profiles in {self.path.parent}: {error.strerror or error}"
            ) from error
        temp_path = Path(temp_name)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            temp_path.replace(self.path)
        except OSError as error:
            temp_path.unlink(missing_ok=True)
            raise ProfileStoreError(
                f"Could not save profiles to {self.path}: {error.strerror or error}. "
                "The previous file is unchanged."
            ) from error

    def _set_aside(self, reason: str) -> LoadResult:
        """Move an unreadable file to a dated backup so the next save cannot destroy it."""
        stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%SZ")
        backup = self.path.with_name(f"{self.path.stem}.unreadable-{stamp}{self.path.suffix}")
        counter = 1
        while backup.exists():
            backup = self.path.with_name(
                f"{self.path.stem}.unreadable-{stamp}-{counter}{self.path.suffix}"
            )
            counter += 1
        try:
            self.path.replace(backup)
        except OSError as error:
            return LoadResult(
                (),
                warning=(
                    f"The profiles file {self.path} {reason}, and it could not be set aside "
                    f"({error.strerror or error}). It will not be overwritten until you move it."
                ),
            )
        return LoadResult(
            (),
            warning=(
                f"The profiles file {self.path} {reason}. It was kept as {backup.name}; "
                "the workbench starts with no saved profiles."
            ),
            backup_path=backup,
        )


def profiles_to_json(profiles: Iterable[Profile]) -> str:
    """The versioned JSON document for ``profiles`` (export and the store use the same)."""
    document = {
        "format": FILE_FORMAT,
        "version": SCHEMA_VERSION,
        "profiles": [_profile_to_dict(profile) for profile in profiles],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def profiles_from_json(text: str) -> tuple[Profile, ...]:
    """Profiles from a document written by ``profiles_to_json``; ``ProfileFormatError`` if not."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ProfileFormatError(f"is not valid JSON ({error})") from error
    if not isinstance(document, dict) or document.get("format") != FILE_FORMAT:
        raise ProfileFormatError("is not an OAuth Workbench profiles file")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ProfileFormatError("has no format version")
    if version > SCHEMA_VERSION:
        raise ProfileFormatError(
            f"was written by a newer OAuth Workbench (format {version}; this one reads "
            f"up to {SCHEMA_VERSION})"
        )
    items = document.get("profiles")
    if not isinstance(items, list):
        raise ProfileFormatError("has no list of profiles")
    profiles = tuple(_profile_from_dict(item, index) for index, item in enumerate(items))
    names = [profile.name for profile in profiles]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ProfileFormatError(f"names the profile {duplicates[0]!r} twice")
    return profiles


def _profile_to_dict(profile: Profile) -> dict[str, Any]:
    return {
        "id": profile.profile_id,
        "name": profile.name,
        "preset": profile.preset,
        "issuer": profile.issuer,
        "token_url": profile.token_url,
        "client_id": profile.client_id,
        "scope": profile.scope,
        "auth": profile.auth.value,
        "body_encoding": profile.body_encoding.value,
        "extra_params": [list(pair) for pair in profile.extra_params],
        "extra_headers": [list(pair) for pair in profile.extra_headers],
        "jwt_algorithm": profile.jwt_algorithm,
        "verify_tls": profile.verify_tls,
        "timeout_s": profile.timeout_s,
        "secrets": {kind.value: _ref_to_dict(ref) for kind, ref in sorted(profile.secrets.items())},
        "request": {
            "method": profile.request_method,
            "url": profile.request_url,
            "headers": [list(pair) for pair in profile.request_headers],
            "body": profile.request_body,
        },
        "recovery": {
            "refetch_when_lapsed": profile.recovery.refetch_when_lapsed,
            "replay_on_lapsed_401": profile.recovery.replay_on_lapsed_401,
        },
        "collection_folder": profile.collection_folder,
    }


def _ref_to_dict(ref: SecretRef) -> dict[str, Any]:
    written: dict[str, Any] = {"source": ref.source.value, "env_var": ref.env_var}
    if ref.stored is not None:
        written["stored"] = ref.stored
    return written


def _profile_from_dict(item: object, index: int) -> Profile:
    where = f"profile {index + 1}"
    if not isinstance(item, dict):
        raise ProfileFormatError(f"has {where} that is not an object")
    reader = _Fields(item, where)
    request = _Fields(reader.mapping("request"), f"{where} request")
    recovery = _Fields(reader.mapping("recovery"), f"{where} recovery")
    secrets: dict[SecretKind, SecretRef] = {}
    for kind_name, ref in reader.mapping("secrets").items():
        ref_fields = _Fields(ref, f"{where} secret {kind_name}")
        secrets[reader.enum(SecretKind, kind_name)] = SecretRef(
            source=reader.enum(SecretSource, ref_fields.text("source", "keychain")),
            env_var=ref_fields.text("env_var"),
            stored=ref_fields.optional_flag("stored"),
        )
    name = reader.text("name")
    if not name.strip():
        raise ProfileFormatError(f"has {where} without a name")
    timeout_s = reader.number("timeout_s", 30.0)
    return Profile(
        name=name,
        profile_id=reader.text("id") or uuid.uuid4().hex,
        preset=reader.text("preset"),
        issuer=reader.text("issuer"),
        token_url=reader.text("token_url"),
        client_id=reader.text("client_id"),
        scope=reader.text("scope"),
        auth=reader.enum(ClientAuth, reader.text("auth", "basic")),
        body_encoding=reader.enum(BodyEncoding, reader.text("body_encoding", "form")),
        extra_params=reader.pairs("extra_params"),
        extra_headers=reader.pairs("extra_headers"),
        jwt_algorithm=reader.text("jwt_algorithm"),
        verify_tls=reader.flag("verify_tls", default=True),
        timeout_s=timeout_s if timeout_s > 0 else 30.0,
        secrets=secrets,
        request_method=request.text("method", "GET") or "GET",
        request_url=request.text("url"),
        request_headers=request.pairs("headers"),
        request_body=request.text("body"),
        recovery=RecoveryOptions(
            refetch_when_lapsed=recovery.flag("refetch_when_lapsed", default=False),
            replay_on_lapsed_401=recovery.flag("replay_on_lapsed_401", default=False),
        ),
        collection_folder=reader.text("collection_folder"),
    )


class _Fields:
    """Typed reads from one JSON object, with errors that name the field."""

    def __init__(self, item: object, where: str) -> None:
        if not isinstance(item, dict):
            raise ProfileFormatError(f"has {where} that is not an object")
        self._item: dict[str, Any] = item
        self._where = where

    def _fail(self, key: str, expected: str) -> ProfileFormatError:
        return ProfileFormatError(f"has {self._where} whose {key!r} is not {expected}")

    def text(self, key: str, default: str = "") -> str:
        value = self._item.get(key, default)
        if not isinstance(value, str):
            raise self._fail(key, "text")
        return value

    def number(self, key: str, default: float) -> float:
        value = self._item.get(key, default)
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        if not is_number or not math.isfinite(value):
            raise self._fail(key, "a number")
        return float(value)

    def flag(self, key: str, *, default: bool) -> bool:
        value = self._item.get(key, default)
        if not isinstance(value, bool):
            raise self._fail(key, "true or false")
        return value

    def optional_flag(self, key: str) -> bool | None:
        """``true``, ``false``, or None when the key is missing."""
        if self._item.get(key) is None:
            return None
        return self.flag(key, default=False)

    def mapping(self, key: str) -> dict[str, Any]:
        value = self._item.get(key, {})
        if not isinstance(value, dict):
            raise self._fail(key, "an object")
        return value

    def pairs(self, key: str) -> Pairs:
        value = self._item.get(key, [])
        if not isinstance(value, list) or not all(_is_pair(pair) for pair in value):
            raise self._fail(key, "a list of [name, value] pairs")
        return tuple((pair[0], pair[1]) for pair in value)

    def enum(self, kind: type[_E], value: str) -> _E:
        try:
            return kind(value)
        except ValueError:
            choices = ", ".join(member.value for member in kind)
            raise ProfileFormatError(
                f"has {self._where} with {value!r} where one of {choices} was expected"
            ) from None


def _is_pair(value: object) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)


def unique_name(wanted: str, taken: Collection[str], numbered: str = "{} ({})") -> str:
    """``wanted``, or ``wanted (2)``, ``wanted (3)``... whichever is free (``numbered`` says
    how a number is added)."""
    if wanted not in taken:
        return wanted
    counter = 2
    while numbered.format(wanted, counter) in taken:
        counter += 1
    return numbered.format(wanted, counter)

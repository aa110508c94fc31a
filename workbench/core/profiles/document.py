"""The profiles file format: versioned JSON, read with errors that name the field."""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Iterable
from enum import StrEnum
from typing import Any, TypeVar

from workbench.core.config import BodyEncoding, ClientAuth, Pairs
from workbench.core.profiles.model import Profile, SecretKind, SecretRef, SecretSource
from workbench.core.recovery import RecoveryOptions

FILE_FORMAT = "oauth-workbench-profiles"
SCHEMA_VERSION = 1

_E = TypeVar("_E", bound=StrEnum)


class ProfileFormatError(ValueError):
    """A profiles document that cannot be read; the message says why in plain words."""


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

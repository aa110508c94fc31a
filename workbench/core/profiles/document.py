"""The profiles file format: versioned JSON, read with errors that name the field."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable
from enum import StrEnum
from typing import Any, TypeVar

from workbench.core.config import MAX_TIMEOUT_S, BodyEncoding, ClientAuth, Pairs
from workbench.core.json_check import json_error
from workbench.core.profiles import request_secrets
from workbench.core.profiles.model import (
    ConfirmedUse,
    Profile,
    ProfileTrust,
    SecretKind,
    SecretRef,
    SecretSource,
    new_profile_id,
)
from workbench.core.recovery import RecoveryOptions

FILE_FORMAT = "oauth-workbench-profiles"
SCHEMA_VERSION = 1

_E = TypeVar("_E", bound=StrEnum)


class ProfileFormatError(ValueError):
    """A profiles document that cannot be read; the message says why in plain words."""


def profiles_to_json(profiles: Iterable[Profile]) -> str:
    """The versioned JSON document for ``profiles`` (export and the store use the same).

    Never raises: text that UTF-8 cannot hold (a lone surrogate) is written as its JSON
    escape, so the file can always be written (and its reader refuses it, saying why).
    """
    return document_text([profile_item(profile) for profile in profiles])


def document_text(items: list[dict[str, Any]]) -> str:
    """The versioned document holding ``items`` (profiles as ``profile_item`` gives them)."""
    document = {"format": FILE_FORMAT, "version": SCHEMA_VERSION, "profiles": items}
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if not _encodable(text):
        text = json.dumps(document, indent=2, ensure_ascii=True)
    return text + "\n"


def profile_problem(profile: Profile) -> str:
    """Why ``profile`` cannot be stored as it is (empty when it can): the field and reason."""
    return _item_problem(profile_item(profile), "")


def _item_problem(value: object, where: str) -> str:
    if isinstance(value, str):
        if not _encodable(value):
            return f"its {where or 'text'} holds a character that is not text (a lone surrogate)"
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return f"its {where or 'number'} is not a finite number"
    if isinstance(value, dict):
        for key, inner in value.items():
            problem = _item_problem(key, where or "field name") or _item_problem(
                inner, f"{where}.{key}" if where else str(key)
            )
            if problem:
                return problem
    if isinstance(value, list):
        for inner in value:
            problem = _item_problem(inner, where)
            if problem:
                return problem
    return ""


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def profiles_from_json(text: str) -> tuple[Profile, ...]:
    """Profiles from a document written by ``profiles_to_json``; ``ProfileFormatError`` if not.

    Never raises anything else: deep nesting, numbers beyond Python's digit limit or beyond a
    float, and text UTF-8 cannot hold (``"\\ud800"`` is valid JSON) are refused in words.
    """
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ProfileFormatError(f"is not valid JSON ({json_error(error)})") from error
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
    counts = Counter(profile.name for profile in profiles)
    duplicates = sorted(name for name, count in counts.items() if count > 1)
    if duplicates:
        raise ProfileFormatError(f"names the profile {duplicates[0]!r} twice")
    return profiles


def profile_item(profile: Profile) -> dict[str, Any]:
    """``profile`` as the JSON object the file holds for it: its requests' credentials (API
    keys, cookies, tokens) replaced by placeholders (``request_secrets``), never in clear."""
    profile = request_secrets.split(profile).profile
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
        "trust": _trust_to_dict(profile.trust),
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
        profile_id=reader.text("id") or new_profile_id(),
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
        timeout_s=min(timeout_s, MAX_TIMEOUT_S) if timeout_s > 0 else 30.0,
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
        trust=_trust_from_dict(_Fields(reader.mapping("trust"), f"{where} trust")),
    )


def _trust_to_dict(trust: ProfileTrust) -> dict[str, Any]:
    confirmed = trust.confirmed
    return {
        "imported_from": trust.imported_from,
        "confirmed": None
        if confirmed is None
        else {
            "token_origin": confirmed.token_origin,
            "verify_tls": confirmed.verify_tls,
            "secret_sources": [list(source) for source in confirmed.secret_sources],
            "collection_folder": confirmed.collection_folder,
        },
    }


def _trust_from_dict(reader: _Fields) -> ProfileTrust:
    confirmed = reader.optional_mapping("confirmed")
    if confirmed is None:
        return ProfileTrust(imported_from=reader.text("imported_from"))
    use = _Fields(confirmed, "the confirmation of an imported profile")
    return ProfileTrust(
        imported_from=reader.text("imported_from"),
        confirmed=ConfirmedUse(
            token_origin=use.text("token_origin"),
            verify_tls=use.flag("verify_tls", default=True),
            secret_sources=use.triples("secret_sources"),
            collection_folder=use.text("collection_folder"),
        ),
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
        return self._storable(key, value)

    def _storable(self, key: str, value: str) -> str:
        if not _encodable(value):
            raise ProfileFormatError(
                f"has {self._where} whose {key!r} holds a character that is not text (a lone "
                "UTF-16 surrogate such as \\ud800), which cannot be stored"
            )
        return value

    def number(self, key: str, default: float) -> float:
        value = self._item.get(key, default)
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        try:
            finite = is_number and math.isfinite(value)
        except OverflowError:  # an integer too large for a float
            finite = False
        if not finite:
            raise self._fail(key, "a finite number")
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
        for name in value:
            self._storable(key, name)
        return value

    def optional_mapping(self, key: str) -> dict[str, Any] | None:
        """An object, or None when the key is missing or null."""
        if self._item.get(key) is None:
            return None
        return self.mapping(key)

    def triples(self, key: str) -> tuple[tuple[str, str, str], ...]:
        value = self._item.get(key, [])
        if not isinstance(value, list) or not all(
            isinstance(entry, list) and len(entry) == 3 and all(isinstance(v, str) for v in entry)
            for entry in value
        ):
            raise self._fail(key, "a list of [kind, source, variable] triples")
        return tuple(
            (self._storable(key, a), self._storable(key, b), self._storable(key, c))
            for a, b, c in value
        )

    def pairs(self, key: str) -> Pairs:
        value = self._item.get(key, [])
        if not isinstance(value, list) or not all(_is_pair(pair) for pair in value):
            raise self._fail(key, "a list of [name, value] pairs")
        return tuple((self._storable(key, pair[0]), self._storable(key, pair[1])) for pair in value)

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

"""Imported profiles are untrusted until confirmed; the confirmation binds where secrets go."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from workbench.core.config import ClientAuth
from workbench.core.profiles import (
    Profile,
    ProfileStore,
    SecretKind,
    SecretRef,
    SecretSource,
    profiles_to_json,
)
from workbench.core.profiles.trust import (
    confirmation_rows,
    confirmation_text,
    confirmed,
    import_profiles,
    needs_confirmation,
    token_origin,
)
from workbench.core.secret_store import SecretStore, lookup_secret

AWS = SecretRef(SecretSource.ENVIRONMENT, "AWS_SECRET_ACCESS_KEY")


def hostile_file() -> str:
    """A profile a stranger might send: a variable of ours as its secret, TLS off, and a
    confirmation and keychain mark it has no business claiming."""
    profile = Profile(
        name="Mine",
        profile_id="0" * 32,
        token_url="https://collector.example/token",
        secrets={SecretKind.CLIENT_SECRET: AWS, SecretKind.PRIVATE_KEY: SecretRef(stored=True)},
        verify_tls=False,
    )
    return profiles_to_json([confirmed(replace(profile, trust=replace(profile.trust)))])


def imported_profile(existing: tuple[Profile, ...] = ()) -> Profile:
    return import_profiles(hostile_file(), existing, "team.json").profiles[0]


def test_an_imported_profile_is_marked_untrusted_whatever_the_file_claims() -> None:
    mine = Profile(name="Mine", profile_id="0" * 32)
    result = import_profiles(hostile_file(), (mine,), "team.json")
    (profile,) = result.profiles
    assert profile.trust.imported_from == "team.json"
    assert profile.trust.confirmed is None
    assert needs_confirmation(profile)
    assert profile.name == "Mine (2)"
    assert profile.profile_id != mine.profile_id  # it can read no keychain entry of ours
    assert profile.secret_ref(SecretKind.PRIVATE_KEY).stored is False
    (note,) = result.notes
    assert "$AWS_SECRET_ACCESS_KEY" in note and "TLS verification off" in note


def test_a_profile_made_here_needs_no_confirmation() -> None:
    assert not needs_confirmation(Profile(name="Here", secrets={SecretKind.CLIENT_SECRET: AWS}))


def test_what_must_be_shown_before_the_first_token_request() -> None:
    rows = dict(confirmation_rows(imported_profile()))
    assert rows["Imported from"] == "team.json"
    assert rows["Token URL"] == "https://collector.example/token"
    assert rows["Secrets go to"] == "https://collector.example:443"
    assert rows["TLS"].startswith("NOT checked")
    assert rows["Client secret"] == "environment variable $AWS_SECRET_ACCESS_KEY"
    keychain = replace(imported_profile(), auth=ClientAuth.PRIVATE_KEY_JWT)
    assert dict(confirmation_rows(keychain))["Private key"].startswith(
        f"keychain entry oauth-workbench / {keychain.profile_id}/private-key"
    )
    assert "$AWS_SECRET_ACCESS_KEY" in confirmation_text(imported_profile())


@pytest.mark.parametrize(
    ("change", "again"),
    [
        ({"token_url": "https://collector.example/other/path"}, False),
        ({"token_url": "HTTPS://Collector.Example:443/token"}, False),
        ({"token_url": "https://elsewhere.example/token"}, True),
        ({"token_url": "https://collector.example:8443/token"}, True),
        ({"token_url": "http://collector.example/token"}, True),
        ({"secrets": {SecretKind.CLIENT_SECRET: SecretRef(SecretSource.ENVIRONMENT, "X")}}, True),
        ({"secrets": {SecretKind.CLIENT_SECRET: SecretRef(SecretSource.KEYCHAIN)}}, True),
        ({"verify_tls": True}, False),
        ({"collection_folder": "/home/someone/.ssh"}, True),
        ({"scope": "all", "client_id": "other"}, False),
    ],
)
def test_a_confirmation_binds_the_host_sources_tls_and_folder(
    change: dict[str, object], again: bool
) -> None:
    trusted = confirmed(imported_profile())
    assert not needs_confirmation(trusted)
    changed = replace(trusted, **change)  # type: ignore[arg-type]
    assert needs_confirmation(changed) is again
    if again:
        assert "Changed since confirmed" in dict(confirmation_rows(changed))


def test_turning_tls_off_after_confirming_asks_again() -> None:
    trusted = confirmed(replace(imported_profile(), verify_tls=True))
    assert needs_confirmation(replace(trusted, verify_tls=False))


def test_no_variable_is_read_for_an_unconfirmed_imported_profile() -> None:
    environ = {"AWS_SECRET_ACCESS_KEY": "do-not-send-me"}
    profile = imported_profile()
    found = lookup_secret(profile, SecretKind.CLIENT_SECRET, SecretStore(), environ)
    assert found.secret is None
    assert "confirm" in found.message and "$AWS_SECRET_ACCESS_KEY" in found.message
    trusted = confirmed(profile)
    found = lookup_secret(trusted, SecretKind.CLIENT_SECRET, SecretStore(), environ)
    assert found.secret is not None and found.secret.reveal() == "do-not-send-me"
    moved = replace(trusted, token_url="https://elsewhere.example/token")
    assert lookup_secret(moved, SecretKind.CLIENT_SECRET, SecretStore(), environ).secret is None


def test_the_store_keeps_the_confirmation(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "profiles.json")
    trusted = confirmed(imported_profile())
    store.save([trusted])
    (loaded,) = store.load().profiles
    assert loaded.trust == trusted.trust
    assert not needs_confirmation(loaded)
    document = json.loads((tmp_path / "profiles.json").read_text(encoding="utf-8"))
    assert "do-not-send-me" not in json.dumps(document)


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://API.example/v3/token", "https://api.example:443"),
        ("http://127.0.0.1:9/t", "http://127.0.0.1:9"),
        ("https://[::1]/t", "https://[::1]:443"),
        ("not a url", ""),
        ("https://h:99999/t", ""),
    ],
)
def test_token_origin(url: str, origin: str) -> None:
    assert token_origin(url) == origin


def test_the_rows_never_show_a_credential_of_the_token_url() -> None:
    profile = replace(
        imported_profile(),
        token_url="https://me:fake-pw-9876@collector.example/token?client_secret=fake-s-5432",
    )
    shown = confirmation_text(profile)
    assert "fake-pw-9876" not in shown and "fake-s-5432" not in shown
    assert "collector.example" in shown

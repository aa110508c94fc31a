"""Profiles: round trips, the versioned format, atomic saves, unreadable files set aside."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.core.config import BodyEncoding, ClientAuth, ClientConfig
from workbench.core.profiles import (
    Profile,
    ProfileFormatError,
    ProfileStore,
    ProfileStoreError,
    SecretKind,
    SecretRef,
    SecretSource,
    profiles_from_json,
    profiles_to_json,
    unique_name,
)
from workbench.core.recovery import RecoveryOptions
from workbench.core.secret import Secret


def sample_profile() -> Profile:
    return Profile(
        name="GetResponse MAX (PL)",
        preset="getresponse-max-pl",
        issuer="https://id.example",
        token_url="https://api3.getresponse360.pl/v3/token",
        client_id="my-client",
        scope="all",
        auth=ClientAuth.BASIC_RAW,
        body_encoding=BodyEncoding.JSON,
        extra_params=(("audience", "api"),),
        extra_headers=(("X-Domain", "example.com"),),
        secrets={
            SecretKind.CLIENT_SECRET: SecretRef(SecretSource.ENVIRONMENT, "GR_SECRET"),
            SecretKind.PRIVATE_KEY: SecretRef(SecretSource.ASK),
        },
        request_method="POST",
        request_url="https://api3.getresponse360.pl/v3/contacts",
        request_headers=(("Accept", "application/json"), ("Accept", "text/plain")),
        request_body='{"email": "a@example.com"}',
        recovery=RecoveryOptions(refetch_when_lapsed=True, replay_on_lapsed_401=False),
        collection_folder="~/src/team-api/requests",
    )


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "profiles.json")
    profiles = (sample_profile(), Profile(name="Empty"))
    store.save(profiles)
    loaded = store.load()
    assert loaded.warning == ""
    assert loaded.profiles == profiles


def test_the_file_is_versioned_and_holds_no_secret_value(tmp_path: Path) -> None:
    profile = Profile(name="p").with_config(
        ClientConfig("https://a.example/token", "id", client_secret=Secret("s3cr3t-value"))
    )
    text = profiles_to_json([profile])
    document = json.loads(text)
    assert document["format"] == "oauth-workbench-profiles"
    assert document["version"] == 1
    assert "s3cr3t-value" not in text


def test_config_round_trip_through_a_profile() -> None:
    config = ClientConfig(
        "https://a.example/token",
        "id",
        client_secret=Secret("x"),
        scope="read",
        auth=ClientAuth.SECRET_JWT,
        extra_headers=(("X-Domain", "example.com"),),
        verify_tls=False,
        timeout_s=5.0,
    )
    restored = Profile(name="p").with_config(config).to_config(client_secret=Secret("x"))
    assert restored == config


def test_save_is_atomic_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "deeper" / "profiles.json")
    store.save([Profile(name="one")])
    store.save([Profile(name="two")])
    assert [p.name for p in store.load().profiles] == ["two"]
    assert sorted(path.name for path in store.path.parent.iterdir()) == ["profiles.json"]


def test_a_read_only_folder_gives_a_clear_error_and_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ProfileStore(tmp_path / "profiles.json")
    store.save([Profile(name="kept")])

    def read_only(**_: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", read_only)
    with pytest.raises(ProfileStoreError, match="Permission denied"):
        store.save([Profile(name="lost?")])
    monkeypatch.undo()
    assert [p.name for p in store.load().profiles] == ["kept"]


def test_a_failed_replace_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ProfileStore(tmp_path / "profiles.json")
    store.save([Profile(name="kept")])

    def full_disk(self: Path, target: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", full_disk)
    with pytest.raises(ProfileStoreError, match="No space left on device"):
        store.save([Profile(name="new")])
    monkeypatch.undo()
    assert [p.name for p in store.load().profiles] == ["kept"]
    assert [path.name for path in tmp_path.iterdir()] == ["profiles.json"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "not valid JSON"),
        ('{"format": "something else", "version": 1, "profiles": []}', "not an OAuth Workbench"),
        ('{"format": "oauth-workbench-profiles", "version": 99, "profiles": []}', "newer"),
        ('{"format": "oauth-workbench-profiles", "version": 1, "profiles": [{"name": 3}]}', "name"),
        (
            '{"format": "oauth-workbench-profiles", "version": 1,'
            ' "profiles": [{"name": "a", "auth": "kerberos"}]}',
            "kerberos",
        ),
        ("[" * 100_000, "not valid JSON"),
    ],
)
def test_an_unreadable_file_is_backed_up_and_reported(
    tmp_path: Path, content: str, reason: str
) -> None:
    store = ProfileStore(tmp_path / "profiles.json")
    store.path.write_text(content, encoding="utf-8")
    result = store.load()
    assert result.profiles == ()
    assert reason in result.warning
    assert result.backup_path is not None
    assert result.backup_path.read_text(encoding="utf-8") == content
    assert result.backup_path.name in result.warning
    # The next save cannot destroy what was set aside.
    store.save([Profile(name="fresh")])
    assert result.backup_path.read_text(encoding="utf-8") == content


def test_two_unreadable_files_in_one_second_get_two_backups(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "profiles.json")
    store.path.write_text("first", encoding="utf-8")
    first = store.load().backup_path
    store.path.write_text("second", encoding="utf-8")
    second = store.load().backup_path
    assert first is not None and second is not None and first != second
    assert first.read_text(encoding="utf-8") == "first"
    assert second.read_text(encoding="utf-8") == "second"


def test_duplicate_names_are_refused() -> None:
    text = profiles_to_json([Profile(name="a"), Profile(name="a")])
    with pytest.raises(ProfileFormatError, match="twice"):
        profiles_from_json(text)


def test_unique_name() -> None:
    assert unique_name("a", []) == "a"
    assert unique_name("a", ["a", "a (2)"]) == "a (3)"


@given(st.text(max_size=300))
def test_reading_any_text_only_raises_format_errors(text: str) -> None:
    with contextlib.suppress(ProfileFormatError):
        profiles_from_json(text)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "name",
                "id",
                "auth",
                "secrets",
                "request",
                "recovery",
                "extra_headers",
                "timeout_s",
                "x",
            ]
        ),
        json_values,
    )
)
def test_reading_any_profile_object_only_raises_format_errors(item: dict[str, object]) -> None:
    document = {"format": "oauth-workbench-profiles", "version": 1, "profiles": [item]}
    with contextlib.suppress(ProfileFormatError):
        profiles_from_json(json.dumps(document))


def test_recovery_switches_are_stored_as_two_booleans() -> None:
    both = Profile(name="p", recovery=RecoveryOptions(True, True))
    document = json.loads(profiles_to_json([both, Profile(name="q")]))
    assert document["profiles"][0]["recovery"] == {
        "refetch_when_lapsed": True,
        "replay_on_lapsed_401": True,
    }
    assert document["profiles"][1]["recovery"] == {
        "refetch_when_lapsed": False,
        "replay_on_lapsed_401": False,
    }
    assert document["version"] == 1
    assert profiles_from_json(json.dumps(document))[0].recovery == RecoveryOptions(True, True)


def test_a_profile_without_recovery_has_both_switches_off() -> None:
    document = json.loads(profiles_to_json([Profile(name="old")]))
    del document["profiles"][0]["recovery"]
    (loaded,) = profiles_from_json(json.dumps(document))
    assert loaded.recovery == RecoveryOptions()
    assert not loaded.recovery.refetch_when_lapsed
    assert not loaded.recovery.replay_on_lapsed_401
    partial = json.loads(profiles_to_json([Profile(name="half")]))
    partial["profiles"][0]["recovery"] = {"replay_on_lapsed_401": True}
    (half,) = profiles_from_json(json.dumps(partial))
    assert half.recovery == RecoveryOptions(refetch_when_lapsed=False, replay_on_lapsed_401=True)


@pytest.mark.parametrize("bad", [{"refetch_when_lapsed": "yes"}, [True, False], 1])
def test_a_malformed_recovery_is_a_format_error(bad: object) -> None:
    document = json.loads(profiles_to_json([Profile(name="p")]))
    document["profiles"][0]["recovery"] = bad
    with pytest.raises(ProfileFormatError, match="recovery"):
        profiles_from_json(json.dumps(document))


def test_what_the_keychain_holds_is_noted_and_read_back(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "profiles.json")
    saved = Profile(name="Noted").with_stored(SecretKind.CLIENT_SECRET, True)
    saved = saved.with_stored(SecretKind.PRIVATE_KEY, False)
    store.save([saved])
    document = json.loads((tmp_path / "profiles.json").read_text(encoding="utf-8"))
    refs = document["profiles"][0]["secrets"]
    assert refs["client-secret"] == {"source": "keychain", "env_var": "", "stored": True}
    assert refs["private-key"]["stored"] is False
    (loaded,) = store.load().profiles
    assert loaded == saved
    assert loaded.secret_ref(SecretKind.CLIENT_SECRET).may_be_stored
    assert not loaded.secret_ref(SecretKind.PRIVATE_KEY).may_be_stored


def test_a_file_that_notes_nothing_means_the_keychain_may_hold_the_secret() -> None:
    document = {
        "format": "oauth-workbench-profiles",
        "version": 1,
        "profiles": [{"name": "Old", "secrets": {"client-secret": {"source": "keychain"}}}],
    }
    (old,) = profiles_from_json(json.dumps(document))
    assert old.secret_ref(SecretKind.CLIENT_SECRET).stored is None
    assert old.secret_ref(SecretKind.CLIENT_SECRET).may_be_stored
    assert old.secret_ref(SecretKind.PRIVATE_KEY).may_be_stored  # not named at all
    assert not SecretRef(SecretSource.ASK).may_be_stored


def test_a_stored_mark_that_is_not_a_boolean_is_a_format_error() -> None:
    document = {
        "format": "oauth-workbench-profiles",
        "version": 1,
        "profiles": [{"name": "Bad", "secrets": {"client-secret": {"stored": "yes"}}}],
    }
    with pytest.raises(ProfileFormatError, match="stored"):
        profiles_from_json(json.dumps(document))


@pytest.mark.parametrize(
    ("written", "read"), [(1e300, 600.0), (600.5, 600.0), (-1, 30.0), (45, 45.0)]
)
def test_a_profile_files_timeout_is_kept_within_what_a_request_can_wait(
    written: float, read: float
) -> None:
    """A far too long wait (1e300 s) would overflow the platform's clock on every request."""
    document = json.loads(profiles_to_json([Profile(name="p")]))
    document["profiles"][0]["timeout_s"] = written
    (profile,) = profiles_from_json(json.dumps(document))
    assert profile.timeout_s == read

"""``workbench requests``: list, import (secrets only with consent) and export saved requests."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.conftest import MemoryKeyring
from tests.unit.core.collections.samples import SAMPLE_SECRETS, SAMPLES
from workbench import cli
from workbench.core.collections.store import CollectionStore, profile_collection_folder
from workbench.core.presets import sandbox_profile
from workbench.core.profiles import Profile, ProfileStore
from workbench.core.secret_store import SERVICE


def assert_no_secret_in(folder: Path) -> None:
    written = every_byte(folder)
    assert written
    assert not any(secret.encode() in written for secret in SAMPLE_SECRETS)


@pytest.fixture
def profile() -> Profile:
    saved = sandbox_profile("http://127.0.0.1:9", "Sandbox")
    ProfileStore().save((saved,))
    return saved


def run(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = cli.main(["requests", *argv, "--profile", "Sandbox"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def every_byte(folder: Path) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file())


def test_a_postman_import_without_consent_keeps_no_secret(
    profile: Profile,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    sample = SAMPLES / "getresponse.postman_collection.json"
    code, out, err = run(["import", str(sample)], capsys, monkeypatch)
    assert code == 0, err
    assert "Imported into 'GetResponse API v3 (sample)'" in out
    assert "secrets found and left out" in err and "apiKey (header X-Auth-Token)" in err
    assert "--store-secrets" in err
    assert (
        "describes a client-credentials setup: token URL https://api.getresponse.com/v3/token"
        in err
    )
    assert memory_keyring.entries == {}
    assert_no_secret_in(profile_collection_folder(profile))
    assert "note: baseUrl already has a value here" in err, "the sandbox profile's stays"
    store = CollectionStore(profile_collection_folder(profile))
    store.load()
    names = [variable.name for variable in store.collection().variables]
    assert "clientId" in names and "baseUrl" not in names
    code, out, _ = run(["list"], capsys, monkeypatch)
    assert code == 0
    assert (
        "GetResponse API v3 (sample) / Contacts / Create contact\tPOST {{baseUrl}}/contacts" in out
    )


def test_with_consent_the_secrets_go_to_the_keychain(
    profile: Profile,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    sample = SAMPLES / "getresponse.http"
    code, out, err = run(["import", str(sample), "--store-secrets"], capsys, monkeypatch)
    assert code == 0, err
    assert (
        "Moved to the OS keychain: apiKey (variable apiKey); apiKey2 (header X-Auth-Token)" in out
    )
    assert memory_keyring.entries == {
        (SERVICE, f"{profile.profile_id}/variable/apiKey"): "FAKE0000apikey",
        (SERVICE, f"{profile.profile_id}/variable/apiKey2"): "FAKE1111apikey",
    }
    assert_no_secret_in(profile_collection_folder(profile))
    for name in ("http-client.env.json", "http-client.private.env.json"):
        code, out, err = run(
            ["import", str(SAMPLES / name), "--store-secrets"], capsys, monkeypatch
        )
        assert code == 0, err
    assert (
        memory_keyring.entries[(SERVICE, f"{profile.profile_id}/variable/US/apiKey")]
        == "FAKE3333apikey"
    )
    assert_no_secret_in(profile_collection_folder(profile))
    code, out, _ = run(["list"], capsys, monkeypatch)
    assert "# environments: MAX PL, US" in out


def test_a_file_that_cannot_be_read_changes_nothing(
    profile: Profile,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broken = tmp_path / "broken.http"
    broken.write_text("### A\nGET https://example.com\nNot a header\n", encoding="utf-8")
    code, out, err = run(["import", str(broken)], capsys, monkeypatch)
    assert code == 2 and out == ""
    assert "broken.http cannot be imported: Line 3: 'Not a header' is not a header" in err
    assert not profile_collection_folder(profile).exists()
    code, _, err = run(["import", str(tmp_path / "missing.json")], capsys, monkeypatch)
    assert code == 2 and "missing.json cannot be read" in err
    odd = tmp_path / "requests.txt"
    odd.write_text("GET https://example.com\n", encoding="utf-8")
    code, _, err = run(["import", str(odd)], capsys, monkeypatch)
    assert code == 2 and "--format" in err
    code, out, err = run(["import", str(odd), "--format", "http"], capsys, monkeypatch)
    assert code == 0, err


def test_export_to_postman_and_http(
    profile: Profile,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = CollectionStore(profile_collection_folder(profile))
    run(["import", str(SAMPLES / "getresponse.postman_collection.json")], capsys, monkeypatch)
    target = tmp_path / "out.postman_collection.json"
    code, out, err = run(["export", str(target), "--format", "postman"], capsys, monkeypatch)
    assert code == 0, err
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["auth"]["type"] == "oauth2"
    oauth = {item["key"]: item["value"] for item in document["auth"]["oauth2"]}
    assert oauth["accessTokenUrl"] == profile.token_url
    assert oauth["clientSecret"] == "{{clientSecret}}"
    code, _, err = run(["export", str(target), "--format", "postman"], capsys, monkeypatch)
    assert code == 2 and "add --force" in err
    assert (
        run(["export", str(target), "--format", "postman", "--force"], capsys, monkeypatch)[0] == 0
    )
    code, out, err = run(["export", "-", "--format", "http"], capsys, monkeypatch)
    assert code == 0, err
    assert "### Get account\n# Folder: GetResponse API v3 (sample) / Accounts\n" in out
    assert store.load() == ()


def test_a_hostile_collections_names_and_urls_reach_the_terminal_escaped(
    profile: Profile,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
) -> None:
    """A collection from elsewhere must not retitle, clear or reorder the terminal."""
    collection = {
        "info": {
            "name": "Team\x1b]0;owned\x07",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
        },
        "item": [
            {
                "name": "Read \u202eevil",
                "request": {"method": "GET", "url": "http://127.0.0.1:9/v3/a?x=\x1b[2J"},
            }
        ],
        "variable": [{"key": "note", "value": "\x1b[31m"}],
    }
    sample = tmp_path / "team.postman_collection.json"
    sample.write_text(json.dumps(collection), encoding="utf-8")
    outputs = [run(["import", str(sample)], capsys, monkeypatch)]
    outputs.append(run(["list"], capsys, monkeypatch))
    for code, out, err in outputs:
        assert code == 0, err
        for stream in (out, err):
            assert "\x1b" not in stream and "\x07" not in stream and "\u202e" not in stream
    assert "\\u202eevil" in outputs[1][1] and "x=\\x1b[2J" in outputs[1][1]


def test_a_device_or_a_pipe_is_refused_at_once_not_read_forever(
    profile: Profile,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os

    pipe = tmp_path / "requests.http"
    os.mkfifo(pipe)  # opened, it would wait for a writer forever
    for path in ("/dev/zero", str(pipe)):
        code, out, err = run(["import", path, "--format", "http"], capsys, monkeypatch)
        assert code == 2 and out == ""
        assert "is not a regular file" in err

"""Environments: secret-free files beside the collection, secret values in the keychain."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import MemoryKeyring
from workbench.core.collections.environments import (
    EnvironmentStore,
    read_secret_values,
    store_secret_values,
)
from workbench.core.collections.model import Environment, Variable
from workbench.core.collections.store import CollectionError, SecretsFoundError
from workbench.core.secret import Secret
from workbench.core.secret_store import SERVICE, SecretStore

US = Environment(
    "US",
    (
        Variable("baseUrl", "https://api3.getresponse360.com/v3"),
        Variable("domain", "example.com"),
        Variable("apiKey", secret=True),
    ),
)
MAX_PL = Environment("MAX PL", (Variable("baseUrl", "https://api3.getresponse360.pl/v3"),))


def test_environments_are_saved_one_file_each_and_read_back(tmp_path: Path) -> None:
    store = EnvironmentStore(tmp_path)
    store.save(US)
    store.save(MAX_PL)
    assert sorted(path.name for path in (tmp_path / "_environments").iterdir()) == [
        "max-pl.toml",
        "us.toml",
    ]
    again = EnvironmentStore(tmp_path)
    assert again.load() == ()
    assert again.environments == (MAX_PL, US)
    assert again.get("US") == US


def test_saving_again_gives_the_same_bytes(tmp_path: Path) -> None:
    store = EnvironmentStore(tmp_path)
    store.save(US)
    before = (tmp_path / "_environments" / "us.toml").read_bytes()
    again = EnvironmentStore(tmp_path)
    again.load()
    again.save(again.get("US"))
    assert (tmp_path / "_environments" / "us.toml").read_bytes() == before


def test_rename_and_delete(tmp_path: Path) -> None:
    store = EnvironmentStore(tmp_path)
    store.save(US)
    store.save(MAX_PL)
    store.rename("US", "MAX US")
    assert [env.name for env in store.environments] == ["MAX PL", "MAX US"]
    assert (tmp_path / "_environments" / "max-us.toml").is_file()
    assert not (tmp_path / "_environments" / "us.toml").exists()
    with pytest.raises(CollectionError, match="already an environment called 'MAX PL'"):
        store.rename("MAX US", "MAX PL")
    store.delete("MAX PL")
    again = EnvironmentStore(tmp_path)
    again.load()
    assert [env.name for env in again.environments] == ["MAX US"]


def test_an_unknown_environment_names_the_known_ones(tmp_path: Path) -> None:
    store = EnvironmentStore(tmp_path)
    store.save(US)
    with pytest.raises(CollectionError, match=r"no environment called 'EU' \(known: 'US'\)"):
        store.get("EU")


def test_a_credential_in_clear_is_refused(tmp_path: Path) -> None:
    store = EnvironmentStore(tmp_path)
    with pytest.raises(SecretsFoundError) as caught:
        store.save(Environment("US", (Variable("apiKey", "0a1b2c3d4e"),)))
    assert caught.value.findings[0].location == "variable apiKey"
    assert not (tmp_path / "_environments").exists()


def test_an_unreadable_file_is_reported_and_left_alone(tmp_path: Path) -> None:
    store = EnvironmentStore(tmp_path)
    store.save(US)
    broken = tmp_path / "_environments" / "eu.toml"
    broken.write_text('name = "EU"\n[variables\n', encoding="utf-8")
    again = EnvironmentStore(tmp_path)
    problems = again.load()
    assert [(problem.path, problem.line) for problem in problems] == [(broken, 2)]
    assert again.environments == (US,)
    again.save(Environment("EU"))  # takes another file name; the broken one stays
    assert broken.read_text(encoding="utf-8") == 'name = "EU"\n[variables\n'
    assert (tmp_path / "_environments" / "eu-2.toml").is_file()


def test_secret_values_live_in_the_keychain_per_environment(
    memory_keyring: MemoryKeyring,
) -> None:
    keychain = SecretStore()
    store_secret_values(keychain, "p1", "US", {"apiKey": Secret("k-us-123")})
    store_secret_values(keychain, "p1", "", {"apiKey": Secret("k-collection")})
    assert memory_keyring.entries == {
        (SERVICE, "p1/variable/US/apiKey"): "k-us-123",
        (SERVICE, "p1/variable/apiKey"): "k-collection",
    }
    found = read_secret_values(SecretStore(), "p1", "US", ["apiKey", "missing"])
    assert {name: secret.reveal() for name, secret in found.items()} == {"apiKey": "k-us-123"}

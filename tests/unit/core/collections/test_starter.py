"""The GetResponse presets' starter collection, and where its {{baseUrl}} comes from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.core.collections.model import Folder, SavedRequest, Variable, walk
from workbench.core.collections.starter import (
    GETRESPONSE_PRESETS,
    SANDBOX_CAMPAIGN_ID,
    SANDBOX_PRESET,
    profile_variables,
    seed_starter,
    starter_collection,
)
from workbench.core.collections.store import CollectionStore
from workbench.core.presets import (
    GETRESPONSE,
    GETRESPONSE_MAX_PL,
    GETRESPONSE_MAX_US,
    sandbox_profile,
)
from workbench.core.profiles import Profile
from workbench.sandbox import data as sandbox_data


@pytest.mark.parametrize(
    ("profile", "base_url"),
    [
        (GETRESPONSE.new_profile(), "https://api.getresponse.com/v3"),
        (
            GETRESPONSE_MAX_US.new_profile(x_domain="example.com"),
            "https://api3.getresponse360.com/v3",
        ),
        (
            GETRESPONSE_MAX_PL.new_profile(x_domain="example.pl"),
            "https://api3.getresponse360.pl/v3",
        ),
        (sandbox_profile("http://127.0.0.1:8123"), "http://127.0.0.1:8123/v3"),
    ],
)
def test_base_url_comes_from_the_token_url(profile: Profile, base_url: str) -> None:
    assert profile_variables(profile) == (Variable("baseUrl", base_url),)


def test_other_profiles_define_no_base_url() -> None:
    assert profile_variables(Profile("Other", token_url="https://id.example/oauth/token")) == ()


def test_the_starter_holds_the_common_calls_with_documented_paths() -> None:
    starter = starter_collection(GETRESPONSE.new_profile())
    requests = {path: item for path, item in walk(starter.items) if isinstance(item, SavedRequest)}
    assert {path: (r.method, r.url) for path, r in requests.items()} == {
        ("Accounts", "Get account"): ("GET", "{{baseUrl}}/accounts"),
        ("Campaigns", "List campaigns"): ("GET", "{{baseUrl}}/campaigns"),
        ("Contacts", "List contacts"): ("GET", "{{baseUrl}}/contacts"),
        ("Contacts", "Find contact by email"): ("GET", "{{baseUrl}}/contacts"),
        ("Contacts", "Create contact"): ("POST", "{{baseUrl}}/contacts"),
        ("Custom fields", "List custom fields"): ("GET", "{{baseUrl}}/custom-fields"),
        ("Custom fields", "Create custom field"): ("POST", "{{baseUrl}}/custom-fields"),
        ("Tags", "List tags"): ("GET", "{{baseUrl}}/tags"),
        ("Tags", "Create tag"): ("POST", "{{baseUrl}}/tags"),
    }
    for path, request in requests.items():
        assert request.send_token and request.note, path
        if request.method == "POST":
            json.loads(request.body.replace("{{email}}", "a@b.c").replace("{{campaignId}}", "C"))
    assert all(isinstance(item, Folder) for item in starter.items)


def test_only_the_sandbox_starter_knows_a_list_id() -> None:
    assert (
        Variable("campaignId", SANDBOX_CAMPAIGN_ID)
        in starter_collection(sandbox_profile("http://127.0.0.1:1")).variables
    )
    names = {v.name for v in starter_collection(GETRESPONSE.new_profile()).variables}
    assert "campaignId" not in names  # yours: "List campaigns" shows them


def test_the_sandbox_list_id_is_the_sandbox_first_list() -> None:
    assert sandbox_data.campaigns("")[0]["campaignId"] == SANDBOX_CAMPAIGN_ID


def test_seeding_writes_the_starter_once(tmp_path: Path) -> None:
    profile = GETRESPONSE.new_profile()
    store = CollectionStore(tmp_path / "c")
    assert seed_starter(store, profile)
    again = CollectionStore(tmp_path / "c")
    assert again.load() == ()
    assert again.collection() == starter_collection(profile)
    store.delete(("Tags",))
    assert not seed_starter(CollectionStore(tmp_path / "c"), profile)  # never over the user's
    assert not seed_starter(CollectionStore(tmp_path / "d"), Profile("Other", preset="discovery"))
    assert not (tmp_path / "d").exists()


@pytest.mark.parametrize("preset", sorted(GETRESPONSE_PRESETS | {SANDBOX_PRESET}))
def test_the_starter_holds_no_credential_so_seeding_may_skip_the_scan(preset: str) -> None:
    from workbench.core.collections.secret_scan import extract_variable_secrets, find_secrets

    starter = starter_collection(Profile(name="p", preset=preset))
    requests = [item for _path, item in walk(starter.items) if isinstance(item, SavedRequest)]
    assert requests and all(find_secrets(request) == () for request in requests)
    assert extract_variable_secrets(starter.variables)[1] == ()

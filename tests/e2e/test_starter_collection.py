"""The GetResponse starter collection sent, call by call, to the real sandbox over loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.core.calls import SendOptions
from workbench.core.client import OAuthClient
from workbench.core.collections.model import SavedRequest, find_item
from workbench.core.collections.sending import SendContext, api_request, resolve_saved_request
from workbench.core.collections.starter import seed_starter
from workbench.core.collections.store import CollectionStore
from workbench.core.presets import sandbox_profile
from workbench.core.redact import redact_exchange
from workbench.core.secret import Secret
from workbench.sandbox import Sandbox

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(host="127.0.0.1", port=0) as running:
        yield running


def test_every_starter_call_works_against_the_sandbox(sandbox: Sandbox, tmp_path: Path) -> None:
    profile = sandbox_profile(sandbox.url)
    store = CollectionStore(tmp_path / "collection")
    assert seed_starter(store, profile)
    collection = store.collection()
    context = SendContext(profile, collection)
    expected = [
        (("Accounts", "Get account"), 200),
        (("Campaigns", "List campaigns"), 200),
        (("Contacts", "List contacts"), 200),
        (("Contacts", "Create contact"), 202),
        (("Contacts", "Create contact"), 409),
        (("Contacts", "Find contact by email"), 200),
        (("Custom fields", "List custom fields"), 200),
        (("Custom fields", "Create custom field"), 201),
        (("Tags", "List tags"), 200),
        (("Tags", "Create tag"), 201),
        (("Tags", "Create tag"), 409),
    ]
    client = OAuthClient()
    try:
        outcome = client.fetch_token(profile.to_config(client_secret=Secret("demo-secret")))
        assert outcome.token is not None
        answers = {}
        for path, status in expected:
            request = find_item(collection.items, path)
            assert isinstance(request, SavedRequest)
            resolution = resolve_saved_request(context, request, {}, outcome.token.value)
            assert resolution.ok, resolution.problems
            sent = client.call_api(api_request(resolution), outcome.token, SendOptions())
            assert sent.exchange.response is not None
            assert sent.exchange.response.status == status, (path, sent.exchange.response.body)
            answers[path] = sent.exchange
    finally:
        client.close()

    found = json.loads(answers[("Contacts", "Find contact by email")].response.body)  # type: ignore[union-attr]
    assert [contact["email"] for contact in found] == ["ada.lovelace@example.com"]
    assert found[0]["name"] == "Ada Lovelace"
    created_tag = json.loads(answers[("Tags", "Create tag")].response.body)  # type: ignore[union-attr]
    assert created_tag["code"] == 1008  # the second Create tag: already taken
    account = answers[("Accounts", "Get account")]
    assert account.request.url == f"{sandbox.url}/v3/accounts"
    masked = redact_exchange(account)
    assert outcome.token.value.reveal() not in str(masked.request.headers)

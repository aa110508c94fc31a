"""Gathering a saved request's variables (profile, collection, environment, caller, keychain)
and turning the result into the request the client sends."""

from __future__ import annotations

import pytest

from tests.conftest import MemoryKeyring
from workbench.core.client import prepare_api_request
from workbench.core.collections.environments import store_secret_values
from workbench.core.collections.model import Collection, Environment, Field, SavedRequest, Variable
from workbench.core.collections.sending import (
    SendContext,
    api_request,
    resolve_saved_request,
    secret_values,
)
from workbench.core.presets import GETRESPONSE_MAX_PL
from workbench.core.secret import Secret
from workbench.core.secret_store import SecretStore

PROFILE = GETRESPONSE_MAX_PL.new_profile(x_domain="example.pl")
COLLECTION = Collection(
    variables=(Variable("email", "ada@example.com"), Variable("apiKey", secret=True)),
)
REQUEST = SavedRequest(
    "Legacy",
    url="{{baseUrl}}/contacts",
    params=(Field("query[email]", "{{email}}"),),
    headers=(Field("X-Auth-Token", "api-key {{apiKey}}"),),
    send_token=False,
)


def test_layers_win_in_order_profile_collection_environment_caller(
    memory_keyring: MemoryKeyring,
) -> None:
    store = SecretStore()
    store_secret_values(store, PROFILE.profile_id, "", {"apiKey": Secret("k-collection")})
    store_secret_values(store, PROFILE.profile_id, "Staging", {"apiKey": Secret("k-staging")})
    staging = Environment(
        "Staging",
        (Variable("baseUrl", "https://staging.example/v3"), Variable("apiKey", secret=True)),
    )
    context = SendContext(
        PROFILE, COLLECTION, staging, overrides=(Variable("email", "grace@example.com"),)
    )
    secrets = secret_values(context, REQUEST, store)
    assert {name: value.reveal() for name, value in secrets.items()} == {"apiKey": "k-staging"}
    resolution = resolve_saved_request(context, REQUEST, secrets, token=None)
    assert resolution.request is not None
    assert (
        resolution.request.url
        == "https://staging.example/v3/contacts?query%5Bemail%5D=grace@example.com"
    )
    assert resolution.request.headers == (("X-Auth-Token", "api-key k-staging"),)


def test_without_an_environment_the_profile_gives_the_base_url(
    memory_keyring: MemoryKeyring,
) -> None:
    store = SecretStore()
    store_secret_values(store, PROFILE.profile_id, "", {"apiKey": Secret("k-collection")})
    context = SendContext(PROFILE, COLLECTION)
    resolution = resolve_saved_request(
        context, REQUEST, secret_values(context, REQUEST, store), None
    )
    assert resolution.request is not None
    assert resolution.request.url.startswith("https://api3.getresponse360.pl/v3/contacts?")


def test_only_the_secrets_a_request_uses_are_read(memory_keyring: MemoryKeyring) -> None:
    reads: list[str] = []

    class CountingStore(SecretStore):
        def get_entry(self, profile_id: str, entry: str) -> Secret | None:
            reads.append(entry)
            return super().get_entry(profile_id, entry)

    collection = Collection(
        variables=(Variable("apiKey", secret=True), Variable("other", secret=True))
    )
    secret_values(SendContext(PROFILE, collection), REQUEST, CountingStore())
    assert reads == ["variable/apiKey"]


def test_a_missing_secret_is_refused_before_sending(memory_keyring: MemoryKeyring) -> None:
    context = SendContext(PROFILE, COLLECTION)
    secrets = secret_values(context, REQUEST, SecretStore())
    resolution = resolve_saved_request(context, REQUEST, secrets, None)
    assert [str(p) for p in resolution.problems] == [
        "header 1 ('X-Auth-Token'), column 9: {{apiKey}} is a secret variable with no value "
        "stored yet"
    ]
    with pytest.raises(ValueError, match="unresolved variables"):
        api_request(resolution)


def test_the_client_request_carries_the_secrets_for_masking() -> None:
    context = SendContext(PROFILE, COLLECTION)
    resolution = resolve_saved_request(context, REQUEST, {"apiKey": Secret("k-123456")}, None)
    request = api_request(resolution)
    assert not request.apply_token
    assert "secrets=" not in repr(request)
    _, secrets, _ = prepare_api_request(request, None)
    assert secrets == ("k-123456",)


def test_the_composers_request_is_resolved_keeping_how_its_token_goes() -> None:
    from workbench.core.calls import ApiRequest
    from workbench.core.collections.sending import (
        has_variables,
        resolved_api_request,
        secret_entries,
        template_of,
    )

    plain = ApiRequest("GET", "https://api.example.test/v3/accounts")
    assert not has_variables(plain)
    request = ApiRequest(
        "POST",
        "{{baseUrl}}/contacts",
        (("X-Auth-Token", "api-key {{apiKey}}"),),
        b'{"email": "{{email}}"}',
        token_header="X-Auth-Token",
        token_prefix="",
    )
    assert has_variables(request)
    context = SendContext(PROFILE, COLLECTION)
    template = template_of(request)
    assert secret_entries(context, template) == {"apiKey": "variable/apiKey"}
    resolution = resolve_saved_request(context, template, {"apiKey": Secret("k3y")}, None)
    sent = resolved_api_request(request, resolution)
    assert sent.url == "https://api3.getresponse360.pl/v3/contacts"
    assert sent.body == b'{"email": "ada@example.com"}'
    assert sent.headers == (("X-Auth-Token", "api-key k3y"),)
    assert (sent.token_header, sent.token_prefix) == ("X-Auth-Token", "")
    assert "k3y" in sent.secrets

"""Postman Collection v2.1: a sample written from the format's specification, imported and
exported, secrets taken out, and hostile files refused with a clear message."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.core.collections.samples import SAMPLE_SECRETS, SAMPLES
from workbench.core.collections.imports import ImportFormatError
from workbench.core.collections.model import Collection, Field, Folder, SavedRequest, Variable, walk
from workbench.core.collections.postman import import_postman
from workbench.core.collections.postman_export import PostmanAuth, export_postman
from workbench.core.collections.variables import Scope, resolve_request
from workbench.core.config import ClientAuth
from workbench.core.secret import Secret

SAMPLE = SAMPLES / "getresponse.postman_collection.json"


@pytest.fixture(scope="module")
def imported():  # type: ignore[no-untyped-def]
    return import_postman(SAMPLE.read_text(encoding="utf-8"))


def requests_of(collection: Collection) -> dict[tuple[str, ...], SavedRequest]:
    return {path: item for path, item in walk(collection.items) if isinstance(item, SavedRequest)}


def test_folders_requests_and_descriptions_arrive(imported) -> None:  # type: ignore[no-untyped-def]
    collection = imported.collection
    assert collection.name == "GetResponse API v3 (sample)"
    assert collection.note.startswith("A sample written for OAuth Workbench")
    assert [item.name for item in collection.items] == [
        "Accounts",
        "Contacts",
        "Tags (API key)",
        "Custom fields (static bearer)",
        "Public status",
        "Form login",
        "Upload",
    ]
    contacts = collection.items[1]
    assert isinstance(contacts, Folder) and contacts.note == "Contacts on your lists."
    requests = requests_of(collection)
    account = requests[("Accounts", "Get account")]
    assert account == SavedRequest(
        "Get account", url="{{baseUrl}}/accounts", note="The account the token belongs to."
    )


def test_query_parameters_keep_what_postman_sends(imported) -> None:  # type: ignore[no-untyped-def]
    listing = requests_of(imported.collection)[("Contacts", "List contacts")]
    assert listing.url == "{{baseUrl}}/contacts?perPage=10&query[email]=ada@example.com"
    assert listing.params == (Field("fields", "name,email", enabled=False),)
    assert listing.headers == (Field("Accept", "application/json"),)


def test_a_json_body_gets_its_content_type_and_path_variables_become_variables(
    imported,  # type: ignore[no-untyped-def]
) -> None:
    requests = requests_of(imported.collection)
    create = requests[("Contacts", "Create contact")]
    assert create.method == "POST"
    assert '"campaignId": "{{campaignId}}"' in create.body
    assert create.headers == (Field("Content-Type", "application/json"),)
    assert requests[("Contacts", "Get contact")].url == "{{baseUrl}}/contacts/{{contactId}}"
    assert imported.undefined == ("contactId",)


def test_auth_decides_whether_the_profile_token_is_sent(imported) -> None:  # type: ignore[no-untyped-def]
    requests = requests_of(imported.collection)
    assert requests[("Accounts", "Get account")].send_token  # inherits the collection's OAuth 2
    assert not requests[("Public status",)].send_token  # noauth
    assert not requests[("Tags (API key)",)].send_token


def test_the_oauth2_client_credentials_auth_becomes_a_profile(imported) -> None:  # type: ignore[no-untyped-def]
    profile = imported.profile
    assert profile is not None
    assert profile.token_url == "https://api.getresponse.com/v3/token"
    assert profile.client_id == "fake-client-id"
    assert profile.scope == "all"
    assert profile.auth is ClientAuth.BASIC
    assert profile.client_secret is not None
    assert profile.client_secret.reveal() == "FAKE-client-secret-0000"
    assert profile.found_in == "the OAuth 2 auth of the collection"


def test_secrets_are_taken_out_and_reported(imported) -> None:  # type: ignore[no-untyped-def]
    found = {(f.location, f.variable): f.value.reveal() for f in imported.findings}
    assert found == {
        ("variable clientSecret", "clientSecret"): "FAKE-client-secret-0000",
        ("header X-Auth-Token", "apiKey"): "FAKE0000apikey",
        ("header Authorization (Bearer credentials)", "bearerToken"): "FAKE-static-bearer-0000",
        ("body field password", "password"): "FAKE-password-0000",
    }
    requests = requests_of(imported.collection)
    assert requests[("Tags (API key)",)].headers == (Field("X-Auth-Token", "api-key {{apiKey}}"),)
    assert requests[("Form login",)].body == "username=demo&password={{password}}"
    assert Variable("clientSecret", secret=True) in imported.collection.variables
    text = repr(imported.collection)
    assert not any(secret in text for secret in SAMPLE_SECRETS)


def test_what_cannot_be_imported_is_said(imported) -> None:  # type: ignore[no-untyped-def]
    assert imported.warnings == (
        "The example responses of 'List contacts' were not imported.",
        "The scripts of 'Create contact' were not imported: the workbench runs no scripts.",
        "The formdata body of 'Upload' was not imported: saved requests hold text bodies.",
    )


def test_other_grants_and_auth_types_are_reported_and_dropped() -> None:
    document = {
        "info": {"name": "x", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/"},
        "auth": {"type": "oauth2", "oauth2": [{"key": "grant_type", "value": "password"}]},
        "item": [
            {
                "name": "Signed",
                "request": {
                    "url": "https://example.com",
                    "auth": {"type": "awsv4", "awsv4": [{"key": "secretKey", "value": "FAKE-aws"}]},
                },
            }
        ],
    }
    result = import_postman(json.dumps(document))
    assert result.profile is None
    assert "uses the password grant" in result.warnings[0]
    assert "'awsv4' auth" in result.warnings[1]
    assert "FAKE-aws" not in repr(result)


def test_version_2_0_auth_objects_are_read() -> None:
    document = {
        "info": {"name": "v2.0", "schema": "https://schema.getpostman.com/json/collection/v2.0.0/"},
        "item": [
            {
                "name": "Bearer",
                "request": {
                    "url": "https://example.com/v3/accounts",
                    "auth": {"type": "bearer", "bearer": {"token": "{{myToken}}"}},
                },
            }
        ],
    }
    request = import_postman(json.dumps(document)).collection.items[0]
    assert isinstance(request, SavedRequest)
    assert request.headers == (Field("Authorization", "Bearer {{myToken}}"),)


def test_one_value_found_twice_is_one_variable() -> None:
    bearer = {"type": "bearer", "bearer": [{"key": "token", "value": "FAKE-same-token"}]}
    document = {
        "info": {"name": "x"},
        "item": [
            {"name": "A", "request": {"url": "https://example.com/a", "auth": bearer}},
            {"name": "B", "request": {"url": "https://example.com/b", "auth": bearer}},
        ],
    }
    result = import_postman(json.dumps(document))
    assert [finding.variable for finding in result.findings] == ["bearerToken"]
    assert {item.headers[0].value for item in result.collection.items} == {"Bearer {{bearerToken}}"}  # type: ignore[union-attr]


def test_export_then_import_sends_the_same_requests(imported) -> None:  # type: ignore[no-untyped-def]
    auth = PostmanAuth("https://api.getresponse.com/v3/token", "fake-client-id", "all")
    exported = export_postman(imported.collection, auth)
    again = import_postman(exported)
    scope = Scope(
        values={"baseUrl": "https://x/v3", "campaignId": "c", "contactId": "id"},
        secrets={f.variable: f.value for f in imported.findings},
        token=Secret("t" * 40),
    )
    before = requests_of(imported.collection)
    after = requests_of(again.collection)
    assert before.keys() == after.keys()
    for path, request in before.items():
        assert resolve_request(after[path], scope) == resolve_request(request, scope), path
    assert again.collection.variables == imported.collection.variables
    assert again.profile is not None and again.profile.token_url == auth.token_url
    assert again.profile.client_secret is None  # exported as {{clientSecret}}, never the value


def test_an_export_is_valid_v21_and_holds_no_secret(imported) -> None:  # type: ignore[no-untyped-def]
    exported = export_postman(imported.collection)
    document = json.loads(exported)
    assert document["info"]["schema"].endswith("/v2.1.0/collection.json")
    assert document["auth"] == {
        "type": "bearer",
        "bearer": [{"key": "token", "value": "{{token}}", "type": "string"}],
    }
    assert not any(secret in exported for secret in SAMPLE_SECRETS)
    secret_variable = next(v for v in document["variable"] if v["key"] == "clientSecret")
    assert secret_variable["value"] == ""
    assert export_postman(imported.collection) == exported  # stable


def test_exported_parameters_are_encoded_and_variables_kept() -> None:
    request = SavedRequest(
        "Find",
        url="{{baseUrl}}/contacts",
        params=(Field("query[email]", "{{email}}"), Field("note", "a b"), Field("x", "1", False)),
    )
    url = json.loads(export_postman(Collection(items=(request,))))["item"][0]["request"]["url"]
    assert url["raw"] == "{{baseUrl}}/contacts?query%5Bemail%5D={{email}}&note=a%20b"
    assert url["host"] == ["{{baseUrl}}"] and url["path"] == ["contacts"]
    assert url["query"][-1] == {"key": "x", "value": "1", "disabled": True}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "{not json",
            "This is not JSON: Expecting property name enclosed in double quotes (line 1, "
            "column 2).",
        ),
        (
            '{"info": {"schema": "https://schema.getpostman.com/json/collection/v1.0.0/"}, '
            '"requests": []}',
            "old v1 format",
        ),
        ('{"info": {}}', "it has no 'item' list"),
        ("[]", "it is not a JSON object"),
        ('{"info": {}, "item": {}}', "The field item should be a list."),
        (
            '{"info": {}, "item": [{"name": 5, "request": {"url": ["x"]}}]}',
            "The field item[0].request.url should be text or an object.",
        ),
        (
            '{"info": {}, "item": [{"name": "x", "request": {"header": [{"key": "\\ud800"}]}}]}',
            "item[0].request.header[0].key holds a character that is not text",
        ),
        (
            '{"info": {}, "item": [{"request": {"method": "GET ME"}}]}',
            "item[0].request.method: 'GET ME' is not an HTTP method",
        ),
        (
            '{"info": {}, "item": [], "variable": [{"key": "x", "value": 1' + "0" * 5000 + "}]}",
            "The JSON cannot be read",
        ),
        ('{"info": {}, "item": ' + "[" * 100000 + "]" * 100000 + "}", "nested too deeply"),
    ],
)
def test_a_file_that_cannot_be_read_says_where(text: str, message: str) -> None:
    with pytest.raises(ImportFormatError) as caught:
        import_postman(text)
    assert message in str(caught.value)


def test_folders_nested_too_deep_are_refused() -> None:
    item: dict[str, object] = {"name": "leaf", "request": {"url": "https://example.com"}}
    for _ in range(40):
        item = {"name": "f", "item": [item]}
    with pytest.raises(ImportFormatError, match="nest deeper than 32 levels"):
        import_postman(json.dumps({"info": {}, "item": [item]}))


def test_too_many_items_are_refused() -> None:
    items = [{"name": str(n), "request": {"url": "https://e.com"}} for n in range(10_001)]
    with pytest.raises(ImportFormatError, match="more than 10000 items"):
        import_postman(json.dumps({"info": {}, "item": items}))


def test_a_huge_file_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("workbench.core.collections.imports.MAX_IMPORT_CHARS", 100)
    with pytest.raises(ImportFormatError, match="larger than"):
        import_postman("{" + " " * 200 + "}")


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "info",
                    "item",
                    "name",
                    "request",
                    "url",
                    "auth",
                    "type",
                    "header",
                    "body",
                    "mode",
                    "raw",
                    "key",
                    "value",
                    "variable",
                    "query",
                    "oauth2",
                    "bearer",
                    "apikey",
                    "description",
                    "method",
                    "disabled",
                    "event",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=30,
)


@settings(max_examples=300)
@given(_JSON)
def test_any_json_gives_a_collection_or_an_import_error(document: object) -> None:
    with contextlib.suppress(ImportFormatError):
        import_postman(json.dumps(document))

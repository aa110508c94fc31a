"""What the sandbox's API lets clients create: contacts, custom fields and tags, validated
and answered as GetResponse documents (202, 201, 400 with 1000, 409 with 1008)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.unit.sandbox.helpers import DEMO_ID, get_api, json_body, make_provider
from workbench.sandbox import data, resources
from workbench.sandbox.messages import SandboxRequest, SandboxResponse
from workbench.sandbox.provider import Provider

CAMPAIGN = data.campaigns("")[0]["campaignId"]
OFFICE_PHONE = {"name": "office_phone", "type": "phone", "format": "text", "hidden": "false"}


def post(
    provider: Provider, target: str, body: object, *, raw: bytes | None = None
) -> SandboxResponse:
    headers = (
        ("Host", "127.0.0.1:9"),
        ("Authorization", f"Bearer {provider.issue_token(DEMO_ID)}"),
        ("Content-Type", "application/json"),
    )
    payload = raw if raw is not None else json_body(body)
    return provider.handle(SandboxRequest("POST", target, headers, payload))


def listing(provider: Provider, target: str) -> list[Any]:
    response = get_api(provider, target, provider.issue_token(DEMO_ID))
    assert response.status == 200, response.body
    result = response.json()
    assert isinstance(result, list)
    return result


def test_a_new_contact_is_accepted_and_then_listed() -> None:
    provider, _ = make_provider()
    body = {
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "campaign": {"campaignId": CAMPAIGN},
        "dayOfCycle": "0",
    }
    response = post(provider, "/v3/contacts", body)
    assert (response.status, response.body) == (202, b"")
    assert "X-RateLimit-Remaining" in dict(response.headers)
    found = listing(provider, "/v3/contacts?query[email]=ada@example.com")
    assert len(found) == 1
    contact = found[0]
    assert list(contact) == list(data.contacts("http://127.0.0.1:9")[0])
    assert contact["name"] == "Ada Lovelace" and contact["dayOfCycle"] == "0"
    assert contact["campaign"]["campaignId"] == CAMPAIGN
    assert contact["href"] == f"http://127.0.0.1:9/v3/contacts/{contact['contactId']}"
    one = get_api(provider, f"/v3/contacts/{contact['contactId']}", provider.issue_token(DEMO_ID))
    assert one.json() == contact
    total = get_api(provider, "/v3/contacts", provider.issue_token(DEMO_ID)).header("TotalCount")
    assert total == str(data.CONTACT_COUNT + 1)


def test_the_same_address_on_the_same_list_is_a_409() -> None:
    provider, _ = make_provider()
    body = {"email": "ada@example.com", "campaign": {"campaignId": CAMPAIGN}}
    assert post(provider, "/v3/contacts", body).status == 202
    again = post(provider, "/v3/contacts", {**body, "email": "ADA@example.com"})
    assert again.status == 409
    envelope = again.json()
    assert (envelope["code"], envelope["message"]) == (1008, "Property value is already taken")
    assert envelope["codeDescription"] == (
        "There is another resource with the same value of unique property"
    )
    other_list = data.campaigns("")[1]["campaignId"]
    assert (
        post(provider, "/v3/contacts", {**body, "campaign": {"campaignId": other_list}}).status
        == 202
    )


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"campaign": {"campaignId": CAMPAIGN}}, "email: a valid email address is required"),
        ({"email": "not-an-address", "campaign": {"campaignId": CAMPAIGN}}, "email:"),
        ({"email": "a@example.com"}, "campaign.campaignId:"),
        ({"email": "a@example.com", "campaign": {"campaignId": "nope"}}, "campaign.campaignId:"),
        (
            {"email": "a@example.com", "campaign": {"campaignId": CAMPAIGN}, "dayOfCycle": 3},
            "dayOfCycle:",
        ),
        (
            {
                "email": "a@example.com",
                "campaign": {"campaignId": CAMPAIGN},
                "tags": [{"tagId": "x"}],
            },
            "tags:",
        ),
        (
            {
                "email": "a@example.com",
                "campaign": {"campaignId": CAMPAIGN},
                "customFieldValues": [{"customFieldId": "x", "value": ["1"]}],
            },
            "customFieldValues:",
        ),
    ],
)
def test_an_invalid_contact_is_a_1000_with_the_reason(body: dict[str, Any], problem: str) -> None:
    provider, _ = make_provider()
    response = post(provider, "/v3/contacts", body)
    assert response.status == 400
    envelope = response.json()
    assert envelope["code"] == 1000
    assert any(reason.startswith(problem) for reason in envelope["context"])


def test_a_contact_may_name_existing_tags_and_custom_fields() -> None:
    provider, _ = make_provider()
    tag_id = data.tags("")[0]["tagId"]
    field_id = data.custom_fields("")[0]["customFieldId"]
    body = {
        "email": "grace@example.com",
        "campaign": {"campaignId": CAMPAIGN},
        "tags": [{"tagId": tag_id}],
        "customFieldValues": [{"customFieldId": field_id, "value": ["30-44"]}],
    }
    assert post(provider, "/v3/contacts", body).status == 202


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"not json",
        b"[1, 2]",
        b'"text"',
        b"[" * 100_000,
        b'{"email": 1' + b"0" * 5000 + b"}",
        b"\xff\xfe",
    ],
)
def test_a_body_that_is_not_a_json_object_is_a_1000(raw: bytes) -> None:
    provider, _ = make_provider()
    for target in ("/v3/contacts", "/v3/tags", "/v3/custom-fields"):
        response = post(provider, target, None, raw=raw)
        assert response.status == 400
        assert response.json()["code"] == 1000


def test_a_tag_is_created_with_its_id_and_listed() -> None:
    provider, _ = make_provider()
    response = post(provider, "/v3/tags", {"name": "workbench_demo"})
    assert response.status == 201
    tag = response.json()
    assert list(tag) == ["tagId", "href", "name", "color", "createdAt"]
    assert tag["href"] == f"http://127.0.0.1:9/v3/tags/{tag['tagId']}"
    assert listing(provider, "/v3/tags?query[name]=workbench") == [tag]
    assert post(provider, "/v3/tags", {"name": "workbench_demo"}).status == 409


@pytest.mark.parametrize("name", ["x", "has space", "é_accent", "a" * 65, 5, None])
def test_a_tag_name_must_be_2_to_64_letters_digits_or_underscores(name: object) -> None:
    provider, _ = make_provider()
    assert post(provider, "/v3/tags", {"name": name}).status == 400


def test_a_custom_field_is_created_and_listed() -> None:
    provider, _ = make_provider()
    body: dict[str, Any] = {**OFFICE_PHONE, "values": []}
    response = post(provider, "/v3/custom-fields", body)
    assert response.status == 201
    field = response.json()
    assert field == {
        "customFieldId": field["customFieldId"],
        "href": f"http://127.0.0.1:9/v3/custom-fields/{field['customFieldId']}",
        "name": "office_phone",
        "type": "phone",
        "valueType": "phone",
        "format": "text",
        "fieldType": "text",
        "hidden": "false",
        "values": [],
    }
    assert field in listing(provider, "/v3/custom-fields")
    assert post(provider, "/v3/custom-fields", body).status == 409


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"name": "Office Phone"}, "name:"),
        ({"type": "colour"}, "type:"),
        ({"format": "slider"}, "format:"),
        ({"hidden": False}, "hidden:"),
        ({"format": "radio", "values": ["only one"]}, "values: the radio format needs"),
        ({"values": "a"}, "values:"),
    ],
)
def test_an_invalid_custom_field_is_a_1000(change: dict[str, Any], problem: str) -> None:
    provider, _ = make_provider()
    body: dict[str, Any] = {**OFFICE_PHONE, "values": []}
    response = post(provider, "/v3/custom-fields", {**body, **change})
    assert response.status == 400
    assert any(reason.startswith(problem) for reason in response.json()["context"])


def test_lists_can_be_searched_and_unknown_search_fields_are_refused() -> None:
    provider, _ = make_provider()
    contacts = listing(provider, f"/v3/contacts?query[campaignId]={CAMPAIGN}&perPage=1000")
    assert contacts and all(c["campaign"]["campaignId"] == CAMPAIGN for c in contacts)
    assert listing(provider, "/v3/tags?query[name]=TRIAL") == [data.tags("http://127.0.0.1:9")[1]]
    refused = get_api(provider, "/v3/tags?query[color]=red", provider.issue_token(DEMO_ID))
    assert refused.status == 400
    assert refused.json()["context"] == {
        "validationType": "searchFilter[query]",
        "fieldName": "color",
        "originalName": "color",
        "errorDescription": "Not allowed search field",
    }


@pytest.mark.parametrize("target", ["/v3/contacts", "/v3/tags", "/v3/custom-fields"])
def test_lists_that_take_post_say_so_in_allow(target: str) -> None:
    provider, _ = make_provider()
    response = get_api(provider, target, provider.issue_token(DEMO_ID), method="DELETE")
    assert response.status == 405
    assert response.header("Allow") == "GET, HEAD, POST"


def test_creating_needs_a_live_token() -> None:
    provider, _ = make_provider()
    request = SandboxRequest("POST", "/v3/tags", (("Host", "x"),), json_body({"name": "ab"}))
    assert provider.handle(request).status == 401


def test_what_clients_create_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resources, "MAX_CREATED", 2)
    provider, _ = make_provider()
    for index in range(2):
        assert post(provider, "/v3/tags", {"name": f"tag_{index}"}).status == 201
        body = {"email": f"c{index}@example.com", "campaign": {"campaignId": CAMPAIGN}}
        assert post(provider, "/v3/contacts", body).status == 202
    assert post(provider, "/v3/tags", {"name": "tag_x"}).json()["code"] == 1000
    full = post(
        provider, "/v3/contacts", {"email": "x@example.com", "campaign": {"campaignId": CAMPAIGN}}
    )
    assert (full.status, full.json()["code"]) == (400, 1027)
    assert json.loads(full.body)["codeDescription"] == "Contact limit reached"

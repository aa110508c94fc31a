"""Deterministic, realistic fake data for the sandbox API endpoints, in GetResponse v3 shapes."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

JsonObject = dict[str, Any]

CONTACT_COUNT = 137
"""How many contacts ``GET /v3/contacts`` pages through: enough for two pages of 100."""

_ID_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_EPOCH = datetime(2024, 3, 4, 9, 30, tzinfo=UTC)
_FIRST_NAMES = (
    "Ada",
    "Bruno",
    "Chiara",
    "Dmitri",
    "Ewa",
    "Farid",
    "Greta",
    "Hiro",
    "Ines",
    "Jonas",
)
_LAST_NAMES = ("Nowak", "Silva", "Okafor", "Lindqvist", "Moreau", "Kowalski", "Tanaka", "Reyes")
_CAMPAIGN_NAMES = ("newsletter", "product_updates", "webinar_attendees", "trial_users")
_TIME_ZONES = ("Europe/Warsaw", "Europe/Lisbon", "America/New_York", "Asia/Tokyo")


def resource_id(kind: str, index: int) -> str:
    """A short GetResponse-like resource id (letters and digits), the same on every run."""
    digest = hashlib.sha256(f"{kind}:{index}".encode()).digest()
    return "".join(_ID_ALPHABET[byte % len(_ID_ALPHABET)] for byte in digest[:5])


def _timestamp(hours_after_epoch: int) -> str:
    """A GetResponse-style timestamp such as ``2024-03-04T09:30:00+0000``."""
    return (_EPOCH + timedelta(hours=hours_after_epoch)).strftime("%Y-%m-%dT%H:%M:%S%z")


def account(base_url: str) -> JsonObject:
    """The body of ``GET /v3/accounts``."""
    return {
        "accountId": resource_id("account", 1),
        "firstName": "Demo",
        "lastName": "Account",
        "email": "demo.account@example.com",
        "phone": "+48 58 000 00 00",
        "companyName": "Example Sandbox Ltd.",
        "state": "Pomorskie",
        "city": "Gdansk",
        "street": "Example Street 1",
        "zipCode": "80-000",
        "countryCode": {"countryCodeId": "176", "countryCode": "PL"},
        "industryTag": {"industryTagId": "6"},
        "numberOfEmployees": "50",
        "timeFormat": "24h",
        "timeZone": {"name": "Europe/Warsaw", "offset": "+01:00"},
        "href": f"{base_url}/v3/accounts",
    }


def from_fields(base_url: str) -> list[JsonObject]:
    """The body of ``GET /v3/from-fields``."""
    fields = []
    for index, (name, email, is_default) in enumerate(
        (
            ("Demo Sender", "sender@example.com", "true"),
            ("Example Support", "support@example.com", "false"),
        ),
        start=1,
    ):
        field_id = resource_id("from-field", index)
        fields.append(
            {
                "fromFieldId": field_id,
                "email": email,
                "name": name,
                "isActive": "true",
                "isDefault": is_default,
                "createdOn": _timestamp(index),
                "href": f"{base_url}/v3/from-fields/{field_id}",
            }
        )
    return fields


def campaigns(base_url: str) -> list[JsonObject]:
    """Every campaign (mailing list), as listed by ``GET /v3/campaigns``."""
    result = []
    for index, name in enumerate(_CAMPAIGN_NAMES, start=1):
        campaign_id = resource_id("campaign", index)
        result.append(
            {
                "campaignId": campaign_id,
                "href": f"{base_url}/v3/campaigns/{campaign_id}",
                "name": name,
                "techName": resource_id("campaign-tech", index),
                "description": name.replace("_", " ").capitalize(),
                "languageCode": "EN",
                "isDefault": "true" if index == 1 else "false",
                "createdOn": _timestamp(24 * index),
            }
        )
    return result


def contacts(base_url: str) -> list[JsonObject]:
    """Every contact, in the order ``GET /v3/contacts`` pages through them."""
    lists = campaigns(base_url)
    result = []
    for index in range(1, CONTACT_COUNT + 1):
        first = _FIRST_NAMES[index % len(_FIRST_NAMES)]
        last = _LAST_NAMES[(index * 3) % len(_LAST_NAMES)]
        campaign = lists[index % len(lists)]
        contact_id = resource_id("contact", index)
        result.append(
            {
                "contactId": contact_id,
                "href": f"{base_url}/v3/contacts/{contact_id}",
                "name": f"{first} {last}",
                "email": f"{first.lower()}.{last.lower()}{index:03d}@example.com",
                "note": None,
                "origin": "api" if index % 3 else "import",
                "dayOfCycle": None,
                "timeZone": _TIME_ZONES[index % len(_TIME_ZONES)],
                "activities": f"{base_url}/v3/contacts/{contact_id}/activities",
                "changedOn": _timestamp(48 * 7 + index),
                "createdOn": _timestamp(48 + index),
                "campaign": {
                    "campaignId": campaign["campaignId"],
                    "href": campaign["href"],
                    "name": campaign["name"],
                },
                "engagementScore": 1 + index % 5,
                "scoring": None,
            }
        )
    return result


_CUSTOM_FIELDS = (
    ("age_range", "string", "single_select", ("18-29", "30-44", "45-64", "65+")),
    ("company", "string", "text", ()),
    ("birthday", "date", "text", ()),
)
_TAGS = ("customer", "trial", "webinar_2024")


def custom_fields(base_url: str) -> list[JsonObject]:
    """The custom fields ``GET /v3/custom-fields`` lists before any is created."""
    return [
        custom_field(
            base_url,
            resource_id("custom-field", index),
            name=name,
            kind=kind,
            form=form,
            values=list(values),
        )
        for index, (name, kind, form, values) in enumerate(_CUSTOM_FIELDS, start=1)
    ]


def custom_field(
    base_url: str,
    field_id: str,
    *,
    name: str,
    kind: str,
    form: str,
    values: list[str],
    hidden: str = "false",
) -> JsonObject:
    """One custom field in GetResponse's shape (``valueType`` and ``fieldType`` derived)."""
    return {
        "customFieldId": field_id,
        "href": f"{base_url}/v3/custom-fields/{field_id}",
        "name": name,
        "type": kind,
        "valueType": kind,
        "format": form,
        "fieldType": form,
        "hidden": hidden,
        "values": values,
    }


def tags(base_url: str) -> list[JsonObject]:
    """The tags ``GET /v3/tags`` lists before any is created."""
    return [
        tag(base_url, resource_id("tag", index), name, _timestamp(24 * index))
        for index, name in enumerate(_TAGS, start=1)
    ]


def tag(base_url: str, tag_id: str, name: str, created_at: str) -> JsonObject:
    """One tag in GetResponse's shape."""
    return {
        "tagId": tag_id,
        "href": f"{base_url}/v3/tags/{tag_id}",
        "name": name,
        "color": "",
        "createdAt": created_at,
    }

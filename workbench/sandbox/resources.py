"""The API's lists and what POST adds to them: contacts, custom fields and tags created by
clients, kept in memory for the sandbox's life, validated as GetResponse documents them."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

from workbench.sandbox import data
from workbench.sandbox.envelopes import MESSAGE_VALIDATION, envelope, json_bytes
from workbench.sandbox.messages import JSON_HEADERS, SandboxRequest, SandboxResponse

MAX_CREATED = 10_000
"""Items of each kind clients may create; then GetResponse's limit answers (1027, 1000)."""
CREATABLE = ("contacts", "custom-fields", "tags")
ID_KEYS: Mapping[str, str] = {
    "from-fields": "fromFieldId",
    "campaigns": "campaignId",
    "contacts": "contactId",
    "custom-fields": "customFieldId",
    "tags": "tagId",
}
MESSAGE_TAKEN = "Property value is already taken"

_SEARCHABLE: Mapping[str, Mapping[str, Callable[[data.JsonObject], str]]] = {
    "contacts": {
        "email": lambda item: str(item["email"]),
        "name": lambda item: str(item["name"]),
        "campaignId": lambda item: str(item["campaign"]["campaignId"]),
    },
    "campaigns": {"name": lambda item: str(item["name"])},
    "from-fields": {
        "email": lambda item: str(item["email"]),
        "name": lambda item: str(item["name"]),
    },
    "custom-fields": {"name": lambda item: str(item["name"])},
    "tags": {"name": lambda item: str(item["name"])},
}
_EXACT = frozenset({"campaignId"})
_CONTACT_KEYS = (
    *("contactId", "href", "name", "email", "note", "origin", "dayOfCycle", "timeZone"),
    *("activities", "changedOn", "createdOn", "campaign", "engagementScore", "scoring"),
)
"""The keys of a contact in the order ``GET /v3/contacts`` gives them."""
_QUERY_FIELD = re.compile(r"query\[([^\]]*)\]")
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}")
_TAG_NAME = re.compile(r"[_a-zA-Z0-9]{2,64}")
_FIELD_NAME = re.compile(r"[a-z0-9_]{1,32}")
_DAY_OF_CYCLE = re.compile(r"[0-9]{1,4}")
_FIELD_TYPES = frozenset(
    {"string", "number", "date", "datetime", "country", "currency", "phone", "gender", "ip", "url"}
)
_FIELD_FORMATS = frozenset(
    {"text", "textarea", "radio", "checkbox", "single_select", "multi_select"}
)
_NEEDS_VALUES = frozenset({"radio", "single_select", "multi_select"})


class ApiResources:
    """The lists the API serves: the fixed sample data plus what clients created."""

    def __init__(self, wall_clock: Callable[[], float] = time.time) -> None:
        self._wall_clock = wall_clock
        self._created: dict[str, list[data.JsonObject]] = {kind: [] for kind in CREATABLE}
        """Created items without their ``href``, which depends on the Host asked."""

    def items(self, kind: str, base_url: str) -> list[data.JsonObject] | None:
        """Every item of ``kind`` (``contacts``...), or None when the API has no such list."""
        seeded: dict[str, Callable[[str], list[data.JsonObject]]] = {
            "from-fields": data.from_fields,
            "campaigns": data.campaigns,
            "contacts": data.contacts,
            "custom-fields": data.custom_fields,
            "tags": data.tags,
        }
        if kind not in seeded:
            return None
        created = [_with_links(item, kind, base_url) for item in self._created.get(kind, [])]
        return seeded[kind](base_url) + created

    def search(
        self, kind: str, items: list[data.JsonObject], query: str
    ) -> list[data.JsonObject] | str:
        """``items`` matching the ``query[field]=value`` parameters, or why a field is refused."""
        fields = _SEARCHABLE.get(kind, {})
        for name, value in parse_qsl(query, keep_blank_values=True):
            found = _QUERY_FIELD.fullmatch(name)
            if found is None:
                continue
            field = found.group(1)
            if field not in fields:
                return field
            read = fields[field]
            wanted = value.casefold()
            if field in _EXACT:
                items = [item for item in items if read(item) == value]
            else:
                items = [item for item in items if wanted in read(item).casefold()]
        return items

    def create(
        self, kind: str, request: SandboxRequest, base_url: str, new_uuid: Callable[[], str]
    ) -> SandboxResponse:
        """Answer ``POST /v3/<kind>``: 202 for a contact (as GetResponse, which adds it a
        little later), 201 with the new item otherwise; 400 or 409 as documented."""
        body = _json_object(request.body)
        if isinstance(body, str):
            return _invalid([body], new_uuid)
        if len(self._created[kind]) >= MAX_CREATED:
            if kind == "contacts":
                return _error(
                    400, 1027, "The sandbox holds as many contacts as it can", {}, new_uuid
                )
            return _invalid([f"the sandbox holds as many {kind} as it can"], new_uuid)
        creators = {
            "contacts": self._contact,
            "custom-fields": self._custom_field,
            "tags": self._tag,
        }
        return creators[kind](body, base_url, new_uuid)

    def _contact(
        self, body: dict[str, Any], base_url: str, new_uuid: Callable[[], str]
    ) -> SandboxResponse:
        problems = []
        email = body.get("email")
        if not isinstance(email, str) or not _EMAIL.fullmatch(email):
            problems.append("email: a valid email address is required")
        campaign = body.get("campaign")
        campaign_id = campaign.get("campaignId") if isinstance(campaign, dict) else None
        lists = {item["campaignId"]: item for item in data.campaigns(base_url)}
        if not isinstance(campaign_id, str) or campaign_id not in lists:
            problems.append("campaign.campaignId: the id of one of your lists is required")
        name = body.get("name", "")
        if not isinstance(name, str) or len(name) > 128:
            problems.append("name: at most 128 characters")
        day = body.get("dayOfCycle")
        if day is not None and (not isinstance(day, str) or not _DAY_OF_CYCLE.fullmatch(day)):
            problems.append('dayOfCycle: a day number as a string, such as "0"')
        problems += self._references(body, base_url)
        if problems:
            return _invalid(problems, new_uuid)
        assert isinstance(email, str) and isinstance(campaign_id, str)
        for existing in self.items("contacts", base_url) or []:
            same_list = existing["campaign"]["campaignId"] == campaign_id
            if same_list and existing["email"].casefold() == email.casefold():
                return _error(409, 1008, MESSAGE_TAKEN, {"value": email}, new_uuid)
        index = data.CONTACT_COUNT + len(self._created["contacts"]) + 1
        chosen = lists[campaign_id]
        self._created["contacts"].append(
            {
                "contactId": data.resource_id("contact", index),
                "name": name,
                "email": email,
                "note": None,
                "origin": "api",
                "dayOfCycle": day,
                "timeZone": "Europe/Warsaw",
                "changedOn": self._now(),
                "createdOn": self._now(),
                "campaign": {"campaignId": campaign_id, "name": chosen["name"]},
                "engagementScore": None,
                "scoring": None,
            }
        )
        return SandboxResponse(202, (), b"")

    def _references(self, body: dict[str, Any], base_url: str) -> list[str]:
        """Problems with a new contact's ``tags`` and ``customFieldValues``."""
        problems = []
        tag_ids = {item["tagId"] for item in self.items("tags", base_url) or []}
        tags = body.get("tags", [])
        if not isinstance(tags, list) or not all(
            isinstance(tag, dict) and tag.get("tagId") in tag_ids for tag in tags
        ):
            problems.append('tags: a list of {"tagId": ...} naming existing tags')
        field_ids = {item["customFieldId"] for item in self.items("custom-fields", base_url) or []}
        values = body.get("customFieldValues", [])
        if not isinstance(values, list) or not all(
            isinstance(value, dict)
            and value.get("customFieldId") in field_ids
            and isinstance(value.get("value"), list)
            and all(isinstance(text, str) for text in value["value"])
            for value in values
        ):
            problems.append(
                'customFieldValues: a list of {"customFieldId": ..., "value": [...]} '
                "naming existing custom fields"
            )
        return problems

    def _custom_field(
        self, body: dict[str, Any], base_url: str, new_uuid: Callable[[], str]
    ) -> SandboxResponse:
        problems = []
        name, kind, form = body.get("name"), body.get("type"), body.get("format")
        hidden, values = body.get("hidden", "false"), body.get("values", [])
        if not isinstance(name, str) or not _FIELD_NAME.fullmatch(name):
            problems.append("name: 1 to 32 lower-case letters, digits or _")
        if kind not in _FIELD_TYPES:
            problems.append(f"type: one of {', '.join(sorted(_FIELD_TYPES))}")
        if form not in _FIELD_FORMATS:
            problems.append(f"format: one of {', '.join(sorted(_FIELD_FORMATS))}")
        if hidden not in ("true", "false"):
            problems.append('hidden: "true" or "false"')
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            problems.append("values: a list of texts")
        elif form in _NEEDS_VALUES and len(values) < 2:
            problems.append(f"values: the {form} format needs at least two values")
        if problems:
            return _invalid(problems, new_uuid)
        assert isinstance(name, str)
        if any(item["name"] == name for item in self.items("custom-fields", base_url) or []):
            return _error(409, 1008, MESSAGE_TAKEN, {"value": name}, new_uuid)
        index = len(data.custom_fields(base_url)) + len(self._created["custom-fields"]) + 1
        field_id = data.resource_id("custom-field", index)
        created = data.custom_field(
            "",
            field_id,
            name=name,
            kind=str(kind),
            form=str(form),
            values=list(values),
            hidden=str(hidden),
        )
        del created["href"]
        self._created["custom-fields"].append(created)
        return _created(_with_links(created, "custom-fields", base_url))

    def _tag(
        self, body: dict[str, Any], base_url: str, new_uuid: Callable[[], str]
    ) -> SandboxResponse:
        name = body.get("name")
        if not isinstance(name, str) or not _TAG_NAME.fullmatch(name):
            return _invalid(["name: 2 to 64 letters, digits or _"], new_uuid)
        if any(item["name"] == name for item in self.items("tags", base_url) or []):
            return _error(409, 1008, MESSAGE_TAKEN, {"value": name}, new_uuid)
        index = len(data.tags(base_url)) + len(self._created["tags"]) + 1
        created = data.tag("", data.resource_id("tag", index), name, self._now())
        del created["href"]
        self._created["tags"].append(created)
        return _created(_with_links(created, "tags", base_url))

    def _now(self) -> str:
        moment = datetime.fromtimestamp(self._wall_clock(), tz=UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%S%z")


def _with_links(item: data.JsonObject, kind: str, base_url: str) -> data.JsonObject:
    """A created item with the links GetResponse puts in it, for the Host that asked."""
    item_id = item[ID_KEYS[kind]]
    linked = {ID_KEYS[kind]: item_id, "href": f"{base_url}/v3/{kind}/{item_id}"}
    linked.update(item)
    if kind == "contacts":
        linked["activities"] = f"{base_url}/v3/contacts/{item_id}/activities"
        campaign_id = item["campaign"]["campaignId"]
        linked["campaign"] = {
            "campaignId": campaign_id,
            "href": f"{base_url}/v3/campaigns/{campaign_id}",
            "name": item["campaign"]["name"],
        }
        return {key: linked[key] for key in _CONTACT_KEYS}
    return linked


def _json_object(body: bytes) -> dict[str, Any] | str:
    """The body as a JSON object, or why it is not one."""
    try:
        parsed = json.loads(body)
    except (ValueError, RecursionError):
        return "the body must be a JSON object (Content-Type: application/json)"
    if not isinstance(parsed, dict):
        return "the body must be a JSON object, not a list or a single value"
    return parsed


def _created(item: data.JsonObject) -> SandboxResponse:
    return SandboxResponse(201, JSON_HEADERS, json_bytes(item))


def _invalid(problems: list[str], new_uuid: Callable[[], str]) -> SandboxResponse:
    return _error(400, 1000, MESSAGE_VALIDATION, problems, new_uuid)


def _error(
    status: int, code: int, message: str, context: object, new_uuid: Callable[[], str]
) -> SandboxResponse:
    body = envelope(status, code, message, context, uuid=new_uuid())
    return SandboxResponse(status, JSON_HEADERS, json_bytes(body))

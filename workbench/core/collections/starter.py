"""The starter collection the GetResponse presets bring: the common API v3 calls, with their
documented paths and example bodies, written against ``{{baseUrl}}`` so that one collection
serves GetResponse, MAX US, MAX PL and the local sandbox."""

from __future__ import annotations

from workbench.core.collections.model import Collection, Field, Folder, SavedRequest, Variable
from workbench.core.collections.store import CollectionStore
from workbench.core.profiles import Profile

GETRESPONSE_PRESETS = frozenset({"getresponse", "getresponse-max-us", "getresponse-max-pl"})
SANDBOX_PRESET = "sandbox"
SANDBOX_CAMPAIGN_ID = "tUaBn"
"""The first list of the local sandbox ("newsletter"), for its starter's ``campaignId``."""

_JSON = (Field("Content-Type", "application/json"),)
_PAGING = (Field("page", "1"), Field("perPage", "100"))


def has_starter(profile: Profile) -> bool:
    """True for the presets that bring the starter collection."""
    return profile.preset in GETRESPONSE_PRESETS or profile.preset == SANDBOX_PRESET


def profile_variables(profile: Profile) -> tuple[Variable, ...]:
    """Variables a profile defines by itself: ``baseUrl``, the API beside a GetResponse-style
    token endpoint (``https://api.getresponse.com/v3`` for ``.../v3/token``)."""
    base, slash, last = profile.token_url.rstrip("/").rpartition("/")
    if has_starter(profile) and slash and last == "token" and "://" in base:
        return (Variable("baseUrl", base),)
    return ()


def starter_collection(profile: Profile) -> Collection:
    """The starter collection for ``profile`` (the sandbox's gets a list id that exists)."""
    variables = [Variable("email", "ada.lovelace@example.com")]
    if profile.preset == SANDBOX_PRESET:
        variables.append(Variable("campaignId", SANDBOX_CAMPAIGN_ID))
    return Collection(
        name=f"{profile.name} requests",
        note=(
            "Common GetResponse API v3 calls. {{baseUrl}} comes from the profile's token URL "
            "(override it in an environment); the profile's token is sent with each call."
        ),
        items=_ITEMS,
        variables=tuple(variables),
    )


def seed_starter(store: CollectionStore, profile: Profile) -> bool:
    """Write the starter collection into ``store`` if the profile's preset brings one and the
    folder holds no collection yet; True when it did."""
    if not has_starter(profile) or store.exists:
        return False
    starter = starter_collection(profile)
    store.load()
    store.set_name(starter.name)
    store.set_folder_note((), starter.note)
    store.set_variables(starter.variables, workbench_made=True)
    store.add_items((), starter.items, workbench_made=True)
    return True


_ITEMS = (
    Folder(
        "Accounts",
        (
            SavedRequest(
                "Get account",
                url="{{baseUrl}}/accounts",
                note="The account the token belongs to: the first call to try.",
            ),
        ),
    ),
    Folder(
        "Campaigns",
        (
            SavedRequest(
                "List campaigns",
                url="{{baseUrl}}/campaigns",
                params=_PAGING,
                note=(
                    "Your lists (GetResponse calls them campaigns). Put the campaignId of the "
                    "one to add contacts to in the campaignId variable."
                ),
            ),
        ),
    ),
    Folder(
        "Contacts",
        (
            SavedRequest(
                "List contacts",
                url="{{baseUrl}}/contacts",
                params=(*_PAGING, Field("sort[createdOn]", "DESC", enabled=False)),
                note="Contacts of every list, a page at a time (TotalCount says how many).",
            ),
            SavedRequest(
                "Find contact by email",
                url="{{baseUrl}}/contacts",
                params=(Field("query[email]", "{{email}}"),),
                note="Contacts whose email address matches the email variable.",
            ),
            SavedRequest(
                "Create contact",
                method="POST",
                url="{{baseUrl}}/contacts",
                headers=_JSON,
                body=(
                    "{\n"
                    '  "name": "Ada Lovelace",\n'
                    '  "email": "{{email}}",\n'
                    '  "campaign": {"campaignId": "{{campaignId}}"},\n'
                    '  "dayOfCycle": "0"\n'
                    "}"
                ),
                note=(
                    "Adds a contact to the list campaignId names. GetResponse answers 202 "
                    "Accepted with no body and adds the contact shortly after; an address "
                    "already on the list gives 409."
                ),
            ),
        ),
    ),
    Folder(
        "Custom fields",
        (
            SavedRequest(
                "List custom fields",
                url="{{baseUrl}}/custom-fields",
                params=_PAGING,
                note="The custom fields contacts can have, with their ids.",
            ),
            SavedRequest(
                "Create custom field",
                method="POST",
                url="{{baseUrl}}/custom-fields",
                headers=_JSON,
                body=(
                    "{\n"
                    '  "name": "office_phone",\n'
                    '  "type": "phone",\n'
                    '  "format": "text",\n'
                    '  "hidden": "false",\n'
                    '  "values": []\n'
                    "}"
                ),
                note=(
                    "A new custom field. radio, single_select and multi_select formats need at "
                    "least two values; answers 201 with the field and its customFieldId."
                ),
            ),
        ),
    ),
    Folder(
        "Tags",
        (
            SavedRequest(
                "List tags",
                url="{{baseUrl}}/tags",
                params=_PAGING,
                note="Your tags, with their ids.",
            ),
            SavedRequest(
                "Create tag",
                method="POST",
                url="{{baseUrl}}/tags",
                headers=_JSON,
                body='{\n  "name": "workbench_demo"\n}',
                note="A new tag: 2 to 64 letters, digits or _. Answers 201 with its tagId.",
            ),
        ),
    ),
)

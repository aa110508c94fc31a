"""``.http`` files and their environment files: a sample written from the format's public
description, imported and exported, secrets taken out, mistakes named by line."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.core.collections.samples import SAMPLES
from workbench.core.collections.http_file import (
    export_http_file,
    import_http_environments,
    import_http_file,
)
from workbench.core.collections.imports import ImportFormatError
from workbench.core.collections.model import (
    Collection,
    Environment,
    Field,
    Folder,
    SavedRequest,
    Variable,
    walk,
)
from workbench.core.collections.variables import Scope, resolve_request
from workbench.core.secret import Secret


@pytest.fixture(scope="module")
def imported():  # type: ignore[no-untyped-def]
    return import_http_file((SAMPLES / "getresponse.http").read_text(encoding="utf-8"))


def by_name(collection: Collection) -> dict[str, SavedRequest]:
    return {item.name: item for _, item in walk(collection.items) if isinstance(item, SavedRequest)}


def test_names_come_from_separators_and_name_tags(imported) -> None:  # type: ignore[no-untyped-def]
    assert list(by_name(imported.collection)) == [
        "Get account",
        "List contacts",
        "Create contact",
        "Tags with the API key",
        "Legacy call with a key in clear",
        "Short form",
        "Upload",
    ]


def test_a_request_keeps_its_comments_headers_and_body(imported) -> None:  # type: ignore[no-untyped-def]
    requests = by_name(imported.collection)
    assert requests["Get account"] == SavedRequest(
        "Get account", url="{{baseUrl}}/accounts", note="The account the token belongs to."
    )
    create = requests["Create contact"]
    assert create.method == "POST" and create.send_token
    assert create.url == "{{baseUrl}}/contacts"  # HTTP/1.1 dropped
    assert create.headers == (Field("Content-Type", "application/json"),)
    assert create.body == (
        '{\n  "email": "ada@example.com",\n  "campaign": {"campaignId": "{{campaignId}}"}\n}'
    )


def test_query_lines_join_the_url_and_a_bare_url_is_a_get(imported) -> None:  # type: ignore[no-untyped-def]
    requests = by_name(imported.collection)
    assert requests["List contacts"].url == (
        "{{baseUrl}}/contacts?perPage=10&query[email]=ada@example.com"
    )
    assert not requests["List contacts"].send_token  # no Authorization header: none is sent
    short = requests["Short form"]
    assert (short.method, short.url) == ("GET", "https://status.example.com/api/v2/status.json")


def test_file_variables_and_secrets(imported) -> None:  # type: ignore[no-untyped-def]
    assert imported.collection.variables == (
        Variable("baseUrl", "https://api.getresponse.com/v3"),
        Variable("apiKey", secret=True),
        Variable("campaignId", "FAKEc"),
        Variable("apiKey2", secret=True),
    )
    assert [(f.location, f.variable, f.value.reveal()) for f in imported.findings] == [
        ("variable apiKey", "apiKey", "FAKE0000apikey"),
        ("header X-Auth-Token", "apiKey2", "FAKE1111apikey"),
    ]
    legacy = by_name(imported.collection)["Legacy call with a key in clear"]
    assert legacy.headers == (Field("X-Auth-Token", "api-key {{apiKey2}}"),)


def test_files_are_never_read_and_handlers_never_run(imported) -> None:  # type: ignore[no-untyped-def]
    assert imported.warnings == (
        "Line 22: the @no-redirect setting has no meaning in the workbench and was left out.",
        "Line 32: the response handler of 'Create contact' was left out: the workbench runs no "
        "scripts.",
        "Line 49: 'Upload' reads its body from a file, which is never opened on import; its "
        "body is empty.",
    )
    assert by_name(imported.collection)["Upload"].body == ""


def test_export_then_import_sends_the_same_requests(imported) -> None:  # type: ignore[no-untyped-def]
    exported = export_http_file(imported.collection)
    assert exported.warnings == ()
    again = import_http_file(exported.text)
    scope = Scope(
        values={"baseUrl": "https://x/v3", "campaignId": "c"},
        secrets={f.variable: f.value for f in imported.findings},
        token=Secret("t" * 40),
    )
    before, after = by_name(imported.collection), by_name(again.collection)
    assert before.keys() == after.keys()
    for name, request in before.items():
        assert resolve_request(after[name], scope) == resolve_request(request, scope), name
        assert after[name].note == request.note
    plain = [v for v in imported.collection.variables if not v.secret]
    assert [v for v in again.collection.variables if not v.secret] == plain
    assert again.undefined == ("apiKey", "apiKey2")  # secret: named in a comment, never valued


def test_the_export_holds_no_secret_and_names_the_secret_variables() -> None:
    collection = Collection(
        name="Team",
        variables=(Variable("baseUrl", "https://x/v3"), Variable("apiKey", secret=True)),
        items=(
            Folder(
                "Contacts",
                (
                    SavedRequest(
                        "Find",
                        url="{{baseUrl}}/contacts",
                        params=(Field("query[email]", "{{email}}"), Field("off", "1", False)),
                        headers=(Field("X-Auth-Token", "api-key {{apiKey}}"),),
                        send_token=False,
                    ),
                ),
            ),
        ),
    )
    exported = export_http_file(collection)
    assert exported.text == (
        "# Team, exported from OAuth Workbench.\n"
        "# Secret variables, kept in the OS keychain (set them in "
        "http-client.private.env.json): apiKey\n"
        "@baseUrl = https://x/v3\n"
        "\n"
        "### Find\n"
        "# Folder: Contacts\n"
        "GET {{baseUrl}}/contacts?query%5Bemail%5D={{email}}\n"
        "X-Auth-Token: api-key {{apiKey}}\n"
    )
    assert exported.warnings == (
        "Contacts / Find: switched-off parameters and headers were left out.",
    )
    again = import_http_file(exported.text).collection
    assert isinstance(again.items[0], Folder) and again.items[0].name == "Contacts"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("### A\nFETCH https://x\n", "Line 2: 'FETCH https://x' is not a request line"),
        ("GET https://x\nNot a header\n", "Line 2: 'Not a header' is not a header"),
        ("@1bad = 1\nGET https://x\n", "Line 1: '1bad' cannot name a variable"),
        ("GET https://x/\ud800\n", "lone surrogate"),
    ],
)
def test_mistakes_are_named_by_line(text: str, message: str) -> None:
    with pytest.raises(ImportFormatError) as caught:
        import_http_file(text)
    assert message in str(caught.value)


def test_other_protocols_are_left_out_with_a_word() -> None:
    result = import_http_file("### Live\nWEBSOCKET wss://example.com/ws\n")
    assert result.collection.items == ()
    assert result.warnings == ("Line 2: WEBSOCKET requests were left out.",)


def test_environment_files_become_environments_with_secrets_taken_out() -> None:
    public = import_http_environments((SAMPLES / "http-client.env.json").read_text())
    assert public.environments == (
        Environment(
            "US",
            (
                Variable("baseUrl", "https://api3.getresponse360.com/v3"),
                Variable("domain", "example.com"),
            ),
        ),
        Environment(
            "MAX PL",
            (
                Variable("baseUrl", "https://api3.getresponse360.pl/v3"),
                Variable("domain", "example.pl"),
                Variable("apiKey", secret=True),
            ),
        ),
    )
    assert [f.value.reveal() for f in public.findings["MAX PL"]] == ["FAKE2222apikey"]
    private = import_http_environments(
        (SAMPLES / "http-client.private.env.json").read_text(), private=True
    )
    assert private.environments == (Environment("US", (Variable("apiKey", secret=True),)),)
    assert [f.value.reveal() for f in private.findings["US"]] == ["FAKE3333apikey"]


@pytest.mark.parametrize("text", ["[1]", '{"US": 5}', "{", "[" * 100000])
def test_a_bad_environment_file_is_an_import_error(text: str) -> None:
    with pytest.raises(ImportFormatError):
        import_http_environments(text)


@settings(max_examples=300)
@given(
    st.lists(
        st.sampled_from(
            [
                "###",
                "### x",
                "GET https://x",
                "# c",
                "// @name n",
                "@v = 1",
                "",
                "A: b",
                "  ?a=1",
                "{",
                "> {% %}",
                "< ./f",
                "x",
                "POST",
            ]
        ),
        max_size=20,
    )
)
def test_any_arrangement_of_lines_imports_or_names_a_line(lines: list[str]) -> None:
    with contextlib.suppress(ImportFormatError):
        import_http_file("\n".join(lines))

"""The request, folder and environment files: exact round trips, stable bytes, located errors."""

from __future__ import annotations

import contextlib
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.collections import file_format as fmt
from workbench.core.collections.files import FileFormatError
from workbench.core.collections.model import Environment, Field, SavedRequest, Variable

CREATE_CONTACT = SavedRequest(
    name="Create contact",
    method="POST",
    url="{{baseUrl}}/contacts",
    params=(Field("perPage", "100"), Field("query[email]", "{{email}}", enabled=False)),
    headers=(Field("Content-Type", "application/json"),),
    body='{\n  "email": "{{email}}",\n  "campaign": {"campaignId": "{{campaignId}}"}\n}\n',
    note="Adds a contact to a list.\nGetResponse answers 202 Accepted.",
)


def test_a_request_file_reads_as_it_was_saved() -> None:
    text = fmt.request_to_text(CREATE_CONTACT)
    assert fmt.request_from_text(text) == CREATE_CONTACT


def test_saving_twice_gives_the_same_bytes() -> None:
    first = fmt.request_to_text(CREATE_CONTACT)
    second = fmt.request_to_text(fmt.request_from_text(first))
    assert first.encode() == second.encode()


def test_fields_come_in_a_fixed_order_one_per_line() -> None:
    lines = fmt.request_to_text(CREATE_CONTACT).splitlines()
    keys = [line.split(" = ")[0] for line in lines if " = " in line and not line.startswith(" ")]
    assert keys == ["name", "method", "url", "send_token", "note", "params", "headers", "body"]
    assert '  { name = "perPage", value = "100" },' in lines
    assert '  { name = "query[email]", value = "{{email}}", enabled = false },' in lines


def test_a_body_reads_as_it_is_in_the_file() -> None:
    text = fmt.request_to_text(CREATE_CONTACT)
    assert 'body = \'\'\'\n{\n  "email": "{{email}}",\n' in text


def test_empty_parts_are_left_out() -> None:
    text = fmt.request_to_text(SavedRequest("Get account", url="{{baseUrl}}/accounts"))
    assert "params" not in text and "headers" not in text and "body" not in text
    assert "send_token = true" in text


@pytest.mark.parametrize(
    "body",
    [
        "no newline at the end",
        "ends with a quote'",
        "holds ''' three quotes\n",
        "windows\r\nline ends\r\n",
        "a tab\tand a DEL \x7f and a NUL \x00\n",
        'quotes " and backslashes \\ \\n\n',
        "unicode: zażółć gęślą jaźń ✓ 𝄞\n",
        "\n\nstarts with blank lines\n",
    ],
)
def test_any_body_round_trips_exactly(body: str) -> None:
    request = SavedRequest("Odd body", method="PUT", body=body, note=body)
    assert fmt.request_from_text(fmt.request_to_text(request)) == request


def test_a_lone_surrogate_is_refused_before_anything_is_written() -> None:
    with pytest.raises(ValueError, match="lone surrogate"):
        fmt.request_to_text(SavedRequest("Broken", body="a\ud800b"))


def test_a_toml_mistake_names_its_line() -> None:
    text = 'name = "Get"\nmethod = "GET"\nurl = "no closing quote\n'
    with pytest.raises(FileFormatError) as caught:
        fmt.request_from_text(text)
    assert caught.value.line == 3
    assert "not valid TOML" in caught.value.message


def test_a_wrong_type_names_the_key_and_its_line() -> None:
    text = 'name = "Get"\n\nsend_token = "yes"\n'
    with pytest.raises(FileFormatError) as caught:
        fmt.request_from_text(text)
    assert caught.value.line == 3
    assert "'send_token'" in caught.value.message


def test_a_request_without_a_name_is_refused() -> None:
    with pytest.raises(FileFormatError, match="no 'name'"):
        fmt.request_from_text('url = "https://example.com"\n')


def test_a_bad_method_is_refused_with_its_line() -> None:
    with pytest.raises(FileFormatError) as caught:
        fmt.request_from_text('name = "x"\nmethod = "GET ME"\n')
    assert caught.value.line == 2


def test_a_header_item_without_a_value_is_refused() -> None:
    text = 'name = "x"\nheaders = [\n  { name = "A" , value = 1 },\n]\n'
    with pytest.raises(FileFormatError, match="item 1 of 'headers'"):
        fmt.request_from_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "x = " + "[" * 5000 + "]" * 5000,
        "x = 1" + "0" * 5000,
        "x = " + "1" * 5000,
        'name = "\\ud800"',
        "\x00",
    ],
)
def test_hostile_files_give_a_format_error(text: str) -> None:
    with pytest.raises(FileFormatError):
        fmt.request_from_text(text)


_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
_NAME = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=20
).filter(lambda name: name == name.strip() and bool(name))
_FIELDS = st.lists(
    st.builds(
        Field,
        st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=10).filter(
            str.strip
        ),
        st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=10),
        st.booleans(),
    ),
    max_size=3,
).map(tuple)


@settings(max_examples=200)
@given(
    st.builds(
        SavedRequest,
        name=_NAME,
        method=st.sampled_from(["GET", "POST", "PATCH", "X-CUSTOM"]),
        url=_TEXT,
        params=_FIELDS,
        headers=_FIELDS,
        body=_TEXT,
        note=_TEXT,
        send_token=st.booleans(),
    )
)
def test_every_savable_request_round_trips_to_the_same_bytes(request: SavedRequest) -> None:
    text = fmt.request_to_text(request)
    tomllib.loads(text)  # valid TOML for any other tool
    assert fmt.request_from_text(text) == request
    assert fmt.request_to_text(fmt.request_from_text(text)) == text


@settings(max_examples=300)
@given(st.text(max_size=200))
def test_reading_any_text_raises_only_format_errors(text: str) -> None:
    with contextlib.suppress(FileFormatError):
        fmt.request_from_text(text)


def test_the_collection_file_is_versioned_and_keeps_variables() -> None:
    folder = fmt.FolderFile(
        name="GetResponse",
        order=("accounts/", "get-account.toml"),
        variables=(
            Variable("baseUrl", "https://api.getresponse.com/v3"),
            Variable("apiKey", secret=True),
        ),
    )
    text = fmt.folder_to_text(folder, top=True)
    assert 'format = "oauth-workbench-collection"' in text and "version = 1" in text
    assert fmt.folder_from_text(text, top=True) == folder


def test_a_newer_collection_format_is_refused() -> None:
    text = 'format = "oauth-workbench-collection"\nversion = 99\n'
    with pytest.raises(FileFormatError, match="newer OAuth Workbench") as caught:
        fmt.folder_from_text(text, top=True)
    assert caught.value.line == 2


def test_a_secret_with_a_value_in_the_file_is_refused_on_reading() -> None:
    text = 'name = "US"\nsecrets = ["apiKey"]\n\n[variables]\napiKey = "leaked"\n'
    with pytest.raises(FileFormatError, match="belongs in the keychain") as caught:
        fmt.environment_from_text(text)
    assert caught.value.line == 5


def test_an_environment_file_holds_names_of_secrets_never_their_values() -> None:
    environment = Environment(
        "MAX PL",
        (Variable("baseUrl", "https://api3.getresponse360.pl/v3"), Variable("apiKey", secret=True)),
    )
    text = fmt.environment_to_text(environment)
    assert 'secrets = [\n  "apiKey",\n]' in text
    assert fmt.environment_from_text(text) == environment
    with pytest.raises(ValueError, match="cannot have its value in a file"):
        fmt.environment_to_text(Environment("US", (Variable("apiKey", "x", secret=True),)))


def test_a_bad_variable_name_is_refused() -> None:
    with pytest.raises(FileFormatError, match="cannot name a variable"):
        fmt.environment_from_text('name = "US"\n\n[variables]\n"base url" = "x"\n')

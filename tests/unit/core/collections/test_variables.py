"""Variables: the template syntax, resolution into the request as sent, and refusals."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.core.collections.model import Field, SavedRequest, Variable
from workbench.core.collections.variables import (
    DynamicValues,
    Reference,
    Scope,
    TemplateError,
    escape,
    layered_scope,
    references,
    resolve_request,
    scan,
)
from workbench.core.secret import Secret

FIXED = DynamicValues(wall_clock=lambda: 1_700_000_000.25, randomness=random.Random(7))


def scope(**values: str) -> Scope:
    return Scope(values=values, dynamic=FIXED)


def resolved_text(text: str, the_scope: Scope) -> str:
    resolution = resolve_request(SavedRequest("t", url=text), the_scope)
    assert resolution.ok, resolution.problems
    assert resolution.request is not None
    return resolution.request.url


def test_variables_are_replaced_everywhere() -> None:
    request = SavedRequest(
        "Create contact",
        method="POST",
        url="{{baseUrl}}/contacts",
        params=(Field("fields", "{{ fields }}"), Field("skipped", "{{nothing}}", enabled=False)),
        headers=(Field("X-Domain", "{{domain}}"), Field("X-Off", "{{nothing}}", enabled=False)),
        body='{"email": "{{email}}"}',
    )
    resolution = resolve_request(
        request,
        scope(
            baseUrl="https://api.example.com/v3",
            fields="name,email",
            domain="example.com",
            email="ada@example.com",
        ),
    )
    assert resolution.ok and resolution.request is not None
    sent = resolution.request
    assert sent.url == "https://api.example.com/v3/contacts?fields=name,email"
    assert sent.headers == (("X-Domain", "example.com"),)
    assert sent.body == b'{"email": "ada@example.com"}'
    assert sent.method == "POST" and sent.send_token


def test_parameters_are_encoded_after_resolution() -> None:
    request = SavedRequest(
        "Find",
        url="https://example.com/v3/contacts?page=2",
        params=(Field("query[email]", "{{email}}"), Field("flag", "")),
    )
    resolution = resolve_request(request, scope(email="a+b c@example.com"))
    assert resolution.request is not None
    assert resolution.request.url == (
        "https://example.com/v3/contacts?page=2&query%5Bemail%5D=a%2Bb%20c@example.com&flag"
    )


def test_an_unknown_variable_is_refused_with_its_place() -> None:
    request = SavedRequest(
        "x",
        url="{{baseUrl}}/contacts",
        headers=(Field("X-Domain", "{{domain}}"),),
        body='{\n  "campaign": "{{campaignId}}"\n}',
    )
    resolution = resolve_request(request, scope(baseUrl="https://example.com"))
    assert not resolution.ok and resolution.request is None
    assert [str(problem) for problem in resolution.problems] == [
        "header 1 ('X-Domain'), column 1: {{domain}} is not defined",
        "body, line 2, column 16: {{campaignId}} is not defined",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\\{{baseUrl}}", "{{baseUrl}}"),
        ("\\\\{{baseUrl}}", "\\https://x"),
        ("\\\\\\{{baseUrl}}", "\\{{baseUrl}}"),
        ("a\\b{{baseUrl}}", "a\\bhttps://x"),
        ("{{ baseUrl }}", "https://x"),
        ("{single} }} {", "{single} }} {"),
    ],
)
def test_a_backslash_makes_braces_literal(text: str, expected: str) -> None:
    assert resolved_text(text, scope(baseUrl="https://x")) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{base url}}", "is not a variable"),
        ("{{}}", "is not a variable"),
        ("{{unclosed", "does not start a variable"),
        ("{{{{x}}", "does not start a variable"),
    ],
)
def test_braces_that_are_not_a_variable_are_refused(text: str, message: str) -> None:
    resolution = resolve_request(SavedRequest("t", url=text), scope(x="1"))
    assert not resolution.ok
    assert message in resolution.problems[0].message
    assert "write \\{{ for a literal {{" in resolution.problems[0].message


@given(st.text(max_size=60))
def test_escape_makes_any_text_mean_itself(text: str) -> None:
    assert resolved_text(escape(text), scope()) == text


@given(st.text(max_size=60))
def test_scanning_any_text_never_raises(text: str) -> None:
    pieces = list(scan(text))
    assert all(isinstance(piece, str | Reference | TemplateError) for piece in pieces)


def test_references_lists_names_once() -> None:
    assert references("{{a}}/{{b}}/{{a}}/\\{{c}}") == ["a", "b"]


def test_secret_values_are_reported_for_masking() -> None:
    request = SavedRequest(
        "x",
        url="https://example.com/?key={{apiKey}}",
        headers=(Field("X-Auth-Token", "api-key {{apiKey}}"),),
        body="{{token}}",
    )
    the_scope = Scope(
        values={}, secrets={"apiKey": Secret("k-123456")}, token=Secret("t" * 40), dynamic=FIXED
    )
    resolution = resolve_request(request, the_scope)
    assert resolution.ok
    assert resolution.secrets == {"k-123456", "t" * 40}


def test_a_secret_without_a_stored_value_is_refused() -> None:
    the_scope = layered_scope([[Variable("apiKey", secret=True)]], {}, dynamic=FIXED)
    resolution = resolve_request(SavedRequest("x", url="{{apiKey}}"), the_scope)
    assert resolution.problems[0].message == (
        "{{apiKey}} is a secret variable with no value stored yet"
    )


def test_the_token_variable_needs_a_token() -> None:
    resolution = resolve_request(SavedRequest("x", body="{{token}}"), scope())
    assert "there is none yet" in resolution.problems[0].message


def test_later_layers_win() -> None:
    the_scope = layered_scope(
        [
            [Variable("baseUrl", "https://profile"), Variable("apiKey", "plain-in-collection")],
            [Variable("baseUrl", "https://environment"), Variable("apiKey", secret=True)],
        ],
        {"apiKey": Secret("from-keychain")},
        dynamic=FIXED,
    )
    resolution = resolve_request(SavedRequest("x", url="{{baseUrl}}/{{apiKey}}"), the_scope)
    assert resolution.request is not None
    assert resolution.request.url == "https://environment/from-keychain"
    assert resolution.secrets == {"from-keychain"}


def test_variables_may_refer_to_variables_but_not_in_a_loop() -> None:
    nested = scope(host="api.example.com", baseUrl="https://{{host}}/v3")
    assert resolved_text("{{baseUrl}}/x", nested) == "https://api.example.com/v3/x"
    looping = scope(a="{{b}}", b="{{a}}")
    resolution = resolve_request(SavedRequest("x", url="{{a}}"), looping)
    assert "loop (a -> b -> a)" in resolution.problems[0].message


def test_a_variable_cannot_inject_a_header_line() -> None:
    request = SavedRequest("x", headers=(Field("X-Domain", "{{domain}}"),))
    resolution = resolve_request(request, scope(domain="example.com\r\nX-Evil: 1"))
    assert not resolution.ok
    assert resolution.problems[0].message == "a variable puts a line break into it"


def test_built_in_dynamic_values() -> None:
    text = resolved_text("{{$timestamp}} {{$isoTimestamp}} {{$randomInt}} {{$uuid}}", scope())
    timestamp, iso, number, uuid = text.split(" ")
    assert timestamp == "1700000000"
    assert iso == "2023-11-14T22:13:20.250Z"
    assert 0 <= int(number) <= 1000
    assert len(uuid) == 36 and uuid[14] == "4"
    resolution = resolve_request(SavedRequest("x", url="{{$nope}}"), scope())
    assert "not a built-in variable" in resolution.problems[0].message

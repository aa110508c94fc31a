"""A saved request as the composer shows it and back, and the marks of its variables."""

from __future__ import annotations

from workbench.core.collections.composing import (
    ComposedRequest,
    composed_from_saved,
    same_request,
    saved_from_composed,
    template_marks,
)
from workbench.core.collections.model import Field, SavedRequest

LIST = SavedRequest(
    "List contacts",
    url="{{baseUrl}}/contacts",
    params=(
        Field("query[email]", "{{email}}"),
        Field("perPage", "100"),
        Field("fields", "name", enabled=False),
    ),
    headers=(Field("Accept", "application/json"), Field("X-Debug", "1", enabled=False)),
    note="Every contact.",
)


def test_switched_on_parameters_go_into_the_url_variables_unencoded() -> None:
    composed = composed_from_saved(LIST)
    assert composed.url == "{{baseUrl}}/contacts?query%5Bemail%5D={{email}}&perPage=100"
    assert composed.headers == LIST.headers
    assert composed.note == "Every contact."


def test_opening_and_saving_unchanged_gives_the_same_request() -> None:
    assert saved_from_composed(LIST.name, composed_from_saved(LIST), LIST) == LIST
    assert same_request(composed_from_saved(LIST), LIST)


def test_an_edited_query_goes_back_into_parameters_the_switched_off_ones_kept() -> None:
    composed = composed_from_saved(LIST)
    edited = ComposedRequest(
        method="GET",
        url="{{baseUrl}}/contacts?perPage=5&sort=name+asc#top",
        headers=composed.headers,
    )
    saved = saved_from_composed("List contacts", edited, LIST)
    assert saved.url == "{{baseUrl}}/contacts#top"
    assert saved.params == (
        Field("perPage", "5"),
        Field("sort", "name asc"),
        Field("fields", "name", enabled=False),
    )
    assert not same_request(edited, LIST)


def test_a_query_written_in_the_url_stays_there() -> None:
    raw = SavedRequest("Raw", url="{{baseUrl}}/tags?query[name]=x")
    composed = ComposedRequest(url="{{baseUrl}}/tags?query[name]=y")
    assert saved_from_composed("Raw", composed, raw).url == "{{baseUrl}}/tags?query[name]=y"
    assert saved_from_composed("New", composed).params == ()


def test_marks_name_each_variable_and_what_is_wrong() -> None:
    text = "{{baseUrl}}/x/{{nobody}}?t={{token}}&u={{$uuid}}&bad={{ no way }}\\{{literal}}"
    marks = template_marks(text, {"baseUrl"})
    assert [(m.name, bool(m.problem)) for m in marks] == [
        ("baseUrl", False),
        ("nobody", True),
        ("token", False),
        ("$uuid", False),
        ("", True),
    ]
    assert text[marks[1].start : marks[1].end] == "{{nobody}}"
    assert marks[1].problem == "{{nobody}} is not defined"
    assert template_marks("no variables here", set()) == []

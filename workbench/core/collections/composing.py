"""A saved request as the composer shows it and back: the query in the URL, every header with its
switch, the body as text; and the ``{{variables}}`` of a text, marked for the screen."""

from __future__ import annotations

from collections.abc import Collection as Names
from dataclasses import dataclass, replace

from workbench.core.collections.model import Field, Fields, SavedRequest
from workbench.core.collections.variables import (
    BUILT_IN_NAMES,
    TOKEN,
    Reference,
    TemplateError,
    encode_query_pair,
    scan,
    with_query,
)


@dataclass(frozen=True)
class ComposedRequest:
    """What the composer holds: the URL with its query, headers with their switches, the body
    and the note as text, and whether the profile's token is added."""

    method: str = "GET"
    url: str = ""
    headers: Fields = ()
    body: str = ""
    note: str = ""
    send_token: bool = True


def composed_from_saved(saved: SavedRequest) -> ComposedRequest:
    """``saved`` for the composer: its switched-on parameters written into the URL's query."""
    pairs = [
        encode_query_pair(param.name, param.value, keep_references=True)
        for param in saved.params
        if param.enabled
    ]
    return ComposedRequest(
        method=saved.method,
        url=with_query(saved.url, pairs),
        headers=saved.headers,
        body=saved.body,
        note=saved.note,
        send_token=saved.send_token,
    )


def saved_from_composed(
    name: str, composed: ComposedRequest, base: SavedRequest | None = None
) -> SavedRequest:
    """The request to save from the composer, called ``name``.

    The query stays where ``base`` (the request as it was opened) kept it, so opening and
    saving changes no byte: in its parameters when it had some switched on, else in the URL.
    Parameters switched off in ``base`` (which the composer's URL cannot show) are kept.
    """
    kept_off = tuple(param for param in base.params if not param.enabled) if base else ()
    url, params = composed.url, kept_off
    if base is not None and composed_from_saved(base).url == composed.url:
        url, params = base.url, base.params
    elif base is not None and any(param.enabled for param in base.params):
        url, query = _split_query(composed.url)
        params = _query_fields(query) + kept_off
    return SavedRequest(
        name=name,
        method=composed.method,
        url=url,
        params=params,
        headers=composed.headers,
        body=composed.body,
        note=composed.note,
        send_token=composed.send_token,
    )


def same_request(composed: ComposedRequest, saved: SavedRequest) -> bool:
    """True when saving ``composed`` over ``saved`` would change nothing."""
    return saved_from_composed(saved.name, composed, saved) == saved


def renamed(request: SavedRequest, name: str) -> SavedRequest:
    """``request`` called ``name``."""
    return replace(request, name=name)


def _split_query(url: str) -> tuple[str, str]:
    """``url`` without its query, and the query (a ``#fragment`` stays with the URL)."""
    base, hash_mark, fragment = url.partition("#")
    path, _, query = base.partition("?")
    return f"{path}{hash_mark}{fragment}", query


def _query_fields(query: str) -> Fields:
    """``a=1&b={{x}}`` as parameters, percent-decoded, variables kept."""
    from urllib.parse import unquote_plus

    fields = []
    for pair in query.split("&"):
        if not pair:
            continue
        name, _, value = pair.partition("=")
        fields.append(Field(unquote_plus(name), unquote_plus(value)))
    return tuple(fields)


# ----------------------------------------------------------------------------- marks


@dataclass(frozen=True)
class Mark:
    """A ``{{variable}}`` (or a ``{{`` mistake) in a text: where, which, and what is wrong."""

    start: int
    end: int
    name: str
    """The variable's name; empty for a ``{{`` that starts none."""
    problem: str = ""
    """Empty when the variable is defined."""


def template_marks(text: str, defined: Names[str]) -> list[Mark]:
    """Every ``{{…}}`` of ``text`` with its place; those not in ``defined`` (nor built in)
    carry a problem. Texts without ``{{`` cost one search."""
    if "{{" not in text:
        return []
    marks = []
    for piece in scan(text):
        if isinstance(piece, Reference):
            known = piece.name in defined or piece.name == TOKEN or piece.name in BUILT_IN_NAMES
            problem = "" if known else f"{{{{{piece.name}}}}} is not defined"
            marks.append(Mark(piece.start, piece.end, piece.name, problem))
        elif isinstance(piece, TemplateError):
            marks.append(Mark(piece.start, piece.start + len(piece.text), "", piece.message))
    return marks

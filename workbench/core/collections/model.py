"""The data of a collection: saved requests, folders and variables, with no file or Qt in it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

MAX_NAME_CHARS = 200
"""Longer names are refused: they are labels in a tree, not documents."""

_METHOD = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}")
"""RFC 9110 ``token``: what an HTTP method may consist of."""
_VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,99}")
"""A variable's name as written between ``{{`` and ``}}`` (``$`` starts the built-in ones)."""


@dataclass(frozen=True)
class Field:
    """One query parameter or header: a name, a value, and whether it is sent."""

    name: str
    value: str = ""
    enabled: bool = True


Fields = tuple[Field, ...]


@dataclass(frozen=True)
class SavedRequest:
    """A named API request as the user saved it; ``{{variables}}`` are still unresolved."""

    name: str
    method: str = "GET"
    url: str = ""
    """May hold a query of its own; ``params`` are added after it."""
    params: Fields = ()
    headers: Fields = ()
    body: str = ""
    note: str = ""
    send_token: bool = True
    """Add the profile's current token as the composer does (``Authorization: Bearer``)."""


@dataclass(frozen=True)
class Folder:
    """A named group of requests and folders, in the user's order."""

    name: str
    items: tuple[Item, ...] = ()
    note: str = ""


Item = SavedRequest | Folder
ItemPath = tuple[str, ...]
"""Where an item is: the names of its folders from the top, then its own name."""


@dataclass(frozen=True)
class Variable:
    """A ``{{name}}`` and its value; a secret one keeps its value in the keychain, not here."""

    name: str
    value: str = ""
    secret: bool = False


@dataclass(frozen=True)
class Environment:
    """A named set of variable values (``US``, ``MAX PL``) that a request is sent with."""

    name: str
    variables: tuple[Variable, ...] = ()


@dataclass(frozen=True)
class Collection:
    """A profile's saved requests and folders, with the variables they share."""

    name: str = ""
    note: str = ""
    items: tuple[Item, ...] = ()
    variables: tuple[Variable, ...] = ()


def walk(items: tuple[Item, ...], parent: ItemPath = ()) -> Iterator[tuple[ItemPath, Item]]:
    """Every item below ``items`` with its path, depth first, in the user's order."""
    for item in items:
        path = (*parent, item.name)
        yield path, item
        if isinstance(item, Folder):
            yield from walk(item.items, path)


def find_item(items: tuple[Item, ...], path: ItemPath) -> Item | None:
    """The item at ``path``, or None."""
    found: Item | None = None
    level = items
    for name in path:
        found = next((item for item in level if item.name == name), None)
        if found is None:
            return None
        level = found.items if isinstance(found, Folder) else ()
    return found


def display_path(path: ItemPath) -> str:
    """A path as people write it: ``Contacts / Create contact``."""
    return " / ".join(path)


def find_requests(collection: Collection, wanted: str) -> list[tuple[ItemPath, SavedRequest]]:
    """Requests called ``wanted``, or whose path (``Folder/Name`` or ``Folder / Name``) it is."""
    compact = _compact_path(wanted)
    return [
        (path, item)
        for path, item in walk(collection.items)
        if isinstance(item, SavedRequest)
        and (item.name == wanted or _compact_path("/".join(path)) == compact)
    ]


def _compact_path(text: str) -> str:
    return "/".join(part.strip() for part in text.split("/"))


def name_problem(name: str, what: str = "name") -> str:
    """Why ``name`` cannot name a request, folder or environment; empty when it can."""
    if not name.strip():
        return f"The {what} is empty."
    if name != name.strip():
        return f"The {what} {name!r} starts or ends with a space."
    if len(name) > MAX_NAME_CHARS:
        return f"The {what} is longer than {MAX_NAME_CHARS} characters."
    if any(ord(char) < 32 or ord(char) == 127 for char in name):
        return f"The {what} {name!r} holds a line break or another control character."
    return text_problem(name, f"The {what}")


def text_problem(text: str, where: str) -> str:
    """Why ``text`` cannot be stored as UTF-8 (a lone surrogate); empty when it can."""
    for index, char in enumerate(text):
        if 0xD800 <= ord(char) <= 0xDFFF:
            return (
                f"{where} holds a character that is not text (a lone surrogate, "
                f"U+{ord(char):04X}, at position {index + 1})."
            )
    return ""


def method_problem(method: str) -> str:
    """Why ``method`` is not an HTTP method; empty when it is one."""
    if _METHOD.fullmatch(method):
        return ""
    return f"{method!r} is not an HTTP method (letters such as GET or POST)."


def variable_name_problem(name: str) -> str:
    """Why ``name`` cannot be a variable's name; empty when it can."""
    if _VARIABLE_NAME.fullmatch(name):
        return ""
    return (
        f"{name!r} cannot name a variable: use letters, digits, _ . and -, starting with a "
        "letter or _ (at most 100 characters)."
    )


def request_problems(request: SavedRequest) -> list[str]:
    """Everything that stops ``request`` from being saved, in plain words."""
    problems = [name_problem(request.name), method_problem(request.method)]
    problems.append(text_problem(request.url, "The URL"))
    for kind, fields in (("parameter", request.params), ("header", request.headers)):
        for index, field in enumerate(fields, start=1):
            if not field.name.strip():
                problems.append(f"{kind.capitalize()} {index} has no name.")
            problems.append(text_problem(field.name, f"The name of {kind} {index}"))
            problems.append(text_problem(field.value, f"The value of {kind} {index}"))
            if kind == "header" and any(c in field.name + field.value for c in "\r\n"):
                problems.append(f"Header {index} ({field.name!r}) holds a line break.")
    problems.append(text_problem(request.body, "The body"))
    problems.append(text_problem(request.note, "The note"))
    return [problem for problem in problems if problem]

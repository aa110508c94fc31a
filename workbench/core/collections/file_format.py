"""The text files of a collection: one TOML file per request, one per folder, one per
environment, written with a stable field order so that saving twice gives the same bytes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workbench.core.collections import toml_text as toml
from workbench.core.collections.files import FileFormatError
from workbench.core.collections.model import (
    Environment,
    SavedRequest,
    Variable,
    method_problem,
    name_problem,
    request_problems,
    text_problem,
    variable_name_problem,
)

FORMAT = "oauth-workbench-collection"
VERSION = 1
COLLECTION_FILE = "_collection.toml"
FOLDER_FILE = "_folder.toml"
ENVIRONMENTS_DIR = "_environments"
REQUEST_SUFFIX = ".toml"

_REQUEST_HEADER = (
    "# A saved request of OAuth Workbench. {{name}} is a variable, resolved when it is sent;\n"
    "# credentials are always variables, kept in the OS keychain and never in this file.\n"
)
_FOLDER_HEADER = "# A folder of saved requests of OAuth Workbench; `order` lists its items.\n"
_COLLECTION_HEADER = (
    "# The saved requests of an OAuth Workbench profile: one .toml file per request, one\n"
    "# folder per folder. `order` lists the items at the top; variables listed in `secrets`\n"
    "# keep their values in the OS keychain, never in these files.\n"
)
_ENVIRONMENT_HEADER = (
    "# An environment of OAuth Workbench: the values of its variables. Those listed in\n"
    "# `secrets` keep their values in the OS keychain, never in this file.\n"
)


@dataclass(frozen=True)
class FolderFile:
    """What ``_folder.toml`` (or ``_collection.toml`` at the top) says."""

    name: str
    note: str = ""
    order: tuple[str, ...] = ()
    variables: tuple[Variable, ...] = ()


# ------------------------------------------------------------------------------------ requests


def request_to_text(request: SavedRequest) -> str:
    """The file for ``request``; ``ValueError`` with the reason when it cannot be saved."""
    problems = request_problems(request)
    if problems:
        raise ValueError(" ".join(problems))
    lines = [
        _REQUEST_HEADER,
        f"name = {toml.string(request.name)}",
        f"method = {toml.string(request.method)}",
        f"url = {toml.string(request.url)}",
        f"send_token = {'true' if request.send_token else 'false'}",
    ]
    if request.note:
        lines.append(f"note = {toml.block(request.note)}")
    if request.params:
        lines.append(f"params = {toml.fields(request.params)}")
    if request.headers:
        lines.append(f"headers = {toml.fields(request.headers)}")
    if request.body:
        lines.append(f"body = {toml.block(request.body)}")
    return "\n".join(lines) + "\n"


def request_from_text(text: str) -> SavedRequest:
    """A request from its file; ``FileFormatError`` naming the line when it cannot be read."""
    document = toml.parse(text)
    reader = toml.Reader(document, text)
    request = SavedRequest(
        name=reader.text("name", required=True),
        method=reader.text("method", "GET"),
        url=reader.text("url"),
        params=reader.fields("params"),
        headers=reader.fields("headers"),
        body=reader.text("body"),
        note=reader.text("note"),
        send_token=reader.flag("send_token", default=True),
    )
    for key, problem in (
        ("name", name_problem(request.name)),
        ("method", method_problem(request.method)),
    ):
        if problem:
            raise FileFormatError(problem, toml.line_of(text, key))
    return request


# ------------------------------------------------------------------------------------ folders


def folder_to_text(folder: FolderFile, *, top: bool) -> str:
    """``_folder.toml``, or ``_collection.toml`` when ``top`` (with format and variables)."""
    for problem in (
        text_problem(folder.name, "The name"),
        text_problem(folder.note, "The note"),
        *(_variable_problem(variable) for variable in folder.variables),
    ):
        if problem:
            raise ValueError(problem)
    lines = [_COLLECTION_HEADER if top else _FOLDER_HEADER]
    if top:
        lines += [f"format = {toml.string(FORMAT)}", f"version = {VERSION}"]
    lines.append(f"name = {toml.string(folder.name)}")
    if folder.note:
        lines.append(f"note = {toml.block(folder.note)}")
    lines.append(f"order = {toml.string_list(folder.order)}")
    lines.extend(_variable_lines(folder.variables))
    return "\n".join(lines) + "\n"


def folder_from_text(text: str, *, top: bool) -> FolderFile:
    """A folder's (or the collection's) file; ``FileFormatError`` when it cannot be read."""
    document = toml.parse(text)
    reader = toml.Reader(document, text)
    if top:
        if reader.text("format", FORMAT) != FORMAT:
            raise FileFormatError(
                f"it is not an OAuth Workbench collection (format is not {FORMAT!r})",
                toml.line_of(text, "format"),
            )
        version = reader.integer("version")
        if version is not None and version > VERSION:
            raise FileFormatError(
                f"it was written by a newer OAuth Workbench (format {version}; this one reads "
                f"up to {VERSION})",
                toml.line_of(text, "version"),
            )
    name = reader.text("name", required=not top)
    return FolderFile(
        name=name,
        note=reader.text("note"),
        order=tuple(reader.strings("order")),
        variables=_read_variables(reader, text) if top else (),
    )


# ------------------------------------------------------------------------------- environments


def environment_to_text(environment: Environment) -> str:
    """An environment's file: its name, secret names and plain values."""
    for problem in (
        name_problem(environment.name, "environment name"),
        *(_variable_problem(variable) for variable in environment.variables),
    ):
        if problem:
            raise ValueError(problem)
    lines = [_ENVIRONMENT_HEADER, f"name = {toml.string(environment.name)}"]
    lines.extend(_variable_lines(environment.variables))
    return "\n".join(lines) + "\n"


def environment_from_text(text: str) -> Environment:
    """An environment from its file; ``FileFormatError`` when it cannot be read."""
    document = toml.parse(text)
    reader = toml.Reader(document, text)
    name = reader.text("name", required=True)
    problem = name_problem(name, "environment name")
    if problem:
        raise FileFormatError(problem, toml.line_of(text, "name"))
    return Environment(name=name, variables=_read_variables(reader, text))


# ------------------------------------------------------------------------------- variables


def _variable_problem(variable: Variable) -> str:
    problem = variable_name_problem(variable.name) or text_problem(
        variable.value, f"The value of {variable.name}"
    )
    if not problem and variable.secret and variable.value:
        problem = f"The secret variable {variable.name} cannot have its value in a file."
    return problem


def _variable_lines(variables: Sequence[Variable]) -> list[str]:
    """``secrets = [...]`` (when any), then the ``[variables]`` table (when any)."""
    lines = []
    secret_names = [variable.name for variable in variables if variable.secret]
    if secret_names:
        lines.append(f"secrets = {toml.string_list(secret_names)}")
    plain = {variable.name: variable.value for variable in variables if not variable.secret}
    if plain:
        lines.append("")
        lines.append(toml.table("variables", plain))
    return lines


def _read_variables(reader: toml.Reader, text: str) -> tuple[Variable, ...]:
    secret_names = reader.strings("secrets")
    plain = reader.string_table("variables")
    for name in [*secret_names, *plain]:
        problem = variable_name_problem(name)
        if problem:
            raise FileFormatError(
                problem, toml.line_of(text, name) or toml.line_of(text, "secrets")
            )
    both = [name for name in secret_names if name in plain]
    if both:
        raise FileFormatError(
            f"{both[0]} is listed in `secrets` and has a value under [variables]; a secret's "
            "value belongs in the keychain, never in a file: remove that value",
            toml.line_of(text, both[0]),
        )
    return (
        *(Variable(name, value) for name, value in plain.items()),
        *(Variable(name, secret=True) for name in dict.fromkeys(secret_names)),
    )

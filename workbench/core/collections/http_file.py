"""``.http`` files (the JetBrains HTTP Client and VS Code REST Client format): import and export.

Read: ``###`` separators (text after them names the request), ``# @name NAME``, file variables
``@name = value``, ``#`` and ``//`` comments (kept as the request's note), the request line
(``METHOD URL [HTTP/1.1]``, or a URL alone for GET) with ``?``/``&`` continuation lines,
headers, a blank line and the body. ``Authorization: Bearer {{token}}`` means "send the
profile's token". Input files (``< ./file``) are never opened, and response handlers
(``> {% ... %}``) never run: both are reported. The ``http-client.env.json`` environment
files are read too (the private one's values are all secrets).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from workbench.core.collections.imports import (
    MAX_IMPORTED_ITEMS,
    ImportFormatError,
    ImportResult,
    SecretSweeper,
    check_size,
    clean_name,
    finish,
    load_json_object,
)
from workbench.core.collections.model import (
    Collection,
    Environment,
    Field,
    Folder,
    Item,
    ItemPath,
    SavedRequest,
    Variable,
    text_problem,
    variable_name_problem,
    walk,
)
from workbench.core.collections.secret_scan import SecretFinding
from workbench.core.collections.variables import encode_query_pair, with_query
from workbench.core.secret import Secret

TOKEN_HEADER = Field("Authorization", "Bearer {{token}}")
"""The header that stands for "send the profile's current token"."""
_FOLDER_COMMENT = "# Folder: "
_METHODS = frozenset(
    {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT"}
)
_OTHER_PROTOCOLS = frozenset({"GRAPHQL", "WEBSOCKET", "GRPC"})
_SEPARATOR = re.compile(r"^###(?P<name>.*)$")
_FILE_VARIABLE = re.compile(r"^@(?P<name>[^\s=]+)\s*=\s?(?P<value>.*)$")
_NAME_TAG = re.compile(r"^(?:#|//)\s*@name(?:\s*=\s*|\s+)(?P<name>.+)$")
_OTHER_TAG = re.compile(r"^(?:#|//)\s*@(?P<tag>[\w-]+)")
_VERSION = re.compile(r"\s+HTTP/\d(?:\.\d)?$")
_HEADER = re.compile(r"^(?P<name>[!#$%&'*+.^_`|~0-9A-Za-z-]+):\s?(?P<value>.*)$")


# ------------------------------------------------------------------------------------ import


def import_http_file(text: str, name: str = "Imported .http file") -> ImportResult:
    """A collection from an ``.http`` file; ``ImportFormatError`` naming the line otherwise."""
    check_size(text)
    problem = text_problem(text, "The file")
    if problem:
        raise ImportFormatError(problem)
    parser = _Parser(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    parser.parse()
    sweeper = SecretSweeper()
    variables = sweeper.variables(parser.variables.values())
    sweeper.taken |= set(parser.variables)
    items: list[Item] = []
    for folder, request in parser.requests:
        items = _place(items, folder, sweeper.request(request))
    collection = Collection(name=name, items=tuple(items), variables=variables)
    return finish(collection, sweeper, warnings=parser.warnings)


@dataclass
class _Parser:
    lines: list[str]
    variables: dict[str, Variable] = field(default_factory=dict)
    requests: list[tuple[ItemPath, SavedRequest]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def parse(self) -> None:
        start, name = 0, ""
        for number, line in enumerate(self.lines):
            separator = _SEPARATOR.match(line)
            if separator:
                self._block(start, number, name)
                start, name = number + 1, separator.group("name").strip()
        self._block(start, len(self.lines), name)

    def _block(self, start: int, end: int, name: str) -> None:
        """One request, from the line after a separator to the next separator."""
        note: list[str] = []
        folder: ItemPath = ()
        position = start
        while position < end:
            line = self.lines[position].strip()
            if not line:
                position += 1
                continue
            variable = _FILE_VARIABLE.match(line)
            if variable:
                self._variable(variable.group("name"), variable.group("value").strip(), position)
            elif line.startswith(("#", "//")):
                name, folder = self._comment(line, name, folder, note, position)
            else:
                break
            position += 1
        if position >= end:
            return  # a block of comments and variables only
        if len(self.requests) >= MAX_IMPORTED_ITEMS:
            raise ImportFormatError(f"The file holds more than {MAX_IMPORTED_ITEMS} requests.")
        request = self._request(position, end, name, "\n".join(note))
        if request is not None:
            self.requests.append((folder, request))

    def _variable(self, name: str, value: str, position: int) -> None:
        problem = variable_name_problem(name)
        if problem:
            raise ImportFormatError(f"Line {position + 1}: {problem}")
        self.variables[name] = Variable(name, value)

    def _comment(
        self, line: str, name: str, folder: ItemPath, note: list[str], position: int
    ) -> tuple[str, ItemPath]:
        tag = _NAME_TAG.match(line)
        if tag:
            return tag.group("name").strip(), folder
        other = _OTHER_TAG.match(line)
        if other:
            self.warnings.append(
                f"Line {position + 1}: the @{other.group('tag')} setting has no meaning in the "
                "workbench and was left out."
            )
            return name, folder
        if line.startswith(_FOLDER_COMMENT):
            parts = line.removeprefix(_FOLDER_COMMENT).split(" / ")
            return name, tuple(clean_name(part, "Folder") for part in parts)
        note.append(line.lstrip("#/").removeprefix(" "))
        return name, folder

    def _request(self, position: int, end: int, name: str, note: str) -> SavedRequest | None:
        line_number = position + 1
        request_line = _VERSION.sub("", self.lines[position].strip())
        method, _, url = request_line.partition(" ")
        if not url:
            method, url = "GET", request_line
        method_upper = method.upper()
        if method_upper in _OTHER_PROTOCOLS:
            self.warnings.append(f"Line {line_number}: {method_upper} requests were left out.")
            return None
        if method_upper not in _METHODS:
            raise ImportFormatError(
                f"Line {line_number}: {request_line!r} is not a request line "
                "(METHOD URL, or a URL alone)."
            )
        position += 1
        while (
            position < end
            and self.lines[position][:1].isspace()
            and self.lines[position].strip()[:1] in ("?", "&")
        ):
            url += self.lines[position].strip()
            position += 1
        headers, position = self._headers(position, end)
        body = self._body(position, end, name or url)
        send_token = TOKEN_HEADER in headers
        return SavedRequest(
            name=clean_name(name, f"{method_upper} {url.strip()}"),
            method=method_upper,
            url=url.strip(),
            headers=tuple(h for h in headers if h != TOKEN_HEADER),
            body=body,
            note=note,
            send_token=send_token,
        )

    def _headers(self, position: int, end: int) -> tuple[list[Field], int]:
        headers: list[Field] = []
        while position < end and self.lines[position].strip():
            line = self.lines[position].strip()
            if not line.startswith(("#", "//")):
                header = _HEADER.match(line)
                if header is None:
                    raise ImportFormatError(
                        f"Line {position + 1}: {line[:60]!r} is not a header (Name: value)."
                    )
                headers.append(Field(header.group("name"), header.group("value").strip()))
            position += 1
        return headers, position + 1

    def _body(self, position: int, end: int, label: str) -> str:
        body: list[str] = []
        for number in range(position, end):
            line = self.lines[number]
            if line.startswith((">", ">>")):
                self.warnings.append(
                    f"Line {number + 1}: the response handler of {label!r} was left out: the "
                    "workbench runs no scripts."
                )
                break
            if line.startswith("< ") and not "".join(body).strip():
                self.warnings.append(
                    f"Line {number + 1}: {label!r} reads its body from a file, which is never "
                    "opened on import; its body is empty."
                )
                continue
            body.append(line)
        return "\n".join(body).strip("\n")


def _place(items: list[Item], folder: ItemPath, request: SavedRequest) -> list[Item]:
    """``items`` with ``request`` added at the end of ``folder`` (created as needed)."""
    if not folder:
        return [*items, request]
    head, rest = folder[0], folder[1:]
    for index, item in enumerate(items):
        if isinstance(item, Folder) and item.name == head:
            inner = _place(list(item.items), rest, request)
            return [*items[:index], replace(item, items=tuple(inner)), *items[index + 1 :]]
    return [*items, Folder(head, tuple(_place([], rest, request)))]


# ------------------------------------------------------------------------- environment files


@dataclass(frozen=True)
class EnvironmentImport:
    """Environments read from ``http-client.env.json`` files, with the secrets taken out."""

    environments: tuple[Environment, ...]
    findings: dict[str, tuple[SecretFinding, ...]]
    """Per environment: values to keep in the keychain (with the user's consent)."""


def import_http_environments(text: str, *, private: bool = False) -> EnvironmentImport:
    """The environments of an ``http-client.env.json`` file; every value of the private one
    (``http-client.private.env.json``) is a secret."""
    document = load_json_object(text, "an environment file")
    environments = []
    findings: dict[str, tuple[SecretFinding, ...]] = {}
    for env_name, values in document.items():
        if not isinstance(values, dict):
            raise ImportFormatError(f"The environment {env_name!r} should be an object.")
        variables = []
        for name, value in values.items():
            if isinstance(value, dict | list) or variable_name_problem(name):
                continue  # JetBrains' SSL settings and the like
            text_value = "" if value is None else str(value)
            if text_problem(text_value + name + env_name, "A value"):
                raise ImportFormatError(
                    f"The value of {name!r} in {env_name!r} holds a lone surrogate."
                )
            variables.append(Variable(name, text_value))
        sweeper = SecretSweeper()
        if private:
            found = [
                SecretFinding(f"variable {v.name}", v.name, Secret(v.value))
                for v in variables
                if v.value
            ]
            sweeper.findings.extend(found)
            kept: tuple[Variable, ...] = tuple(Variable(v.name, secret=True) for v in variables)
        else:
            kept = sweeper.variables(variables)
        name = clean_name(env_name, "Environment")
        environments.append(Environment(name, kept))
        findings[name] = tuple(sweeper.findings)
    return EnvironmentImport(tuple(environments), findings)


# ------------------------------------------------------------------------------------ export


@dataclass(frozen=True)
class HttpExport:
    """An ``.http`` file's text, and what the format could not hold."""

    text: str
    warnings: tuple[str, ...] = ()


def export_http_file(collection: Collection) -> HttpExport:
    """The collection as one ``.http`` file: variables on top (secret ones named, never
    valued), then each request, its folder in a ``# Folder:`` comment."""
    warnings: list[str] = []
    lines = [f"# {collection.name or 'Saved requests'}, exported from OAuth Workbench."]
    secret_names = [v.name for v in collection.variables if v.secret]
    if secret_names:
        lines.append(
            "# Secret variables, kept in the OS keychain (set them in "
            f"http-client.private.env.json): {', '.join(secret_names)}"
        )
    for variable in collection.variables:
        if variable.secret:
            continue
        if "\n" in variable.value or "\r" in variable.value:
            warnings.append(
                f"The variable {variable.name} spans lines; .http files cannot hold it."
            )
            continue
        lines.append(f"@{variable.name} = {variable.value}")
    for path, item in walk(collection.items):
        if isinstance(item, SavedRequest):
            lines += ["", *_export_request(path, item, warnings)]
    return HttpExport("\n".join(lines) + "\n", tuple(warnings))


def _export_request(path: ItemPath, request: SavedRequest, warnings: list[str]) -> list[str]:
    label = " / ".join(path)
    lines = [f"### {request.name}"]
    if path[:-1]:
        lines.append(f"{_FOLDER_COMMENT}{' / '.join(path[:-1])}")
    lines += [f"# {line}" if line else "#" for line in request.note.splitlines()]
    pairs = [
        encode_query_pair(p.name, p.value, keep_references=True)
        for p in request.params
        if p.enabled
    ]
    lines.append(f"{request.method} {with_query(request.url, pairs)}")
    headers = [h for h in request.headers if h.enabled]
    if request.send_token and not any(h.name.lower() == "authorization" for h in headers):
        headers.insert(0, TOKEN_HEADER)
    lines += [f"{header.name}: {header.value}" for header in headers]
    if any(not f.enabled for f in (*request.params, *request.headers)):
        warnings.append(f"{label}: switched-off parameters and headers were left out.")
    if request.body:
        body_lines = request.body.split("\n")
        if any(line.startswith(("###", ">", "<")) for line in body_lines):
            warnings.append(
                f"{label}: a body line starts with ###, > or <, which .http tools read as "
                "syntax; check that request after importing it elsewhere."
            )
        lines += ["", *body_lines]
    return lines

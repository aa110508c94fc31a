"""``{{variables}}`` in saved requests: the template syntax and the resolution of a request.

Syntax: ``{{name}}`` (spaces inside the braces allowed) is replaced by the variable's value.
``\\{{`` writes a literal ``{{``, and ``\\\\{{name}}`` a backslash followed by the value. Any
other ``{{`` is a mistake, flagged with its place, never sent as it is. Names start with a letter
or ``_`` and hold letters, digits, ``_ . -``; names starting with ``$`` are built in.
"""

from __future__ import annotations

import random
import re
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType
from urllib.parse import quote

from workbench.core.collections.model import Fields, SavedRequest, Variable
from workbench.core.config import Pairs
from workbench.core.secret import Secret

TOKEN = "token"
"""The built-in variable holding the current access token."""
MAX_NESTING = 10
"""How deep variables may refer to variables before it counts as a loop."""
QUERY_SAFE = "/:@!$'()*,;~"
"""Characters left as they are in query names and values (as the composer encodes them)."""

_TEMPLATE = re.compile(r"(?P<run>\\*)\{\{(?:(?P<inner>[^{}\r\n]{0,120})\}\})?")
"""``{{``, the backslashes just before it, and what closes it on the same line if anything."""
_NAME = re.compile(r"\$?[A-Za-z_][A-Za-z0-9_.-]{0,99}")


@dataclass(frozen=True)
class Reference:
    """One ``{{name}}`` in a text, with where it starts and ends."""

    name: str
    start: int
    end: int


@dataclass(frozen=True)
class TemplateError:
    """A ``{{`` that does not start a variable, with where it is."""

    start: int
    message: str
    text: str = "{{"
    """What was written there."""


def scan(text: str) -> Iterator[str | Reference | TemplateError]:
    """The pieces of ``text``: literal strings, references and mistakes, in order.

    Before a ``{{``, each pair of backslashes stands for one backslash, and an odd one left
    over makes the ``{{`` literal.
    """
    position = 0
    for match in _TEMPLATE.finditer(text):
        if match.start() > position:
            yield text[position : match.start()]
        position = match.end()
        run = len(match.group("run"))
        if run >= 2:
            yield "\\" * (run // 2)
        inner = match.group("inner")
        braces_at = match.start() + run
        if run % 2:
            yield match.group()[run:]
        elif inner is None:
            yield TemplateError(
                braces_at, "this {{ does not start a variable (write \\{{ for a literal {{)"
            )
        elif _NAME.fullmatch(inner.strip()):
            yield Reference(inner.strip(), braces_at, match.end())
        else:
            yield TemplateError(
                braces_at,
                f"{match.group()[run:]} is not a variable: names hold letters, digits, _ . and - "
                "(write \\{{ for a literal {{)",
                match.group()[run:],
            )
    if position < len(text):
        yield text[position:]


def references(text: str) -> list[str]:
    """The names ``text`` refers to, in order, repeats removed."""
    return list(dict.fromkeys(p.name for p in scan(text) if isinstance(p, Reference)))


def is_only_references(text: str) -> bool:
    """True when ``text`` holds at least one reference and nothing else but spaces."""
    pieces = list(scan(text))
    has_reference = any(isinstance(piece, Reference) for piece in pieces)
    rest = all(isinstance(p, Reference) or (isinstance(p, str) and not p.strip()) for p in pieces)
    return has_reference and rest


def escape(text: str) -> str:
    """``text`` as a template that means exactly ``text`` (every ``{{`` made literal)."""
    return re.sub(r"(\\*)\{\{", lambda m: m.group(1) * 2 + "\\{{", text)


# ------------------------------------------------------------------------------- resolution


@dataclass(frozen=True)
class DynamicValues:
    """Where the built-in ``$`` variables get their values: a clock and a random source."""

    wall_clock: Callable[[], float] = time.time
    randomness: random.Random = field(default_factory=random.SystemRandom)

    def value(self, name: str) -> str | None:
        """The value of built-in ``name`` (a fresh one at each use), or None if unknown."""
        if name in ("$uuid", "$guid", "$random.uuid"):
            return str(uuid.UUID(int=self.randomness.getrandbits(128), version=4))
        if name == "$timestamp":
            return str(int(self.wall_clock()))
        if name == "$isoTimestamp":
            moment = datetime.fromtimestamp(self.wall_clock(), tz=UTC)
            return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        if name in ("$randomInt", "$random.integer"):
            return str(self.randomness.randrange(0, 1001))
        return None


BUILT_IN_NAMES = ("$uuid", "$guid", "$timestamp", "$isoTimestamp", "$randomInt")


@dataclass(frozen=True)
class Scope:
    """The variables a request is resolved with.

    ``values`` are plain values, ``secrets`` secret ones (masked wherever the request is
    shown); a name in ``missing_secrets`` is a secret variable whose value is not available
    (not in the keychain). ``token`` is the current access token, for ``{{token}}``.
    """

    values: Mapping[str, str] = field(default_factory=dict)
    secrets: Mapping[str, Secret] = field(default_factory=dict)
    missing_secrets: frozenset[str] = frozenset()
    token: Secret | None = None
    dynamic: DynamicValues = field(default_factory=DynamicValues)


def layered_scope(
    layers: Iterable[Iterable[Variable]],
    secret_values: Mapping[str, Secret],
    *,
    token: Secret | None = None,
    dynamic: DynamicValues | None = None,
) -> Scope:
    """A scope from layers of variables, later layers winning (profile, collection,
    environment, command line); a secret variable takes its value from ``secret_values``."""
    values: dict[str, str] = {}
    secrets: dict[str, Secret] = {}
    missing: set[str] = set()
    for layer in layers:
        for variable in layer:
            values.pop(variable.name, None)
            secrets.pop(variable.name, None)
            missing.discard(variable.name)
            if not variable.secret:
                values[variable.name] = variable.value
            elif secret_values.get(variable.name):
                secrets[variable.name] = secret_values[variable.name]
            else:
                missing.add(variable.name)
    return Scope(
        values=MappingProxyType(values),
        secrets=secrets,
        missing_secrets=frozenset(missing),
        token=token,
        dynamic=dynamic if dynamic is not None else DynamicValues(),
    )


@dataclass(frozen=True)
class VariableProblem:
    """Why a request cannot be sent as it is: where, and what is wrong there."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass(frozen=True)
class ResolvedRequest:
    """A saved request with every variable replaced: what will go on the wire."""

    method: str
    url: str
    headers: Pairs
    body: bytes
    send_token: bool


@dataclass(frozen=True)
class Resolution:
    """The resolved request (None when there are problems), the secret values it holds (to
    mask wherever it is shown), and the problems that stop it from being sent."""

    request: ResolvedRequest | None
    secrets: frozenset[str]
    problems: tuple[VariableProblem, ...]

    @property
    def ok(self) -> bool:
        """True when the request can be sent."""
        return not self.problems


def resolve_request(request: SavedRequest, scope: Scope) -> Resolution:
    """Replace every ``{{variable}}`` in URL, parameters, headers and body; pure but for the
    built-in ``$`` variables, which come from ``scope.dynamic``."""
    resolver = _Resolver(scope)
    url = resolver.text(request.url, "URL")
    query = [
        encode_query_pair(name, value)
        for _, name, value in resolver.fields(request.params, "parameter", value_where=" value")
    ]
    headers = []
    for label, name, value in resolver.fields(request.headers, "header"):
        if any(char in name + value for char in "\r\n\0"):
            resolver.problem(label, "a variable puts a line break into it")
        headers.append((name, value))
    body = resolver.text(request.body, "body", multiline=True)
    if resolver.problems:
        return Resolution(None, frozenset(resolver.secrets), tuple(resolver.problems))
    resolved = ResolvedRequest(
        method=request.method,
        url=with_query(url, query),
        headers=tuple(headers),
        body=body.encode("utf-8"),
        send_token=request.send_token,
    )
    return Resolution(resolved, frozenset(resolver.secrets), ())


def encode_query_pair(name: str, value: str, *, keep_references: bool = False) -> str:
    """``name=value`` percent-encoded for a query (``name`` alone when the value is empty).
    With ``keep_references``, ``{{variables}}`` stay as they are for a later resolution."""
    encode = _encode_keeping_references if keep_references else _encode
    return f"{encode(name)}={encode(value)}" if value else encode(name)


def _encode(text: str) -> str:
    return quote(text, safe=QUERY_SAFE)


def _encode_keeping_references(text: str) -> str:
    return "".join(
        f"{{{{{piece.name}}}}}"
        if isinstance(piece, Reference)
        else _encode(piece.text if isinstance(piece, TemplateError) else piece)
        for piece in scan(text)
    )


def with_query(url: str, encoded_pairs: list[str]) -> str:
    """``url`` with ``name=value`` pairs added to its query, before any ``#fragment``."""
    if not encoded_pairs:
        return url
    base, hash_mark, fragment = url.partition("#")
    joiner = "" if base.endswith(("?", "&")) else ("&" if "?" in base else "?")
    return f"{base}{joiner}{'&'.join(encoded_pairs)}{hash_mark}{fragment}"


class _Resolver:
    """Resolves texts one after the other, collecting secrets used and problems."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.secrets: set[str] = set()
        self.problems: list[VariableProblem] = []

    def problem(self, location: str, message: str) -> None:
        self.problems.append(VariableProblem(location, message))

    def fields(
        self, fields: Fields, kind: str, *, value_where: str = ""
    ) -> Iterator[tuple[str, str, str]]:
        """Each enabled field's label, resolved name and resolved value, in order; a problem is
        placed at "``kind`` N ('name') name" or "... ('name')``value_where``"."""
        for index, item in enumerate(fields, start=1):
            if item.enabled:
                label = f"{kind} {index} ({item.name!r})"
                name = self.text(item.name, f"{label} name")
                yield label, name, self.text(item.value, f"{label}{value_where}")

    def text(self, text: str, where: str, *, multiline: bool = False) -> str:
        if "{{" not in text:
            return text
        return self._expand(text, where, multiline, ())

    def _expand(self, text: str, where: str, multiline: bool, chain: tuple[str, ...]) -> str:
        out = []
        for piece in scan(text):
            if isinstance(piece, str):
                out.append(piece)
            elif isinstance(piece, TemplateError):
                self.problem(_place(where, text, piece.start, multiline, chain), piece.message)
            else:
                place = _place(where, text, piece.start, multiline, chain)
                out.append(self._value(piece.name, place, where, chain))
        return "".join(out)

    def _value(self, name: str, place: str, where: str, chain: tuple[str, ...]) -> str:
        scope = self.scope
        if name in chain:
            loop = " -> ".join((*chain, name))
            self.problem(place, f"variables refer to each other in a loop ({loop})")
            return ""
        if name in scope.secrets:
            value = scope.secrets[name].reveal()
            self.secrets.add(value)
            return value
        if name in scope.missing_secrets:
            self.problem(place, f"{{{{{name}}}}} is a secret variable with no value stored yet")
            return ""
        if name in scope.values:
            value = scope.values[name]
            if "{{" not in value:
                return value
            if len(chain) >= MAX_NESTING:
                self.problem(place, f"variables nest more than {MAX_NESTING} deep")
                return ""
            return self._expand(value, where, False, (*chain, name))
        if name == TOKEN:
            if scope.token is None or not scope.token:
                self.problem(place, "{{token}} is the access token, and there is none yet")
                return ""
            value = scope.token.reveal()
            self.secrets.add(value)
            return value
        if name.startswith("$"):
            dynamic = scope.dynamic.value(name)
            if dynamic is not None:
                return dynamic
            known = ", ".join(BUILT_IN_NAMES)
            self.problem(place, f"{{{{{name}}}}} is not a built-in variable (they are {known})")
            return ""
        self.problem(place, f"{{{{{name}}}}} is not defined")
        return ""


def _place(where: str, text: str, start: int, multiline: bool, chain: tuple[str, ...]) -> str:
    """``body, line 3, column 5`` or ``URL, column 1``; inside a variable's value, says so."""
    if chain:
        return f"{where}, in the value of {{{{{chain[-1]}}}}}"
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    if multiline:
        return f"{where}, line {line}, column {column}"
    return f"{where}, column {column}"

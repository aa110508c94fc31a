"""What importing a file from another tool gives: a secret-free collection, the secrets taken
out of it (for the keychain, with the user's consent), a profile to suggest, and warnings."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from workbench.core.collections.model import (
    MAX_NAME_CHARS,
    Collection,
    Field,
    Folder,
    Item,
    SavedRequest,
    Variable,
    walk,
)
from workbench.core.collections.secret_scan import (
    SecretFinding,
    extract_secrets,
    extract_variable_secrets,
    undefined_references,
)
from workbench.core.config import ClientAuth
from workbench.core.secret import Secret

MAX_IMPORT_CHARS = 32 * 1024 * 1024
"""Files larger than this are refused (32 MiB of text)."""
MAX_IMPORTED_ITEMS = 10_000
MAX_FOLDER_DEPTH = 32

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


class ImportFormatError(ValueError):
    """A file that cannot be imported; the message names the line or the field. Nothing
    already saved is touched."""


@dataclass(frozen=True)
class ProfileSuggestion:
    """The client-credentials settings a file describes (Postman's OAuth 2 auth), for a profile.

    ``client_secret`` is the secret found in the file (or through one of its variables), to be
    stored in the keychain only if the user agrees; it is never part of the collection.
    """

    token_url: str
    client_id: str = ""
    scope: str = ""
    auth: ClientAuth = ClientAuth.BASIC
    client_secret: Secret | None = None
    found_in: str = ""


@dataclass(frozen=True)
class ImportResult:
    """An imported collection with no secret in it, and what the caller should tell the user."""

    collection: Collection
    findings: tuple[SecretFinding, ...] = ()
    """Credentials taken out and replaced by secret variables: store their values in the
    keychain under ``variable`` if the user agrees, or drop them."""
    profile: ProfileSuggestion | None = None
    warnings: tuple[str, ...] = ()
    undefined: tuple[str, ...] = ()
    """Variables the requests use that the file does not define (to set in an environment)."""


@dataclass
class SecretSweeper:
    """Takes credentials out of imported requests and variables; one value, one variable."""

    taken: set[str] = field(default_factory=set)
    findings: list[SecretFinding] = field(default_factory=list)

    def variables(self, variables: Iterable[Variable]) -> tuple[Variable, ...]:
        kept, found = extract_variable_secrets(variables)
        self.taken |= {variable.name for variable in kept}
        self.findings.extend(found)
        return kept

    def request(self, request: SavedRequest) -> SavedRequest:
        cleaned, found = extract_secrets(request, self.taken)
        for finding in found:
            earlier = next(
                (f for f in self.findings if f.value.reveal() == finding.value.reveal()), None
            )
            if earlier is None:
                self.taken.add(finding.variable)
                self.findings.append(finding)
            else:
                cleaned = rename_variable(cleaned, finding.variable, earlier.variable)
        return cleaned

    def secret(self, location: str, wanted: str, value: str) -> str:
        """A variable (new, or the one already holding ``value``) for a secret found by its
        place rather than its name (an API-key auth); returns the variable's name."""
        earlier = next((f for f in self.findings if f.value.reveal() == value), None)
        if earlier is not None:
            return earlier.variable
        name, counter = wanted, 2
        while name in self.taken or name == "token":
            name, counter = f"{wanted}{counter}", counter + 1
        self.taken.add(name)
        self.findings.append(SecretFinding(location, name, Secret(value)))
        return name


def rename_variable(request: SavedRequest, old: str, new: str) -> SavedRequest:
    """``request`` with every ``{{old}}`` written ``{{new}}``."""

    def fix(text: str) -> str:
        return text.replace(f"{{{{{old}}}}}", f"{{{{{new}}}}}")

    def fix_fields(fields: tuple[Field, ...]) -> tuple[Field, ...]:
        return tuple(Field(fix(f.name), fix(f.value), f.enabled) for f in fields)

    return replace(
        request,
        url=fix(request.url),
        params=fix_fields(request.params),
        headers=fix_fields(request.headers),
        body=fix(request.body),
    )


def read_import_text(path: Path) -> str:
    """The text of a file to import; ``ImportFormatError`` in words when it cannot be read."""
    from workbench.core.small_files import SmallFileError, read_small_file

    try:  # never past the cap, never a device or a pipe: /dev/zero would never end
        return read_small_file(path, MAX_IMPORT_CHARS * 4, "a file to import").decode("utf-8")
    except SmallFileError as error:
        failed = error.os_error
        if failed is not None:
            raise ImportFormatError(
                f"{path} cannot be read: {failed.strerror or failed}."
            ) from None
        raise ImportFormatError(f"{path} {error}.") from None
    except UnicodeDecodeError as error:
        raise ImportFormatError(f"{path} is not UTF-8 text (byte {error.start + 1}).") from None


def check_size(text: str) -> None:
    """Refuse a file too large to import."""
    if len(text) > MAX_IMPORT_CHARS:
        raise ImportFormatError(
            f"The file is larger than {MAX_IMPORT_CHARS // (1024 * 1024)} MiB; it was not read."
        )


def load_json_object(text: str, what: str) -> dict[str, Any]:
    """A JSON object from an imported file; ``ImportFormatError`` naming the line otherwise."""
    check_size(text)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFormatError(
            f"This is not JSON: {error.msg} (line {error.lineno}, column {error.colno})."
        ) from None
    except RecursionError:
        raise ImportFormatError(f"The JSON is nested too deeply to be {what}.") from None
    except ValueError as error:  # a number longer than Python reads
        raise ImportFormatError(f"The JSON cannot be read: {error}.") from None
    if not isinstance(document, dict):
        raise ImportFormatError(f"This is not {what}: it is not a JSON object.")
    return document


def clean_name(text: str, fallback: str) -> str:
    """A name as the workbench can keep it: one line, trimmed, not too long, never empty."""
    name = _CONTROL.sub(" ", text).strip()[:MAX_NAME_CHARS].strip()
    return name or fallback


def finish(
    collection: Collection,
    sweeper: SecretSweeper,
    *,
    profile: ProfileSuggestion | None = None,
    warnings: Iterable[str] = (),
) -> ImportResult:
    """The result: every secret taken out declared as a secret variable of the collection, and
    the variables the requests use that nobody defines."""
    texts: list[str] = []
    for _, item in walk(collection.items):
        if isinstance(item, SavedRequest):
            texts += [item.url, item.body]
            texts += [f.name + f.value for f in (*item.params, *item.headers)]
    declared = {variable.name for variable in collection.variables}
    secrets = [Variable(f.variable, secret=True) for f in sweeper.findings]
    variables = collection.variables + tuple(v for v in secrets if v.name not in declared)
    known = declared | {finding.variable for finding in sweeper.findings}
    return ImportResult(
        collection=replace(collection, variables=variables),
        findings=tuple(sweeper.findings),
        profile=profile,
        warnings=tuple(dict.fromkeys(warnings)),
        undefined=tuple(undefined_references(texts, known)),
    )


def merge_variables(
    existing: tuple[Variable, ...],
    incoming: Iterable[Variable],
    given: Iterable[Variable] = (),
) -> tuple[tuple[Variable, ...], tuple[str, ...]]:
    """``existing`` plus the ``incoming`` variables it lacks, and the names of those it already
    has with another value (kept as they were: an import never changes a variable). ``given``
    (the profile's own, such as ``baseUrl``) count as existing: an imported value would win
    over them and silently send the requests already saved elsewhere."""
    merged = list(existing)
    known = {variable.name: variable for variable in (*given, *existing)}
    conflicts = []
    for variable in incoming:
        present = known.get(variable.name)
        if present is None:
            merged.append(variable)
            known[variable.name] = variable
        elif present != variable:
            conflicts.append(variable.name)
    return tuple(merged), tuple(dict.fromkeys(conflicts))


def still_undefined(
    undefined: Iterable[str], merged: Iterable[Variable], given: Iterable[Variable] = ()
) -> tuple[str, ...]:
    """The variables an imported file uses without defining that the collection it went into
    (``merged``) and the profile (``given``, such as ``baseUrl``) do not define either."""
    known = {variable.name for variable in (*merged, *given)}
    return tuple(name for name in undefined if name not in known)


IMPORT_FORMATS = ("postman", "http", "http-env", "http-private-env")


def guess_format(file_name: str) -> str:
    """What a file to import is, by its name (``IMPORT_FORMATS``); empty when the name says
    nothing (the caller asks, or looks at the text)."""
    name = file_name.lower()
    if name.endswith(".private.env.json"):
        return "http-private-env"
    if name.endswith(".env.json"):
        return "http-env"
    if name.endswith((".http", ".rest")):
        return "http"
    if name.endswith(".json"):
        return "postman"
    return ""


def count_items(items: tuple[Item, ...]) -> int:
    """How many requests and folders there are, at every depth."""
    return sum(1 + (count_items(item.items) if isinstance(item, Folder) else 0) for item in items)

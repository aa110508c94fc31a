"""Credentials in saved requests and variables: found, and moved out into secret variables.

Detection reuses the redaction's knowledge (``workbench.core.redact``): whatever the exports
would mask by its place (Authorization, X-Auth-Token, X-Api-Key, Cookie, ``?key=``,
``client_secret`` in a body...) is a credential here too, unless it is made of ``{{variables}}``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection as Names
from collections.abc import Iterable
from dataclasses import dataclass, replace
from urllib.parse import quote

from workbench.core.collections.model import Field, SavedRequest, Variable
from workbench.core.collections.variables import TOKEN, is_only_references, references
from workbench.core.redact import Redactor
from workbench.core.secret import Secret

_SCHEME_PREFIX = re.compile(r"^(\s*[A-Za-z][A-Za-z0-9_-]*\s+)(\S.*)$", re.S)
"""``api-key KEY`` in X-Auth-Token: the scheme word stays, the key becomes a variable."""
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_SECRET_WORDS = frozenset(
    {"secret", "password", "passwd", "pwd", "token", "apikey", "credential", "credentials"}
    | {"cookie", "session", "signature", "sig", "private", "passphrase", "bearer", "auth"}
)
"""Words that make a variable's name look like it holds a credential."""


@dataclass(frozen=True)
class SecretFinding:
    """A credential found in clear: where, its value (masked when printed), and the secret
    variable that replaces it."""

    location: str
    variable: str
    value: Secret


def extract_secrets(
    request: SavedRequest, taken: Names[str] = ()
) -> tuple[SavedRequest, tuple[SecretFinding, ...]]:
    """``request`` with every credential replaced by a ``{{variable}}``, and what was found.

    ``taken`` are variable names already in use; new names avoid them. With no finding the
    request comes back unchanged. The caller decides (with the user) whether to store the
    values in the keychain under those names; either way nothing secret is left in the request.
    """
    namer = _Namer(taken)
    url = _Extractor(namer, "URL").url(request.url)
    params = tuple(_param(field, index, namer) for index, field in enumerate(request.params, 1))
    headers = tuple(_header(field, namer) for field in request.headers)
    body = _Extractor(namer, "body").text(request.body)
    if not namer.findings:
        return request, ()
    cleaned = replace(
        request,
        url=url,
        params=params,
        headers=headers,
        body=body,
    )
    return cleaned, tuple(namer.findings)


def find_secrets(request: SavedRequest, taken: Names[str] = ()) -> tuple[SecretFinding, ...]:
    """The credentials in clear in ``request`` (empty when it may be saved as it is)."""
    return extract_secrets(request, taken)[1]


def looks_secret(name: str) -> bool:
    """True when a variable's name suggests a credential (``apiKey``, ``client_secret``...)."""
    words = [word.lower() for word in _WORDS.findall(name)]
    joined = "".join(words)
    if any(word in _SECRET_WORDS for word in words) or joined in _SECRET_WORDS:
        return True
    return any(pair == ("api", "key") for pair in itertools.pairwise(words))


def extract_variable_secrets(
    variables: Iterable[Variable],
) -> tuple[tuple[Variable, ...], tuple[SecretFinding, ...]]:
    """Plain variables whose name looks secret and whose value is a credential in clear, made
    secret (their value leaves the list), and what was found."""
    kept: list[Variable] = []
    findings: list[SecretFinding] = []
    for variable in variables:
        value = variable.value
        if (
            variable.secret
            or not value
            or not looks_secret(variable.name)
            or is_only_references(value)
        ):
            kept.append(variable)
        else:
            findings.append(
                SecretFinding(f"variable {variable.name}", variable.name, Secret(value))
            )
            kept.append(Variable(variable.name, "", secret=True))
    return tuple(kept), tuple(findings)


class _Namer:
    """Hands out variable names that clash with nothing, and keeps the findings."""

    def __init__(self, taken: Names[str]) -> None:
        self._taken = {*taken, TOKEN}
        self.findings: list[SecretFinding] = []

    def take(self, location: str, slot: str, value: str) -> str:
        base = _suggested_name(slot)
        name = base
        counter = 2
        while name in self._taken:
            name = f"{base}{counter}"
            counter += 1
        self._taken.add(name)
        self.findings.append(SecretFinding(location, name, Secret(value)))
        return name


class _Extractor:
    """A masker for ``Redactor`` that puts ``{{variables}}`` where the secrets were."""

    def __init__(self, namer: _Namer, location: str) -> None:
        self._namer = namer
        self._location = location

    def __call__(self, slot: str, original: str) -> str:
        if not original.strip() or is_only_references(original):
            return original
        in_header = self._location.startswith("header") and "authorization" not in slot
        scheme = _SCHEME_PREFIX.match(original) if in_header else None
        if scheme is not None and is_only_references(scheme.group(2)):
            return original
        prefix, value = (scheme.group(1), scheme.group(2)) if scheme else ("", original)
        where = _where(self._location, slot)
        if prefix.strip().lower() == "api-key":
            slot = "api-key"  # GetResponse's X-Auth-Token: api-key KEY
        return f"{prefix}{{{{{self._namer.take(where, slot, value)}}}}}"

    def url(self, url: str) -> str:
        return Redactor(masker=self).url(url) if url else url

    def text(self, text: str) -> str:
        return Redactor(masker=self).text(text) if text else text

    def header(self, name: str, value: str) -> str:
        return Redactor(masker=self).headers(((name, value),))[0][1]


def _param(field: Field, index: int, namer: _Namer) -> Field:
    """A query parameter whose name marks it secret gets its whole value replaced."""
    probe = _Probe()
    Redactor(masker=probe).url(f"?{quote(field.name, safe='')}=x")
    if not probe.slot or not field.value or is_only_references(field.value):
        return field
    where = f"query parameter {index} ({field.name})"
    name = namer.take(where, probe.slot, field.value)
    return Field(field.name, f"{{{{{name}}}}}", field.enabled)


def _header(field: Field, namer: _Namer) -> Field:
    value = _Extractor(namer, f"header {field.name}").header(field.name, field.value)
    return Field(field.name, value, field.enabled)


class _Probe:
    """A masker that only notes which slot it was asked about."""

    def __init__(self) -> None:
        self.slot = ""

    def __call__(self, slot: str, original: str) -> str:
        self.slot = slot
        return original


def _where(location: str, slot: str) -> str:
    """``header Authorization (Bearer credentials)``, ``URL parameter key``, ``body field
    client_secret``: where a secret was found, in words."""
    if location == "URL":
        return "URL password" if slot == "password" else f"URL parameter {slot}"
    if location == "body":
        return f"body field {slot}"
    if slot.startswith("authorization-"):
        return f"{location} ({slot.removeprefix('authorization-').capitalize()} credentials)"
    if slot.startswith("cookie-"):
        return f"{location} (cookie {slot.removeprefix('cookie-')})"
    return location


def _suggested_name(slot: str) -> str:
    """A variable name for a secret found at ``slot``: ``apiKey``, ``clientSecret``..."""
    if slot.startswith("authorization-"):
        scheme = slot.removeprefix("authorization-")
        return {"bearer": "bearerToken", "basic": "basicCredentials"}.get(scheme, f"{scheme}Auth")
    words = [word.lower() for word in re.split(r"[^A-Za-z0-9]+", slot) if word]
    if words[:1] == ["x"]:
        words = words[1:]
    if words in (["key"], ["apikey"]):
        words = ["api", "key"]
    if not words or words == [TOKEN]:
        words = ["api", "token"]
    name = words[0] + "".join(word.capitalize() for word in words[1:])
    return name if name[0].isalpha() else f"secret{name}"


def undefined_references(texts: Iterable[str], known: Names[str]) -> list[str]:
    """Names referred to in ``texts`` that ``known`` lacks (for reports after an import)."""
    missing: dict[str, None] = {}
    for text in texts:
        for name in references(text):
            if name not in known and name != TOKEN and not name.startswith("$"):
                missing[name] = None
    return list(missing)

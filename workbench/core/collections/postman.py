"""Postman Collection v2.1 (and v2.0) files imported into a collection.

Requests, folders, variables and descriptions arrive; Postman's OAuth 2 client-credentials
auth becomes a profile suggestion (its secret reported, never saved with the requests).
Scripts, example responses, multipart and file bodies have no place in a saved request and
are reported. ``postman_export`` writes the format.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote_plus

from workbench.core.collections.imports import (
    MAX_FOLDER_DEPTH,
    MAX_IMPORTED_ITEMS,
    ImportFormatError,
    ImportResult,
    ProfileSuggestion,
    SecretSweeper,
    clean_name,
    finish,
    load_json_object,
)
from workbench.core.collections.model import (
    Collection,
    Field,
    Fields,
    Folder,
    Item,
    SavedRequest,
    Variable,
    method_problem,
    variable_name_problem,
)
from workbench.core.collections.secret_scan import SecretFinding, find_secrets, looks_secret
from workbench.core.collections.variables import (
    is_only_references,
    references,
)
from workbench.core.config import ClientAuth
from workbench.core.secret import Secret

_JSON_TYPE = "application/json"


# ------------------------------------------------------------------------------------ import


def import_postman(text: str) -> ImportResult:
    """A collection from a Postman v2.1 (or v2.0) file; ``ImportFormatError`` naming the
    line or the JSON field when it cannot be read."""
    document = load_json_object(text, "a Postman collection")
    root = _Node(document, "")
    info = root.child("info").mapping()
    schema = info.child("schema").text()
    if "collection/v1" in schema or ("requests" in document and "item" not in document):
        raise ImportFormatError(
            "This is a Postman collection in the old v1 format; export it again from Postman "
            "as Collection v2.1."
        )
    if "item" not in document:
        raise ImportFormatError("This is not a Postman collection: it has no 'item' list.")
    reader = _Reader()
    variables = reader.sweeper.variables(reader.variables(root.child("variable")))
    reader.collection_variables = {v.name: v.value for v in variables if not v.secret}
    reader.note_auth(root.child("auth"), "the collection")
    items = reader.items(root.child("item"), root.child("auth"), depth=0)
    collection = Collection(
        name=clean_name(info.child("name").text(), "Imported from Postman"),
        note=reader.description(info.child("description")),
        items=items,
        variables=variables,
    )
    return finish(collection, reader.sweeper, profile=reader.profile, warnings=reader.warnings)


class _Node:
    """A value in the JSON document and its path, for errors that name the field."""

    def __init__(self, value: Any, path: str) -> None:
        self.value = value
        self.path = path

    def child(self, key: str | int) -> _Node:
        if isinstance(key, int):
            value = self.value[key] if isinstance(self.value, list) else None
            return _Node(value, f"{self.path}[{key}]")
        value = self.value.get(key) if isinstance(self.value, dict) else None
        return _Node(value, f"{self.path}.{key}" if self.path else key)

    def fail(self, expected: str) -> ImportFormatError:
        return ImportFormatError(f"The field {self.path or 'at the top'} should be {expected}.")

    def present(self) -> bool:
        return self.value is not None

    def mapping(self) -> _Node:
        if self.value is None:
            return _Node({}, self.path)
        if not isinstance(self.value, dict):
            raise self.fail("an object")
        return self

    def items(self) -> list[_Node]:
        if self.value is None:
            return []
        if not isinstance(self.value, list):
            raise self.fail("a list")
        return [self.child(index) for index in range(len(self.value))]

    def text(self, default: str = "") -> str:
        value = self.value
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.fail("text")
        result = str(value) if not isinstance(value, str) else value
        for index, char in enumerate(result):
            if 0xD800 <= ord(char) <= 0xDFFF:
                raise ImportFormatError(
                    f"The field {self.path} holds a character that is not text (a lone "
                    f"surrogate at position {index + 1})."
                )
        return result

    def flag(self) -> bool:
        return self.value is True


@dataclass
class _Reader:
    """Walks the item tree, keeping the secrets, profile and warnings it meets."""

    sweeper: SecretSweeper = field(default_factory=SecretSweeper)
    profile: ProfileSuggestion | None = None
    warnings: list[str] = field(default_factory=list)
    collection_variables: dict[str, str] = field(default_factory=dict)
    count: int = 0

    def variables(self, node: _Node) -> tuple[Variable, ...]:
        """The collection's variables; those Postman marks secret leave their value."""
        result: dict[str, Variable] = {}
        for item in node.items():
            entry = item.mapping()
            name = entry.child("key").text() or entry.child("id").text()
            if entry.child("disabled").flag() or not name:
                continue
            problem = variable_name_problem(name)
            if problem:
                self.warnings.append(f"The variable {name!r} was left out: {problem}")
                continue
            value = entry.child("value").text()
            marked = entry.child("type").text() == "secret"
            if (marked and not is_only_references(value)) or (not value and looks_secret(name)):
                if value:
                    finding = SecretFinding(f"variable {name}", name, Secret(value))
                    self.sweeper.findings.append(finding)
                result[name] = Variable(name, secret=True)
            else:
                result[name] = Variable(name, value)
        return tuple(result.values())

    def items(self, node: _Node, inherited_auth: _Node, depth: int) -> tuple[Item, ...]:
        if depth > MAX_FOLDER_DEPTH:
            raise ImportFormatError(
                f"The folders at {node.path} nest deeper than {MAX_FOLDER_DEPTH} levels."
            )
        result: list[Item] = []
        for child in node.items():
            self.count += 1
            if self.count > MAX_IMPORTED_ITEMS:
                raise ImportFormatError(f"The file holds more than {MAX_IMPORTED_ITEMS} items.")
            entry = child.mapping()
            name = clean_name(entry.child("name").text(), "Untitled")
            if entry.child("event").present() and entry.child("event").items():
                self.warnings.append(
                    f"The scripts of {name!r} were not imported: the workbench runs no scripts."
                )
            if entry.child("item").present():
                auth = entry.child("auth") if entry.child("auth").present() else inherited_auth
                self.note_auth(entry.child("auth"), f"the folder {name!r}")
                result.append(
                    Folder(
                        name=name,
                        items=self.items(entry.child("item"), auth, depth + 1),
                        note=self.description(entry.child("description")),
                    )
                )
            else:
                result.append(self.request(entry, name, inherited_auth))
        return tuple(result)

    def request(self, entry: _Node, name: str, inherited_auth: _Node) -> SavedRequest:
        request = entry.child("request")
        if isinstance(request.value, str):  # a bare URL
            request = _Node({"url": request.value, "method": "GET"}, request.path)
        request = request.mapping()
        if entry.child("response").present() and entry.child("response").items():
            self.warnings.append(f"The example responses of {name!r} were not imported.")
        method = request.child("method").text("GET").upper() or "GET"
        if method_problem(method):
            raise ImportFormatError(
                f"The field {request.child('method').path}: {method_problem(method)}"
            )
        url, params = self.url(request.child("url"))
        headers = self.headers(request.child("header"))
        body, body_type = self.body(request.child("body"), name)
        if body_type and not any(h.name.lower() == "content-type" for h in headers):
            headers = (*headers, Field("Content-Type", body_type))
        auth = request.child("auth") if request.child("auth").present() else inherited_auth
        saved = SavedRequest(
            name=name,
            method=method,
            url=url,
            params=params,
            headers=headers,
            body=body,
            note=self.description(request.child("description")),
            send_token=False,
        )
        return self.sweeper.request(self.apply_auth(saved, auth))

    def url(self, node: _Node) -> tuple[str, Fields]:
        """The URL as Postman sends it (``raw`` holds the enabled query parameters), and the
        disabled parameters, which only the ``query`` list keeps."""
        if not node.present():
            return "", ()
        if isinstance(node.value, str):
            return node.text(), ()
        if not isinstance(node.value, dict):
            raise node.fail("text or an object")
        url = node.mapping()
        raw = url.child("raw").text() or _url_from_parts(url)
        disabled = tuple(
            Field(item.mapping().child("key").text(), item.child("value").text(), enabled=False)
            for item in url.child("query").items()
            if item.mapping().child("disabled").flag()
        )
        for item in url.child("variable").items():
            key = item.mapping().child("key").text()
            value = item.child("value").text() or f"{{{{{key}}}}}"
            if key:
                raw = _replace_path_variable(raw, key, value)
        return raw, tuple(param for param in disabled if param.name)

    def headers(self, node: _Node) -> Fields:
        if isinstance(node.value, str):
            pairs = [line.partition(":") for line in node.text().splitlines()]
            return tuple(Field(n.strip(), v.strip()) for n, sep, v in pairs if sep and n.strip())
        result = []
        for item in node.items():
            entry = item.mapping()
            name = entry.child("key").text().strip()
            if name:
                value = entry.child("value").text()
                result.append(Field(name, value, not entry.child("disabled").flag()))
        return tuple(result)

    def body(self, node: _Node, name: str) -> tuple[str, str]:
        """The body text, and a Content-Type to add when the request names none."""
        if not node.present() or node.child("disabled").flag():
            return "", ""
        body = node.mapping()
        mode = body.child("mode").text()
        if mode == "raw":
            language = body.child("options").mapping().child("raw").mapping()
            is_json = language.child("language").text() == "json"
            return body.child("raw").text(), _JSON_TYPE if is_json else ""
        if mode == "urlencoded":
            pairs = [
                (item.mapping().child("key").text(), item.child("value").text())
                for item in body.child("urlencoded").items()
                if not item.child("disabled").flag()
            ]
            text = "&".join(
                f"{quote_plus(k, safe='{}')}={quote_plus(v, safe='{}')}" for k, v in pairs
            )
            return text, "application/x-www-form-urlencoded"
        if mode == "graphql":
            graphql = body.child("graphql").mapping()
            variables = graphql.child("variables").text()
            document = {"query": graphql.child("query").text()}
            text = json.dumps(document)[:-1] + (
                f', "variables": {variables}}}' if variables else "}"
            )
            return text, _JSON_TYPE
        if mode in ("formdata", "file"):
            self.warnings.append(
                f"The {mode} body of {name!r} was not imported: saved requests hold text bodies."
            )
        return "", ""

    def description(self, node: _Node) -> str:
        if isinstance(node.value, dict):
            return node.child("content").text()
        return node.text()

    def apply_auth(self, request: SavedRequest, auth: _Node) -> SavedRequest:
        kind = auth.mapping().child("type").text() if auth.present() else ""
        params = _auth_params(auth, kind)
        headers = request.headers
        has_authorization = any(h.name.lower() == "authorization" for h in headers)
        if kind == "oauth2":
            return _with(request, send_token=True)
        if kind == "bearer" and not has_authorization:
            value = params.get("token", "")
            return _with(request, headers=(*headers, Field("Authorization", f"Bearer {value}")))
        if kind == "basic" and not has_authorization:
            user, password = params.get("username", ""), params.get("password", "")
            if references(user + password):
                self.warnings.append(
                    f"The basic auth of {request.name!r} uses variables, which cannot be "
                    "encoded in advance; add an Authorization header yourself."
                )
                return request
            pair = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
            return _with(request, headers=(*headers, Field("Authorization", f"Basic {pair}")))
        if kind == "apikey":
            in_query = params.get("in") == "query"
            added = Field(params.get("key", ""), params.get("value", ""))
            probe = SavedRequest(
                "probe", params=(added,) if in_query else (), headers=() if in_query else (added,)
            )
            if added.value and not is_only_references(added.value) and not find_secrets(probe):
                where = f"the API key auth of {request.name!r}"
                variable = self.sweeper.secret(where, "apiKey", added.value)
                added = Field(added.name, f"{{{{{variable}}}}}")
            if in_query:
                return _with(request, params=(*request.params, added))
            return _with(request, headers=(*headers, added))
        if kind not in ("", "noauth", "bearer", "basic"):
            self.warnings.append(
                f"{request.name!r} uses Postman's {kind!r} auth, which the workbench does not "
                "send; it was imported without it (and its settings were dropped)."
            )
        return request

    def note_auth(self, auth: _Node, where: str) -> None:
        """Remember the first OAuth 2 client-credentials setup as the profile to suggest."""
        if not auth.present() or auth.mapping().child("type").text() != "oauth2":
            return
        params = _auth_params(auth, "oauth2")
        grant = params.get("grant_type", "")
        if grant != "client_credentials":
            self.warnings.append(
                f"The OAuth 2 auth of {where} uses the {grant or 'authorization_code'} grant; "
                "the workbench gets client-credentials tokens, so only the profile's token is sent."
            )
            return
        if params.get("accessToken"):
            self.warnings.append(
                f"A stored access token in the OAuth 2 auth of {where} was dropped: tokens are "
                "never saved."
            )
        if self.profile is not None:
            return
        secret = self._resolve(params.get("clientSecret", ""))
        self.profile = ProfileSuggestion(
            token_url=self._resolve(params.get("accessTokenUrl", "")),
            client_id=self._resolve(params.get("clientId", "")),
            scope=self._resolve(params.get("scope", "")),
            auth=ClientAuth.POST
            if params.get("client_authentication") == "body"
            else ClientAuth.BASIC,
            client_secret=Secret(secret) if secret and not references(secret) else None,
            found_in=f"the OAuth 2 auth of {where}",
        )

    def _resolve(self, text: str) -> str:
        """``text`` with the collection's variables filled in (a secret one too, for the
        profile's client secret): a profile holds values, not references."""
        secrets = {f.variable: f.value.reveal() for f in self.sweeper.findings}
        for name in references(text):
            value = self.collection_variables.get(name, secrets.get(name))
            if value is not None and not references(value):
                text = text.replace(f"{{{{{name}}}}}", value)
        return text


def _with(request: SavedRequest, **changes: Any) -> SavedRequest:
    return replace(request, **changes)


def _auth_params(auth: _Node, kind: str) -> dict[str, str]:
    """An auth's settings: v2.1 lists ``{key, value}``, v2.0 an object."""
    params = auth.mapping().child(kind)
    if isinstance(params.value, dict):
        return {
            key: params.child(key).text()
            for key in params.value
            if not isinstance(params.value[key], dict | list)
        }
    result = {}
    for item in params.items():
        entry = item.mapping()
        value = entry.child("value")
        if isinstance(value.value, dict | list):
            continue
        result[entry.child("key").text()] = value.text()
    return result


def _url_from_parts(url: _Node) -> str:
    host = url.child("host")
    host_text = (
        ".".join(h.text() for h in host.items()) if isinstance(host.value, list) else host.text()
    )
    path = url.child("path")
    path_text = (
        "/".join(p.text() for p in path.items() if isinstance(p.value, str))
        if isinstance(path.value, list)
        else path.text()
    )
    protocol = url.child("protocol").text()
    port = url.child("port").text()
    text = f"{protocol}://" if protocol else ""
    text += host_text + (f":{port}" if port else "")
    return f"{text}/{path_text}" if path_text else text


def _replace_path_variable(url: str, key: str, value: str) -> str:
    """``/contacts/:contactId`` with the path variable ``contactId`` filled in."""
    base, mark, rest = url.partition("?")
    segments = base.split("/")
    replaced = [value if segment == f":{key}" else segment for segment in segments]
    return "/".join(replaced) + mark + rest

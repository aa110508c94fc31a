"""Postman Collection v2.1 files written from a collection: requests, folders, variables and
descriptions, and the profile's client-credentials setup as Postman's OAuth 2 auth (its secret
as ``{{clientSecret}}``, never the value)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from workbench.core.collections.model import Collection, Field, Folder, Item, SavedRequest, Variable
from workbench.core.collections.variables import encode_query_pair, with_query
from workbench.core.config import ClientAuth

SCHEMA_V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"


@dataclass(frozen=True)
class PostmanAuth:
    """The profile's client-credentials setup, written as Postman's collection-level auth."""

    token_url: str
    client_id: str
    scope: str = ""
    auth: ClientAuth = ClientAuth.BASIC


def export_postman(collection: Collection, auth: PostmanAuth | None = None) -> str:
    """A Postman v2.1 collection: the requests, folders, variables (secret ones empty) and,
    with ``auth``, the OAuth 2 client-credentials auth they inherit. Never a secret value."""
    document: dict[str, Any] = {
        "info": {"name": collection.name or "OAuth Workbench", "schema": SCHEMA_V21},
        "item": [_export_item(item) for item in collection.items],
    }
    if collection.note:
        document["info"]["description"] = collection.note
    document["auth"] = _export_auth(auth)
    variables = [_export_variable(variable) for variable in collection.variables]
    if variables:
        document["variable"] = variables
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _export_auth(auth: PostmanAuth | None) -> dict[str, Any]:
    if auth is None:
        return {"type": "bearer", "bearer": [_kv("token", "{{token}}")]}
    client_authentication = "body" if auth.auth is ClientAuth.POST else "header"
    return {
        "type": "oauth2",
        "oauth2": [
            _kv("grant_type", "client_credentials"),
            _kv("accessTokenUrl", auth.token_url),
            _kv("clientId", auth.client_id),
            _kv("clientSecret", "{{clientSecret}}"),
            _kv("scope", auth.scope),
            _kv("client_authentication", client_authentication),
            _kv("addTokenTo", "header"),
        ],
    }


def _kv(key: str, value: str) -> dict[str, str]:
    return {"key": key, "value": value, "type": "string"}


def _export_variable(variable: Variable) -> dict[str, str]:
    if variable.secret:
        return {
            "key": variable.name,
            "value": "",
            "type": "string",
            "description": "A secret: its value stays in the OS keychain; set it in Postman.",
        }
    return _kv(variable.name, variable.value)


def _export_item(item: Item) -> dict[str, Any]:
    if isinstance(item, Folder):
        folder: dict[str, Any] = {"name": item.name, "item": [_export_item(i) for i in item.items]}
        if item.note:
            folder["description"] = item.note
        return folder
    request: dict[str, Any] = {
        "method": item.method,
        "header": [_export_field(header) for header in item.headers],
        "url": _export_url(item),
    }
    if not item.send_token:
        request["auth"] = {"type": "noauth"}
    if item.body:
        request["body"] = {"mode": "raw", "raw": _postman_text(item.body)}
        content_type = next((h.value for h in item.headers if h.name.lower() == "content-type"), "")
        if "json" in content_type.lower():
            request["body"]["options"] = {"raw": {"language": "json"}}
    if item.note:
        request["description"] = item.note
    return {"name": item.name, "request": request}


def _export_field(field: Field) -> dict[str, Any]:
    exported: dict[str, Any] = {
        "key": _postman_text(field.name),
        "value": _postman_text(field.value),
    }
    if not field.enabled:
        exported["disabled"] = True
    return exported


def _export_url(request: SavedRequest) -> dict[str, Any]:
    """``raw`` as it is sent (enabled parameters encoded as the workbench sends them, variables
    left for Postman to fill in) and the parts Postman shows."""
    pairs = [
        encode_query_pair(p.name, p.value, keep_references=True)
        for p in request.params
        if p.enabled
    ]
    raw = _postman_text(with_query(request.url, pairs))
    url: dict[str, Any] = {"raw": raw}
    scheme, sep, rest = raw.partition("://")
    if not sep:
        scheme, rest = "", raw
    location, _, query = rest.partition("?")
    host, _, path = location.partition("/")
    if scheme:
        url["protocol"] = scheme
    if host:
        url["host"] = [host] if host.startswith("{{") else host.split(".")
    if path:
        url["path"] = path.split("/")
    entries: list[dict[str, Any]] = [
        {"key": key, "value": value}
        for key, _, value in (pair.partition("=") for pair in query.split("&") if pair)
    ]
    entries += [_export_field(p) for p in request.params if not p.enabled]
    if entries:
        url["query"] = entries
    return url


def _postman_text(text: str) -> str:
    """Our built-in names in Postman's spelling (``$uuid`` is ``$guid`` there)."""
    return text.replace("{{$uuid}}", "{{$guid}}")

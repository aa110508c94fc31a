"""A request as the sandbox sees it and the response it gives, with their common headers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

Pairs = tuple[tuple[str, str], ...]

JSON_HEADERS: Pairs = (("Content-Type", "application/json"),)
NO_STORE_HEADERS: Pairs = (("Cache-Control", "no-store"), ("Pragma", "no-cache"))


@dataclass(frozen=True)
class SandboxRequest:
    """One HTTP request as the sandbox sees it: already framed, body fully read."""

    method: str
    target: str
    headers: Pairs = ()
    body: bytes = b""
    client_host: str = "127.0.0.1"
    server_port: int | None = None
    """The port the request came in on (None in unit tests: any port is the sandbox's)."""

    def header_values(self, name: str) -> list[str]:
        """Every value of header ``name`` (case-insensitive), in wire order."""
        wanted = name.lower()
        return [value for key, value in self.headers if key.lower() == wanted]

    def header(self, name: str) -> str | None:
        """The first value of header ``name``, or None."""
        values = self.header_values(name)
        return values[0] if values else None


@dataclass(frozen=True)
class SandboxResponse:
    """What the sandbox answers: status, ordered headers (no framing headers) and body."""

    status: int
    headers: Pairs
    body: bytes
    close_connection: bool = False

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)


def split_target(target: str) -> tuple[str, str]:
    """Path and query of a request target (origin-form or absolute-form)."""
    if target.startswith("/"):
        path, _, query = target.partition("?")
        return path, query.partition("#")[0]
    try:
        parts = urlsplit(target)
    except ValueError:  # an unreadable absolute form such as ``http://[::1/``: no such path
        return target, ""
    return parts.path or "/", parts.query

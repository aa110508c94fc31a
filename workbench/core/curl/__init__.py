"""cURL in and out: copy an exchange as a shell command, import a token request from one."""

from __future__ import annotations

from workbench.core.curl.command import CurlCommand, CurlImportError
from workbench.core.curl.export import placeholder_name, to_curl
from workbench.core.curl.parse import parse_curl
from workbench.core.curl.token_import import from_curl

__all__ = [
    "CurlCommand",
    "CurlImportError",
    "from_curl",
    "parse_curl",
    "placeholder_name",
    "to_curl",
]

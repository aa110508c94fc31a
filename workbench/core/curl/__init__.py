"""cURL in and out: copy an exchange as a shell command, import a token request from one."""

from __future__ import annotations

from workbench.core.curl.command import CurlCommand, CurlImportError
from workbench.core.curl.export import placeholder_name, to_curl
from workbench.core.curl.parse import parse_curl
from workbench.core.curl.token_import import CurlImport, from_curl, import_token_request

__all__ = [
    "CurlCommand",
    "CurlImport",
    "CurlImportError",
    "from_curl",
    "import_token_request",
    "parse_curl",
    "placeholder_name",
    "to_curl",
]

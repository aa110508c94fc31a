"""Which values of a request are credentials, and the request as a screen may show it.

For the composer and presenter mode: an API key typed into a header, a query parameter or a
body is masked on screen like the client secret (until revealed; never while presenting).
The rules are redaction's own (``workbench.core.redact``), so the screen, the files and the
exports agree on what a credential is.
"""

from __future__ import annotations

from dataclasses import replace

from workbench.core.calls import ApiRequest
from workbench.core.redact import QUERY_SECRET_NAMES, SECRET_FIELDS, SECRET_HEADERS, Redactor


def is_credential_header(name: str) -> bool:
    """True for a header whose value authenticates (Authorization, X-Api-Key, Cookie...)."""
    return name.strip().lower() in SECRET_HEADERS


def is_credential_param(name: str) -> bool:
    """True for a query parameter whose value authenticates (``key``, ``api_key``, ``token``...)."""
    return name.strip().casefold() in QUERY_SECRET_NAMES


def is_credential_field(name: str) -> bool:
    """True for a body field (form or JSON) whose value authenticates (``client_secret``...)."""
    return name.strip().casefold() in SECRET_FIELDS


def masked_for_display(request: ApiRequest) -> ApiRequest:
    """``request`` with every credential (and every secret it declares) shown as the mask."""
    redactor = Redactor(request.secrets)
    return replace(
        request,
        url=redactor.url(request.url),
        headers=redactor.headers(request.headers),
        body=redactor.data(request.body),
    )

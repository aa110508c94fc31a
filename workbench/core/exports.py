"""Every export of a session (HAR, debug report, cURL, Python) masked by one redaction.

A secret one exchange reveals (a token it issued, a client secret it sent) is a secret in
every other: sent in the body of an RFC 7662 introspection or RFC 7009 revocation, in a
query, a header, or echoed by a server. So each export gathers every secret the session
knows (``session_secrets``: those the exchanges carry in named places, the configuration's
own, those in the request being composed) and masks them all wherever they appear.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from workbench.core.calls import ApiRequest
from workbench.core.config import ClientConfig
from workbench.core.http import Exchange, HttpRequest
from workbench.core.problems import Problem
from workbench.core.redact import harvest_request, harvest_secrets


class ExportFormat(StrEnum):
    """What to export."""

    HAR = "har"
    REPORT = "report"
    CURL = "curl"
    PYTHON = "python"


@dataclass(frozen=True)
class ExportSources:
    """What can be exported: the timeline (oldest first), the profile, the selection."""

    story: tuple[tuple[Exchange, Problem | None], ...]
    config: ClientConfig
    profile_name: str = ""
    selected: Exchange | None = None
    """The exchange selected in the timeline (or shown in the viewer), for cURL."""
    request: ApiRequest | None = None
    """The request in the composer, for the Python snippet."""


def session_secrets(sources: ExportSources) -> tuple[str, ...]:
    """Every secret the session knows, for masking any export of it."""
    found = [sources.config.client_secret.reveal(), sources.config.private_key_pem.reveal()]
    exchanges = [exchange for exchange, _problem in sources.story]
    if sources.selected is not None:
        exchanges.append(sources.selected)
    for exchange in exchanges:
        found.extend(harvest_secrets(exchange))
    request = sources.request
    if request is not None:
        found.extend(
            harvest_request(HttpRequest(request.method, request.url, request.headers, request.body))
        )
    return tuple(secret for secret in dict.fromkeys(found) if secret)


def export_text(sources: ExportSources, kind: ExportFormat, *, include_secrets: bool) -> str:
    """The export of ``kind`` as text; masked unless ``include_secrets`` (Python: never in)."""
    secrets = () if include_secrets else session_secrets(sources)
    if kind is ExportFormat.HAR:
        from workbench.core.har import har_json

        exchanges = [exchange for exchange, _problem in sources.story]
        return har_json(exchanges, include_secrets=include_secrets, secrets=secrets) + "\n"
    if kind is ExportFormat.REPORT:
        from workbench.core.report import debug_report_html, profile_summary

        summary = profile_summary(sources.config, profile_name=sources.profile_name)
        return debug_report_html(
            sources.story, profile_summary=summary, include_secrets=include_secrets, secrets=secrets
        )
    if kind is ExportFormat.CURL:
        from workbench.core.curl import to_curl

        if sources.selected is None:
            return ""
        return to_curl(sources.selected, include_secrets=include_secrets, secrets=secrets) + "\n"
    from workbench.core.snippet import to_python

    return to_python(sources.config, sources.request, secrets=session_secrets(sources))


def available_formats(sources: ExportSources) -> tuple[ExportFormat, ...]:
    """The formats that have something to export (cURL needs a selected exchange)."""
    return tuple(
        kind
        for kind in ExportFormat
        if kind is not ExportFormat.CURL or sources.selected is not None
    )

"""GetResponse's error envelope (protocol.md): its codes, 1014 split by message, 1015's wait."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from workbench.core.config import Pairs
from workbench.core.http import Exchange, ExchangeKind, HttpRequest, HttpResponse
from workbench.core.problems import Problem
from workbench.core.problems.catalogue import (
    api_auth_words,
    bad_credentials_words,
    expired_words,
    rate_limited_words,
)
from workbench.core.problems.getresponse_codes import GETRESPONSE_CODES, code_wording_is_ours
from workbench.core.problems.status import status_words
from workbench.core.problems.text import (
    MAX_QUOTE_CHARS,
    as_int,
    clean,
    flatten,
    http_url,
    scalar_text,
)
from workbench.core.problems.waiting import retry_after_from_headers, seconds_from_text
from workbench.core.problems.words import Words, make_problem

_GETRESPONSE_LIMITS = (
    "GetResponse allows 30,000 calls per 10 minutes, 80 per second and 10 at once."
)


def describe_getresponse(
    exchange: Exchange, response: HttpResponse, envelope: dict[str, object]
) -> Problem:
    """GetResponse's error envelope, by its code (1014 and 1015 by their details)."""
    code = as_int(envelope.get("code"))
    code_text = scalar_text(envelope.get("code"))
    message = clean(scalar_text(envelope.get("message")), MAX_QUOTE_CHARS)
    description = clean(scalar_text(envelope.get("codeDescription")), MAX_QUOTE_CHARS)
    quote = message or description
    fields = flatten(envelope)
    more_info = http_url(envelope.get("moreInfo"))
    status = response.status
    make = partial(
        make_problem,
        source="getresponse",
        http_status=status,
        code=code_text,
        fields=fields,
        more_info_url=more_info,
    )
    ours = code is None or code_wording_is_ours(code)
    if code == 1014:
        if "expired" in message.lower():
            return make(expired_words("GetResponse"), wording_is_ours=False)
        if exchange.kind is ExchangeKind.TOKEN:
            return make(
                bad_credentials_words(exchange.request),
                wording_is_ours=False,
                quote=quote,
                speaker="GetResponse",
            )
        return make(
            api_auth_words(exchange.request, "GetResponse"),
            wording_is_ours=False,
            quote=quote,
            speaker="GetResponse",
        )
    if code == 1015:
        context = envelope.get("context")
        reset = context.get("timeToReset") if isinstance(context, dict) else None
        wait_s = seconds_from_text(scalar_text(reset)) if reset is not None else None
        if wait_s is None:
            wait_s = retry_after_from_headers(exchange, response)
        return make(
            rate_limited_words("GetResponse", wait_s, _GETRESPONSE_LIMITS),
            wording_is_ours=False,
            retry_after_s=wait_s,
            quote=quote,
            speaker="GetResponse",
        )
    entry = GETRESPONSE_CODES.get(code) if code is not None else None
    if entry is not None:
        words = Words(
            entry.kind,
            entry.title,
            entry.explanation,
            entry.likely_cause + _x_domain_hint(exchange.request, code or 0),
            entry.suggested_action,
        )
        if code == 1000:
            details = _context_summary(fields)
            if details:
                words = replace(words, likely_cause=f"{words.likely_cause} Details: {details}.")
        return make(words, wording_is_ours=ours, quote=quote, speaker="GetResponse")
    base = status_words(exchange, response.status, quote="")
    words = replace(
        base,
        explanation=f"{base.explanation} GetResponse gave the error code {code_text or '?'}, "
        "which the workbench does not know.",
    )
    return make(words, wording_is_ours=True, quote=quote, speaker="GetResponse")


def _x_domain_hint(request: HttpRequest, code: int) -> str:
    if code not in (1021, 1024):
        return ""
    sent = request.header("X-Domain")
    if sent is None:
        return " This request sent no X-Domain header."
    return f" This request sent X-Domain: {clean(sent, 80)}."


def _context_summary(fields: Pairs) -> str:
    parts = [
        f"{key.removeprefix('context.')} = {value}"
        for key, value in fields
        if key.startswith("context.") and value
    ]
    return clean("; ".join(parts[:5]), MAX_QUOTE_CHARS)

"""RFC 9457 problem details (``application/problem+json``)."""

from __future__ import annotations

from dataclasses import replace

from workbench.core.http import Exchange, HttpResponse
from workbench.core.problems import Problem, ProblemKind
from workbench.core.problems.status import status_words
from workbench.core.problems.text import MAX_QUOTE_CHARS, clean, flatten, http_url, scalar_text
from workbench.core.problems.waiting import retry_after_for
from workbench.core.problems.words import MAX_TITLE_CHARS, make_problem


def is_problem_json(response: HttpResponse, data: dict[str, object]) -> bool:
    """``application/problem+json``, or JSON of its shape (title or detail, type or status)."""
    if response.content_type == "application/problem+json":
        return True
    described = isinstance(data.get("title"), str) or isinstance(data.get("detail"), str)
    return described and ("type" in data or "status" in data)


def describe_problem_json(
    exchange: Exchange, response: HttpResponse, data: dict[str, object]
) -> Problem:
    """RFC 9457 problem details: the status's words, titled by the provider when generic."""
    title = clean(scalar_text(data.get("title")), 120)
    detail = clean(scalar_text(data.get("detail")), MAX_QUOTE_CHARS)
    quote = ": ".join(part for part in (title, detail) if part)
    type_uri = clean(scalar_text(data.get("type")), 300)
    words = status_words(exchange, response.status, quote=quote)
    generic_kinds = {
        ProblemKind.BAD_REQUEST,
        ProblemKind.FORBIDDEN,
        ProblemKind.NOT_FOUND,
        ProblemKind.SERVER_ERROR,
        ProblemKind.UNEXPECTED,
    }
    if title and len(title) <= MAX_TITLE_CHARS and words.kind in generic_kinds:
        words = replace(words, title=title)
    return make_problem(
        words,
        source="rfc9457",
        http_status=response.status,
        code="" if type_uri in ("", "about:blank") else type_uri,
        fields=flatten(data),
        more_info_url=http_url(type_uri),
        quote=quote,
        retry_after_s=retry_after_for(words.kind, exchange, response),
    )

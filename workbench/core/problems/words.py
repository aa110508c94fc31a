"""A problem's words (kind, title, explanation, cause, action) and how they become a ``Problem``."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.core.config import Pairs
from workbench.core.problems import Problem, ProblemKind
from workbench.core.problems.text import sentence

MAX_TITLE_CHARS = 59


@dataclass(frozen=True)
class Words:
    """The four plain-language parts of a problem, and its kind."""

    kind: ProblemKind
    title: str
    explanation: str
    likely_cause: str
    suggested_action: str


def make_problem(
    words: Words,
    *,
    source: str,
    http_status: int | None,
    code: str = "",
    fields: Pairs = (),
    more_info_url: str = "",
    quote: str = "",
    speaker: str = "The server",
    retry_after_s: float | None = None,
    wording_is_ours: bool = False,
) -> Problem:
    """A ``Problem`` from ``words``, quoting the provider's own message in the explanation."""
    explanation = words.explanation
    if quote and quote.lower() not in explanation.lower():
        verb = "" if speaker.endswith("titled") else " says:"
        explanation = sentence(f"{explanation} {speaker}{verb} “{quote}”")
    return Problem(
        kind=words.kind,
        title=words.title,
        explanation=explanation,
        likely_cause=words.likely_cause,
        suggested_action=words.suggested_action,
        http_status=http_status,
        source=source,
        code=code,
        fields=fields,
        more_info_url=more_info_url,
        retry_after_s=retry_after_s,
        wording_is_ours=wording_is_ours,
    )

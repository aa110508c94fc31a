"""A problem's facts for developers (codes, status, the format read), and its sentences once."""

from __future__ import annotations

import re

from workbench.core.problems import Problem

SOURCE_WORDS = {
    "getresponse": "GetResponse's error envelope",
    "rfc6749": "an OAuth error (RFC 6749 §5.2)",
    "rfc6750": "a Bearer challenge (RFC 6750)",
    "rfc9457": "problem details (RFC 9457)",
    "www-authenticate": "the WWW-Authenticate header",
    "html": "an HTML page",
    "text": "plain text",
    "json": "JSON",
    "empty": "an empty body",
    "binary": "a binary body",
}
"""What each ``Problem.source`` was read from, in words."""
TRANSPORT = "transport"
_SENTENCE_END = re.compile(r"(?<=[.!?…])[”\"']?\s+(?=[A-Z“\"'(])")


def developer_facts(problem: Problem) -> list[str]:
    """``["provider code 1014", "HTTP 401", "read from GetResponse's error envelope"]``; a
    failure with no answer gives its kind (``"failure: refused"``), never a provider code."""
    facts: list[str] = []
    if problem.code:
        label = "failure" if problem.source == TRANSPORT else "provider code"
        facts.append(f"{label} {problem.code}")
    if problem.http_status is not None:
        facts.append(f"HTTP {problem.http_status}")
    if problem.source and problem.source != TRANSPORT:
        facts.append(f"read from {SOURCE_WORDS.get(problem.source, problem.source)}")
    return facts


def sentences(text: str) -> list[str]:
    """``text`` split into its sentences (at a full stop, ! or ? before a capital)."""
    return [part.strip() for part in _SENTENCE_END.split(text.strip()) if part.strip()]


def said_key(text: str) -> str:
    """What makes two sentences the same: case, spaces and the final stop aside."""
    return " ".join(text.lower().split()).rstrip(".!?…")


def said_once(problem: Problem) -> tuple[str, str, str]:
    """What happened, the likely cause and what to do, each sentence said once: what to do
    keeps its sentences, the cause and then the explanation drop what is said already (the
    title included). For every place that words a problem: the window, the report, the CLI."""
    said = {said_key(problem.title)}
    action = not_said_before(problem.suggested_action, said)
    cause = not_said_before(problem.likely_cause, said)
    explanation = not_said_before(problem.explanation, said)
    return explanation, cause, action


def not_said_before(text: str, said: set[str]) -> str:
    """The sentences of ``text`` not in ``said`` (which then holds them too), joined again."""
    kept = []
    for part in sentences(text):
        key = said_key(part)
        if key and key not in said:
            said.add(key)
            kept.append(part)
    return " ".join(kept)

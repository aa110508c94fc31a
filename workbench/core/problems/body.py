"""What a response body holds, for quoting: JSON, an HTML title, the first lines of text."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

from workbench.core.body_kind import BodyFormat, body_kind, decode_body
from workbench.core.http import HttpResponse
from workbench.core.problems.text import MAX_QUOTE_CHARS, clean

MAX_JSON_BYTES = 2 * 1024 * 1024
"""Bodies larger than this are not parsed as JSON; only their start is looked at as text."""
HEAD_BYTES = 64 * 1024
"""How much of a body is decoded to find a title, a heading or the first lines."""


@dataclass(frozen=True)
class Body:
    """What a response body turned out to be."""

    format: str
    """json, html, text, empty or binary."""
    size: int
    data: object = None
    """The parsed JSON value when ``format`` is json."""
    snippet: str = ""
    """A short, cleaned piece of text worth quoting: a message, a page title, first lines."""


def read_body(response: HttpResponse) -> Body:
    """What ``response``'s body is (json, html, text, empty, binary) and a snippet worth quoting."""
    body = bytes(response.body)
    size = len(body)
    kind = body_kind(body, response.header("Content-Type") or "", cut=response.truncated)
    if kind.format is BodyFormat.EMPTY:
        return Body("empty", size)
    text = decode_body(body[:HEAD_BYTES], kind)
    if text is None:
        return Body("binary", size, snippet="")
    text = text.lstrip("\ufeff")
    if kind.format is BodyFormat.JSON:
        if size <= MAX_JSON_BYTES and not response.truncated:
            full = text if size <= HEAD_BYTES else decode_body(body, kind)
            try:
                data = json.loads((full or "").lstrip("\ufeff"))
            except (ValueError, RecursionError):
                pass
            else:
                return Body("json", size, data=data, snippet=_json_message(data))
        return Body("text", size, snippet=_message_from_json_text(text))
    if kind.format is BodyFormat.HTML:
        return Body("html", size, snippet=_html_heading(text))
    return Body("text", size, snippet=_first_lines(text))


_JSON_MESSAGE_PATTERN = re.compile(
    r'"(?:message|error_description|detail|title)"\s*:\s*"((?:[^"\\]|\\.){1,300})"'
)


def _message_from_json_text(text: str) -> str:
    """The message of JSON that could not be parsed (cut short, too big, too deep), if any."""
    match = _JSON_MESSAGE_PATTERN.search(text[:HEAD_BYTES])
    if match is None:
        return ""
    try:
        message = json.loads(f'"{match.group(1)}"')
    except ValueError:
        message = match.group(1)
    return clean(message, MAX_QUOTE_CHARS)


def _html_heading(text: str) -> str:
    """The page's <title>, else its first heading, else its first words; tags stripped."""
    lowered = text.lower()
    for opening, closing in (("<title", "</title"), ("<h1", "</h1"), ("<h2", "</h2")):
        start = lowered.find(opening)
        if start < 0:
            continue
        content_start = lowered.find(">", start)
        if content_start < 0:
            continue
        end = lowered.find(closing, content_start)
        if end < 0:
            end = min(len(text), content_start + 2000)
        found = _strip_tags(text[content_start + 1 : min(end, content_start + 2000)])
        if found:
            return found
    body_start = lowered.find("<body")
    return _strip_tags(text[max(0, body_start) : max(0, body_start) + 4000])[:120]


def _strip_tags(fragment: str) -> str:
    fragment = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", fragment, flags=re.I | re.S)
    fragment = re.sub(r"<[^<>]*>", " ", fragment)
    return clean(html.unescape(fragment), 120)


def _first_lines(text: str) -> str:
    lines = [line for line in (raw.strip() for raw in text[:4096].splitlines()) if line]
    return clean(" ".join(lines[:3]), 160)


_MESSAGE_KEYS = (
    "error_description",
    "message",
    "detail",
    "error_message",
    "errorMessage",
    "description",
    "title",
    "msg",
    "error",
)


def _json_message(data: object, depth: int = 0) -> str:
    """A human message from a JSON value of no known shape, looking two levels deep."""
    if depth > 2:
        return ""
    if isinstance(data, list) and data:
        return _json_message(data[0], depth + 1)
    if not isinstance(data, dict):
        return clean(data, MAX_QUOTE_CHARS) if isinstance(data, str) else ""
    for key in _MESSAGE_KEYS:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return clean(value, MAX_QUOTE_CHARS)
    for key in ("error", "errors"):
        value = data.get(key)
        if isinstance(value, dict | list):
            found = _json_message(value, depth + 1)
            if found:
                return found
    return ""

"""A server's control and format characters are shown escaped in every view, never obeyed,
and masking still finds every secret (issue 13's loose end: bidi and escapes on screen)."""

from __future__ import annotations

import json
import sys
import unicodedata

import pytest

from tests.exchange_samples import TOKEN, answered
from workbench.core.exchange_view import (
    MASK_SLICE_CHARS,
    explanation_html,
    header_rows,
    render_pretty,
    render_raw,
    status_text,
)
from workbench.core.http import HttpRequest
from workbench.core.printable import printable, printable_json
from workbench.core.problems import Problem, ProblemKind

MASK = "••••••"
HOSTILE = "a\x1b[2Jb\u202ec\u2066d\u200ee\u061cf\u200bg\x9bh\U000e0041i"
"""Clear the screen, right-to-left override, an isolate, marks, a zero-width space, a C1 CSI
and an invisible tag character: everything a server could use to reorder or hide text."""
ESCAPED = "a\\x1b[2Jb\\u202ec\\u2066d\\u200ee\\u061cf\\u200bg\\x9bh\\U000e0041i"
INVISIBLE = ("\x1b", "\u202e", "\u2066", "\u200e", "\u061c", "\u200b", "\x9b", "\U000e0041")


def hidden_characters(text: str) -> list[str]:
    return [char for char in INVISIBLE if char in text]


def test_every_control_and_format_character_is_escaped_but_newline_and_tab() -> None:
    """Checked against this Python's Unicode database, so a new format character is caught."""
    kept = {"\n", "\t"}
    missed = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in ("Cc", "Cf", "Cs", "Zl", "Zp")
        and chr(code) not in kept | {"\r"}
        and printable(chr(code)) == chr(code)
    ]
    assert missed == []
    assert printable("a\nb\tc\r\nd") == "a\nb\tc\r\nd"
    assert printable(HOSTILE) == ESCAPED


def test_json_escapes_keep_a_document_valid_and_its_meaning() -> None:
    document = json.dumps({"note": HOSTILE}, ensure_ascii=False)
    shown = printable_json(document)
    assert hidden_characters(shown) == []
    assert "\\udb40\\udc41" in shown  # past U+FFFF: a surrogate pair, as JSON wants
    assert json.loads(shown) == {"note": HOSTILE}


def test_the_status_line_and_the_reason_phrase_are_escaped_on_one_line() -> None:
    status = status_text(answered(b"{}", reason=f"OK {HOSTILE}\rhidden"))
    assert status.startswith(f"HTTP/1.1 200 OK {ESCAPED}\\x0dhidden · 184 ms")
    assert hidden_characters(status) == []


def test_header_names_and_values_are_escaped_after_masking() -> None:
    headers = (
        ("X-Note", HOSTILE),
        ("X-Echo", f"\u202e{TOKEN}\u202c"),  # the token echoed inside a bidi override
        ("X-Line", "one\ntwo\tthree"),
    )
    rows = header_rows(answered(b"{}", headers=headers), reveal=False)
    response_rows = [(name, value) for part, name, value in rows if part == "Response"]
    assert response_rows[1:] == [
        ("X-Note", ESCAPED),
        ("X-Echo", f"\\u202e{MASK}\\u202c"),
        ("X-Line", "one\\ntwo\\tthree"),
    ]
    revealed = header_rows(answered(b"{}", headers=headers), reveal=True)
    assert ("Response", "X-Echo", f"\\u202e{TOKEN}\\u202c") in revealed
    assert all(hidden_characters(name + value) == [] for _part, name, value in revealed)


def test_raw_escapes_the_reason_headers_and_body_and_still_masks() -> None:
    body = f"line one {HOSTILE}\nthe token: {TOKEN}\u2067\nline three\r\n".encode()
    exchange = answered(
        body, reason=f"OK {HOSTILE}", content_type="text/plain", headers=(("X-Note", HOSTILE),)
    )
    raw = render_raw(exchange, reveal=False).text
    assert hidden_characters(raw) == []
    assert f"HTTP/1.1 200 OK {ESCAPED}" in raw
    assert f"X-Note: {ESCAPED}" in raw
    assert f"line one {ESCAPED}\nthe token: {MASK}\\u2067\nline three\r\n" in raw
    assert TOKEN not in raw
    revealed = render_raw(exchange, reveal=True).text
    assert f"the token: {TOKEN}\\u2067" in revealed
    assert hidden_characters(revealed) == []


def test_a_secret_holding_a_control_character_is_masked_whole() -> None:
    """Masking comes first: an escape inside a secret never splits it into visible parts."""
    secret = "fake-token-\u202egnp.exe"
    request = HttpRequest(
        "GET", "http://127.0.0.1:9/v3/accounts", (("Authorization", f"Bearer {secret}"),)
    )
    exchange = answered(
        json.dumps({"echo": secret}, ensure_ascii=False).encode(),
        reason=f"OK {secret}",
        request=request,
    )
    for text in (
        render_raw(exchange, reveal=False).text,
        render_pretty(exchange, reveal=False).text,
        status_text(exchange),
        *(value for _part, _name, value in header_rows(exchange, reveal=False)),
    ):
        assert "gnp.exe" not in text, text
        assert "\u202e" not in text


def test_pretty_json_stays_valid_json_with_json_escapes() -> None:
    body = json.dumps({"note": HOSTILE, "list": ["\u2028", "\x85"]}, ensure_ascii=False).encode()
    shown = render_pretty(answered(body), reveal=False)
    assert shown.highlight
    assert hidden_characters(shown.text) == []
    assert "\\u202e" in shown.text and "\\u2028" in shown.text and "\\u0085" in shown.text
    assert json.loads(shown.text) == {"note": HOSTILE, "list": ["\u2028", "\x85"]}


def test_pretty_text_that_is_not_json_gets_readable_escapes() -> None:
    shown = render_pretty(answered(HOSTILE.encode(), content_type="text/plain"), reveal=True)
    assert shown.text == ESCAPED


def test_pretty_escapes_a_big_body_slice_by_slice() -> None:
    """Past one slice, masking and escaping go a slice of lines at a time: none is missed."""
    items = [{"n": index, "note": HOSTILE, "echo": TOKEN} for index in range(800)]
    body = json.dumps(items, ensure_ascii=False).encode()
    shown = render_pretty(answered(body), reveal=False).text
    assert len(shown) > 2 * MASK_SLICE_CHARS
    assert hidden_characters(shown) == []
    assert TOKEN not in shown
    assert json.loads(shown)[799] == {"n": 799, "note": HOSTILE, "echo": MASK}


@pytest.mark.parametrize(
    "field", ["title", "explanation", "likely_cause", "suggested_action", "code"]
)
def test_the_explained_tab_escapes_the_servers_words(field: str) -> None:
    """A provider's message, quoted in the explanation, cannot reorder the sentence around it."""
    words = {
        "title": "Refused",
        "explanation": "The API said so.",
        "likely_cause": "A reason.",
        "suggested_action": "Ask.",
        "code": "x",
    }
    words[field] = f"The server said: “{HOSTILE}”"
    problem = Problem(kind=ProblemKind.FORBIDDEN, source="oauth", **words)
    html = explanation_html(answered(b"{}", reason=f"OK {HOSTILE}"), problem)
    assert hidden_characters(html) == []
    assert ESCAPED in html

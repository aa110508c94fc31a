"""What a server sends reaches the terminal with its control characters escaped."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.unit.cli.fakes import (
    API_URL,
    WITH_SECRET,
    FakeClient,
    api_outcome,
    good_token_outcome,
    make_token,
)
from workbench import cli
from workbench.cli.terminal import printable, printable_body, printable_json

CONTROLS = [chr(code) for code in (*range(0x20), 0x7F, *range(0x80, 0xA0))]
ESCAPES = "\x1b]0;owned\x07\x1b[2J\x9b31m\rhidden"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain text\twith a tab\nand a newline", "plain text\twith a tab\nand a newline"),
        ("windows\r\nlines\r\n", "windows\r\nlines\r\n"),
        ("a bare\rreturn", "a bare\\x0dreturn"),
        ("\x1b[2J", "\\x1b[2J"),
        ("\x9b31m", "\\x9b31m"),
        ("bell\x07 and nul\x00 and del\x7f", "bell\\x07 and nul\\x00 and del\\x7f"),
        ("abc\u202edef", "abc\\u202edef"),
        ("é ü 日本", "é ü 日本"),
    ],
)
def test_printable_escapes_controls_but_newline_and_tab(text: str, shown: str) -> None:
    assert printable(text) == shown


@given(st.text())
def test_printable_leaves_no_control_character(text: str) -> None:
    shown = printable(text).replace("\r\n", "\n")
    assert not any(character in shown for character in CONTROLS if character not in "\n\t")


@given(st.recursive(st.none() | st.booleans() | st.text() | st.integers(), st.lists))
def test_printable_json_keeps_the_same_document(value: object) -> None:
    text = json.dumps(value, ensure_ascii=False)
    shown = printable_json(text)
    assert json.loads(shown) == value
    assert not any(character in shown for character in CONTROLS if character not in "\n\t")


def test_bodies_are_decoded_escaped_and_keep_bad_bytes_visible() -> None:
    assert printable_body(b"ok\x1b[2J\xff\n", "text/plain") == "ok\\x1b[2J\\xff\n"
    assert printable_body('{"a": "\x9b"}'.encode(), "application/json") == '{"a": "\\u009b"}'


def test_call_escapes_reason_headers_and_body(
    fake_client: FakeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_client.api_outcome = api_outcome(
        200,
        f"body {ESCAPES}".encode(),
        reason=f"OK {ESCAPES}",
        headers=(("Content-Type", "text/plain"), ("X-Note", ESCAPES)),
    )
    assert cli.main(["call", API_URL, *WITH_SECRET, "--verbose"]) == 0
    captured = capsys.readouterr()
    shown = "\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\x0dhidden"
    assert captured.out == (
        f"HTTP/1.1 200 OK {shown}\nContent-Type: text/plain\nX-Note: {shown}\n\nbody {shown}\n"
    )
    assert shown in captured.err  # the --verbose dump
    for stream in (captured.out, captured.err):
        assert "\x1b" not in stream and "\x9b" not in stream and "\x07" not in stream


def test_output_file_gets_the_body_byte_for_byte(
    fake_client: FakeClient, capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    body = f"body {ESCAPES}".encode() + b"\xff\x00"
    fake_client.api_outcome = api_outcome(200, body, headers=(("Content-Type", "text/plain"),))
    target = tmp_path / "body.bin"  # type: ignore[operator]
    assert cli.main(["call", API_URL, *WITH_SECRET, "-o", str(target)]) == 0
    assert target.read_bytes() == body
    assert capsys.readouterr().out == "HTTP/1.1 200 OK\nContent-Type: text/plain\n\n"


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        ("tok\x1b[2Jen\x9b", "tok\\x1b[2Jen\\x9b"),
        ("tok en", "tok en"),
        ('tok"en%', 'tok"en%'),
        ("tökèn", "tökèn"),
    ],
)
def test_a_token_that_is_no_bearer_value_is_printed_escaped_and_exits_5(
    fake_client: FakeClient, capsys: pytest.CaptureFixture[str], value: str, printed: str
) -> None:
    fake_client.token_outcome = good_token_outcome(make_token({"access_token": value}, value))
    assert cli.main(["token", *WITH_SECRET]) == 5
    captured = capsys.readouterr()
    assert captured.out == printed + "\n"
    assert "RFC 6750" in captured.err


def test_json_output_stays_valid_json_with_every_control_escaped(
    fake_client: FakeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    document = {"access_token": "tok\x1b\x7f\x9b", "note": ESCAPES, "token_type": "Bearer"}
    fake_client.token_outcome = good_token_outcome(make_token(document, document["access_token"]))
    assert cli.main(["token", *WITH_SECRET, "--json"]) == 5
    out = capsys.readouterr().out
    assert json.loads(out)["note"] == ESCAPES
    assert json.loads(out)["access_token"] == "tok\x1b\x7f\x9b"
    assert not any(character in out for character in CONTROLS if character != "\n")


def test_call_refuses_to_send_a_token_with_control_characters(
    fake_client: FakeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_client.token_outcome = good_token_outcome(make_token(None, "tok\nX-Evil: 1"))
    assert cli.main(["call", API_URL, *WITH_SECRET]) == 5
    assert fake_client.api_calls == []
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "not sent" in captured.err
    assert "X-Evil" not in captured.err


def test_call_warns_about_an_odd_token_but_sends_it(
    fake_client: FakeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_client.token_outcome = good_token_outcome(make_token(None, "tok en"))
    fake_client.api_outcome = api_outcome(200, b"{}")
    assert cli.main(["call", API_URL, *WITH_SECRET]) == 0
    assert len(fake_client.api_calls) == 1
    assert "b64token" in capsys.readouterr().err


def test_a_problem_is_told_each_sentence_once(capsys: pytest.CaptureFixture[str]) -> None:
    """The window's rule on the terminal too: what to do is not said again as what happened."""
    import sys

    from workbench.cli.output import print_problem
    from workbench.core.problems import Problem, ProblemKind

    problem = Problem(
        kind=ProblemKind.TOKEN_EXPIRED,
        title="The access token has expired",
        explanation="The access token has expired. Get a new token and send the request again. "
        "The server says: “gone”.",
        likely_cause="Access tokens work for a limited time. The server says this one ran out.",
        suggested_action="Get a new token and send the request again.",
        http_status=401,
    )
    print_problem(problem, "API request", file=sys.stderr)
    err = capsys.readouterr().err
    assert err.count("Get a new token and send the request again") == 1
    assert err.count("The access token has expired") == 1
    assert "  What happened: The server says: “gone”.\n" in err
    assert "  What to do:    Get a new token and send the request again.\n" in err

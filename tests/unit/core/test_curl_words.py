"""Splitting a pasted command into words as a shell does, in linear time, with a size cap."""

from __future__ import annotations

import shlex

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.curl import CurlImportError, import_token_request, parse_curl
from workbench.core.curl.words import (
    MAX_COMMAND_CHARS,
    MAX_PIECES,
    CommandWordsError,
    split_words,
)


@given(st.lists(st.text(min_size=0, max_size=30), max_size=12))
def test_words_quoted_by_shlex_come_back_whole(words: list[str]) -> None:
    assert split_words(" ".join(shlex.quote(word) for word in words)) == words


@settings(max_examples=500)
@given(st.text(alphabet="ab \t'\"\\", max_size=40))
def test_agrees_with_shlex_where_shlex_agrees_with_the_shell(text: str) -> None:
    try:
        expected = shlex.split(text)
    except ValueError:
        with pytest.raises(CommandWordsError, match="unbalanced quote"):
            split_words(text)
        return
    assert split_words(text) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("curl \\\n  -X POST \\\r\n  URL", ["curl", "-X", "POST", "URL"]),
        ("a\\\nb", ["ab"]),
        ("--data-raw 'a\r\nb' \r\n x", ["--data-raw", "a\r\nb", "x"]),  # CR LF in quotes is kept
        ("'kept\\\nin single quotes'", ["kept\\\nin single quotes"]),
        ('"joined\\\nin double quotes"', ["joinedin double quotes"]),
        ('"\\$HOME \\` \\" \\\\ \\x"', ['$HOME ` " \\ \\x']),
        ("$'line\\none\\ttab\\x41\\u00e9\\047\\e[0m'", ["line\none\ttabAé'\x1b[0m"]),
        ("--data-raw $'{\\n  \"a\": 1\\n}'", ["--data-raw", '{\n  "a": 1\n}']),
        ("a$b $ $$ c$'d'", ["a$b", "$", "$$", "cd"]),
        ("'' \"\" $''", ["", "", ""]),
    ],
)
def test_shell_rules(text: str, words: list[str]) -> None:
    assert split_words(text) == words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("x" * (MAX_COMMAND_CHARS + 1), "characters long"),
        ("a " * (MAX_PIECES + 1), "more than 20,000 words"),
        ("\\a" * (MAX_PIECES + 1), "backslashes"),
        ("curl 'open", "unbalanced quote"),
        ('curl "open', "unbalanced quote"),
        ("curl ends\\", "unbalanced quote"),
    ],
)
def test_what_is_refused_and_why(text: str, words: str) -> None:
    with pytest.raises(CommandWordsError, match=words):
        split_words(text)
    with pytest.raises(CurlImportError, match=words):
        parse_curl(text)


def test_the_largest_command_is_read() -> None:
    prefix = "curl -X POST https://api.example/v3/contacts -H 'Content-Type: application/json' -d '"
    body = '{"a": "' + "x" * (MAX_COMMAND_CHARS - len(prefix) - 10) + '"}'
    command = prefix + body + "'"
    assert len(command) <= MAX_COMMAND_CHARS
    assert parse_curl(command).body == body.encode()


def test_a_paste_from_a_browser_with_ansi_c_quoting() -> None:
    command = (
        "curl 'https://api.example/v3/token' \\\n"
        "  -H 'content-type: application/json' \\\n"
        '  --data-raw $\'{\\n  "grant_type": "client_credentials"\\n}\''
    )
    curl = parse_curl(command)
    assert curl.body == b'{\n  "grant_type": "client_credentials"\n}'


def test_import_says_when_the_command_turns_tls_off() -> None:
    secure = import_token_request("curl -u id:s https://h/t -d grant_type=client_credentials")
    assert secure.warnings == ()
    assert secure.config.verify_tls is True
    insecure = import_token_request("curl -k -u id:s https://h/t -d grant_type=client_credentials")
    assert insecure.config.verify_tls is False
    assert len(insecure.warnings) == 1
    assert "TLS verification off" in insecure.warnings[0]
    assert parse_curl("curl --insecure https://h/api").import_warnings == insecure.warnings


def test_a_token_request_with_thousands_of_parameters_is_refused() -> None:
    body = "grant_type=client_credentials" + "&a=1" * 2000
    with pytest.raises(CurlImportError, match="a token request has a handful"):
        import_token_request(f"curl -u id:s https://h/t -d '{body}'")

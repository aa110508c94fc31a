"""Options that would put a secret in the process list are refused; TLS off is always said."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.cli.fakes import API_URL, BASE, WITH_SECRET, FakeClient, api_outcome
from workbench import cli

HIDDEN = "hunter2-must-not-echo"
WITH_ID = ["--client-id", "c", "--client-secret-env", "WB_TEST_SECRET"]


@pytest.mark.parametrize(
    ("argv", "advice"),
    [
        (["token", *WITH_SECRET, "--param", f"client_secret={HIDDEN}"], "--client-secret-env"),
        (["token", *WITH_SECRET, "--param", f"Client_Assertion={HIDDEN}"], "--auth secret-jwt"),
        (["token", *WITH_SECRET, "--param", f"refresh_token={HIDDEN}"], "--client-secret-env"),
        (["token", *WITH_SECRET, "--header", f"Authorization: Basic {HIDDEN}"], "its own token"),
        (["call", API_URL, *WITH_SECRET, "-H", f"X-Api-Key: {HIDDEN}"], "--call-header-env"),
        (["call", API_URL, *WITH_SECRET, "-H", f"x-auth-token: api-key {HIDDEN}"], "header-env"),
        (["call", API_URL, *WITH_SECRET, "-H", f"Api-Key: {HIDDEN}"], "--call-header-env"),
        (["call", API_URL, *WITH_SECRET, "-H", f"Cookie: sid={HIDDEN}"], "--call-header-env"),
        (["call", API_URL, *WITH_SECRET, "--header", f"Proxy-Authorization: {HIDDEN}"], "env"),
    ],
)
def test_secret_options_are_refused_like_client_secret_without_echo(
    fake_client: FakeClient, capsys: pytest.CaptureFixture[str], argv: list[str], advice: str
) -> None:
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert "process list" in err
    assert advice in err
    assert HIDDEN not in err
    assert fake_client.configs == []  # nothing was sent


def test_a_malformed_param_or_header_is_not_echoed(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["token", *WITH_SECRET, "--header", f"Bad Name: {HIDDEN}"]) == 2
    assert cli.main(["token", *WITH_SECRET, "--header", f"X-A: {HIDDEN}\nX-B: 1"]) == 2
    assert HIDDEN not in capsys.readouterr().err


def test_call_header_env_reads_a_credential_from_the_environment(
    fake_client: FakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WB_API_KEY", "api-key abc123")
    fake_client.api_outcome = api_outcome(200, b"{}")
    argv = ["call", API_URL, *WITH_SECRET, "--call-header-env", "X-Auth-Token: WB_API_KEY"]
    assert cli.main(argv) == 0
    ((request, _token, options),) = fake_client.api_calls
    assert request.headers == (("X-Auth-Token", "api-key abc123"),)
    assert options.extra_headers == ()  # the API request only


@pytest.mark.parametrize(
    ("spec", "message"),
    [("X-Api-Key: WB_UNSET", "WB_UNSET is not set"), ("X-Api-Key", "'Name: VAR'")],
)
def test_call_header_env_needs_a_set_variable(
    fake_client: FakeClient, capsys: pytest.CaptureFixture[str], spec: str, message: str
) -> None:
    assert cli.main(["call", API_URL, *WITH_SECRET, "--call-header-env", spec]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("flag", [["--insecure"], []])
def test_tls_off_is_said_on_every_run(
    fake_client: FakeClient, capsys: pytest.CaptureFixture[str], flag: list[str]
) -> None:
    https = ["--token-url", "https://auth.example/token", "--client-id", "c"]
    argv = ["token", *https, "--client-secret-env", "WB_TEST_SECRET", *flag]
    for _run in range(2):
        assert cli.main(argv) == 0
        err = capsys.readouterr().err
        assert ("TLS verification is off" in err) is bool(flag)
        if flag:
            assert "client credentials go out" in err and "auth.example" in err


def test_tls_off_on_a_call_names_the_api_host(
    fake_client: FakeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_client.api_outcome = api_outcome(200, b"{}")
    argv = ["call", "https://api.example/v3/accounts", *BASE, "--auth", "none", "--insecure"]
    assert cli.main(argv) == 0
    err = capsys.readouterr().err
    assert "token goes to api.example" in err
    assert "client credentials" not in err  # the token URL is plain loopback http here
    assert fake_client.configs[0].verify_tls is False
    assert fake_client.api_calls[0][2].verify_tls is False


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"n": ' + b"9" * 5000 + b"}",
        b'{"broken": ',
    ],
    ids=["deep", "huge-number", "broken"],
)
def test_call_body_from_a_file_that_json_cannot_read_gets_a_message(
    fake_client: FakeClient, capsys: pytest.CaptureFixture[str], tmp_path: Path, body: bytes
) -> None:
    fake_client.api_outcome = api_outcome(200, b"{}")
    body_file = tmp_path / "body.json"
    body_file.write_bytes(body)
    assert cli.main(["call", API_URL, *WITH_SECRET, "-d", f"@{body_file}"]) == 0
    err = capsys.readouterr().err
    assert "looks like JSON but is not" in err
    assert "Traceback" not in err and "sys.set_int_max_str_digits" not in err
    ((request, _token, _options),) = fake_client.api_calls
    assert request.body == body


@pytest.mark.parametrize(
    ("argv", "where"),
    [
        (["call", f"https://api.example/v3?api_key={HIDDEN}", *WITH_SECRET], "the URL"),
        (["call", f"https://api.example/v3?token={HIDDEN}", *WITH_SECRET], "the URL"),
        (["call", f"https://u:{HIDDEN}@api.example/v3", *WITH_SECRET], "the URL"),
        (["call", API_URL, *WITH_SECRET, "-d", f"password={HIDDEN}"], "-d"),
        (["call", API_URL, *WITH_SECRET, "-d", f'{{"client_secret": "{HIDDEN}"}}'], "-d"),
        (["token", "--token-url", f"https://id:{HIDDEN}@auth.example/t", *WITH_ID], "--token-url"),
        (["call", "https://api.example/v3?api_key=k1", *WITH_SECRET], "the URL"),  # short: too
        (["call", "https://u:p@api.example/v3", *WITH_SECRET], "the URL"),
        (["call", API_URL, *WITH_SECRET, "-d", "client_secret=s1"], "-d"),
    ],
)
def test_a_credential_in_an_argument_is_warned_about(
    fake_client: FakeClient, capsys: pytest.CaptureFixture[str], argv: list[str], where: str
) -> None:
    fake_client.api_outcome = api_outcome(200, b"{}")
    assert cli.main(argv) == 0
    err = capsys.readouterr().err
    assert f"warning: {where} holds a credential" in err
    assert HIDDEN not in err


def test_an_ordinary_call_gets_no_such_warning(
    fake_client: FakeClient, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fake_client.api_outcome = api_outcome(200, b"{}")
    body = tmp_path / "body.txt"
    body.write_text(f"password={HIDDEN}", encoding="utf-8")
    argv = ["call", f"{API_URL}?page=2", *WITH_SECRET, "-d", f"@{body}"]
    assert cli.main(argv) == 0
    assert "holds a credential" not in capsys.readouterr().err


def test_a_body_file_that_never_ends_is_refused_at_the_cap(
    fake_client: FakeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    """``-d @/dev/zero`` would read until the memory runs out."""
    assert cli.main(["call", API_URL, *WITH_SECRET, "-d", "@/dev/zero"]) == 2
    assert "-d @/dev/zero is larger than 32 MiB" in capsys.readouterr().err
    assert fake_client.api_calls == []


def test_a_secret_on_stdin_without_an_end_of_line_in_sight_is_refused(
    fake_client: FakeClient, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("x" * 200_000))  # /dev/zero would never end
    argv = ["token", "--token-url", "http://127.0.0.1:9/t", "--client-id", "c"]
    assert cli.main([*argv, "--client-secret-stdin"]) == 2
    assert "no end of line" in capsys.readouterr().err
    assert fake_client.configs == []

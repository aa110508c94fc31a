"""The command line in-process: argument parsing, secret sources, output and exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import types
from typing import Any

import pytest

from tests.unit.cli.fakes import (
    API_URL,
    BAD_CREDENTIALS,
    BASE,
    REFUSED,
    TOKEN_URL,
    TOKEN_VALUE,
    WITH_SECRET,
    FakeClient,
    api_outcome,
    good_token_outcome,
    make_token,
    token_exchange,
)
from workbench import __version__, cli
from workbench.cli import commands, output, parser
from workbench.core.config import BodyEncoding, ClientAuth
from workbench.core.http import (
    Exchange,
    ExchangeKind,
    FailureKind,
    HttpRequest,
    TransportFailure,
)
from workbench.core.problems import Problem, ProblemKind

# ---------------------------------------------------------------------------- top level


def test_version_prints_name_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out == f"workbench {__version__}\n"


def test_help_lists_the_commands_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("sandbox", "token", "call", "--demo"):
        assert command in out


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--frobnicate"]) == 2
    assert "unrecognized arguments" in capsys.readouterr().err


def test_options_before_sandbox_are_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--demo", "sandbox"]) == 2
    assert "no options before 'sandbox'" in capsys.readouterr().err


def install_fake_module(monkeypatch: pytest.MonkeyPatch, name: str, **attrs: Any) -> None:
    module = types.ModuleType(name)
    for key, value in attrs.items():
        setattr(module, key, value)
    monkeypatch.setitem(sys.modules, name, module)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], {"demo": False, "self_test": False}),
        (["--demo"], {"demo": True, "self_test": False}),
        (["--self-test"], {"demo": False, "self_test": True}),
    ],
)
def test_no_command_opens_the_gui(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], expected: dict[str, bool]
) -> None:
    calls: list[tuple[list[str], dict[str, bool]]] = []

    def run_gui(gui_argv: list[str], *, demo: bool = False, self_test: bool = False) -> int:
        calls.append((gui_argv, {"demo": demo, "self_test": self_test}))
        return 7

    install_fake_module(monkeypatch, "workbench.app", run_gui=run_gui)
    assert cli.main(argv) == 7
    assert len(calls) == 1
    assert calls[0][1] == expected
    assert len(calls[0][0]) == 1  # only a program name: no stray arguments reach Qt


def test_sandbox_gets_every_remaining_argument(monkeypatch: pytest.MonkeyPatch) -> None:
    received: list[list[str]] = []

    def run_sandbox_command(argv: list[str]) -> int:
        received.append(argv)
        return 5

    install_fake_module(
        monkeypatch, "workbench.sandbox.command", run_sandbox_command=run_sandbox_command
    )
    assert cli.main(["sandbox", "--port", "8080", "--help", "--token-ttl", "60"]) == 5
    assert received == [["--port", "8080", "--help", "--token-ttl", "60"]]


def test_importing_the_cli_loads_neither_qt_nor_requests() -> None:
    code = (
        "import sys, workbench.cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'requests', 'urllib3', 'jwt', 'cryptography')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=30
    )
    assert result.stdout.strip() == "[]"


def test_choices_match_the_model_enums() -> None:
    assert tuple(auth.value for auth in ClientAuth) == parser.AUTH_CHOICES
    assert tuple(encoding.value for encoding in BodyEncoding) == parser.BODY_CHOICES


# ---------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["token", "--client-id", "demo-client"], "--token-url"),
        (["token", "--token-url", TOKEN_URL], "--client-id"),
        (["token", "--token-url", "ftp://127.0.0.1/x", "--client-id", "c"], "http"),
        (["token", "--token-url", "127.0.0.1/token", "--client-id", "c"], "http"),
        (["token", *WITH_SECRET, "--auth", "magic"], "invalid choice"),
        (["token", *WITH_SECRET, "--body", "xml"], "invalid choice"),
        (["token", *WITH_SECRET, "--timeout", "0"], "positive"),
        (["token", *WITH_SECRET, "--timeout", "soon"], "number"),
        (["token", *WITH_SECRET, "--timeout", "1e10"], "at most 600 seconds"),
        (["token", *WITH_SECRET, "--param", "audience"], "NAME=VALUE"),
        (["token", *WITH_SECRET, "--param", "=x"], "NAME=VALUE"),
        (["token", *WITH_SECRET, "--header", "X-Domain example.com"], "Name: value"),
        (["token", *WITH_SECRET, "--header", "Bad Name: x"], "Name: value"),
        (["token", *BASE], "needs the client secret"),
        (["token", *BASE, "--auth", "private-key-jwt"], "--private-key-file"),
        (["token", *WITH_SECRET, "--auth", "none"], "sends no secret"),
        (
            ["token", *BASE, "--client-secret-env", "A", "--client-secret-stdin"],
            "not allowed with",
        ),
        (["call", *WITH_SECRET], "URL"),
        (["call", API_URL, *WITH_SECRET, "-H", "nocolon"], "-H wants"),
    ],
)
def test_usage_errors_exit_2_with_a_message(
    fake_client: FakeClient,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    assert cli.main(argv) == 2
    assert message in capsys.readouterr().err
    assert fake_client.configs == []  # nothing was sent


@pytest.mark.parametrize(
    "argv",
    [
        ["--client-secret", "demo-secret"],
        ["--client-secret=demo-secret"],
        ["--client-secret"],
    ],
)
def test_a_secret_is_never_taken_as_an_argument_nor_echoed(
    fake_client: FakeClient, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    assert cli.main(["token", *BASE, *argv]) == 2
    captured = capsys.readouterr()
    assert "demo-secret" not in captured.err + captured.out
    assert "--client-secret-env" in captured.err  # says what to do instead
    assert fake_client.configs == []


def test_help_does_not_offer_a_secret_argument(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["token", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--client-secret-env" in out
    assert "--client-secret " not in out
    assert "--client-secret CLIENT_SECRET" not in out


def test_missing_environment_variable_names_it(
    fake_client: FakeClient, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("WB_NOT_SET", raising=False)
    assert cli.main(["token", *BASE, "--client-secret-env", "WB_NOT_SET"]) == 2
    assert "environment variable WB_NOT_SET is not set" in capsys.readouterr().err


def test_empty_environment_variable_is_refused(
    fake_client: FakeClient, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WB_EMPTY", "")
    assert cli.main(["token", *BASE, "--client-secret-env", "WB_EMPTY"]) == 2
    assert "WB_EMPTY is empty" in capsys.readouterr().err


def test_unreadable_private_key_file_is_a_usage_error(
    fake_client: FakeClient, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["token", *BASE, "--private-key-file", str(tmp_path / "missing.pem")]) == 2
    assert "could not be read" in capsys.readouterr().err
    assert cli.main(["token", *BASE, "--private-key-file", "/dev/zero"]) == 2  # never ends
    assert "/dev/zero is not a regular file" in capsys.readouterr().err
    assert fake_client.configs == []
    not_pem = tmp_path / "key.txt"
    not_pem.write_text("hello", encoding="utf-8")
    assert cli.main(["token", *BASE, "--private-key-file", str(not_pem)]) == 2
    assert "not a PEM file" in capsys.readouterr().err


# ---------------------------------------------------------------------------- the config built


def test_options_become_the_client_config(
    fake_client: FakeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [
        "token",
        *WITH_SECRET,
        "--auth",
        "post",
        "--body",
        "json",
        "--scope",
        "all",
        "--param",
        "audience=https://api.example",
        "--param",
        "resource=a=b",
        "--header",
        "X-Domain: example.com",
        "--header",
        "X-Empty:",
        "--insecure",
        "--timeout",
        "2.5",
    ]
    assert cli.main(argv) == 0
    (config,) = fake_client.configs
    assert config.token_url == TOKEN_URL
    assert config.client_id == "demo-client"
    assert config.client_secret.reveal() == "demo-secret"
    assert config.auth is ClientAuth.POST
    assert config.body_encoding is BodyEncoding.JSON
    assert config.scope == "all"
    assert config.extra_params == (("audience", "https://api.example"), ("resource", "a=b"))
    assert config.extra_headers == (("X-Domain", "example.com"), ("X-Empty", ""))
    assert config.verify_tls is False
    assert config.timeout_s == 2.5
    assert capsys.readouterr().out == TOKEN_VALUE + "\n"


def test_defaults_are_basic_form_verified(fake_client: FakeClient) -> None:
    assert cli.main(["token", *WITH_SECRET]) == 0
    (config,) = fake_client.configs
    assert config.auth is ClientAuth.BASIC
    assert config.body_encoding is BodyEncoding.FORM
    assert config.verify_tls is True
    assert config.timeout_s == 30.0
    assert config.extra_params == ()


def test_secret_from_stdin_is_one_line_without_its_newline(
    fake_client: FakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("demo secret with spaces \r\nsecond line\n"))
    assert cli.main(["token", *BASE, "--client-secret-stdin"]) == 0
    assert fake_client.configs[0].client_secret.reveal() == "demo secret with spaces "


def test_empty_stdin_is_a_usage_error(
    fake_client: FakeClient, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert cli.main(["token", *BASE, "--client-secret-stdin"]) == 2
    assert "empty" in capsys.readouterr().err


def test_auth_none_needs_no_secret(fake_client: FakeClient) -> None:
    assert cli.main(["token", *BASE, "--auth", "none"]) == 0
    (config,) = fake_client.configs
    assert config.auth is ClientAuth.NONE
    assert not config.client_secret


def test_a_private_key_file_implies_private_key_jwt(fake_client: FakeClient, tmp_path: Any) -> None:
    pem = "-----BEGIN PRIVATE KEY-----\nZmFrZQ==\n-----END PRIVATE KEY-----\n"
    key_file = tmp_path / "demo.pem"
    key_file.write_text(pem, encoding="utf-8")
    assert cli.main(["token", *BASE, "--private-key-file", str(key_file)]) == 0
    (config,) = fake_client.configs
    assert config.auth is ClientAuth.PRIVATE_KEY_JWT
    assert config.private_key_pem.reveal() == pem
    assert not config.client_secret


def test_a_private_key_file_with_basic_is_refused(
    fake_client: FakeClient, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["token", *BASE, "--auth", "basic", "--private-key-file", str(tmp_path / "k.pem")]
    assert cli.main(argv) == 2
    assert "goes with --auth private-key-jwt" in capsys.readouterr().err


def test_plain_http_to_a_remote_host_is_warned_about(
    fake_client: FakeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["token", "--token-url", "http://auth.example/token", *WITH_SECRET[2:]]
    assert cli.main(argv) == 0
    assert "unencrypted" in capsys.readouterr().err
    assert cli.main(["token", *WITH_SECRET]) == 0
    assert "unencrypted" not in capsys.readouterr().err


# ---------------------------------------------------------------------------- token output


def test_json_prints_the_fields_and_expires_at(
    fake_client: FakeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["token", *WITH_SECRET, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document == {
        "access_token": TOKEN_VALUE,
        "token_type": "Bearer",
        "expires_in": 86400,
        "expires_at": "2026-01-02T00:00:00Z",
    }


def test_json_keeps_a_providers_own_expires_at(
    fake_client: FakeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    fields = {"access_token": TOKEN_VALUE, "token_type": "Bearer", "expires_at": 42, "scope": None}
    fake_client.token_outcome = good_token_outcome(make_token(fields))
    assert cli.main(["token", *WITH_SECRET, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == fields


def test_refused_token_exits_3_with_the_problem_in_plain_words(
    fake_client: FakeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_client.token_outcome = types.SimpleNamespace(
        exchange=token_exchange(401), token=None, problem=BAD_CREDENTIALS
    )
    assert cli.main(["token", *WITH_SECRET]) == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err
    assert "Token request failed (HTTP 401): The client id or secret was not accepted" in err
    assert "What happened: The token endpoint refused the client's credentials." in err
    assert "Likely cause:  A wrong or revoked client secret." in err
    assert "What to do:    Copy the secret again" in err
    assert "Provider code: 1014 (getresponse)" in err
    assert "More info:     https://apidocs.example/errors/1014" in err


def test_no_answer_exits_4(fake_client: FakeClient, capsys: pytest.CaptureFixture[str]) -> None:
    exchange = Exchange(
        kind=ExchangeKind.TOKEN,
        request=HttpRequest("POST", TOKEN_URL),
        failure=TransportFailure(FailureKind.REFUSED, "Connection refused"),
    )
    fake_client.token_outcome = types.SimpleNamespace(
        exchange=exchange, token=None, problem=REFUSED
    )
    assert cli.main(["token", *WITH_SECRET]) == 4
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Token request failed: Nothing is listening there" in captured.err


def test_problem_wording_marked_as_ours_and_retry_after() -> None:
    problem = Problem(
        kind=ProblemKind.RATE_LIMITED,
        title="Too many requests",
        explanation="e",
        likely_cause="c",
        suggested_action="a",
        http_status=429,
        code="1016",
        source="getresponse",
        retry_after_s=30.0,
        wording_is_ours=True,
    )
    out = io.StringIO()
    output.print_problem(problem, "API request", file=out)
    text = out.getvalue()
    assert "Provider code: 1016 (getresponse); the wording above is ours" in text
    assert "Retry after:   30 s" in text


# ---------------------------------------------------------------------------- call


def test_call_prints_status_headers_blank_line_body(
    fake_client: FakeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_client.api_outcome = api_outcome(200, b'{"accountId": "demo"}')
    argv = ["call", API_URL, *WITH_SECRET, "--header", "X-Domain: example.com", "-H", "X-A: 1"]
    assert cli.main(argv) == 0
    assert capsys.readouterr().out == (
        "HTTP/1.1 200 OK\n"
        "Content-Type: application/json\n"
        "X-RateLimit-Limit: 30000\n"
        "\n"
        '{"accountId": "demo"}\n'
    ), "the last line ends, so a shell prompt starts on its own line"
    ((request, token, options),) = fake_client.api_calls
    assert (request.method, request.url, request.body) == ("GET", API_URL, b"")
    assert request.headers == (("X-A", "1"),)  # -H only on the API request...
    assert options.extra_headers == (("X-Domain", "example.com"),)  # ...--header on both
    assert fake_client.configs[0].extra_headers == (("X-Domain", "example.com"),)
    assert token.value.reveal() == TOKEN_VALUE
    assert options.verify_tls is True
    assert options.timeout_s == 30.0


@pytest.mark.parametrize(
    ("extra", "method", "content_type", "body"),
    [
        (["-d", '{"name": "x"}'], "POST", "application/json", b'{"name": "x"}'),
        (["-d", "a=1&b=2"], "POST", "application/x-www-form-urlencoded", b"a=1&b=2"),
        (["-X", "put", "-d", "[1]"], "PUT", "application/json", b"[1]"),
        (["-d", "x", "-H", "Content-Type: text/plain"], "POST", "text/plain", b"x"),
        (["-X", "DELETE"], "DELETE", None, b""),
    ],
)
def test_call_method_body_and_content_type(
    fake_client: FakeClient,
    extra: list[str],
    method: str,
    content_type: str | None,
    body: bytes,
) -> None:
    fake_client.api_outcome = api_outcome(200, b"{}")
    assert cli.main(["call", API_URL, *WITH_SECRET, *extra]) == 0
    ((request, _, _),) = fake_client.api_calls
    assert request.method == method
    assert request.body == body
    types_sent = [value for name, value in request.headers if name.lower() == "content-type"]
    assert types_sent == ([content_type] if content_type else [])


def test_call_body_from_a_file(fake_client: FakeClient, tmp_path: Any) -> None:
    fake_client.api_outcome = api_outcome(200, b"{}")
    body_file = tmp_path / "body.json"
    body_file.write_bytes(b'{"from": "file"}')
    assert cli.main(["call", API_URL, *WITH_SECRET, "-d", f"@{body_file}"]) == 0
    assert fake_client.api_calls[0][0].body == b'{"from": "file"}'


def test_call_refused_prints_response_and_problem_exits_3(
    fake_client: FakeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    expired = Problem(
        kind=ProblemKind.TOKEN_EXPIRED,
        title="The access token has expired",
        explanation="The API no longer accepts this token.",
        likely_cause="Its lifetime ran out.",
        suggested_action="Get a new token and send the request again.",
        http_status=401,
        source="getresponse",
        code="1014",
    )
    fake_client.api_outcome = api_outcome(401, b'{"code": 1014}', expired)
    assert cli.main(["call", API_URL, *WITH_SECRET]) == 3
    captured = capsys.readouterr()
    assert captured.out.startswith("HTTP/1.1 401 Unauthorized\n")
    assert "API request failed (HTTP 401): The access token has expired" in captured.err
    assert "What to do:    Get a new token and send the request again." in captured.err


def test_call_stops_when_the_token_is_refused(
    fake_client: FakeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_client.token_outcome = types.SimpleNamespace(
        exchange=token_exchange(401), token=None, problem=BAD_CREDENTIALS
    )
    assert cli.main(["call", API_URL, *WITH_SECRET]) == 3
    assert fake_client.api_calls == []
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Token request failed" in captured.err


def test_call_transport_failure_exits_4(
    fake_client: FakeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    exchange = Exchange(
        kind=ExchangeKind.API,
        request=HttpRequest("GET", API_URL),
        failure=TransportFailure(FailureKind.TIMEOUT, "Read timed out"),
    )
    fake_client.api_outcome = types.SimpleNamespace(exchange=exchange, problem=REFUSED)
    assert cli.main(["call", API_URL, *WITH_SECRET]) == 4
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "API request failed: Nothing is listening there" in captured.err


@pytest.mark.parametrize(
    ("url", "warned"),
    [
        ("http://user:hunter2-pw@api.example.com/v3/token", True),
        ("http://127.0.0.1:9/v3/token", False),
        ("http://[::1]:9/v3/token", False),
        ("http://localhost:9/v3/token", False),
        ("http://app.localhost:9/v3/token", False),
        ("https://api.example.com/v3/token", False),
    ],
)
def test_plain_http_to_another_host_is_warned_without_the_urls_password(
    url: str, warned: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    commands.warn_about_plain_http(url)
    err = capsys.readouterr().err
    assert ("plain http" in err) is warned
    assert "hunter2" not in err
    if warned:
        assert "http://api.example.com" in err

"""``workbench call`` and ``workbench sandbox`` as real processes over loopback."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator

import pytest

from workbench.sandbox import Sandbox

pytestmark = pytest.mark.e2e

SECRET_VARIABLE = "WORKBENCH_E2E_SECRET"
TOKEN_SHAPE = re.compile(r"\b[0-9a-f]{40}\b")


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    """One sandbox on a free loopback port for the module."""
    with Sandbox(host="127.0.0.1", port=0) as running:
        yield running


def call(
    sandbox: Sandbox, url: str, *extra: str, secret: str = "demo-secret"
) -> subprocess.CompletedProcess[bytes]:
    """``python -m workbench call URL`` with the sandbox's token endpoint; stdout as bytes."""
    env = {**os.environ, SECRET_VARIABLE: secret}
    argv = [
        sys.executable,
        "-m",
        "workbench",
        "call",
        url,
        "--token-url",
        sandbox.token_url,
        "--client-id",
        "demo-client",
        "--client-secret-env",
        SECRET_VARIABLE,
        *extra,
    ]
    return subprocess.run(argv, env=env, capture_output=True, timeout=60, check=False)


def split_response(output: bytes) -> tuple[str, list[str], bytes]:
    """Status line, header lines and body of what ``call`` printed."""
    head, separator, body = output.partition(b"\n\n")
    assert separator, output
    status, *headers = head.decode("utf-8").split("\n")
    return status, headers, body


def test_call_prints_status_headers_and_json_body(sandbox: Sandbox) -> None:
    result = call(sandbox, f"{sandbox.url}/v3/accounts")
    assert result.returncode == 0, result.stderr.decode()
    status, headers, body = split_response(result.stdout)
    assert re.fullmatch(r"HTTP/1\.[01] 200 OK", status)
    assert any(line.lower().startswith("content-type: application/json") for line in headers)
    assert any(line.lower().startswith("x-ratelimit-limit: ") for line in headers)
    assert isinstance(json.loads(body), dict)
    assert result.stderr == b""


def test_call_verbose_shows_both_exchanges_with_the_token_masked(sandbox: Sandbox) -> None:
    result = call(sandbox, f"{sandbox.url}/v3/accounts", "--verbose")
    assert result.returncode == 0, result.stderr.decode()
    wire = result.stderr.decode()
    assert re.search(r"POST \S*/v3/token", wire)
    assert re.search(r"GET \S*/v3/accounts", wire)
    assert "Authorization: Bearer" in wire
    assert "demo-secret" not in wire
    assert TOKEN_SHAPE.search(wire) is None, "a token appears in clear on stderr"


def test_call_refused_by_the_api_prints_the_answer_and_the_problem(sandbox: Sandbox) -> None:
    result = call(sandbox, f"{sandbox.url}/v3/no-such-resource")
    assert result.returncode == 3
    status, _headers, body = split_response(result.stdout)
    assert " 404 " in status + " "
    assert json.loads(body)["httpStatus"] == 404
    err = result.stderr.decode()
    assert "API request failed (HTTP 404)" in err
    assert "What to do:" in err


def test_call_with_a_wrong_secret_stops_at_the_token(sandbox: Sandbox) -> None:
    result = call(sandbox, f"{sandbox.url}/v3/accounts", secret="not-the-demo-secret")
    assert result.returncode == 3
    assert result.stdout == b""
    err = result.stderr.decode()
    assert "Token request failed (HTTP 401)" in err
    assert "API request failed" not in err
    assert "Provider code: 1014" in err


def test_call_to_nothing_listening_exits_4(sandbox: Sandbox) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as blocker:
        blocker.bind(("127.0.0.1", 0))
        port = blocker.getsockname()[1]
        result = call(sandbox, f"http://127.0.0.1:{port}/v3/accounts")
    assert result.returncode == 4
    assert result.stdout == b""
    assert "API request failed" in result.stderr.decode()


def test_sandbox_command_is_reached_through_workbench() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "workbench", "sandbox", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "--port" in result.stdout


def test_call_output_ends_its_last_line(sandbox: Sandbox) -> None:
    result = call(sandbox, sandbox.url + "/v3/accounts")
    assert result.returncode == 0, result.stderr
    head, _, body = result.stdout.partition(b"\n\n")
    assert head.startswith(b"HTTP/1.1 200 OK")
    assert body.endswith(b"}\n"), "a final newline, so the shell's prompt starts a new line"
    assert json.loads(body)["accountId"]

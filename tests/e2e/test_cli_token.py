"""``workbench token`` as a real process against a real sandbox over loopback."""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime

import pytest

from workbench.sandbox import Sandbox

pytestmark = pytest.mark.e2e

SECRET_VARIABLE = "WORKBENCH_E2E_SECRET"
TOKEN_SHAPE = re.compile(r"[0-9a-f]{40}")


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    """One sandbox on a free loopback port for the module."""
    with Sandbox(host="127.0.0.1", port=0) as running:
        yield running


def workbench(
    *args: str, secret: str | None = "demo-secret", stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m workbench ARGS`` with the secret (if any) in the environment only."""
    env = {key: value for key, value in os.environ.items() if key != SECRET_VARIABLE}
    if secret is not None:
        env[SECRET_VARIABLE] = secret
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def token_args(token_url: str, *extra: str) -> list[str]:
    return ["token", "--token-url", token_url, "--client-id", "demo-client", *extra]


@pytest.mark.parametrize(
    ("auth", "body"),
    [
        ("basic", "form"),
        ("basic", "json"),
        ("basic-raw", "form"),
        ("post", "form"),
        ("post", "json"),
    ],
)
def test_token_prints_just_the_token(sandbox: Sandbox, auth: str, body: str) -> None:
    result = workbench(
        *token_args(
            sandbox.token_url,
            "--client-secret-env",
            SECRET_VARIABLE,
            "--auth",
            auth,
            "--body",
            body,
        )
    )
    assert result.returncode == 0, result.stderr
    assert TOKEN_SHAPE.fullmatch(result.stdout.rstrip("\n"))
    assert result.stdout.count("\n") == 1
    assert result.stderr == ""


def test_token_reads_the_secret_from_stdin(sandbox: Sandbox) -> None:
    result = workbench(
        *token_args(sandbox.token_url, "--client-secret-stdin"), secret=None, stdin="demo-secret\n"
    )
    assert result.returncode == 0, result.stderr
    assert TOKEN_SHAPE.fullmatch(result.stdout.strip())


def test_json_prints_the_token_response_and_when_it_expires(sandbox: Sandbox) -> None:
    before = time.time()
    result = workbench(
        *token_args(sandbox.token_url, "--client-secret-env", SECRET_VARIABLE, "--json")
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert TOKEN_SHAPE.fullmatch(document["access_token"])
    assert document["token_type"].lower() == "bearer"
    expires_in = document["expires_in"]
    assert expires_in == 86400  # the sandbox's default, as the real API
    assert "scope" in document  # GetResponse sends scope: null, and so does the sandbox
    expires_at = datetime.fromisoformat(document["expires_at"].replace("Z", "+00:00"))
    assert before + expires_in - 2 <= expires_at.timestamp() <= time.time() + expires_in + 1


def test_verbose_shows_the_wire_with_secret_and_token_masked(sandbox: Sandbox) -> None:
    result = workbench(
        *token_args(sandbox.token_url, "--client-secret-env", SECRET_VARIABLE, "--verbose")
    )
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip()
    assert TOKEN_SHAPE.fullmatch(token)
    wire = result.stderr
    assert re.search(r"POST \S*/v3/token", wire)
    assert "grant_type=client_credentials" in wire
    assert "Authorization: Basic" in wire
    assert re.search(r"HTTP/1\.[01] 200", wire)
    assert "demo-secret" not in wire
    assert base64.b64encode(b"demo-client:demo-secret").decode() not in wire
    assert token not in wire


def test_wrong_secret_exits_3_and_explains_in_plain_words(sandbox: Sandbox) -> None:
    result = workbench(
        *token_args(sandbox.token_url, "--client-secret-env", SECRET_VARIABLE),
        secret="not-the-demo-secret",
    )
    assert result.returncode == 3
    assert result.stdout == ""
    err = result.stderr
    assert "Token request failed (HTTP 401)" in err
    for label in ("What happened:", "Likely cause:", "What to do:", "Provider code: 1014"):
        assert label in err
    assert "not-the-demo-secret" not in err


def test_nothing_listening_exits_4() -> None:
    # A socket bound but not listening: connections to its port are refused, and no other
    # process can take the port while the test runs.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as blocker:
        blocker.bind(("127.0.0.1", 0))
        port = blocker.getsockname()[1]
        result = workbench(
            *token_args(f"http://127.0.0.1:{port}/v3/token", "--client-secret-env", SECRET_VARIABLE)
        )
    assert result.returncode == 4
    assert result.stdout == ""
    assert "Token request failed" in result.stderr
    assert "What to do:" in result.stderr


def test_a_secret_on_the_command_line_is_refused_without_echo(sandbox: Sandbox) -> None:
    result = workbench(*token_args(sandbox.token_url, "--client-secret", "demo-secret"))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "demo-secret" not in result.stderr
    assert "--client-secret-env" in result.stderr


def test_missing_environment_variable_exits_2(sandbox: Sandbox) -> None:
    result = workbench(
        *token_args(sandbox.token_url, "--client-secret-env", SECRET_VARIABLE), secret=None
    )
    assert result.returncode == 2
    assert f"environment variable {SECRET_VARIABLE} is not set" in result.stderr


def test_the_token_path_never_loads_qt(sandbox: Sandbox) -> None:
    code = (
        "import sys\n"
        "from workbench.cli import main\n"
        f"code = main({token_args(sandbox.token_url, '--client-secret-env', SECRET_VARIABLE)!r})\n"
        "assert code == 0, code\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )
    env = {**os.environ, SECRET_VARIABLE: "demo-secret"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"


def test_version_is_printed() -> None:
    result = workbench("--version", secret=None)
    assert result.returncode == 0
    assert re.fullmatch(r"workbench \d+\.\d+\.\d+\S*\n", result.stdout)

"""Copy as Python: the Authlib snippet runs against the sandbox and never holds a secret."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote_plus

import pytest

from workbench.core.calls import ApiRequest
from workbench.core.config import BodyEncoding, ClientAuth, ClientConfig
from workbench.core.secret import Secret
from workbench.core.snippet import CLIENT_SECRET_ENV, to_python
from workbench.sandbox import Sandbox

pytestmark = pytest.mark.e2e

AWKWARD_SECRET = "demo sécret+/=&%:x"
"""A fake secret whose RFC 6749 form-urlencoded form differs from the raw one."""
ASCII_AWKWARD_SECRET = "demo secret+/=&%:x"
"""The same without the non-ASCII letter: Authlib sends raw Basic as Latin-1, the sandbox
reads UTF-8, so raw Basic agrees only on ASCII."""
DOMAIN = "example.com"
RUN_TIMEOUT_S = 60


@pytest.fixture(scope="module")
def box() -> Iterator[Sandbox]:
    clients = {
        "demo-client": "demo-secret",
        "demo-awkward": AWKWARD_SECRET,
        "demo-ascii": ASCII_AWKWARD_SECRET,
    }
    with Sandbox(clients=clients, require_x_domain=DOMAIN) as running:
        yield running


def run_snippet(code: str, tmp_path: Path, secret: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "snippet.py"
    script.write_text(code, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "AUTHLIB_INSECURE_TRANSPORT"}
    env[CLIENT_SECRET_ENV] = secret
    return subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=RUN_TIMEOUT_S,
        check=False,
        cwd=tmp_path,
    )


@pytest.mark.parametrize(
    ("client_id", "secret", "auth", "encoding"),
    [
        ("demo-client", "demo-secret", ClientAuth.BASIC, BodyEncoding.FORM),
        ("demo-awkward", AWKWARD_SECRET, ClientAuth.BASIC, BodyEncoding.FORM),
        ("demo-ascii", ASCII_AWKWARD_SECRET, ClientAuth.BASIC_RAW, BodyEncoding.FORM),
        ("demo-awkward", AWKWARD_SECRET, ClientAuth.POST, BodyEncoding.FORM),
        ("demo-client", "demo-secret", ClientAuth.BASIC, BodyEncoding.JSON),
    ],
    ids=["basic", "basic-awkward", "basic-raw-awkward", "post-awkward", "json-body"],
)
def test_snippet_runs_against_the_sandbox_and_prints_the_200_body(
    box: Sandbox,
    tmp_path: Path,
    client_id: str,
    secret: str,
    auth: ClientAuth,
    encoding: BodyEncoding,
) -> None:
    config = ClientConfig(
        box.token_url,
        client_id,
        Secret(secret),
        scope="all",
        auth=auth,
        body_encoding=encoding,
        extra_headers=(("X-Domain", DOMAIN),),
    )
    request = ApiRequest("GET", box.url + "/v3/accounts", (("Accept", "application/json"),))
    code = to_python(config, request)
    assert secret not in code
    assert quote_plus(secret) not in code
    result = run_snippet(code, tmp_path, secret)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Token received; it lasts 86400 seconds"
    assert lines[1] == "200 OK"
    assert '"accountId"' in result.stdout


def test_snippet_reports_the_401_of_a_wrong_secret(box: Sandbox, tmp_path: Path) -> None:
    config = ClientConfig(
        box.token_url, "demo-client", Secret("demo-secret"), extra_headers=(("X-Domain", DOMAIN),)
    )
    result = run_snippet(to_python(config, None), tmp_path, "wrong-secret")
    assert result.returncode != 0
    assert "Token received" not in result.stdout
    assert "No token: 401 Unauthorized" in result.stderr
    assert '"code":1014' in result.stderr.replace(" ", "")


def test_custom_token_header_and_secret_headers_come_from_the_environment(
    box: Sandbox, tmp_path: Path
) -> None:
    config = ClientConfig(box.token_url, "demo-client", Secret("demo-secret"))
    request = ApiRequest(
        "POST",
        "https://api.example.test/v1/things?access_token=leaked-token-1234",
        headers=(("X-Api-Key", "demo-api-key-5678"), ("Content-Type", "application/json")),
        body=b'{"client_secret": "demo-secret", "name": "x"}',
        token_header="X-Auth-Token",
        token_prefix="",
    )
    code = to_python(config, request)
    for secret in ("demo-secret", "leaked-token-1234", "demo-api-key-5678"):
        assert secret not in code
    assert 'os.environ["API_HEADER_X_API_KEY"]' in code
    assert '"X-Auth-Token": "" + token["access_token"]' in code
    assert "withhold_token=True" in code
    assert "AUTHLIB_INSECURE_TRANSPORT" in code, "the token URL is loopback http"
    compile(code, "snippet.py", "exec")


@pytest.mark.parametrize(
    "auth", [ClientAuth.SECRET_JWT, ClientAuth.PRIVATE_KEY_JWT, ClientAuth.NONE]
)
def test_other_methods_give_valid_python_without_secrets(auth: ClientAuth) -> None:
    config = ClientConfig(
        "https://api.example.test/v3/token",
        "demo-client",
        Secret("demo-secret"),
        auth=auth,
        private_key_pem=Secret("-----BEGIN PRIVATE KEY-----\nZmFrZQ==\n-----END PRIVATE KEY-----"),
    )
    code = to_python(config, ApiRequest("GET", "https://api.example.test/v3/accounts"))
    compile(code, "snippet.py", "exec")
    assert "demo-secret" not in code
    assert "ZmFrZQ==" not in code
    assert "AUTHLIB_INSECURE_TRANSPORT" not in code, "https needs no exception"
    expected = {
        ClientAuth.SECRET_JWT: "ClientSecretJWT(TOKEN_URL",
        ClientAuth.PRIVATE_KEY_JWT: "PrivateKeyJWT(TOKEN_URL",
        ClientAuth.NONE: 'token_endpoint_auth_method="none"',
    }[auth]
    assert expected in code


def test_a_secret_that_sneaks_into_a_plain_header_is_masked() -> None:
    config = ClientConfig("https://api.example.test/v3/token", "demo-client", Secret("demo-secret"))
    request = ApiRequest("GET", "https://api.example.test/x", (("X-Note", "demo-secret"),))
    code = to_python(config, request)
    assert "demo-secret" not in code
    assert "was masked" in code

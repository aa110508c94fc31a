"""Real curl against ``workbench sandbox``: GetResponse's own curl commands, then token expiry."""

from __future__ import annotations

import json
import re
import shlex
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pytest

pytestmark = pytest.mark.e2e

CURL = "/usr/bin/curl"


@dataclass(frozen=True)
class CurlResult:
    """Status, headers (lower-case names) and body of one curl call."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class SandboxProcess:
    """A ``workbench sandbox`` subprocess; the URL is read from its first output line."""

    def __init__(self, args: list[str], log_path: Path) -> None:
        self._log: IO[bytes] = log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "workbench.sandbox", *args],
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
        )
        assert self.process.stdout is not None
        self.first_line = self.process.stdout.readline().rstrip("\n")
        prefix = "Sandbox listening on "
        if not self.first_line.startswith(prefix):
            self.process.kill()
            self.stop()
            pytest.fail(f"no banner: {self.first_line!r}, log: {log_path.read_text()!r}")
        self.url = self.first_line.removeprefix(prefix)

    def stop(self, sig: int = signal.SIGTERM) -> int:
        """Signal the process and wait for it; returns its exit status."""
        self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=10)
        finally:
            if self.process.stdout is not None:
                self.process.stdout.close()
            self._log.close()

    def curl(self, command: str) -> CurlResult:
        """Run a curl command line (``URL`` in it is replaced by the sandbox's base URL)."""
        words = shlex.split(command.replace("URL", self.url))
        assert words[0] == "curl"
        return run_curl(words[1:])


def run_curl(args: list[str]) -> CurlResult:
    """Run real curl with ``args``, showing response headers; parse the last response."""
    completed = subprocess.run(
        [CURL, "--silent", "--show-error", "--include", "--max-time", "10", *args],
        capture_output=True,
        check=True,
        timeout=20,
    )
    head, _, body = completed.stdout.partition(b"\r\n\r\n")
    while head.startswith(b"HTTP/1.1 100"):
        head, _, body = body.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return CurlResult(int(status_line.split()[1]), headers, body)


# GetResponse's two published token requests, verbatim apart from the host.
TUTORIAL_CURL = (
    "curl -X POST -u demo-client:demo-secret URL/v3/token "
    """-H 'Content-Type: application/json;charset=utf-8' -d '{"grant_type":"client_credentials"}'"""
)
REFERENCE_CURL = "curl -u demo-client:demo-secret URL/v3/token -d 'grant_type=client_credentials'"


def published_expired_envelope(sent_token: str) -> dict[str, object]:
    """protocol.md's expired-token example, with the token that was sent."""
    return {
        "httpStatus": 401,
        "code": 1014,
        "codeDescription": "Problem during authentication process, check headers!",
        "message": "The access token provided is expired",
        "moreInfo": "https://apidocs.getresponse.com/v3/errors/1014",
        "context": {"sentToken": sent_token},
    }


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[SandboxProcess]:
    process = SandboxProcess([], tmp_path / "sandbox.log")
    try:
        yield process
    finally:
        assert process.stop() == 0


def get_token(sandbox: SandboxProcess, command: str) -> str:
    response = sandbox.curl(command)
    assert response.status == 200, response.body
    body = response.json()
    assert list(body) == ["access_token", "expires_in", "token_type", "scope"]
    assert re.fullmatch(r"[0-9a-f]{40}", body["access_token"])
    assert (body["expires_in"], body["token_type"], body["scope"]) == (86400, "Bearer", None)
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["pragma"] == "no-cache"
    assert response.headers["date"].endswith(" GMT")
    return str(body["access_token"])


@pytest.mark.parametrize("command", [TUTORIAL_CURL, REFERENCE_CURL], ids=["tutorial", "reference"])
def test_published_curl_token_then_api_then_expiry(sandbox: SandboxProcess, command: str) -> None:
    token = get_token(sandbox, command)
    accounts = f"curl URL/v3/accounts -H 'Authorization: Bearer {token}'"
    ok = sandbox.curl(accounts)
    assert ok.status == 200
    assert ok.json()["accountId"]
    assert ok.headers["x-ratelimit-limit"] == "30000"
    assert int(ok.headers["x-ratelimit-remaining"]) < 30000
    assert re.fullmatch(r"\d+ seconds", ok.headers["x-ratelimit-reset"])

    advanced = sandbox.curl("curl -X POST 'URL/_sandbox/advance?seconds=86401'")
    assert advanced.status == 200

    expired = sandbox.curl(accounts)
    assert expired.status == 401
    assert expired.json() == published_expired_envelope(token)
    assert list(expired.json()) == list(published_expired_envelope(token))


def test_expire_all_and_a_fresh_token(sandbox: SandboxProcess) -> None:
    token = get_token(sandbox, REFERENCE_CURL)
    assert sandbox.curl("curl -X POST URL/_sandbox/expire-all").json() == {"expired": 1}
    auth = f"-H 'Authorization: Bearer {token}'"
    assert sandbox.curl(f"curl URL/v3/from-fields {auth}").json()["context"] == {"sentToken": token}
    fresh = get_token(sandbox, TUTORIAL_CURL)
    assert sandbox.curl(f"curl URL/v3/from-fields -H 'Authorization: Bearer {fresh}'").status == 200


def test_wrong_secret_and_paged_contacts(sandbox: SandboxProcess) -> None:
    wrong = sandbox.curl("curl -u demo-client:nope URL/v3/token -d 'grant_type=client_credentials'")
    assert wrong.status == 401
    assert wrong.json()["code"] == 1014
    token = get_token(sandbox, REFERENCE_CURL)
    page = sandbox.curl(
        f"curl 'URL/v3/contacts?page=2&perPage=100' -H 'Authorization: Bearer {token}'"
    )
    assert page.status == 200
    assert len(page.json()) == 37
    assert (
        page.headers["totalcount"],
        page.headers["totalpages"],
        page.headers["currentpage"],
    ) == (
        "137",
        "2",
        "2",
    )


def test_rfc_mode_and_an_awkward_secret_over_curl(tmp_path: Path) -> None:
    secret = "s3:cr%t+&= ñ"
    process = SandboxProcess(
        ["--token-errors", "rfc", "--token-ttl", "5", "--client", f"odd-app:{secret}"],
        tmp_path / "sandbox.log",
    )
    try:
        wrong = process.curl("curl -u odd-app:wrong URL/v3/token -d grant_type=client_credentials")
        assert wrong.status == 401
        assert wrong.json()["error"] == "invalid_client"
        assert wrong.headers["www-authenticate"] == 'Basic realm="sandbox"'
        token = process.curl(
            f"curl -u 'odd-app:{secret}' URL/v3/token -d grant_type=client_credentials"
        ).json()["access_token"]
        process.curl("curl -X POST 'URL/_sandbox/advance?seconds=5'")
        expired = process.curl(f"curl URL/v3/accounts -H 'Authorization: Bearer {token}'")
        assert expired.status == 401
        assert expired.headers["www-authenticate"] == (
            'Bearer realm="sandbox", error="invalid_token", '
            'error_description="The access token expired"'
        )
    finally:
        assert process.stop(signal.SIGINT) == 0


def test_requests_are_logged_one_line_each(tmp_path: Path) -> None:
    log = tmp_path / "sandbox.log"
    process = SandboxProcess([], log)
    try:
        process.curl("curl URL/v3/accounts")
    finally:
        assert process.stop() == 0
    assert re.search(r'127\.0\.0\.1 "GET /v3/accounts HTTP/1\.1" 401$', log.read_text(), re.M)


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_non_loopback_address_is_refused(host: str) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "workbench.sandbox", "--host", host],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert "not a loopback address" in completed.stderr
    assert "--allow-remote" in completed.stderr

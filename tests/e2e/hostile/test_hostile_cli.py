"""A representative dozen of hostile behaviours through ``python -m workbench token/call``."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from tests.e2e.hostile.probes import (
    CLIENT_ID,
    CLIENT_SECRET,
    hidden_characters,
    looks_like_python_internals,
)
from tests.e2e.hostile.server import TOKEN_VALUE, HostileServer
from workbench.core.transport import DEFAULT_MAX_BODY_BYTES

pytestmark = pytest.mark.e2e

SECRET_VARIABLE = "WORKBENCH_HOSTILE_SECRET"
BASIC = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
PARALLEL_RUNS = 4


@dataclass(frozen=True)
class Case:
    """One command against one behaviour, and what the user must see."""

    command: str
    behaviour: str
    exit_code: int
    stderr_has: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    label: str = ""
    """Tells apart two runs against one behaviour (with and without --insecure)."""

    @property
    def id(self) -> str:
        return "-".join(part for part in (self.command, self.behaviour, self.label) if part)


CASES = (
    Case("token", "html", 3, ("Token request failed (HTTP 200)", "not a usable token", "HTML")),
    Case("token", "deep-json", 3, ("nested too deeply",)),
    Case("token", "no-access-token", 3, ("no access_token",)),
    Case("token", "many-headers", 4, ("could not be read", "more than 100 header lines")),
    Case("token", "long-header", 4, ("could not be read", "longer than 64 KiB")),
    Case("token", "never-answers", 4, ("No answer from 127.0.0.1 in time",), ("--timeout", "1")),
    Case("token", "tls-self-signed", 4, ("Secure connection", "self-signed", "--insecure")),
    Case("token", "tls-expired", 4, ("Secure connection", "expired")),
    Case("token", "redirect-307", 3, ("redirected", "nothing was sent there")),
    Case("token", "rate-limited-retry-after", 3, ("Too many requests", "Retry after:   7 s")),
    Case("token", "expires-huge", 0, (), ("--json",)),
    Case("token", "expires-null", 0, (), ("--json",)),
    Case("token", "token-type-missing", 0),
    Case("call", "html", 6, ("A web page came back", "“Sign in - Corporate Proxy”")),
    Case("call", "html", 0, (), ("-H", "Accept: text/html"), "page-asked-for"),
    Case("call", "endless", 0, ("cut at the size cap",)),
    Case("call", "close-mid-body", 4, ("API request failed", "reset the connection")),
    Case("call", "corrupt-gzip", 4, ("API request failed", "could not be unpacked")),
    Case("call", "envelope-1014-403", 3, ("API request failed (HTTP 403)", "Provider code: 1014")),
    Case("call", "not-http", 4, ("did not answer in HTTP",)),
    Case("token", "escape-sequences", 0, ("\\x1b]0;owned\\x07",), ("--verbose",)),
    Case("call", "escape-sequences", 0, ("\\x1b[2J",), ("--verbose",)),
    Case("token", "hidden-text", 3, ("“pay \\u202eexe.gnp\\u202c \\u2066isolated",)),
    Case("call", "hidden-text", 3, ("\\ud800 \ufffd", "\\x1b]0;owned"), ("--verbose",)),
    Case("token", "token-control-chars", 5, ("not a usable Bearer value",)),
    Case("call", "echo-token", 0, ("you_sent",), ("--verbose",)),  # the dump masks the echo
    Case("token", "echo-credentials", 3, ("not known here",)),  # echoed Basic masked in words
    Case("call", "echo-credentials", 0, ("X-Echo",), ("--verbose",)),
    Case("token", "tls-self-signed", 0, ("TLS verification is off",), ("--insecure",), "tls-off"),
    Case(
        "call",
        "tls-self-signed",
        0,
        ("TLS verification is off", "token goes to"),
        ("--insecure",),
        "tls-off",
    ),
)


def run_case(hostile: HostileServer, case: Case) -> subprocess.CompletedProcess[bytes]:
    env = {
        **os.environ,
        SECRET_VARIABLE: CLIENT_SECRET,
        "REQUESTS_CA_BUNDLE": str(hostile.ca_bundle),
    }
    credentials = ("--client-id", CLIENT_ID, "--client-secret-env", SECRET_VARIABLE)
    target: tuple[str, ...] = ("--token-url", hostile.url_for(case.behaviour, "token"))
    if case.command == "call":
        target = (hostile.url_for(case.behaviour, "api"), "--token-url", hostile.url_for("ok"))
    argv = [sys.executable, "-m", "workbench", case.command, *target, *credentials, *case.extra]
    return subprocess.run(argv, env=env, capture_output=True, timeout=60, check=False)


@pytest.fixture(scope="module")
def results(hostile: HostileServer) -> Iterator[dict[str, subprocess.CompletedProcess[bytes]]]:
    """Every case run once, a few processes at a time (each pays Python's start-up)."""
    with ThreadPoolExecutor(max_workers=PARALLEL_RUNS) as pool:
        futures = {case.id: pool.submit(run_case, hostile, case) for case in CASES}
        yield {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_cli_exit_code_and_plain_words(
    results: dict[str, subprocess.CompletedProcess[bytes]], case: Case
) -> None:
    result = results[case.id]
    err = result.stderr.decode("utf-8", errors="replace")
    assert result.returncode == case.exit_code, err
    for fragment in case.stderr_has:
        assert fragment in err, err
    assert not looks_like_python_internals(err), err
    for secret in (CLIENT_SECRET, BASIC, TOKEN_VALUE):
        assert secret not in err
    if case.exit_code == 4:  # a broken answer is explained once, not also as "cut at the cap"
        assert "size cap" not in err
    if case.exit_code in (3, 4):  # each sentence once: what the title says is not repeated
        assert "What happened:" in err or "Likely cause:" in err
        assert "What to do:" in err
    if case.command == "token" and case.exit_code in (3, 4):
        assert result.stdout == b""
    for stream in (result.stdout, result.stderr):
        text = stream.decode("utf-8", errors="replace")
        assert hidden_characters(text) == [], text[:2000]


def test_cli_expires_huge_prints_a_readable_expiry(
    results: dict[str, subprocess.CompletedProcess[bytes]],
) -> None:
    document = json.loads(results["token-expires-huge"].stdout)
    assert document["access_token"] == TOKEN_VALUE
    expires_at = datetime.fromisoformat(document["expires_at"].replace("Z", "+00:00"))
    assert expires_at.year - datetime.now(UTC).year in (99, 100)


def test_cli_json_says_expires_at_is_unknown_rather_than_dropping_it(
    results: dict[str, subprocess.CompletedProcess[bytes]],
) -> None:
    document = json.loads(results["token-expires-null"].stdout)
    assert document["access_token"] == TOKEN_VALUE
    assert "expires_at" in document and document["expires_at"] is None


def test_cli_endless_body_is_cut_at_the_default_cap(
    results: dict[str, subprocess.CompletedProcess[bytes]],
) -> None:
    head, _, body = results["call-endless"].stdout.partition(b"\n\n")
    assert head.startswith(b"HTTP/1.1 200")
    assert body.endswith(b"\n")
    assert len(body) == DEFAULT_MAX_BODY_BYTES + len(b"\n"), "the cap, and the last line ended"


def test_cli_redirect_reached_no_other_host(
    results: dict[str, subprocess.CompletedProcess[bytes]], hostile: HostileServer
) -> None:
    assert results["token-redirect-307"].returncode == 3
    assert hostile.witness is not None
    assert hostile.witness.connections == 0
    assert hostile.witness.received == []


def test_cli_shows_a_servers_escape_sequences_escaped(
    results: dict[str, subprocess.CompletedProcess[bytes]],
) -> None:
    out = results["call-escape-sequences"].stdout.decode()
    head, _, body = out.partition("\n\n")
    assert head.startswith("HTTP/1.1 200 OK \\x1b]0;owned\\x07\\x1b[2J")
    assert "X-Note: \\x1b]0;owned\\x07\\x1b[2J\\x1b[1A\\x9b31mhidden" in head
    assert body == "line one\\x1b]0;owned\\x07\\x1b[2J\\x1b[1A\\x9b31m\\x0dhidden\nline two\n"
    verbose = results["token-escape-sequences"].stderr.decode()
    assert '"note": "\\u001b]0;owned' in verbose  # JSON escapes as the server wrote them


def test_cli_token_with_control_characters_is_printed_escaped(
    results: dict[str, subprocess.CompletedProcess[bytes]],
) -> None:
    result = results["token-token-control-chars"]
    assert result.stdout == b"hostile\\x1b[2Jtoken\\x9b\n"
    assert b"RFC 6750" in result.stderr


def test_cli_call_refuses_to_send_a_token_with_control_characters(hostile: HostileServer) -> None:
    env = {**os.environ, SECRET_VARIABLE: CLIENT_SECRET}
    argv = [
        sys.executable,
        "-m",
        "workbench",
        "call",
        hostile.url_for("ok", "api"),
        "--token-url",
        hostile.url_for("token-control-chars"),
        "--client-id",
        CLIENT_ID,
        "--client-secret-env",
        SECRET_VARIABLE,
    ]
    result = subprocess.run(argv, env=env, capture_output=True, timeout=60, check=False)
    assert result.returncode == 5
    assert result.stdout == b""
    assert b"not sent" in result.stderr
    assert hidden_characters(result.stderr.decode()) == []


def test_cli_tls_off_is_said_every_time(
    results: dict[str, subprocess.CompletedProcess[bytes]],
) -> None:
    token = results["token-tls-self-signed-tls-off"]
    assert token.stdout.decode().strip() == TOKEN_VALUE
    assert b"the client credentials go out" in token.stderr
    assert b"TLS verification is off" in results["call-tls-self-signed-tls-off"].stderr

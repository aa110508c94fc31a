"""Issue 2's figures: the token exchange's own overhead, and ``workbench token`` end to end.

(a) ``OAuthClient.fetch_token`` against an in-process sandbox, against a bare
    ``requests.Session().post`` of the very same request (same URL, headers and body bytes)
    on a reused session that then parses the JSON: what our building, capture, recording and
    decoding cost on top of requests itself. Target: at most 1.15 times the baseline.
(b) ``python -m workbench token ...`` as a subprocess against a one-line ``python -c`` that does
    the same request with requests and prints the token: what our start-up and imports cost.
    Target: at most 1.5 times the baseline.
(c) ``python -m workbench call ...`` (a token, then ``GET /v3/accounts``) against ``curl`` doing
    the same two requests from a shell (issue 7's curl baseline). A Python process cannot start
    as fast as curl; the target, 10 times, says the workbench adds little beyond the interpreter
    it runs on (a bare ``python -c pass`` alone is several curl runs).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import requests

from tests.benchmarks.harness import Result, interleaved_medians_s
from workbench.core.client import OAuthClient
from workbench.core.clock import SystemClock
from workbench.core.config import ClientConfig
from workbench.core.secret import Secret
from workbench.core.token_request import build_token_request
from workbench.sandbox import Sandbox

CLIENT_ID = "demo-client"
CLIENT_SECRET = "demo-secret"  # the sandbox's obviously fake demo credentials
SECRET_VARIABLE = "WORKBENCH_BENCH_SECRET"
EXCHANGE_TARGET = 1.15
CLI_TARGET = 1.5
CURL_TARGET = 10.0
CURL_SCRIPT = (
    'token=$(curl -s -u "$1:$SECRET" -d grant_type=client_credentials "$2"'
    ' | sed -n \'s/.*"access_token": *"\\([0-9a-f]*\\)".*/\\1/p\');'
    ' curl -s -f -H "Authorization: Bearer $token" "$3" > /dev/null'
)

BASELINE_SCRIPT = (
    "import os,sys,requests;"
    "r=requests.post(sys.argv[1],data={'grant_type':'client_credentials'},"
    f"auth=({CLIENT_ID!r},os.environ[{SECRET_VARIABLE!r}]),allow_redirects=False);"
    "r.raise_for_status();print(r.json()['access_token'])"
)


@contextmanager
def running_sandbox() -> Iterator[Sandbox]:
    """A sandbox on loopback that never throttles, so hundreds of requests all get tokens."""
    with Sandbox(host="127.0.0.1", port=0, rate_limit=None) as sandbox:
        yield sandbox


def exchange_figure(token_url: str, *, quick: bool) -> Result:
    """(a) our token exchange against a bare requests post of the same bytes."""
    repeat = 20 if quick else 200
    config = ClientConfig(
        token_url=token_url, client_id=CLIENT_ID, client_secret=Secret(CLIENT_SECRET)
    )
    request = build_token_request(config, SystemClock()).request
    headers = dict(request.headers)
    client = OAuthClient()
    session = requests.Session()

    def ours() -> None:
        outcome = client.fetch_token(config)
        if outcome.token is None:
            raise RuntimeError(f"no token from the sandbox: {outcome.problem}")

    def baseline() -> None:
        response = session.post(
            request.url, data=request.body, headers=headers, allow_redirects=False
        )
        response.raise_for_status()
        if not response.json()["access_token"]:
            raise RuntimeError("no token from the sandbox")

    try:
        ours_s, baseline_s = interleaved_medians_s(ours, baseline, repeat, warmup=5)
    finally:
        client.close()
        session.close()
    return Result(
        figure="token exchange (OAuthClient.fetch_token)",
        ours=ours_s,
        baseline=baseline_s,
        target=EXCHANGE_TARGET,
        baseline_name="requests.Session.post",
    )


def cli_figure(token_url: str, *, quick: bool) -> Result:
    """(b) ``workbench token`` as a process against a one-line requests script."""
    repeat = 3 if quick else 15
    with tempfile.TemporaryDirectory(prefix="workbench-bench-pycache-") as cache_dir:
        env = bytecode_cached_env(cache_dir)
        env[SECRET_VARIABLE] = CLIENT_SECRET
        return _cli_figure(token_url, env, repeat)


def bytecode_cached_env(cache_dir: str) -> dict[str, str]:
    """The environment with compiled bytecode kept (in ``cache_dir``, not the source tree).

    An installed program starts from cached bytecode; a machine with
    ``PYTHONDONTWRITEBYTECODE`` set would otherwise compile every workbench module on every
    start while the baseline's ``requests`` comes precompiled from site-packages. The warm-up
    run fills the cache for both commands.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = cache_dir
    return env


def _cli_figure(token_url: str, env: dict[str, str], repeat: int) -> Result:
    ours_argv = [
        sys.executable,
        "-m",
        "workbench",
        "token",
        "--token-url",
        token_url,
        "--client-id",
        CLIENT_ID,
        "--client-secret-env",
        SECRET_VARIABLE,
    ]
    baseline_argv = [sys.executable, "-c", BASELINE_SCRIPT, token_url]

    def run_process(argv: list[str]) -> None:
        result = subprocess.run(
            argv, check=False, env=env, capture_output=True, text=True, timeout=60
        )
        if result.returncode != 0 or len(result.stdout.strip()) < 8:
            raise RuntimeError(f"{argv[1:3]} failed ({result.returncode}): {result.stderr}")

    ours_s, baseline_s = interleaved_medians_s(
        lambda: run_process(ours_argv), lambda: run_process(baseline_argv), repeat, warmup=1
    )
    return Result(
        figure="workbench token, end to end (process)",
        ours=ours_s,
        baseline=baseline_s,
        target=CLI_TARGET,
        baseline_name="python -c requests.post",
    )


def curl_figure(token_url: str, api_url: str, *, quick: bool) -> Result:
    """(c) ``workbench call`` as a process against curl doing the same two requests."""
    repeat = 3 if quick else 15
    ours_argv = [
        sys.executable,
        "-m",
        "workbench",
        "call",
        api_url,
        "--token-url",
        token_url,
        "--client-id",
        CLIENT_ID,
        "--client-secret-env",
        SECRET_VARIABLE,
    ]
    curl_argv = ["sh", "-c", CURL_SCRIPT, "curl-baseline", CLIENT_ID, token_url, api_url]
    with tempfile.TemporaryDirectory(prefix="workbench-bench-pycache-") as cache_dir:
        env = bytecode_cached_env(cache_dir)
        env[SECRET_VARIABLE] = CLIENT_SECRET
        env["SECRET"] = CLIENT_SECRET

        def run_process(argv: list[str]) -> None:
            result = subprocess.run(argv, check=False, env=env, capture_output=True, timeout=60)
            if result.returncode != 0:
                raise RuntimeError(f"{argv[:3]} failed ({result.returncode}): {result.stderr!r}")

        ours_s, baseline_s = interleaved_medians_s(
            lambda: run_process(ours_argv), lambda: run_process(curl_argv), repeat, warmup=1
        )
    return Result(
        figure="workbench call, end to end (process)",
        ours=ours_s,
        baseline=baseline_s,
        target=CURL_TARGET,
        baseline_name="curl: token, then the call",
    )


def run(quick: bool) -> list[Result]:
    """The figures of issue 2, and the curl baseline of issue 7."""
    with running_sandbox() as sandbox:
        return [
            exchange_figure(sandbox.token_url, quick=quick),
            cli_figure(sandbox.token_url, quick=quick),
            curl_figure(sandbox.token_url, f"{sandbox.url}/v3/accounts", quick=quick),
        ]

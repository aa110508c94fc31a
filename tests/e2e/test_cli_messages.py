"""What ``python -m workbench`` says when something is missing, and how its output ends."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from workbench.core.profiles import Profile, ProfileStore, SecretKind, SecretRef, SecretSource
from workbench.sandbox import Sandbox

pytestmark = pytest.mark.e2e

SECRET_VARIABLE = "WB_MESSAGES_SECRET"


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as running:
        yield running


def workbench(*argv: str) -> subprocess.CompletedProcess[str]:
    """The command line in its own process, no terminal on standard input."""
    env = {**os.environ, SECRET_VARIABLE: "demo-secret"}
    return subprocess.run(
        [sys.executable, "-m", "workbench", *argv],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_profile_without_a_client_id_is_named_in_the_message(sandbox: Sandbox) -> None:
    ProfileStore().save((Profile(name="Half done", token_url=sandbox.token_url),))
    result = workbench("token", "--profile", "Half done", "--client-secret-env", SECRET_VARIABLE)
    assert result.returncode == 2
    assert "the profile 'Half done' has no client id: give one with --client-id" in result.stderr
    assert "name a saved profile with --profile" not in result.stderr, "it did"
    given = workbench(
        "token",
        "--profile",
        "Half done",
        "--client-id",
        "demo-client",
        "--client-secret-env",
        SECRET_VARIABLE,
    )
    assert given.returncode == 0, given.stderr


def test_a_secret_asked_for_each_time_with_no_terminal_says_how_to_give_it(
    sandbox: Sandbox,
) -> None:
    ask = {SecretKind.CLIENT_SECRET: SecretRef(SecretSource.ASK)}
    profile = Profile(
        name="Asks", token_url=sandbox.token_url, client_id="demo-client", secrets=ask
    )
    ProfileStore().save((profile,))
    result = workbench("token", "--profile", "Asks")
    assert result.returncode == 2
    assert (
        "the profile 'Asks' asks for its client secret each time, and there is no terminal "
        "to ask in" in result.stderr
    )
    assert "--client-secret-stdin" in result.stderr and "--client-secret-env" in result.stderr
    assert "Type the client secret" not in result.stderr
    piped = subprocess.run(
        [sys.executable, "-m", "workbench", "token", "--profile", "Asks", "--client-secret-stdin"],
        input="demo-secret\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert piped.returncode == 0, piped.stderr


def test_json_gives_when_the_token_lapses(sandbox: Sandbox) -> None:
    result = workbench(
        "token",
        "--token-url",
        sandbox.token_url,
        "--client-id",
        "demo-client",
        "--client-secret-env",
        SECRET_VARIABLE,
        "--json",
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["expires_in"] == 86400
    assert document["expires_at"].endswith("Z")

"""An imported profile is used by the command line only once confirmed: asked on a terminal,
refused elsewhere unless --confirm-profile; a changed host asks again."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace

import pytest

from workbench import cli
from workbench.core.presets import sandbox_profile
from workbench.core.profiles import (
    ProfileStore,
    SecretKind,
    SecretRef,
    SecretSource,
    profiles_to_json,
)
from workbench.core.profiles.trust import import_profiles, needs_confirmation
from workbench.sandbox import Sandbox

VARIABLE = "WB_IMPORTED_SECRET"


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as running:
        yield running


def save_imported(sandbox: Sandbox) -> None:
    """A profile file from elsewhere, imported as the window imports it: untrusted."""
    ref = SecretRef(SecretSource.ENVIRONMENT, VARIABLE)
    sent = replace(sandbox_profile(sandbox.url, "Team"), secrets={SecretKind.CLIENT_SECRET: ref})
    ProfileStore().save(import_profiles(profiles_to_json([sent]), (), "team.json").profiles)


def issued(sandbox: Sandbox) -> int:
    return int(sandbox.state()["tokens"]["issued"])


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def imported(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    """The sandbox, an imported profile for it, its variable set, and no terminal."""
    save_imported(sandbox)
    monkeypatch.setenv(VARIABLE, "demo-secret")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    return sandbox


def test_an_unconfirmed_imported_profile_is_refused_without_a_terminal(
    imported: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    sandbox = imported
    code, out, err = run(["token", "--profile", "Team"], capsys)
    assert (code, out) == (2, "")
    for shown in ("imported from a file", f"${VARIABLE}", sandbox.token_url, "--confirm-profile"):
        assert shown in err
    assert "demo-secret" not in err
    assert issued(sandbox) == 0  # nothing was sent


def test_confirm_profile_confirms_once_and_a_changed_host_asks_again(
    imported: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    sandbox = imported
    code, out, err = run(["token", "--profile", "Team", "--confirm-profile"], capsys)
    assert code == 0, err
    assert len(out.strip()) == 40
    assert "Confirmed with --confirm-profile" in err
    (stored,) = ProfileStore().load().profiles
    assert not needs_confirmation(stored)
    code, _out, err = run(["call", "--profile", "Team"], capsys)  # remembered
    assert code == 0, err
    assert "imported" not in err

    ProfileStore().save([replace(stored, token_url="http://localhost:9/v3/token")])
    code, _out, err = run(["token", "--profile", "Team"], capsys)
    assert code == 2
    assert "Changed since confirmed" in err
    assert "http://localhost:9" in err
    assert issued(sandbox) == 2


def test_confirm_profile_needs_a_profile(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(
        ["token", "--token-url", "http://127.0.0.1:9/t", "--client-id", "c", "--confirm-profile"],
        capsys,
    )
    assert code == 2
    assert "--confirm-profile goes with --profile" in err


@pytest.mark.parametrize(("answer", "code"), [(b"y\n", 0), (b"\n", 2), (b"no\n", 2)])
def test_on_a_terminal_the_user_is_asked(sandbox: Sandbox, answer: bytes, code: int) -> None:
    save_imported(sandbox)
    controller, terminal = pty.openpty()
    env = {**os.environ, VARIABLE: "demo-secret"}
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "workbench", "token", "--profile", "Team"],
            stdin=terminal,
            stdout=subprocess.PIPE,
            stderr=terminal,
            env=env,
        )
        asked = b""
        while b"[y/N]" not in asked:
            chunk = os.read(controller, 4096)
            assert chunk, asked
            asked += chunk
        os.write(controller, answer)
        out, _ = process.communicate(timeout=60)
    finally:
        os.close(terminal)
        os.close(controller)
    assert process.returncode == code
    assert f"${VARIABLE}".encode() in asked
    assert sandbox.token_url.encode() in asked
    assert (len(out.strip()) == 40) is (code == 0)
    assert issued(sandbox) == (1 if code == 0 else 0)
    (stored,) = ProfileStore().load().profiles
    assert needs_confirmation(stored) is (code != 0)


@pytest.mark.parametrize(
    "override",
    [["--token-url", "http://127.0.0.1:9/elsewhere/token"], ["--insecure"]],
    ids=["another-host", "tls-off"],
)
def test_options_that_send_a_confirmed_profiles_secret_elsewhere_are_asked_about(
    imported: Sandbox, capsys: pytest.CaptureFixture[str], override: list[str]
) -> None:
    """The variable is bound to the host it was confirmed for, even when the command line
    names another one; a yes to such an option holds for the run only."""
    sandbox = imported
    https = replace(ProfileStore().load().profiles[0], token_url="https" + sandbox.token_url[4:])
    if override == ["--insecure"]:  # TLS can only be turned off where there is TLS
        ProfileStore().save([https])
    code, _out, err = run(["token", "--profile", "Team", "--confirm-profile"], capsys)
    (stored,) = ProfileStore().load().profiles
    assert not needs_confirmation(stored), err
    code, out, err = run(["token", "--profile", "Team", *override], capsys)
    assert (code, out) == (2, "")
    assert "not confirmed for this use" in err and "Changed since confirmed" in err
    code, _out, err = run(["token", "--profile", "Team", *override, "--confirm-profile"], capsys)
    assert "for this run only" in err
    assert ProfileStore().load().profiles[0] == stored, "the profile's own confirmation stays"
    code, _out, err = run(["token", "--profile", "Team", *override], capsys)
    assert code == 2, "asked again next time"

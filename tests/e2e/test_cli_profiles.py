"""``workbench token/call --profile NAME``: the profile's settings, its secret from its source."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace

import pytest

from workbench import cli
from workbench.core.presets import sandbox_profile
from workbench.core.profiles import Profile, ProfileStore, SecretKind, SecretRef, SecretSource
from workbench.core.secret import Secret
from workbench.core.secret_store import SecretStore
from workbench.sandbox import Sandbox


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(require_x_domain="example.com") as running:
        yield running


def save(*profiles: Profile) -> None:
    ProfileStore().save(profiles)


def run(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def sandbox_with_domain(sandbox: Sandbox, **changes: object) -> Profile:
    profile = sandbox_profile(sandbox.url, "Sandbox")
    return replace(profile, extra_headers=(("X-Domain", "example.com"),), **changes)


def test_token_reads_the_secret_from_the_keychain(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = sandbox_with_domain(sandbox).with_stored(SecretKind.CLIENT_SECRET, True)
    save(profile)
    SecretStore().put(profile.profile_id, SecretKind.CLIENT_SECRET, Secret("demo-secret"))
    code, out, err = run(["token", "--profile", "Sandbox"], capsys, monkeypatch)
    assert code == 0, err
    assert len(out.strip()) == 40


def test_token_reads_the_secret_from_the_named_environment_variable(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ref = SecretRef(SecretSource.ENVIRONMENT, "WB_PROFILE_SECRET")
    save(sandbox_with_domain(sandbox, secrets={SecretKind.CLIENT_SECRET: ref}))
    monkeypatch.setenv("WB_PROFILE_SECRET", "demo-secret")
    code, out, err = run(["token", "--profile", "Sandbox", "--json"], capsys, monkeypatch)
    assert code == 0, err
    assert '"token_type": "Bearer"' in out
    monkeypatch.delenv("WB_PROFILE_SECRET")
    code, out, err = run(["token", "--profile", "Sandbox"], capsys, monkeypatch)
    assert code == 2
    assert "WB_PROFILE_SECRET is not set" in err


def test_a_profile_that_asks_cannot_ask_without_a_terminal(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    save(
        sandbox_with_domain(
            sandbox, secrets={SecretKind.CLIENT_SECRET: SecretRef(SecretSource.ASK)}
        )
    )
    code, _, err = run(["token", "--profile", "Sandbox"], capsys, monkeypatch)
    assert code == 2
    assert "asks for its client secret each time, and there is no terminal" in err
    assert "--client-secret-env" in err


def test_options_win_over_the_profile(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    save(sandbox_with_domain(sandbox))  # no secret stored: the option supplies it
    monkeypatch.setenv("WB_TEST_SECRET", "wrong-secret")
    code, _, err = run(
        ["token", "--profile", "Sandbox", "--client-secret-env", "WB_TEST_SECRET"],
        capsys,
        monkeypatch,
    )
    assert code == 3  # the option's (wrong) secret was used, not a stored one
    assert "client" in err.lower()


def test_call_uses_the_profiles_last_request_and_its_x_domain(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = sandbox_with_domain(sandbox).with_stored(SecretKind.CLIENT_SECRET, True)
    save(profile)
    SecretStore().put(profile.profile_id, SecretKind.CLIENT_SECRET, Secret("demo-secret"))
    code, out, err = run(["call", "--profile", "Sandbox"], capsys, monkeypatch)
    assert code == 0, err
    assert out.startswith("HTTP/1.1 200")
    assert '"accountId"' in out


def test_an_unknown_profile_names_the_saved_ones(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    save(Profile(name="One"), Profile(name="Two"))
    code, _, err = run(["token", "--profile", "Three"], capsys, monkeypatch)
    assert code == 2
    assert "no profile called 'Three'" in err
    assert "'One', 'Two'" in err


def test_without_a_profile_the_endpoint_options_are_required(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(["token", "--client-id", "x"], capsys, monkeypatch)
    assert code == 2
    assert "--token-url is required" in err

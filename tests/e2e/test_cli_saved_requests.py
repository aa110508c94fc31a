"""``workbench call --request NAME``: saved requests sent from the command line to the sandbox."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace

import pytest

from workbench import cli
from workbench.core.collections.environments import EnvironmentStore, store_secret_values
from workbench.core.collections.model import Environment, Field, SavedRequest, Variable
from workbench.core.collections.store import CollectionStore, profile_collection_folder
from workbench.core.presets import sandbox_profile
from workbench.core.profiles import Profile, ProfileStore, SecretKind, SecretRef, SecretSource
from workbench.core.secret import Secret
from workbench.core.secret_store import SecretStore
from workbench.sandbox import Sandbox

pytestmark = pytest.mark.e2e

SECRET_VARIABLE = "WB_SAVED_SECRET"


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(host="127.0.0.1", port=0) as running:
        yield running


@pytest.fixture
def profile(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Profile:
    """The sandbox's profile, saved, its secret in an environment variable."""
    ref = SecretRef(SecretSource.ENVIRONMENT, SECRET_VARIABLE)
    saved = replace(
        sandbox_profile(sandbox.url, "Sandbox"), secrets={SecretKind.CLIENT_SECRET: ref}
    )
    ProfileStore().save((saved,))
    monkeypatch.setenv(SECRET_VARIABLE, "demo-secret")
    return saved


def run(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = cli.main(["call", "--profile", "Sandbox", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def add_request(
    profile: Profile, request: SavedRequest, variables: tuple[Variable, ...] = ()
) -> None:
    store = CollectionStore(profile_collection_folder(profile))
    store.load()
    store.add_request((), request)
    if variables:
        store.set_variables(variables)


def test_the_starter_is_written_on_first_use_and_its_calls_work(
    profile: Profile, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(["--request", "Get account"], capsys, monkeypatch)
    assert code == 0, err
    assert out.startswith("HTTP/1.1 200 OK\n")
    assert '"accountId"' in out
    assert "wrote the starter collection of 'Sandbox'" in err
    code, out, err = run(["--request", "Contacts/Create contact"], capsys, monkeypatch)
    assert code == 0, err
    assert out.startswith("HTTP/1.1 202")
    code, out, err = run(["--request", "Contacts / Create contact"], capsys, monkeypatch)
    assert code == 3
    assert "409" in out.splitlines()[0]
    code, out, _ = run(["--request", "Find contact by email"], capsys, monkeypatch)
    assert code == 0 and "ada.lovelace@example.com" in out


def test_an_unknown_variable_stops_before_any_request(
    sandbox: Sandbox,
    profile: Profile,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_request(profile, SavedRequest("Broken", url="{{baseUrl}}/contacts/{{contactId}}"))
    issued = sandbox.state()["tokens"]["issued"]
    code, out, err = run(["--request", "Broken"], capsys, monkeypatch)
    assert code == 2 and out == ""
    assert "the saved request 'Broken' cannot be sent:" in err
    assert "URL, column 22: {{contactId}} is not defined" in err
    assert "--var NAME=VALUE" in err
    assert sandbox.state()["tokens"]["issued"] == issued  # no token was asked for
    contact_id = "agBuB"
    code, out, err = run(
        ["--request", "Broken", "--var", f"contactId={contact_id}"], capsys, monkeypatch
    )
    assert code == 0, err
    assert f'"contactId":"{contact_id}"' in out


def test_variables_from_the_command_line_and_an_environment(
    profile: Profile, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    add_request(
        profile,
        SavedRequest(
            "Find", url="{{baseUrl}}/contacts", params=(Field("query[email]", "{{who}}"),)
        ),
        (Variable("who", "nobody@example.com"),),
    )
    EnvironmentStore(profile_collection_folder(profile)).save(
        Environment("Team", (Variable("who", "ewa.moreau004"),))
    )
    code, out, err = run(["--request", "Find", "--env", "Team", "--verbose"], capsys, monkeypatch)
    assert code == 0, err
    assert "GET /v3/contacts?query%5Bemail%5D=ewa.moreau004 HTTP/1.1" in err
    assert "ewa.moreau004@example.com" in out
    code, _, err = run(
        ["--request", "Find", "--env", "Team", "--var", "who=x", "--verbose"], capsys, monkeypatch
    )
    assert code == 0 and "query%5Bemail%5D=x " in err
    code, _, err = run(["--request", "Find", "--env", "Nope"], capsys, monkeypatch)
    assert code == 2
    assert "There is no environment called 'Nope' (known: 'Team')" in err


def test_secret_variables_come_from_the_keychain_and_are_masked(
    profile: Profile,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_request(
        profile,
        SavedRequest(
            "Keyed", url="{{baseUrl}}/accounts", headers=(Field("X-Api-Key", "{{apiKey}}"),)
        ),
        (Variable("apiKey", secret=True),),
    )
    code, _, err = run(["--request", "Keyed"], capsys, monkeypatch)
    assert code == 2
    assert "{{apiKey}} is a secret variable with no value stored yet" in err
    store_secret_values(
        SecretStore(), profile.profile_id, "", {"apiKey": Secret("k-live-0123456789")}
    )
    code, _, err = run(["--request", "Keyed", "--verbose"], capsys, monkeypatch)
    assert code == 0, err
    assert "X-Api-Key: ••••••" in err
    assert "k-live-0123456789" not in err
    code, _, err = run(["--request", "Keyed", "--var", "apiKey=leak"], capsys, monkeypatch)
    assert code == 2 and "use --var-env NAME=VAR" in err
    monkeypatch.setenv("WB_API_KEY", "k-from-env-9876543")
    code, _, err = run(
        ["--request", "Keyed", "--var-env", "apiKey=WB_API_KEY", "--verbose"], capsys, monkeypatch
    )
    assert code == 0, err
    assert "k-from-env-9876543" not in err


def test_names_that_match_nothing_or_several_are_explained(
    profile: Profile, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = CollectionStore(profile_collection_folder(profile))
    store.load()
    for folder in ("A", "B"):
        store.add_folder((), folder)
        store.add_request((folder,), SavedRequest("Twin", url="{{baseUrl}}/accounts"))
    code, _, err = run(["--request", "Twin"], capsys, monkeypatch)
    assert code == 2
    assert "several saved requests are called 'Twin' ('A/Twin', 'B/Twin')" in err
    assert run(["--request", "A/Twin"], capsys, monkeypatch)[0] == 0
    code, _, err = run(["--request", "Nope"], capsys, monkeypatch)
    assert code == 2
    assert "'Sandbox' has no saved request called 'Nope' (saved: 'A / Twin', 'B / Twin')" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["call", "--request", "x"], "--request needs --profile NAME"),
        (
            ["call", "--env", "US", "http://127.0.0.1:1/"],
            "--env, --var and --var-env go with --request",
        ),
        (["call", "--profile", "Sandbox", "--request", "x", "-d", "{}"], "drop URL, -X, -H and -d"),
        (
            ["call", "--profile", "Sandbox", "--request", "x", "--var", "bad name=1"],
            "--var wants NAME=VALUE",
        ),
    ],
)
def test_misused_options_exit_2(
    profile: Profile,
    argv: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert cli.main(argv) == 2
    assert message in capsys.readouterr().err


def test_a_real_process_exits_2_for_an_unknown_variable(profile: Profile) -> None:
    add_request(profile, SavedRequest("Broken", url="{{baseUrl}}/{{nothing}}"))
    completed = subprocess.run(
        [sys.executable, "-m", "workbench", "call", "--profile", "Sandbox", "--request", "Broken"],
        env=dict(os.environ),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 2
    assert b"{{nothing}} is not defined" in completed.stderr
    assert completed.stdout == b""

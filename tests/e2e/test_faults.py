"""Faults: a server killed mid-answer, and a profiles folder that is read-only or full.

Each gives a clear message and loses no data: the token already held stays usable, the
profiles file already saved stays as it was, and no temporary file is left behind.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from tests.e2e.hostile.probes import looks_like_python_internals
from workbench.core.client import ApiOutcome, ApiRequest, OAuthClient, SendOptions
from workbench.core.config import ClientConfig
from workbench.core.http import FailureKind
from workbench.core.problems import Problem, ProblemKind
from workbench.core.profiles import Profile, ProfileStore, ProfileStoreError
from workbench.core.secret import Secret

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 30.0
ESTABLISHED = "01"


class Process:
    """A server started as a child process that prints its address on its first line."""

    def __init__(self, argv: list[str]) -> None:
        self.popen = subprocess.Popen(
            argv,
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        assert self.popen.stdout is not None
        self.first_line = self.popen.stdout.readline().strip()
        if not self.first_line:
            self.kill()
            pytest.fail(f"{argv} printed nothing and exited with {self.popen.returncode}")

    def signal(self, number: int) -> None:
        self.popen.send_signal(number)

    def kill(self) -> None:
        if self.popen.poll() is None:
            self.popen.kill()
        self.popen.wait(timeout=10)
        if self.popen.stdout is not None:
            self.popen.stdout.close()


@pytest.fixture
def sandbox_process() -> Iterator[tuple[Process, str]]:
    """``python -m workbench sandbox`` on a free port; yields it and its base URL."""
    process = Process([sys.executable, "-m", "workbench", "sandbox", "--port", "0", "--quiet"])
    try:
        assert process.first_line.startswith("Sandbox listening on "), process.first_line
        yield process, process.first_line.removeprefix("Sandbox listening on ")
    finally:
        process.kill()


@pytest.fixture
def hostile_process() -> Iterator[tuple[Process, str]]:
    """The hostile server as a child process; yields it and its base URL."""
    process = Process([sys.executable, "-m", "tests.e2e.hostile.server"])
    try:
        assert process.first_line.startswith("READY "), process.first_line
        yield process, process.first_line.split()[1]
    finally:
        process.kill()


def demo_config(token_url: str) -> ClientConfig:
    return ClientConfig(token_url, "demo-client", Secret("demo-secret"), timeout_s=10.0)


def queued_request_bytes(port: int) -> int:
    """Bytes that reached a loopback server's socket on ``port`` and wait there unread."""
    waiting = 0
    for line in Path("/proc/net/tcp").read_text(encoding="ascii").splitlines()[1:]:
        fields = line.split()
        local_port = int(fields[1].rsplit(":", 1)[1], 16)
        if local_port == port and fields[3] == ESTABLISHED:
            waiting += int(fields[4].split(":")[1], 16)
    return waiting


def assert_plain(problem: Problem) -> None:
    for part in (
        problem.title,
        problem.explanation,
        problem.likely_cause,
        problem.suggested_action,
    ):
        assert part.strip()
    assert not looks_like_python_internals(f"{problem.title} {problem.explanation}"), problem
    assert "demo-secret" not in f"{problem.explanation} {problem.likely_cause}"


# --- a server killed mid-answer -----------------------------------------------------------------


def test_the_sandbox_killed_while_answering_is_a_lost_connection(
    sandbox_process: tuple[Process, str],
) -> None:
    process, base_url = sandbox_process
    port = int(base_url.rsplit(":", 1)[1])
    with closing(OAuthClient()) as client:
        token = client.fetch_token(demo_config(f"{base_url}/v3/token")).token
        assert token is not None
        # Freeze the sandbox, let the API request reach its socket, then kill it.
        process.signal(signal.SIGSTOP)
        outcome: list[ApiOutcome] = []
        caller = threading.Thread(
            target=lambda: outcome.append(
                client.call_api(
                    ApiRequest("GET", f"{base_url}/v3/accounts"), token, SendOptions(timeout_s=20)
                )
            )
        )
        caller.start()
        arrived = threading.Event()
        for _ in range(400):  # /proc offers nothing to wait on; each look is a few microseconds
            if queued_request_bytes(port) > 0:
                arrived.set()
                break
            arrived.wait(0.01)
        assert arrived.is_set(), "the API request never reached the frozen sandbox"
        process.signal(signal.SIGKILL)
        caller.join(timeout=20)
        assert not caller.is_alive()
    exchange, problem = outcome[0].exchange, outcome[0].problem
    assert exchange.failure is not None
    assert exchange.failure.kind is FailureKind.CONNECTION_LOST, exchange.failure
    assert problem is not None and problem.kind is ProblemKind.TRANSPORT
    assert "lost" in problem.title
    assert_plain(problem)
    # Nothing is lost on our side: the request is recorded and the token is still held.
    assert exchange.request.url.endswith("/v3/accounts")
    assert token.value.reveal()


def test_a_server_killed_mid_body_keeps_what_arrived_and_says_so(
    hostile_process: tuple[Process, str],
) -> None:
    process, base_url = hostile_process
    killed = threading.Event()

    def kill_at_first_bytes(read: int, _total: int | None) -> None:
        if read and not killed.is_set():
            killed.set()
            process.signal(signal.SIGKILL)

    with closing(OAuthClient()) as client:
        outcome = client.call_api(
            ApiRequest("GET", f"{base_url}/api/huge-body"),
            None,
            SendOptions(timeout_s=10.0, progress=kill_at_first_bytes),
        )
    assert killed.is_set()
    exchange = outcome.exchange
    assert exchange.failure is not None
    assert exchange.failure.kind is FailureKind.CONNECTION_LOST, exchange.failure
    assert exchange.response is not None and exchange.response.status == 200
    assert exchange.response.truncated
    assert 0 < len(exchange.response.body) < 100 * 1024 * 1024
    assert exchange.response.body.startswith(b'{"data": "')
    assert outcome.problem is not None
    assert outcome.problem.kind is ProblemKind.TRANSPORT
    assert "more bytes were announced" in outcome.problem.likely_cause
    assert_plain(outcome.problem)


def test_a_sandbox_that_is_gone_is_refused_and_the_token_is_kept(
    sandbox_process: tuple[Process, str],
) -> None:
    process, base_url = sandbox_process
    with closing(OAuthClient()) as client:
        token = client.fetch_token(demo_config(f"{base_url}/v3/token")).token
        assert token is not None
        process.kill()
        outcome = client.call_api(ApiRequest("GET", f"{base_url}/v3/accounts"), token)
    assert outcome.exchange.failure is not None
    assert outcome.exchange.failure.kind in (FailureKind.REFUSED, FailureKind.CONNECTION_LOST)
    assert outcome.problem is not None
    assert_plain(outcome.problem)
    assert not token.is_expired(client.clock)


# --- the profiles folder read-only or full --------------------------------------------------------


@pytest.fixture
def saved(tmp_path: Path) -> ProfileStore:
    store = ProfileStore(tmp_path / "config" / "profiles.json")
    store.save([Profile(name="kept", token_url="https://id.example/token")])
    return store


def assert_old_file_intact(store: ProfileStore) -> None:
    loaded = store.load()
    assert loaded.warning == ""
    assert [profile.name for profile in loaded.profiles] == ["kept"]
    leftovers = [path.name for path in store.path.parent.iterdir() if path.name.endswith(".tmp")]
    assert leftovers == []


def test_a_full_disk_while_writing_keeps_the_old_file(
    saved: ProfileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ProfileStoreError) as caught:
        saved.save([Profile(name="new")])
    monkeypatch.undo()
    message = str(caught.value)
    assert "No space left on device" in message
    assert "previous file is unchanged" in message
    assert str(saved.path) in message
    assert_old_file_intact(saved)


def test_a_read_only_folder_on_write_keeps_the_old_file(
    saved: ProfileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root ignores file modes, so the refusal is simulated where the OS would raise it."""
    real_open = os.open

    def read_only(path: str, flags: int, mode: int = 0o777, **kwargs: object) -> int:
        if str(path).startswith(str(saved.path.parent)) and flags & (os.O_WRONLY | os.O_RDWR):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), path)
        return real_open(path, flags, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(ProfileStoreError, match="Read-only file system") as caught:
        saved.save([Profile(name="new")])
    monkeypatch.undo()
    assert str(saved.path.parent) in str(caught.value)
    assert_old_file_intact(saved)


def test_a_config_folder_that_is_a_file_is_explained(tmp_path: Path) -> None:
    blocker = tmp_path / "config"
    blocker.write_text("not a folder", encoding="utf-8")
    store = ProfileStore(blocker / "profiles.json")
    with pytest.raises(ProfileStoreError) as caught:
        store.save([Profile(name="new")])
    assert str(blocker) in str(caught.value)
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_profiles_path_that_is_a_folder_keeps_it_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "config" / "profiles.json"
    target.mkdir(parents=True)
    (target / "precious.txt").write_text("mine", encoding="utf-8")
    store = ProfileStore(target)
    with pytest.raises(ProfileStoreError, match="previous file is unchanged"):
        store.save([Profile(name="new")])
    assert (target / "precious.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(path.name for path in target.parent.iterdir()) == ["profiles.json"]


def test_saving_works_again_once_the_disk_has_room(
    saved: ProfileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ProfileStoreError):
        saved.save([Profile(name="new")])
    monkeypatch.undo()
    saved.save([Profile(name="new")])
    assert [profile.name for profile in saved.load().profiles] == ["new"]

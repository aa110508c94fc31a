"""The keychain worker: jobs in order on one thread, answers on the GUI thread, safe closing."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from tests.conftest import MemoryKeyring
from workbench.core.profiles import SecretKind
from workbench.core.secret import Secret
from workbench.core.secret_store import SecretStore
from workbench.ui.profiles.keychain_worker import KeychainWorker

pytestmark = pytest.mark.gui

SECRET = SecretKind.CLIENT_SECRET
KEY = SecretKind.PRIVATE_KEY


class BrokenKeyring(MemoryKeyring):
    """Raises on the first read, as a D-Bus error would; fine afterwards."""

    def __init__(self) -> None:
        super().__init__()
        self.failures = 1
        self.threads: set[str] = set()

    def get_password(self, service: str, username: str) -> str | None:
        self.threads.add(threading.current_thread().name)
        if self.failures:
            self.failures -= 1
            raise RuntimeError("the bus went away")
        return super().get_password(service, username)


@pytest.fixture
def worker(qtbot: Any, memory_keyring: MemoryKeyring) -> Any:
    made = KeychainWorker(SecretStore(backend=memory_keyring))
    yield made
    made.close()


def test_a_read_after_a_write_sees_the_write(qtbot: Any, worker: KeychainWorker) -> None:
    worker.write("p1", SECRET, Secret("written-first"))
    assert worker.saving
    worker.read([("p1", SECRET), ("p1", KEY)])
    assert worker.pending("p1", SECRET)
    with qtbot.waitSignal(worker.secrets_read) as read:
        worker.start()
    assert read.args[0] == {("p1", SECRET): Secret("written-first")}
    assert not worker.pending("p1", SECRET)
    assert not worker.saving  # the write was answered before the read
    qtbot.waitUntil(lambda: not worker.busy)


def test_jobs_run_off_the_gui_thread_and_survive_a_failing_keychain(qtbot: Any) -> None:
    keychain = BrokenKeyring()
    keychain.entries[("oauth-workbench", "p1/client-secret")] = "stored"
    store = SecretStore(backend=keychain)
    worker = KeychainWorker(store)
    worker.start()
    try:
        with qtbot.waitSignal(worker.secrets_read) as first:
            worker.read([("p1", SECRET)])
        assert first.args[0] == {}  # the error: nothing found, and the store says why
        assert not store.status.available
        assert "bus went away" in store.status.message
        worker.write("p2", SECRET, Secret("kept-in-memory"))
        with qtbot.waitSignal(worker.secrets_read) as second:
            worker.read([("p2", SECRET)])
        assert second.args[0] == {("p2", SECRET): Secret("kept-in-memory")}
        assert keychain.threads == {"keychain-worker"}
    finally:
        worker.close()


def test_after_closing_no_job_is_taken_and_no_answer_delivered(
    qapp: Any, worker: KeychainWorker, memory_keyring: MemoryKeyring
) -> None:
    answers: list[object] = []
    worker.secrets_read.connect(answers.append)
    worker.read([("p1", SECRET)])
    worker.write("p1", SECRET, Secret("lands-before-closing"))
    assert worker.close()  # runs what was queued, then stops
    worker.write("p1", SECRET, Secret("too-late"))
    qapp.processEvents()  # the thread has ended: deliver what it sent; none may arrive
    assert answers == []
    assert memory_keyring.entries[("oauth-workbench", "p1/client-secret")] == (
        "lands-before-closing"
    )


def test_a_worker_whose_window_is_gone_ends_quietly(memory_keyring: MemoryKeyring) -> None:
    from shiboken6 import Shiboken

    gate = threading.Event()

    class Waiting(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            gate.wait(10)
            super().set_password(service, username, password)

    keychain = Waiting()
    worker = KeychainWorker(SecretStore(backend=keychain))
    worker.start()
    worker.write("p1", SECRET, Secret("late"))
    thread = worker._thread
    assert thread is not None
    Shiboken.delete(worker)  # the window closed without waiting for the keychain
    gate.set()
    thread.join(5)
    assert not thread.is_alive()
    assert keychain.entries[("oauth-workbench", "p1/client-secret")] == "late"


def test_other_entries_are_read_written_and_moved_in_order(
    qtbot: Any, worker: KeychainWorker, memory_keyring: MemoryKeyring
) -> None:
    worker.write_entry("p1", "variable/US/apiKey", Secret("k-us"))
    worker.move_entries("p1", [("variable/US/apiKey", "variable/United States/apiKey")])
    worker.read_entries("p1", ["variable/US/apiKey", "variable/United States/apiKey"])
    assert worker.saving
    with qtbot.waitSignal(worker.entries_read) as read:
        worker.start()
    assert read.args[0] == {
        ("p1", "variable/US/apiKey"): None,
        ("p1", "variable/United States/apiKey"): Secret("k-us"),
    }
    qtbot.waitUntil(lambda: not worker.busy)
    assert memory_keyring.entries == {
        ("oauth-workbench", "p1/variable/United States/apiKey"): "k-us"
    }

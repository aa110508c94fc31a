"""The fake client every command-line test can ask for."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.unit.cli.fakes import FakeClient, good_token_outcome
from workbench.cli import commands


@pytest.fixture
def fake_client(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeClient]:
    """Replace the CLI's client with a fake that answers a good token by default."""
    client = FakeClient(token_outcome=good_token_outcome())

    @contextmanager
    def open_fake_client() -> Iterator[FakeClient]:
        yield client
        client.closed = True

    monkeypatch.setattr(commands, "open_client", open_fake_client)
    monkeypatch.setenv("WB_TEST_SECRET", "demo-secret")
    yield client
    assert client.closed or not client.configs

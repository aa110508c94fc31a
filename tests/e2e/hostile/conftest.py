"""Fixtures for the hostile-server tests: one server per session, its test authority trusted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.hostile.server import HostileServer


@pytest.fixture(scope="session")
def hostile() -> Iterator[HostileServer]:
    """The hostile server on loopback for the whole session (its witness starts empty)."""
    with HostileServer() as server:
        yield server


@pytest.fixture
def trust_hostile_ca(hostile: HostileServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Trust the hostile server's test authority, so that expiry and host names are what fail."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(hostile.ca_bundle))
    return hostile.ca_bundle

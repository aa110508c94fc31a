"""Suite-wide set-up: no screen, no real config directory, no real keychain."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.offscreen import use_offscreen_screens

use_offscreen_screens(os.environ)  # no screen: offscreen, with a desktop and a projector

# Hypothesis fails an example slower than 200 ms by default: that times the machine, and a busy
# two-core runner failed a profile round trip that way. Speed belongs in ``make bench``.
settings.register_profile("workbench", deadline=None)
settings.load_profile("workbench")


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Point config, data, cache and state directories at a fresh temporary folder."""
    home = tmp_path_factory.mktemp("home")
    saved = {name: os.environ.get(name) for name in _USER_DIR_VARS}
    for name, sub in _USER_DIR_VARS.items():
        os.environ[name] = str(home / sub)
    try:
        yield home
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


_USER_DIR_VARS = {
    "XDG_CONFIG_HOME": "config",
    "XDG_DATA_HOME": "data",
    "XDG_CACHE_HOME": "cache",
    "XDG_STATE_HOME": "state",
}


class MemoryKeyring:
    """An in-memory keychain so no test touches the machine's real one."""

    priority = 1

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        import keyring.errors

        if self.entries.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    """Every test gets a fresh in-memory keychain as keyring's default backend."""
    import keyring

    backend = MemoryKeyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    return backend


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``perf`` time the machine: they run only when asked for (``-m perf``),
    never in ``make test``, whose results must not depend on how busy the machine is."""
    if "perf" in (config.getoption("markexpr") or ""):
        return
    timed = [item for item in items if item.get_closest_marker("perf") is not None]
    if timed:
        config.hook.pytest_deselected(items=timed)
        items[:] = [item for item in items if item.get_closest_marker("perf") is None]

"""Suite-wide set-up: no screen, no real config directory, no real keychain."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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

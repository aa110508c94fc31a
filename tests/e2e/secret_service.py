"""A private D-Bus session with gnome-keyring's Secret Service, for the keychain tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def require_tools(*extra: str) -> None:
    """Fail in CI (which must install them), skip elsewhere, when the daemon's tools are missing."""
    tools = ("dbus-run-session", "gnome-keyring-daemon", *extra)
    missing = [tool for tool in tools if not shutil.which(tool)]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must install gnome-keyring and dbus; missing: {', '.join(missing)}")
        pytest.skip(f"no Secret Service daemon here ({', '.join(missing)} not installed)")


def run_session(
    tmp_path: Path, script: str, variables: dict[str, str], *, timeout_s: float = 60
) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Run ``script`` (sh) in a fresh D-Bus session with a throw-away home; returns the result
    and that home. ``variables`` are added to a minimal environment (PATH, HOME, XDG_*,
    PYTHONPATH, PYTHON)."""
    home = tmp_path / "home"
    runtime = tmp_path / "run"
    home.mkdir()
    runtime.mkdir(mode=0o700)
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(runtime),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "PYTHONPATH": str(REPO),
        "PYTHON": sys.executable,
        **variables,
    }
    result = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", script],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
    )
    return result, home

"""The keychain for real: gnome-keyring's Secret Service on a private D-Bus session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SECRET = "kc-integration-secret-7f3a"  # a made-up value, only ever stored in the test keyring
PROFILE_ID = "integration-profile"

SESSION_SCRIPT = """
set -e
mkdir -p "$HOME/.local/share/keyrings"
eval "$(printf pw | gnome-keyring-daemon --unlock --replace --daemonize --components=secrets)"
export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK
printf '%s\\n' "$SECRET" | "$PYTHON" -m tests.e2e.keychain_probe put "$PROFILE"
"$PYTHON" -m tests.e2e.keychain_probe get "$PROFILE"
"$PYTHON" -m tests.e2e.keychain_probe cli "$PROFILE"
"$PYTHON" -m tests.e2e.keychain_probe delete "$PROFILE"
"$PYTHON" -m tests.e2e.keychain_probe get "$PROFILE"
"""


def missing_tools() -> list[str]:
    return [tool for tool in ("dbus-run-session", "gnome-keyring-daemon") if not shutil.which(tool)]


def test_secret_survives_restarts_in_the_real_keychain_and_delete_removes_it(
    tmp_path: Path,
) -> None:
    missing = missing_tools()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must install gnome-keyring and dbus; missing: {', '.join(missing)}")
        pytest.skip(f"no Secret Service daemon here ({', '.join(missing)} not installed)")
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
        "SECRET": SECRET,
        "PROFILE": PROFILE_ID,
    }
    result = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", SESSION_SCRIPT],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if not line.startswith("backend:")]
    assert result.returncode == 0, result.stdout + result.stderr
    assert "backend: keyring.backends.SecretService" in result.stdout
    assert lines == [
        "stored: True",
        f"value: {SECRET}",
        "cli: exit 0, token of 40 hex digits",
        "deleted",
        "value: <none>",
    ]
    # The secret reached the daemon's store, not a file of ours.
    keyrings = home / ".local" / "share" / "keyrings"
    assert any(keyrings.iterdir())
    assert all(
        SECRET.encode() not in path.read_bytes() for path in keyrings.rglob("*") if path.is_file()
    )

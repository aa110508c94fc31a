"""The keychain for real: gnome-keyring's Secret Service on a private D-Bus session."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.secret_service import require_tools, run_session

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


def test_secret_survives_restarts_in_the_real_keychain_and_delete_removes_it(
    tmp_path: Path,
) -> None:
    require_tools()
    result, home = run_session(tmp_path, SESSION_SCRIPT, {"SECRET": SECRET, "PROFILE": PROFILE_ID})
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

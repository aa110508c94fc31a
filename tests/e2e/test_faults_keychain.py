"""The keychain daemon killed mid-session: the secret store falls back to memory, says so, and
never writes a secret to a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.secret_service import require_tools, run_session

pytestmark = pytest.mark.e2e

BEFORE = "kc-fault-before-5d20"  # made-up values, only ever stored in the test keyring
AFTER = "kc-fault-after-93be"

SESSION_SCRIPT = """
set -e
mkdir -p "$HOME/.local/share/keyrings"
eval "$(printf pw | gnome-keyring-daemon --unlock --replace --daemonize --components=secrets)"
export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK
"$PYTHON" -c "$PROBE"
"""

PROBE = r'''
import os, signal, subprocess, sys, time
from pathlib import Path
from workbench.core.profiles import SecretKind
from workbench.core.secret import Secret
from workbench.core.secret_store import SecretStore

KIND = SecretKind.CLIENT_SECRET

def secrets_daemon_pid():
    """The process that owns org.freedesktop.secrets on this session bus."""
    reply = subprocess.run(
        ["dbus-send", "--session", "--print-reply=literal", "--dest=org.freedesktop.DBus",
         "/org/freedesktop/DBus", "org.freedesktop.DBus.GetConnectionUnixProcessID",
         "string:org.freedesktop.secrets"],
        capture_output=True, text=True, check=True, timeout=10,
    )
    return int(reply.stdout.split()[-1])

def gone(pid):
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in state

deadline = time.monotonic() + 10
while True:  # the daemon may still be registering on the bus
    store = SecretStore()
    store.get("probe", KIND)
    if store.status.available or time.monotonic() > deadline:
        break
    time.sleep(0.1)
print("available:", store.status.available)
store.put("profile", KIND, Secret(os.environ["BEFORE"]))
print("stored:", store.status.available)
print("value:", store.get("profile", KIND).reveal())

pid = secrets_daemon_pid()
os.kill(pid, signal.SIGKILL)
deadline = time.monotonic() + 10
while not gone(pid) and time.monotonic() < deadline:
    time.sleep(0.05)  # a daemonized process is not ours to wait for
print("killed:", gone(pid))

try:
    found = store.get("profile", KIND)
    print("after-get:", "none" if found is None else "found")
    print("after-status:", store.status.available)
    store.put("profile", KIND, Secret(os.environ["AFTER"]))
    print("put-status:", store.status.available)
    again = store.get("profile", KIND)
    print("after-value:", again.reveal() if again is not None else "none")
    print("message:", store.status.message)
except Exception as error:
    print("raised:", repr(error))
'''


def test_a_killed_keychain_daemon_falls_back_to_memory_in_plain_words(tmp_path: Path) -> None:
    require_tools("dbus-send")
    result, home = run_session(
        tmp_path,
        SESSION_SCRIPT,
        {"PROBE": PROBE, "BEFORE": BEFORE, "AFTER": AFTER},
        timeout_s=90,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)
    assert lines.get("available") == "True", output
    assert lines.get("stored") == "True", output
    assert lines.get("value") == BEFORE, output
    assert lines.get("killed") == "True", output
    assert "raised" not in lines, output
    # After the kill: no exception, the store says the keychain is gone, keeps the new value
    # in memory for the run...
    assert lines.get("after-status") == "False", output
    assert lines.get("put-status") == "False", output
    assert lines.get("after-value") == AFTER, output
    message = lines.get("message", "")
    assert "in memory for this run only" in message, output
    # ...and writes it nowhere: no file under the home holds either value in clear.
    for path in home.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert AFTER.encode() not in data, path
            assert BEFORE.encode() not in data, path

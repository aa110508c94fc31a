"""Run inside a Secret Service session: one step of the keychain round trip, as a fresh process."""

from __future__ import annotations

import sys
import time

from workbench.core.profiles import SecretKind
from workbench.core.secret import Secret
from workbench.core.secret_store import SecretStore

CONNECT_WAIT_S = 10.0


def wait_for_the_keychain() -> SecretStore:
    """A store whose backend answers; the daemon may still be registering on the bus."""
    deadline = time.monotonic() + CONNECT_WAIT_S
    while True:
        store = SecretStore()
        store.get("probe", SecretKind.PASSPHRASE)
        if store.status.available or time.monotonic() > deadline:
            return store
        time.sleep(0.1)  # polling a daemon we cannot get a signal from


def main(step: str, profile_id: str) -> int:
    """``put VALUE``, ``get``, or ``delete``; prints the backend and the result."""
    store = wait_for_the_keychain()
    print(f"backend: {type(store._backend).__module__}")
    if not store.status.available:
        print(f"unavailable: {store.status.message}")
        return 1
    if step == "put":
        status = store.put(
            profile_id, SecretKind.CLIENT_SECRET, Secret(sys.stdin.readline().strip())
        )
        print(f"stored: {status.available}")
    elif step == "get":
        found = store.get(profile_id, SecretKind.CLIENT_SECRET)
        print(f"value: {found.reveal() if found else '<none>'}")
    elif step == "delete":
        store.delete_profile(profile_id)
        print("deleted")
    return 0 if store.status.available else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))

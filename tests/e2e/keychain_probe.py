"""Run inside a Secret Service session: one step of the keychain round trip, as a fresh process."""

from __future__ import annotations

import sys
import time
from dataclasses import replace

from workbench.core.profiles import SecretKind
from workbench.core.secret import Secret
from workbench.core.secret_store import SecretStore

CONNECT_WAIT_S = 10.0
SANDBOX_SECRET = "kc-integration-secret-7f3a"  # the same made-up value the test stores


def wait_for_the_keychain() -> SecretStore:
    """A store whose backend answers; the daemon may still be registering on the bus."""
    deadline = time.monotonic() + CONNECT_WAIT_S
    while True:
        store = SecretStore()
        store.get("probe", SecretKind.PASSPHRASE)
        if store.status.available or time.monotonic() > deadline:
            return store
        time.sleep(0.1)  # polling a daemon we cannot get a signal from


def token_through_the_cli(profile_id: str) -> str:
    """``workbench token --profile`` against a sandbox, the secret read from the keychain."""
    import contextlib
    import io

    from workbench import cli
    from workbench.core.presets import sandbox_profile
    from workbench.core.profiles import ProfileStore
    from workbench.sandbox import Sandbox

    with Sandbox(clients={"demo-client": SANDBOX_SECRET}) as sandbox:
        profile = replace(sandbox_profile(sandbox.url, "Keychain"), profile_id=profile_id)
        profile = profile.with_stored(SecretKind.CLIENT_SECRET, True)  # as saving it would
        ProfileStore().save([profile])
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = cli.main(["token", "--profile", "Keychain"])
    token = out.getvalue().strip()
    return f"exit {code}, token of {len(token)} hex digits" if code == 0 else f"exit {code}"


def main(step: str, profile_id: str) -> int:
    """``put VALUE``, ``get``, or ``delete``; prints the backend and the result."""
    store = wait_for_the_keychain()
    print(f"backend: {type(store._backend()).__module__}")
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
    elif step == "cli":
        print(f"cli: {token_through_the_cli(profile_id)}")
    elif step == "delete":
        store.delete_profile(profile_id)
        print("deleted")
    return 0 if store.status.available else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))

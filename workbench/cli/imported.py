"""A profile imported from a file is used only once the user has confirmed it.

On a terminal the command shows where the profile sends its secrets and asks; elsewhere it
refuses unless ``--confirm-profile`` says yes in advance. The confirmation is recorded in the
profile, so the next run does not ask again until the profile changes what was confirmed.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from workbench.cli.credentials import SecretInput, load_profile
from workbench.cli.errors import UsageError
from workbench.cli.terminal import printable

if TYPE_CHECKING:
    from workbench.core.profiles import Profile


def load_trusted_profile(args: argparse.Namespace, inputs: SecretInput) -> Profile | None:
    """The ``--profile`` named (None without one), confirmed if it was imported from a file.

    Raises ``UsageError`` when an unconfirmed imported profile cannot be confirmed here.
    """
    if not args.profile:
        if args.confirm_profile:
            raise UsageError("--confirm-profile goes with --profile NAME")
        return None
    return trusted_profile(args.profile, args, inputs)


def trusted_profile(name: str, args: argparse.Namespace, inputs: SecretInput) -> Profile:
    """The saved profile ``name``, confirmed (by the user, now or before) if it was imported.

    What is confirmed is the profile as this command uses it: a ``--token-url`` or
    ``--insecure`` given here would send its secrets to another host, or over unchecked TLS,
    so that is asked about too (and, being this run's, confirmed for this run only).
    """
    from workbench.core.profiles.trust import (
        confirmation_text,
        confirmed,
        needs_confirmation,
        use_of,
    )

    profile = _with_request_secrets(load_profile(name))
    used = _as_used(profile, args)
    if not needs_confirmation(used):
        return profile
    summary = printable(confirmation_text(used))
    state = "is not confirmed yet"
    if not needs_confirmation(profile):
        state = "is not confirmed for this use"
    for_now = use_of(used) != use_of(profile)
    heading = (
        f"The profile {printable(profile.name)!r} was imported from a file and {state}. "
        "It would use:"
    )
    if args.confirm_profile:
        print(f"{heading}\n{summary}\nConfirmed with --confirm-profile.", file=sys.stderr)
    elif inputs.stdin.isatty() and sys.stderr.isatty():
        print(f"{heading}\n{summary}", file=sys.stderr)
        question = "Use it for this run?" if for_now else "Use it and remember this answer?"
        print(f"{question} [y/N] ", end="", file=sys.stderr, flush=True)
        answer = inputs.stdin.readline().strip().lower()
        if answer not in ("y", "yes"):
            raise UsageError("the imported profile was not confirmed; nothing was sent")
    else:
        raise UsageError(
            f"{heading}\n{summary}\nRun it once in a terminal to be asked, add "
            "--confirm-profile to confirm it, or open it in the window."
        )
    if for_now:
        print("The options given here are confirmed for this run only.", file=sys.stderr)
        return confirmed(profile)
    trusted = confirmed(profile)
    _remember(trusted)
    return trusted


def _as_used(profile: Profile, args: argparse.Namespace) -> Profile:
    """``profile`` with the token URL and TLS setting this command gives it."""
    from dataclasses import replace

    return replace(
        profile,
        token_url=getattr(args, "token_url", None) or profile.token_url,
        verify_tls=profile.verify_tls and not getattr(args, "insecure", False),
    )


def _with_request_secrets(profile: Profile) -> Profile:
    """``profile`` with its requests' API keys and the like back from the keychain."""
    from workbench.core.secret_store import SecretStore, load_request_secrets

    return load_request_secrets(SecretStore(), profile)


def _remember(profile: Profile) -> None:
    """Record the confirmation in the profiles file (a warning when it cannot be written)."""
    from workbench.core.profiles import ProfileStore, ProfileStoreError

    store = ProfileStore()
    loaded = store.load()
    profiles = [
        profile if saved.profile_id == profile.profile_id else saved for saved in loaded.profiles
    ]
    try:
        store.save(profiles)
    except ProfileStoreError as error:
        print(
            f"workbench: the confirmation holds for this run only: {printable(str(error))}",
            file=sys.stderr,
        )

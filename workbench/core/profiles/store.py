"""The profiles file on disk: written atomically, never overwritten when unreadable."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import platformdirs

from workbench.core.atomic_file import replace_file
from workbench.core.profiles.document import (
    ProfileFormatError,
    document_text,
    profile_item,
    profile_problem,
    profiles_from_json,
)
from workbench.core.profiles.model import APP_NAME, Profile


class ProfileStoreError(OSError):
    """Saving failed (read-only directory, full disk: nothing on disk changed), or a profile
    could not be stored (the others were); the message says which in plain words."""


@dataclass(frozen=True)
class LoadResult:
    """What loading found: the profiles, and a message for the user when something was off."""

    profiles: tuple[Profile, ...]
    warning: str = ""
    backup_path: Path | None = None


def default_profiles_path() -> Path:
    """``profiles.json`` in the platform's config directory for this application."""
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "profiles.json"


class ProfileStore:
    """Reads and writes the profiles file atomically; never overwrites an unreadable one."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else default_profiles_path()

    def load(self) -> LoadResult:
        """The saved profiles; an unreadable file is moved to a dated backup and reported."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return LoadResult(())
        except (OSError, UnicodeDecodeError) as error:
            return self._set_aside(f"could not be read ({error})")
        try:
            return LoadResult(profiles_from_json(text))
        except ProfileFormatError as error:
            return self._set_aside(str(error))

    def save(self, profiles: Iterable[Profile]) -> None:
        """Write every profile: a temporary file in the same folder, then an atomic replace.

        Raises ``ProfileStoreError`` and nothing else. A profile that cannot be stored (text
        that is not text, a number that is not finite) does not stop the others: they are
        written, the last saved version of that one is kept, and the error names it. No
        temporary file is left behind, whatever happens.
        """
        profiles = tuple(profiles)
        refused = [
            (profile, problem) for profile in profiles if (problem := profile_problem(profile))
        ]
        refused_ids = {profile.profile_id for profile, _problem in refused}
        previous = self._previous_items() if refused else {}
        items = [
            profile_item(profile)
            if profile.profile_id not in refused_ids
            else previous.get(profile.profile_id)
            for profile in profiles
        ]
        self._write(document_text([item for item in items if item is not None]))
        if refused:
            profile, problem = refused[0]
            others = f" (and {len(refused) - 1} more)" if len(refused) > 1 else ""
            kept = (
                "its last saved version was kept"
                if profile.profile_id in previous
                else "it was left out of the file"
            )
            raise ProfileStoreError(
                f"The profile {profile.name.encode('utf-8', 'backslashreplace').decode()!r}"
                f"{others} could not be saved: {problem}; {kept}. The other profiles were saved."
            )

    def _write(self, text: str) -> None:
        """``text`` to the file atomically; ``ProfileStoreError`` (only) on failure."""
        try:
            replace_file(self.path, text.encode("utf-8"))
        except OSError as error:
            raise ProfileStoreError(
                f"Could not save profiles to {self.path}: {error.strerror or error}. "
                "The previous file is unchanged."
            ) from error

    def _previous_items(self) -> dict[str, dict[str, Any]]:
        """The profiles in the file now, as written, by id; empty when it cannot be read."""
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return {}
        items = document.get("profiles") if isinstance(document, dict) else None
        if not isinstance(items, list):
            return {}
        return {
            item["id"]: item
            for item in items
            if isinstance(item, dict) and isinstance(item.get("id"), str)
        }

    def _set_aside(self, reason: str) -> LoadResult:
        """Move an unreadable file to a dated backup so the next save cannot destroy it."""
        stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%SZ")
        backup = self.path.with_name(f"{self.path.stem}.unreadable-{stamp}{self.path.suffix}")
        counter = 1
        while backup.exists():
            backup = self.path.with_name(
                f"{self.path.stem}.unreadable-{stamp}-{counter}{self.path.suffix}"
            )
            counter += 1
        try:
            self.path.replace(backup)
        except OSError as error:
            return LoadResult(
                (),
                warning=(
                    f"The profiles file {self.path} {reason}, and it could not be set aside "
                    f"({error.strerror or error}). It will not be overwritten until you move it."
                ),
            )
        return LoadResult(
            (),
            warning=(
                f"The profiles file {self.path} {reason}. It was kept as {backup.name}; "
                "the workbench starts with no saved profiles."
            ),
            backup_path=backup,
        )

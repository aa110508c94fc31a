"""The profiles file on disk: written atomically, never overwritten when unreadable."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

from workbench.core.profiles.document import (
    ProfileFormatError,
    profiles_from_json,
    profiles_to_json,
)
from workbench.core.profiles.model import APP_NAME, Profile


class ProfileStoreError(OSError):
    """Saving failed (read-only directory, full disk); nothing on disk was changed."""


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
        """Write every profile: a temporary file in the same folder, then an atomic replace."""
        text = profiles_to_json(profiles)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp_name = tempfile.mkstemp(
                prefix=".profiles-", suffix=".tmp", dir=self.path.parent
            )
        except OSError as error:
            raise ProfileStoreError(
                f"Could not save profiles in {self.path.parent}: {error.strerror or error}"
            ) from error
        temp_path = Path(temp_name)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            temp_path.replace(self.path)
        except OSError as error:
            temp_path.unlink(missing_ok=True)
            raise ProfileStoreError(
                f"Could not save profiles to {self.path}: {error.strerror or error}. "
                "The previous file is unchanged."
            ) from error

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

"""Profiles: saved credential forms and last requests, as versioned JSON with no secret in it."""

from __future__ import annotations

from workbench.core.profiles.document import (
    FILE_FORMAT,
    SCHEMA_VERSION,
    ProfileFormatError,
    profiles_from_json,
    profiles_to_json,
)
from workbench.core.profiles.model import (
    APP_NAME,
    Profile,
    SecretKind,
    SecretRef,
    SecretSource,
    new_profile_id,
    unique_name,
)
from workbench.core.profiles.store import (
    LoadResult,
    ProfileStore,
    ProfileStoreError,
    default_profiles_path,
)

__all__ = [
    "APP_NAME",
    "FILE_FORMAT",
    "SCHEMA_VERSION",
    "LoadResult",
    "Profile",
    "ProfileFormatError",
    "ProfileStore",
    "ProfileStoreError",
    "SecretKind",
    "SecretRef",
    "SecretSource",
    "default_profiles_path",
    "new_profile_id",
    "profiles_from_json",
    "profiles_to_json",
    "unique_name",
]

"""The profile as edited and as shown: what the controller reads, and what its signals carry."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple, Protocol

from workbench.core.calls import ApiRequest
from workbench.core.config import ClientAuth, ClientConfig
from workbench.core.printable import printable_line
from workbench.core.profiles import Profile, SecretKind, SecretRef
from workbench.core.recovery import RecoveryOptions
from workbench.core.secret import Secret

KEY_IN_KEYCHAIN = "(key in the keychain)"


class Draft(NamedTuple):
    """What the credential form and the request composer show now (the profile as edited)."""

    config: ClientConfig
    secret_refs: Mapping[SecretKind, SecretRef]
    """Where the form says each secret comes from (the keychain, the default, left out)."""
    recovery: RecoveryOptions
    request: ApiRequest


class DraftSource(Protocol):
    """Whatever shows the profile being edited (the window's form and composer)."""

    def draft(self) -> Draft:
        """The profile as shown now."""
        ...


class EditedProfile(NamedTuple):
    """The profile as shown: the profile, and the secrets typed in the form."""

    profile: Profile
    client_secret: Secret
    private_key: Secret


class LoadedProfile(NamedTuple):
    """A profile to show, with the secrets found for it so far."""

    profile: Profile
    client_secret: Secret
    private_key: Secret
    key_description: str
    """What stands in the key's path field: where the key is kept."""
    advertised: tuple[ClientAuth, ...] | None
    """The only client authentication methods to offer; None offers every one."""
    auth_note: str

    def request(self) -> ApiRequest:
        """The profile's last request, for the composer."""
        return profile_request(self.profile)


def profile_request(profile: Profile) -> ApiRequest:
    """``profile``'s last request, for the composer."""
    return ApiRequest(
        profile.request_method or "GET",
        profile.request_url,
        profile.request_headers,
        profile.request_body.encode("utf-8"),
    )


class KeychainSecrets(NamedTuple):
    """Secrets the keychain gave for the profile shown (empty ones were not found)."""

    client_secret: Secret
    private_key: Secret
    key_description: str = KEY_IN_KEYCHAIN


class ProfileMarks(NamedTuple):
    """What the selector and the title show: the names, the one selected, unsaved state."""

    names: tuple[str, ...]
    current: int
    modified: bool
    disk_stale: bool
    """Profiles changed in memory that could not be written to the file."""

    @property
    def unsaved(self) -> bool:
        """Anything Save would write."""
        return self.modified or self.disk_stale

    @property
    def title(self) -> str:
        """The profile's name and its state, for the window title."""
        if self.modified:
            state = " (modified)"
        elif self.disk_stale:
            state = " (not saved to disk)"
        else:
            state = ""
        return f"{shown_name(self.names[self.current])}{state}"


NAME_LIMIT_CHARS = 80
"""How much of a profile's name the selector and the title show."""


def shown_name(name: str) -> str:
    """A profile's name for a label or the window title: one line, its control and
    bidirectional characters escaped (an imported file can hold any), cut when very long."""
    return printable_line(name, NAME_LIMIT_CHARS)

"""Imported profiles are untrusted until the user confirms where they send secrets.

A profile file from elsewhere can name any token URL and any environment variable as its
secret source: used silently, it could send ``$AWS_SECRET_ACCESS_KEY`` to a stranger's server.
So a profile read from a file is marked as imported, and before its first token request the
user is shown what it will do (``confirmation_rows``): the token URL and the host its secrets
go to, where each secret comes from (variable name, keychain entry), whether TLS is checked,
and its saved-requests folder. Confirming (``confirmed``) records exactly that; any change to
it (another host, another variable, TLS turned off) needs confirming again. Until then
``secret_store.lookup_secret`` reads no environment variable for it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from workbench.core.config import ClientAuth
from workbench.core.profiles.document import ProfileFormatError, profiles_from_json
from workbench.core.profiles.model import (
    APP_NAME,
    ConfirmedUse,
    Profile,
    ProfileTrust,
    SecretKind,
    SecretRef,
    SecretSource,
    new_profile_id,
    unique_name,
)

MAX_IMPORT_BYTES = 4 * 1024 * 1024
"""The largest profiles file an import reads: a thousand profiles take well under 1 MiB."""

_SECRET_AUTHS = frozenset(
    {ClientAuth.BASIC, ClientAuth.BASIC_RAW, ClientAuth.POST, ClientAuth.SECRET_JWT}
)


@dataclass(frozen=True)
class ProfileImport:
    """Profiles read from a file, ready to add, and what to tell the user about them."""

    profiles: tuple[Profile, ...]
    notes: tuple[str, ...] = ()
    """One sentence per profile that deserves a look (TLS off, environment variables)."""


def import_profiles(text: str, existing: tuple[Profile, ...], source_name: str) -> ProfileImport:
    """The profiles of an imported file, each marked untrusted until confirmed.

    Whatever the file says, each gets a fresh id (so it can read no keychain entry of a profile
    here), keychain secrets noted as not stored, a name no profile here has, and no
    confirmation. Raises ``ProfileFormatError`` for a file that cannot be read.
    """
    names = [profile.name for profile in existing]
    imported: list[Profile] = []
    notes: list[str] = []
    for profile in profiles_from_json(text):
        fresh = replace(
            profile,
            name=unique_name(profile.name, names),
            profile_id=new_profile_id(),
            secrets={kind: _not_stored(ref) for kind, ref in profile.secrets.items()},
            trust=ProfileTrust(imported_from=source_name or "a file"),
        )
        names.append(fresh.name)
        imported.append(fresh)
        note = import_note(fresh)
        if note:
            notes.append(note)
    return ProfileImport(tuple(imported), tuple(notes))


def import_profiles_file(path: Path, existing: tuple[Profile, ...]) -> ProfileImport:
    """``import_profiles`` of the file at ``path``, read defensively.

    Only a regular file of at most ``MAX_IMPORT_BYTES`` is read (never a device or a pipe that
    would not end), as UTF-8. Every failure is a ``ProfileFormatError`` whose message
    completes "The file NAME ...".
    """
    from workbench.core.small_files import SmallFileError, read_small_file

    try:
        data = read_small_file(path, MAX_IMPORT_BYTES, "a profiles file")
    except SmallFileError as error:
        raise ProfileFormatError(str(error)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProfileFormatError(f"is not UTF-8 text (byte {error.start + 1})") from None
    return import_profiles(text, existing, path.name)


def _not_stored(ref: SecretRef) -> SecretRef:
    return replace(ref, stored=False) if ref.source is SecretSource.KEYCHAIN else ref


def import_note(profile: Profile) -> str:
    """What the user should hear at import about ``profile`` (empty when nothing stands out)."""
    remarks = []
    variables = sorted(
        ref.env_var
        for ref in profile.secrets.values()
        if ref.source is SecretSource.ENVIRONMENT and ref.env_var
    )
    if variables:
        remarks.append("reads its secret from $" + ", $".join(variables))
    if not profile.verify_tls and _scheme(profile.token_url) == "https":
        remarks.append("turns TLS verification off")
    if not remarks:
        return ""
    return (
        f"{profile.name!r} {' and '.join(remarks)}; you will be asked to confirm before it "
        "gets a token."
    )


def use_of(profile: Profile) -> ConfirmedUse:
    """What confirming ``profile`` as it is now would allow."""
    return ConfirmedUse(
        token_origin=token_origin(profile.token_url),
        verify_tls=profile.verify_tls,
        secret_sources=tuple(
            sorted(
                (kind.value, ref.source.value, ref.env_var) for kind, ref in profile.secrets.items()
            )
        ),
        collection_folder=profile.collection_folder,
    )


def needs_confirmation(profile: Profile) -> bool:
    """True for an imported profile whose use the user has not confirmed as it is now."""
    if not profile.trust.imported_from:
        return False
    confirmed = profile.trust.confirmed
    if confirmed is None:
        return True
    now = use_of(profile)
    return (
        now.token_origin != confirmed.token_origin
        or now.secret_sources != confirmed.secret_sources
        or now.collection_folder != confirmed.collection_folder
        or (confirmed.verify_tls and not now.verify_tls)  # turning TLS checks on is fine
    )


def confirmed(profile: Profile) -> Profile:
    """``profile`` with its current use confirmed by the user."""
    return replace(profile, trust=replace(profile.trust, confirmed=use_of(profile)))


def confirmation_rows(profile: Profile) -> tuple[tuple[str, str], ...]:
    """Label and value for everything the user must see before confirming ``profile``."""
    origin = token_origin(profile.token_url) or "(no token URL)"
    scheme = _scheme(profile.token_url)
    if scheme == "http":
        tls = "none: plain http, secrets travel unencrypted"
    elif profile.verify_tls:
        tls = "certificate checked"
    else:
        tls = "NOT checked: anyone on the network path can pose as the server"
    rows = [
        ("Imported from", profile.trust.imported_from or "made here"),
        ("Token URL", _shown_url(profile.token_url) or "(none)"),
        ("Secrets go to", origin),
        ("TLS", tls),
    ]
    for kind in _kinds_used(profile):
        rows.append((_label(kind), describe_source(profile, kind)))
    if profile.collection_folder:
        rows.append(("Saved requests folder", profile.collection_folder))
    if profile.trust.confirmed is not None and needs_confirmation(profile):
        rows.append(("Changed since confirmed", ", ".join(_changes(profile))))
    return tuple(rows)


def confirmation_text(profile: Profile) -> str:
    """``confirmation_rows`` as aligned lines, for a terminal."""
    rows = confirmation_rows(profile)
    width = max(len(label) for label, _value in rows)
    return "\n".join(f"  {label + ':':<{width + 1}} {value}" for label, value in rows)


def describe_source(profile: Profile, kind: SecretKind) -> str:
    """Where ``profile`` takes its secret of ``kind`` from, with the variable or entry name."""
    ref = profile.secret_ref(kind)
    if ref.source is SecretSource.ENVIRONMENT:
        return f"environment variable ${ref.env_var}" if ref.env_var else "an unnamed variable"
    if ref.source is SecretSource.ASK:
        return "asked for each time"
    return f"keychain entry {APP_NAME} / {profile.profile_id}/{kind.value}"


def token_origin(url: str) -> str:
    """``scheme://host:port`` of ``url`` (lower case, default port made explicit); else ''."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if not scheme or not host:
        return ""
    port = port or {"https": 443, "http": 80}.get(scheme)
    shown_host = f"[{host}]" if ":" in host else host
    return f"{scheme}://{shown_host}:{port}" if port else f"{scheme}://{shown_host}"


def _kinds_used(profile: Profile) -> list[SecretKind]:
    if profile.auth in _SECRET_AUTHS:
        return [SecretKind.CLIENT_SECRET]
    if profile.auth is ClientAuth.PRIVATE_KEY_JWT:
        kinds = [SecretKind.PRIVATE_KEY]
        if SecretKind.PASSPHRASE in profile.secrets:
            kinds.append(SecretKind.PASSPHRASE)
        return kinds
    return []


def _label(kind: SecretKind) -> str:
    return kind.value.replace("-", " ").capitalize()


def _changes(profile: Profile) -> list[str]:
    confirmed_use = profile.trust.confirmed
    if confirmed_use is None:
        return []
    now = use_of(profile)
    changes = []
    if now.token_origin != confirmed_use.token_origin:
        changes.append(f"secrets now go to {now.token_origin}, not {confirmed_use.token_origin}")
    if now.secret_sources != confirmed_use.secret_sources:
        changes.append("where a secret comes from")
    if confirmed_use.verify_tls and not now.verify_tls:
        changes.append("TLS verification was turned off")
    if now.collection_folder != confirmed_use.collection_folder:
        changes.append("the saved requests folder")
    return changes


def _shown_url(url: str) -> str:
    """``url`` with a password or a secret parameter masked (it is shown, or printed)."""
    from workbench.core.masked_text import mask_url

    return mask_url(url).shown


def _scheme(url: str) -> str:
    try:
        return urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return ""

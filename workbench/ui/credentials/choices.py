"""What the credential form's combos offer, in words: methods, encodings, secret sources."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from workbench.core.config import BodyEncoding, ClientAuth
from workbench.core.profiles import SecretSource
from workbench.ui.widgets import choice_combo

AUTH_LABELS: tuple[tuple[ClientAuth, str], ...] = (
    (ClientAuth.BASIC, "client_secret_basic (RFC: urlencode, then base64)"),
    (ClientAuth.BASIC_RAW, "client_secret_basic (as most clients: raw base64)"),
    (ClientAuth.POST, "client_secret_post (in the body)"),
    (ClientAuth.SECRET_JWT, "client_secret_jwt (HS256 assertion)"),
    (ClientAuth.PRIVATE_KEY_JWT, "private_key_jwt (key file)"),
    (ClientAuth.NONE, "none (client id only)"),
)
ENCODING_LABELS: tuple[tuple[BodyEncoding, str], ...] = (
    (BodyEncoding.FORM, "form (application/x-www-form-urlencoded)"),
    (BodyEncoding.JSON, "JSON (application/json)"),
)
JWT_ALGORITHMS = ("", "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384")
SOURCE_LABELS: tuple[tuple[SecretSource, str], ...] = (
    (SecretSource.KEYCHAIN, "OS keychain"),
    (SecretSource.ENVIRONMENT, "Environment variable"),
    (SecretSource.ASK, "Ask every time"),
)


def source_combo(object_name: str, accessible_name: str) -> QComboBox:
    """A "Secret from" combo: OS keychain, environment variable, or ask every time."""
    combo = choice_combo(
        object_name,
        accessible_name,
        "",
        ((label, source.value) for source, label in SOURCE_LABELS),
    )
    combo.setToolTip(
        "OS keychain: stored by the system's keychain. Environment variable: only the "
        "variable's name is saved. Ask every time: asked once per run, never stored."
    )
    return combo


def secret_placeholder(source: SecretSource) -> str:
    """What the secret field says while empty, for each source."""
    if source is SecretSource.ENVIRONMENT:
        return "read from the environment variable when a token is requested"
    if source is SecretSource.ASK:
        return "asked for when a token is requested (kept for this run only)"
    return "kept in the OS keychain when the profile is saved"

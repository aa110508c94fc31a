"""The profile being edited: the credential form and the request composer, seen as one."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from workbench.core.calls import ApiRequest
from workbench.core.profiles import Profile
from workbench.core.secret import Secret
from workbench.ui.profiles.drafts import Draft, KeychainSecrets, LoadedProfile, profile_request

if TYPE_CHECKING:
    from workbench.core.config import ClientConfig
    from workbench.ui.credentials.form import CredentialForm
    from workbench.ui.request_composer import RequestComposer


class ProfileEditor(QObject):
    """Reads the profile shown from the form and the composer, and fills them with one.

    While the composer shows a saved request, the profile's own request is held here
    (``hold_request``) and read instead of the composer's.

    Signals:
        changed(): the form or the composer was edited.
    """

    changed = Signal()

    def __init__(
        self, form: CredentialForm, composer: RequestComposer, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._form = form
        self._composer = composer
        self._held: ApiRequest | None = None
        form.config_changed.connect(self.changed)
        composer.request_changed.connect(self.changed)

    def draft(self) -> Draft:
        """The profile as the form and the composer show it now."""
        form = self._form
        return Draft(
            config=form.config(),
            secret_refs=form.secret_refs(),
            recovery=form.recovery_options(),
            request=self._held if self._held is not None else self._composer.current_request(),
        )

    def shown_request(self) -> ApiRequest:
        """The request the composer shows now (a saved one, or the profile's own)."""
        return self._composer.current_request()

    def held_request(self) -> ApiRequest | None:
        """The profile's own request while a saved one is shown, else None."""
        return self._held

    def hold_request(self, request: ApiRequest | None) -> None:
        """Keep ``request`` as the profile's own while the composer shows a saved one (None:
        the composer shows the profile's own again)."""
        self._held = request
        self.changed.emit()

    def import_config(self, config: ClientConfig) -> None:
        """Show an imported token request in the form; a ``config`` without a private key
        keeps the one loaded, and its label (a command line cannot carry a key)."""
        loaded_key = self._form.config().private_key_pem
        if not config.private_key_pem and loaded_key:
            config = replace(config, private_key_pem=loaded_key)
        self._form.set_config(config)

    def show_request(self, request: ApiRequest) -> None:
        """Show ``request`` in the composer."""
        self._composer.set_request(request)

    @Slot(object)
    def load(self, loaded: LoadedProfile) -> None:
        """Show ``loaded`` in the form and the composer."""
        self._held = None
        form = self._form
        profile = loaded.profile
        form.set_secret_refs(profile.secrets)
        form.set_config(profile.to_config(loaded.client_secret, Secret()))
        form.set_recovery_options(profile.recovery)
        form.set_private_key(loaded.private_key, loaded.key_description)
        form.limit_auth_methods(loaded.advertised, loaded.auth_note)
        self._composer.set_request(loaded.request())
        self._composer.set_extra_headers(form.config().extra_headers)

    @Slot(object)
    def fill_requests(self, profile: Profile) -> None:
        """Show ``profile``'s requests: the keychain gave back their credentials (the
        profile's own request is held instead while a saved one is shown)."""
        self._form.extraParamsTable.set_pairs(profile.extra_params)
        self._form.extraHeadersTable.set_pairs(profile.extra_headers)
        if self._held is not None:
            self._held = profile_request(profile)
        else:
            self._composer.set_request(profile_request(profile))

    @Slot(object)
    def fill_secrets(self, secrets: KeychainSecrets) -> None:
        """Put the secrets the keychain gave into the form."""
        if secrets.client_secret:
            self._form.set_client_secret(secrets.client_secret)
        if secrets.private_key:
            self._form.set_private_key(secrets.private_key, secrets.key_description)

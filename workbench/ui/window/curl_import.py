"""Pasting a curl command: a token request fills the credentials, any other the composer."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QGuiApplication

from workbench.core.calls import ApiRequest
from workbench.ui.widgets import STATUS_MESSAGE_MS

if TYPE_CHECKING:
    from workbench.ui.credentials.form import CredentialForm
    from workbench.ui.request_composer import RequestComposer

CURL_COMMAND = re.compile(r"^\s*(?:\$\s*)?curl(?:\.exe)?\s", re.IGNORECASE)
"""Clipboard text that is a curl command (as copied from documentation or a terminal)."""


def looks_like_curl(text: str) -> bool:
    """True when ``text`` starts with ``curl`` (after a ``$`` prompt, if any)."""
    return CURL_COMMAND.match(text) is not None


class CurlImport(QObject):
    """Fills the form or the composer from a curl command (Edit > Import cURL from clipboard,
    or Ctrl+V outside a text field).

    Signals:
        status_message(str, int): what was imported, or why not.
    """

    status_message = Signal(str, int)

    def __init__(
        self, form: CredentialForm, composer: RequestComposer, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._form = form
        self._composer = composer

    @Slot()
    def paste(self) -> None:
        """Import the curl command on the clipboard, or say there is none."""
        text = QGuiApplication.clipboard().text()
        if not looks_like_curl(text):
            self.status_message.emit(
                "The clipboard holds no curl command (it should start with curl).",
                STATUS_MESSAGE_MS,
            )
            return
        self.import_text(text)

    def import_text(self, command: str) -> bool:
        """Import ``command``: a token request fills the credential form, any other request the
        composer (without its Authorization: the workbench adds its own token).

        On error the reason goes to the status bar and nothing changes; returns success.
        """
        from workbench.core.curl import CurlImportError, from_curl, parse_curl
        from workbench.core.redact import redact_url

        try:
            curl = parse_curl(command)
            if b"grant_type" in curl.body:
                config = from_curl(command)
                loaded_key = self._form.config().private_key_pem
                if not config.private_key_pem and loaded_key:
                    # A command line cannot carry the key: keep the one loaded (and its label).
                    config = replace(config, private_key_pem=loaded_key)
                self._form.set_config(config)
                self.status_message.emit(
                    "Imported the token request into the credentials; save to keep it.",
                    STATUS_MESSAGE_MS,
                )
                return True
        except CurlImportError as error:
            self.status_message.emit(
                f"Could not import the curl command: {error.message}", STATUS_MESSAGE_MS * 2
            )
            return False
        headers = tuple(
            (name, value) for name, value in curl.headers if name.lower() != "authorization"
        )
        self._composer.set_request(ApiRequest(curl.method, curl.url, headers, curl.body))
        dropped = len(curl.headers) - len(headers)
        note = " (its Authorization was left out: the workbench sends its own token)"
        self.status_message.emit(
            f"Imported {curl.method} {redact_url(curl.url)} into the request"
            f"{note if dropped else ''}.",
            STATUS_MESSAGE_MS,
        )
        return True

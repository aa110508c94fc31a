"""Pasting a curl command: a token request fills the credentials, any other the composer."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QGuiApplication

from workbench.core.calls import ApiRequest
from workbench.ui.widgets import STATUS_MESSAGE_MS

if TYPE_CHECKING:
    from workbench.ui.profiles.editor import ProfileEditor

CURL_COMMAND = re.compile(r"^\s*(?:\$\s*)?curl(?:\.exe)?\s", re.IGNORECASE)
"""Clipboard text that is a curl command (as copied from documentation or a terminal)."""


INSECURE_API_NOTE = (
    "The command turns TLS verification off (-k/--insecure). The workbench did not follow it: "
    "API calls check certificates as the profile's Verify TLS setting says, so the token "
    "never goes to a server that cannot prove who it is unless you untick it yourself."
)


def looks_like_curl(text: str) -> bool:
    """True when ``text`` starts with ``curl`` (after a ``$`` prompt, if any)."""
    return CURL_COMMAND.match(text) is not None


class CurlImport(QObject):
    """Fills the form or the composer from a curl command (Edit > Import cURL from clipboard,
    or Ctrl+V outside a text field).

    Signals:
        status_message(str, int): what was imported, or why not.
        warned(str, str): something the user must read (TLS verification turned off by
            ``-k``): a title and sentences, for a message that stays until closed.
    """

    status_message = Signal(str, int)
    warned = Signal(str, str)

    def __init__(self, editor: ProfileEditor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._editor = editor

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
        from workbench.core.curl import CurlImportError, import_token_request, parse_curl
        from workbench.core.redact import redact_url

        try:
            curl = parse_curl(command)
            if b"grant_type" in curl.body:
                imported = import_token_request(command)
                self._editor.import_config(imported.config)
                self.status_message.emit(
                    "Imported the token request into the credentials; save to keep it.",
                    STATUS_MESSAGE_MS,
                )
                if imported.warnings:
                    self.warned.emit("Imported with TLS checks off", "\n\n".join(imported.warnings))
                return True
        except CurlImportError as error:
            self.status_message.emit(
                f"Could not import the curl command: {error.message}", STATUS_MESSAGE_MS * 2
            )
            return False
        headers = tuple(
            (name, value) for name, value in curl.headers if name.lower() != "authorization"
        )
        self._editor.show_request(ApiRequest(curl.method, curl.url, headers, curl.body))
        left_out = [
            what
            for what, dropped in (
                ("Authorization", len(curl.headers) > len(headers)),
                ("-u user:password", curl.user is not None),
            )
            if dropped
        ]
        verb = "were" if len(left_out) > 1 else "was"
        note = f" (its {' and '.join(left_out)} {verb} left out: the workbench sends its own token)"
        self.status_message.emit(
            f"Imported {curl.method} {redact_url(curl.url)} into the request"
            f"{note if left_out else ''}.",
            STATUS_MESSAGE_MS,
        )
        if curl.insecure:
            self.warned.emit("TLS checks stay on", INSECURE_API_NOTE)
        return True

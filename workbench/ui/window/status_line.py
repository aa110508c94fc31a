"""The status bar's message, replaced as soon as what it says stops being true."""

from __future__ import annotations

from enum import Flag, auto

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QStatusBar

from workbench.core.http import Exchange, ExchangeKind
from workbench.core.problems import Problem
from workbench.core.token import AccessToken
from workbench.ui.widgets import STATUS_MESSAGE_MS


class Until(Flag):
    """What makes a message stale."""

    NOTHING = 0
    NEW_TOKEN = auto()
    """A new token arrives (a token cancelled, the sandbox expired every token)."""
    SUCCESS = auto()
    """The API accepts a call (a request cancelled or failed, a recovery that gave up)."""


class StatusLine(QObject):
    """Shows the window's messages in ``bar`` and replaces those about the token or the last
    call when that changes: a new token says so, an accepted call clears what it makes false.
    """

    def __init__(self, bar: QStatusBar, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bar = bar
        self._until = Until.NOTHING
        bar.messageChanged.connect(self.on_bar_message_changed)

    def say(
        self, text: str, duration_ms: int = STATUS_MESSAGE_MS, until: Until = Until.NOTHING
    ) -> None:
        """Show ``text`` for ``duration_ms`` (0: until replaced), stale once ``until`` happens."""
        self._bar.showMessage(text, duration_ms)
        self._until = until

    @Slot(str, int)
    def on_message(self, text: str, duration_ms: int) -> None:
        """A message that stays true until it times out or another replaces it."""
        self.say(text, duration_ms)

    @Slot(str, int)
    def on_token_message(self, text: str, duration_ms: int) -> None:
        """A message about the token held: a new token makes it stale."""
        self.say(text, duration_ms, Until.NEW_TOKEN)

    @Slot(str, int)
    def on_call_message(self, text: str, duration_ms: int) -> None:
        """A message about the last call: a new token or an accepted call make it stale."""
        self.say(text, duration_ms, Until.NEW_TOKEN | Until.SUCCESS)

    @Slot(object)
    def on_session_token_changed(self, token: AccessToken | None) -> None:
        """A new token: said, in place of anything it makes stale."""
        if token is None:
            return
        lifetime = token.expires_in_s
        valid = f"valid {lifetime:.0f} s" if lifetime is not None else "lifetime unknown"
        if self._until & Until.NEW_TOKEN or not self._bar.currentMessage():
            self.say(f"New token received ({valid}).")

    @Slot(object, object)
    def on_session_exchange_recorded(self, exchange: Exchange, problem: Problem | None) -> None:
        """An accepted API call clears a message it proved wrong."""
        accepted = exchange.kind is ExchangeKind.API and exchange.ok and problem is None
        if accepted and self._until & Until.SUCCESS:
            self._bar.clearMessage()

    @Slot(str)
    def on_bar_message_changed(self, text: str) -> None:
        """A message timed out or was cleared: nothing left to go stale."""
        if not text:
            self._until = Until.NOTHING

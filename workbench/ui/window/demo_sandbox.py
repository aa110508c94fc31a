"""The demo's in-process sandbox, driven from the window: expire tokens, their lifetime, time."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from workbench.core.http import Exchange, ExchangeKind
from workbench.core.problems import Problem
from workbench.ui.sandbox_controls import SandboxTime
from workbench.ui.widgets import STATUS_MESSAGE_MS


class DemoSandbox(QObject):
    """Turns the sandbox controls' requests (and Demo > Expire now) into calls on the sandbox,
    and says what they did to the token the window holds, when the sandbox issued it.

    Signals:
        status_message(str, int): what changed on the sandbox, in words for the audience.
        held_token_expired(): the sandbox ended the token the window holds.
        held_token_clock_advanced(float): the sandbox's clock jumped this many seconds ahead,
            so it ends the token the window holds that much sooner.
    """

    status_message = Signal(str, int)
    held_token_expired = Signal()
    held_token_clock_advanced = Signal(float)

    def __init__(
        self, sandbox: SandboxTime, parent: QObject | None = None, *, url: str = ""
    ) -> None:
        super().__init__(parent)
        self._sandbox = sandbox
        self._url = url.rstrip("/") + "/" if url else ""
        self._holds_sandbox_token = False

    @Slot(object, object)
    def on_session_exchange_recorded(self, exchange: Exchange, problem: Problem | None) -> None:
        """Note whether the window's next token comes from this sandbox."""
        if exchange.kind is ExchangeKind.TOKEN and exchange.ok and problem is None:
            url = exchange.request.url
            self._holds_sandbox_token = bool(self._url) and url.startswith(self._url)

    @Slot()
    def expire_now(self) -> None:
        """Make the sandbox treat every token it issued as lapsed."""
        self._sandbox.expire_all()
        if self._holds_sandbox_token:
            self.held_token_expired.emit()
        self.status_message.emit(
            "The sandbox expired every token: the next API call will get 401.", STATUS_MESSAGE_MS
        )

    @Slot(int)
    def set_token_lifetime(self, seconds: int) -> None:
        """Tokens the sandbox issues from now on live ``seconds``."""
        self._sandbox.set_token_ttl(seconds)
        self.status_message.emit(
            f"New sandbox tokens will last {seconds} s (the current one keeps its lifetime).",
            STATUS_MESSAGE_MS,
        )

    @Slot(int)
    def advance(self, seconds: int) -> None:
        """Time passes on the sandbox (its tokens lapse sooner; the app's countdown stays).

        The sandbox's clock goes at most a century ahead; past that it says so instead.
        """
        try:
            self._sandbox.advance_clock(seconds)
        except ValueError as refusal:
            self.status_message.emit(f"The sandbox's clock did not move: {refusal}.", 0)
            return
        if self._holds_sandbox_token:
            self.held_token_clock_advanced.emit(float(seconds))
        self.status_message.emit(
            f"The sandbox's clock moved {seconds} s forward; your app's countdown did not.",
            STATUS_MESSAGE_MS,
        )

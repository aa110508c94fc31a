"""The demo's in-process sandbox, driven from the window: expire tokens, their lifetime, time."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from workbench.ui.sandbox_controls import SandboxTime
from workbench.ui.widgets import STATUS_MESSAGE_MS


class DemoSandbox(QObject):
    """Turns the sandbox controls' requests (and Demo > Expire now) into calls on the sandbox.

    Signals:
        status_message(str, int): what changed on the sandbox, in words for the audience.
    """

    status_message = Signal(str, int)

    def __init__(self, sandbox: SandboxTime, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sandbox = sandbox

    @Slot()
    def expire_now(self) -> None:
        """Make the sandbox treat every token it issued as lapsed."""
        self._sandbox.expire_all()
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
        self.status_message.emit(
            f"The sandbox's clock moved {seconds} s forward; your app's countdown did not.",
            STATUS_MESSAGE_MS,
        )

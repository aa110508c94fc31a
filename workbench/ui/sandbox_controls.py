"""Demo sandbox controls for the status bar: token lifetime, Expire now, Advance clock."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from workbench.ui.widgets import named

DEFAULT_TOKEN_LIFETIME_S = 60
DEFAULT_ADVANCE_S = 30
MAX_TOKEN_LIFETIME_S = 7 * 24 * 3600


class SandboxTime(Protocol):
    """The time controls of ``workbench.sandbox.Sandbox`` (the window never imports it)."""

    def expire_all(self) -> int:
        """Make every token issued so far lapse now; returns how many were live."""
        ...

    def advance_clock(self, seconds: float) -> None:
        """Move the sandbox's clock forward; ``ValueError`` past the sandbox's bounds."""
        ...

    def set_token_ttl(self, seconds: int) -> None:
        """Lifetime of tokens issued from now on."""
        ...


class SandboxControls(QWidget):
    """Token lifetime (for tokens issued from now on), Expire now, and Advance clock by N s.

    Only asks: the window turns the signals into calls on the sandbox.

    Signals:
        token_lifetime_changed(int): the lifetime in seconds for new tokens.
        advance_requested(int): move the sandbox's clock forward by this many seconds.
        expire_requested(): make every sandbox token lapse now.
    """

    token_lifetime_changed = Signal(int)
    advance_requested = Signal(int)
    expire_requested = Signal()

    def __init__(
        self, token_lifetime_s: int = DEFAULT_TOKEN_LIFETIME_S, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sandboxControls")
        self.setAccessibleName("Sandbox controls")
        self.tokenLifetimeSpin = _seconds_spin(
            token_lifetime_s,
            "tokenLifetimeSpin",
            "Token lifetime in seconds",
            "How long tokens the sandbox issues from now on stay valid",
        )
        self.tokenLifetimeSpin.setKeyboardTracking(False)
        self.tokenLifetimeSpin.setToolTip("Lifetime of the next tokens the sandbox issues")
        self.tokenLifetimeSpin.valueChanged.connect(self.on_token_lifetime_spin_value_changed)
        self.advanceSecondsSpin = _seconds_spin(
            DEFAULT_ADVANCE_S,
            "advanceSecondsSpin",
            "Seconds to advance the sandbox clock",
            "How far Advance moves the sandbox's clock",
        )
        self.advanceClockButton = named(
            QPushButton("Advance by"),
            "advanceClockButton",
            "Advance the sandbox clock",
            "Let time pass on the sandbox: its tokens lapse when their lifetime is used up",
        )
        self.advanceClockButton.setToolTip(
            "Move the sandbox's clock forward: its tokens lapse sooner (your app's countdown "
            "does not move)"
        )
        self.advanceClockButton.clicked.connect(self.on_advance_clock_button_clicked)
        self.expireNowButton = named(
            QPushButton("Expire now"),
            "expireNowButton",
            "Expire all sandbox tokens now",
            "Make the sandbox treat every token it issued as expired",
        )
        self.expireNowButton.setToolTip("Make the sandbox treat every token it issued as expired")
        self.expireNowButton.clicked.connect(self.expire_requested)

        self._has_time_controls = True
        self._presenting = False
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        lifetime_label = QLabel("Token lifetime")
        lifetime_label.setBuddy(self.tokenLifetimeSpin)
        advance_label = QLabel("Sandbox clock")
        advance_label.setBuddy(self.advanceSecondsSpin)
        self._time_widgets: tuple[QWidget, ...] = (
            lifetime_label,
            self.tokenLifetimeSpin,
            advance_label,
            self.advanceSecondsSpin,
            self.advanceClockButton,
        )
        layout.addWidget(lifetime_label)
        layout.addWidget(self.tokenLifetimeSpin)
        layout.addSpacing(8)
        layout.addWidget(advance_label)
        layout.addWidget(self.advanceClockButton)
        layout.addWidget(self.advanceSecondsSpin)
        layout.addSpacing(8)
        layout.addWidget(self.expireNowButton)

    def show_time_controls(self, visible: bool) -> None:
        """Show the lifetime and clock controls (hidden when only Expire now is wired)."""
        self._has_time_controls = visible
        self._show_time_widgets()

    def set_presenter_mode(self, enabled: bool, *, enlarge_type: bool = True) -> None:
        """While presenting only Expire now stays: the audience needs no clock settings."""
        del enlarge_type  # the window enlarges every font
        self._presenting = enabled
        self._show_time_widgets()

    def _show_time_widgets(self) -> None:
        visible = self._has_time_controls and not self._presenting
        for widget in self._time_widgets:
            widget.setVisible(visible)

    @Slot(int)
    def on_token_lifetime_spin_value_changed(self, seconds: int) -> None:
        """A new lifetime for the next tokens."""
        self.token_lifetime_changed.emit(seconds)

    @Slot()
    def on_advance_clock_button_clicked(self) -> None:
        """Ask for the sandbox's clock to move by the chosen seconds."""
        self.advance_requested.emit(self.advanceSecondsSpin.value())


def _seconds_spin(
    value_s: int, object_name: str, accessible_name: str, description: str
) -> QSpinBox:
    """A spin box of whole seconds, 1 s up to the longest token lifetime, set to ``value_s``."""
    spin = named(QSpinBox(), object_name, accessible_name, description)
    spin.setRange(1, MAX_TOKEN_LIFETIME_S)
    spin.setSuffix(" s")
    spin.setValue(value_s)
    return spin

"""When the token lapses: the profile's two recovery switches."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from workbench.core.recovery import RecoveryOptions
from workbench.ui.widgets import named


class RecoverySwitches(QWidget):
    """Get a new token before sending when it lapsed; on a 401 for a lapsed token, get one and
    resend once. Both off unless ticked (and off in the demo, so the 401 can be seen).

    Signals:
        changed(): a switch was ticked or unticked.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryBox")
        # Short words under the title, so the form fits a narrow pane; the accessible names
        # say it all.
        refetch = "Get a new token before sending when it has lapsed"
        self.refetchWhenLapsedCheck = named(
            QCheckBox("Get a new one before sending"), "refetchWhenLapsedCheck", refetch
        )
        self.refetchWhenLapsedCheck.setToolTip(
            "When the token's countdown has run out, ask for a new token first, then send. "
            "The extra token request shows in the timeline."
        )
        replay = "On a 401 for a lapsed token, get a new token and resend once"
        self.replayOn401Check = named(
            QCheckBox("On a 401 for it, get a new one and resend once"), "replayOn401Check", replay
        )
        self.replayOn401Check.setToolTip(
            "When the API answers 401 because the token lapsed (GetResponse 1014 expired, "
            "RFC 6750 invalid_token), get a new token and send the same request once more. "
            "Never more than once; a 401 for bad credentials is not retried."
        )
        title = QLabel("<b>When the token lapses</b> (each extra request shows in the timeline)")
        title.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(title)
        layout.addWidget(self.refetchWhenLapsedCheck)
        layout.addWidget(self.replayOn401Check)
        for check in (self.refetchWhenLapsedCheck, self.replayOn401Check):
            check.toggled.connect(self.changed)

    def options(self) -> RecoveryOptions:
        """The switches as ticked."""
        return RecoveryOptions(
            refetch_when_lapsed=self.refetchWhenLapsedCheck.isChecked(),
            replay_on_lapsed_401=self.replayOn401Check.isChecked(),
        )

    def set_options(self, options: RecoveryOptions) -> None:
        """Tick the switches as ``options`` say."""
        self.refetchWhenLapsedCheck.setChecked(options.refetch_when_lapsed)
        self.replayOn401Check.setChecked(options.replay_on_lapsed_401)

"""The environment selector of the toolbar: which set of variable values requests go with."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QWidget

from workbench.ui.widgets import named

NO_ENVIRONMENT_TEXT = "No environment"


class EnvironmentBar(QWidget):
    """``Environment: [US v]`` for the profile shown.

    Signals:
        environment_chosen(str): the user chose an environment ("" for none).
    """

    environment_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("environmentBar")
        self.combo = named(
            QComboBox(),
            "environmentCombo",
            "Environment",
            "The set of variable values requests are sent with",
        )
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setMinimumContentsLength(10)
        self.combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.combo.activated.connect(self.on_combo_activated)
        label = QLabel("&Env:")
        label.setBuddy(self.combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.addWidget(label)
        layout.addWidget(self.combo)
        self.show_environments((), "")

    def show_environments(self, names: Sequence[str], current: str) -> None:
        """List ``names`` (after "No environment") with ``current`` chosen."""
        blocked = self.combo.blockSignals(True)
        try:
            self.combo.clear()
            self.combo.addItem(NO_ENVIRONMENT_TEXT, "")
            for name in names:
                self.combo.addItem(name, name)
            index = self.combo.findData(current)
            self.combo.setCurrentIndex(max(0, index))
        finally:
            self.combo.blockSignals(blocked)
        tip = "Variables come from the profile and the collection"
        if current:
            tip += f", then the environment {current!r}"
        self.combo.setToolTip(tip)

    def current(self) -> str:
        """The environment chosen ("" for none)."""
        return str(self.combo.currentData() or "")

    @Slot(int)
    def on_combo_activated(self, _index: int) -> None:
        """The user picked an entry."""
        self.environment_chosen.emit(self.current())

"""Presenter mode for the window: the projector look, and a layout that tells the story."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from workbench.ui.widgets import STATUS_MESSAGE_MS
from workbench.ui.window.diagram_dock import DiagramDock
from workbench.ui.window.layout import Panes

DIAGRAM_DOCK_WIDTH = 430
GUIDED_DEMO_HEIGHT = 250
PRESENTER_DIAGRAM_SHARE = 0.42
"""In presenter mode the flow diagram takes this share of the window's width."""
PRESENTER_TOKEN_SHARE = 0.45
"""... and the token panel this share of the rest (request and response take the remainder)."""
PRESENTER_GUIDED_SHARE = 0.34
"""... and the guided demo this share of the right-hand column's height."""


class _Before(NamedTuple):
    """The parts of the layout presenter mode changes, to put them back."""

    diagram_visible: bool
    diagram_width: int
    work_sizes: list[int]
    form_visible: bool
    timeline_visible: bool
    address_visible: bool


class PresenterLayout(QObject):
    """Presenter mode's layout: the flow diagram takes nearly half the width, the token panel,
    request and response stay; the credential form, the timeline and the sandbox address step
    aside (the diagram tells the same story, and its arrows open the exchanges). Leaving puts
    everything back; the layout is never saved as it is while presenting.

    Signals:
        status_message(str, int): what changed, for the status bar.
    """

    status_message = Signal(str, int)

    def __init__(
        self,
        window: QMainWindow,
        panes: Panes,
        diagram_dock: DiagramDock,
        guided_dock: QDockWidget | None,
        address_label: QWidget,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._panes = panes
        self._diagram_dock = diagram_dock
        self._guided_dock = guided_dock
        self._address = address_label
        self._before: _Before | None = None
        self.full_screen = False
        """Presenting also fills the screen (the application sets it, tests do not)."""

    def size_docks(self) -> None:
        """The docks' starting sizes: the diagram a column, the guided demo a strip above."""
        window = self._window
        window.resizeDocks([self._diagram_dock], [DIAGRAM_DOCK_WIDTH], Qt.Orientation.Horizontal)
        if self._guided_dock is not None:
            window.resizeDocks(
                [self._guided_dock, self._diagram_dock],
                [GUIDED_DEMO_HEIGHT, max(GUIDED_DEMO_HEIGHT, window.height())],
                Qt.Orientation.Vertical,
            )

    @Slot(bool)
    def set_presenting(self, presenting: bool) -> None:
        """F11 or View > Presenter mode: big type, high contrast, every secret masked and the
        layout for a projector; off puts the layout back (what was masked stays masked)."""
        from workbench.ui.presenter import apply_presenter_mode

        window = self._window
        if presenting:
            self._enter()
            apply_presenter_mode(window, True)
            QTimer.singleShot(0, self._size_for_presenting)  # once the new fonts are laid out
            if self.full_screen:
                window.showFullScreen()
            self.status_message.emit(
                "Presenter mode: every secret is masked. F11 to leave.", STATUS_MESSAGE_MS
            )
            return
        apply_presenter_mode(window, False)
        if self.full_screen and window.isFullScreen():
            window.showNormal()
        self._leave()
        self.status_message.emit(
            "Presenter mode off: secrets stay masked until you reveal them.", STATUS_MESSAGE_MS
        )

    def leave_look(self) -> None:
        """Undo presenter mode's look however it was entered (it enlarges the application's
        font, which outlives the window)."""
        if self._window.findChild(QObject, "presenterModeState") is None:
            return  # never presented: nothing to undo, nothing to import
        from workbench.ui.presenter import apply_presenter_mode

        apply_presenter_mode(self._window, False)

    def _enter(self) -> None:
        dock = self._diagram_dock
        panes = self._panes
        self._before = _Before(
            diagram_visible=not dock.isHidden(),
            diagram_width=dock.width(),
            work_sizes=panes.work.sizes(),
            form_visible=not panes.credential_scroll.isHidden(),
            timeline_visible=not panes.timeline_box.isHidden(),
            address_visible=not self._address.isHidden(),
        )
        dock.setVisible(True)
        _ = dock.diagram  # made before presenting, so it takes the presenter look
        self._address.setVisible(False)
        panes.credential_scroll.setVisible(False)
        panes.timeline_box.setVisible(False)

    def _size_for_presenting(self) -> None:
        if self._before is None:
            return  # presenting ended before this ran
        window = self._window
        width = round(window.width() * PRESENTER_DIAGRAM_SHARE)
        window.resizeDocks([self._diagram_dock], [width], Qt.Orientation.Horizontal)
        height = self._right_column_height()
        if height is not None:
            guided = round(height * PRESENTER_GUIDED_SHARE)
            self._split_right_column(guided, height - guided)
        work = self._panes.work
        total = sum(work.sizes())
        left = round(total * PRESENTER_TOKEN_SHARE)
        work.setSizes([left, total - left])

    def _leave(self) -> None:
        before = self._before
        self._before = None
        if before is None:
            return
        panes = self._panes
        panes.credential_scroll.setVisible(before.form_visible)
        panes.timeline_box.setVisible(before.timeline_visible)
        self._address.setVisible(before.address_visible)
        self._diagram_dock.setVisible(before.diagram_visible)
        self._window.resizeDocks(
            [self._diagram_dock], [before.diagram_width], Qt.Orientation.Horizontal
        )
        panes.work.setSizes(before.work_sizes)
        height = self._right_column_height()
        if height is not None:
            self._split_right_column(
                GUIDED_DEMO_HEIGHT, max(GUIDED_DEMO_HEIGHT, height - GUIDED_DEMO_HEIGHT)
            )

    def _right_column_height(self) -> int | None:
        """The height of the guided demo and the diagram together; None without the demo."""
        guided = self._guided_dock
        if guided is None or guided.isHidden():
            return None
        return self._diagram_dock.height() + guided.height()

    def _split_right_column(self, guided_height: int, diagram_height: int) -> None:
        assert self._guided_dock is not None
        self._window.resizeDocks(
            [self._guided_dock, self._diagram_dock],
            [guided_height, diagram_height],
            Qt.Orientation.Vertical,
        )

"""The flow diagram's dock: the diagram is made when the dock is first shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QDockWidget, QWidget

from workbench.core.http import Exchange
from workbench.core.problems import Problem
from workbench.ui.frames import FrameThrottle
from workbench.ui.widgets import fit_dock

if TYPE_CHECKING:
    from workbench.ui.flow_diagram import FlowDiagram

DIAGRAM_BACKLOG = 500
"""Exchanges kept for the flow diagram until it is first shown (it keeps as many)."""


class DiagramDock(QDockWidget):
    """A dock for the flow diagram, which costs start-up time: until the dock is first shown,
    the exchanges wait in a backlog, drawn all at once when the diagram is made. Once it is,
    exchanges recorded in a burst are drawn at most once a frame, together.

    Signals:
        exchange_clicked(object, object): an arrow was clicked (exchange, problem).
    """

    exchange_clicked = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Flow diagram", parent)
        fit_dock(self, "flowDiagramDock", None)  # the diagram comes when first shown
        self._diagram: FlowDiagram | None = None
        self._backlog: list[tuple[Exchange, Problem | None]] = []
        """Exchanges not drawn yet: until the diagram is made, or the frame's end."""
        self._frames = FrameThrottle(self._draw_backlog, self)
        self.visibilityChanged.connect(self.on_visibility_changed)

    @property
    def diagram(self) -> FlowDiagram:
        """The flow diagram (made now if it was not yet), with every exchange so far."""
        if self._diagram is None:
            from workbench.ui.flow_diagram import FlowDiagram

            diagram = FlowDiagram()
            diagram.exchange_clicked.connect(self.exchange_clicked)
            old = self.widget()
            self.setWidget(diagram)
            if old is not None:
                old.deleteLater()
            self._diagram = diagram
        self._frames.flush()
        self._draw_backlog()
        return self._diagram

    def is_made(self) -> bool:
        """True once the diagram exists."""
        return self._diagram is not None

    @Slot(object, object)
    def add_exchange(self, exchange: Exchange, problem: Problem | None) -> None:
        """Draw one more exchange: now, or with the others of its frame at the frame's end
        (or keep it for when the diagram is made)."""
        self._backlog.append((exchange, problem))
        if self._diagram is not None:
            self._frames.request()
        else:
            del self._backlog[:-DIAGRAM_BACKLOG]

    def clear(self) -> None:
        """Forget every exchange drawn or waiting to be."""
        self._backlog.clear()
        if self._diagram is not None:
            self._diagram.clear()

    def _draw_backlog(self) -> None:
        """Draw every exchange that came since the last frame."""
        backlog, self._backlog = self._backlog, []
        if backlog and self._diagram is not None:
            self._diagram.add_exchanges(backlog)

    @Slot(bool)
    def on_visibility_changed(self, visible: bool) -> None:
        """Make the diagram when the dock is first shown."""
        if visible:
            _ = self.diagram

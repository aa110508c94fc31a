"""A run of the story: New run clears the screen, and the guided demo follows what happened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from workbench.core.demo_story import StoryPoint, StoryTracker
from workbench.core.http import Exchange, ExchangeKind
from workbench.core.problems import Problem
from workbench.core.token import AccessToken
from workbench.ui.widgets import STATUS_MESSAGE_MS

if TYPE_CHECKING:
    from workbench.ui.guided_demo import GuidedDemoPanel
    from workbench.ui.timeline import TimelineView
    from workbench.ui.window.diagram_dock import DiagramDock
    from workbench.ui.window.showing import ExchangeShowing


class StoryRun(QObject):
    """New run (Ctrl+L) empties the timeline, the flow diagram and the response, keeping the
    form and the token; restarting the guided demo starts a new run. The real events (a token,
    an API answer, the token lapsing) move the guided demo to the step they reached, so that a
    presenter who acted by hand is not made to replay the story.

    Signals:
        status_message(str, int): what New run did.
    """

    status_message = Signal(str, int)

    def __init__(
        self,
        timeline: TimelineView,
        diagram: DiagramDock,
        showing: ExchangeShowing,
        guided_demo: GuidedDemoPanel | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._timeline = timeline
        self._diagram = diagram
        self._showing = showing
        self._guided_demo = guided_demo
        self._tracker = StoryTracker()

    @property
    def point(self) -> StoryPoint:
        """Where the real story is."""
        return self._tracker.point

    @Slot()
    def new_run(self) -> None:
        """A clean screen for the next run: no exchanges listed, drawn or shown."""
        self._timeline.clear()
        self._diagram.clear()
        self._showing.clear()
        self.status_message.emit(
            "New run: the timeline, the diagram and the response are empty; the form and the "
            "token stay.",
            STATUS_MESSAGE_MS,
        )

    @Slot()
    def restart_demo(self) -> None:
        """Demo > Restart the guided demo: a new run, from the first step."""
        self.new_run()
        if self._guided_demo is not None:
            self._guided_demo.restart()

    @Slot(object)
    def on_session_token_changed(self, token: AccessToken | None) -> None:
        """A new token, or none."""
        self._follow(self._tracker.token_changed(token is not None))

    @Slot(object, object)
    def on_session_exchange_recorded(self, exchange: Exchange, problem: Problem | None) -> None:
        """An API answer: accepted, refused as lapsed, or neither."""
        if exchange.kind is not ExchangeKind.API:
            return
        lapsed = problem is not None and problem.token_lapsed
        accepted = exchange.ok and problem is None
        self._follow(self._tracker.api_answered(accepted=accepted, token_lapsed=lapsed))

    @Slot()
    def on_token_panel_lapsed(self) -> None:
        """The token held lapsed (its lifetime ran out, or the server ended it)."""
        self._follow(self._tracker.token_lapsed())

    def _follow(self, point: StoryPoint | None) -> None:
        if point is not None and self._guided_demo is not None:
            self._guided_demo.follow(point)

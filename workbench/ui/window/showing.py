"""What the response viewer shows, with the timeline's selection always on the same exchange."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, Slot

from workbench.core.http import Exchange, ExchangeKind
from workbench.core.problems import Problem
from workbench.ui.frames import FrameThrottle

if TYPE_CHECKING:
    from workbench.ui.response.panel import ResponseViewer
    from workbench.ui.session import WorkbenchSession
    from workbench.ui.timeline import TimelineView


class _Show(NamedTuple):
    """Open an exchange, its row selected."""

    exchange: Exchange
    problem: Problem | None


class _Wait(NamedTuple):
    """Say what the answer is awaited for; no row selected."""

    method: str
    url: str


class _End(NamedTuple):
    """The request awaited ended without an answer."""

    outcome: str


_Step = _Show | _Wait | _End


class ExchangeShowing(QObject):
    """Opens answers in the viewer as they come (a token's at once, unless an API call it
    serves still runs; an API call's when it ends), and what was clicked in the timeline or
    the flow diagram. While a request runs the viewer says what it waits for and no row is
    selected; otherwise the selected row is the exchange shown.

    The viewer changes at most once a frame: in a burst of sends, what came within a frame is
    shown at its end, the last answer only (those it replaced are never rendered).
    """

    def __init__(
        self,
        session: WorkbenchSession,
        viewer: ResponseViewer,
        timeline: TimelineView,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._viewer = viewer
        self._timeline = timeline
        self._steps: list[_Step] = []
        """What the viewer is to show at the frame's end: an exchange or a wait, and maybe the
        end of that wait (each exchange or wait replaces everything before it)."""
        self._frames = FrameThrottle(self._apply, self)

    def show(self, exchange: Exchange, problem: Problem | None) -> None:
        """The user chose ``exchange``: open it in the viewer now (unless it shows it
        already), its row selected."""
        self._step(_Show(exchange, problem))
        self._frames.flush()

    def clear(self) -> None:
        """Show nothing (and forget what was to be shown at the frame's end)."""
        self._steps.clear()
        self._viewer.clear()

    def shown_exchange(self) -> Exchange | None:
        """The exchange the viewer shows, or is about to show at the frame's end."""
        for step in reversed(self._steps):
            if isinstance(step, _Show):
                return step.exchange
            if isinstance(step, _Wait):
                return None
        return self._viewer.exchange()

    @Slot(str, str)
    def on_requests_waiting_for(self, method: str, url: str) -> None:
        """A request went out: the viewer waits for it, and no old row stays selected."""
        self._step(_Wait(method, url))

    @Slot(object, object)
    def on_timeline_exchange_selected(self, exchange: Exchange, problem: Problem | None) -> None:
        """A row chosen in the timeline opens in the viewer."""
        if self.shown_exchange() is not exchange:
            self.show(exchange, problem)

    @Slot(object, object)
    def on_session_exchange_recorded(self, exchange: Exchange, problem: Problem | None) -> None:
        """A token exchange opens at once, unless an API call it serves still runs."""
        if exchange.kind is ExchangeKind.TOKEN and not self._session.api_busy_now:
            self._step(_Show(exchange, problem))

    @Slot(object, object)
    def on_session_api_finished(self, exchange: Exchange | None, problem: Problem | None) -> None:
        """The answer opens; with none at all, the viewer says what went wrong."""
        if exchange is not None:
            self._step(_Show(exchange, problem))
        elif problem is not None:
            self._step(_End(problem.title))

    @Slot(object)
    def on_session_token_failed(self, problem: object) -> None:
        """No token, maybe no exchange either: the viewer stops waiting for one."""
        if not self._session.api_busy_now:
            self._step(_End(getattr(problem, "title", "No answer")))

    @Slot()
    def on_session_cancelled(self) -> None:
        """The user cancelled what the viewer waited for."""
        self._step(_End("Cancelled"))

    def _step(self, step: _Step) -> None:
        if isinstance(step, _End):
            self._steps.append(step)
        else:
            self._steps = [step]
        self._frames.request()

    def _apply(self) -> None:
        steps, self._steps = self._steps, []
        viewer, timeline = self._viewer, self._timeline
        for step in steps:
            if isinstance(step, _Show):
                if viewer.exchange() is not step.exchange:
                    viewer.show_exchange(step.exchange, step.problem)
                timeline.select_exchange(step.exchange)
            elif isinstance(step, _Wait):
                viewer.show_waiting(step.method, step.url)
                timeline.clearSelection()
            else:
                viewer.end_waiting(step.outcome)

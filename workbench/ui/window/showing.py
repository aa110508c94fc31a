"""What the response viewer shows, with the timeline's selection always on the same exchange."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from workbench.core.http import Exchange, ExchangeKind
from workbench.core.problems import Problem

if TYPE_CHECKING:
    from workbench.ui.response.panel import ResponseViewer
    from workbench.ui.session import WorkbenchSession
    from workbench.ui.timeline import TimelineView


class ExchangeShowing(QObject):
    """Opens answers in the viewer as they come (a token's at once, unless an API call it
    serves still runs; an API call's when it ends), and what was clicked in the timeline or
    the flow diagram. While a request runs the viewer says what it waits for and no row is
    selected; otherwise the selected row is the exchange shown."""

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

    def show(self, exchange: Exchange, problem: Problem | None) -> None:
        """Open ``exchange`` in the viewer (unless it shows it already), its row selected."""
        if self._viewer.exchange() is not exchange:
            self._viewer.show_exchange(exchange, problem)
        self._timeline.select_exchange(exchange)

    @Slot(str, str)
    def on_requests_waiting_for(self, method: str, url: str) -> None:
        """A request went out: the viewer waits for it, and no old row stays selected."""
        self._viewer.show_waiting(method, url)
        self._timeline.clearSelection()

    @Slot(object, object)
    def on_timeline_exchange_selected(self, exchange: Exchange, problem: Problem | None) -> None:
        """A row chosen in the timeline opens in the viewer."""
        if self._viewer.exchange() is not exchange:
            self._viewer.show_exchange(exchange, problem)

    @Slot(object, object)
    def on_session_exchange_recorded(self, exchange: Exchange, problem: Problem | None) -> None:
        """A token exchange opens at once, unless an API call it serves still runs."""
        if exchange.kind is ExchangeKind.TOKEN and not self._session.api_busy_now:
            self.show(exchange, problem)

    @Slot(object, object)
    def on_session_api_finished(self, exchange: Exchange | None, problem: Problem | None) -> None:
        """The answer opens; with none at all, the viewer says what went wrong."""
        if exchange is not None:
            self.show(exchange, problem)
        elif problem is not None:
            self._viewer.end_waiting(problem.title)

    @Slot(object)
    def on_session_token_failed(self, problem: object) -> None:
        """No token, maybe no exchange either: the viewer stops waiting for one."""
        if not self._session.api_busy_now:
            self._viewer.end_waiting(getattr(problem, "title", "No answer"))

    @Slot()
    def on_session_cancelled(self) -> None:
        """The user cancelled what the viewer waited for."""
        self._viewer.end_waiting("Cancelled")

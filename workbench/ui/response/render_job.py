"""Work for a view on Qt's thread pool, its result delivered on the GUI thread unless stale."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from workbench.core.exchange_view import RenderedText


class ViewState:
    """What a worker may read about its viewer: still alive, and which generation is current."""

    def __init__(self) -> None:
        self.alive = True
        self.generation = 0

    def mark_dead(self, *_args: object) -> None:
        """Slot for ``destroyed``: results arriving later are dropped."""
        self.alive = False


class RenderJob(QRunnable):
    """Runs ``work`` on a pool thread and hands its result to ``deliver`` on the GUI thread."""

    def __init__(
        self,
        work: Callable[[Callable[[], bool]], RenderedText],
        deliver: Callable[[int, RenderedText], None],
        state: ViewState,
        generation: int,
        relay: RenderRelay,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.work = work
        self.deliver = deliver
        self.state = state
        self.generation = generation
        self.relay = relay

    def is_stale(self) -> bool:
        """True once the viewer moved on (new exchange, clear, reveal toggle) or is gone."""
        return not self.state.alive or self.state.generation != self.generation

    def run(self) -> None:
        """Pool thread: compute, then post the result to the relay (which lives in the GUI)."""
        try:
            result = self.work(self.is_stale)
        except Exception as error:  # a formatting bug must not kill the pool
            result = RenderedText("", note=f"Could not prepare this view: {error!r}")
        self.relay.delivered.emit(self, result)


class RenderRelay(QObject):
    """Lives in the GUI thread for the application's lifetime; turns job results into calls."""

    delivered = Signal(object, object)

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self.running: set[RenderJob] = set()
        self.delivered.connect(self.on_relay_delivered, Qt.ConnectionType.QueuedConnection)

    def start(self, job: RenderJob) -> None:
        """Keep ``job`` referenced until its result is back, and start it."""
        self.running.add(job)
        QThreadPool.globalInstance().start(job)

    @Slot(object, object)
    def on_relay_delivered(self, job: RenderJob, result: RenderedText) -> None:
        """GUI thread: pass the result on unless the viewer is gone."""
        self.running.discard(job)
        if job.state.alive:
            job.deliver(job.generation, result)


_relay: RenderRelay | None = None


def shared_relay() -> RenderRelay:
    """The relay, created on first use in the GUI thread and owned by the application."""
    global _relay  # noqa: PLW0603 - one per application, like the thread pool
    from PySide6.QtCore import QCoreApplication
    from shiboken6 import isValid

    if _relay is None or not isValid(_relay):
        _relay = RenderRelay(QCoreApplication.instance())
    return _relay

"""Work for a view on Qt's thread pool, its result delivered on the GUI thread unless stale."""

from __future__ import annotations

from collections.abc import Callable
from weakref import WeakMethod

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot
from shiboken6 import isValid

from workbench.core.exchange_view import RenderedText


class ViewState:
    """What a worker may read about its viewer: still alive, and which generation is current."""

    def __init__(self) -> None:
        self.alive = True
        self.generation = 0

    def mark_dead(self) -> None:
        """The viewer is gone (called as Python finalizes it): later results are dropped."""
        self.alive = False


class Delivery:
    """Where a job's result goes: the viewer's ``deliver(generation, result)`` on the GUI
    thread, unless the viewer (``state``) moved on or is gone.

    It holds the viewer only weakly, and nothing of the exchange: the last reference to a
    widget must never be dropped on a render thread (Python would delete the widget there).
    """

    def __init__(
        self, deliver: Callable[[int, RenderedText], None], state: ViewState, generation: int
    ) -> None:
        self._deliver = WeakMethod(deliver)
        self.state = state
        self.generation = generation

    def is_stale(self) -> bool:
        """True once the viewer moved on (new exchange, clear, reveal toggle) or is gone."""
        return not self.state.alive or self.state.generation != self.generation

    def deliver(self, result: RenderedText) -> None:
        """GUI thread: hand ``result`` to the viewer, if it is still there (in Python and Qt)."""
        deliver = self._deliver()
        if deliver is not None and self.state.alive and isValid(getattr(deliver, "__self__", None)):
            deliver(self.generation, result)


Work = Callable[[Callable[[], bool]], RenderedText]
"""What runs on the pool: given ``is_stale``, the text for a view."""


class RenderRelay(QObject):
    """Lives in the GUI thread for the application's lifetime; runs work on Qt's global
    thread pool and turns its results into calls on the GUI thread."""

    delivered = Signal(object, object)

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self.running: set[Delivery] = set()
        """The deliveries of work started and not yet delivered."""
        self.delivered.connect(self.on_relay_delivered, Qt.ConnectionType.QueuedConnection)

    def start(self, work: Work, delivery: Delivery) -> None:
        """Run ``work`` on the pool; its result goes to ``delivery`` unless stale by then.

        The pool gets a plain callable, which it drops once it has run, and with it the work
        and the exchange the work renders. (A ``QRunnable`` with auto-delete off is kept by
        the pool for good: every response shown leaked its exchange. PySide 6.11 also keeps
        about half of the auto-deleted ``QRunnable`` subclasses' wrappers, and whatever they
        hold.)
        """
        self.running.add(delivery)
        QThreadPool.globalInstance().start(pool_task(work, delivery, self))

    @Slot(object, object)
    def on_relay_delivered(self, delivery: Delivery, result: RenderedText) -> None:
        """GUI thread: pass the result on unless the viewer is gone."""
        self.running.discard(delivery)
        delivery.deliver(result)


def pool_task(work: Work, delivery: Delivery, relay: RenderRelay) -> Callable[[], None]:
    """What a pool thread runs: ``work``, then its result posted to ``relay``."""

    def run() -> None:
        result = RenderedText("")
        if not delivery.is_stale():  # superseded while it waited for a thread: skip it
            try:
                result = work(delivery.is_stale)
            except Exception as error:  # a formatting bug must not kill the pool
                result = RenderedText("", note=f"Could not prepare this view: {error!r}")
        relay.delivered.emit(delivery, result)

    return run


_relay: RenderRelay | None = None


def shared_relay() -> RenderRelay:
    """The relay, created on first use in the GUI thread and owned by the application."""
    global _relay  # noqa: PLW0603 - one per application, like the thread pool
    from PySide6.QtCore import QCoreApplication

    if _relay is None or not isValid(_relay):
        _relay = RenderRelay(QCoreApplication.instance())
    return _relay

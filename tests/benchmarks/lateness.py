"""How late the GUI event loop runs a precise timer: the figure for "the window never stalls"."""

from __future__ import annotations

import time
from types import TracebackType

from PySide6.QtCore import QEventLoop, Qt, QTimer


class LatenessProbe:
    """A precise timer ticking every ``interval_ms``; ``largest_s`` is its worst lateness.

    Use as a context manager around what is measured (the events must run meanwhile,
    ``settle`` lets them).
    """

    def __init__(self, interval_ms: int = 10) -> None:
        self.interval_s = interval_ms / 1000
        self.largest_s = 0.0
        self._previous = 0.0
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._previous:
            self.largest_s = max(self.largest_s, now - self._previous - self.interval_s)
        self._previous = now

    def __enter__(self) -> LatenessProbe:
        self.largest_s, self._previous = 0.0, 0.0
        self._timer.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._timer.stop()


def settle(ms: int) -> None:
    """Run the event loop for ``ms`` milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()

"""At most one update a frame: a burst of changes is shown once per frame, as it ends up."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Slot
from shiboken6 import isValid

FRAME_MS = 16
"""A frame of a 60 Hz screen: the shortest time between two frames."""
MAX_FRAME_MS = 200
"""The longest: in the heaviest burst the window still changes five times a second."""
FRAME_SHARE = 0.25
"""At most this share of the GUI thread goes to frames in a burst (the rest to the work)."""

Value = TypeVar("Value")


class FrameClock(QObject):
    """Applies the window's coalesced updates together, so that a burst costs one paint a
    frame rather than one per widget that changed.

    A change when no frame ran lately opens a frame at once: it applies now, and so does every
    other change until the event loop is idle again (a lone answer shows in one paint, with no
    delay). A change within the frame's length of the last one waits for the next frame, where
    everything that waited applies together. A frame's length is what it cost (its updates and
    what the event loop did until idle, painting included) divided by ``FRAME_SHARE``, between
    ``FRAME_MS`` and ``MAX_FRAME_MS``.
    """

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        frame_ms: int = FRAME_MS,
        max_frame_ms: int = MAX_FRAME_MS,
    ) -> None:
        super().__init__(parent)
        self._frame_s = frame_ms / 1000
        self._max_frame_s = max_frame_ms / 1000
        self._waiting: dict[FrameThrottle, None] = {}
        """Throttles with a change for the next frame, in the order they asked."""
        self._open = False
        self._running: FrameThrottle | None = None
        self._started = -math.inf
        self._next = -math.inf
        self._tick = QTimer(self)
        self._tick.setSingleShot(True)
        self._tick.setTimerType(Qt.TimerType.PreciseTimer)
        self._tick.timeout.connect(self.on_tick_timeout)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(0)
        self._idle.timeout.connect(self.on_idle_timeout)

    def request(self, throttle: FrameThrottle) -> None:
        """``throttle`` has a change: apply it now, or with the next frame."""
        if self._open and self._running is not throttle:
            self._waiting.pop(throttle, None)
            self._apply(throttle)
            return
        self._waiting[throttle] = None
        if self._open or self._tick.isActive():
            return
        wait_s = self._next - _now()
        if wait_s <= 0:
            self._open_frame()
        else:
            self._tick.start(max(1, math.ceil(wait_s * 1000)))

    def is_settled(self) -> bool:
        """Whether every change asked for is applied (nothing waits for a frame)."""
        return not self._waiting

    def is_waiting(self, throttle: FrameThrottle) -> bool:
        """Whether ``throttle`` has a change that waits for the next frame."""
        return throttle in self._waiting

    def flush(self, throttle: FrameThrottle) -> None:
        """Apply ``throttle``'s waiting change now (someone needs it applied)."""
        if throttle in self._waiting and self._running is not throttle:
            del self._waiting[throttle]
            self._apply(throttle)

    @Slot()
    def on_tick_timeout(self) -> None:
        """The next frame is due: apply everything that waited."""
        if not self._open:
            self._open_frame()

    @Slot()
    def on_idle_timeout(self) -> None:
        """The event loop is idle after a frame: it ends; the next waits in proportion."""
        now = _now()
        self._open = False
        cost_s = now - self._started
        self._next = self._started + min(
            max(cost_s / FRAME_SHARE, self._frame_s), self._max_frame_s
        )
        if self._waiting and not self._tick.isActive():
            self._tick.start(max(1, math.ceil((self._next - now) * 1000)))

    def _open_frame(self) -> None:
        self._open = True
        self._started = _now()
        self._idle.start()
        for throttle in list(self._waiting):
            if throttle in self._waiting:  # not flushed meanwhile by one before it
                del self._waiting[throttle]
                self._apply(throttle)

    def _apply(self, throttle: FrameThrottle) -> None:
        if not isValid(throttle):
            return  # its widget went meanwhile: nothing left to show
        outer, self._running = self._running, throttle
        try:
            throttle.apply()
        finally:
            self._running = outer


_clocks: dict[int, FrameClock] = {}


def frame_clock() -> FrameClock:
    """The application's frame clock (made with the first throttle)."""
    app = QCoreApplication.instance()
    key = id(app)
    clock = _clocks.get(key)
    if clock is None:
        _clocks.clear()  # a clock of an application that ended goes with it
        clock = _clocks[key] = FrameClock(app)
    return clock


class FrameThrottle(QObject):
    """Calls ``apply`` at most once a frame of the application's ``FrameClock``: at once when
    no frame ran lately, else once at the next frame for everything asked meanwhile. A request
    made while ``apply`` runs is applied at the next frame.
    """

    def __init__(
        self,
        apply: Callable[[], None],
        parent: QObject | None = None,
        *,
        clock: FrameClock | None = None,
    ) -> None:
        super().__init__(parent)
        self.apply = apply
        self._clock = clock or frame_clock()

    def request(self) -> None:
        """Apply now, or at the next frame."""
        self._clock.request(self)

    def is_pending(self) -> bool:
        """True while something asked for waits for the next frame."""
        return self._clock.is_waiting(self)

    def flush(self) -> None:
        """Apply what waits now rather than at the next frame (someone needs it applied)."""
        self._clock.flush(self)


class FrameValue(Generic[Value]):
    """A state that may flip many times a frame (busy, idle, busy…), shown at most once a
    frame and only when what it ends up as differs from what is shown; a value that
    ``at_once`` accepts is shown at once (busy: Cancel works from the first moment)."""

    def __init__(
        self,
        show: Callable[[Value], None],
        shown: Value,
        parent: QObject,
        *,
        at_once: Callable[[Value], bool] = lambda _value: False,
        clock: FrameClock | None = None,
    ) -> None:
        self._show = show
        self._shown = self._latest = shown
        self._at_once = at_once
        self._frames = FrameThrottle(self._apply, parent, clock=clock)

    def set(self, value: Value) -> None:
        """The state is now ``value``."""
        self._latest = value
        if self._at_once(value):
            self._apply()
        else:
            self._frames.request()

    def _apply(self) -> None:
        if self._latest != self._shown:
            self._shown = self._latest
            self._show(self._latest)


def _now() -> float:
    return time.monotonic()

"""The sandbox's own clock: the machine's monotonic clock plus an offset that demos can advance."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable


class SandboxClock:
    """Monotonic seconds plus an adjustable offset; thread-safe.

    Only differences between readings mean anything. ``advance`` moves the sandbox into
    the future (tokens lapse, rate-limit windows close) without touching the machine's clock.
    """

    def __init__(self, source: Callable[[], float] = time.monotonic) -> None:
        self._source = source
        self._offset_s = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        """Seconds on the sandbox clock."""
        with self._lock:
            return self._source() + self._offset_s

    def advance(self, seconds: float) -> None:
        """Move the sandbox clock forward by ``seconds`` (finite, not negative)."""
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f"the sandbox clock only moves forward, not by {seconds} s")
        with self._lock:
            self._offset_s += seconds

    @property
    def offset_s(self) -> float:
        """How far the sandbox clock has been advanced so far, in seconds."""
        with self._lock:
            return self._offset_s

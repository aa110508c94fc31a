"""The sandbox's own clock: the machine's monotonic clock plus an offset that demos can advance."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

TEN_YEARS_S = 10 * 365 * 86400
"""The largest step the clock takes at once, and the longest token lifetime the sandbox sets."""
MAX_OFFSET_S = 10 * TEN_YEARS_S
"""How far in all the clock may be advanced: a century keeps every reading finite and precise."""


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
        """Move the sandbox clock forward by ``seconds`` (0 to ten years at a time).

        Raises ``ValueError`` for a negative, infinite or larger step, or one that would take
        the clock more than a century ahead; the clock is then unchanged.
        """
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f"the sandbox clock only moves forward, not by {seconds} s")
        if seconds > TEN_YEARS_S:
            raise ValueError(
                f"the sandbox clock moves at most ten years ({TEN_YEARS_S} s) at a time"
            )
        with self._lock:
            if self._offset_s + seconds > MAX_OFFSET_S:
                raise ValueError(
                    f"the sandbox clock is already {self._offset_s:.0f} s ahead and goes no "
                    f"further than a century ({MAX_OFFSET_S} s); restart the sandbox to reset it"
                )
            self._offset_s += seconds

    @property
    def offset_s(self) -> float:
        """How far the sandbox clock has been advanced so far, in seconds."""
        with self._lock:
            return self._offset_s

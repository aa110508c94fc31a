"""Clocks: the monotonic one for countdowns, the wall one for display; injectable for tests."""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    """What the model needs to know about time."""

    def monotonic(self) -> float:
        """Seconds on a clock that never jumps; only differences mean anything."""
        ...

    def wall(self) -> float:
        """Seconds since the Unix epoch, for display."""
        ...


class SystemClock:
    """The real clocks of this machine."""

    def monotonic(self) -> float:
        """``time.monotonic()``."""
        return time.monotonic()

    def wall(self) -> float:
        """``time.time()``."""
        return time.time()


class ManualClock:
    """A clock that moves only when told to: for tests and demos."""

    def __init__(self, monotonic_s: float = 1000.0, wall_s: float = 1_767_225_600.0) -> None:
        self._monotonic_s = monotonic_s
        self._wall_s = wall_s

    def monotonic(self) -> float:
        """The current monotonic reading."""
        return self._monotonic_s

    def wall(self) -> float:
        """The current wall reading."""
        return self._wall_s

    def advance(self, seconds: float) -> None:
        """Move both clocks forward together."""
        self._monotonic_s += seconds
        self._wall_s += seconds

    def jump_wall(self, seconds: float) -> None:
        """Move only the wall clock (an NTP correction, a user changing the time)."""
        self._wall_s += seconds

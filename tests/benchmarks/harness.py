"""The shape every benchmark reports in: one figure, ours against a baseline from the same run."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    """One measured figure.

    With a ``baseline`` the target is a ratio (ours / baseline <= target); without one the
    target is an absolute ceiling in ``unit``.
    """

    figure: str
    ours: float
    baseline: float | None
    target: float
    unit: str = "s"
    baseline_name: str = ""

    @property
    def ratio(self) -> float | None:
        """ours / baseline, or None for an absolute figure."""
        if self.baseline is None or self.baseline <= 0:
            return None
        return self.ours / self.baseline

    @property
    def passed(self) -> bool:
        """Whether the figure meets its target."""
        ratio = self.ratio
        return (ratio if ratio is not None else self.ours) <= self.target


def median_time_s(action: Callable[[], object], repeat: int, warmup: int = 3) -> float:
    """Median wall time of ``action`` over ``repeat`` runs, after ``warmup`` unmeasured ones."""
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def interleaved_medians_s(
    ours: Callable[[], object], baseline: Callable[[], object], repeat: int, warmup: int = 3
) -> tuple[float, float]:
    """Medians of two actions timed alternately, so drift in the machine hits both alike."""
    for _ in range(warmup):
        ours()
        baseline()
    ours_samples, base_samples = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        ours()
        ours_samples.append(time.perf_counter() - start)
        start = time.perf_counter()
        baseline()
        base_samples.append(time.perf_counter() - start)
    return statistics.median(ours_samples), statistics.median(base_samples)

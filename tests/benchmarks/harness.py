"""The shape every benchmark reports in: one figure, ours against a baseline from the same run."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.offscreen import use_offscreen_screens


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


def private_memory_kib(pid: int | str = "self") -> int:
    """The process's own memory (Private_Clean + Private_Dirty of /proc/PID/smaps_rollup, its
    unique set size): unlike RSS, it leaves out shared libraries and the page cache they sit in.
    """
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text(encoding="ascii")
    return sum(
        int(line.split()[1])
        for line in rollup.splitlines()
        if line.startswith(("Private_Clean:", "Private_Dirty:"))
    )


def theil_sen_slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """The median of the slopes between every two points: a trend that a few outliers (a
    moment's spike in memory) do not move."""
    slopes = [
        (ys[j] - ys[i]) / (xs[j] - xs[i])
        for i in range(len(xs))
        for j in range(i + 1, len(xs))
        if xs[j] != xs[i]
    ]
    if not slopes:
        raise ValueError("a slope needs two points with different x")
    return statistics.median(slopes)


def run_child_figures(module: str, *args: str, timeout_s: float) -> dict[str, Any]:
    """Run ``python -m module *args`` (offscreen) and return the JSON object it printed last.

    Benchmarks of the window run it in a fresh child process: a clean QApplication, and
    memory figures of its own.
    """
    env = dict(os.environ)
    use_offscreen_screens(env)
    completed = subprocess.run(
        [sys.executable, "-m", module, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    if completed.returncode != 0 or not lines:
        raise RuntimeError(f"{module} child failed: {completed.stderr.strip()[-800:]}")
    figures: dict[str, Any] = json.loads(lines[-1])
    return figures

"""Run every ``tests/benchmarks/bench_*.py``, print one table, write JSON, fail on a missed target.

Usage: ``python -m tests.benchmarks.run [--quick] [--json PATH] [--only NAME]``.
A benchmark module exposes ``run(quick: bool) -> list[Result]`` (``tests.benchmarks.harness``).
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import platform
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from tests.benchmarks.harness import Result

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parents[1]
DEFAULT_JSON = REPO_ROOT / "bench-results.json"
PACKAGE = "tests.benchmarks"

Runner = Callable[[bool], list[Result]]


@dataclass(frozen=True)
class ModuleOutcome:
    """What one benchmark module gave: its results, or the error that stopped it."""

    module: str
    results: tuple[Result, ...]
    error: str = ""
    duration_s: float = 0.0


def discover(only: Sequence[str] = ()) -> list[str]:
    """Dotted names of the benchmark modules, sorted; ``only`` keeps names containing any of it."""
    names = sorted(f"{PACKAGE}.{path.stem}" for path in BENCH_DIR.glob("bench_*.py"))
    if only:
        names = [name for name in names if any(part in name for part in only)]
    return names


def load_runner(module_name: str) -> Runner:
    """The ``run`` function of a benchmark module; raises TypeError when it has none."""
    module: ModuleType = importlib.import_module(module_name)
    runner = getattr(module, "run", None)
    if not callable(runner):
        raise TypeError(f"{module_name} has no run(quick) function")
    return runner  # type: ignore[no-any-return]


def run_module(module_name: str, *, quick: bool) -> ModuleOutcome:
    """Run one module; a crash becomes an error in the outcome rather than an exception."""
    start = time.perf_counter()
    try:
        results = load_runner(module_name)(quick)
        problems = [problem for result in results for problem in malformed(result)]
        if not results:
            problems.append("returned no results")
        if problems:
            raise ValueError("; ".join(problems))
    except Exception:
        return ModuleOutcome(module_name, (), traceback.format_exc(), time.perf_counter() - start)
    return ModuleOutcome(module_name, tuple(results), "", time.perf_counter() - start)


def malformed(result: object) -> list[str]:
    """What is wrong with one result (empty when it is well formed)."""
    if not isinstance(result, Result):
        return [f"not a Result: {result!r}"]
    problems = []
    if not result.figure.strip():
        problems.append("a result without a figure name")
    numbers = {"ours": result.ours, "target": result.target}
    if result.baseline is not None:
        numbers["baseline"] = result.baseline
    for name, value in numbers.items():
        if not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
            problems.append(f"{result.figure}: {name} is not a finite positive number: {value!r}")
    if not result.unit:
        problems.append(f"{result.figure}: no unit")
    return problems


def format_value(value: float | None, unit: str) -> str:
    """A measurement in a readable unit: ms for short times, the raw unit otherwise."""
    if value is None:
        return "-"
    if unit == "s":
        return f"{value * 1000:.2f} ms" if value < 1 else f"{value:.3f} s"
    return f"{value:.3g} {unit}"


def table(outcomes: Sequence[ModuleOutcome]) -> str:
    """One text table: figure | ours median | baseline median | ratio | target | pass/fail."""
    header = ("figure", "ours median", "baseline median", "ratio", "target", "result")
    rows: list[tuple[str, ...]] = []
    for outcome in outcomes:
        if outcome.error:
            last_line = outcome.error.strip().splitlines()[-1]
            rows.append((outcome.module, "-", "-", "-", "-", f"CRASH: {last_line}"))
            continue
        for result in outcome.results:
            ratio = result.ratio
            baseline = format_value(result.baseline, result.unit)
            if result.baseline_name and result.baseline is not None:
                baseline += f" ({result.baseline_name})"
            rows.append(
                (
                    result.figure,
                    format_value(result.ours, result.unit),
                    baseline,
                    "-" if ratio is None else f"{ratio:.2f}x",
                    f"<= {result.target:g}x"
                    if ratio is not None
                    else f"<= {format_value(result.target, result.unit)}",
                    "pass" if result.passed else "FAIL",
                )
            )
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    separator = "-+-".join("-" * width for width in widths)
    return "\n".join([line(header), separator, *(line(row) for row in rows)])


def to_json(outcomes: Sequence[ModuleOutcome], *, quick: bool) -> dict[str, object]:
    """The machine-readable record of a run."""
    return {
        "quick": quick,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "passed": all_passed(outcomes),
        "results": [
            {
                "module": outcome.module,
                "figure": result.figure,
                "ours": result.ours,
                "baseline": result.baseline,
                "baseline_name": result.baseline_name,
                "ratio": result.ratio,
                "target": result.target,
                "unit": result.unit,
                "passed": result.passed,
            }
            for outcome in outcomes
            for result in outcome.results
        ],
        "errors": [
            {"module": outcome.module, "error": outcome.error}
            for outcome in outcomes
            if outcome.error
        ],
    }


def all_passed(outcomes: Sequence[ModuleOutcome]) -> bool:
    """No crash and every figure on target."""
    return all(not outcome.error and all(r.passed for r in outcome.results) for outcome in outcomes)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks; 0 when every figure meets its target, 1 otherwise."""
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="few repetitions: a smoke run")
    parser.add_argument(
        "--json", type=Path, default=DEFAULT_JSON, metavar="PATH", help="where to write results"
    )
    parser.add_argument(
        "--only", action="append", default=[], metavar="NAME", help="run modules matching NAME"
    )
    args = parser.parse_args(argv)

    names = discover(args.only)
    if not names:
        print("no benchmark modules found", file=sys.stderr)
        return 1
    outcomes = []
    for name in names:
        print(f"running {name}{' (quick)' if args.quick else ''} ...", file=sys.stderr, flush=True)
        outcome = run_module(name, quick=args.quick)
        if outcome.error:
            print(outcome.error, file=sys.stderr)
        outcomes.append(outcome)

    print(table(outcomes))
    args.json.write_text(json.dumps(to_json(outcomes, quick=args.quick), indent=2) + "\n")
    print(f"\nresults written to {args.json}", file=sys.stderr)
    return 0 if all_passed(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())

"""A quick run of every benchmark module (it must not crash), and the runner's own behaviour."""

from __future__ import annotations

import json
import math
import sys
import types
from pathlib import Path

import pytest

from tests.benchmarks import run as bench_run
from tests.benchmarks.harness import Result

pytestmark = pytest.mark.bench


@pytest.mark.parametrize("module_name", bench_run.discover())
def test_each_benchmark_runs_quickly_and_reports_well_formed_figures(module_name: str) -> None:
    # Timing on a loaded machine is not asserted here; a crash or a malformed figure is.
    results = bench_run.load_runner(module_name)(True)
    assert results, f"{module_name} returned no results"
    for result in results:
        assert isinstance(result, Result)
        assert result.figure.strip()
        assert math.isfinite(result.ours)
        assert result.ours > 0
        assert result.baseline is None or (math.isfinite(result.baseline) and result.baseline > 0)
        assert math.isfinite(result.target)
        assert result.target > 0
        assert result.unit
    assert len({result.figure for result in results}) == len(results), "figure names repeat"


def test_discovery_finds_the_exchange_benchmark() -> None:
    assert "tests.benchmarks.bench_exchange" in bench_run.discover()
    assert bench_run.discover(["nothing-matches-this"]) == []


# ---------------------------------------------------------------------------- the runner


def fake_benchmarks(monkeypatch: pytest.MonkeyPatch, modules: dict[str, object]) -> None:
    """Make the runner see exactly ``modules`` (name -> run function) as benchmark modules."""
    for name, runner in modules.items():
        module = types.ModuleType(name)
        module.run = runner  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setattr(bench_run, "discover", lambda only=(): sorted(modules))


def test_runner_prints_one_table_writes_json_and_passes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    quick_flags: list[bool] = []

    def runner(quick: bool) -> list[Result]:
        quick_flags.append(quick)
        return [
            Result("fast thing", ours=0.011, baseline=0.010, target=1.15, baseline_name="base"),
            Result("startup", ours=0.4, baseline=None, target=1.0),
        ]

    fake_benchmarks(monkeypatch, {"bench_fake_ok": runner})
    out_path = tmp_path / "results.json"
    assert bench_run.main(["--quick", "--json", str(out_path)]) == 0
    assert quick_flags == [True]

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split(" | ")[0].strip() == "figure"
    assert [cell.strip() for cell in lines[0].split("|")] == [
        "figure",
        "ours median",
        "baseline median",
        "ratio",
        "target",
        "result",
    ]
    fast = next(line for line in lines if line.startswith("fast thing"))
    assert "11.00 ms" in fast
    assert "10.00 ms (base)" in fast
    assert "1.10x" in fast
    assert fast.rstrip().endswith("pass")

    document = json.loads(out_path.read_text())
    assert document["passed"] is True
    assert document["quick"] is True
    assert [r["figure"] for r in document["results"]] == ["fast thing", "startup"]
    assert document["results"][0]["ratio"] == pytest.approx(1.1)
    assert document["results"][1]["ratio"] is None
    assert document["errors"] == []


def test_runner_exits_1_on_a_missed_target(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def runner(quick: bool) -> list[Result]:
        return [Result("slow thing", ours=2.0, baseline=1.0, target=1.15)]

    fake_benchmarks(monkeypatch, {"bench_fake_slow": runner})
    out_path = tmp_path / "results.json"
    assert bench_run.main(["--json", str(out_path)]) == 1
    assert "FAIL" in capsys.readouterr().out
    document = json.loads(out_path.read_text())
    assert document["passed"] is False
    assert document["quick"] is False
    assert document["results"][0]["passed"] is False


def test_runner_reports_a_crash_runs_the_rest_and_exits_1(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def crashing(quick: bool) -> list[Result]:
        raise RuntimeError("the sandbox did not start")

    def malformed(quick: bool) -> list[Result]:
        return [Result("nan figure", ours=float("nan"), baseline=1.0, target=1.15)]

    def fine(quick: bool) -> list[Result]:
        return [Result("fine", ours=1.0, baseline=1.0, target=1.15)]

    fake_benchmarks(
        monkeypatch, {"bench_a_crash": crashing, "bench_b_nan": malformed, "bench_c_fine": fine}
    )
    out_path = tmp_path / "results.json"
    assert bench_run.main(["--json", str(out_path)]) == 1
    captured = capsys.readouterr()
    assert "CRASH: RuntimeError: the sandbox did not start" in captured.out
    assert "not a finite positive number" in captured.out
    assert "fine" in captured.out
    document = json.loads(out_path.read_text())
    assert [error["module"] for error in document["errors"]] == ["bench_a_crash", "bench_b_nan"]
    assert [r["figure"] for r in document["results"]] == ["fine"]

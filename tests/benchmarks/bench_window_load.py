"""Issue 13's figures: many sends through the real window, for memory and for time.

(g) Memory growth per 1,000 API sends once the timeline is full (500 rows, the default cap),
    each answer 100 kB of JSON, with the flow diagram shown: the window's program memory
    (private, ``Private_*`` of smaps_rollup), sampled every 100 sends after the views have
    settled, a garbage collection and ``malloc_trim`` (freed heap handed back, so that only
    what is still held counts); the figure is the trend (Theil-Sen slope) over 2,000 sends,
    after 500 more to warm up. Target: under 1 MiB.
(h) 2,000 API sends through the window (the load test's way: the composer's send, then the
    answer in the viewer, the timeline and the flow diagram) against the same 2,000 through the
    model alone (``OAuthClient.call_api``), in the same process, to the same sandbox.
    Target: at most 2 times the model.

The window runs in a child process (offscreen); the servers run here, on loopback.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import sys
import time
from typing import Any

from tests.benchmarks.bench_gui import bench_servers, big_json_body
from tests.benchmarks.harness import (
    Result,
    private_memory_kib,
    run_child_figures,
    theil_sen_slope,
)

CHILD_FLAG = "--child"
RESPONSE_BYTES = 100 * 1024
TIMELINE_ROWS = 500
MEMORY_GROWTH_TARGET_MIB = 1.0
SENDS_PER_FIGURE = 1000
SPEED_SENDS = 2000
SPEED_TARGET = 2.0
MEMORY, SPEED = "memory", "speed"


def run(quick: bool) -> list[Result]:
    """Every figure of this module."""
    return [memory_figure(quick=quick), speed_figure(quick=quick)]


def memory_figure(*, quick: bool) -> Result:
    """(g): memory growth per 1,000 sends once the timeline is full."""
    with bench_servers(0.0, big_json_body(RESPONSE_BYTES)) as base_url:
        figures = _run_child(MEMORY, base_url + "/v3/token", base_url + "/contacts", quick=quick)
    return Result(
        f"GUI: memory growth per {SENDS_PER_FIGURE:,} sends, timeline full, 100 kB answers",
        # A trend can be flat or fall a little: a positive floor keeps the figure readable.
        ours=max(figures["growth_mib_per_1000"], 1e-3),
        baseline=None,
        target=MEMORY_GROWTH_TARGET_MIB,
        unit="MiB",
    )


def speed_figure(*, quick: bool) -> Result:
    """(h): sends through the window against the same sends through the model."""
    from workbench.sandbox import Sandbox

    with Sandbox(host="127.0.0.1", port=0, rate_limit=None) as sandbox:
        figures = _run_child(SPEED, sandbox.token_url, sandbox.url + "/v3/accounts", quick=quick)
    return Result(
        f"GUI: {figures['sends']:,} sends through the window",
        ours=figures["window_s"],
        baseline=figures["model_s"],
        target=SPEED_TARGET,
        baseline_name="the same through the model",
    )


def _run_child(what: str, token_url: str, api_url: str, *, quick: bool) -> dict[str, Any]:
    flags = ("--quick",) if quick else ()
    return run_child_figures(
        "tests.benchmarks.bench_window_load",
        CHILD_FLAG,
        what,
        token_url,
        api_url,
        *flags,
        timeout_s=900,
    )


# ---------------------------------------------------------------------------- the child


def _release_freed_heap() -> None:
    """Collect garbage and hand freed heap back to the system (glibc), so that memory figures
    count what is held, not what the allocator keeps for later."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: a little noisier
        ctypes.CDLL("libc.so.6").malloc_trim(0)


class _ChildWindow:
    """The real window in this (child) process, with a token from ``token_url``."""

    def __init__(self, token_url: str, *, timeline_rows: int) -> None:
        from PySide6.QtWidgets import QApplication

        from workbench.app import build_workbench
        from workbench.core.config import ClientConfig
        from workbench.core.secret import Secret

        self.app = QApplication([sys.argv[0]])
        self.workbench = build_workbench()
        self.window = window = self.workbench.window
        self.session = window.session
        window.timeline.max_entries = timeline_rows
        window.show()
        window.flowDiagramDock.show()
        self.config = ClientConfig(
            token_url=token_url,
            client_id="demo-client",
            client_secret=Secret("demo-secret"),  # the sandbox's obviously fake demo client
        )
        window.form.set_config(self.config)
        self.wait_for(self.session.token_changed, lambda: self.session.get_token(self.config))

    def wait_for(self, signal: Any, action: Any) -> None:
        """Run ``action`` from the event loop and run the loop until ``signal`` arrives."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(0, action)
        loop.exec()
        signal.disconnect(loop.quit)

    def send(self, request: Any, count: int) -> None:
        """``count`` sends of ``request`` through the composer, each to its answer; then until
        the window shows the last answer as a user sees it: in the viewer (Pretty and Raw
        filled), on top of the timeline and drawn in the flow diagram (the window updates at
        most once a frame, so the last frame of a burst is part of the time)."""
        composer, finished = self.window.composer, self.session.api_finished
        answers: list[Any] = []

        def keep(exchange: Any, _problem: Any) -> None:
            answers[:] = [exchange]

        finished.connect(keep)
        for _ in range(count):
            self.wait_for(finished, lambda: composer.send_requested.emit(request))
        finished.disconnect(keep)
        self.run_until(lambda: self.shows(answers[-1]))

    def shows(self, exchange: Any) -> bool:
        """Whether every part of the window shows ``exchange`` as the newest (read as drawn:
        the dock's ``diagram`` accessor would draw what waits for the frame's end)."""
        window = self.window
        entry = window.timeline.timeline_model().entry(0)
        arrows = window.flowDiagramDock.widget().arrows()
        return (
            window.viewer.exchange() is exchange
            and not window.viewer.is_loading()
            and entry is not None
            and entry.exchange is exchange
            and arrows[-1].exchange is exchange
        )

    def run_until(self, done: Any) -> None:
        """Run the event loop until ``done()`` (checked every millisecond)."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        timer = QTimer()
        timer.setInterval(1)
        timer.timeout.connect(lambda: loop.quit() if done() else None)
        timer.start()
        if not done():
            loop.exec()
        timer.stop()

    def settle(self) -> None:
        """Release freed memory (``send`` returns once the window shows the last answer)."""
        _release_freed_heap()

    def close(self) -> None:
        self.window.close()
        self.workbench.close()


def _child_memory(token_url: str, api_url: str, *, quick: bool) -> dict[str, Any]:
    """(g) in the child: the timeline full, then the trend of private memory."""
    from workbench.core.calls import ApiRequest
    from workbench.core.http import Exchange

    rows = 10 if quick else TIMELINE_ROWS
    if quick:  # the diagram's cap (500 exchanges) scaled down as the timeline's
        from workbench.ui import flow_diagram

        flow_diagram.MAX_ARROWS = 2 * rows
    child = _ChildWindow(token_url, timeline_rows=rows)
    request = ApiRequest("GET", api_url)
    child.send(request, 2 * rows)  # the timeline full, then as many again to warm up
    step = 5 if quick else 100
    samples = 6 if quick else 20
    child.settle()
    start_kib = private_memory_kib()
    sent, growth_mib = [], []
    for index in range(1, samples + 1):
        child.send(request, step)
        child.settle()
        sent.append(index * step)
        growth_mib.append((private_memory_kib() - start_kib) / 1024)
    figures = {
        "growth_mib_per_1000": theil_sen_slope(sent, growth_mib) * SENDS_PER_FIGURE,
        "growth_mib": growth_mib,
        "timeline_rows": child.window.timeline.count(),
        "exchanges_alive": sum(1 for thing in gc.get_objects() if isinstance(thing, Exchange)),
    }
    child.close()
    return figures


def _child_speed(token_url: str, api_url: str, *, quick: bool) -> dict[str, Any]:
    """(h) in the child: the same sends through the window and through the model."""
    from workbench.core.calls import ApiRequest
    from workbench.core.client import OAuthClient

    child = _ChildWindow(token_url, timeline_rows=TIMELINE_ROWS)
    request = ApiRequest("GET", api_url)
    token = child.session.token
    sends = 30 if quick else SPEED_SENDS
    client = OAuthClient()
    warm_up = 10 if quick else 200
    child.send(request, warm_up)
    for _ in range(warm_up):
        client.call_api(request, token)
    started = time.perf_counter()
    for _ in range(sends):
        client.call_api(request, token)
    model_s = time.perf_counter() - started
    started = time.perf_counter()
    child.send(request, sends)
    window_s = time.perf_counter() - started
    client.close()
    child.close()
    return {"sends": sends, "window_s": window_s, "model_s": model_s}


def _child_main(what: str, token_url: str, api_url: str, *, quick: bool) -> int:
    """Run in a fresh process: one scenario, its figures printed as JSON."""
    scenario = _child_memory if what == MEMORY else _child_speed
    print(json.dumps(scenario(token_url, api_url, quick=quick)), flush=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == CHILD_FLAG:
        sys.exit(_child_main(*sys.argv[2:5], quick="--quick" in sys.argv))
    for result in run(quick="--quick" in sys.argv):
        ratio = f" ratio {result.ratio:.2f}" if result.ratio is not None else ""
        print(f"{result.figure}: {result.ours:.4f} {result.unit}{ratio} target {result.target}")

"""Issue 13's figures: many sends through the real window, for memory and for time.

(g) Memory growth per 1,000 API sends once the timeline is full (500 rows, the default cap),
    each answer 100 kB of JSON, with the flow diagram shown: the window's program memory
    (private, ``Private_*`` of smaps_rollup), sampled every 100 sends after the views have
    settled, a garbage collection and ``malloc_trim`` (freed heap handed back, so that only
    what is still held counts); the figure is the trend (Theil-Sen slope) over 2,000 sends,
    after 500 more to warm up. Target: under 1 MiB.

The window runs in a child process (offscreen); the server runs here, on loopback.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import sys
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


def run(quick: bool) -> list[Result]:
    """Every figure of this module."""
    figures = _child_figures(quick=quick)
    return [
        Result(
            f"GUI: memory growth per {SENDS_PER_FIGURE:,} sends, timeline full, 100 kB answers",
            # A trend can be flat or fall a little: a positive floor keeps the figure readable.
            ours=max(figures["growth_mib_per_1000"], 1e-3),
            baseline=None,
            target=MEMORY_GROWTH_TARGET_MIB,
            unit="MiB",
        )
    ]


def _child_figures(*, quick: bool) -> dict[str, Any]:
    with bench_servers(0.0, big_json_body(RESPONSE_BYTES)) as base_url:
        flags = ("--quick",) if quick else ()
        return run_child_figures(
            "tests.benchmarks.bench_window_load", CHILD_FLAG, base_url, *flags, timeout_s=900
        )


# ---------------------------------------------------------------------------- the child


def _release_freed_heap() -> None:
    """Collect garbage and hand freed heap back to the system (glibc), so that memory figures
    count what is held, not what the allocator keeps for later."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: a little noisier
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _child_main(base_url: str, *, quick: bool) -> int:
    """Run in a fresh process: the real window, a token, then many sends of a 100 kB answer."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from workbench.app import build_workbench
    from workbench.core.calls import ApiRequest
    from workbench.core.config import ClientConfig
    from workbench.core.http import Exchange
    from workbench.core.secret import Secret

    app = QApplication([sys.argv[0]])
    rows = 20 if quick else TIMELINE_ROWS
    if quick:  # the diagram's cap (500 exchanges) scaled down as the timeline's
        from workbench.ui import flow_diagram

        flow_diagram.MAX_ARROWS = 2 * rows
    workbench = build_workbench()
    window = workbench.window
    session = window.session
    window.timeline.max_entries = rows
    window.show()
    window.flowDiagramDock.show()

    def wait_for(signal: Any, action: Any) -> None:
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(0, action)
        loop.exec()
        signal.disconnect(loop.quit)

    def settle() -> None:
        while window.viewer.is_loading():
            wait_for(window.viewer.views_ready, lambda: None)
        _release_freed_heap()

    config = ClientConfig(
        token_url=base_url + "/v3/token",
        client_id="bench-client",
        client_secret=Secret("bench-secret"),
    )
    window.form.set_config(config)
    wait_for(session.token_changed, lambda: session.get_token(config))
    request = ApiRequest("GET", base_url + "/contacts")

    def send(count: int) -> None:
        for _ in range(count):
            wait_for(session.api_finished, lambda: window.composer.send_requested.emit(request))

    send(2 * rows)  # the timeline full, then as many again to warm up
    step = 10 if quick else 100
    samples = 10 if quick else 20
    settle()
    start_kib = private_memory_kib()
    sent, growth_mib = [], []
    for index in range(1, samples + 1):
        send(step)
        settle()
        sent.append(index * step)
        growth_mib.append((private_memory_kib() - start_kib) / 1024)
    slope = theil_sen_slope(sent, growth_mib)
    exchanges_alive = sum(1 for thing in gc.get_objects() if isinstance(thing, Exchange))
    print(
        json.dumps(
            {
                "growth_mib_per_1000": slope * SENDS_PER_FIGURE,
                "growth_mib": growth_mib,
                "timeline_rows": window.timeline.count(),
                "exchanges_alive": exchanges_alive,
            }
        ),
        flush=True,
    )
    window.close()
    workbench.close()
    del app
    return 0


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == CHILD_FLAG:
        sys.exit(_child_main(sys.argv[2], quick="--quick" in sys.argv))
    for result in run(quick="--quick" in sys.argv):
        print(f"{result.figure}: {result.ours:.4f} {result.unit} target {result.target}")

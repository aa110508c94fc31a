"""Issue 11's paste figure: importing the largest accepted cURL command, or an oversized one,
never stalls the window's event loop for more than 100 ms.

The real window runs in a child process (offscreen). Each paste goes through the clipboard
and the window's own "Import cURL from clipboard" action, while a 10 ms timer measures the
event loop's largest lateness from just before the paste until the window is idle again
(the median of five pastes).
The commands: a request with a JSON body that fills the importer's 64 KiB cap
(``MAX_COMMAND_CHARS``; it lands in the composer), a token request of the same size, and one
character over the cap (refused with a message).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys

from tests.benchmarks.harness import Result

STALL_TARGET_S = 0.1
TIMER_INTERVAL_MS = 10
CHILD_FLAG = "--child"
PASTES = 5
"""Each command is pasted this many times; the median stall is reported (one stall can be
another process's doing on a busy machine)."""


def commands(max_chars: int) -> dict[str, str]:
    """The pasted commands, named for the table: each exactly as long as the name says."""
    api = (
        "curl -X POST https://api.example.invalid/v3/contacts "
        "-H 'Content-Type: application/json' -d '"
    )
    item = '{"email": "someone@example.invalid", "name": "Someone", "tags": ["a", "b"]}, '
    filler = max_chars - len(api) - len("[]'")
    body = "[" + (item * (filler // len(item) + 1))[: filler - 2] + "{}]"
    token = (
        "curl -u demo-client:demo-secret https://auth.example.invalid/v3/token "
        "-d grant_type=client_credentials -d 'audience="
    )
    return {
        "largest API request": (api + body + "'")[:max_chars],
        "largest token request": token + "a" * (max_chars - len(token) - 1) + "'",
        "oversized": api + body + "' " + "x" * (max_chars - len(api) - len(body)),
    }


def run(quick: bool) -> list[Result]:
    """The largest stall of each paste, measured in a child process running the window."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    pastes = "1" if quick else str(PASTES)
    completed = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.bench_paste", CHILD_FLAG, pastes],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    if completed.returncode != 0 or not lines:
        raise RuntimeError(f"paste child failed: {completed.stderr.strip()[-800:]}")
    figures: dict[str, float] = json.loads(lines[-1])
    return [
        Result(
            f"GUI: largest stall pasting the {name} cURL command",
            ours=max(stall_s, 1e-4),
            baseline=None,
            target=STALL_TARGET_S,
        )
        for name, stall_s in figures.items()
    ]


def _child_main(pastes: int) -> int:
    """The window, a lateness probe, and ``pastes`` pastes of each command."""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QAction, QGuiApplication
    from PySide6.QtWidgets import QApplication

    from tests.benchmarks.lateness import LatenessProbe, settle
    from workbench.app import build_workbench
    from workbench.core.calls import ApiRequest
    from workbench.core.curl.words import MAX_COMMAND_CHARS

    app = QApplication([sys.argv[0]])
    workbench = build_workbench()
    window = workbench.window
    window.show()
    paste = window.findChild(QAction, "pasteCurlAction")
    settle(300)
    figures: dict[str, float] = {}
    for name, command in commands(MAX_COMMAND_CHARS).items():
        QGuiApplication.clipboard().setText(command)
        stalls = []
        for _ in range(pastes):
            window.composer.set_request(ApiRequest("GET", ""))  # each paste starts afresh
            settle(200)
            with LatenessProbe(TIMER_INTERVAL_MS) as probe:
                settle(50)
                QTimer.singleShot(0, paste.trigger)
                settle(1000)  # the import, and whatever it starts (the body check, repaints)
            stalls.append(probe.largest_s)
        figures[name] = statistics.median(stalls)
        print(name, window.statusBar().currentMessage()[:120], file=sys.stderr)

    window.close()
    workbench.close()
    print(json.dumps(figures), flush=True)
    del app
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == CHILD_FLAG:
        sys.exit(_child_main(int(sys.argv[2])))
    for result in run(quick="--quick" in sys.argv):
        print(f"{result.figure}: {result.ours * 1000:.0f} ms (target {result.target * 1000:.0f})")

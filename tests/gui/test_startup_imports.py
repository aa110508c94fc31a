"""Opening the window loads neither the HTTP stack nor the JWT library (start-up cost, layering)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = """
import json, sys
from PySide6.QtWidgets import QApplication
from workbench.app import build_workbench

app = QApplication([])
workbench = build_workbench()
workbench.window.show()
app.processEvents()
loaded = sorted(name for name in sys.modules if name.split(".")[0] in sys.argv[1:])
workbench.window.close()
workbench.close()
print(json.dumps(loaded))
"""

HEAVY_TOP_LEVEL = (
    "requests",
    "urllib3",
    "jwt",
    "cryptography",
    "workbench.core.transport",
    "workbench.core.redact",
    "workbench.core.render",
)


def test_building_and_showing_the_window_imports_no_http_or_jwt_library() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    completed = subprocess.run(
        [sys.executable, "-c", PROBE, "requests", "urllib3", "jwt", "cryptography", "workbench"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    loaded = json.loads(completed.stdout.strip().splitlines()[-1])
    assert "workbench.ui.window.shell" in loaded  # the probe did build the window
    heavy = [name for name in loaded if name.startswith(HEAVY_TOP_LEVEL)]
    assert heavy == []

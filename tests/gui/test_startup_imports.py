"""What opening the window loads, and in which order (start-up cost, layering)."""

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
    # What the first exchange needs, not the first paint.
    "workbench.core.exchange_view",
    "workbench.core.json_format",
    "workbench.ui.response.json_highlighter",
    "workbench.ui.response.render_job",
    "workbench.ui.credentials.curl_dialog",
    "workbench.ui.window.exports",
    "workbench.ui.window.curl_import",
    "workbench.ui.window.closing",
    "email",
)
MODEL_PROBE = """
import json, sys
import workbench.app as app
app.import_the_model_first()
before_qt = [name for name in app.MODEL_FIRST if name in sys.modules]
print(json.dumps({"qt": [n for n in sys.modules if n.startswith("PySide6")], "model": before_qt}))
"""


def run_probe(code: str, *args: str) -> object:
    """Run ``code`` in a fresh interpreter (offscreen); the JSON of its last line."""
    completed = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_building_and_showing_the_window_imports_no_http_or_jwt_library() -> None:
    loaded = run_probe(PROBE, "requests", "urllib3", "jwt", "cryptography", "email", "workbench")
    assert isinstance(loaded, list)
    assert "workbench.ui.window.shell" in loaded  # the probe did build the window
    heavy = [name for name in loaded if name.startswith(HEAVY_TOP_LEVEL)]
    assert heavy == []


def test_the_application_imports_the_qt_free_model_before_pyside() -> None:
    """PySide6's import hook reads the source of every module imported after it."""
    from workbench.app import MODEL_FIRST

    found = run_probe(MODEL_PROBE)
    assert isinstance(found, dict)
    assert found["qt"] == [], "the model must not need Qt"
    assert found["model"] == list(MODEL_FIRST)

"""The screenshot script writes one real picture per story step."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

pytestmark = pytest.mark.gui

REPO_ROOT = Path(__file__).resolve().parents[2]
STEPS = (
    "demo-ready",
    "token-countdown",
    "send-200-pretty",
    "expired-401-explained",
    "expired-401-raw",
    "new-token-resend-200",
    "flow-diagram",
    "presenter-mode",
    "dark-theme-401-explained",
    "light-theme-401-explained",
    "saved-requests",
)


def test_screenshots_script_renders_each_step(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    completed = subprocess.run(
        [sys.executable, "-m", "tests.gui.screenshots", str(tmp_path)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    names = sorted(path.name for path in tmp_path.glob("*.png"))
    for step in STEPS:
        assert any(step in name for name in names), (step, names)
    for path in tmp_path.glob("*.png"):
        assert path.stat().st_size > 20_000, path  # a real picture, not a blank one
        image = QImage(str(path))
        if "presenter" in path.name or "saved-requests" in path.name:  # a projector's size
            assert (image.width(), image.height()) == (1280, 720)
        else:
            assert image.width() >= 1200
            assert image.height() >= 800
        # Not one flat colour: sample a column of pixels across the window.
        colours = {
            image.pixel(image.width() * column // 4, y)
            for column in (1, 2, 3)
            for y in range(0, image.height(), 7)
        }
        assert len(colours) > 5, path

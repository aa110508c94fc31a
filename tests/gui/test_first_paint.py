"""Work the first frame can do without (the window icon) runs just after the window's first
paint, once, in the order it was asked for."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QMainWindow

from workbench.app import _application_icon
from workbench.ui.first_paint import AfterFirstPaint

pytestmark = pytest.mark.gui


def test_callbacks_run_once_after_the_first_paint_in_order(qtbot: Any, qapp: Any) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    ran: list[str] = []
    after = AfterFirstPaint(window)
    after.then(lambda: ran.append("first"))
    after.then(lambda: ran.append("second"))
    qapp.processEvents()  # a hidden window is never painted: nothing runs
    assert ran == []
    window.show()
    qtbot.waitUntil(lambda: len(ran) == 2)
    window.repaint()  # a second paint, at once
    qapp.processEvents()
    assert ran == ["first", "second"]


def test_the_application_icon_draws_small_and_large(qapp: Any) -> None:
    icon = _application_icon()
    for size in (16, 48, 256):
        pixmap = icon.pixmap(size, size)
        assert not pixmap.isNull()
        assert pixmap.width() == size

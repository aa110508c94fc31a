"""The normal window (not presenting) on common screens, 1280x720 and 1920x1080: nothing that
matters is cut, scrolled sideways or pushed out of reach, in the demo and in a plain window."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QLineEdit,
    QTabWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from tests.gui.conftest import frames_settled
from tests.gui.test_presenter_fit import text_fits

pytestmark = pytest.mark.gui

WAIT_MS = 10_000
SCREENS = ((1280, 720), (1920, 1080))
MIN_TIMELINE_ROWS = 3


def shows_whole(edit: QLineEdit) -> str:
    """Empty when ``edit`` shows its whole text without scrolling it; else what is hidden."""
    text = edit.text()
    kept = edit.cursorPosition()
    edit.setCursorPosition(0)
    edit.repaint()  # a line edit scrolls its text when it paints
    start = edit.cursorRect().left()
    edit.setCursorPosition(len(text))
    edit.repaint()
    shown = edit.cursorRect().left() - start
    edit.setCursorPosition(kept)
    needed = edit.fontMetrics().horizontalAdvance(text)
    if shown < needed - 1:
        return f"{edit.objectName()} shows {shown} of the {needed} px of {text!r}"
    return ""


def tabs_fit(tabs: QTabWidget) -> str:
    """Empty when every tab's title shows in the tab bar without scrolling it."""
    bar = tabs.tabBar()
    cut = [bar.tabText(i) for i in range(bar.count()) if not bar.rect().contains(bar.tabRect(i))]
    return f"{tabs.objectName()} hides tabs {cut}" if cut else ""


def within_window(widget: QWidget) -> str:
    """Empty when ``widget`` is shown whole inside its window and not covered by a sibling."""
    if not widget.isVisible():
        return f"{widget.objectName()} is hidden"
    area = widget.rect()
    if not widget.visibleRegion().boundingRect().contains(area):
        return f"{widget.objectName()}: only {widget.visibleRegion().boundingRect()} of {area}"
    return ""


def cut_parts(window: Any, when: str) -> list[str]:
    """What the normal window cuts or hides now (once the layouts asked for have run)."""
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    QApplication.processEvents()
    problems = []
    for name in ("credentialScroll", "tokenScroll"):
        area = window.findChild(QAbstractScrollArea, name)
        if area.horizontalScrollBar().isVisible():
            problems.append(f"{name} scrolls sideways")
    composer, viewer, panel = window.composer, window.viewer, window.token_panel
    problems.append(shows_whole(composer.url_edit))
    problems.append(shows_whole(window.form.tokenUrlEdit))
    problems += [tabs_fit(tabs) for tabs in window.findChildren(QTabWidget) if tabs.isVisible()]
    for label in (viewer.status_label, panel.tokenCountdownLabel, panel.tokenStateLabel):
        problems.append(text_fits(label))
    saved = window.panes.saved_requests
    if saved.isVisible():
        problems.append(text_fits(saved.title_label))
    for button in (composer.send_button, composer.cancel_button, panel.getTokenButton):
        problems.append(within_window(button))
    toolbar = window.findChild(QToolBar, "mainToolBar")
    overflow = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    if overflow is not None and overflow.isVisible():
        problems.append("the toolbar hides commands behind »")
    timeline = window.timeline
    rows = timeline.viewport().height() // max(1, timeline.sizeHintForRow(0))
    if rows < MIN_TIMELINE_ROWS:
        problems.append(f"the timeline shows {rows} rows")
    return [f"{when}: {problem}" for problem in problems if problem]


def shown(window: Any, qtbot: Any, size: tuple[int, int]) -> Any:
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.size().width() == size[0], timeout=WAIT_MS)
    return window


@pytest.mark.parametrize("size", SCREENS, ids=lambda size: f"{size[0]}x{size[1]}")
def test_the_demo_window_shows_everything_whole(
    qtbot: Any, build: Any, sandbox: Any, size: tuple[int, int]
) -> None:
    window = shown(build(sandbox=sandbox).window, qtbot, size)
    session = window.session
    problems = cut_parts(window, "no token yet")
    with qtbot.waitSignal(session.token_changed, timeout=WAIT_MS):
        window.action("getToken").trigger()
    frames_settled(qtbot)
    with qtbot.waitSignal(session.api_finished, timeout=WAIT_MS):
        window.action("send").trigger()
    frames_settled(qtbot)
    window.expireNowButton.click()
    with qtbot.waitSignal(session.api_finished, timeout=WAIT_MS):
        window.action("send").trigger()
    frames_settled(qtbot)
    qtbot.waitUntil(lambda: not window.viewer.is_loading(), timeout=WAIT_MS)
    problems += cut_parts(window, "401 explained")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", SCREENS, ids=lambda size: f"{size[0]}x{size[1]}")
def test_a_plain_window_shows_everything_whole(
    qtbot: Any, build: Any, size: tuple[int, int]
) -> None:
    window = shown(build().window, qtbot, size)
    saved = window.panes.saved_requests
    assert saved.isVisible()
    # The GetResponse preset's starter collection: a long title beside three buttons.
    qtbot.waitUntil(lambda: saved.title_label.toolTip() == "GetResponse requests", timeout=WAIT_MS)
    problems = cut_parts(window, "started")
    assert not problems, "\n".join(problems)

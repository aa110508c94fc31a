"""Find in the Pretty and Raw views: Ctrl+F, Enter/F3 and Shift+Enter/Shift+F3, the match count,
Esc, a 20 MB body searched between events with a cap on the count."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.exchange_samples import REQUEST
from workbench.core.http import Exchange, ExchangeKind, HttpResponse
from workbench.ui.response.find import MAX_MATCHES
from workbench.ui.response.panel import TAB_EXPLAINED, TAB_PRETTY, TAB_RAW, ResponseViewer

pytestmark = pytest.mark.gui

WAIT_MS = 10_000
BODY = b'{"items": [{"name": "Ada"}, {"name": "ada"}, {"name": "Grace"}, {"name": "ADA"}]}'


def exchange(body: bytes) -> Exchange:
    return Exchange(
        kind=ExchangeKind.API,
        request=REQUEST,
        response=HttpResponse(
            status=200, reason="OK", headers=(("Content-Type", "application/json"),), body=body
        ),
        duration_s=0.01,
    )


@pytest.fixture
def viewer(qtbot: Any) -> ResponseViewer:
    widget = ResponseViewer()
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    with qtbot.waitSignal(widget.views_ready, timeout=WAIT_MS):
        widget.show_exchange(exchange(BODY), None)
    return widget


def searched(qtbot: Any, viewer: ResponseViewer, text: str) -> Any:
    finder = viewer.finder()
    finder.bar.edit.setText(text)
    qtbot.waitUntil(lambda: not finder.search.state().searching, timeout=WAIT_MS)
    return finder


def selection(view: Any) -> tuple[int, str]:
    cursor = view.textCursor()
    return cursor.selectionStart(), cursor.selectedText()


def test_find_counts_selects_and_wraps_in_either_direction(
    qtbot: Any, viewer: ResponseViewer
) -> None:
    viewer.tabs.setCurrentIndex(TAB_EXPLAINED)
    viewer.open_find()
    assert viewer.tabs.currentIndex() == TAB_PRETTY, "Ctrl+F searches a view of text"
    finder = searched(qtbot, viewer, "ada")
    assert finder.bar.isVisible()
    assert finder.bar.count_label.text() == "1 of 3"
    first = selection(viewer.pretty_view)
    assert first[1] == "Ada"
    edit = finder.bar.edit
    QTest.keySequence(edit, QKeySequence("Return"))
    assert finder.bar.count_label.text() == "2 of 3"
    QTest.keySequence(edit, QKeySequence("F3"))
    assert selection(viewer.pretty_view)[1] == "ADA"
    QTest.keySequence(edit, QKeySequence("F3"))
    assert selection(viewer.pretty_view) == first, "after the last, the first"
    QTest.keySequence(edit, QKeySequence("Shift+Return"))
    assert finder.bar.count_label.text() == "3 of 3", "before the first, the last"
    QTest.keySequence(edit, QKeySequence("Shift+F3"))
    assert finder.bar.count_label.text() == "2 of 3"


def test_match_case_no_match_and_esc(qtbot: Any, viewer: ResponseViewer) -> None:
    viewer.open_find()
    finder = searched(qtbot, viewer, "ada")
    finder.bar.case_check.setChecked(True)
    qtbot.waitUntil(lambda: not finder.search.state().searching, timeout=WAIT_MS)
    assert finder.bar.count_label.text() == "1 of 1"
    assert selection(viewer.pretty_view)[1] == "ada"
    searched(qtbot, viewer, "Babbage")
    assert finder.bar.count_label.text() == "No match"
    QTest.keySequence(finder.bar.edit, QKeySequence("Esc"))
    assert finder.bar.isHidden()
    assert QApplication.focusWidget() is viewer.pretty_view


def test_raw_is_searched_and_a_new_answer_counted_again(qtbot: Any, viewer: ResponseViewer) -> None:
    viewer.tabs.setCurrentIndex(TAB_RAW)
    viewer.open_find()
    finder = searched(qtbot, viewer, "HTTP/1.1")
    assert finder.search.state().matches == 2  # the request line and the status line
    viewer.tabs.setCurrentIndex(TAB_PRETTY)
    qtbot.waitUntil(lambda: not finder.search.state().searching, timeout=WAIT_MS)
    assert finder.bar.count_label.text() == "No match"
    with qtbot.waitSignal(viewer.views_ready, timeout=WAIT_MS):
        viewer.show_exchange(exchange(b'{"a": "HTTP/1.1", "b": "http/1.1"}'), None)
    qtbot.waitUntil(lambda: finder.search.state().matches == 2, timeout=WAIT_MS)


def test_a_20_mb_body_is_searched_between_events_and_the_count_capped(
    qtbot: Any, viewer: ResponseViewer
) -> None:
    item = b'{"id": 123456, "name": "contact name", "email": "someone@example.test"}'
    body = b'{"contacts": [' + b",".join([item] * (20 * 1024 * 1024 // len(item))) + b"]}"
    with qtbot.waitSignal(viewer.views_ready, timeout=WAIT_MS):
        viewer.show_exchange(exchange(body), None)
    turns: list[int] = []
    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(lambda: turns.append(viewer.finder().search.state().matches))
    timer.start()
    try:
        viewer.open_find()
        finder = searched(qtbot, viewer, "someone@")
    finally:
        timer.stop()
    counts = sorted(set(turns))
    assert len(counts) >= 2 and counts[0] < MAX_MATCHES, "the count grew between events"
    state = finder.search.state()
    assert state.capped and state.matches == MAX_MATCHES
    assert finder.bar.count_label.text() == f"1 of {MAX_MATCHES:,}+ (counting stops at 10,000)"
    view = viewer.pretty_view
    finder.previous()  # from the first, around to the last numbered
    assert finder.bar.count_label.text().startswith(f"{MAX_MATCHES:,} of")
    last = selection(view)[0]
    finder.next()
    assert selection(view)[1] == "someone@", "Next goes on past the matches numbered"
    assert selection(view)[0] > last

"""The timeline's filter: text, kind and status class; the selected row and the viewer stay on
the same exchange; new exchanges show only when the filter keeps them."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import frames_settled
from workbench.core.http import (
    Exchange,
    ExchangeKind,
    FailureKind,
    HttpRequest,
    HttpResponse,
    TransportFailure,
)
from workbench.core.problems import Problem, ProblemKind

pytestmark = pytest.mark.gui

WAIT_MS = 10_000


def made(kind: ExchangeKind, url: str, status: int | None) -> Exchange:
    response = None if status is None else HttpResponse(status=status, reason="", body=b"{}")
    failure = TransportFailure(FailureKind.REFUSED, "refused") if status is None else None
    return Exchange(
        kind=kind,
        request=HttpRequest("POST" if kind is ExchangeKind.TOKEN else "GET", url),
        response=response,
        failure=failure,
        duration_s=0.01,
    )


STORY = (
    made(ExchangeKind.TOKEN, "http://127.0.0.1:9/v3/token", 200),
    made(ExchangeKind.API, "http://127.0.0.1:9/v3/accounts", 200),
    made(ExchangeKind.API, "http://127.0.0.1:9/v3/contacts", 401),
    made(ExchangeKind.API, "http://127.0.0.1:9/v3/tags", 302),
    made(ExchangeKind.API, "http://127.0.0.1:9/v3/campaigns", 503),
    made(ExchangeKind.API, "http://127.0.0.1:9/v3/from-fields", None),
)
EXPIRED = Problem(
    kind=ProblemKind.TOKEN_EXPIRED,
    title="The access token has expired",
    explanation="",
    likely_cause="",
    suggested_action="",
)


@pytest.fixture
def window(build: Any, qtbot: Any) -> Any:
    built = build().window
    with qtbot.waitExposed(built):
        built.show()
    for exchange in STORY:
        problem = EXPIRED if exchange.response and exchange.response.status == 401 else None
        built.timeline.add_exchange(exchange, problem)
    return built


def shown_urls(window: Any) -> list[str]:
    timeline = window.timeline
    model = timeline.timeline_model()
    return [
        model.entry(row).exchange.request.url.rsplit("/", 1)[-1]
        for row in range(model.rowCount())
        if not timeline.isRowHidden(row, QModelIndex())
    ]


def choose(combo: Any, text: str) -> None:
    combo.setCurrentIndex(combo.findText(text))


def test_kind_status_and_text_each_narrow_the_rows(qtbot: Any, window: Any) -> None:
    bar = window.timeline_filter
    choose(bar.kind_combo, "Token")
    assert shown_urls(window) == ["token"]
    assert bar.count_label.text() == "1 of 6"
    choose(bar.kind_combo, "API")
    for status, urls in (
        ("2xx", ["accounts"]),
        ("3xx", ["tags"]),
        ("4xx", ["contacts"]),
        ("5xx", ["campaigns"]),
        ("Failed", ["from-fields"]),
    ):
        choose(bar.status_combo, status)
        assert shown_urls(window) == urls, status
    choose(bar.status_combo, "Any status")
    QTest.keyClicks(bar.text_edit, "EXPIRED")  # a problem's title counts, in any case
    qtbot.waitUntil(lambda: shown_urls(window) == ["contacts"], timeout=WAIT_MS)
    bar.text_edit.setText("v3/ta")
    qtbot.waitUntil(lambda: shown_urls(window) == ["tags"], timeout=WAIT_MS)
    bar.text_edit.clear()
    choose(bar.kind_combo, "Any kind")
    qtbot.waitUntil(lambda: len(shown_urls(window)) == 6, timeout=WAIT_MS)
    assert bar.count_label.text() == ""


def test_the_selected_row_stays_with_the_viewer_until_another_is_chosen(
    qtbot: Any, window: Any
) -> None:
    timeline, viewer, bar = window.timeline, window.viewer, window.timeline_filter
    assert timeline.select_exchange(STORY[2])  # contacts, 401
    assert viewer.exchange() is STORY[2]
    choose(bar.status_combo, "2xx")
    assert shown_urls(window) == ["contacts", "accounts", "token"], "the one shown stays"
    assert timeline.selected_exchange() is STORY[2] and viewer.exchange() is STORY[2]
    timeline.select_exchange(STORY[1])
    assert viewer.exchange() is STORY[1]
    assert shown_urls(window) == ["accounts", "token"], "left, it follows the filter"
    window.timeline.add_exchange(made(ExchangeKind.API, "http://127.0.0.1:9/v3/x", 404), None)
    window.timeline.add_exchange(made(ExchangeKind.API, "http://127.0.0.1:9/v3/y", 204), None)
    frames_settled(qtbot)
    assert shown_urls(window) == ["y", "accounts", "token"]
    assert bar.count_label.text() == "3 of 8"


def test_ctrl_shift_f_goes_to_the_filter_from_anywhere(qtbot: Any, window: Any) -> None:
    window.activateWindow()
    window.composer.url_edit.setFocus()
    QTest.keySequence(window.composer.url_edit, QKeySequence("Ctrl+Shift+F"))
    assert QApplication.focusWidget() is window.timeline_filter.text_edit

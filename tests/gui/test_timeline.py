"""The timeline: newest first, capped, selection opens an exchange."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt

from workbench.core.http import (
    Exchange,
    ExchangeKind,
    FailureKind,
    HttpRequest,
    HttpResponse,
    TransportFailure,
)
from workbench.core.problems import Problem, ProblemKind
from workbench.ui.timeline import (
    COLUMN_DURATION,
    COLUMN_STATUS,
    COLUMN_URL,
    COLUMNS,
    FITTED_COLUMN_SAMPLES,
    TimelineModel,
    TimelineView,
)

pytestmark = pytest.mark.gui

STARTED = 1_700_000_000.0


def exchange(
    number: int, *, status: int | None = 200, kind: ExchangeKind = ExchangeKind.API
) -> Exchange:
    request = HttpRequest(
        "POST" if kind is ExchangeKind.TOKEN else "GET", f"http://127.0.0.1:9/v3/n{number}"
    )
    if status is None:
        return Exchange(
            kind=kind,
            request=request,
            failure=TransportFailure(FailureKind.TIMEOUT, "read timed out"),
            started_wall=STARTED + number,
            duration_s=30.0,
        )
    return Exchange(
        kind=kind,
        request=request,
        response=HttpResponse(status=status, reason="OK"),
        started_wall=STARTED + number,
        duration_s=0.0424,
    )


@pytest.fixture
def timeline(qtbot: Any) -> TimelineView:
    view = TimelineView()
    qtbot.addWidget(view)
    return view


def row_texts(view: TimelineView, row: int) -> list[str]:
    model = view.model()
    return [model.index(row, column).data() for column in range(len(COLUMNS))]


def test_rows_are_newest_first_with_every_column(timeline: TimelineView) -> None:
    timeline.add_exchange(exchange(1, kind=ExchangeKind.TOKEN), None)
    timeline.add_exchange(exchange(2, status=401), None)
    timeline.add_exchange(exchange(3, status=None), None)
    timeline.list_pending()  # added within one frame: listed at its end, or now

    assert timeline.count() == 3
    titles = [timeline.model().headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert titles == list(COLUMNS)
    assert row_texts(timeline, 0) == [
        time.strftime("%H:%M:%S", time.localtime(STARTED + 3)),
        "API",
        "GET",
        "http://127.0.0.1:9/v3/n3",
        "timeout",
        "30000 ms",
    ]
    assert row_texts(timeline, 1)[4] == "401"
    assert row_texts(timeline, 2)[1:5] == ["Token", "POST", "http://127.0.0.1:9/v3/n1", "200"]
    assert row_texts(timeline, 2)[5] == "42 ms"


def test_cap_drops_the_oldest(timeline: TimelineView) -> None:
    timeline.max_entries = 5
    for number in range(12):
        timeline.add_exchange(exchange(number), None)
    timeline.list_pending()
    assert timeline.count() == 5
    paths = [row_texts(timeline, row)[3].rsplit("/", 1)[1] for row in range(5)]
    assert paths == ["n11", "n10", "n9", "n8", "n7"]
    timeline.max_entries = 2
    assert timeline.count() == 2
    assert row_texts(timeline, 1)[3].endswith("/n10")


def test_default_cap_keeps_the_newest_500(timeline: TimelineView) -> None:
    assert timeline.max_entries == 500
    for number in range(2000):
        timeline.add_exchange(exchange(number), None)
    timeline.list_pending()
    assert timeline.count() == 500
    assert row_texts(timeline, 0)[3].endswith("/n1999")
    assert row_texts(timeline, 499)[3].endswith("/n1500")


@pytest.mark.perf
def test_many_insertions_stay_fast(qtbot: Any, timeline: TimelineView) -> None:
    """Times the machine (``-m perf``; ``make bench`` times sends through the window)."""
    timeline.show()
    qtbot.waitExposed(timeline)
    started = time.perf_counter()
    for number in range(2000):
        timeline.add_exchange(exchange(number), None)
    assert time.perf_counter() - started < 5.0


def fitted_widths(view: TimelineView) -> dict[int, int]:
    header = view.header()
    return {column: header.sectionSize(column) for column in FITTED_COLUMN_SAMPLES}


def test_short_columns_fit_their_texts_and_the_url_takes_the_rest(
    qtbot: Any, timeline: TimelineView
) -> None:
    timeline.resize(900, 300)
    timeline.show()
    qtbot.waitExposed(timeline)
    before = fitted_widths(timeline)
    timeline.add_exchange(exchange(1), None)
    assert fitted_widths(timeline) == before, "a usual row fits the columns as they are"
    timeline.add_exchange(exchange(2, status=None), None)  # status "timeout", 30000 ms
    timeline.add_exchange(
        replace(exchange(3), response=HttpResponse(200, "OK", body=b"{}", truncated=True)), None
    )
    metrics = timeline.fontMetrics()
    header = timeline.header()
    for row in range(timeline.count()):
        for column in FITTED_COLUMN_SAMPLES:
            text = row_texts(timeline, row)[column]
            assert metrics.horizontalAdvance(text) < header.sectionSize(column), (row, text)
    assert header.sectionSize(COLUMN_URL) > 300
    assert header.length() <= timeline.viewport().width()


def test_a_column_the_user_sized_keeps_its_width(qtbot: Any, timeline: TimelineView) -> None:
    timeline.resize(900, 300)
    timeline.show()
    qtbot.waitExposed(timeline)
    header = timeline.header()
    header.resizeSection(COLUMN_STATUS, 30)  # as a drag of its edge does
    timeline.add_exchange(exchange(1, status=None), None)  # "timeout": wider than 30 px
    assert header.sectionSize(COLUMN_STATUS) == 30
    assert header.sectionSize(COLUMN_DURATION) > timeline.fontMetrics().horizontalAdvance(
        "30000 ms"
    ), "the others still fit their texts"


def test_a_narrow_timeline_keeps_the_url_in_view(qtbot: Any, timeline: TimelineView) -> None:
    timeline.add_exchange(exchange(1), None)
    timeline.resize(900, 200)
    timeline.show()
    qtbot.waitExposed(timeline)
    timeline.resize(200, 200)
    qtbot.waitUntil(
        lambda: timeline.header().sectionSize(COLUMN_URL) == timeline.header().minimumSectionSize()
    )


def test_selecting_a_row_emits_its_exchange_and_problem(qtbot: Any, timeline: TimelineView) -> None:
    problem = Problem(
        kind=ProblemKind.TOKEN_EXPIRED,
        title="The access token has expired",
        explanation="",
        likely_cause="",
        suggested_action="",
    )
    first, second = exchange(1), exchange(2, status=401)
    timeline.add_exchange(first, None)
    timeline.add_exchange(second, problem)
    timeline.list_pending()

    with qtbot.waitSignal(timeline.exchange_selected) as blocker:
        timeline.select_row(1)
    assert blocker.args == [first, None]

    with qtbot.waitSignal(timeline.exchange_selected) as blocker:
        timeline.select_row(0)
    assert blocker.args == [second, problem]

    # A new exchange on top shifts rows but is no new selection.
    with qtbot.assertNotEmitted(timeline.exchange_selected):
        timeline.add_exchange(exchange(3), None)
        timeline.list_pending()


def test_clicking_a_row_selects_it(qtbot: Any, timeline: TimelineView) -> None:
    timeline.add_exchange(exchange(1), None)
    timeline.add_exchange(exchange(2), None)
    timeline.list_pending()
    timeline.show()
    qtbot.waitExposed(timeline)
    rect = timeline.visualRect(timeline.model().index(1, 3))
    with qtbot.waitSignal(timeline.exchange_selected) as blocker:
        qtbot.mouseClick(
            timeline.viewport(),
            Qt.MouseButton.LeftButton,
            pos=rect.center(),
        )
    assert blocker.args[0].request.url.endswith("/n1")


def test_clear_and_names(timeline: TimelineView) -> None:
    timeline.add_exchange(exchange(1), None)
    timeline.clear()
    assert timeline.count() == 0
    assert timeline.objectName() == "timelineView"
    assert timeline.accessibleName()
    assert timeline.accessibleDescription()


def test_bodies_have_a_budget_and_the_newest_entry_always_stays(qtbot: Any) -> None:
    model = TimelineModel(max_entries=100, max_body_bytes=1000)
    for number in range(5):
        heavy = replace(exchange(number), response=HttpResponse(200, "OK", body=b"x" * 300))
        model.add(heavy, None)
    assert model.rowCount() == 3  # 3 x 300 B fit in 1000 B; the two oldest dropped
    assert model.body_bytes == 900
    assert model.entry(0).exchange.request.url.endswith("/n4")  # type: ignore[union-attr]
    huge = replace(exchange(9), response=HttpResponse(200, "OK", body=b"x" * 5000))
    model.add(huge, None)
    assert model.rowCount() == 1  # over budget alone, but the newest is never dropped
    assert model.body_bytes == 5000
    model.clear()
    assert model.body_bytes == 0


def test_urls_show_secret_query_parameters_masked(timeline: TimelineView) -> None:
    url = "http://127.0.0.1:9/v3/accounts?access_token=demo-token-1234&page=2&key=demo-key-99"
    sent = replace(
        exchange(1),
        request=HttpRequest("GET", url),
        secrets=("demo-key-99",),
    )
    timeline.add_exchange(sent, None)
    timeline.list_pending()

    model = timeline.model()
    shown = model.index(0, 3).data()
    tooltip = model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole)
    for text in (shown, tooltip):
        assert "demo-token-1234" not in text
        assert "demo-key-99" not in text
        assert text.startswith("http://127.0.0.1:9/v3/accounts?access_token=")
        assert "page=2" in text
    # The exchange itself keeps the URL exactly as sent (redaction is for display only).
    assert timeline.timeline_model().entry(0).exchange.request.url == url  # type: ignore[union-attr]

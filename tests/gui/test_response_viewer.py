"""The response viewer: status line, Explained, Pretty, Raw, Headers, big bodies without stalls."""

from __future__ import annotations

import gc
import itertools
import threading
import time
import weakref
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor

from tests.exchange_samples import EXPIRED, REQUEST, TOKEN
from workbench.core import exchange_view
from workbench.core.http import (
    Exchange,
    ExchangeKind,
    FailureKind,
    HttpResponse,
    TransportFailure,
)
from workbench.core.problems import Problem, ProblemKind
from workbench.core.sizes import format_size
from workbench.ui.response import render_job
from workbench.ui.response.panel import TAB_EXPLAINED, TAB_PRETTY, TAB_RAW, ResponseViewer
from workbench.ui.style import Tone, text_colour, tone_colour

pytestmark = pytest.mark.gui

EXPIRED_BODY = (
    '{\n    "httpStatus": 401,\n    "code": 1014,\n'
    '    "codeDescription": "Problem during authentication process, check headers!",\n'
    '    "message": "The access token provided is expired",\n'
    '    "moreInfo": "https://apidocs.getresponse.com/v3/errors/1014",\n'
    f'    "context": {{"sentToken": "{TOKEN}"}}\n}}'
).encode()


def expired_exchange() -> Exchange:
    return Exchange(
        kind=ExchangeKind.API,
        request=REQUEST,
        response=HttpResponse(
            status=401,
            reason="Unauthorized",
            headers=(
                ("Content-Type", "application/json"),
                ("Set-Cookie", "a=1"),
                ("Set-Cookie", "b=2"),
                ("X-RateLimit-Limit", "30000"),
            ),
            body=EXPIRED_BODY,
        ),
        duration_s=0.184,
        secrets=(TOKEN,),
    )


def ok_exchange(body: bytes, *, truncated: bool = False) -> Exchange:
    return Exchange(
        kind=ExchangeKind.API,
        request=REQUEST,
        response=HttpResponse(
            status=200,
            reason="OK",
            headers=(("Content-Type", "application/json"),),
            body=body,
            truncated=truncated,
        ),
        duration_s=0.05,
        secrets=(TOKEN,),
    )


@pytest.fixture
def viewer(qtbot: Any) -> ResponseViewer:
    widget = ResponseViewer()
    qtbot.addWidget(widget)
    return widget


def show_and_wait(qtbot: Any, viewer: ResponseViewer, exchange: Exchange, **kwargs: Any) -> None:
    with qtbot.waitSignal(viewer.views_ready, timeout=kwargs.get("timeout", 5000)):
        viewer.show_exchange(exchange, kwargs.get("problem"))


def test_success_opens_pretty_with_indented_json(qtbot: Any, viewer: ResponseViewer) -> None:
    body = b'{"accountId":"abc","tags":[1,2.50,true,null],"empty":{}}'
    show_and_wait(qtbot, viewer, ok_exchange(body))

    assert viewer.tabs.currentIndex() == TAB_PRETTY
    assert viewer.pretty_view.toPlainText() == (
        '{\n  "accountId": "abc",\n  "tags": [\n    1,\n    2.50,\n    true,\n    null\n  ],\n'
        '  "empty": {}\n}'
    )
    assert viewer.highlighter.document() is viewer.pretty_view.document()
    assert viewer.status_label.text() == f"HTTP/1.1 200 OK · 50 ms · {len(body)} B"
    assert text_colour(viewer.status_label) == tone_colour(Tone.SUCCESS)
    assert "the API accepted the request" in viewer.problem_view.toPlainText()
    assert viewer.resend_button.isHidden()


def test_highlighter_colours_keys_strings_numbers_and_literals(
    qtbot: Any, viewer: ResponseViewer
) -> None:
    show_and_wait(qtbot, viewer, ok_exchange(b'{"key": "text", "n": -1.5e3, "b": false}'))
    block = viewer.pretty_view.document().findBlockByNumber(1)  # '  "key": "text",'
    colours = {
        block.text()[r.start : r.start + r.length]: r.format.foreground().color()
        for r in block.layout().formats()
    }
    assert set(colours) == {'"key"', '"text"'}
    assert colours['"key"'] != colours['"text"']
    number_line = viewer.pretty_view.document().findBlockByNumber(2)
    assert [
        number_line.text()[r.start : r.start + r.length] for r in number_line.layout().formats()
    ] == [
        '"n"',
        "-1.5e3",
    ]
    assert all(isinstance(c, QColor) for c in colours.values())


def test_expired_token_opens_explained_with_resend(qtbot: Any, viewer: ResponseViewer) -> None:
    show_and_wait(qtbot, viewer, expired_exchange(), problem=EXPIRED)

    assert viewer.tabs.currentIndex() == TAB_EXPLAINED
    text = viewer.problem_view.toPlainText()
    for part in (EXPIRED.title, EXPIRED.likely_cause, EXPIRED.suggested_action, "HTTP 401"):
        assert part in text
    assert "For developers: provider code 1014" in text
    assert "https://apidocs.getresponse.com/v3/errors/1014" in viewer.problem_view.toHtml()
    assert (
        viewer.status_label.text() == f"HTTP/1.1 401 Unauthorized · 184 ms · {len(EXPIRED_BODY)} B"
    )
    assert text_colour(viewer.status_label) == tone_colour(Tone.CLIENT_ERROR)
    assert not viewer.resend_button.isHidden()
    with qtbot.waitSignal(viewer.resend_with_new_token_requested):
        viewer.resend_button.click()


def test_other_problems_hide_resend_and_own_wording_is_marked(
    qtbot: Any, viewer: ResponseViewer
) -> None:
    show_and_wait(qtbot, viewer, expired_exchange(), problem=EXPIRED)
    blocked = Problem(
        kind=ProblemKind.FORBIDDEN,
        title="The API is blocked for this account",
        explanation="x",
        likely_cause="y",
        suggested_action="z",
        code="1016",
        wording_is_ours=True,
    )
    show_and_wait(qtbot, viewer, expired_exchange(), problem=blocked)
    assert viewer.resend_button.isHidden()
    assert "the workbench's own" in viewer.problem_view.toPlainText()


def test_transport_failure_shows_no_answer(qtbot: Any, viewer: ResponseViewer) -> None:
    refused = Exchange(
        kind=ExchangeKind.API,
        request=REQUEST,
        failure=TransportFailure(FailureKind.REFUSED, "[Errno 111] Connection refused"),
        duration_s=0.003,
    )
    show_and_wait(qtbot, viewer, refused)
    assert viewer.status_label.text() == "No answer: connection refused · 3 ms"
    assert text_colour(viewer.status_label) == tone_colour(Tone.FAILURE)
    assert viewer.tabs.currentIndex() == TAB_EXPLAINED
    assert "Connection refused" in viewer.problem_view.toPlainText()
    assert viewer.pretty_view.toPlainText() == ""
    assert "[transport failure: refused]" in viewer.raw_view.toPlainText()


def test_a_failure_message_never_shows_a_password_or_token(
    qtbot: Any, viewer: ResponseViewer
) -> None:
    message = "refused: https://alice:hunter2pass@api.example.com/v3/accounts?access_token=t0k3n"
    failed = Exchange(
        kind=ExchangeKind.API,
        request=REQUEST,
        failure=TransportFailure(FailureKind.PROTOCOL, message),
        duration_s=0.003,
    )
    show_and_wait(qtbot, viewer, failed)
    shown = viewer.problem_view.toPlainText() + viewer.status_label.text()
    assert "api.example.com" in shown
    assert "hunter2pass" not in shown
    assert "t0k3n" not in shown


def test_raw_masks_the_token_and_reveals_the_body_byte_for_byte(
    qtbot: Any, viewer: ResponseViewer
) -> None:
    show_and_wait(qtbot, viewer, expired_exchange(), problem=EXPIRED)
    masked = viewer.raw_view.toPlainText()
    assert TOKEN not in masked
    assert "GET /v3/accounts HTTP/1.1" in masked
    assert "Authorization: Bearer ••••••" in masked
    assert '"sentToken": "••••••"' in masked  # the JSON keeps its shape
    assert TOKEN not in viewer.pretty_view.toPlainText()
    assert all(TOKEN not in viewer.headers_view.item(r, 2).text() for r in range(7))

    with qtbot.waitSignal(viewer.views_ready):
        viewer.reveal_check.click()
    revealed = viewer.raw_view.toPlainText()
    assert EXPIRED_BODY.decode() in revealed
    assert f"Authorization: Bearer {TOKEN}" in revealed
    assert viewer.headers_view.item(1, 2).text() == f"Bearer {TOKEN}"


def test_headers_table_keeps_order_and_duplicates(qtbot: Any, viewer: ResponseViewer) -> None:
    show_and_wait(qtbot, viewer, expired_exchange(), problem=EXPIRED)
    table = viewer.headers_view
    rows = [
        tuple(table.item(row, column).text() for column in range(3))
        for row in range(table.rowCount())
    ]
    assert rows == [
        ("Request", "Host", "127.0.0.1:9"),
        ("Request", "Authorization", "Bearer ••••••"),
        ("Request", "Accept", "*/*"),
        ("Response", "Content-Type", "application/json"),
        ("Response", "Set-Cookie", "a=••••••"),
        ("Response", "Set-Cookie", "b=••••••"),
        ("Response", "X-RateLimit-Limit", "30000"),
    ]


def test_header_names_fit_their_column_and_the_user_may_resize_it(
    qtbot: Any, viewer: ResponseViewer
) -> None:
    long_name = "X-A-Rather-Long-Provider-Specific-Header-Name"
    answer = ok_exchange(b"{}")
    assert answer.response is not None
    headers = (*answer.response.headers, (long_name, "1"))
    answer = replace(answer, response=replace(answer.response, headers=headers))
    show_and_wait(qtbot, viewer, answer)
    header = viewer.headers_view.horizontalHeader()
    metrics = viewer.headers_view.fontMetrics()
    assert header.sectionSize(1) > metrics.horizontalAdvance(long_name)
    header.resizeSection(1, 40)
    assert header.sectionSize(1) == 40


def test_truncated_body_says_where_it_was_cut(qtbot: Any, viewer: ResponseViewer) -> None:
    body = b'{"items": [' + b",".join(b'{"id": %d}' % i for i in range(300))
    show_and_wait(qtbot, viewer, ok_exchange(body, truncated=True))
    note = viewer.pretty_note.text()
    assert f"cut at {format_size(len(body))}" in note
    assert not viewer.pretty_note.isHidden()
    assert viewer.pretty_view.toPlainText().startswith('{\n  "items": [\n    {\n      "id": 0\n')
    assert "body cut at the size cap" in viewer.status_label.text()
    assert f"[body truncated at {len(body)} bytes]" in viewer.raw_view.toPlainText()


def test_a_body_cut_inside_one_huge_string_shows_its_start(
    qtbot: Any, viewer: ResponseViewer
) -> None:
    body = b'{"data": "' + b"x" * 300_000
    show_and_wait(qtbot, viewer, ok_exchange(body, truncated=True))
    shown = viewer.pretty_view.toPlainText()
    assert shown.startswith('{\n  "data": "xxxxxxxx')
    assert len(shown) > 10_000


def test_invalid_json_is_shown_as_received(qtbot: Any, viewer: ResponseViewer) -> None:
    show_and_wait(qtbot, viewer, ok_exchange(b'{"a": 1,,}'))
    assert viewer.pretty_view.toPlainText() == '{"a": 1,,}'
    assert "Not valid JSON (line 1 col 9" in viewer.pretty_note.text()
    assert viewer.highlighter.document() is None


def big_json(size_bytes: int) -> bytes:
    item = b'{"id": 123456, "name": "contact name", "email": "someone@example.test", "on": true}'
    count = size_bytes // (len(item) + 1) + 1
    return b'{"contacts": [' + b",".join([item] * count) + b"]}"


def test_a_20_mb_json_body_is_shown_quickly(qtbot: Any, viewer: ResponseViewer) -> None:
    body = big_json(20 * 1024 * 1024)
    with qtbot.waitSignal(viewer.views_ready, timeout=5000):
        viewer.show_exchange(ok_exchange(body), None)
    shown = viewer.pretty_view.toPlainText()
    assert shown.startswith('{\n  "contacts": [\n    {\n      "id": 123456,\n')
    assert len(shown) >= exchange_view.PRETTY_DISPLAY_CHARS
    assert "Showing the start of a 20.0 MiB JSON document" in viewer.pretty_note.text()
    assert "Colours cover the first 256 KiB." in viewer.pretty_note.text()
    document = viewer.pretty_view.document()
    assert viewer.highlighter.document() is document
    assert document.findBlockByNumber(3).layout().formats()  # '      "id": 123456,'
    tail = document.findBlock(2 * exchange_view.HIGHLIGHT_LIMIT_CHARS)
    assert tail.text().strip() and not tail.layout().formats()
    assert "The response body is shown up to 64 KiB of 20.0 MiB" in viewer.raw_note.text()
    assert len(viewer.raw_view.toPlainText()) < 200 * 1024
    assert viewer.status_label.text() == "HTTP/1.1 200 OK · 50 ms · 20.0 MiB"


def test_a_superseded_big_body_stops_and_never_overwrites(
    qtbot: Any, viewer: ResponseViewer
) -> None:
    viewer.show_exchange(ok_exchange(big_json(20 * 1024 * 1024)), None)
    with qtbot.waitSignal(viewer.views_ready, timeout=5000):
        viewer.show_exchange(ok_exchange(b'{"second": true}'), None)
    qtbot.waitUntil(lambda: not render_job.shared_relay().running, timeout=5000)
    assert viewer.pretty_view.toPlainText() == '{\n  "second": true\n}'


def test_a_stale_result_arriving_late_is_dropped(
    qtbot: Any, viewer: ResponseViewer, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = ok_exchange(b'{"first": true}')
    release_first = threading.Event()
    real_render_raw = exchange_view.render_raw

    def slow_for_first(exchange: Exchange, **kwargs: Any) -> Any:
        if exchange is first:
            release_first.wait(5)  # the pool job's result arrives after the second one's
        return real_render_raw(exchange, **kwargs)

    monkeypatch.setattr(exchange_view, "render_raw", slow_for_first)
    viewer.show_exchange(first, None)
    with qtbot.waitSignal(viewer.views_ready, timeout=5000):
        viewer.show_exchange(ok_exchange(b'{"second": true}'), None)
    release_first.set()
    qtbot.waitUntil(lambda: not render_job.shared_relay().running, timeout=5000)
    assert viewer.raw_view.toPlainText().endswith('{"second": true}')
    assert viewer.pretty_view.toPlainText() == '{\n  "second": true\n}'


def test_a_finished_render_job_and_its_exchange_are_freed(
    qtbot: Any, viewer: ResponseViewer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Qt's pool drops a job once it has run: nothing keeps the exchange it rendered."""
    jobs: list[weakref.ref[Any]] = []
    real_pool_task = render_job.pool_task

    def recorded_pool_task(work: Any, *args: Any) -> Any:
        job = real_pool_task(work, *args)
        jobs.extend((weakref.ref(work), weakref.ref(job)))
        return job

    monkeypatch.setattr(render_job, "pool_task", recorded_pool_task)
    exchanges = [ok_exchange(b'{"n": %d}' % n) for n in range(3)]
    for exchange in exchanges:
        show_and_wait(qtbot, viewer, exchange)
    with qtbot.waitSignal(viewer.views_ready):
        viewer.reveal_check.click()  # a toggle renders Raw again
    freed = [weakref.ref(exchange) for exchange in exchanges]
    del exchange, exchanges
    viewer.clear()
    qtbot.waitUntil(lambda: not render_job.shared_relay().running)

    def all_freed() -> bool:
        gc.collect()  # a pool thread lets go of its job just after delivering its result
        return all(ref() is None for ref in (*jobs, *freed))

    qtbot.waitUntil(all_freed)
    assert len(jobs) == 2 * 4


def test_a_viewer_dropped_while_raw_renders_is_freed_at_once_on_the_gui_thread(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A render job holds its viewer weakly: the viewer goes when nothing else holds it, on
    the GUI thread, never later on a pool thread (where deleting a widget crashes)."""
    rendering, release = threading.Event(), threading.Event()
    real_render_raw = exchange_view.render_raw

    def held_render_raw(exchange: Exchange, **kwargs: Any) -> Any:
        rendering.set()
        release.wait(20)  # longer than the wait for the viewer to go
        return real_render_raw(exchange, **kwargs)

    monkeypatch.setattr(exchange_view, "render_raw", held_render_raw)
    viewer = ResponseViewer()
    viewer.show_exchange(ok_exchange(b'{"a": 1}'), None)
    assert rendering.wait(5)
    gone = weakref.ref(viewer)
    del viewer

    def freed() -> bool:
        gc.collect()
        return gone() is None

    try:  # Pretty's steps finish meanwhile; Raw's job stays held until released
        qtbot.waitUntil(freed, timeout=5000)
    finally:
        release.set()
    qtbot.waitUntil(lambda: not render_job.shared_relay().running)


def event_loop_turns_while_shown(qtbot: Any, viewer: ResponseViewer, body: bytes) -> list[float]:
    """The moments a zero-interval timer fired (once per event-loop turn) while ``body`` was
    formatted and put into the views."""
    turns: list[float] = []
    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(lambda: turns.append(time.perf_counter()))
    timer.start()
    try:
        with qtbot.waitSignal(viewer.views_ready, timeout=10000):
            viewer.show_exchange(ok_exchange(body), None)
    finally:
        timer.stop()
    return turns


def test_a_big_body_is_prepared_between_events(qtbot: Any, viewer: ResponseViewer) -> None:
    """Formatting and filling run in short steps: the event loop keeps turning all along."""
    turns = event_loop_turns_while_shown(qtbot, viewer, big_json(20 * 1024 * 1024))
    # Done in one go, the work would leave the loop a turn or two; in steps, many.
    assert len(turns) >= 10
    assert viewer.pretty_view.document().characterCount() > exchange_view.PRETTY_DISPLAY_CHARS


@pytest.mark.perf
def test_no_turn_of_the_event_loop_waits_long_for_a_big_body(
    qtbot: Any, viewer: ResponseViewer
) -> None:
    """Times the machine (``-m perf``; ``make bench`` measures the same as a figure)."""
    turns = event_loop_turns_while_shown(qtbot, viewer, big_json(20 * 1024 * 1024))
    # Steps last a few ms; a worker thread formatting in Python held the GUI up for 300 ms.
    assert max(b - a for a, b in itertools.pairwise(turns)) < 0.15


def test_progress_bar_determinate_busy_and_hidden(qtbot: Any, viewer: ResponseViewer) -> None:
    bar = viewer.progress_bar
    assert bar.isHidden()
    viewer.show_progress(512, 2048)
    assert not bar.isHidden()
    assert (bar.minimum(), bar.maximum(), bar.value()) == (0, 1000, 250)
    viewer.show_progress(4096, None)
    assert (bar.minimum(), bar.maximum()) == (0, 0)
    viewer.show_progress(2048, 2048)
    assert bar.isHidden()
    viewer.show_progress(10, None)
    show_and_wait(qtbot, viewer, ok_exchange(b"{}"))
    assert bar.isHidden()


def test_clear_forgets_everything(qtbot: Any, viewer: ResponseViewer) -> None:
    show_and_wait(qtbot, viewer, expired_exchange(), problem=EXPIRED)
    viewer.clear()
    assert viewer.exchange() is None
    assert viewer.raw_view.toPlainText() == ""
    assert viewer.headers_view.rowCount() == 0
    assert viewer.resend_button.isHidden()
    assert viewer.status_label.text() == "No response yet"


def test_widgets_are_named_for_people_and_tests(viewer: ResponseViewer) -> None:
    for name in (
        "responseStatusLabel",
        "responseTabs",
        "problemView",
        "resendWithNewTokenButton",
        "prettyView",
        "rawView",
        "revealSecretsCheck",
        "headersView",
        "downloadProgressBar",
    ):
        widget = viewer.findChild(object, name)
        assert widget is not None, name
        assert widget.accessibleName(), name
        assert widget.accessibleDescription(), name
    assert [viewer.tabs.tabText(i) for i in range(4)] == ["Explained", "Pretty", "Raw", "Headers"]
    assert viewer.raw_view.isReadOnly() and viewer.pretty_view.isReadOnly()


def test_secrets_in_a_big_body_are_masked_in_pretty(qtbot: Any, viewer: ResponseViewer) -> None:
    filler = b",".join(b'{"id": %d}' % i for i in range(40000))  # well over the whole-body limit
    body = (
        b'{"items": [' + filler + b'], "access_token": "other-secret-value", '
        b'"echo": "' + TOKEN.encode() + b'"}'
    )
    assert len(body) > exchange_view.REDACT_WHOLE_LIMIT_BYTES
    show_and_wait(qtbot, viewer, ok_exchange(body))
    shown = viewer.pretty_view.toPlainText()
    assert shown.endswith('  "access_token": "••••••",\n  "echo": "••••••"\n}')
    assert TOKEN not in shown
    assert "other-secret-value" not in shown


def test_raw_never_breaks_a_line_and_scrolls_sideways_instead(
    qtbot: Any, viewer: ResponseViewer
) -> None:
    envelope = (
        b'{"httpStatus":401,"code":1014,"codeDescription":"Problem during authentication '
        b'process, check headers!","message":"The access token provided is expired"}'
    )
    viewer.resize(500, 400)
    viewer.show()
    qtbot.waitExposed(viewer)
    show_and_wait(qtbot, viewer, ok_exchange(envelope))
    viewer.tabs.setCurrentIndex(TAB_RAW)
    raw = viewer.raw_view
    block = raw.document().firstBlock()
    while block.isValid():
        assert block.layout().lineCount() == 1, f"broken: {block.text()[:60]!r}"
        block = block.next()
    assert "authentication process" in raw.toPlainText()
    assert raw.horizontalScrollBar().maximum() > 0, "the long line scrolls sideways"
    assert viewer.pretty_view.lineWrapMode() != raw.lineWrapMode(), "only Raw scrolls"

"""Updates coalesced to one a frame: a lone change shows at once, a burst shows as it ends."""

from __future__ import annotations

from typing import Any

import pytest

from tests.gui.conftest import frames_settled, make_exchange
from workbench.core.http import ExchangeKind
from workbench.ui.frames import FrameClock, FrameThrottle, FrameValue, frame_clock
from workbench.ui.timeline import TimelineView

pytestmark = pytest.mark.gui


def test_a_lone_change_applies_at_once_and_a_burst_once_at_the_next_frame(qtbot: Any) -> None:
    clock = FrameClock(frame_ms=50, max_frame_ms=50)
    applied: list[int] = []
    state = [0]
    throttle = FrameThrottle(lambda: applied.append(state[0]), clock=clock)
    state[0] = 1
    throttle.request()
    assert applied == [1], "nothing ran lately: at once"
    qtbot.waitUntil(lambda: not clock._idle.isActive(), timeout=2000)  # the frame ended
    for value in range(2, 30):
        state[0] = value
        throttle.request()
    assert applied == [1] and throttle.is_pending()
    qtbot.waitUntil(clock.is_settled, timeout=2000)
    assert applied == [1, 29], "once, with the last state"


def test_throttles_asked_in_one_event_apply_together_and_flush_applies_now(qtbot: Any) -> None:
    clock = FrameClock(frame_ms=50, max_frame_ms=50)
    order: list[str] = []
    first = FrameThrottle(lambda: order.append("first"), clock=clock)
    second = FrameThrottle(lambda: order.append("second"), clock=clock)
    first.request()
    second.request()  # the frame the first opened is still open: applies too
    assert order == ["first", "second"]
    qtbot.waitUntil(lambda: not clock._idle.isActive(), timeout=2000)
    first.request()
    second.request()
    assert order == ["first", "second"]
    second.flush()
    assert order == ["first", "second", "second"], "flushed: now, the other still waits"
    qtbot.waitUntil(clock.is_settled, timeout=2000)
    assert order == ["first", "second", "second", "first"]


def test_a_busy_value_shows_busy_at_once_and_idle_only_if_it_lasts(qtbot: Any) -> None:
    shown: list[bool] = []
    clock = FrameClock(frame_ms=200, max_frame_ms=200)
    value = FrameValue(shown.append, False, clock, at_once=bool, clock=clock)
    value.set(True)
    assert shown == [True], "busy: at once"
    value.set(False)
    assert shown == [True, False], "idle after a quiet while: at once too"
    qtbot.waitUntil(lambda: not clock._idle.isActive(), timeout=2000)  # that frame ended
    value.set(True)
    value.set(False)  # a burst: idle, then busy again within the frame
    value.set(True)
    qtbot.waitUntil(clock.is_settled, timeout=2000)
    assert shown == [True, False, True], "never flipped to idle and back"
    value.set(False)
    qtbot.waitUntil(lambda: shown == [True, False, True, False], timeout=2000)


def test_a_burst_of_exchanges_lists_every_one_and_ends_with_the_last_on_top(qtbot: Any) -> None:
    timeline = TimelineView(max_entries=20)
    qtbot.addWidget(timeline)
    timeline.show()
    qtbot.waitExposed(timeline)
    listed: list[int] = []
    timeline.rows_listed.connect(listed.append)
    sent = [make_exchange(ExchangeKind.API, 200 + n % 3) for n in range(50)]
    for exchange in sent:
        timeline.add_exchange(exchange, None)
    frames_settled(qtbot)
    assert timeline.count() == 20
    model = timeline.timeline_model()
    assert [model.entry(row).exchange for row in range(20)] == sent[::-1][:20]
    assert sum(listed) == len(sent) and len(listed) <= len(sent)
    assert frame_clock().is_settled()

"""The demo's sandbox controls: a clock the sandbox refuses to move is said, not raised."""

from __future__ import annotations

from typing import Any

import pytest

from workbench.sandbox.clock import MAX_OFFSET_S, TEN_YEARS_S, SandboxClock
from workbench.ui.window.demo_sandbox import DemoSandbox

pytestmark = pytest.mark.gui


class ClockOnly:
    """The sandbox's time controls over a real sandbox clock."""

    def __init__(self) -> None:
        self.clock = SandboxClock()

    def expire_all(self) -> int:
        return 0

    def advance_clock(self, seconds: float) -> None:
        self.clock.advance(seconds)

    def set_token_ttl(self, seconds: int) -> None:
        del seconds


def test_advancing_past_a_century_is_said_in_the_status_bar(qtbot: Any) -> None:
    sandbox = ClockOnly()
    demo = DemoSandbox(sandbox)
    for _ in range(MAX_OFFSET_S // TEN_YEARS_S):
        demo.advance(TEN_YEARS_S)
    with qtbot.waitSignal(demo.status_message) as said:
        demo.advance(60)
    assert said.args[0].startswith("The sandbox's clock did not move: ")
    assert "century" in said.args[0]
    assert sandbox.clock.offset_s == MAX_OFFSET_S

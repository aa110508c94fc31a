"""The token panel: countdown from the deadline, colours, masking, JWT claims, skew."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import FAKE_TOKEN_VALUE, make_token
from workbench.core.clock import ManualClock
from workbench.core.problems import Problem, ProblemKind
from workbench.ui.style import text_colour
from workbench.ui.token_panel import (
    EXPIRED_TEXT,
    UNKNOWN_TEXT,
    TokenPanel,
    TokenState,
    exp_comparison_text,
    skew_text,
)

pytestmark = pytest.mark.gui


@pytest.fixture
def panel(qtbot: Any, manual_clock: ManualClock) -> TokenPanel:
    widget = TokenPanel(clock=manual_clock)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_no_token_shows_placeholder(panel: TokenPanel) -> None:
    assert panel.tokenCountdownLabel.text() == "--:--:--"
    assert panel.state is TokenState.NONE
    assert not panel.copyTokenButton.isEnabled()


def test_countdown_shows_hh_mm_ss_and_follows_the_clock(
    panel: TokenPanel, manual_clock: ManualClock
) -> None:
    panel.set_token(make_token(manual_clock, expires_in_s=3725))
    assert panel.tokenCountdownLabel.text() == "01:02:05"
    assert panel.tokenExpiryBar.value() == panel.tokenExpiryBar.maximum()
    manual_clock.advance(5)
    panel.refresh()
    assert panel.tokenCountdownLabel.text() == "01:02:00"
    assert panel.state is TokenState.FRESH


def test_countdown_is_right_after_the_event_loop_was_blocked_3_s(
    qtbot: Any, panel: TokenPanel, manual_clock: ManualClock
) -> None:
    """The timer only repaints: 3 s pass while no event is processed, the label jumps 3 s."""
    panel.set_token(make_token(manual_clock, expires_in_s=60))
    assert panel.tokenCountdownLabel.text() == "00:01:00"
    # The event loop is blocked (this test holds it) while 3 s pass on the panel's clock.
    manual_clock.advance(3.0)
    assert panel.tokenCountdownLabel.text() == "00:01:00"  # nothing repainted while blocked
    ticks: list[str] = []
    panel._timer.timeout.connect(lambda: ticks.append(panel.tokenCountdownLabel.text()))
    qtbot.waitUntil(lambda: len(ticks) >= 1, timeout=2000)
    # The first repaint after the block shows the true time left, not 59 (no drift).
    assert ticks[0] == "00:00:57"
    manual_clock.advance(1.0)
    qtbot.waitUntil(lambda: panel.tokenCountdownLabel.text() == "00:00:56", timeout=2000)


def test_colours_move_fresh_expiring_expired(panel: TokenPanel, manual_clock: ManualClock) -> None:
    panel.set_token(make_token(manual_clock, expires_in_s=600))
    assert panel.state is TokenState.FRESH
    fresh_colour = text_colour(panel.tokenCountdownLabel)
    manual_clock.advance(545)  # 55 s left: inside the last minute
    panel.refresh()
    assert panel.state is TokenState.EXPIRING
    assert panel.tokenStateLabel.text() == "Expiring soon"
    expiring_colour = text_colour(panel.tokenCountdownLabel)
    assert expiring_colour != fresh_colour
    manual_clock.advance(60)
    panel.refresh()
    assert panel.state is TokenState.EXPIRED
    assert panel.tokenCountdownLabel.text() == "00:00:00"
    assert panel.tokenStateLabel.text() == EXPIRED_TEXT
    assert "401" in EXPIRED_TEXT
    assert panel.tokenExpiryBar.value() == 0
    assert text_colour(panel.tokenCountdownLabel) not in (fresh_colour, expiring_colour)


def test_bar_follows_fraction_left(panel: TokenPanel, manual_clock: ManualClock) -> None:
    panel.set_token(make_token(manual_clock, expires_in_s=100))
    manual_clock.advance(25)
    panel.refresh()
    assert panel.tokenExpiryBar.value() == 750


def test_unknown_lifetime_is_not_never(panel: TokenPanel, manual_clock: ManualClock) -> None:
    panel.set_token(make_token(manual_clock, expires_in_s=None))
    assert panel.state is TokenState.UNKNOWN
    assert panel.tokenStateLabel.text() == UNKNOWN_TEXT
    assert "Lifetime unknown" in UNKNOWN_TEXT
    assert panel.tokenExpiresLabel.text().startswith("unknown")
    assert not panel.manualLifetimeSpin.isHidden()


def test_manual_lifetime_gives_a_countdown(
    qtbot: Any, panel: TokenPanel, manual_clock: ManualClock
) -> None:
    panel.set_token(make_token(manual_clock, expires_in_s=None))
    with qtbot.waitSignal(panel.manual_lifetime_changed) as blocker:
        panel.manualLifetimeSpin.setValue(120)
    assert blocker.args[0].manual_lifetime_s == 120
    assert panel.tokenCountdownLabel.text() == "00:02:00"
    assert "(assumed)" in panel.tokenExpiresLabel.text()


def test_token_is_masked_until_revealed_and_copy_copies_it(
    panel: TokenPanel, manual_clock: ManualClock
) -> None:
    panel.set_token(make_token(manual_clock))
    assert FAKE_TOKEN_VALUE not in panel.tokenValueLabel.text()
    assert panel.tokenValueLabel.text().startswith("Bearer e222")
    panel.revealTokenCheck.setChecked(True)
    assert panel.tokenValueLabel.text() == f"Bearer {FAKE_TOKEN_VALUE}"
    panel.revealTokenCheck.setChecked(False)
    assert FAKE_TOKEN_VALUE not in panel.tokenValueLabel.text()
    panel.copyTokenButton.click()
    assert QApplication.clipboard().text() == FAKE_TOKEN_VALUE


def test_scope_granted_next_to_requested(panel: TokenPanel, manual_clock: ManualClock) -> None:
    panel.set_token(make_token(manual_clock, scope="read", requested_scope="read write"))
    text = panel.tokenScopeLabel.text()
    assert "granted: read" in text
    assert "requested: read write" in text


def test_jwt_claims_table_and_exp_comparison(panel: TokenPanel, manual_clock: ManualClock) -> None:
    received = manual_clock.wall()
    claims = {"sub": "demo-client", "exp": int(received + 60 + 300), "scope": ["a", "b"]}
    token = make_token(manual_clock, expires_in_s=60, jwt_claims=claims)
    panel.set_token(token)
    assert panel.jwtClaimsTable.rowCount() == 3
    names = [panel.jwtClaimsTable.item(row, 0).text() for row in range(3)]
    assert names == ["sub", "exp", "scope"]
    assert panel.jwtClaimsTable.item(2, 1).text() == '["a", "b"]'
    assert "300 s later" in panel.jwtExpLabel.text()
    agreeing = make_token(manual_clock, jwt_claims={"exp": int(received + 60)})
    assert "agrees" in exp_comparison_text(agreeing)


def test_clock_skew_shown_only_over_5_s(panel: TokenPanel, manual_clock: ManualClock) -> None:
    small = make_token(manual_clock, server_date_wall=manual_clock.wall() + 3)
    assert skew_text(small) == ""
    big = make_token(manual_clock, server_date_wall=manual_clock.wall() - 42)
    panel.set_token(big)
    assert not panel.tokenSkewLabel.isHidden()
    assert "42 s behind" in panel.tokenSkewLabel.text()


def test_busy_state_and_problem(panel: TokenPanel, manual_clock: ManualClock) -> None:
    panel.set_busy(True)
    assert not panel.getTokenButton.isEnabled()
    assert not panel.cancelTokenButton.isHidden()
    panel.set_busy(False)
    assert panel.getTokenButton.isEnabled()
    assert panel.cancelTokenButton.isHidden()
    panel.show_problem(
        Problem(
            kind=ProblemKind.BAD_CLIENT_CREDENTIALS,
            title="The client id or secret was refused",
            explanation="",
            likely_cause="",
            suggested_action="",
        )
    )
    assert "refused" in panel.tokenProblemLabel.text()


def test_timer_stops_without_a_token(panel: TokenPanel, manual_clock: ManualClock) -> None:
    panel.set_token(make_token(manual_clock))
    assert panel._timer.isActive()
    panel.set_token(None)
    assert not panel._timer.isActive()


def test_a_token_the_api_refused_shows_expired_until_a_new_one_arrives(
    panel: TokenPanel, manual_clock: ManualClock
) -> None:
    panel.set_token(make_token(manual_clock, expires_in_s=60))
    fresh_colour = text_colour(panel.tokenCountdownLabel)
    manual_clock.advance(18)
    panel.mark_rejected()
    assert panel.state is TokenState.REJECTED
    assert panel.tokenCountdownLabel.text() == "00:00:00"
    assert panel.tokenExpiryBar.value() == 0
    said = panel.tokenStateLabel.text()
    assert said.startswith("Expired early by 00:00:42: the API refused this token")
    assert text_colour(panel.tokenCountdownLabel) != fresh_colour
    manual_clock.advance(7)
    panel.refresh()  # the timer keeps the state, and what it says stays as it was then
    assert panel.tokenStateLabel.text() == said
    panel.mark_rejected()  # the same token refused again changes nothing
    assert panel.tokenStateLabel.text() == said
    panel.set_token(make_token(manual_clock, expires_in_s=60))
    assert panel.state is TokenState.FRESH


def test_marking_without_a_token_does_nothing(panel: TokenPanel) -> None:
    panel.mark_rejected()
    assert panel.state is TokenState.NONE


def test_what_the_server_did_is_said_and_a_new_token_forgets_it(
    panel: TokenPanel, manual_clock: ManualClock, qtbot: Any
) -> None:
    panel.set_token(make_token(manual_clock, expires_in_s=60))
    panel.note_server_clock_advanced(50.0)
    assert panel.state is TokenState.EXPIRING
    assert panel.server_remaining_s() == 10.0
    with qtbot.waitSignal(panel.lapsed):
        manual_clock.advance(10)
        panel.refresh()
    assert panel.state is TokenState.SERVER_EXPIRED
    assert panel.tokenCountdownLabel.text() == "00:00:50", "the app's own belief"
    with qtbot.assertNotEmitted(panel.lapsed):
        manual_clock.advance(50)
        panel.refresh()  # now the app's clock agrees: plain Expired
    assert panel.state is TokenState.EXPIRED
    panel.set_token(make_token(manual_clock, expires_in_s=60))
    assert panel.state is TokenState.FRESH and panel.server_remaining_s() is None
    panel.note_server_expired()
    assert panel.state is TokenState.SERVER_EXPIRED


def test_the_server_can_end_a_token_of_unknown_lifetime(
    panel: TokenPanel, manual_clock: ManualClock
) -> None:
    panel.set_token(make_token(manual_clock, expires_in_s=None))
    panel.note_server_clock_advanced(30.0)
    assert panel.state is TokenState.UNKNOWN, "nothing to compare the jump with"
    panel.note_server_expired()
    assert panel.state is TokenState.SERVER_EXPIRED
    assert panel.tokenCountdownLabel.text() == "unknown"

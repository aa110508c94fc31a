"""The guided demo steps forward and back, asks for the right actions, and stops at the ends."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from workbench.ui.guided_demo import (
    ACTION_CALL_API,
    ACTION_EXPIRE_NOW,
    ACTION_GET_TOKEN,
    ACTION_RECOVER,
    ACTIONS,
    DEMO_STEPS,
    GuidedDemoPanel,
)

pytestmark = pytest.mark.gui


@pytest.fixture
def panel(qtbot: Any) -> GuidedDemoPanel:
    widget = GuidedDemoPanel()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def child(panel: GuidedDemoPanel, kind: type[Any], name: str) -> Any:
    found = panel.findChild(kind, name)
    assert found is not None, name
    return found


def test_next_runs_each_step_in_order_and_stops_at_the_end(
    panel: GuidedDemoPanel, qtbot: Any
) -> None:
    next_button = child(panel, QPushButton, "guidedDemoNextButton")
    narration = child(panel, QLabel, "guidedDemoNarration")
    title = child(panel, QLabel, "guidedDemoTitle")
    requested: list[str] = []
    panel.step_action_requested.connect(requested.append)
    assert panel.current_index() == 0
    assert narration.text() == DEMO_STEPS[0].narration
    assert not child(panel, QPushButton, "guidedDemoBackButton").isEnabled()
    seen_titles = [title.text()]
    while next_button.isEnabled():
        qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
        seen_titles.append(title.text())
        assert narration.text() == panel.current_step().narration
    assert requested == [
        ACTION_GET_TOKEN,
        ACTION_CALL_API,
        ACTION_EXPIRE_NOW,
        ACTION_CALL_API,
        ACTION_RECOVER,
    ]
    assert seen_titles == [step.title for step in DEMO_STEPS]
    assert panel.current_index() == len(DEMO_STEPS) - 1
    assert child(panel, QLabel, "guidedDemoStepLabel").text() == (
        f"Step {len(DEMO_STEPS)} of {len(DEMO_STEPS)}"
    )
    panel.on_next_button_clicked()  # even called directly, it does not go past the end
    assert panel.current_index() == len(DEMO_STEPS) - 1
    assert len(requested) == 5


def test_back_shows_the_previous_words_without_running_anything(
    panel: GuidedDemoPanel, qtbot: Any
) -> None:
    back_button = child(panel, QPushButton, "guidedDemoBackButton")
    requested: list[str] = []
    panel.go_to(4)
    panel.step_action_requested.connect(requested.append)
    with qtbot.waitSignal(panel.step_changed) as changed:
        qtbot.mouseClick(back_button, Qt.MouseButton.LeftButton)
    assert changed.args == [3]
    assert child(panel, QLabel, "guidedDemoNarration").text() == DEMO_STEPS[3].narration
    assert requested == []
    while back_button.isEnabled():
        qtbot.mouseClick(back_button, Qt.MouseButton.LeftButton)
    assert panel.current_index() == 0
    panel.on_back_button_clicked()
    assert panel.current_index() == 0
    assert requested == []


def test_run_repeats_the_current_step_and_busy_holds_the_buttons(
    panel: GuidedDemoPanel, qtbot: Any
) -> None:
    run_button = child(panel, QPushButton, "guidedDemoRunButton")
    next_button = child(panel, QPushButton, "guidedDemoNextButton")
    assert not run_button.isVisible(), "the introduction runs nothing"
    panel.go_to(2)
    assert run_button.isVisible()
    with qtbot.waitSignal(panel.step_action_requested) as requested:
        qtbot.mouseClick(run_button, Qt.MouseButton.LeftButton)
    assert requested.args == [ACTION_CALL_API]
    panel.set_busy(True)
    assert not next_button.isEnabled() and not run_button.isEnabled()
    with qtbot.assertNotEmitted(panel.step_action_requested):
        panel.on_next_button_clicked()
    assert panel.current_index() == 2
    panel.set_busy(False)
    assert next_button.isEnabled()
    assert "Expire" in next_button.toolTip()


def test_steps_are_short_plain_and_use_known_actions() -> None:
    assert 6 <= len(DEMO_STEPS) <= 8
    assert len({step.key for step in DEMO_STEPS}) == len(DEMO_STEPS)
    for step in DEMO_STEPS:
        assert step.action in (*ACTIONS, "")
        assert len(step.narration) <= 320, step.key
        for jargon in ("HTTP", "JSON", "header", "Bearer", "endpoint", "grant"):
            assert jargon not in step.narration, (step.key, jargon)
    assert DEMO_STEPS[0].action == "" and DEMO_STEPS[-1].action == ""

"""New run, the guided demo following the real story, and the viewer while a request runs."""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMenu

from tests.gui.conftest import frames_settled
from workbench.core.calls import ApiRequest
from workbench.core.demo_story import StoryPoint

pytestmark = pytest.mark.gui

WAIT_MS = 10_000


def demo(build: Any, sandbox: Any, qtbot: Any) -> Any:
    window = build(sandbox=sandbox).window
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def token(qtbot: Any, window: Any, trigger: Any = None) -> Any:
    with qtbot.waitSignal(window.session.token_changed, timeout=WAIT_MS) as changed:
        (trigger or window.action("getToken").trigger)()
    frames_settled(qtbot)
    return changed.args[0]


def call(qtbot: Any, window: Any, trigger: Any = None) -> Any:
    with qtbot.waitSignal(window.session.api_finished, timeout=WAIT_MS) as finished:
        (trigger or window.action("send").trigger)()
    frames_settled(qtbot)
    return finished.args[0]


def called_by_hand(build: Any, sandbox: Any, qtbot: Any) -> Any:
    """The demo window after a token and a call made without the guided demo."""
    window = demo(build, sandbox, qtbot)
    token(qtbot, window)
    call(qtbot, window)
    return window


def shown_matches_selected(window: Any) -> bool:
    return window.timeline.selected_exchange() is window.viewer.exchange()


def test_new_run_clears_the_exchanges_and_keeps_the_form_and_the_token(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = demo(build, sandbox, qtbot)
    held = token(qtbot, window)
    call(qtbot, window)
    window.form.extraHeadersTable.add_pair("X-Kept", "yes")
    assert window.timeline.count() == 2 and window.flowDiagramDock.diagram.count() == 4
    window.action("newRun").trigger()
    assert window.timeline.count() == 0
    assert window.flowDiagramDock.diagram.count() == 0
    assert window.viewer.exchange() is None
    assert window.viewer.status_label.text() == "No response yet"
    assert window.session.token is held and window.token_panel.token is held
    assert window.form.extraHeadersTable.pairs() == (("X-Kept", "yes"),)
    assert "New run" in window.statusBar().currentMessage()
    # The next exchange is the run's first: the diagram says "a token", not "a new token".
    token(qtbot, window)
    assert window.timeline.count() == 1
    assert window.flowDiagramDock.diagram.arrows()[1].caption.startswith("Token returned")


def test_new_run_is_ctrl_l_in_the_view_menu_and_in_the_demo_menu(build: Any, sandbox: Any) -> None:
    window = build(sandbox=sandbox).window
    action = window.action("newRun")
    assert [key.toString() for key in action.shortcuts()] == ["Ctrl+L"]
    for menu_name in ("viewMenu", "demoMenu"):
        assert action in window.findChild(QMenu, menu_name).actions(), menu_name
    plain = build().window
    assert plain.action("newRun") in plain.findChild(QMenu, "viewMenu").actions()


def test_restarting_the_guided_demo_starts_a_new_run(qtbot: Any, build: Any, sandbox: Any) -> None:
    window = demo(build, sandbox, qtbot)
    panel = window.guided_demo
    token(qtbot, window, window.action("demoNext").trigger)
    assert panel.current_step().key == "get-token"
    window.action("demoRestart").trigger()
    assert panel.current_index() == 0
    assert window.timeline.count() == 0 and window.flowDiagramDock.diagram.count() == 0


def test_the_guided_demo_follows_what_the_presenter_did_by_hand(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = demo(build, sandbox, qtbot)
    panel = window.guided_demo

    def step() -> str:
        return str(panel.current_step().key)

    token(
        qtbot,
        window,
        lambda: qtbot.keyClick(
            window.form.clientIdEdit, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier
        ),
    )
    assert step() == "get-token"
    call(qtbot, window)
    assert step() == "call-api"
    qtbot.mouseClick(window.expireNowButton, Qt.MouseButton.LeftButton)
    assert step() == "expire"
    call(qtbot, window)
    assert step() == "see-401"
    call(qtbot, window, window.viewer.resend_button.click)
    assert step() == "recover"
    assert window.story.point is StoryPoint.RECOVERED
    # Next goes on from there: nothing is replayed.
    count = window.timeline.count()
    window.action("demoNext").trigger()
    assert step() == "wrap-up"
    assert window.timeline.count() == count


def test_next_after_manual_steps_runs_the_following_step_only(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = called_by_hand(build, sandbox, qtbot)
    panel = window.guided_demo
    assert panel.current_step().key == "call-api"
    window.action("demoNext").trigger()  # Let the token lapse: Expire now, nothing sent
    assert panel.current_step().key == "expire"
    assert window.timeline.count() == 2
    assert sandbox.state()["tokens"]["live"] == 0


def test_back_reads_a_step_again_and_stays_there_until_something_happens(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = called_by_hand(build, sandbox, qtbot)
    panel = window.guided_demo
    window.action("demoBack").trigger()
    window.action("demoBack").trigger()
    assert panel.current_step().key == "intro"
    window.token_panel.refresh()  # time passing moves nothing
    assert panel.current_step().key == "intro"
    window.action("expireNow").trigger()
    assert panel.current_step().key == "expire"


def test_while_a_request_runs_the_viewer_says_what_it_waits_for(
    qtbot: Any, build: Any, sandbox: Any, silent_server: Any
) -> None:
    window = demo(build, sandbox, qtbot)
    token(qtbot, window)
    assert shown_matches_selected(window), "the token exchange, selected"
    window.composer.set_request(ApiRequest("GET", silent_server.url + "/v3/accounts?q=1"))
    with qtbot.waitSignal(window.session.api_busy, timeout=WAIT_MS):
        window.action("send").trigger()
    frames_settled(qtbot)
    viewer = window.viewer
    waiting = re.compile(
        r"Waiting for GET " + re.escape(silent_server.url) + r"/v3/accounts\?q=1 · \d+\.\d s"
    )
    assert waiting.fullmatch(viewer.status_label.text()), viewer.status_label.text()
    assert viewer.exchange() is None and window.timeline.selected_exchange() is None
    assert "Waiting for the answer" in viewer.problem_view.toPlainText()
    silent_server.connected.wait(5)
    first = viewer.status_label.text()
    qtbot.waitUntil(lambda: viewer.status_label.text() != first, timeout=WAIT_MS)
    assert waiting.fullmatch(viewer.status_label.text()), "the time spent goes on"
    with qtbot.waitSignal(window.session.api_cancelled, timeout=WAIT_MS):
        window.action("cancel").trigger()
    frames_settled(qtbot)
    assert viewer.status_label.text().startswith("Cancelled: GET ")
    assert not viewer.is_waiting()
    assert not viewer.findChild(QTimer, "responseWaitTimer").isActive(), "the time stops"


def test_the_timeline_selection_is_what_the_viewer_shows_all_along_the_story(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = demo(build, sandbox, qtbot)
    token(qtbot, window)
    assert shown_matches_selected(window)
    call(qtbot, window)
    assert shown_matches_selected(window)
    window.timeline.select_row(1)  # the user opens the token exchange
    assert shown_matches_selected(window), (
        window.timeline.selected_exchange(),
        window.viewer.exchange(),
    )
    window.action("expireNow").trigger()
    call(qtbot, window)
    assert shown_matches_selected(window) and window.viewer.exchange().response.status == 401
    call(qtbot, window, window.viewer.resend_button.click)
    assert shown_matches_selected(window) and window.viewer.exchange().response.status == 200
    window.flowDiagramDock.diagram.exchange_clicked.emit(
        *window.timeline.story()[0]
    )  # an arrow of the first exchange
    assert shown_matches_selected(window)

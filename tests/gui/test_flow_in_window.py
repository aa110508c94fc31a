"""The flow diagram in the real window (issue 5 test 1), View > Flow diagram and presenter mode."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QWidget

from tests.gui.conftest import frames_settled, make_exchange
from workbench.core.clock import ManualClock
from workbench.core.http import ExchangeKind
from workbench.ui.flow_arrows import Actor
from workbench.ui.flow_diagram import FlowDiagram
from workbench.ui.presenter import is_presenter_mode

pytestmark = pytest.mark.gui

SIGNAL_TIMEOUT_MS = 10_000
STORY_ARROWS = [
    (Actor.APP, Actor.AUTH_SERVER, "Credentials sent, asking for a token"),
    (Actor.AUTH_SERVER, Actor.APP, "Token returned (valid 60 s)"),
    (Actor.APP, Actor.API, "API called with the token"),
    (Actor.API, Actor.APP, "200 OK: data returned"),
    (Actor.APP, Actor.API, "API called with the token"),
    (Actor.API, Actor.APP, "401: the token lapsed"),
    (Actor.APP, Actor.AUTH_SERVER, "Credentials sent again, for a new token"),
    (Actor.AUTH_SERVER, Actor.APP, "New token returned (valid 60 s)"),
    (Actor.APP, Actor.API, "API called with the token"),
    (Actor.API, Actor.APP, "200 OK: data returned"),
]


def get_token(qtbot: Any, window: Any) -> Any:
    with qtbot.waitSignal(window.session.token_changed, timeout=SIGNAL_TIMEOUT_MS) as changed:
        qtbot.mouseClick(window.token_panel.getTokenButton, Qt.MouseButton.LeftButton)
    frames_settled(qtbot)
    return changed.args[0]


def send(qtbot: Any, window: Any) -> tuple[Any, Any]:
    with qtbot.waitSignal(window.session.api_finished, timeout=SIGNAL_TIMEOUT_MS) as finished:
        qtbot.mouseClick(window.composer.send_button, Qt.MouseButton.LeftButton)
    frames_settled(qtbot)
    return finished.args[0], finished.args[1]


def play_story(qtbot: Any, window: Any, sandbox: Any) -> None:
    """Token, call, lapse, 401, "Get new token and resend": through the window's own controls."""
    get_token(qtbot, window)
    assert send(qtbot, window)[0].response.status == 200
    qtbot.mouseClick(window.expireNowButton, Qt.MouseButton.LeftButton)
    exchange, problem = send(qtbot, window)
    assert exchange.response.status == 401
    assert problem is not None and problem.token_lapsed
    with qtbot.waitSignal(window.session.api_finished, timeout=SIGNAL_TIMEOUT_MS) as finished:
        qtbot.mouseClick(window.viewer.resend_button, Qt.MouseButton.LeftButton)
    frames_settled(qtbot)
    assert finished.args[0].response.status == 200
    frames_settled(qtbot)


def test_the_story_is_drawn_in_order_and_an_arrow_opens_its_exchange(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = build(sandbox=sandbox, clock=ManualClock()).window
    window.show()
    qtbot.waitExposed(window)
    diagram = window.flowDiagramDock.diagram
    assert window.flowDiagramDock.isVisible(), "the demo shows the diagram"
    assert diagram.count() == 0

    play_story(qtbot, window, sandbox)

    arrows = diagram.arrows()
    assert [(a.source, a.target, a.caption) for a in arrows] == STORY_ARROWS
    # Two arrows per exchange, the exchanges in the timeline's order (it lists newest first).
    model = window.timeline.timeline_model()
    timeline = [model.entry(row).exchange for row in reversed(range(window.timeline.count()))]
    assert [arrow.exchange for arrow in arrows[::2]] == timeline
    assert [arrow.exchange for arrow in arrows[1::2]] == timeline

    # Clicking the 401's answer selects that exchange in the timeline and opens it.
    lapsed = 5
    diagram.scroll_to(lapsed)
    with qtbot.waitSignal(diagram.exchange_clicked, timeout=SIGNAL_TIMEOUT_MS):
        qtbot.mouseClick(
            diagram, Qt.MouseButton.LeftButton, pos=diagram.arrow_rect(lapsed).center()
        )
    wanted = arrows[lapsed].exchange
    selected = window.timeline.selectionModel().selectedRows()
    assert len(selected) == 1
    assert model.entry(selected[0].row()).exchange is wanted
    assert window.viewer.exchange() is wanted
    assert window.viewer.problem() is arrows[lapsed].problem
    assert window.exports.selected_exchange() is wanted

    # Then the first token request: its arrow, its row, in the viewer.
    diagram.scroll_to(0)
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=diagram.arrow_rect(0).center())
    assert window.viewer.exchange() is arrows[0].exchange
    selected = window.timeline.selectionModel().selectedRows()
    assert model.entry(selected[0].row()).exchange is arrows[0].exchange


def test_view_menu_toggles_the_diagram_which_keeps_drawing_while_hidden(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = build(sandbox=sandbox).window
    window.show()
    qtbot.waitExposed(window)
    action = window.action("flowDiagram")
    assert action.isChecked()
    action.trigger()
    assert not window.flowDiagramDock.isVisible()
    get_token(qtbot, window)
    assert window.flowDiagramDock.diagram.count() == 2, (
        "hidden, the diagram still follows the timeline"
    )
    action.trigger()
    assert window.flowDiagramDock.isVisible()
    assert window.menuBar().findChild(QWidget, "viewMenu") is not None


def test_outside_the_demo_the_diagram_starts_hidden(build: Any, qtbot: Any) -> None:
    window = build().window
    window.show()
    qtbot.waitExposed(window)
    assert not window.flowDiagramDock.isVisible()
    assert not window.action("flowDiagram").isChecked()
    assert window.guided_demo is None
    assert window.findChild(QWidget, "guidedDemoDock") is None
    assert window.findChild(FlowDiagram) is None, "made when first shown"
    token = make_exchange(ExchangeKind.TOKEN, 200)
    call = make_exchange(ExchangeKind.API, 401)
    window.session.exchange_recorded.emit(token, None)
    window.session.exchange_recorded.emit(call, None)
    window.action("flowDiagram").trigger()
    diagram = window.findChild(FlowDiagram)
    assert diagram is window.flowDiagramDock.diagram
    assert [arrow.exchange for arrow in diagram.arrows()] == [token, token, call, call]
    window.session.exchange_recorded.emit(token, None)
    frames_settled(qtbot)
    assert diagram.count() == 6


def test_f11_presents_with_the_diagram_large_and_every_secret_masked(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = build(sandbox=sandbox).window
    window.show()
    qtbot.waitExposed(window)
    window.action("flowDiagram").trigger()  # hidden before presenting: presenting shows it
    token = get_token(qtbot, window)
    value = token.value.reveal()
    reveal = window.findChild(QCheckBox, "revealTokenCheck")
    reveal.setChecked(True)
    assert value in window.token_panel.tokenValueLabel.text()

    qtbot.keyClick(window.timeline, Qt.Key.Key_F11)
    assert window.action("presenterMode").isChecked()
    assert is_presenter_mode(window)
    assert window.flowDiagramDock.diagram.presenter_mode
    assert window.flowDiagramDock.isVisible()
    qtbot.waitUntil(lambda: window.flowDiagramDock.width() >= window.width() * 0.4, timeout=2000)
    assert value not in window.token_panel.tokenValueLabel.text()
    assert not reveal.isChecked() and not reveal.isEnabled()
    assert window.credentialScroll.isHidden() and window.timelineBox.isHidden()
    assert window.token_panel.isVisible() and window.viewer.isVisible()

    qtbot.keyClick(window.timeline, Qt.Key.Key_F11)
    assert not is_presenter_mode(window)
    assert not window.flowDiagramDock.diagram.presenter_mode
    assert not window.flowDiagramDock.isVisible(), "the layout comes back as it was"
    assert window.credentialScroll.isVisible() and window.timelineBox.isVisible()
    assert value not in window.token_panel.tokenValueLabel.text(), "masked stays masked"


def test_presenting_twice_from_the_menu_keeps_a_visible_diagram_visible(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = build(sandbox=sandbox).window
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.flowDiagramDock.width() < window.width() * 0.35, timeout=2000)
    width = window.flowDiagramDock.width()
    window.action("presenterMode").trigger()
    qtbot.waitUntil(lambda: window.flowDiagramDock.width() > width + 100, timeout=2000)
    window.action("presenterMode").trigger()
    assert window.flowDiagramDock.isVisible()
    qtbot.waitUntil(lambda: abs(window.flowDiagramDock.width() - width) < 8, timeout=2000)
    window.action("presenterMode").setChecked(True)
    window.close()
    assert not window.action("presenterMode").isChecked(), "the layout is saved as it is normally"

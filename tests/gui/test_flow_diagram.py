"""The flow diagram draws the real demo story as arrows; clicking one names its exchange."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from tests.gui.conftest import make_exchange
from tests.sandbox_story import run_story
from workbench.core.http import Exchange, ExchangeKind, FailureKind, HttpRequest, TransportFailure
from workbench.core.problems import Problem, ProblemKind
from workbench.ui.flow_arrows import Actor
from workbench.ui.flow_diagram import FlowDiagram

pytestmark = pytest.mark.gui

APP, AUTH, API = Actor.APP, Actor.AUTH_SERVER, Actor.API

EXPECTED_STORY = [
    (APP, AUTH, "Credentials sent, asking for a token"),
    (AUTH, APP, "Token returned (valid 60 s)"),
    (APP, API, "API called with the token"),
    (API, APP, "200 OK: data returned"),
    (APP, API, "API called with the token"),
    (API, APP, "401: the token lapsed"),
    (APP, AUTH, "Credentials sent again, for a new token"),
    (AUTH, APP, "New token returned (valid 60 s)"),
    (APP, API, "API called with the token"),
    (API, APP, "200 OK: data returned"),
]


@pytest.fixture
def diagram(qtbot: Any) -> FlowDiagram:
    widget = FlowDiagram()
    qtbot.addWidget(widget)
    widget.resize(900, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_the_real_story_is_drawn_in_order(diagram: FlowDiagram, sandbox: Any, qtbot: Any) -> None:
    story = run_story(sandbox)
    for exchange, problem in story:
        diagram.add_exchange(exchange, problem)
    arrows = diagram.arrows()
    assert [(a.source, a.target, a.caption) for a in arrows] == EXPECTED_STORY
    assert [a.exchange for a in arrows] == [e for e, _ in story for _twice in range(2)]
    assert arrows[5].problem is not None and arrows[5].problem.token_lapsed
    assert diagram.visible_range() == range(10)
    assert "Message 10 of 10" in diagram.accessibleDescription()
    diagram.grab()  # paints without a Qt warning

    fourth = diagram.arrow_rect(3)
    assert not fourth.isEmpty()
    with qtbot.waitSignal(diagram.exchange_clicked, timeout=1000) as clicked:
        QTest.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=fourth.center())
    assert clicked.args[0] is story[1][0]
    assert clicked.args[1] is None
    assert diagram.selected_index() == 3

    sixth = diagram.arrow_rect(5)
    with qtbot.waitSignal(diagram.exchange_clicked, timeout=1000) as clicked:
        QTest.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=sixth.center())
    assert clicked.args[0] is story[2][0]
    assert clicked.args[1].kind is ProblemKind.TOKEN_EXPIRED


def test_clicking_between_arrows_emits_nothing(diagram: FlowDiagram, qtbot: Any) -> None:
    diagram.add_exchange(make_exchange(ExchangeKind.API, 200), None)
    with qtbot.assertNotEmitted(diagram.exchange_clicked):
        QTest.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=QPoint(5, diagram.height() - 5))
    assert diagram.selected_index() is None


def test_only_the_newest_arrows_are_drawn_and_older_ones_scroll_into_view(
    diagram: FlowDiagram, qtbot: Any
) -> None:
    for _ in range(10):
        diagram.add_exchange(make_exchange(ExchangeKind.API, 200), None)
    assert diagram.count() == 20
    visible = diagram.visible_range()
    assert len(visible) == diagram.max_visible == 12
    assert visible.stop == 20, "the newest arrows are in view"
    assert diagram.arrow_rect(0).isEmpty()
    scroll_bar = diagram.findChild(object, "flowDiagramScrollBar")
    assert scroll_bar is not None and scroll_bar.isVisible()
    diagram.scroll_to(0)
    assert diagram.visible_range().start == 0
    assert not diagram.arrow_rect(0).isEmpty()
    with qtbot.waitSignal(diagram.exchange_clicked, timeout=1000):
        QTest.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=diagram.arrow_rect(0).center())
    # A new exchange does not pull the view away from what the user scrolled to...
    diagram.add_exchange(make_exchange(ExchangeKind.API, 200), None)
    assert diagram.visible_range().start == 0
    # ...and the keyboard walks the arrows, Enter opens one.
    QTest.keyClick(diagram, Qt.Key.Key_Down)
    assert diagram.selected_index() == 1
    with qtbot.waitSignal(diagram.exchange_clicked, timeout=1000):
        QTest.keyClick(diagram, Qt.Key.Key_Return)
    diagram.clear()
    assert diagram.count() == 0
    assert not scroll_bar.isVisible()


def test_failures_and_refusals_get_plain_captions(diagram: FlowDiagram) -> None:
    refused = Exchange(
        ExchangeKind.TOKEN,
        HttpRequest("POST", "http://127.0.0.1:9/v3/token"),
        failure=TransportFailure(FailureKind.REFUSED, "refused"),
    )
    problem = Problem(ProblemKind.TRANSPORT, "Nothing is listening on 127.0.0.1:9", "e", "c", "a")
    diagram.add_exchange(refused, problem)
    bad = make_exchange(ExchangeKind.TOKEN, 401)
    credentials = Problem(
        ProblemKind.BAD_CLIENT_CREDENTIALS, "The client id or secret was not accepted", "", "", ""
    )
    diagram.add_exchange(bad, credentials)
    captions = [arrow.caption for arrow in diagram.arrows()]
    assert captions == [
        "Credentials sent, asking for a token",
        "No answer: Nothing is listening on 127.0.0.1:9",
        "Credentials sent again, for a new token",
        "401: the client id or secret was not accepted",
    ]
    assert diagram.arrows()[1].description.startswith("Authorization server to Your app")
    diagram.grab()


def test_presenter_mode_enlarges_the_type(diagram: FlowDiagram) -> None:
    diagram.add_exchange(make_exchange(ExchangeKind.API, 200), None)
    normal = diagram.caption_font().pointSizeF()
    normal_rect = diagram.arrow_rect(0)
    diagram.set_presenter_mode(True)
    assert diagram.presenter_mode
    assert diagram.caption_font().pointSizeF() == pytest.approx(normal * 1.6)
    assert diagram.caption_font().bold()
    assert diagram.arrow_rect(0).height() > normal_rect.height()
    diagram.grab()
    diagram.set_presenter_mode(False)
    assert diagram.caption_font().pointSizeF() == pytest.approx(normal)

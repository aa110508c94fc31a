"""Presenter mode on real projector sizes: every line that matters shows in full, and leaving
puts the layout back exactly (and it is never saved as the normal one)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLabel, QWidget

from tests.gui.conftest import frames_settled
from workbench.core.calls import ApiRequest
from workbench.ui.guided_demo import DEMO_STEPS

pytestmark = pytest.mark.gui

WAIT_MS = 10_000
PROJECTORS = ((1280, 720), (1920, 1080))
DESKTOP = (1600, 1000)


def text_fits(label: QLabel) -> str:
    """Empty when ``label``'s text fits inside its visible area; else what does not."""
    name = label.objectName()
    if not label.isVisible():
        return f"{name} is hidden"
    area = label.contentsRect()
    flags = int(label.alignment())
    if label.wordWrap():
        flags |= int(Qt.TextFlag.TextWordWrap)
    needed = QFontMetrics(label.font()).boundingRect(area, flags, label.text())
    if needed.width() > area.width() or needed.height() > area.height():
        return f"{name}: {label.text()!r} needs {needed.size()}, has {area.size()}"
    shown = label.visibleRegion().boundingRect()
    if not shown.contains(area):
        return f"{name}: only {shown} of {area} is on screen"
    window_area = QRect(
        label.window().mapFromGlobal(label.mapToGlobal(area.topLeft())), area.size()
    )
    if not label.window().rect().contains(window_area):
        return f"{name} reaches past the window"
    return ""


def no_scroll_bars(area: QAbstractScrollArea) -> str:
    bars = [area.horizontalScrollBar(), area.verticalScrollBar()]
    shown = [bar.orientation().name for bar in bars if bar.isVisible()]
    return f"{area.objectName()} scrolls {shown}" if shown else ""


def check(window: Any, when: str) -> list[str]:
    """What does not fit on screen now (once the layouts asked for have run, as before a
    paint)."""
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    panel, viewer, guided = window.token_panel, window.viewer, window.guided_demo
    labels = (
        panel.tokenCountdownLabel,
        panel.tokenStateLabel,
        viewer.status_label,
        guided.titleLabel,
        guided.narrationLabel,
    )
    problems = [text_fits(label) for label in labels]
    problems.append(no_scroll_bars(window.findChild(QAbstractScrollArea, "tokenScroll")))
    problems.append(
        "problemView scrolls sideways"
        if viewer.problem_view.horizontalScrollBar().isVisible()
        else ""
    )
    return [f"{when}: {problem}" for problem in problems if problem]


def shown_normally(build: Any, sandbox: Any, qtbot: Any) -> Any:
    """The demo window at a desktop's size, not presenting."""
    window = build(sandbox=sandbox).window
    window.resize(*DESKTOP)
    window.show()
    qtbot.waitExposed(window)
    return window


def presented(build: Any, sandbox: Any, qtbot: Any, size: tuple[int, int]) -> Any:
    window = build(sandbox=sandbox).window
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.action("presenterMode").setChecked(True)
    settle(qtbot, window)
    return window


def settle(qtbot: Any, window: Any) -> None:
    """Let the presenter layout fit itself (it does once the new fonts are laid out)."""
    before = window.panes.work.sizes()
    qtbot.waitUntil(
        lambda: window.panes.work.sizes() != before or window.isVisible(), timeout=WAIT_MS
    )
    qtbot.waitUntil(lambda: window.flowDiagramDock.width() > window.width() * 0.38, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.viewer.is_loading(), timeout=WAIT_MS)


@pytest.mark.parametrize("size", PROJECTORS, ids=lambda size: f"{size[0]}x{size[1]}")
def test_presenter_mode_shows_every_line_in_full(
    qtbot: Any, build: Any, sandbox: Any, silent_server: Any, size: tuple[int, int]
) -> None:
    window = presented(build, sandbox, qtbot, size)
    session, panel = window.session, window.token_panel
    assert window.size().width() == size[0]
    problems = check(window, "no token yet")
    with qtbot.waitSignal(session.token_changed, timeout=WAIT_MS):
        window.action("demoNext").trigger()
    frames_settled(qtbot)
    problems += check(window, "token held")
    with qtbot.waitSignal(session.api_finished, timeout=WAIT_MS):
        window.action("demoNext").trigger()
    frames_settled(qtbot)
    problems += check(window, "200")
    window.action("demoNext").trigger()  # Expire now: the longest state line
    problems += check(window, "server expired")
    with qtbot.waitSignal(session.api_finished, timeout=WAIT_MS):
        window.action("demoNext").trigger()
    frames_settled(qtbot)
    problems += check(window, "401 explained")
    request = window.composer.current_request()
    long_url = (
        silent_server.url + "/v3/contacts?" + "&".join(f"query[f{i}]=v{i}" for i in range(30))
    )
    window.composer.set_request(ApiRequest("GET", long_url))
    with qtbot.waitSignal(session.api_busy, timeout=WAIT_MS):
        window.action("send").trigger()
    problems += check(window, "waiting for a long URL")
    with qtbot.waitSignal(session.api_cancelled, timeout=WAIT_MS):
        window.action("cancel").trigger()
    frames_settled(qtbot)
    problems += check(window, "cancelled")
    window.composer.set_request(request)
    for text in panel.state_texts():  # every line the token panel can say
        panel.tokenStateLabel.setText(text)
        problems += check(window, f"state {text[:20]!r}")
    panel.refresh()
    for index, step in enumerate(DEMO_STEPS):  # every step's words
        window.guided_demo.go_to(index)
        problems += check(window, f"step {step.key}")
    assert not problems, "\n".join(problems)


def test_what_an_audience_does_not_need_folds_away(qtbot: Any, build: Any, sandbox: Any) -> None:
    window = presented(build, sandbox, qtbot, PROJECTORS[0])
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    for name in ("credentialScroll", "timelineBox", "profileBar", "tokenDetailsBox", "requestTabs"):
        widget = window.findChild(QWidget, name)
        assert widget is not None and not widget.isVisible(), name
    for name in (
        "tokenLifetimeSpin",
        "advanceClockButton",
        "copyTokenButton",
        "revealSecretsCheck",
    ):
        assert not window.findChild(QWidget, name).isVisible(), name
    for name in ("tokenCountdownLabel", "tokenStateLabel", "requestUrlEdit", "expireNowButton"):
        assert window.findChild(QWidget, name).isVisible(), name


def layout_of(window: Any) -> dict[str, Any]:
    panes = window.panes
    return {
        "state": bytes(window.saveState()),
        "guided": window.guidedDemoDock.size(),
        "diagram": window.flowDiagramDock.size(),
        "splitters": [(part.orientation(), part.sizes()) for part in panes.splitters()],
        "shown": [
            not widget.isHidden()
            for widget in (panes.credential_scroll, panes.timeline_box, window.sandboxAddressLabel)
        ],
        "profile bar": window.profile_bar.isVisible(),
    }


def test_leaving_presenter_mode_puts_the_layout_back_exactly(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = shown_normally(build, sandbox, qtbot)
    window.resizeDocks([window.guidedDemoDock], [180], Qt.Orientation.Vertical)  # a user's own
    qtbot.waitUntil(lambda: window.guidedDemoDock.height() < 200, timeout=WAIT_MS)
    before = layout_of(window)
    for size in PROJECTORS:
        window.action("presenterMode").setChecked(True)
        window.resize(*size)
        settle(qtbot, window)
        assert layout_of(window) != before
        window.action("presenterMode").setChecked(False)
        window.resize(*DESKTOP)
        qtbot.waitUntil(lambda: layout_of(window) == before, timeout=WAIT_MS)


def test_the_presenter_layout_is_never_saved_as_the_normal_one(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    from workbench.ui.settings import app_settings

    window = shown_normally(build, sandbox, qtbot)
    normal = [bytes(window.saveState())]
    normal += [bytes(part.saveState()) for part in window.panes.splitters()]
    window.action("presenterMode").setChecked(True)
    settle(qtbot, window)
    assert bytes(window.saveState()) != normal[0]
    window.close()  # while presenting
    settings = app_settings()
    saved = [bytes(settings.value("window/state"))]
    saved += [
        bytes(settings.value(f"splitters/{part.objectName()}")) for part in window.panes.splitters()
    ]
    assert saved == normal
    assert not window.action("presenterMode").isChecked()

"""Render the window at each step of the demo story to PNG: ``python -m tests.gui.screenshots DIR``.

Runs offscreen (on a desktop screen, tests/offscreen.py) unless a display is set up
(``QT_QPA_PLATFORM``), against the in-process sandbox.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.offscreen import use_offscreen_screens

use_offscreen_screens(os.environ)  # a desktop's screen: the window opens at its own size

WINDOW_SIZE = (1440, 900)
PRESENTER_SIZE = (1280, 720)
"""A common projector's resolution."""
WAIT_MS = 10_000


class ShiftedClock:
    """The real clocks, with the monotonic one moved forward on demand (the wall stays real)."""

    def __init__(self) -> None:
        self.offset_s = 0.0

    def monotonic(self) -> float:
        """Real monotonic time plus the offset."""
        return time.monotonic() + self.offset_s

    def wall(self) -> float:
        """Real wall time, so the server's Date header shows no false skew."""
        return time.time()

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass on the countdown at once."""
        self.offset_s += seconds


def _wait(
    signal: Any, start: Callable[[], object] | None = None, timeout_ms: int = WAIT_MS
) -> None:
    """Run the event loop until ``signal`` fires (after calling ``start``) or the time is up."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    fired: list[bool] = []

    def on_fired(*_args: object) -> None:
        fired.append(True)
        loop.quit()

    signal.connect(on_fired)
    QTimer.singleShot(timeout_ms, loop.quit)
    if start is not None:
        QTimer.singleShot(0, start)
    loop.exec()
    signal.disconnect(on_fired)
    if not fired:
        raise TimeoutError(f"waited {timeout_ms} ms for {signal}")


def _settle(window: Any, ms: int = 150) -> None:
    """Let layouts, the viewer's sliced loading and repaints finish."""
    from PySide6.QtCore import QEventLoop, QTimer

    viewer = window.viewer
    if viewer.is_loading():
        _wait(viewer.views_ready)
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _demo_step(window: Any, key: str) -> None:
    """Show the guided demo's words for the step the story has reached (without running it)."""
    panel = window.guided_demo
    keys = [step.key for step in panel.steps]
    panel.go_to(keys.index(key))


def open_arrow(window: Any, index: int) -> None:
    """Click arrow ``index`` of the flow diagram, as a presenter would."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    diagram = window.flowDiagramDock.diagram
    diagram.scroll_to(index)
    centre = QPointF(diagram.arrow_rect(index).center())
    for kind in (QMouseEvent.Type.MouseButtonPress, QMouseEvent.Type.MouseButtonRelease):
        event = QMouseEvent(
            kind,
            centre,
            diagram.mapToGlobal(centre),
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(diagram, event)


def _show_saved_requests(window: Any) -> None:
    """The saved requests beside the composer, as a developer works with them: the sandbox's
    starter collection, one request edited and not saved yet, another sent, and its answer
    searched (issue 14); at 1280x720, a laptop's screen."""
    from PySide6.QtCore import QEventLoop, QTimer

    window.resize(*PRESENTER_SIZE)
    _settle(window)  # back at presenter mode's size, the layout from before it returns
    for dock in (window.flowDiagramDock, window.guidedDemoDock):
        if dock is not None:
            dock.hide()
    window.action("savedRequests").setChecked(True)
    collections = window.saved_requests.collections
    while not collections.loaded:
        loop = QEventLoop()
        QTimer.singleShot(20, loop.quit)
        loop.exec()
    window.saved_requests_panel.tree.expandAll()
    window.credentialScroll.verticalScrollBar().setValue(0)
    _wait(window.session.token_changed, window.action("getToken").trigger)
    collections.open_request(("Contacts", "Create contact"))
    composer = window.composer
    composer.body_edit.setPlainText(
        composer.body_edit.toPlainText().replace('"{{email}}"', '"{{email}}",\n  "name": "Ada"')
    )
    collections.open_request(("Contacts", "List contacts"))
    _wait(window.session.api_finished, window.action("send").trigger)
    composer.url_edit.setCursorPosition(0)
    window.viewer.tabs.setCurrentIndex(1)  # Pretty
    _settle(window)
    window.viewer.open_find()
    window.viewer.finder().bar.edit.setText("campaignId")
    window.statusBar().clearMessage()


def render_story(out_dir: Path) -> list[Path]:
    """Play the demo story in a real window and save one PNG per step; returns the paths.

    The window starts with the default layout: its settings and profiles go to a temporary
    config directory, never the user's.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="workbench-screenshots-") as home:
        saved_env = {name: os.environ.get(name) for name in _USER_DIR_VARS}
        for name in _USER_DIR_VARS:
            os.environ[name] = str(Path(home) / name.lower())
        try:
            return _render_story(out_dir)
        finally:
            for name, value in saved_env.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


_USER_DIR_VARS = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


def _render_story(out_dir: Path) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from workbench.app import build_workbench
    from workbench.ui.theme import ThemeMode, theme_applied

    app = QApplication.instance() or QApplication([sys.argv[0]])
    out_dir.mkdir(parents=True, exist_ok=True)
    clock = ShiftedClock()
    workbench = build_workbench(demo=True, clock=clock)
    window = workbench.window
    session = window.session
    viewer = window.viewer
    saved: list[Path] = []

    def shot(name: str) -> None:
        _settle(window)
        path = out_dir / f"{len(saved) + 1:02d}-{name}.png"
        if not window.grab().save(str(path)):
            raise OSError(f"could not write {path}")
        saved.append(path)

    try:
        window.resize(*WINDOW_SIZE)
        window.show()
        shot("demo-ready")

        _wait(session.token_changed, window.action("getToken").trigger)
        _demo_step(window, "get-token")
        clock.advance(18)  # the countdown has been running for a while
        window.token_panel.refresh()
        shot("token-countdown")

        _wait(session.api_finished, window.action("send").trigger)
        _demo_step(window, "call-api")
        shot("send-200-pretty")

        window.expireNowButton.click()
        _wait(session.api_finished, window.action("send").trigger)
        _demo_step(window, "see-401")
        shot("expired-401-explained")

        # The same moment on a projector: presenter mode at 1280x720.
        window.resize(*PRESENTER_SIZE)
        window.action("presenterMode").setChecked(True)
        shot("presenter-mode")
        window.action("presenterMode").setChecked(False)
        window.resize(*WINDOW_SIZE)

        viewer.findChild(type(viewer.tabs), "responseTabs").setCurrentWidget(
            viewer.raw_view.parentWidget()
        )
        shot("expired-401-raw")

        _wait(session.api_finished, viewer.resend_button.click)
        _demo_step(window, "recover")
        shot("new-token-resend-200")

        clock.advance(55)  # into the last minute, then past the deadline
        window.token_panel.refresh()
        shot("token-expiring")
        clock.advance(10)
        window.token_panel.refresh()
        shot("token-expired")

        form = window.form
        form.tokenUrlEdit.setText("http://api.example.com/v3/token")
        form.extraHeadersTable.set_pairs((("X-Domain", "https://www.example.com"),))
        _settle(window, 50)
        window.credentialScroll.ensureWidgetVisible(form.extraHeadersMessage)
        shot("form-validation")

        form.tokenUrlEdit.setText(workbench.sandbox.token_url)
        form.extraHeadersTable.set_pairs(())
        open_arrow(window, 5)  # the API's 401: selected in the diagram and the timeline
        _demo_step(window, "wrap-up")
        shot("flow-diagram")

        # The same window in both themes: every status colour must read well in each.
        open_arrow(window, 5)
        with theme_applied(app, ThemeMode.DARK):
            shot("dark-theme-401-explained")
        with theme_applied(app, ThemeMode.LIGHT):
            shot("light-theme-401-explained")

        _show_saved_requests(window)
        shot("saved-requests")
    finally:
        window.close()
        workbench.close()
        app.processEvents()
    return saved


def main(argv: list[str] | None = None) -> int:
    """Entry point: one argument, the output directory."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m tests.gui.screenshots OUTDIR", file=sys.stderr)
        return 2
    for path in render_story(Path(args[0])):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The composition root: builds the application, the demo sandbox, the session, the window."""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workbench.resources import APP_ID, icon_paths

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from workbench.core.clock import Clock
    from workbench.core.profiles import ProfileStore
    from workbench.core.secret_store import SecretStore
    from workbench.sandbox import Sandbox
    from workbench.ui.session import ClientFactory
    from workbench.ui.theme import ThemeController
    from workbench.ui.window import MainWindow

APPLICATION_NAME = "OAuth Workbench"
DEMO_TOKEN_TTL_S = 60
SELF_TEST_TIMEOUT_S = 30.0
FIRST_PAINT_ENV = "WORKBENCH_BENCH_FIRST_PAINT"
"""Benchmarks only: print the wall time of the first paint, idle for the given seconds, print
the resident memory and quit."""
MODEL_FIRST = (
    "json",
    "queue",
    "workbench.core.presets",
    "workbench.core.profiles",
    "workbench.core.secret_store",
    "workbench.core.calls",
    "workbench.core.http",
    "workbench.core.problems",
    "workbench.core.recovery",
    "workbench.core.token",
    "workbench.core.clock",
    "workbench.core.loopback",
)
"""Qt-free modules the window uses from its start, imported before PySide6: PySide6's import
hook reads the source of every module imported after it (to find out whether it uses
PySide6), which costs start-up time for each of them."""


def import_the_model_first() -> None:
    """Import ``MODEL_FIRST`` unless PySide6 is loaded already (then it is too late)."""
    if "PySide6.QtCore" in sys.modules:
        return
    for name in MODEL_FIRST:
        importlib.import_module(name)


@dataclass
class Workbench:
    """What ``build_workbench`` made; ``close()`` stops the sandbox and the session."""

    window: MainWindow
    sandbox: Sandbox | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    def close(self) -> None:
        """Stop the session (at once) and the sandbox."""
        self.window.session.shutdown()
        if self.sandbox is not None:
            self.sandbox.stop()


def start_demo_sandbox(token_ttl_s: int = DEMO_TOKEN_TTL_S) -> Sandbox:
    """The in-process sandbox on a free loopback port."""
    from workbench.sandbox import Sandbox

    return Sandbox(host="127.0.0.1", port=0, token_ttl_s=token_ttl_s).start()


def build_workbench(
    *,
    demo: bool = False,
    sandbox: Sandbox | None = None,
    clock: Clock | None = None,
    client_factory: ClientFactory | None = None,
    profile_store: ProfileStore | None = None,
    secret_store: SecretStore | None = None,
    theme: ThemeController | None = None,
    keychain_in_background: bool = False,
) -> Workbench:
    """Build the session and the window; with ``demo`` (or a given sandbox) fill them for it.

    A QApplication must exist. Tests pass their own ``sandbox``, ``clock``, fake clients or
    stores. Profiles load from ``profile_store`` (default: ``profiles.json`` in the platform's
    config directory) and secrets from ``secret_store`` (default: the OS keychain through
    ``keyring``, or memory for the run when there is none). With a sandbox, the "Local
    sandbox" profile points at it and is selected. ``keychain_in_background`` (the application
    sets it) finds the keychain and reads the first profile's secrets on a worker thread.
    """
    import_the_model_first()
    from workbench.ui.session import WorkbenchSession
    from workbench.ui.window import MainWindow

    if demo and sandbox is None:
        sandbox = start_demo_sandbox()
    session = WorkbenchSession(clock=clock, client_factory=client_factory)
    window = MainWindow(
        session,
        sandbox_url=sandbox.url if sandbox is not None else "",
        sandbox=sandbox,
        profile_store=profile_store,
        secret_store=secret_store,
        theme=theme,
        keychain_in_background=keychain_in_background,
    )
    session.setParent(window)
    return Workbench(window=window, sandbox=sandbox)


def run_gui(argv: list[str], *, demo: bool = False, self_test: bool = False) -> int:
    """Open the window and run the event loop; returns the process exit code.

    ``demo`` starts the sandbox in-process with 60 s tokens and fills the form and composer.
    ``self_test`` does the same, gets a token, sends one request, expects 200 and exits
    (0 on success; 1 with the reason on stderr): a check for packaged builds.
    """
    import_the_model_first()
    from PySide6.QtWidgets import QApplication

    from workbench.ui.first_paint import AfterFirstPaint, FirstPaintProbe
    from workbench.ui.theme import ThemeController

    headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if self_test and headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # CI machines have no screen
    app = QApplication.instance() or QApplication(argv or [APPLICATION_NAME])
    assert isinstance(app, QApplication)
    app.setOrganizationName("oauth-workbench")
    app.setApplicationName(APPLICATION_NAME)
    app.setApplicationDisplayName(APPLICATION_NAME)
    app.setDesktopFileName(APP_ID)  # Wayland and docks match the window to the .desktop file
    theme = ThemeController(app, parent=app)
    theme.apply()
    try:
        workbench = build_workbench(
            demo=demo or self_test, theme=theme, keychain_in_background=True
        )
    except OSError as error:
        print(f"workbench: could not start the sandbox: {error}", file=sys.stderr)
        return 1
    window = workbench.window
    try:
        if self_test:
            return _run_self_test(app, workbench)
        after_paint = AfterFirstPaint(window)
        first_paint = os.environ.get(FIRST_PAINT_ENV)
        if first_paint is not None:
            probe = FirstPaintProbe(app, idle_s=float(first_paint or 0))
            after_paint.then(probe.painted)
        after_paint.then(lambda: app.setWindowIcon(_application_icon()))  # not worth a delay
        window.presenting.full_screen = True
        window.show()
        return int(app.exec())
    finally:
        workbench.close()


def _application_icon() -> QIcon:
    """The icon at every size shipped (the SVG scales; the PNGs are crisp at small sizes)."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for path in icon_paths():
        icon.addFile(str(path))
    return icon


def _run_self_test(app: QApplication, workbench: Workbench) -> int:
    """Token, then one API call, against the in-process sandbox; 0 when it answers 200."""
    from PySide6.QtCore import QTimer

    window = workbench.window
    session = window.session
    outcome: dict[str, str] = {}

    def finish(reason: str) -> None:
        if "result" not in outcome:
            outcome["result"] = reason
            app.quit()

    def on_token(token: object) -> None:
        if token is not None:
            window.action("send").trigger()

    def on_token_failed(problem: Any) -> None:
        finish(f"no token: {getattr(problem, 'title', problem)}")

    def on_api(exchange: Any, problem: Any) -> None:
        response = getattr(exchange, "response", None)
        if response is not None and response.status == 200:
            finish("ok")
        elif response is not None:
            finish(f"the API answered {response.status} {response.reason}")
        else:
            finish(f"no answer: {getattr(problem, 'title', problem)}")

    session.token_changed.connect(on_token)
    session.token_failed.connect(on_token_failed)
    session.api_finished.connect(on_api)
    app.setWindowIcon(_application_icon())
    window.show()
    QTimer.singleShot(0, window.action("getToken").trigger)
    QTimer.singleShot(int(SELF_TEST_TIMEOUT_S * 1000), lambda: finish("timed out"))
    app.exec()
    window.close()
    result = outcome.get("result", "the event loop ended early")
    if result == "ok":
        print("workbench self-test: ok (token, then GET /v3/accounts -> 200)")
        return 0
    print(f"workbench self-test failed: {result}", file=sys.stderr)
    return 1

"""The window's panes: credentials and token on the left, the saved requests, then request and
response on the right, the timeline below, warning banners above; and how the layout is saved
and restored."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QByteArray, QRect, QSettings, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from workbench.ui.widgets import banner, splitter
from workbench.ui.window.placement import place_window

SAVED_REQUESTS_WIDTH = 240
"""The saved requests' starting width: a tree of names, beside the composer."""

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from workbench.ui.window.actions import WindowActions


class Panes(NamedTuple):
    """The parts of the central area the window shows, hides and resizes."""

    credential_scroll: QScrollArea
    left: QSplitter
    right: QSplitter
    requests: QSplitter
    """The saved requests beside the request and the response (``right``)."""
    saved_requests: QWidget
    work: QSplitter
    timeline_box: QWidget
    main: QSplitter
    keychain_banner: QLabel
    profiles_banner: QLabel
    token_scroll: QScrollArea
    token_panel: QWidget

    def splitters(self) -> tuple[QSplitter, ...]:
        """Every splitter, whose sizes are remembered."""
        return (self.main, self.work, self.left, self.right, self.requests)


def build_panes(
    window: QMainWindow,
    *,
    form: QWidget,
    token_panel: QWidget,
    composer: QWidget,
    viewer: QWidget,
    timeline: QWidget,
    timeline_filter: QWidget,
    saved_requests: QWidget,
) -> Panes:
    """Lay the panels out as the window's central widget; returns the parts."""
    form_scroll = _scroll("credentialScroll", "Credentials", form)
    token_box = QWidget()
    token_layout = QVBoxLayout(token_box)
    token_layout.setContentsMargins(0, 0, 0, 0)
    token_title = QLabel("<b>Token</b>")
    token_title.setContentsMargins(9, 6, 0, 0)
    token_layout.addWidget(token_title)
    token_layout.addWidget(token_panel, 1)
    token_scroll = _scroll("tokenScroll", "Token", token_box)

    left = splitter(Qt.Orientation.Vertical, "leftSplitter", form_scroll, token_scroll)
    left.setSizes([440, 300])
    right = splitter(Qt.Orientation.Vertical, "rightSplitter", composer, viewer)
    _stretch(right, 0, 1)
    right.setSizes([200, 600])
    requests = splitter(Qt.Orientation.Horizontal, "requestsSplitter", saved_requests, right)
    _stretch(requests, 0, 1)
    requests.setSizes([SAVED_REQUESTS_WIDTH, 970 - SAVED_REQUESTS_WIDTH])
    work = splitter(Qt.Orientation.Horizontal, "workSplitter", left, requests)
    _stretch(work, 0, 1)
    work.setSizes([470, 970])

    timeline_box = QWidget()
    timeline_box.setObjectName("timelineBox")
    timeline_layout = QVBoxLayout(timeline_box)
    timeline_layout.setContentsMargins(6, 2, 6, 2)
    title_row = QHBoxLayout()
    title_row.addWidget(QLabel("<b>Timeline</b> — every exchange, newest first"), 1)
    title_row.addWidget(timeline_filter)
    timeline_layout.addLayout(title_row)
    timeline_layout.addWidget(timeline, 1)

    main = splitter(Qt.Orientation.Vertical, "mainSplitter", work, timeline_box)
    _stretch(main, 1, 0)
    main.setSizes([740, 150])

    keychain_banner = banner("keychainBanner", "Keychain warning")
    profiles_banner = banner("profilesBanner", "Profiles file warning")
    central = QWidget()
    central.setObjectName("centralBox")
    central_layout = QVBoxLayout(central)
    central_layout.setContentsMargins(0, 0, 0, 0)
    central_layout.setSpacing(2)
    central_layout.addWidget(keychain_banner)
    central_layout.addWidget(profiles_banner)
    central_layout.addWidget(main, 1)
    window.setCentralWidget(central)
    return Panes(
        form_scroll,
        left,
        right,
        requests,
        saved_requests,
        work,
        timeline_box,
        main,
        keychain_banner,
        profiles_banner,
        token_scroll,
        token_panel,
    )


def build_toolbar(
    window: QMainWindow, bars: Sequence[QWidget], actions: WindowActions
) -> tuple[QLabel, list[QAction]]:
    """The toolbar: the profile and environment bars, the toolbar's commands, and on the right
    the sandbox's state. Returns the state's label (the window fills it in the demo) and the
    bars' actions (a toolbar shows or hides its widgets through their actions)."""
    toolbar = QToolBar("Main")
    toolbar.setObjectName("mainToolBar")
    toolbar.setAccessibleName("Main toolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    bar_actions = [toolbar.addWidget(bar) for bar in bars]
    toolbar.addSeparator()
    actions.fill_toolbar(toolbar)
    spacer = QWidget()
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    toolbar.addWidget(spacer)
    state = QLabel()
    state.setObjectName("sandboxStateLabel")
    state.setAccessibleName("Sandbox state")
    state.setContentsMargins(0, 0, 8, 0)
    toolbar.addWidget(state)
    window.addToolBar(toolbar)
    return state, bar_actions


def restore_layout(window: QMainWindow, panes: Panes, settings: QSettings) -> bool:
    """Put back the geometry (when it fits a screen present now: ``place_window``), docks and
    splitters last saved; True when docks were restored."""
    geometry = settings.value("window/geometry")
    normal = settings.value("window/normalGeometry")
    place_window(
        window,
        QByteArray(geometry) if isinstance(geometry, QByteArray | bytes) else None,
        normal if isinstance(normal, QRect) and normal.isValid() else None,
    )
    state = settings.value("window/state")
    restored = isinstance(state, QByteArray | bytes)
    if restored:
        window.restoreState(QByteArray(state))
    for part in panes.splitters():
        sizes = settings.value(f"splitters/{part.objectName()}")
        if isinstance(sizes, QByteArray | bytes):
            part.restoreState(QByteArray(sizes))
    return restored


def save_layout(
    window: QMainWindow,
    panes: Panes,
    settings: QSettings,
    states: tuple[QByteArray, tuple[QByteArray, ...]] | None = None,
) -> None:
    """Remember the geometry, docks and splitters: as they are, or ``states`` (the window's
    and the splitters', in ``Panes.splitters`` order) when the layout on screen is not the
    one to keep (presenting)."""
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/normalGeometry", window.normalGeometry())
    window_state, splitter_states = states or (
        window.saveState(),
        tuple(part.saveState() for part in panes.splitters()),
    )
    settings.setValue("window/state", window_state)
    for part, state in zip(panes.splitters(), splitter_states, strict=True):
        settings.setValue(f"splitters/{part.objectName()}", state)


def _scroll(object_name: str, accessible_name: str, content: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setObjectName(object_name)
    scroll.setAccessibleName(accessible_name)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(content)
    return scroll


def _stretch(part: QSplitter, first: int, second: int) -> None:
    part.setStretchFactor(0, first)
    part.setStretchFactor(1, second)

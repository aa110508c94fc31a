"""Presenter mode for the window: the projector look, and a layout that tells the story."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtCore import QByteArray, QEvent, QObject, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QSplitter,
    QWidget,
)

from workbench.ui.widgets import STATUS_MESSAGE_MS
from workbench.ui.window.diagram_dock import DiagramDock
from workbench.ui.window.layout import Panes

DIAGRAM_DOCK_WIDTH = 430
NORMAL_DOCK_SHARE = 0.29
"""Out of presenter mode the diagram's column starts at most this share of the window's width."""
LEFT_PANE_WIDTH = 470
LEFT_PANE_SHARE = 0.42
"""The credentials and the token start at most this share of the central area's width: the
request's URL line and the response need the rest (1280x720 with the demo's docks)."""
GUIDED_DEMO_HEIGHT = 250
PRESENTER_DIAGRAM_SHARE = 0.42
"""In presenter mode the flow diagram (and the guided demo) take this share of the width."""

Hideable = QWidget | QAction


class _Before(NamedTuple):
    """The layout as it was before presenting: put back exactly on leaving."""

    window_size: QSize
    window_state: QByteArray
    splitter_states: tuple[QByteArray, ...]
    shown: tuple[bool, ...]
    """For each part presenting hides, whether it was shown."""
    guided_minimum_height: int


class PresenterLayout(QObject):
    """Presenter mode's layout for a projector (1280x720 and up): the flow diagram and the
    guided demo take a column of nearly half the width; the token (its countdown and state)
    sits above the request and the response. The credential form, the timeline, the profile
    bar and the sandbox address step aside (``hidden``); panels fold their details
    themselves (``set_presenter_mode``). Every line that matters gets the room it needs in
    full: the guided demo for its longest step, the token for its longest state line. Leaving
    puts the layout back exactly as it was; it is never saved as it is while presenting.

    Signals:
        status_message(str, int): what changed, for the status bar.
    """

    status_message = Signal(str, int)

    def __init__(
        self,
        window: QMainWindow,
        panes: Panes,
        diagram_dock: DiagramDock,
        guided_dock: QDockWidget | None,
        hidden: Sequence[Hideable],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._panes = panes
        self._diagram_dock = diagram_dock
        self._guided_dock = guided_dock
        self._hidden = tuple(hidden)
        self._before: _Before | None = None
        self._pending: _Before | None = None
        """The normal layout, to put back once the window has its normal size again."""
        self.full_screen = False
        """Presenting also fills the screen (the application sets it, tests do not)."""

    @property
    def presenting(self) -> bool:
        """True while the presenter layout is on."""
        return self._before is not None

    def normal_layout(self) -> tuple[QByteArray, tuple[QByteArray, ...]] | None:
        """The window's and the splitters' states as they are when not presenting, while
        presenting or until they are back on screen; None when what is on screen is it."""
        before = self._before or self._pending
        return None if before is None else (before.window_state, before.splitter_states)

    def size_docks(self) -> None:
        """The starting sizes: the diagram a column (narrower on a small screen), the guided
        demo a strip above it, and the credentials a share of what the docks leave."""
        window = self._window
        column = min(DIAGRAM_DOCK_WIDTH, round(window.width() * NORMAL_DOCK_SHARE))
        window.resizeDocks([self._diagram_dock], [column], Qt.Orientation.Horizontal)
        if self._guided_dock is not None:
            window.resizeDocks(
                [self._guided_dock, self._diagram_dock],
                [GUIDED_DEMO_HEIGHT, max(GUIDED_DEMO_HEIGHT, window.height())],
                Qt.Orientation.Vertical,
            )
        self._lay_out()
        work = self._panes.work
        _split(work, min(LEFT_PANE_WIDTH, round(sum(work.sizes()) * LEFT_PANE_SHARE)))

    @Slot(bool)
    def set_presenting(self, presenting: bool) -> None:
        """F11 or View > Presenter mode: big type, high contrast, every secret masked and the
        layout for a projector; off puts the layout back (what was masked stays masked)."""
        from workbench.ui.presenter import apply_presenter_mode

        window = self._window
        if presenting:
            if self._before is not None:
                return
            self._enter()
            apply_presenter_mode(window, True)
            if self.full_screen:
                window.showFullScreen()
            QTimer.singleShot(0, self.fit)  # once the new fonts and the screen are laid out
            self.status_message.emit(
                "Presenter mode: every secret is masked. F11 to leave.", STATUS_MESSAGE_MS
            )
            return
        apply_presenter_mode(window, False)
        if self.full_screen and window.isFullScreen():
            window.showNormal()
        self._leave()
        self.status_message.emit(
            "Presenter mode off: secrets stay masked until you reveal them.", STATUS_MESSAGE_MS
        )

    def leave_look(self) -> None:
        """Undo presenter mode's look however it was entered (it enlarges the application's
        font, which outlives the window)."""
        if self._window.findChild(QObject, "presenterModeState") is None:
            return  # never presented: nothing to undo, nothing to import
        from workbench.ui.presenter import apply_presenter_mode

        apply_presenter_mode(self._window, False)

    @Slot()
    def fit(self) -> None:
        """Size the parts for the window as it is now (call again after a resize)."""
        if self._before is None:
            return  # presenting ended before this ran
        window = self._window
        column = round(window.width() * PRESENTER_DIAGRAM_SHARE)
        window.resizeDocks([self._diagram_dock], [column], Qt.Orientation.Horizontal)
        self._lay_out()  # the docks and the central area take their new widths
        self._fit_guided_demo()
        self._lay_out()
        panes = self._panes
        _split(panes.work, self._token_height(panes.token_scroll.viewport().width()))
        request = panes.right.widget(0)
        if request is not None:  # the request, folded to its URL line, over the response
            _split(panes.right, request.sizeHint().height())

    # ----------------------------------------------------------------- internals

    def _enter(self) -> None:
        self._pending = None
        panes = self._panes
        guided = self._guided_dock
        self._before = _Before(
            window_size=self._window.size(),
            window_state=self._window.saveState(),
            splitter_states=tuple(part.saveState() for part in panes.splitters()),
            shown=tuple(_shown(part) for part in self._hidden),
            guided_minimum_height=guided.widget().minimumHeight() if guided is not None else 0,
        )
        dock = self._diagram_dock
        dock.setVisible(True)
        _ = dock.diagram  # made before presenting, so it takes the presenter look
        for part in self._hidden:
            part.setVisible(False)
        panes.work.setOrientation(Qt.Orientation.Vertical)

    def _leave(self) -> None:
        before = self._before
        self._before = None
        if before is None:
            return
        panes = self._panes
        panes.work.setOrientation(Qt.Orientation.Horizontal)
        for part, shown in zip(self._hidden, before.shown, strict=True):
            part.setVisible(shown)
        if self._guided_dock is not None:
            self._guided_dock.widget().setMinimumHeight(before.guided_minimum_height)
        self._restore(before)
        # Once more when the fonts, the toolbar and the window's own size (after full screen)
        # have been laid out again: the docks' sizes depend on them.
        self._pending = before
        QTimer.singleShot(0, self._restore_pending)

    def on_window_resized(self) -> None:
        """The window changed size: fit the presenter layout to it, or, just after presenting,
        put the normal layout back once the window is its normal size again."""
        if self._before is not None:
            QTimer.singleShot(0, self.fit)
        elif self._pending is not None:
            QTimer.singleShot(0, self._restore_pending)

    def _restore_pending(self) -> None:
        before = self._pending
        if before is not None and self._window.size() == before.window_size:
            self._pending = None
            # The toolbar and menu bar shrink back with their fonts: lay them out first, so
            # the docks get back exactly the room they had.
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            self._lay_out()
            self._restore(before)

    def _restore(self, before: _Before) -> None:
        self._window.restoreState(before.window_state)
        for part, state in zip(self._panes.splitters(), before.splitter_states, strict=True):
            part.restoreState(state)

    def _lay_out(self) -> None:
        layout = self._window.layout()
        if layout is not None:
            layout.activate()

    def _fit_guided_demo(self) -> None:
        """The guided demo as tall as its longest step needs at the column's width."""
        dock = self._guided_dock
        if dock is None or dock.isHidden():
            return
        panel = dock.widget()
        height_for = getattr(panel, "height_for_every_step", None)
        if height_for is None:
            return
        needed = int(height_for(panel.width()))
        panel.setMinimumHeight(needed)
        frame = dock.height() - panel.height()
        column = dock.height() + self._diagram_dock.height()
        self._window.resizeDocks(
            [dock, self._diagram_dock],
            [needed + frame, max(0, column - needed - frame)],
            Qt.Orientation.Vertical,
        )

    def _token_height(self, width: int) -> int:
        """The height the token area needs at ``width`` for its longest state line."""
        scroll = self._panes.token_scroll
        box = scroll.widget()
        panel = self._panes.token_panel
        label = getattr(panel, "tokenStateLabel", None)
        texts = getattr(panel, "state_texts", None)
        if box is None or not isinstance(label, QLabel) or texts is None:
            return scroll.sizeHint().height()
        kept = label.text()
        heights = []
        try:
            for text in texts():
                label.setText(text)
                panel.updateGeometry()  # the box's layout forgets the height it knew
                heights.append(box.heightForWidth(width))
        finally:
            label.setText(kept)
        return max(heights) + 2 * scroll.frameWidth()


def _split(splitter: QSplitter, first: int) -> None:
    """Give the first part of a two-part ``splitter`` ``first`` pixels, the other the rest."""
    total = sum(splitter.sizes())
    splitter.setSizes([first, max(0, total - first)])


def _shown(part: Hideable) -> bool:
    return part.isVisible() if isinstance(part, QAction) else not part.isHidden()

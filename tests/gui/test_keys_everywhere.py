"""Every key of the command table, pressed from every place the focus can be, does its job.

The table (``COMMANDS``) is read here: a command with keys and no effect check below fails, and
so does a key that is listed but not bound (its action never fires). Each place is reached as a
presenter reaches it (a click where one clicks), then every key is pressed there.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QWidget

from tests.gui.conftest import frames_settled
from tests.gui.screenshots import open_arrow
from workbench.core.calls import ApiRequest
from workbench.ui.presenter import is_presenter_mode
from workbench.ui.profiles.questions import UnsavedChoice
from workbench.ui.window.commands import COMMANDS

pytestmark = pytest.mark.gui

WAIT_MS = 10_000
KEYED = tuple(entry for entry in COMMANDS if entry.keys and not entry.scope)
"""Keys of the whole window; a pane's own keys (``scope``) are pressed in their pane below."""


@dataclass
class Stage:
    """The demo window, shown and active, with a token and one API call already made."""

    qtbot: Any
    window: Any
    sandbox: Any
    silent_url: str
    dialogs: list[str] = field(default_factory=list)
    unsaved_asked: list[str] = field(default_factory=list)
    serial: itertools.count[int] = field(default_factory=itertools.count)

    @property
    def session(self) -> Any:
        return self.window.session

    def focus(self, widget: QWidget) -> QWidget:
        """Give ``widget`` the focus (it must take it) and return it."""
        self.window.activateWindow()
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=WAIT_MS)
        return widget

    def click(self, widget: QWidget, at: QPoint | None = None) -> QWidget:
        """A real left click on ``widget`` (at its centre, or ``at``)."""
        self.window.activateWindow()
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=at or widget.rect().center())
        return widget

    def idle(self) -> None:
        """Wait until no token request or API call runs."""
        session = self.session
        self.qtbot.waitUntil(
            lambda: not session.token_busy_now and not session.api_busy_now, timeout=WAIT_MS
        )
        frames_settled(self.qtbot)

    def make_unsaved(self) -> None:
        """Change the form so that the profile has unsaved changes."""
        self.window.form.scopeEdit.setText(f"scope-{next(self.serial)}")
        assert self.window.action("save").isEnabled()


def _dialog_recorder(stage: Stage) -> Callable[[QDialog], int]:
    def run_dialog(dialog: QDialog) -> int:
        stage.dialogs.append(type(dialog).__name__)
        return int(QDialog.DialogCode.Rejected)

    return run_dialog


@pytest.fixture
def stage(qtbot: Any, build: Any, sandbox: Any, silent_server: Any) -> Stage:
    window = build(sandbox=sandbox).window
    staged = Stage(qtbot, window, sandbox, silent_server.url)
    window.questions.run_dialog = _dialog_recorder(staged)
    show_dialog = window.questions.show_dialog

    def record_and_show(dialog: QDialog) -> None:
        staged.dialogs.append(type(dialog).__name__)
        show_dialog(dialog)

    window.questions.show_dialog = record_and_show

    def confirm_unsaved(name: str) -> UnsavedChoice:
        staged.unsaved_asked.append(name)
        return UnsavedChoice.CANCEL

    window.questions.confirm_unsaved = confirm_unsaved
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    with qtbot.waitSignal(window.session.token_changed, timeout=WAIT_MS):
        window.action("getToken").trigger()
    frames_settled(qtbot)
    with qtbot.waitSignal(window.session.api_finished, timeout=WAIT_MS):
        window.action("send").trigger()
    frames_settled(qtbot)
    staged.idle()
    window.timeline.select_row(0)
    return staged


# ----------------------------------------------------------------------------- places


def _table_editor(stage: Stage, table: Any, *, row: int = 0, column: int | None = None) -> QWidget:
    """Open the editor of a cell (the first row's last by default), as a double click does;
    the editor has the focus."""
    if table.rowCount() == 0:
        table.insertRow(0)
    stage.focus(table)
    index = table.model().index(row, table.columnCount() - 1 if column is None else column)
    table.setCurrentIndex(index)
    table.edit(index)
    stage.qtbot.waitUntil(
        lambda: table.state() is QAbstractItemView.State.EditingState, timeout=WAIT_MS
    )
    editor = QApplication.focusWidget()
    assert editor is not None and table.isAncestorOf(editor)
    return editor


def _composer_headers_editor(stage: Stage) -> QWidget:
    composer = stage.window.composer
    composer.tabs.setCurrentIndex(1)
    return _table_editor(stage, composer.headers_table)


def _diagram_arrow(stage: Stage) -> QWidget:
    diagram = stage.window.flowDiagramDock.diagram
    if diagram.count() == 0:  # after New run
        _send(stage, stage.window.action("send").trigger)
    index = diagram.count() - 1
    open_arrow(stage.window, index)
    assert diagram.selected_index() == index
    return stage.focus(diagram) if QApplication.focusWidget() is not diagram else diagram


def _timeline_row(stage: Stage) -> QWidget:
    timeline = stage.window.timeline
    rect = timeline.visualRect(timeline.model().index(0, 0))
    stage.click(timeline.viewport(), rect.center())
    return stage.focus(timeline) if QApplication.focusWidget() is not timeline else timeline


def _clicked(stage: Stage, widget: QWidget) -> QWidget:
    """Click ``widget``; the keys go where the focus is then (a button disabled while its
    request runs passes the focus on), or to the window when nothing has it."""
    stage.click(widget)
    session = stage.session
    stage.qtbot.waitUntil(lambda: not session.token_busy_now, timeout=WAIT_MS)
    frames_settled(stage.qtbot)
    return QApplication.focusWidget() or stage.window


def _guided_demo_button(stage: Stage) -> QWidget:
    """A button of the guided demo, reached with Tab (a click would move the story)."""
    panel = stage.window.guided_demo
    buttons = (panel.nextButton, panel.backButton, panel.runButton)
    return stage.focus(next(button for button in buttons if button.isEnabled()))


def _response_tab_bar(stage: Stage) -> QWidget:
    bar = stage.window.viewer.tabs.tabBar()
    stage.click(bar, bar.tabRect(2).center())
    return stage.focus(bar) if QApplication.focusWidget() is not bar else bar


def _shortcuts_dialog(stage: Stage) -> QWidget:
    """The Keyboard shortcuts list, opened with F1 and left open beside the work."""
    from workbench.ui.window.shortcuts_dialog import KeyboardShortcutsDialog

    window = stage.window
    dialog = window.findChild(KeyboardShortcutsDialog)
    if dialog is None:
        QTest.keySequence(window, QKeySequence("F1"))
        dialog = window.findChild(KeyboardShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.activateWindow()
    stage.qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=WAIT_MS)
    dialog.table.setFocus(Qt.FocusReason.OtherFocusReason)
    stage.qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.table, timeout=WAIT_MS)
    return dialog.table


def _find_field(stage: Stage) -> QWidget:
    """The response's find field (Ctrl+F), typed in; left as it is when already open."""
    finder = stage.window.viewer.finder()
    if finder.bar.isHidden():
        finder.open()
    return stage.focus(finder.bar.edit)


def _saved_requests_tree(stage: Stage) -> QWidget:
    """The saved requests pane, shown and read, a request selected in its tree (as clicked)."""
    window = stage.window
    window.action("savedRequests").setChecked(True)
    collections = window.saved_requests.collections
    stage.qtbot.waitUntil(lambda: collections.loaded, timeout=WAIT_MS)
    tree = window.saved_requests_panel.tree
    assert tree.select_path(("Accounts", "Get account"))
    return stage.focus(tree)


PLACES: dict[str, Callable[[Stage], QWidget]] = {
    "form: client id": lambda s: s.focus(s.window.form.clientIdEdit),
    "form: extra headers cell editor": lambda s: _table_editor(
        s, s.window.form.extraHeadersTable.table
    ),
    "composer: headers cell editor": _composer_headers_editor,
    "composer: URL": lambda s: s.focus(s.window.composer.url_edit),
    "composer: body": lambda s: s.focus(s.window.composer.body_edit),
    "response: tab bar": _response_tab_bar,
    "response: Explained": lambda s: s.focus(s.window.viewer.problem_view),
    "response: Raw": lambda s: s.focus(s.window.viewer.raw_view),
    "response: Headers": lambda s: s.focus(s.window.viewer.headers_view),
    "response: find field": _find_field,
    "timeline: a clicked row": _timeline_row,
    "timeline: filter field": lambda s: s.focus(s.window.timeline_filter.text_edit),
    "flow diagram: a clicked arrow": _diagram_arrow,
    "guided demo: a button": _guided_demo_button,
    "status bar: after Expire now": lambda s: _clicked(s, s.window.expireNowButton),
    "status bar: after Advance": lambda s: _clicked(s, s.window.sandboxControls.advanceClockButton),
    "status bar: token lifetime box": lambda s: s.focus(s.window.sandboxControls.tokenLifetimeSpin),
    "token panel: after Get token": lambda s: _clicked(s, s.window.token_panel.getTokenButton),
    "toolbar: profile list": lambda s: s.focus(s.window.profile_bar.profileCombo),
    "toolbar: environment list": lambda s: s.focus(s.window.saved_requests.environment_bar.combo),
    "saved requests: tree": _saved_requests_tree,
    "dialog: Keyboard shortcuts": _shortcuts_dialog,
}
"""Where the focus can be, and how a presenter puts it there."""

TAKEN_FIRST: dict[tuple[str, str], str] = {
    ("dialog: Keyboard shortcuts", "Esc"): "closes the list, as in every dialog",
    ("form: extra headers cell editor", "Esc"): "closes the cell editor, as in every table",
    ("composer: headers cell editor", "Esc"): "closes the cell editor, as in every table",
    ("response: find field", "Esc"): "closes the find bar, as in every find bar",
}
"""Keys a place uses itself first, on purpose; pressed once more they do the command's job."""


# ----------------------------------------------------------------------------- effects

Press = Callable[[], None]


def _get_token(stage: Stage, press: Press) -> None:
    with stage.qtbot.waitSignal(stage.session.token_changed, timeout=WAIT_MS):
        press()


def _send(stage: Stage, press: Press) -> None:
    with stage.qtbot.waitSignal(stage.session.api_finished, timeout=WAIT_MS) as finished:
        press()
    frames_settled(stage.qtbot)
    assert finished.args[0] is not None and finished.args[0].response is not None


def _cancel(stage: Stage, press: Press) -> None:
    window = stage.window
    window.guided_demo.go_to(2)  # Back stays enabled while the call runs
    request = window.composer.current_request()
    window.composer.set_request(ApiRequest("GET", stage.silent_url + "/v3/accounts"))
    with stage.qtbot.waitSignal(stage.session.api_busy, timeout=WAIT_MS):
        window.action("send").trigger()
    try:
        with stage.qtbot.waitSignal(stage.session.api_cancelled, timeout=WAIT_MS):
            press()
        assert not stage.session.api_busy_now
    finally:
        window.composer.set_request(request)


def _reveal(stage: Stage, press: Press) -> None:
    check = stage.window.viewer.reveal_check
    before = check.isChecked()
    press()
    assert check.isChecked() is not before


def _dialog(name: str) -> Callable[[Stage, Press], None]:
    def opens(stage: Stage, press: Press) -> None:
        stage.dialogs.clear()
        press()
        stage.qtbot.waitUntil(lambda: stage.dialogs == [name], timeout=WAIT_MS)

    return opens


def _save(stage: Stage, press: Press) -> None:
    stage.make_unsaved()
    press()
    assert not stage.window.profiles.is_modified()


def _quit(stage: Stage, press: Press) -> None:
    stage.make_unsaved()
    stage.unsaved_asked.clear()
    press()
    assert stage.unsaved_asked, "a user's quit asks about unsaved changes"
    assert stage.window.isVisible(), "Cancel keeps the window"
    stage.window.profiles.save()


def _paste_curl(stage: Stage, press: Press) -> None:
    composer = stage.window.composer
    request = composer.current_request()
    url = f"http://127.0.0.1:9/v3/pasted-{next(stage.serial)}"
    QGuiApplication.clipboard().setText(f"curl {url}")
    try:
        press()
        assert composer.current_request().url == url
    finally:
        composer.set_request(request)


def _copy_curl(stage: Stage, press: Press) -> None:
    QGuiApplication.clipboard().setText("nothing yet")
    stage.window.timeline.select_row(0)
    press()
    assert QGuiApplication.clipboard().text().startswith("curl ")


def _presenter(stage: Stage, press: Press) -> None:
    window = stage.window
    press()
    assert is_presenter_mode(window)
    QTest.keySequence(QApplication.focusWidget() or window, QKeySequence("F11"))
    assert not is_presenter_mode(window)


def _expire(stage: Stage, press: Press) -> None:
    status = stage.window.statusBar()
    status.clearMessage()
    press()
    assert "expired every token" in status.currentMessage()


def _demo_next(stage: Stage, press: Press) -> None:
    panel = stage.window.guided_demo
    panel.go_to(0)
    press()
    assert panel.current_index() == 1
    stage.idle()


def _demo_back(stage: Stage, press: Press) -> None:
    panel = stage.window.guided_demo
    panel.go_to(3)
    press()
    assert panel.current_index() == 2


def _new_run(stage: Stage, press: Press) -> None:
    window = stage.window
    if window.timeline.count() == 0:
        _send(stage, window.action("send").trigger)
    token = stage.session.token
    press()
    assert window.timeline.count() == 0
    assert window.flowDiagramDock.diagram.count() == 0
    assert window.viewer.exchange() is None
    assert stage.session.token is token is not None, "the token stays"


def _find(stage: Stage, press: Press) -> None:
    bar = stage.window.viewer.finder().bar
    bar.close_bar()
    press()
    assert bar.isVisible()
    stage.qtbot.waitUntil(lambda: QApplication.focusWidget() is bar.edit, timeout=WAIT_MS)
    bar.close_bar()


def _find_step(direction: int) -> Callable[[Stage, Press], None]:
    def moves(stage: Stage, press: Press) -> None:
        viewer = stage.window.viewer
        stage.qtbot.waitUntil(lambda: not viewer.is_loading(), timeout=WAIT_MS)
        finder = viewer.finder()
        viewer.tabs.setCurrentIndex(2)  # Raw: the request line and the status line
        finder.open()
        finder.bar.edit.setText("HTTP/1.1")
        search = finder.search
        stage.qtbot.waitUntil(lambda: not search.state().searching, timeout=WAIT_MS)
        assert search.state().matches >= 2, viewer.raw_view.toPlainText()[:200]
        search.next()
        before, shown = search.state().current, viewer.exchange()
        press()
        state = search.state()
        if viewer.exchange() is shown:
            assert state.current == (before + direction - 1) % state.matches + 1
        else:  # the place made a new exchange (Get token), opened on another tab: F3 kept
            assert finder.bar.isVisible() and finder.bar.needle() == "HTTP/1.1"
        finder.bar.close_bar()

    return moves


def _filter_timeline(stage: Stage, press: Press) -> None:
    press()
    field = stage.window.timeline_filter.text_edit
    stage.qtbot.waitUntil(lambda: QApplication.focusWidget() is field, timeout=WAIT_MS)


EFFECTS: dict[str, Callable[[Stage, Press], None]] = {
    "getToken": _get_token,
    "send": _send,
    "cancel": _cancel,
    "revealSecrets": _reveal,
    "newProfile": _dialog("NewProfileDialog"),
    "save": _save,
    "saveRequestAs": _dialog("NameAndFolderDialog"),
    "exportHar": _dialog("ExportDialog"),
    "quit": _quit,
    "importCurl": _dialog("CurlImportDialog"),
    "pasteCurl": _paste_curl,
    "copyAsCurl": _copy_curl,
    "presenterMode": _presenter,
    "expireNow": _expire,
    "demoNext": _demo_next,
    "demoBack": _demo_back,
    "newRun": _new_run,
    "keyboardShortcuts": _dialog("KeyboardShortcutsDialog"),
    "find": _find,
    "findNext": _find_step(+1),
    "findPrevious": _find_step(-1),
    "filterTimeline": _filter_timeline,
}
"""What each keyed command visibly does; one entry per command of the table with keys."""


def test_every_keyed_command_of_the_table_has_an_effect_checked() -> None:
    assert {entry.action_id for entry in KEYED} == set(EFFECTS)


@pytest.mark.parametrize("place", list(PLACES))
def test_every_key_works_from(place: str, stage: Stage) -> None:
    failures: list[str] = []
    for entry in KEYED:
        for keys in entry.keys:

            def press(keys: str = keys) -> None:
                """Put the focus in ``place`` (after the effect's set-up), then press ``keys``."""
                widget = PLACES[place](stage)
                if (place, keys) in TAKEN_FIRST:
                    QTest.keySequence(widget, QKeySequence(keys))
                    assert QApplication.focusWidget() is not widget, TAKEN_FIRST[place, keys]
                    if QApplication.activeWindow() is None:
                        stage.window.activateWindow()  # a window manager does it for a dialog
                        stage.qtbot.waitUntil(stage.window.isActiveWindow, timeout=WAIT_MS)
                    widget = QApplication.focusWidget() or stage.window
                QTest.keySequence(widget, QKeySequence(keys))

            try:
                EFFECTS[entry.action_id](stage, press)
            except AssertionError as error:
                failures.append(f"{keys} ({entry.action_id}): {error}".splitlines()[0])
            stage.idle()
    assert not failures, f"from {place}:\n" + "\n".join(failures)


def test_a_cell_being_typed_in_goes_with_the_request_ctrl_enter_sends(stage: Stage) -> None:
    composer = stage.window.composer
    composer.tabs.setCurrentIndex(1)
    table = composer.headers_table
    row = table.rowCount() - 1
    editor = _table_editor(stage, table, row=row, column=table.columnCount() - 2)
    QTest.keyClicks(editor, "X-Typed-Just-Now")
    with stage.qtbot.waitSignal(stage.session.api_finished, timeout=WAIT_MS) as finished:
        QTest.keySequence(editor, QKeySequence("Ctrl+Return"))
    assert finished.args[0].request.header("X-Typed-Just-Now") is not None


def test_a_cell_being_typed_in_goes_with_the_token_request_ctrl_t(stage: Stage) -> None:
    params = stage.window.form.extraParamsTable
    params.add_pair("audience", "")
    editor = _table_editor(stage, params.table, row=params.table.rowCount() - 1, column=1)
    QTest.keyClicks(editor, "typed-now")
    with stage.qtbot.waitSignal(stage.session.exchange_recorded, timeout=WAIT_MS) as recorded:
        QTest.keySequence(editor, QKeySequence("Ctrl+T"))
    assert b"audience=typed-now" in recorded.args[0].request.body

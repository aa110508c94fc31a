"""Variables and environments in the window: resolved on every send (secret ones from the
keychain, masked everywhere), unknown ones flagged as typed and refused with their place,
``{{token}}`` the current token, environments chosen per profile and edited in a dialog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QDialog

from tests.gui.conftest import frames_settled
from tests.gui.saved_requests_helpers import (
    WAIT_MS,
    activate,
    collections_of,
    folder_of,
    shown_window,
)
from workbench.core.calls import ApiRequest
from workbench.core.exports import ExportFormat, export_text
from workbench.core.secret import MASK
from workbench.core.secret_store import SERVICE
from workbench.ui.collections.variables_dialog import VariablesDialog

pytestmark = pytest.mark.gui

SECRET = "FAKE-env-secret-4242"


def get_token(qtbot: Any, window: Any) -> None:
    with qtbot.waitSignal(window.session.token_changed, timeout=WAIT_MS):
        window.action("getToken").trigger()
    frames_settled(qtbot)


def send(qtbot: Any, window: Any) -> Any:
    with qtbot.waitSignal(window.session.api_finished, timeout=WAIT_MS) as finished:
        window.action("send").trigger()
    frames_settled(qtbot)
    return finished.args[0]


def fill_dialog(window: Any, fill: Any) -> list[str]:
    """Run the variables dialog with ``fill(dialog)`` then OK; returns what was shown."""
    shown: list[str] = []

    def run(dialog: Any) -> int:
        shown.append(type(dialog).__name__)
        if isinstance(dialog, VariablesDialog):
            fill(dialog)
            dialog.on_buttons_accepted()
            return int(dialog.result())
        return int(QDialog.DialogCode.Rejected)

    window.questions.run_dialog = run
    return shown


def add_row(dialog: VariablesDialog, name: str, value: str, *, secret: bool = False) -> None:
    """Type a variable into the dialog's table as a user would (a secret one masked)."""
    from workbench.core.secret import Secret
    from workbench.ui.collections.variables_dialog import ROLE_SECRET

    dialog.on_add_clicked()
    table = dialog.table
    row = table.rowCount() - 1
    table.item(row, 0).setText(name)
    check = table.item(row, 2)
    check.setCheckState(Qt.CheckState.Checked if secret else Qt.CheckState.Unchecked)
    if secret:
        table.item(row, 1).setData(ROLE_SECRET, Secret(value))
        table.item(row, 1).setText(MASK)
    else:
        table.item(row, 1).setText(value)


def test_a_saved_request_is_sent_resolved_and_shown_as_sent(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = shown_window(build, qtbot, sandbox)
    activate(qtbot, window, ("Accounts", "Get account"))
    get_token(qtbot, window)
    exchange = send(qtbot, window)
    assert exchange.request.url == f"{sandbox.url}/v3/accounts"
    assert exchange.response.status == 200
    qtbot.waitUntil(lambda: not window.viewer.is_loading(), timeout=WAIT_MS)
    assert "GET /v3/accounts HTTP/1.1" in window.viewer.raw_view.toPlainText()
    assert "{{" not in window.timeline.story()[-1][0].request.url


def test_an_unknown_variable_is_flagged_as_typed_and_never_sent(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = shown_window(build, qtbot, sandbox)
    composer = window.composer
    get_token(qtbot, window)
    before = window.timeline.count()
    composer.set_request(ApiRequest("GET", "{{baseUrl}}/contacts/{{contactId}}"))
    composer.body_edit.setPlainText('{\n  "name": "{{nobody}}"\n}')
    qtbot.waitUntil(composer.variables_message.isVisible, timeout=WAIT_MS)
    said = composer.variables_message.text()
    assert "{{contactId}} is not defined (URL)" in said
    assert "{{nobody}} is not defined (body, line 2)" in said
    formats = composer.body_edit.document().findBlockByNumber(1).layout().formats()
    wavy = QTextCharFormat.UnderlineStyle.WaveUnderline
    assert [f.start for f in formats if f.format.underlineStyle() == wavy] == [11]
    with qtbot.assertNotEmitted(window.session.api_busy, wait=100):
        window.action("send").trigger()
    refused = composer.url_message.text()
    assert refused.startswith("Not sent:")
    assert "URL, column 22: {{contactId}} is not defined" in refused
    assert "body, line 2, column 12: {{nobody}} is not defined" in refused
    assert window.timeline.count() == before, "nothing went out, not even literally"


def test_a_stray_brace_pair_is_refused_not_sent_as_typed(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = shown_window(build, qtbot, sandbox)
    window.composer.set_request(ApiRequest("GET", f"{sandbox.url}/v3/accounts?q={{{{"))
    with qtbot.assertNotEmitted(window.session.api_busy, wait=100):
        window.action("send").trigger()
    assert "does not start a variable" in window.composer.url_message.text()


def test_the_token_variable_is_the_current_token_masked_in_every_view(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = shown_window(build, qtbot, sandbox)
    get_token(qtbot, window)
    token = window.session.token.value.reveal()
    window.composer.set_request(
        ApiRequest(
            "POST",
            "{{baseUrl}}/tags",
            (("Content-Type", "application/json"), ("X-Echo", "{{token}}")),
            b'{"name": "t{{$randomInt}}", "note": "{{token}}"}',
            apply_token=True,
        )
    )
    exchange = send(qtbot, window)
    assert exchange.request.header("X-Echo") == token
    assert token.encode() in exchange.request.body
    qtbot.waitUntil(lambda: not window.viewer.is_loading(), timeout=WAIT_MS)
    assert token not in window.viewer.raw_view.toPlainText()
    sources = window.exports.sources()
    for kind in (ExportFormat.HAR, ExportFormat.REPORT):
        assert token not in export_text(sources, kind, include_secrets=False)


def test_environments_are_edited_chosen_and_their_secrets_kept_in_the_keychain(
    qtbot: Any, build: Any, sandbox: Any, memory_keyring: Any
) -> None:
    window = shown_window(build, qtbot, sandbox)
    variables = window.saved_requests.variables

    def fill(dialog: VariablesDialog) -> None:
        dialog.name_edit.setText("Staging")
        dialog.on_new_env_clicked()
        add_row(dialog, "tagPrefix", "stage-")
        add_row(dialog, "legacyKey", SECRET, secret=True)

    shown = fill_dialog(window, fill)
    window.action("editVariables").trigger()
    assert shown == ["VariablesDialog"]
    bar = window.saved_requests.environment_bar
    assert [bar.combo.itemText(i) for i in range(bar.combo.count())] == [
        "No environment",
        "Staging",
    ]
    env_file = folder_of(window) / "_environments" / "staging.toml"
    text = env_file.read_text(encoding="utf-8")
    assert "tagPrefix" in text and "legacyKey" in text and SECRET not in text
    profile_id = window.profiles.current_id
    assert memory_keyring.entries[(SERVICE, f"{profile_id}/variable/Staging/legacyKey")] == SECRET
    window.composer.set_request(
        ApiRequest(
            "GET", "{{baseUrl}}/tags?query[name]={{tagPrefix}}", (("X-Legacy", "{{legacyKey}}"),)
        )
    )
    with qtbot.assertNotEmitted(window.session.api_busy, wait=100):
        window.action("send").trigger()  # no environment chosen: not defined
    assert "{{tagPrefix}} is not defined" in window.composer.url_message.text()
    bar.combo.setCurrentIndex(1)
    bar.combo.activated.emit(1)
    assert variables.current == "Staging"
    get_token(qtbot, window)
    exchange = send(qtbot, window)
    assert exchange.request.url.endswith("=stage-")
    assert exchange.request.header("X-Legacy") == SECRET
    qtbot.waitUntil(lambda: not window.viewer.is_loading(), timeout=WAIT_MS)
    assert SECRET not in window.viewer.raw_view.toPlainText()
    sources = window.exports.sources()
    for kind in (ExportFormat.HAR, ExportFormat.REPORT, ExportFormat.CURL):
        assert SECRET not in export_text(sources, kind, include_secrets=False)
    for path in folder_of(window).rglob("*"):
        if path.is_file():
            assert SECRET not in path.read_text(encoding="utf-8"), path
    window.close()
    again = shown_window(build, qtbot, sandbox)
    assert again.saved_requests.variables.current == "Staging", "remembered per profile"


def test_the_editor_shows_the_collections_variables_and_ok_keeps_them(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = shown_window(build, qtbot, sandbox)
    starter = collections_of(window).collection().variables
    assert [variable.name for variable in starter] == ["email", "campaignId"]
    seen: list[list[str]] = []

    def look_then_delete_an_environment(dialog: VariablesDialog) -> None:
        seen.append([dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())])
        dialog.name_edit.setText("Scratch")
        dialog.on_new_env_clicked()
        add_row(dialog, "tagPrefix", "tmp-")
        dialog.on_delete_env_clicked()
        seen.append([dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())])

    fill_dialog(window, look_then_delete_an_environment)
    window.action("editVariables").trigger()
    assert seen == [["email", "campaignId"], ["email", "campaignId"]]
    assert collections_of(window).collection().variables == starter
    assert not (folder_of(window) / "_environments" / "scratch.toml").exists()
    assert window.saved_requests.variables.environments.environments == ()


def test_the_editor_refuses_a_credential_typed_in_clear(
    qtbot: Any, build: Any, sandbox: Any
) -> None:
    window = shown_window(build, qtbot, sandbox)

    def fill(dialog: VariablesDialog) -> None:
        add_row(dialog, "apiKey", "FAKE0000clear")

    fill_dialog(window, fill)
    window.action("editVariables").trigger()
    store_file = Path(folder_of(window) / "_collection.toml")
    assert "FAKE0000clear" not in store_file.read_text(encoding="utf-8")
    assert all(v.name != "apiKey" for v in collections_of(window).collection().variables)


def test_a_secret_variable_waits_for_the_keychain_worker_then_goes(
    qtbot: Any, build: Any, sandbox: Any, memory_keyring: Any
) -> None:
    window = shown_window(build, qtbot, sandbox, keychain_in_background=True)
    collections = collections_of(window)
    profile_id = window.profiles.current_id
    from workbench.core.collections.model import Variable

    assert collections.store is not None
    collections.store.set_variables(
        (*collections.collection().variables, Variable("apiKey", secret=True))
    )
    collections.collection_changed.emit()
    memory_keyring.entries[(SERVICE, f"{profile_id}/variable/apiKey")] = SECRET
    window.composer.set_request(
        ApiRequest("GET", "{{baseUrl}}/accounts", (("X-Key", "{{apiKey}}"),))
    )
    get_token(qtbot, window)
    exchange = send(qtbot, window)
    assert exchange.request.header("X-Key") == SECRET
    memory_keyring.entries.clear()  # read once, kept for the run
    assert send(qtbot, window).request.header("X-Key") == SECRET

"""File > Export… and Copy as cURL / Python: redacted unless "Include secrets" is ticked."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from haralyzer import HarParser
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog

from tests.gui.conftest import frames_settled
from workbench.core.exports import ExportFormat
from workbench.ui.export_dialog import MASKED_NOTE, SECRETS_WARNING, ExportDialog

pytestmark = pytest.mark.gui

SIGNAL_TIMEOUT_MS = 10_000
CLIENT_ID = "export-client"
CLIENT_SECRET = "fake-export-secret-4b1d9e"
"""A fake secret of this test's own sandbox, distinct from the demo's."""


@pytest.fixture
def export_sandbox() -> Iterator[Any]:
    from workbench.sandbox import Sandbox

    with Sandbox(host="127.0.0.1", port=0, clients={CLIENT_ID: CLIENT_SECRET}) as box:
        yield box


@pytest.fixture
def told(build: Any, export_sandbox: Any, qtbot: Any) -> tuple[Any, list[str]]:
    """A window that got a token and called the API; and the secrets that must not leak."""
    window = build(sandbox=export_sandbox).window
    window.form.clientIdEdit.setText(CLIENT_ID)
    window.form.clientSecretEdit.setText(CLIENT_SECRET)
    with qtbot.waitSignal(window.session.token_changed, timeout=SIGNAL_TIMEOUT_MS) as changed:
        window.action("getToken").trigger()
    frames_settled(qtbot)
    token = changed.args[0].value.reveal()
    with qtbot.waitSignal(window.session.api_finished, timeout=SIGNAL_TIMEOUT_MS) as finished:
        window.action("send").trigger()
    frames_settled(qtbot)
    assert finished.args[0].response.status == 200
    basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    return window, [CLIENT_SECRET, token, basic]


def run_export(
    window: Any, tmp_path: Path, work: Callable[[ExportDialog], None], action: Any = None
) -> list[ExportDialog]:
    """Open File > Export… (or ``action``) with ``work`` run on the dialog while it is open."""
    seen: list[ExportDialog] = []

    def run(dialog: QDialog) -> int:
        assert isinstance(dialog, ExportDialog)
        seen.append(dialog)
        work(dialog)
        return int(QDialog.DialogCode.Rejected)

    window.questions.run_dialog = run
    window.questions.choose_export_file = lambda _title, name, _filters: str(tmp_path / name)
    (action or window.action("exportHar")).trigger()
    assert len(seen) == 1
    return seen


def saved_text(dialog: ExportDialog, tmp_path: Path, name: str) -> str:
    dialog.saveButton.click()
    path = tmp_path / name
    assert "Saved to" in dialog.statusLabel.text()
    return path.read_text(encoding="utf-8")


def test_har_opens_with_a_har_reader_and_holds_no_secret_unless_ticked(
    told: tuple[Any, list[str]], tmp_path: Path
) -> None:
    window, secrets = told
    texts: dict[bool, str] = {}

    def work(dialog: ExportDialog) -> None:
        assert dialog.current_format() is ExportFormat.HAR
        assert not dialog.includeSecretsCheck.isChecked(), "off by default"
        assert dialog.secretsNoteLabel.text() == MASKED_NOTE
        texts[False] = saved_text(dialog, tmp_path, "workbench.har")
        dialog.includeSecretsCheck.setChecked(True)
        assert dialog.secretsNoteLabel.text() == SECRETS_WARNING
        texts[True] = saved_text(dialog, tmp_path, "workbench.har")
        assert "WITH SECRETS" in dialog.statusLabel.text()

    run_export(window, tmp_path, work)
    for text in texts.values():
        entries = HarParser(json.loads(text)).har_data["entries"]
        assert [entry["response"]["status"] for entry in entries] == [200, 200]
        assert entries[0]["request"]["url"].endswith("/v3/token"), "oldest first"
    for secret in secrets:
        assert secret not in texts[False], secret
    assert secrets[1] in texts[True] and secrets[2] in texts[True]
    assert "Saved to" in window.statusBar().currentMessage()


def test_debug_report_holds_no_secret_unless_ticked(
    told: tuple[Any, list[str]], tmp_path: Path
) -> None:
    window, secrets = told
    texts: dict[bool, str] = {}

    def work(dialog: ExportDialog) -> None:
        dialog.set_format(ExportFormat.REPORT)
        texts[False] = saved_text(dialog, tmp_path, "workbench-report.html")
        dialog.includeSecretsCheck.setChecked(True)
        texts[True] = saved_text(dialog, tmp_path, "workbench-report.html")

    run_export(window, tmp_path, work)
    masked = texts[False]
    assert masked.startswith("<!DOCTYPE html>")
    assert "Local sandbox" in masked, "the profile's name"
    assert CLIENT_ID in masked
    assert "set (not shown)" in masked
    for secret in secrets:
        assert secret not in masked, secret
    assert secrets[1] in texts[True] and secrets[2] in texts[True]


def test_curl_of_the_selected_exchange_and_the_clipboard(
    told: tuple[Any, list[str]], tmp_path: Path
) -> None:
    window, secrets = told
    window.timeline.select_row(1)  # the token request (newest first)
    clipboard = QGuiApplication.clipboard()

    def work(dialog: ExportDialog) -> None:
        assert ExportFormat.CURL in dialog.formats()
        dialog.set_format(ExportFormat.CURL)
        dialog.copyButton.click()
        assert "Copied" in dialog.statusLabel.text()

    run_export(window, tmp_path, work)
    command = clipboard.text()
    assert command.startswith("curl -X POST")
    assert "/v3/token" in command
    assert "${CLIENT_SECRET}" in command
    for secret in secrets:
        assert secret not in command

    window.timeline.select_row(0)
    window.action("copyAsCurl").trigger()
    command = clipboard.text()
    assert command.startswith("curl -X GET") and "/v3/accounts" in command
    assert "${ACCESS_TOKEN}" in command
    assert secrets[1] not in command
    assert "Copied as cURL" in window.statusBar().currentMessage()


def test_python_snippet_never_holds_the_secret(
    told: tuple[Any, list[str]], tmp_path: Path, export_sandbox: Any
) -> None:
    window, secrets = told

    def work(dialog: ExportDialog) -> None:
        dialog.set_format(ExportFormat.PYTHON)
        assert not dialog.includeSecretsCheck.isEnabled()
        dialog.includeSecretsCheck.setChecked(True)
        assert not dialog.include_secrets()
        text = saved_text(dialog, tmp_path, "call_api.py")
        compile(text, "call_api.py", "exec")
        assert export_sandbox.token_url in text
        assert "OAUTH_CLIENT_SECRET" in text
        for secret in secrets:
            assert secret not in text

    run_export(window, tmp_path, work)
    window.action("copyAsPython").trigger()
    snippet = QGuiApplication.clipboard().text()
    assert export_sandbox.url + "/v3/accounts" in snippet
    assert CLIENT_SECRET not in snippet


def test_without_a_selection_there_is_no_curl_and_a_failed_save_says_why(
    build: Any, tmp_path: Path
) -> None:
    window = build().window

    def work(dialog: ExportDialog) -> None:
        assert ExportFormat.CURL not in dialog.formats()
        assert json.loads(dialog.content())["log"]["entries"] == []
        assert not dialog.save_to(str(tmp_path / "missing-folder" / "x.har"))
        assert "Could not save" in dialog.statusLabel.text()

    run_export(window, tmp_path, work)
    window.action("copyAsCurl").trigger()
    assert "No exchange" in window.statusBar().currentMessage()


def test_the_timeline_menu_offers_copy_as_curl(told: tuple[Any, list[str]]) -> None:
    window, _secrets = told
    timeline = window.timeline
    position = timeline.visualRect(timeline.timeline_model().index(1, 0)).center()
    menu = window.exports.timeline_menu(position)
    assert menu.objectName() == "timelineMenu"
    assert menu.actions() == [window.action("copyAsCurl"), window.action("exportHar")]
    assert window.exports.selected_exchange().kind.value == "token", "the row clicked is selected"
    menu.deleteLater()


def test_presenter_mode_keeps_include_secrets_out_of_reach(
    told: tuple[Any, list[str]], tmp_path: Path
) -> None:
    window, secrets = told
    window.action("presenterMode").setChecked(True)
    texts: list[str] = []

    def try_to_include(dialog: ExportDialog) -> None:
        assert not dialog.includeSecretsCheck.isEnabled()
        dialog.includeSecretsCheck.click()  # a click on a disabled box does nothing
        assert not dialog.includeSecretsCheck.isChecked()
        dialog.set_format(ExportFormat.PYTHON)
        dialog.set_format(ExportFormat.HAR)  # another format does not unlock it
        assert not dialog.includeSecretsCheck.isEnabled()
        texts.append(saved_text(dialog, tmp_path, "workbench.har"))

    run_export(window, tmp_path, try_to_include)
    window.action("presenterMode").setChecked(False)
    assert texts and not any(secret in texts[0] for secret in secrets)

"""TLS off in the window: said next to Get token, readable in every look, and at cURL import."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from tests.gui.test_theme import WCAG_TEXT_RATIO
from workbench.ui.field_borders import contrast_ratio
from workbench.ui.theme import ThemeMode, apply_theme

pytestmark = pytest.mark.gui

INSECURE_TOKEN_CURL = (
    "curl -k -X POST https://auth.example.test/v3/token -u 'c:fake-secret-for-k' "
    "-d 'grant_type=client_credentials'"
)
INSECURE_API_CURL = "curl --insecure https://api.example.test/v3/accounts -H 'Accept: */*'"


@pytest.fixture
def window(build: Any, qtbot: Any) -> Any:
    shown = build().window
    shown.show()
    qtbot.waitExposed(shown)
    return shown


@pytest.fixture
def notices(window: Any) -> list[QMessageBox]:
    """The message boxes the window shows (answered at once, as a user closing them)."""
    seen: list[QMessageBox] = []

    def run(dialog: QDialog) -> int:
        assert isinstance(dialog, QMessageBox)
        seen.append(dialog)
        return int(QMessageBox.StandardButton.Ok)

    window.questions.run_dialog = run
    return seen


@pytest.fixture
def restore_theme(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    apply_theme(qapp, ThemeMode.SYSTEM)


def set_token_url(window: Any, url: str, *, verify: bool) -> None:
    window.form.tokenUrlEdit.setText(url)
    window.form.verifyTlsCheck.setChecked(verify)


def banner_of(window: Any) -> Any:
    return window.token_panel.tlsWarningLabel


def test_tls_off_is_said_next_to_get_token_and_goes_when_turned_back_on(window: Any) -> None:
    assert not banner_of(window).isVisibleTo(window)
    set_token_url(window, "https://auth.example.test/v3/token", verify=False)
    banner = banner_of(window)
    assert banner.isVisibleTo(window)
    assert "TLS verification is off" in banner.text() and "auth.example.test" in banner.text()
    assert banner.parentWidget() is window.token_panel
    assert abs(banner.y() - window.token_panel.getTokenButton.y()) < 80  # right below it
    window.form.verifyTlsCheck.setChecked(True)
    assert not banner.isVisibleTo(window)


@pytest.mark.parametrize(
    ("url", "shown"),
    [("http://auth.example.test/token", True), ("http://127.0.0.1:9/token", False)],
)
def test_plain_http_to_another_computer_is_said_too(window: Any, url: str, shown: bool) -> None:
    set_token_url(window, url, verify=True)
    assert banner_of(window).isVisibleTo(window) is shown
    if shown:
        assert "plain http" in banner_of(window).text()


@pytest.mark.parametrize("mode", [ThemeMode.LIGHT, ThemeMode.DARK])
@pytest.mark.parametrize("presenting", [False, True])
def test_the_warning_is_readable_in_both_themes_and_when_presenting(
    qtbot: Any, window: Any, restore_theme: QApplication, mode: ThemeMode, presenting: bool
) -> None:
    apply_theme(restore_theme, mode)
    set_token_url(window, "https://auth.example.test/v3/token", verify=False)
    window.action("presenterMode").setChecked(presenting)
    try:
        banner = banner_of(window)
        assert banner.isVisible()
        assert banner.autoFillBackground()
        palette = banner.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        background = palette.color(QPalette.ColorRole.Window)
        assert contrast_ratio(text, background) >= WCAG_TEXT_RATIO
        pixel = banner.grab().toImage().pixelColor(2, banner.height() // 2)
        assert contrast_ratio(text, pixel) >= WCAG_TEXT_RATIO  # what is painted, too
        assert banner.font().pointSizeF() == window.font().pointSizeF()  # enlarged with it
    finally:
        window.action("presenterMode").setChecked(False)


def test_a_pasted_curl_k_says_at_import_that_tls_is_off_in_a_message_that_stays(
    qtbot: Any, window: Any, notices: list[QMessageBox]
) -> None:
    window.curl_import.import_text(INSECURE_TOKEN_CURL)
    assert not window.form.config().verify_tls
    assert len(notices) == 1
    assert "-k/--insecure" in notices[0].text()
    assert banner_of(window).isVisibleTo(window)


def test_the_import_dialog_says_it_too(window: Any, notices: list[QMessageBox]) -> None:
    assert window.form.import_curl(INSECURE_TOKEN_CURL) is None  # the dialog's OK
    assert len(notices) == 1 and "-k/--insecure" in notices[0].text()


def test_an_api_curl_k_is_said_not_followed(window: Any, notices: list[QMessageBox]) -> None:
    window.curl_import.import_text(INSECURE_API_CURL)
    assert window.form.config().verify_tls
    assert [box.windowTitle() for box in notices] == ["TLS checks stay on"]
    assert window.composer.current_request().url == "https://api.example.test/v3/accounts"

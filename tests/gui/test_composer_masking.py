"""API keys in the composer are masked on screen until revealed, and never while presenting (#11).

The URL field, the headers and parameters tables, the body and the line of extra headers show
credentials masked; editing around them (or at their ends) keeps them intact; a credential's
cell is edited in a password field; a body holding one is read-only until revealed.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from tests.gui.screen_text import shown_texts
from workbench.core.calls import ApiRequest
from workbench.core.secret import MASK
from workbench.ui.request_composer import MASKED_EDIT_TEXT, RequestComposer

pytestmark = pytest.mark.gui

API_KEY = "fake-gr-api-key-0a1b2c3d4e"
X_API_KEY = "fake-x-api-key-5f6a7b8c"
COOKIE = "fake-session-9d8c7b6a"
QUERY_KEY = "fake-query-key-1234abcd"
BODY_SECRET = "fake-body-secret-77aa"
EXTRA_KEY = "fake-extra-header-key-77"
KEYS = (API_KEY, X_API_KEY, COOKIE, QUERY_KEY, BODY_SECRET, EXTRA_KEY)
URL = f"https://api.example.test/v3/accounts?api_key={QUERY_KEY}&page=2"
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
REVEAL_KEYS = (Qt.Key.Key_R, CTRL_SHIFT)


def keyed_request() -> ApiRequest:
    return ApiRequest(
        "POST",
        URL,
        (
            ("X-Auth-Token", f"api-key {API_KEY}"),
            ("X-Api-Key", X_API_KEY),
            ("Cookie", f"sid={COOKIE}; theme=dark"),
            ("Accept", "application/json"),
        ),
        json.dumps({"client_secret": BODY_SECRET, "name": "kept"}).encode(),
    )


@pytest.fixture
def composer(qtbot: Any) -> RequestComposer:
    widget = RequestComposer()
    qtbot.addWidget(widget)
    widget.set_request(keyed_request())
    widget.set_extra_headers((("X-Domain", "example.com"), ("X-Api-Key", EXTRA_KEY)))
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def window(build: Any, qtbot: Any) -> Any:
    shown = build().window
    shown.composer.set_request(keyed_request())
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def leaked(widget: Any) -> list[str]:
    return [key for key in KEYS if any(key in text for text in shown_texts(widget))]


def end_of_mask(text: str, occurrence: int = 0) -> int:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(MASK, start + 1)
    return start + len(MASK)


def test_every_credential_is_masked_on_screen_and_kept(composer: RequestComposer) -> None:
    assert leaked(composer) == []
    assert composer.url_edit.text() == URL.replace(QUERY_KEY, MASK)
    assert f"X-Api-Key: {MASK}" in composer.extra_headers_label.text()
    assert "X-Domain: example.com" in composer.extra_headers_label.text()
    assert composer.headers_table.masked_rows() == 3
    assert composer.params_table.masked_rows() == 1
    assert composer.body_edit.isReadOnly() and not composer.body_masked_label.isHidden()
    assert composer.current_request() == keyed_request()  # what is sent is intact


def test_reveal_shows_them_and_masking_again_hides_them(
    qtbot: Any, composer: RequestComposer
) -> None:
    composer.reveal_check.click()
    assert sorted(leaked(composer)) == sorted(KEYS)
    assert not composer.body_edit.isReadOnly()
    composer.reveal_check.click()
    assert leaked(composer) == []
    assert composer.current_request() == keyed_request()


def test_typing_into_the_masked_url_keeps_the_key(qtbot: Any, composer: RequestComposer) -> None:
    edit = composer.url_edit
    edit.setFocus()
    edit.end(False)
    qtbot.keyClicks(edit, "&fields=name")
    assert composer.current_request().url == URL + "&fields=name"
    edit.setCursorPosition(edit.text().index("/v3") + 3)
    qtbot.keyClicks(edit, "/x")
    assert composer.current_request().url == URL.replace("/v3", "/v3/x") + "&fields=name"
    assert QUERY_KEY not in edit.text()
    assert ("fields", "name") in composer.params_table.pairs()


def test_typing_at_the_end_of_a_mask_adds_to_the_key_and_backspace_takes_away(
    qtbot: Any, composer: RequestComposer
) -> None:
    edit = composer.url_edit
    edit.setFocus()
    edit.setCursorPosition(end_of_mask(edit.text()))
    qtbot.keyClicks(edit, "Z")
    assert composer.current_request().url == URL.replace(QUERY_KEY, QUERY_KEY + "Z")
    assert edit.cursorPosition() == end_of_mask(edit.text())  # still right after the mask
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert composer.current_request().url == URL.replace(QUERY_KEY, QUERY_KEY[:-1])
    assert QUERY_KEY[:-1] not in edit.text()


def test_typing_inside_a_mask_is_refused_and_says_how(
    qtbot: Any, composer: RequestComposer
) -> None:
    edit = composer.url_edit
    edit.setFocus()
    edit.setCursorPosition(end_of_mask(edit.text()) - 3)
    qtbot.keyClicks(edit, "x")
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert composer.current_request().url == URL
    qtbot.waitUntil(lambda: composer.url_message.text() == MASKED_EDIT_TEXT)
    # Selecting the whole mask and typing replaces the key.
    start = edit.text().index(MASK)
    edit.setSelection(start, len(MASK))
    qtbot.keyClicks(edit, "new-key-1")
    assert composer.current_request().url == URL.replace(QUERY_KEY, "new-key-1")


def test_a_credentials_cell_is_edited_in_a_password_field(
    qtbot: Any, composer: RequestComposer
) -> None:
    table = composer.headers_table
    item = table.item(1, 2)  # X-Api-Key's value
    table.setCurrentItem(item)
    table.editItem(item)
    editor = table.viewport().findChild(QLineEdit)
    assert editor is not None
    assert editor.echoMode() == QLineEdit.EchoMode.Password
    assert editor.text() == X_API_KEY  # the value is there to edit, not shown
    editor.end(False)
    qtbot.keyClicks(editor, "-2")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the view commits on its next turn
    qtbot.waitUntil(lambda: item.text() == X_API_KEY + "-2")
    assert dict(composer.current_request().headers)["X-Api-Key"] == X_API_KEY + "-2"
    assert leaked(composer) == []
    accessible = item.data(Qt.ItemDataRole.AccessibleTextRole)
    assert accessible == MASK


def test_a_new_credential_row_is_typed_masked(qtbot: Any, composer: RequestComposer) -> None:
    table = composer.headers_table
    last = table.rowCount() - 1
    table.item(last, 1).setText("Api-Key")
    table.editItem(table.item(last, 2))
    editor = table.viewport().findChild(QLineEdit)
    assert editor is not None and editor.echoMode() == QLineEdit.EchoMode.Password


def test_a_body_typed_with_a_secret_is_masked_when_left(
    qtbot: Any, composer: RequestComposer
) -> None:
    composer.reveal_check.click()
    composer.body_edit.setPlainText("")
    composer.reveal_check.click()
    composer.tabs.setCurrentIndex(2)
    composer.body_edit.setFocus()
    qtbot.keyClicks(composer.body_edit, "client_secret=typed-secret-9&x=1")
    assert "typed-secret-9" in composer.body_edit.toPlainText()  # shown as typed meanwhile
    composer.url_edit.setFocus()
    qtbot.waitUntil(composer.body_edit.isReadOnly)
    assert "typed-secret-9" not in composer.body_edit.toPlainText()
    assert composer.current_request().body == b"client_secret=typed-secret-9&x=1"


def test_ctrl_shift_r_reveals_the_request_and_the_response_together(
    qtbot: Any, window: Any
) -> None:
    window.form.clientIdEdit.setFocus()
    qtbot.keyClick(window.form.clientIdEdit, *REVEAL_KEYS)
    assert window.composer.is_revealed() and window.viewer.reveal_check.isChecked()
    assert QUERY_KEY in window.composer.url_edit.text()
    qtbot.keyClick(window.form.clientIdEdit, *REVEAL_KEYS)
    assert not window.composer.is_revealed() and not window.viewer.reveal_check.isChecked()
    assert leaked(window) == []


def test_presenting_masks_everything_with_no_way_to_reveal(qtbot: Any, window: Any) -> None:
    composer = window.composer
    composer.set_revealed(True)
    window.action("presenterMode").setChecked(True)
    try:
        assert leaked(window) == []
        assert not composer.reveal_check.isEnabled()
        composer.set_revealed(True)
        window.action("revealSecrets").trigger()
        qtbot.keyClick(composer.url_edit, *REVEAL_KEYS)
        assert not composer.is_revealed()
        assert leaked(window) == []
        # What is typed while presenting is masked as it is typed.
        composer.headers_table.item(4, 1).setText("Cookie")
        composer.headers_table.item(4, 2).setText("sid=typed-while-presenting")
        assert "typed-while-presenting" not in " ".join(shown_texts(window))
        composer.url_edit.setFocus()
        composer.url_edit.end(False)
        qtbot.keyClicks(composer.url_edit, "&token=typed-token-4455")
        assert "typed-token-4455" not in composer.url_edit.text()
        composer.tabs.setCurrentIndex(2)
        composer.set_request(ApiRequest("POST", URL, (), b""))
        composer.body_edit.setFocus()
        qtbot.keyClicks(composer.body_edit, "password=typed-password-1")
        qtbot.waitUntil(lambda: "typed-password-1" not in composer.body_edit.toPlainText())
        assert composer.body_edit.isReadOnly()
    finally:
        window.action("presenterMode").setChecked(False)
    assert composer.reveal_check.isEnabled()
    assert not composer.is_revealed()  # what was masked stays masked
    assert b"typed-password-1" in composer.current_request().body


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from(["insert", "backspace", "delete", "replace"]),
            st.integers(0, 80),
            st.integers(0, 10),
            st.text(alphabet="abc=&?/:@x1", max_size=6),
        ),
        max_size=12,
    )
)
def test_property_any_edit_of_the_masked_url_shows_the_url_masked_and_never_raises(
    composer: RequestComposer, edits: list[tuple[str, int, int, str]]
) -> None:
    from workbench.core.masked_text import mask_url

    edit = composer.url_edit
    edit.set_real_text(URL)
    for kind, position, length, text in edits:
        edit.setCursorPosition(min(position, len(edit.text())))
        if kind == "insert":
            edit.insert(text)
        elif kind == "backspace":
            edit.backspace()
        elif kind == "delete":
            edit.del_()
        else:
            edit.setSelection(min(position, len(edit.text())), length)
            edit.insert(text)
        real = composer.current_request().url
        assert edit.text() == mask_url(real).shown  # the screen is the real URL, masked

"""The request composer: what it emits, how it checks, how it shows the token."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from workbench.core.calls import ApiRequest
from workbench.core.clock import ManualClock
from workbench.ui.request_composer import RequestComposer, query_pairs, url_problem, with_query
from workbench.ui.style import monospace_font

from .conftest import FAKE_TOKEN_VALUE, make_token

pytestmark = pytest.mark.gui


@pytest.fixture
def composer(qtbot: Any) -> RequestComposer:
    widget = RequestComposer()
    qtbot.addWidget(widget)
    return widget


def test_send_emits_the_composed_request(qtbot: Any, composer: RequestComposer) -> None:
    composer.method_combo.setCurrentText("POST")
    qtbot.keyClicks(composer.url_edit, "http://127.0.0.1:9/v3/contacts?page=2")
    composer.headers_table.set_pairs(
        (("Content-Type", "application/json"), ("X-Skip", "1"), ("Accept", "*/*")),
        enabled=(True, False, True),
    )
    composer.body_edit.setPlainText('{"name": "Zoë"}')

    with qtbot.waitSignal(composer.send_requested) as blocker:
        qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)

    sent = blocker.args[0]
    assert sent == ApiRequest(
        method="POST",
        url="http://127.0.0.1:9/v3/contacts?page=2",
        headers=(("Content-Type", "application/json"), ("Accept", "*/*")),
        body='{"name": "Zoë"}'.encode(),
        apply_token=True,
    )
    assert composer.params_table.pairs() == (("page", "2"),)


def test_params_table_edits_rewrite_the_query(composer: RequestComposer) -> None:
    composer.url_edit.setText("http://127.0.0.1:9/v3/campaigns?x=1")
    composer.on_url_edit_text_edited(composer.url_edit.text())
    assert composer.params_table.pairs() == (("x", "1"),)
    last = composer.params_table.rowCount() - 1
    composer.params_table.item(last, 0).setText("query[name]")
    composer.params_table.item(last, 1).setText("a b&c")

    assert composer.url_edit.text() == (
        "http://127.0.0.1:9/v3/campaigns?x=1&query%5Bname%5D=a%20b%26c"
    )
    assert composer.current_request().url.endswith("a%20b%26c")
    assert query_pairs(composer.url_edit.text()) == (("x", "1"), ("query[name]", "a b&c"))


def test_query_helpers_round_trip_and_never_raise() -> None:
    assert with_query("http://127.0.0.1/p#frag", (("a", "1"), ("flag", ""))) == (
        "http://127.0.0.1/p?a=1&flag#frag"
    )
    assert query_pairs("http://[::1") is None
    assert with_query("http://[::1", ()) is None


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("", "Enter the URL"),
        ("127.0.0.1/v3/accounts", "must start with https://"),
        ("http://[::1/x", "does not parse"),
        ("http://127.0.0.1:99999/x", "does not parse"),
        ("http:///v3", "no host"),
        ("http://127.0.0.1/a b", "spaces"),
    ],
)
def test_bad_urls_are_explained_and_not_sent(
    qtbot: Any, composer: RequestComposer, url: str, words: str
) -> None:
    assert words in url_problem(url)
    composer.url_edit.setText(url)
    composer.on_url_edit_text_edited(url)
    with qtbot.assertNotEmitted(composer.send_requested):
        composer.send_button.click()
    assert not composer.url_message.isHidden()
    assert words in composer.url_message.text()

    composer.url_edit.setText("http://127.0.0.1:9/v3/accounts")
    assert composer.url_message.isHidden()


def test_body_is_checked_as_json_while_typing(qtbot: Any, composer: RequestComposer) -> None:
    label: QLabel = composer.body_check_label
    composer.body_edit.setPlainText('{"a": 1,}')
    qtbot.waitUntil(lambda: not label.isHidden())
    assert label.text().startswith("Not JSON: line 1 col 9:")

    composer.body_edit.setPlainText('{"a": [1, 2]}')
    qtbot.waitUntil(lambda: label.text().startswith("Valid JSON"))
    assert "Content-Type" in label.text()  # no header yet: the label suggests one

    composer.body_edit.setPlainText("name=value")  # neither JSON-looking nor declared JSON
    qtbot.waitUntil(label.isHidden)


def test_json_the_parser_cannot_read_gets_a_message_not_an_exception(
    qtbot: Any, composer: RequestComposer
) -> None:
    label: QLabel = composer.body_check_label
    composer.body_edit.setPlainText('{"n": ' + "9" * 5000 + "}")  # over Python's digit limit
    qtbot.waitUntil(lambda: not label.isHidden())
    assert "more than 4,300 digits" in label.text()
    composer.body_edit.setPlainText("[" * 50_000 + "]" * 50_000)
    qtbot.waitUntil(lambda: "nested too deeply" in label.text())


def test_token_row_is_masked_and_can_be_switched_off(qtbot: Any, composer: RequestComposer) -> None:
    composer.set_token(make_token(ManualClock()))
    row = composer.token_header_label.text()
    assert row == "Authorization: Bearer ••••••"
    assert FAKE_TOKEN_VALUE not in row
    assert FAKE_TOKEN_VALUE[:8] not in row

    composer.url_edit.setText("http://127.0.0.1:9/v3/accounts")
    composer.apply_token_check.click()
    with qtbot.waitSignal(composer.send_requested) as blocker:
        composer.send_button.click()
    assert blocker.args[0].apply_token is False

    composer.set_token(None)
    assert "no token" in composer.token_header_label.text()


def test_extra_headers_are_shown_read_only(composer: RequestComposer) -> None:
    composer.set_extra_headers((("X-Domain", "shop.example.test"),))
    assert composer.extra_headers_label.text() == "X-Domain: shop.example.test"
    assert composer.current_request().headers == ()  # added by the client, not duplicated here
    composer.set_extra_headers(())
    assert composer.extra_headers_label.isHidden()


def test_set_request_round_trips(composer: RequestComposer) -> None:
    request = ApiRequest(
        method="DELETE",
        url="http://127.0.0.1:9/v3/contacts/abc?force=true",
        headers=(("X-Trace", "1"), ("X-Trace", "2")),
        body=b"",
        apply_token=False,
        token_header="X-Auth-Token",
        token_prefix="",
    )
    composer.set_request(request)
    assert composer.current_request() == request
    assert composer.params_table.pairs() == (("force", "true"),)
    composer.set_token(make_token(ManualClock()))
    assert composer.token_header_label.text() == "X-Auth-Token: ••••••"


def test_busy_keeps_send_enabled_and_enables_cancel(qtbot: Any, composer: RequestComposer) -> None:
    assert not composer.cancel_button.isEnabled()
    composer.set_busy(True)
    assert composer.send_button.isEnabled()
    assert composer.cancel_button.isEnabled()
    with qtbot.waitSignal(composer.cancel_requested):
        composer.cancel_button.click()
    composer.set_busy(False)
    assert not composer.cancel_button.isEnabled()


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_ctrl_enter_sends_from_any_field(
    qtbot: Any, composer: RequestComposer, key: Qt.Key
) -> None:
    composer.show()
    qtbot.waitExposed(composer)
    composer.activateWindow()
    qtbot.waitUntil(composer.isActiveWindow)
    composer.url_edit.setText("http://127.0.0.1:9/v3/accounts")
    composer.tabs.setCurrentIndex(2)
    composer.body_edit.setFocus()
    with qtbot.waitSignal(composer.send_requested) as blocker:
        qtbot.keyClick(composer.body_edit, key, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args[0].url == "http://127.0.0.1:9/v3/accounts"
    assert composer.body_edit.toPlainText() == ""  # the key sent; it typed no newline


def test_widgets_are_named_for_people_and_tests(composer: RequestComposer) -> None:
    for name in (
        "requestMethodCombo",
        "requestUrlEdit",
        "sendButton",
        "cancelSendButton",
        "applyTokenCheck",
        "requestBodyEdit",
    ):
        widget = composer.findChild(object, name)
        assert widget is not None, name
        assert widget.accessibleName(), name
        assert widget.accessibleDescription(), name
    assert [composer.method_combo.itemText(i) for i in range(composer.method_combo.count())] == [
        "GET",
        "POST",
        "PUT",
        "PATCH",
        "DELETE",
        "HEAD",
        "OPTIONS",
    ]
    assert not composer.method_combo.isEditable()
    assert composer.body_edit.font().family() == monospace_font().family()

"""API keys saved with a profile's request come back after a restart, from the keychain (#11).

GetResponse's other authentication, ``X-Auth-Token: api-key KEY``, and every other credential
in the composer (X-Api-Key, Cookie, ``?api_key=``) or the token request's extra headers: the
profiles file holds a marked placeholder, the keychain the value, and the window puts it back
when the profile is shown (on the keychain's worker thread in the application).
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from tests.conftest import MemoryKeyring
from tests.gui.test_keychain_in_background import GatedKeyring
from tests.gui.test_profiles import keychain_entries
from workbench.core.calls import ApiRequest
from workbench.core.profiles import default_profiles_path

pytestmark = pytest.mark.gui

API_KEY = "fake-gr-api-key-0a1b2c3d4e"
X_API_KEY = "fake-x-api-key-5f6a7b8c"
COOKIE = "fake-session-9d8c7b6a"
QUERY_KEY = "fake-query-key-1234abcd"
EXTRA_KEY = "fake-extra-header-key-77"
ALL_KEYS = (API_KEY, X_API_KEY, COOKIE, QUERY_KEY, EXTRA_KEY)


def request_with_keys() -> ApiRequest:
    return ApiRequest(
        "GET",
        f"https://api.getresponse.com/v3/accounts?api_key={QUERY_KEY}&page=2",
        (
            ("X-Auth-Token", f"api-key {API_KEY}"),
            ("X-Api-Key", X_API_KEY),
            ("Cookie", f"sid={COOKIE}; theme=dark"),
            ("Accept", "application/json"),
        ),
    )


def compose_keys_and_save(window: Any) -> str:
    """Put API keys in the composer and the form's extra headers, save; the profile's id."""
    window.composer.set_request(request_with_keys())
    window.form.extraHeadersTable.add_pair("X-Api-Key", EXTRA_KEY)
    assert window.profiles.save()
    return str(window.profiles.current_id)


def assert_keys_shown(window: Any) -> None:
    request = window.composer.current_request()
    assert request.url == request_with_keys().url
    assert request.headers == request_with_keys().headers
    assert ("X-Api-Key", EXTRA_KEY) in window.form.config().extra_headers
    assert not window.profiles.is_modified()


def test_api_keys_come_back_after_a_restart_and_never_reach_the_file(
    build: Any, memory_keyring: MemoryKeyring
) -> None:
    window = build().window
    profile_id = compose_keys_and_save(window)
    text = default_profiles_path().read_text(encoding="utf-8")
    for key in ALL_KEYS:
        assert key not in text
    assert "<secret:x-auth-token>" in text and "api_key=<secret:api_key>" in text
    assert set(keychain_entries(memory_keyring, profile_id)) == {"request-secrets"}
    window.close()

    again = build().window
    assert_keys_shown(again)


def test_in_the_background_the_keys_arrive_without_marking_the_profile_modified(
    build: Any, qtbot: Any
) -> None:
    compose_keys_and_save(build().window)
    window = build(keychain_in_background=True).window
    assert "<secret:x-auth-token>" in dict(window.composer.current_request().headers).values()
    with qtbot.waitExposed(window):
        window.show()
    wanted = request_with_keys().headers
    qtbot.waitUntil(lambda: window.composer.current_request().headers == wanted)
    assert_keys_shown(window)


def test_a_send_waits_for_the_keys_to_arrive(
    build: Any, qtbot: Any, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    compose_keys_and_save(build().window)
    keychain = GatedKeyring(memory_keyring.entries)
    keychain.gate.clear()  # the keychain waits to be unlocked
    monkeypatch.setattr("keyring.get_keyring", lambda: keychain)
    window = build(keychain_in_background=True).window
    with qtbot.waitExposed(window):
        window.show()
    sent: list[Any] = []
    window.session.send_api = lambda request, *_args, **_kwargs: sent.append(request)
    window.composer.send()
    assert sent == []  # never the placeholder
    assert "sent once they arrive" in window.statusBar().currentMessage()
    keychain.gate.set()
    qtbot.waitUntil(lambda: len(sent) == 1)
    assert dict(sent[0].headers)["X-Auth-Token"] == f"api-key {API_KEY}"


def test_a_duplicate_keeps_the_keys(build: Any, memory_keyring: MemoryKeyring) -> None:
    window = build().window
    compose_keys_and_save(window)
    window.profiles.duplicate()
    copy_id = window.profiles.current_id
    assert set(keychain_entries(memory_keyring, copy_id)) == {"request-secrets"}
    window.close()
    again = build().window
    names = [profile.name for profile in again.profiles.profiles]
    again.profiles.select(names.index("GetResponse (copy)"))
    assert_keys_shown(again)


def test_saving_while_the_keychain_cannot_be_read_keeps_the_keys(
    build: Any, qtbot: Any, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keys are still placeholders (the keychain has not answered) when the user adds a
    header and saves: the saved keys must survive, next to the new one."""
    profile_id = compose_keys_and_save(build().window)
    release = threading.Event()
    keychain = GatedKeyring(memory_keyring.entries)
    monkeypatch.setattr("keyring.get_keyring", lambda: release.wait(10) and keychain)
    window = build(keychain_in_background=True).window  # not shown: nothing read yet
    window.composer.headers_table.item(4, 1).setText("X-Note")  # the empty last row
    window.composer.headers_table.item(4, 2).setText("an edit")
    release.set()
    assert window.profiles.save()
    window.close()
    assert keychain_entries(memory_keyring, profile_id)["request-secrets"]
    again = build().window
    headers = again.composer.current_request().headers
    assert headers[:4] == request_with_keys().headers
    assert headers[4] == ("X-Note", "an edit")

"""An imported profile in the window: untrusted until the user confirms where secrets go (#11).

The attacker's file names ``$AWS_SECRET_ACCESS_KEY`` as its client secret and a token URL of
its own (a *witness* on loopback that records every byte reaching it), with TLS off. Nothing
may reach the witness until the user has seen all of that and said yes; a refusal sends
nothing and loses nothing; a changed host asks again.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.e2e.hostile.server import Witness
from tests.gui.conftest import frames_settled
from tests.gui.test_profiles import choose_profile, saved_profiles
from workbench.core.config import ClientAuth
from workbench.core.profiles import Profile, SecretKind, SecretRef, SecretSource, profiles_to_json
from workbench.core.profiles.trust import MAX_IMPORT_BYTES
from workbench.core.recovery import RecoveryOptions
from workbench.ui.profiles.confirm_dialog import ImportedProfileDialog

pytestmark = pytest.mark.gui

WAIT_MS = 10_000
AWS_VALUE = "fake-aws-secret-for-the-import-test"
EVIL_NAME = "Team \u202eresu\u202c profile\x1b]0;owned\x07"
"""A name with a right-to-left override and a terminal title sequence."""


@pytest.fixture
def witness() -> Iterator[Witness]:
    """A loopback listener that records whatever reaches it (the attacker's token URL)."""
    listener = Witness()
    try:
        yield listener
    finally:
        listener.stop()


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> str:
    """An AWS secret in the environment, as on a developer's machine."""
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", AWS_VALUE)
    return AWS_VALUE


def hostile_profile_file(folder: Path, token_url: str, **changes: Any) -> Path:
    """A profiles file reading its secret from ``$AWS_SECRET_ACCESS_KEY``, TLS checks off."""
    profile = Profile(
        name=EVIL_NAME,
        token_url=token_url,
        client_id="innocent-client",
        auth=ClientAuth.BASIC,
        verify_tls=False,
        secrets={
            SecretKind.CLIENT_SECRET: SecretRef(SecretSource.ENVIRONMENT, "AWS_SECRET_ACCESS_KEY")
        },
        timeout_s=3.0,
        **changes,
    )
    path = folder / "team-profiles.json"
    path.write_text(profiles_to_json([profile]), encoding="utf-8")
    return path


def import_file(window: Any, path: Path) -> list[tuple[str, str]]:
    """Import ``path`` through File > Import profiles; returns the messages shown."""
    shown: list[tuple[str, str]] = []
    window.questions.choose_file = lambda _title, _save: str(path)
    window.questions.show_notice = lambda title, text: shown.append((title, text))
    window.questions.show_error = lambda title, text: shown.append((title, text))
    window.action("importProfiles").trigger()
    return shown


def answering(window: Any, accept: bool) -> list[ImportedProfileDialog]:
    """Answer the imported-profile dialog as a user would (clicking a button); returns the
    dialogs that were shown."""
    seen: list[ImportedProfileDialog] = []

    def run(dialog: QDialog) -> int:
        assert isinstance(dialog, ImportedProfileDialog)
        seen.append(dialog)
        dialog.show()
        button = dialog.useButton if accept else dialog.cancelButton
        button.click()
        return int(dialog.result())

    window.questions.run_dialog = run
    return seen


def imported_and_shown(build: Any, tmp_path: Path, witness: Witness) -> Any:
    """A window showing the hostile profile, imported from a file."""
    window = build().window
    import_file(window, hostile_profile_file(tmp_path, witness.url("/token")))
    choose_profile(window, window.profiles.profiles[1].name)
    return window


def received(witness: Witness) -> bytes:
    return b"".join(witness.received)


def test_the_import_says_at_once_what_deserves_a_look(
    build: Any, tmp_path: Path, witness: Witness, aws: str
) -> None:
    window = build().window
    messages = import_file(window, hostile_profile_file(tmp_path, witness.url("/token")))
    assert len(messages) == 1
    title, text = messages[0]
    assert title == "Imported profiles to check"
    assert "$AWS_SECRET_ACCESS_KEY" in text
    assert "\x1b" not in text and "\u202e" not in text  # shown escaped, never obeyed
    assert "\\x1b" in text and "\\u202e" in text
    assert len(window.profiles.profiles) == 2
    assert aws not in default_profiles_text()


def test_nothing_is_sent_until_the_user_confirms_and_a_refusal_loses_nothing(
    qtbot: Any, build: Any, tmp_path: Path, witness: Witness, aws: str
) -> None:
    window = imported_and_shown(build, tmp_path, witness)
    before = window.form.config()

    seen = answering(window, accept=False)
    window.token_panel.getTokenButton.click()
    assert len(seen) == 1
    rows = {label: label_widget.text() for label, label_widget in seen[0].rows.items()}
    assert rows["Client secret"] == "environment variable $AWS_SECRET_ACCESS_KEY"
    assert rows["Secrets go to"] == f"http://{witness.host}:{witness.port}"
    assert rows["Token URL"] == witness.url("/token")
    assert "plain http" in rows["TLS"]
    assert seen[0].warningBanner.isVisibleTo(seen[0])
    assert "not confirmed" in window.statusBar().currentMessage()
    assert window.form.config() == before  # the refusal changed nothing
    assert not window.session.token_busy_now
    assert witness.connections == 0 and received(witness) == b""

    # Asked again next time; a yes sends, and is remembered in the file.
    seen = answering(window, accept=True)
    with qtbot.waitSignal(window.session.exchange_recorded, timeout=WAIT_MS):
        window.token_panel.getTokenButton.click()
    frames_settled(qtbot)
    assert len(seen) == 1
    qtbot.waitUntil(lambda: witness.connections == 1, timeout=WAIT_MS)
    basic = base64.b64encode(f"innocent-client:{aws}".encode()).decode()
    qtbot.waitUntil(lambda: basic.encode() in received(witness), timeout=WAIT_MS)
    imported = saved_profiles()[1]
    assert imported["trust"]["confirmed"]["token_origin"].endswith(f":{witness.port}")
    assert not window.profiles.is_modified()  # confirming is not an unsaved change

    seen = answering(window, accept=False)
    with qtbot.waitSignal(window.session.exchange_recorded, timeout=WAIT_MS):
        window.token_panel.getTokenButton.click()
    frames_settled(qtbot)
    assert seen == []  # confirmed: not asked again


@pytest.mark.parametrize("path", ["send with recovery", "get new token and resend"])
def test_every_way_to_a_token_request_asks_first(
    build: Any, tmp_path: Path, witness: Witness, aws: str, path: str
) -> None:
    window = build().window
    file = hostile_profile_file(
        tmp_path,
        witness.url("/token"),
        recovery=RecoveryOptions(refetch_when_lapsed=True, replay_on_lapsed_401=True),
        request_url=witness.url("/api"),
    )
    import_file(window, file)
    choose_profile(window, window.profiles.profiles[1].name)
    seen = answering(window, accept=False)
    if path == "send with recovery":
        window.composer.send()
    else:
        window.requests.resend()
    assert len(seen) == 1
    assert not window.session.api_busy_now and not window.session.token_busy_now  # none started
    assert "nothing was sent" in window.statusBar().currentMessage()
    assert witness.connections == 0


def test_another_host_asks_again(
    qtbot: Any, build: Any, tmp_path: Path, witness: Witness, aws: str
) -> None:
    window = imported_and_shown(build, tmp_path, witness)
    answering(window, accept=True)
    with qtbot.waitSignal(window.session.exchange_recorded, timeout=WAIT_MS):
        window.requests.get_token()
    frames_settled(qtbot)
    sent = witness.connections

    moved = witness.url("/token").replace(str(witness.port), str(witness.port + 1))
    window.form.tokenUrlEdit.setText(moved)
    seen = answering(window, accept=False)
    window.requests.get_token()
    assert len(seen) == 1
    assert "Changed since confirmed" in seen[0].rows
    assert witness.connections == sent


def test_enter_in_the_dialog_cancels(qtbot: Any) -> None:
    rows = (("Token URL", "https://collector.example/token"), ("TLS", "NOT checked: ..."))
    dialog = ImportedProfileDialog("Team", rows)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_the_dialog_shows_a_files_text_plain_escaped_and_cut(qtbot: Any) -> None:
    long_url = "https://collector.example/" + "a" * 100_000
    rows = (("Token URL", long_url), ("Secrets go to", "https://<b>bold</b>\u202eexample"))
    dialog = ImportedProfileDialog(EVIL_NAME, rows)
    qtbot.addWidget(dialog)
    shown = dialog.rows["Token URL"].text()
    assert len(shown) < 400 and "more characters" in shown
    target = dialog.rows["Secrets go to"]
    assert target.textFormat() == Qt.TextFormat.PlainText
    assert target.text() == "https://<b>bold</b>\\u202eexample"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (lambda: "x" * (MAX_IMPORT_BYTES + 1), "is larger than a profiles file can be"),
        (
            lambda: (
                '{"format": "oauth-workbench-profiles", "version": 1, "profiles": '
                '[{"name": "\\ud800"}]}'
            ),
            "is not text",
        ),
        (
            lambda: (
                '{"format": "oauth-workbench-profiles", "version": 1, "profiles": '
                '[{"name": "n", "timeout_s": ' + "9" * 5000 + "}]}"
            ),
            "more than 4,300 digits",
        ),
        (lambda: "[" * 100_000 + "]" * 100_000, "is not valid JSON"),
    ],
    ids=["huge", "lone-surrogate", "5000-digit-number", "deep-nesting"],
)
def test_a_hostile_file_is_refused_in_words_and_imports_nothing(
    build: Any, tmp_path: Path, content: Callable[[], str], words: str
) -> None:
    window = build().window
    path = tmp_path / "hostile.json"
    path.write_text(content(), encoding="utf-8", errors="surrogatepass")
    messages = import_file(window, path)
    assert [title for title, _text in messages] == ["Could not import profiles"]
    assert words in messages[0][1]
    assert len(window.profiles.profiles) == 1


def test_a_device_is_not_read_forever(build: Any) -> None:
    window = build().window
    messages = import_file(window, Path("/dev/zero"))
    assert messages == [("Could not import profiles", "The file /dev/zero is not a regular file.")]


def default_profiles_text() -> str:
    from workbench.core.profiles import default_profiles_path

    return default_profiles_path().read_text(encoding="utf-8")


def test_the_confirmation_survives_a_restart(
    qtbot: Any, build: Any, tmp_path: Path, witness: Witness, aws: str
) -> None:
    window = imported_and_shown(build, tmp_path, witness)
    name = window.profiles.current_profile().name
    answering(window, accept=True)
    with qtbot.waitSignal(window.session.exchange_recorded, timeout=WAIT_MS):
        window.requests.get_token()
    frames_settled(qtbot)
    window.close()

    again = build().window
    choose_profile(again, name)
    seen = answering(again, accept=False)
    with qtbot.waitSignal(again.session.exchange_recorded, timeout=WAIT_MS):
        again.requests.get_token()
    frames_settled(qtbot)
    assert seen == []
    assert json.loads(default_profiles_text())["profiles"][1]["trust"]["confirmed"]


def test_a_files_names_reach_the_title_and_the_selector_escaped_and_cut(
    build: Any, tmp_path: Path
) -> None:
    window = build().window
    names = [EVIL_NAME, "W" * 100_000]
    path = tmp_path / "names.json"
    path.write_text(profiles_to_json([Profile(name=name) for name in names]), encoding="utf-8")
    import_file(window, path)
    combo = window.profile_bar.profileCombo
    for index in (1, 2):
        window.profiles.select(index)
        for shown in (window.windowTitle(), combo.itemText(index)):
            assert not any(mark in shown for mark in ("\x1b", "\x07", "\u202e", "\n")), shown
            assert len(shown) < 200
    assert "\\u202e" in combo.itemText(1)
    assert window.profiles.profiles[2].name == names[1]  # the name itself is kept whole


def test_a_file_of_many_profiles_is_summed_up_not_listed_whole(build: Any, tmp_path: Path) -> None:
    window = build().window
    aws = SecretRef(SecretSource.ENVIRONMENT, "AWS_SECRET_ACCESS_KEY")
    many = [Profile(name=f"P{i}", secrets={SecretKind.CLIENT_SECRET: aws}) for i in range(20)]
    path = tmp_path / "many.json"
    path.write_text(profiles_to_json(many), encoding="utf-8")
    ((_title, text),) = import_file(window, path)
    assert text.count("$AWS_SECRET_ACCESS_KEY") == 8
    assert "and 12 more profiles" in text
    assert len(window.profiles.profiles) == 21

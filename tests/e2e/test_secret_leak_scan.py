"""Issue 4, test 3: after using profiles with known secrets and quitting, no file holds a secret.

The real window (``build_workbench``) drives the in-process sandbox with several profiles, each
with its own client and fake secret, in several client authentication styles and secret
sources. It gets tokens, calls the API, reveals secrets on screen, saves, and quits through
File > Quit. Then every file under the test's config, data, cache and state directories (the
profiles, their backups, QSettings, anything else) is searched for every secret and every token,
in clear, base64 (at each alignment, standard and URL-safe), URL-encoded, and as the Basic
credentials of the client id and secret.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import pytest
from PySide6.QtWidgets import QCheckBox

from tests.gui.test_profiles import create_profile
from workbench.core.config import BodyEncoding, ClientAuth
from workbench.core.secret import Secret
from workbench.ui.profiles.questions import UnsavedChoice

pytestmark = [pytest.mark.e2e, pytest.mark.gui]

WAIT_MS = 10_000


@dataclass(frozen=True)
class LeakCase:
    """One profile: its client, its secret, how it authenticates, where its secret lives."""

    name: str
    client_id: str
    secret: str
    auth: ClientAuth
    body: BodyEncoding
    source: str


CASES = (
    LeakCase(
        "basic",
        "leak-basic",
        "fake-Basic-7Qx2-secret",
        ClientAuth.BASIC,
        BodyEncoding.FORM,
        "keychain",
    ),
    LeakCase(
        "raw",
        "leak-raw",
        "fake+raw/secret=9?&x",
        ClientAuth.BASIC_RAW,
        BodyEncoding.FORM,
        "keychain",
    ),
    LeakCase(
        "post-json",
        "leak-post",
        "fake-Post-3Zk8-secret",
        ClientAuth.POST,
        BodyEncoding.JSON,
        "keychain",
    ),
    LeakCase(
        "post-form-env",
        "leak-env",
        "fake-Env-5Wm1-secret",
        ClientAuth.POST,
        BodyEncoding.FORM,
        "environment",
    ),
    LeakCase("ask", "leak-ask", "fake-Ask-8Hn4-secret", ClientAuth.BASIC, BodyEncoding.FORM, "ask"),
)
ENV_VAR = "WORKBENCH_LEAK_SCAN_SECRET"


def encodings(value: str) -> set[bytes]:
    """``value`` in clear, URL-encoded and base64 (every alignment, standard and URL-safe)."""
    raw = value.encode("utf-8")
    forms = {raw, quote(value, safe="").encode(), quote_plus(value).encode()}
    for pad in range(3):
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            encoded = encode(b"\0" * pad + raw)
            # Drop the characters that depend on what precedes or follows the value.
            start = (pad * 4 + 2) // 3
            end = len(encoded) - 4 if (pad + len(raw)) % 3 else len(encoded)
            middle = encoded[start:end]
            if len(middle) >= 8:
                forms.add(middle)
    return forms


def basic_credentials(client_id: str, secret: str) -> set[bytes]:
    """The Basic header values for ``client_id:secret``: RFC 6749 encoding and raw."""
    rfc = f"{quote_plus(client_id)}:{quote_plus(secret)}".encode()
    raw = f"{client_id}:{secret}".encode()
    return {base64.b64encode(rfc), base64.b64encode(raw)}


@pytest.fixture
def leak_sandbox() -> Iterator[Any]:
    """The sandbox with one client per case (and the demo client)."""
    from workbench.sandbox import Sandbox

    clients = {case.client_id: case.secret for case in CASES}
    clients["demo-client"] = "demo-secret"
    with Sandbox(host="127.0.0.1", port=0, token_ttl_s=60, clients=clients) as box:
        yield box


def test_no_secret_or_token_reaches_any_file(
    qtbot: Any,
    leak_sandbox: Any,
    isolated_user_dirs: Path,
    memory_keyring: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from workbench.app import build_workbench

    monkeypatch.setenv(ENV_VAR, next(c.secret for c in CASES if c.source == "environment"))
    workbench = build_workbench(sandbox=leak_sandbox)
    window = workbench.window
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    ask_secret = next(c.secret for c in CASES if c.source == "ask")
    window.questions.ask_secret = lambda _kind, _name: Secret(ask_secret)
    tokens: list[str] = []
    try:
        for case in CASES:
            create_profile(
                qtbot, window, "sandbox", name=f"Leak {case.name}", sandbox_url=leak_sandbox.url
            )
            form = window.form
            form.clientIdEdit.setText(case.client_id)
            form.authMethodCombo.setCurrentIndex(form.authMethodCombo.findData(case.auth.value))
            form.bodyEncodingCombo.setCurrentIndex(form.bodyEncodingCombo.findData(case.body.value))
            form.secretSourceCombo.setCurrentIndex(form.secretSourceCombo.findData(case.source))
            if case.source == "keychain":
                form.clientSecretEdit.setText(case.secret)
            if case.source == "environment":
                form.secretEnvVarEdit.setText(ENV_VAR)
            form.revealSecretCheck.setChecked(True)  # shown in clear on screen: still no file
            window.profiles.save()

            with qtbot.waitSignal(window.session.token_changed, timeout=WAIT_MS) as got:
                window.action("getToken").trigger()
            token = got.args[0]
            assert token is not None, case
            tokens.append(token.value.reveal())
            with qtbot.waitSignal(window.session.api_finished, timeout=WAIT_MS) as answered:
                window.action("send").trigger()
            assert answered.args[0].response.status == 200, case
            window.viewer.findChild(QCheckBox, "revealSecretsCheck").setChecked(True)

        # Leave an unsaved edit so quitting asks, and answer Save.
        window.form.scopeEdit.setText("all")
        asked: list[str] = []
        window.questions.confirm_unsaved = lambda name: asked.append(name) or UnsavedChoice.SAVE
        window.action("quit").trigger()
        assert asked, "quitting with an unsaved edit asked nothing"
        assert not window.isVisible()
    finally:
        workbench.close()

    keychain_values = set(memory_keyring.entries.values())
    keychain_cases = {case.secret for case in CASES if case.source == "keychain"}
    assert keychain_values == keychain_cases  # only the keychain-sourced secrets went there

    needles: dict[bytes, str] = {}
    for case in CASES:
        for form in encodings(case.secret):
            needles[form] = f"secret of {case.name}"
        for form in basic_credentials(case.client_id, case.secret):
            needles[form] = f"Basic credentials of {case.name}"
    for token in tokens:
        for form in encodings(token):
            needles[form] = "an access token"

    files = [path for path in isolated_user_dirs.rglob("*") if path.is_file()]
    names = {path.name for path in files}
    assert "profiles.json" in names and "oauth-workbench.conf" in names  # the scan sees them
    assert (
        b"leak-basic" in (isolated_user_dirs / "config/oauth-workbench/profiles.json").read_bytes()
    )
    leaks = [
        f"{path.relative_to(isolated_user_dirs)} holds {what}"
        for path in files
        for needle, what in needles.items()
        if needle in path.read_bytes()
    ]
    assert leaks == []


API_KEYS = {
    "X-Auth-Token": "fake-leak-api-key-7Yq3",
    "X-Api-Key": "fake-leak-x-api-key-2Bn6",
    "Cookie": "fake-leak-cookie-4Rt9",
    "api_key": "fake-leak-query-key-6Kp1",
    "extra": "fake-leak-extra-key-8Jd5",
}


def test_no_api_key_reaches_any_file_or_setting(
    qtbot: Any,
    leak_sandbox: Any,
    isolated_user_dirs: Path,
    memory_keyring: Any,
) -> None:
    """A full story with API keys in the composer and the token request's extra headers:
    sent, shown revealed, presented, saved, exported, restarted; no file holds a key."""
    from workbench.app import build_workbench
    from workbench.core.calls import ApiRequest

    keys = API_KEYS
    request = ApiRequest(
        "GET",
        f"{leak_sandbox.url}/v3/accounts?api_key={keys['api_key']}",
        (
            ("X-Auth-Token", f"api-key {keys['X-Auth-Token']}"),
            ("X-Api-Key", keys["X-Api-Key"]),
            ("Cookie", f"sid={keys['Cookie']}"),
        ),
    )
    exported = isolated_user_dirs / "data" / "shared-profiles.json"
    exported.parent.mkdir(parents=True, exist_ok=True)
    workbench = build_workbench(sandbox=leak_sandbox)
    window = workbench.window
    qtbot.addWidget(window)
    try:
        window.show()
        qtbot.waitExposed(window)
        window.composer.set_request(request)
        window.form.extraHeadersTable.add_pair("X-Api-Key", keys["extra"])
        window.action("revealSecrets").trigger()
        with qtbot.waitSignal(window.session.token_changed, timeout=WAIT_MS):
            window.action("getToken").trigger()
        with qtbot.waitSignal(window.session.api_finished, timeout=WAIT_MS):
            window.action("send").trigger()
        window.action("presenterMode").setChecked(True)
        window.action("presenterMode").setChecked(False)
        window.profiles.save()
        window.questions.choose_file = lambda _title, _save: str(exported)
        window.action("exportProfiles").trigger()
        window.action("quit").trigger()
    finally:
        workbench.close()

    again = build_workbench()
    qtbot.addWidget(again.window)
    try:
        assert again.window.composer.current_request().headers == request.headers
        again.window.action("quit").trigger()
    finally:
        again.close()

    needles = {form: name for name, key in keys.items() for form in encodings(key)}
    files = [path for path in isolated_user_dirs.rglob("*") if path.is_file()]
    assert exported in files and any(path.name == "oauth-workbench.conf" for path in files)
    leaks = [
        f"{path.relative_to(isolated_user_dirs)} holds the {what} key"
        for path in files
        for needle, what in needles.items()
        if needle in path.read_bytes()
    ]
    assert leaks == []
    assert len(memory_keyring.entries) == 1  # the one entry of the profile's request secrets

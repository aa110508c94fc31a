"""Every hostile behaviour through the real window: plain words, an intact form, no leak (issue 7).

One window serves the whole module (building it per behaviour would cost more than the
behaviours). Each test types the hostile address into the form or the composer, clicks Get
token or Send, waits for the answer, and checks what the user sees; then a good request to the
``ok`` behaviour proves the window still works. Exceptions in slots and Qt warnings fail the
test (pytest-qt), so "no exception escaped" and "no warning" need no code here.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractSpinBox, QCheckBox, QComboBox, QLineEdit, QWidget

from tests.e2e.hostile.probes import (
    CLIENT_ID,
    CLIENT_SECRET,
    looks_like_python_internals,
    read_rss_bytes,
)
from tests.e2e.hostile.server import (
    BEHAVIOURS,
    TOKEN_VALUE,
    TOKEN_WITH_ESCAPES,
    Behaviour,
    HostileServer,
)
from tests.gui.conftest import frames_settled
from tests.gui.screen_text import hidden_on_screen, leaked
from workbench.core.config import BodyEncoding, ClientAuth, ClientConfig
from workbench.core.http import ExchangeKind
from workbench.core.problems import Problem
from workbench.core.secret import Secret
from workbench.core.token import AccessToken

pytestmark = pytest.mark.gui

BASIC = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
"""The Authorization value of every token request: as secret as the client secret."""
API_KEY = "fake-hostile-api-key-5Zq8"
"""An API key every request carries (an extra header of the form): a server may echo it."""
SCREEN_SECRETS = (CLIENT_SECRET, BASIC, TOKEN_VALUE, API_KEY)
WAIT_MS = 15_000
BIG_BODIES = frozenset({"huge-body", "endless"})
MAX_GROWTH_BYTES = 120 * 1024 * 1024
"""Resident memory growth allowed for one 100 MB or endless body: the transport keeps 10 MB
(its cap), the views a few MB more, and the allocator keeps some of what it freed."""
MAX_EVENT_LOOP_GAP_S = 0.3
"""The longest the event loop may go without running a timer while a hostile answer is read
and shown (the viewer aims at 0.1 s; the margin is for a loaded two-core machine). Checked
only by the ``perf`` tests below: it times the machine."""


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile() -> Iterator[HostileServer]:
    """The hostile server for this module."""
    with HostileServer() as server:
        yield server


@pytest.fixture(scope="module")
def window(qapp: Any, hostile: HostileServer) -> Iterator[Any]:
    """One real window (default client, default 10 MB body cap) shown for the whole module."""
    from workbench.app import build_workbench

    workbench = build_workbench()
    main = workbench.window
    main.form.set_config(
        ClientConfig(
            token_url=hostile.url_for("ok"),
            client_id=CLIENT_ID,
            client_secret=Secret(CLIENT_SECRET),
            scope="all",
            auth=ClientAuth.BASIC,
            body_encoding=BodyEncoding.FORM,
            extra_headers=(("X-Domain", "hostile.example"), ("X-Api-Key", API_KEY)),
            timeout_s=5.0,
        )
    )
    main.show()
    main.flowDiagramDock.setVisible(True)  # its captions quote statuses: checked for secrets
    yield main
    main.close()
    workbench.close()
    main.deleteLater()


@pytest.fixture(autouse=True)
def trust_hostile_ca(hostile: HostileServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust the hostile test authority, so that expiry and host names are what fail."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(hostile.ca_bundle))


# --- helpers ---------------------------------------------------------------------------------


def field_values(root: QWidget) -> list[tuple[str, object]]:
    """Every line edit, combo, check box and spin box under ``root``, by object name."""
    values: list[tuple[str, object]] = []
    for edit in root.findChildren(QLineEdit):
        values.append((edit.objectName(), (edit.text(), edit.echoMode())))
    for combo in root.findChildren(QComboBox):
        values.append((combo.objectName(), combo.currentText()))
    for check in root.findChildren(QCheckBox):
        values.append((check.objectName(), check.isChecked()))
    for spin in root.findChildren(QAbstractSpinBox):
        values.append((spin.objectName(), spin.text()))
    return sorted(values, key=repr)


def table_pairs(window: Any) -> tuple[object, ...]:
    """The form's extra parameters and headers."""
    return (window.form.extraParamsTable.pairs(), window.form.extraHeadersTable.pairs())


class Heartbeat:
    """A 20 ms timer that records the longest gap between its ticks and the peak memory."""

    def __init__(self, sample_memory: bool) -> None:
        self.sample_memory = sample_memory
        self.last = time.monotonic()
        self.longest_gap_s = 0.0
        self.peak_rss = read_rss_bytes() if sample_memory else 0
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self.tick)

    def tick(self) -> None:
        now = time.monotonic()
        self.longest_gap_s = max(self.longest_gap_s, now - self.last)
        self.last = now
        if self.sample_memory:
            self.peak_rss = max(self.peak_rss, read_rss_bytes())

    def __enter__(self) -> Heartbeat:
        self.last = time.monotonic()
        self.timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.tick()
        self.timer.stop()


def wait_for_views(qtbot: Any, window: Any, exchange: Any) -> None:
    """Until the viewer shows ``exchange`` with Pretty and Raw filled."""
    viewer = window.viewer
    qtbot.waitUntil(
        lambda: viewer.exchange() is exchange and not viewer.is_loading(), timeout=WAIT_MS
    )


def raw_text(window: Any) -> str:
    return str(window.viewer.raw_view.toPlainText())


def set_reveal(qtbot: Any, window: Any, reveal: bool) -> None:
    """Toggle the viewer's Reveal secrets and wait for the views to be rendered again."""
    check = window.viewer.reveal_check
    if check.isChecked() == reveal:
        return
    with qtbot.waitSignal(window.viewer.views_ready, timeout=WAIT_MS):
        check.setChecked(reveal)


def assert_secret_only_when_revealed(qtbot: Any, window: Any, secret: str) -> None:
    """Masked: no secret at all in Raw; revealed: ``secret`` is there (so the check can fail)."""
    masked = raw_text(window)
    for value in (CLIENT_SECRET, BASIC, TOKEN_VALUE):
        assert value not in masked, f"{value[:6]}… shown in Raw without Reveal"
    set_reveal(qtbot, window, True)
    try:
        assert secret in raw_text(window), "Reveal secrets did not reveal the request's secret"
    finally:
        set_reveal(qtbot, window, False)
    assert secret not in raw_text(window)


def assert_plain_words_shown(window: Any, problem: Problem | None) -> None:
    """The Explained tab (and the problem) speak in words, not Python."""
    explained = str(window.viewer.problem_view.toPlainText())
    assert explained.strip()
    assert not looks_like_python_internals(explained), explained
    if problem is not None:
        assert problem.title.strip()
        assert not looks_like_python_internals(problem.title), problem.title
        assert problem.title in explained
        assert window.viewer.tabs.currentIndex() == 0, "a problem opens on Explained"
    for secret in (CLIENT_SECRET, BASIC):
        assert secret not in explained


def click(qtbot: Any, button: QWidget) -> None:
    assert button.isEnabled(), f"{button.objectName()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def outcome_collector(
    window: Any,
) -> tuple[list[AccessToken], list[Problem], Callable[[], None]]:
    """Lists that fill with the session's new tokens and token problems; and a disconnect."""
    tokens: list[AccessToken] = []
    problems: list[Problem] = []
    session = window.session
    session.token_changed.connect(tokens.append)
    session.token_failed.connect(problems.append)

    def disconnect() -> None:
        session.token_changed.disconnect(tokens.append)
        session.token_failed.disconnect(problems.append)

    return tokens, problems, disconnect


def get_token_from(qtbot: Any, window: Any, url: str, timeout_s: float = 5.0) -> Any:
    """Type ``url`` into the form, click Get token, wait; returns the recorded exchange's args."""
    window.form.tokenUrlEdit.setText(url)
    window.form.timeoutSpin.setValue(timeout_s)
    with qtbot.waitSignal(window.session.exchange_recorded, timeout=WAIT_MS) as recorded:
        click(qtbot, window.token_panel.getTokenButton)
    frames_settled(qtbot)
    assert not window.session.token_busy_now
    return recorded.args


def send_to(qtbot: Any, window: Any, url: str) -> tuple[Any, Problem | None]:
    """Type ``url`` into the composer, click Send, wait for the answer."""
    window.composer.url_edit.setText(url)
    with qtbot.waitSignal(window.session.api_finished, timeout=WAIT_MS) as finished:
        click(qtbot, window.composer.send_button)
    frames_settled(qtbot)
    exchange, problem = finished.args
    return exchange, problem


def ensure_good_token(qtbot: Any, window: Any, hostile: HostileServer) -> None:
    """Get a usable token from the ``ok`` behaviour (and prove the window still works)."""
    tokens, problems, disconnect = outcome_collector(window)
    try:
        exchange, problem = get_token_from(qtbot, window, hostile.url_for("ok"))
    finally:
        disconnect()
    assert problem is None and not problems, problems
    assert exchange.response is not None and exchange.response.status == 200
    assert len(tokens) == 1 and tokens[0].value.reveal() == TOKEN_VALUE
    assert window.token_panel.token is tokens[0]
    assert window.token_panel.tokenProblemLabel.isHidden()
    wait_for_views(qtbot, window, exchange)


# --- the tests -------------------------------------------------------------------------------


@pytest.mark.parametrize("behaviour", BEHAVIOURS, ids=lambda b: b.name)
def test_token_endpoint_through_the_window(
    qtbot: Any, window: Any, hostile: HostileServer, behaviour: Behaviour
) -> None:
    panel = window.token_panel
    window.form.tokenUrlEdit.setText(hostile.url_for(behaviour.name))
    window.form.timeoutSpin.setValue(behaviour.timeout_s)
    form_before = (field_values(window.form), table_pairs(window))
    timeline_before = window.timeline.count()
    token_before = window.session.token
    tokens, problems, disconnect = outcome_collector(window)
    rss_before = read_rss_bytes()
    try:
        with Heartbeat(sample_memory=behaviour.name in BIG_BODIES) as heartbeat:
            with qtbot.waitSignal(window.session.exchange_recorded, timeout=WAIT_MS) as recorded:
                click(qtbot, panel.getTokenButton)
            frames_settled(qtbot)
            exchange, problem = recorded.args
            wait_for_views(qtbot, window, exchange)
    finally:
        disconnect()

    # The timeline holds the exchange, on top; the form is as the user left it.
    assert window.timeline.count() == timeline_before + 1
    entry = window.timeline.timeline_model().entry(0)
    assert entry is not None and entry.exchange is exchange and entry.problem is problem
    assert exchange.kind is ExchangeKind.TOKEN
    assert (field_values(window.form), table_pairs(window)) == form_before
    assert panel.getTokenButton.isEnabled() and panel.cancelTokenButton.isHidden()

    if behaviour.token_problem is None:
        assert problem is None and not problems, problem
        expected = TOKEN_WITH_ESCAPES if behaviour.name == "token-control-chars" else TOKEN_VALUE
        assert len(tokens) == 1 and tokens[0].value.reveal() == expected
        assert panel.token is tokens[0]
        assert panel.tokenProblemLabel.isHidden()
        assert expected not in panel.tokenValueLabel.text()
    else:
        assert not tokens, "a hostile answer replaced the token"
        assert window.session.token is token_before, "the previous token was lost"
        assert problems == [problem] and problem is not None
        assert problem.kind is behaviour.token_problem, problem
        label = panel.tokenProblemLabel
        assert label.isVisible()
        assert label.text() == f"No new token: {problem.title}"
        assert not looks_like_python_internals(label.text())
    assert_plain_words_shown(window, problem)
    assert_secret_only_when_revealed(qtbot, window, BASIC)
    assert leaked(window, SCREEN_SECRETS) == [], "a secret is on screen, unrevealed"
    assert hidden_on_screen(window) == [], "a server's control character is on screen, unescaped"

    if behaviour.name in BIG_BODIES:
        assert exchange.response is not None and exchange.response.truncated
        growth = max(heartbeat.peak_rss, read_rss_bytes()) - rss_before
        assert growth < MAX_GROWTH_BYTES, f"memory grew by {growth / 2**20:.0f} MiB"
    if behaviour.name.startswith("redirect-") and hostile.witness is not None:
        assert hostile.witness.connections == 0 and hostile.witness.received == []

    ensure_good_token(qtbot, window, hostile)


@pytest.mark.parametrize("behaviour", BEHAVIOURS, ids=lambda b: b.name)
def test_api_through_the_window(
    qtbot: Any, window: Any, hostile: HostileServer, behaviour: Behaviour
) -> None:
    if window.session.token is None:
        ensure_good_token(qtbot, window, hostile)
    window.form.timeoutSpin.setValue(behaviour.timeout_s)
    window.composer.url_edit.setText(hostile.url_for(behaviour.name, "api"))
    form_before = (field_values(window.form), table_pairs(window))
    composer_before = window.composer.current_request()
    timeline_before = window.timeline.count()
    rss_before = read_rss_bytes()
    with Heartbeat(sample_memory=behaviour.name in BIG_BODIES) as heartbeat:
        with qtbot.waitSignal(window.session.api_finished, timeout=WAIT_MS) as finished:
            click(qtbot, window.composer.send_button)
        frames_settled(qtbot)
        exchange, problem = finished.args
        wait_for_views(qtbot, window, exchange)

    assert window.timeline.count() == timeline_before + 1
    entry = window.timeline.timeline_model().entry(0)
    assert entry is not None and entry.exchange is exchange and entry.problem is problem
    assert exchange.kind is ExchangeKind.API
    assert (field_values(window.form), table_pairs(window)) == form_before
    assert window.composer.current_request() == composer_before
    assert not window.composer.cancel_button.isEnabled()
    assert window.composer.send_button.text() == "Send"

    if behaviour.api_problem is None:
        assert problem is None, problem
        assert exchange.ok
    else:
        assert problem is not None
        assert problem.kind is behaviour.api_problem, problem
    assert_plain_words_shown(window, problem)
    assert_secret_only_when_revealed(qtbot, window, TOKEN_VALUE)
    assert leaked(window, SCREEN_SECRETS) == [], "a secret is on screen, unrevealed"
    assert hidden_on_screen(window) == [], "a server's control character is on screen, unescaped"
    if problem is not None and problem.token_lapsed:
        assert window.viewer.resend_button.isVisible()

    if behaviour.name in BIG_BODIES:
        assert exchange.response is not None and exchange.response.truncated
        growth = max(heartbeat.peak_rss, read_rss_bytes()) - rss_before
        assert growth < MAX_GROWTH_BYTES, f"memory grew by {growth / 2**20:.0f} MiB"
    if behaviour.name.startswith("redirect-") and hostile.witness is not None:
        assert hostile.witness.connections == 0 and hostile.witness.received == []

    # Still responsive: a good call right after works and replaces what the viewer shows.
    good, good_problem = send_to(qtbot, window, hostile.url_for("ok", "api"))
    assert good_problem is None and good.ok, good_problem
    wait_for_views(qtbot, window, good)
    assert window.viewer.tabs.currentIndex() == 1, "a success opens on Pretty"


def test_a_servers_hidden_text_shows_escaped_in_every_view(
    qtbot: Any, window: Any, hostile: HostileServer
) -> None:
    """Escape sequences, bidi overrides, a lone surrogate, invalid UTF-8 and 5,000-digit numbers
    from a server: each view shows them as visible escapes, and revealing changes nothing."""
    if window.session.token is None:
        ensure_good_token(qtbot, window, hostile)
    exchange, problem = send_to(qtbot, window, hostile.url_for("hidden-text", "api"))
    wait_for_views(qtbot, window, exchange)
    viewer = window.viewer
    reason = "Bad \\x1b]0;owned\\x07\\x1b[2J\\x1b[1A\\x9b31m\\x0dhidden"
    words = "pay \\u202eexe.gnp\\u202c \\u2066isolated\\u2069 \\u200emark\\u200f zero\\u200bwidth"
    for reveal in (False, True):
        set_reveal(qtbot, window, reveal)
        assert viewer.status_label.text().startswith(f"HTTP/1.1 400 {reason} · ")
        raw = raw_text(window)
        assert f"HTTP/1.1 400 {reason}\n" in raw
        assert f'"detail": "{words} \\ud800 \\u001b]0;owned' in raw  # the wire's own escapes
        assert f'"title": "Refused {words} \\ud800 \ufffd\ufffd\ufffd\ufffd' in raw
        pretty = viewer.pretty_view.toPlainText()
        assert f'"detail": "{words} \\ud800' in pretty and '"count": 9999' in pretty
        cells = [
            viewer.headers_view.item(row, 2).text() for row in range(viewer.headers_view.rowCount())
        ]
        assert "\\x1b]0;owned\\x07\\x1b[2J\\x1b[1A\\x9b31mhidden" in cells
        assert "9" * 40 in cells  # a Retry-After too long to be a number, shown as sent
        explained = viewer.problem_view.toPlainText()
        assert f"“Refused {words} \\ud800 \ufffd" in explained
        assert hidden_on_screen(window) == []
    set_reveal(qtbot, window, False)
    assert problem is not None and problem.retry_after_s is None


ONE_LINE_STRING_CHARS = 1_900_000


def one_line_json_viewer(qtbot: Any) -> tuple[Any, Any]:
    """A shown viewer, and an answer whose JSON is one string of about 1.9 million characters."""
    from workbench.core.http import Exchange, HttpRequest, HttpResponse
    from workbench.ui.response.panel import ResponseViewer

    viewer = ResponseViewer()
    qtbot.addWidget(viewer)
    viewer.resize(900, 600)
    viewer.show()
    exchange = Exchange(
        kind=ExchangeKind.API,
        request=HttpRequest("GET", "http://127.0.0.1:9/api/blob"),
        response=HttpResponse(
            status=200,
            reason="OK",
            headers=(("Content-Type", "application/json"),),
            body=b'{"data": "' + b"a" * ONE_LINE_STRING_CHARS + b'"}',
        ),
        duration_s=0.01,
    )
    return viewer, exchange


def test_a_megabyte_json_string_on_one_line_shows_cut(qtbot: Any) -> None:
    """One endless line (base64, a hostile string) is shown cut, with how much is hidden."""
    from workbench.ui.response.loaders import LONG_LINE_CHARS

    viewer, exchange = one_line_json_viewer(qtbot)
    with qtbot.waitSignal(viewer.views_ready, timeout=WAIT_MS):
        viewer.show_exchange(exchange, None)
    pretty = viewer.pretty_view.toPlainText()
    assert pretty.startswith('{\n  "data": "' + "a" * 1000)
    hidden = len('  "data": ') + ONE_LINE_STRING_CHARS + 2 - LONG_LINE_CHARS
    assert f"{hidden:,} more characters on this line not shown" in pretty
    assert len(pretty) < LONG_LINE_CHARS + 200


# --- timed: only with -m perf (they time the machine) ---------------------------------------


@pytest.mark.perf
def test_a_megabyte_json_string_on_one_line_shows_without_freezing(qtbot: Any) -> None:
    viewer, exchange = one_line_json_viewer(qtbot)
    with (
        Heartbeat(sample_memory=False) as heartbeat,
        qtbot.waitSignal(viewer.views_ready, timeout=WAIT_MS),
    ):
        viewer.show_exchange(exchange, None)
    assert heartbeat.longest_gap_s < MAX_EVENT_LOOP_GAP_S, heartbeat.longest_gap_s


@pytest.mark.perf
@pytest.mark.parametrize("endpoint", ["token", "api"])
@pytest.mark.parametrize("behaviour", BEHAVIOURS, ids=lambda b: b.name)
def test_the_event_loop_keeps_running_while_a_hostile_answer_is_read(
    qtbot: Any, window: Any, hostile: HostileServer, behaviour: Behaviour, endpoint: str
) -> None:
    if endpoint == "api" and window.session.token is None:
        ensure_good_token(qtbot, window, hostile)
    window.form.timeoutSpin.setValue(behaviour.timeout_s)
    with Heartbeat(sample_memory=False) as heartbeat:
        if endpoint == "token":
            exchange, _problem = get_token_from(
                qtbot, window, hostile.url_for(behaviour.name), behaviour.timeout_s
            )
        else:
            exchange, _problem = send_to(qtbot, window, hostile.url_for(behaviour.name, "api"))
        wait_for_views(qtbot, window, exchange)
    assert heartbeat.longest_gap_s < MAX_EVENT_LOOP_GAP_S, heartbeat.longest_gap_s


def test_a_web_page_where_data_was_expected_is_no_success(
    qtbot: Any, window: Any, hostile: HostileServer
) -> None:
    """A proxy's or a captive portal's sign-in page with 200: explained as such, coloured as a
    problem, never drawn as "data returned"."""
    from workbench.core.problems import ProblemKind
    from workbench.ui.style import Tone, text_colour, tone_colour

    if window.session.token is None:
        ensure_good_token(qtbot, window, hostile)
    window.flowDiagramDock.setVisible(True)
    exchange, problem = send_to(qtbot, window, hostile.url_for("html", "api"))
    wait_for_views(qtbot, window, exchange)
    assert exchange.response.status == 200
    assert problem is not None and problem.kind is ProblemKind.WEB_PAGE
    viewer = window.viewer
    assert viewer.tabs.currentWidget().findChild(QWidget, "problemView") is not None
    explained = viewer.problem_view.toPlainText()
    assert "A web page came back instead of the API's data" in explained
    assert "captive portal" in explained and "“Sign in - Corporate Proxy”" in explained
    assert text_colour(viewer.status_label) == tone_colour(Tone.CLIENT_ERROR, viewer.palette())
    answer = window.flowDiagramDock.diagram.arrows()[-1]
    assert answer.caption == "200 OK: a web page, not data"
    assert "data returned" not in answer.caption

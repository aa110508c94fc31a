"""Every hostile behaviour through the model: a Problem in plain words, never an exception."""

from __future__ import annotations

import base64
import math
from collections.abc import Callable, Iterator

import pytest

from tests.e2e.hostile.probes import (
    CLIENT_ID,
    CLIENT_SECRET,
    looks_like_python_internals,
    read_rss_bytes,
)
from tests.e2e.hostile.server import (
    BEHAVIOURS,
    BY_NAME,
    HUGE_BODY_BYTES,
    RETRY_AFTER_S,
    TERMINAL_ESCAPES,
    TOKEN_VALUE,
    TOKEN_WITH_ESCAPES,
    Behaviour,
    HostileServer,
)
from workbench.core.client import ApiOutcome, ApiRequest, OAuthClient, SendOptions, TokenOutcome
from workbench.core.clock import ManualClock
from workbench.core.config import ClientConfig
from workbench.core.har import har_json
from workbench.core.http import Exchange, FailureKind
from workbench.core.problems import Problem, ProblemKind
from workbench.core.render import render_exchange
from workbench.core.secret import Secret
from workbench.core.token import AccessToken
from workbench.core.token_response import MAX_LIFETIME_S
from workbench.core.transport import Transport

pytestmark = pytest.mark.e2e

CAP_BYTES = 4 * 1024 * 1024
"""A small body cap, so the 100 MB and endless bodies are stopped quickly."""
BASIC = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()


@pytest.fixture
def client() -> Iterator[OAuthClient]:
    oauth_client = OAuthClient(Transport(max_body_bytes=CAP_BYTES), clock=ManualClock())
    yield oauth_client
    oauth_client.close()


def config_for(url: str, timeout_s: float = 5.0) -> ClientConfig:
    return ClientConfig(
        token_url=url, client_id=CLIENT_ID, client_secret=Secret(CLIENT_SECRET), timeout_s=timeout_s
    )


def fetch(client: OAuthClient, hostile: HostileServer, behaviour: Behaviour) -> TokenOutcome:
    return client.fetch_token(config_for(hostile.url_for(behaviour.name), behaviour.timeout_s))


def good_token(client: OAuthClient, hostile: HostileServer) -> AccessToken:
    token = client.fetch_token(config_for(hostile.url_for("ok"))).token
    assert token is not None
    return token


def call(
    client: OAuthClient, hostile: HostileServer, behaviour: Behaviour, status: int | None = None
) -> ApiOutcome:
    token = good_token(client, hostile)
    url = hostile.url_for(behaviour.name, "api", status=status)
    return client.call_api(
        ApiRequest("GET", url), token, SendOptions(timeout_s=behaviour.timeout_s)
    )


def assert_plain_words(problem: Problem) -> None:
    """Every part is said, in words rather than Python, and no secret is in it."""
    parts = (problem.title, problem.explanation, problem.likely_cause, problem.suggested_action)
    for part in parts:
        assert part.strip(), problem
    text = " ".join(parts)
    assert not looks_like_python_internals(text), problem
    for secret in (CLIENT_SECRET, BASIC, TOKEN_VALUE):
        assert secret not in text
    # The raw fields are what the server sent (an echoed token included); never our secret.
    for secret in (CLIENT_SECRET, BASIC):
        assert all(secret not in value for _name, value in problem.fields)


def assert_exchange_is_sound(exchange: Exchange, behaviour: Behaviour) -> None:
    """The failure and truncation expected, the body within the cap, renders and exports."""
    assert (exchange.failure.kind if exchange.failure else None) == behaviour.failure, exchange
    if exchange.response is not None:
        assert len(exchange.response.body) <= CAP_BYTES
        assert exchange.response.truncated == (behaviour.truncated or exchange.failure is not None)
    rendered = render_exchange(exchange)
    exported = har_json([exchange])
    for text in (rendered, exported):
        assert CLIENT_SECRET not in text
        assert BASIC not in text


# --- per-behaviour specifics ------------------------------------------------------------------

TokenCheck = Callable[[AccessToken | None, Problem | None], None]


def _lifetime(expected: float | None, note: str = "") -> TokenCheck:
    def check(token: AccessToken | None, problem: Problem | None) -> None:
        assert token is not None, problem
        assert token.expires_in_s == expected
        if note:
            assert any(note in line for line in token.notes), token.notes

    return check


def _words(*fragments: str) -> TokenCheck:
    def check(token: AccessToken | None, problem: Problem | None) -> None:
        assert problem is not None
        text = " ".join((problem.title, problem.explanation, problem.likely_cause)).lower()
        for fragment in fragments:
            assert fragment.lower() in text, (fragment, problem)

    return check


def _token_type(expected: str, note: str = "") -> TokenCheck:
    def check(token: AccessToken | None, problem: Problem | None) -> None:
        assert token is not None, problem
        assert token.token_type == expected
        assert not note or any(note in line for line in token.notes)

    return check


def _retry_after(expected: float | None) -> TokenCheck:
    def check(token: AccessToken | None, problem: Problem | None) -> None:
        assert problem is not None
        assert problem.retry_after_s == expected

    return check


def _code(expected: str) -> TokenCheck:
    def check(token: AccessToken | None, problem: Problem | None) -> None:
        assert problem is not None
        assert problem.code == expected

    return check


def _field(name: str, expected: str) -> TokenCheck:
    def check(token: AccessToken | None, problem: Problem | None) -> None:
        assert token is not None, problem
        assert token.fields[name] == expected  # kept as data; only a terminal escapes it

    return check


TOKEN_SPECIFICS: dict[str, TokenCheck] = {
    "html": _words("HTML", "web page"),
    "empty": _words("empty"),
    "truncated-json": _words("does not parse"),
    "json-array": _words("JSON array"),
    "json-string": _words("JSON string"),
    "no-access-token": _words("no access_token"),
    "error-with-200": _words("invalid_client"),
    "expires-negative": _lifetime(None, "not a usable number"),
    "expires-zero": _lifetime(0.0),
    "expires-huge": _lifetime(MAX_LIFETIME_S, "century"),
    "expires-fractional": _lifetime(59.5),
    "expires-string": _lifetime(3600.0),
    "expires-text": _lifetime(None, "one hour"),
    "expires-null": _lifetime(None, "no expires_in"),
    "token-type-missing": _token_type("Bearer", "no token_type"),
    "token-type-unknown": _token_type("Kerberos-ish"),
    "endless": _words("cut"),
    "huge-body": _words("cut"),
    "length-shorter": _words("does not parse"),
    "invalid-utf8": _words("does not parse"),
    "binary": _words("binary"),
    "deep-json": _words("nested too deeply"),
    "length-longer": _words("lost", "more bytes were announced"),
    "corrupt-gzip": _words("could not be unpacked", "does not match its bytes ("),
    "close-without-answer": _words("closed the connection without answering"),
    "close-mid-body": _words("reset the connection"),
    "long-header": _words("64 KiB"),
    "many-headers": _words("100 header"),
    "not-http": _words("SSH-2.0"),
    "never-answers": _words("no answer", "in time"),
    "redirect-broken-location": _words("http://[::1/broken"),
    "tls-expired": _words("expired"),
    "tls-self-signed": _words("self-signed"),
    "tls-wrong-host": _words("another name"),
    "rate-limited-retry-after": _retry_after(RETRY_AFTER_S),
    "rate-limited": _retry_after(None),
    "envelope-1014-403": _code("1014"),
    "status-999": _words("999"),
    "escape-sequences": _field("note", TERMINAL_ESCAPES),
    "echo-credentials": _words("not known here"),  # quoted, with what it echoed masked
    "hidden-text": _words("“pay \\u202eexe.gnp\\u202c \\u2066isolated\\u2069", "\\ud800"),
}


def test_the_catalogue_covers_the_issue() -> None:
    assert len(BEHAVIOURS) >= 25
    assert len(BY_NAME) == len(BEHAVIOURS), "behaviour names must be unique"
    unchecked = (
        {b.name for b in BEHAVIOURS}
        - set(TOKEN_SPECIFICS)
        - {"ok", "token-control-chars", "echo-token"}
    )
    assert unchecked == {"redirect-302", "redirect-307", "redirect-308"}  # tested on their own


@pytest.mark.usefixtures("trust_hostile_ca")
@pytest.mark.parametrize("behaviour", BEHAVIOURS, ids=lambda b: b.name)
def test_token_endpoint(client: OAuthClient, hostile: HostileServer, behaviour: Behaviour) -> None:
    outcome = fetch(client, hostile, behaviour)
    assert_exchange_is_sound(outcome.exchange, behaviour)
    if behaviour.token_problem is None:
        assert outcome.problem is None, outcome.problem
        assert outcome.token is not None
        expected = TOKEN_WITH_ESCAPES if behaviour.name == "token-control-chars" else TOKEN_VALUE
        assert outcome.token.value.reveal() == expected  # kept as sent: it is the server's
    else:
        assert outcome.token is None
        assert outcome.problem is not None
        assert outcome.problem.kind is behaviour.token_problem, outcome.problem
        assert_plain_words(outcome.problem)
    check = TOKEN_SPECIFICS.get(behaviour.name)
    if check is not None:
        check(outcome.token, outcome.problem)


@pytest.mark.usefixtures("trust_hostile_ca")
@pytest.mark.parametrize("behaviour", BEHAVIOURS, ids=lambda b: b.name)
def test_api(client: OAuthClient, hostile: HostileServer, behaviour: Behaviour) -> None:
    outcome = call(client, hostile, behaviour)
    assert_exchange_is_sound(outcome.exchange, behaviour)
    if behaviour.api_problem is None:
        assert outcome.problem is None, outcome.problem
        assert outcome.exchange.ok
    else:
        assert outcome.problem is not None
        assert outcome.problem.kind is behaviour.api_problem, outcome.problem
        assert_plain_words(outcome.problem)
    if behaviour.name in ("rate-limited-retry-after", "rate-limited", "envelope-1014-403"):
        TOKEN_SPECIFICS[behaviour.name](None, outcome.problem)
    if behaviour.name == "envelope-1014-403":
        assert outcome.problem is not None and outcome.problem.token_lapsed


@pytest.mark.parametrize(
    "behaviour", [b for b in BEHAVIOURS if b.status_override], ids=lambda b: b.name
)
def test_api_error_status_with_an_odd_body(
    client: OAuthClient, hostile: HostileServer, behaviour: Behaviour
) -> None:
    outcome = call(client, hostile, behaviour, status=502)
    assert outcome.exchange.response is not None
    assert outcome.exchange.response.status == 502
    problem = outcome.problem
    assert problem is not None
    assert problem.kind is ProblemKind.SERVER_ERROR, problem
    assert problem.http_status == 502
    assert_plain_words(problem)


@pytest.mark.parametrize("status", [302, 307, 308])
@pytest.mark.parametrize("endpoint", ["token", "api"])
def test_a_redirect_sends_nothing_to_its_target(
    client: OAuthClient, hostile: HostileServer, status: int, endpoint: str
) -> None:
    behaviour = BY_NAME[f"redirect-{status}"]
    if endpoint == "token":
        exchange = fetch(client, hostile, behaviour).exchange
        problem = fetch(client, hostile, behaviour).problem
    else:
        outcome = call(client, hostile, behaviour)
        exchange, problem = outcome.exchange, outcome.problem
    assert hostile.witness is not None
    assert hostile.witness.connections == 0
    assert hostile.witness.received == []
    assert problem is not None
    assert problem.kind is ProblemKind.REDIRECT
    assert hostile.witness.host in problem.explanation
    assert "nothing was sent there" in problem.explanation
    if hostile.witness.host != "127.0.0.1":
        assert "different host" in problem.likely_cause
    assert any("does not follow redirects" in note for note in exchange.notes)


def test_tls_failures_name_the_cause_even_untrusted(
    client: OAuthClient, hostile: HostileServer
) -> None:
    """Without the test authority trusted, every TLS behaviour still fails in plain words."""
    for name in ("tls-expired", "tls-wrong-host", "tls-self-signed"):
        # Other tests (the command line's --insecure) may have been let through before.
        reached_before = len(hostile.requests_for(name))
        outcome = fetch(client, hostile, BY_NAME[name])
        assert outcome.exchange.failure is not None
        assert outcome.exchange.failure.kind is FailureKind.TLS
        assert outcome.problem is not None
        assert_plain_words(outcome.problem)
        reached = len(hostile.requests_for(name)) - reached_before
        assert not reached, "a request went past a refused handshake"


def test_a_lying_short_content_length_does_not_poison_the_next_answer(
    client: OAuthClient, hostile: HostileServer
) -> None:
    fetch(client, hostile, BY_NAME["length-shorter"])
    outcome = client.fetch_token(config_for(hostile.url_for("ok")))
    assert outcome.problem is None, outcome.problem
    assert outcome.token is not None


def test_an_expired_token_answer_counts_as_expired(
    client: OAuthClient, hostile: HostileServer
) -> None:
    token = fetch(client, hostile, BY_NAME["expires-zero"]).token
    assert token is not None
    assert token.is_expired(client.clock)


def test_a_huge_lifetime_gives_a_date_that_can_be_shown(
    client: OAuthClient, hostile: HostileServer
) -> None:
    token = fetch(client, hostile, BY_NAME["expires-huge"]).token
    assert token is not None
    assert token.expires_at_wall is not None and math.isfinite(token.expires_at_wall)
    remaining = token.remaining_s(client.clock)
    assert remaining is not None and remaining <= MAX_LIFETIME_S


def test_never_answers_gives_up_at_the_timeout(client: OAuthClient, hostile: HostileServer) -> None:
    behaviour = BY_NAME["never-answers"]
    outcome = fetch(client, hostile, behaviour)
    # Not a lost connection when the server gives up a minute later: the client's own timeout.
    failure = outcome.exchange.failure
    assert failure is not None and failure.kind is FailureKind.TIMEOUT, failure
    assert outcome.exchange.duration_s >= 0.9 * behaviour.timeout_s  # and not before it


# --- memory stays bounded ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["huge-body", "endless"])
@pytest.mark.parametrize("endpoint", ["token", "api"])
def test_memory_stays_bounded_by_the_cap(hostile: HostileServer, name: str, endpoint: str) -> None:
    """Resident memory, sampled while the body streams in, grows by a few caps at most."""
    peak = [0]

    def sample(_read: int, _total: int | None) -> None:
        peak[0] = max(peak[0], read_rss_bytes())

    with Transport(max_body_bytes=CAP_BYTES) as transport:
        client = OAuthClient(transport)
        before = read_rss_bytes()
        url = hostile.url_for(name, endpoint)
        if endpoint == "token":
            exchange = client.fetch_token(config_for(url), progress=sample).exchange
        else:
            exchange = client.call_api(
                ApiRequest("GET", url), None, SendOptions(progress=sample)
            ).exchange
        after = read_rss_bytes()
    assert exchange.response is not None
    assert exchange.response.truncated
    assert len(exchange.response.body) == CAP_BYTES
    if name == "huge-body":
        assert exchange.response.header("Content-Length") == str(HUGE_BODY_BYTES)
    growth = max(peak[0], after) - before
    assert growth < 8 * CAP_BYTES, f"memory grew by {growth / 2**20:.0f} MiB"


def test_exports_mask_a_token_an_api_echoed_across_the_story(
    client: OAuthClient, hostile: HostileServer
) -> None:
    """The token issued by exchange 1, echoed by exchange 2's server in its body (also base64)
    and a header: every export of the story masks it, once per whole export."""
    from workbench.core.exports import ExportFormat, ExportSources, export_text

    token_outcome = client.fetch_token(config_for(hostile.url_for("ok")))
    assert token_outcome.token is not None
    outcome = client.call_api(
        ApiRequest("GET", hostile.url_for("echo-token", "api")), token_outcome.token
    )
    assert outcome.exchange.response is not None
    assert TOKEN_VALUE.encode() in outcome.exchange.response.body  # it really was echoed
    story = ((token_outcome.exchange, None), (outcome.exchange, None))
    config = config_for(hostile.url_for("ok"))
    encoded = base64.b64encode(TOKEN_VALUE.encode()).decode()
    for selected in (token_outcome.exchange, outcome.exchange):
        sources = ExportSources(story, config, selected=selected)
        for kind in ExportFormat:
            text = export_text(sources, kind, include_secrets=False)
            for leak in (TOKEN_VALUE, encoded, CLIENT_SECRET, BASIC):
                assert leak not in text, (kind, leak)

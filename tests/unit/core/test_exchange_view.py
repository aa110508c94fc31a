"""What the response panel shows for an exchange, decided without Qt."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.exchange_samples import EXPIRED, REQUEST, TOKEN, answered
from workbench.core import exchange_view
from workbench.core.exchange_view import (
    HIGHLIGHT_LIMIT_CHARS,
    PRETTY_DISPLAY_CHARS,
    RAW_BODY_DISPLAY_BYTES,
    REDACT_WHOLE_LIMIT_BYTES,
    TEXT_DISPLAY_CHARS,
    cut_line_marker,
    explanation_html,
    failure_message,
    header_rows,
    iter_render_pretty,
    render_pretty,
    render_raw,
    status_text,
    view_exchange,
)
from workbench.core.http import (
    Exchange,
    ExchangeKind,
    FailureKind,
    HttpRequest,
    HttpResponse,
    TransportFailure,
)
from workbench.core.problems import Problem, ProblemKind
from workbench.core.sizes import format_size

MASK = "••••••"


def problem(*, title: str = "Blocked", more_info_url: str = "") -> Problem:
    return Problem(
        kind=ProblemKind.FORBIDDEN,
        title=title,
        explanation="The API refuses this account.",
        likely_cause="A plan without API access.",
        suggested_action="Ask the provider.",
        more_info_url=more_info_url,
    )


def unanswered(kind: FailureKind, message: str = "") -> Exchange:
    return Exchange(
        kind=ExchangeKind.API,
        request=REQUEST,
        failure=TransportFailure(kind, message),
        duration_s=0.003,
    )


# --- sizes and the status line -----------------------------------------------------------------


def test_status_of_an_answer_has_line_duration_and_size() -> None:
    exchange = answered(b"x" * 212, status=401, reason="Unauthorized")
    assert status_text(exchange) == "HTTP/1.1 401 Unauthorized · 184 ms · 212 B"


def test_status_of_a_cut_body_says_so() -> None:
    assert status_text(answered(b"{}", truncated=True)).endswith("· body cut at the size cap")


def test_status_of_an_answer_that_broke_off_names_the_failure() -> None:
    broken = Exchange(
        kind=ExchangeKind.API,
        request=REQUEST,
        response=HttpResponse(200, "OK", body=b"{"),
        failure=TransportFailure(FailureKind.CONNECTION_LOST, "reset"),
        duration_s=0.01,
    )
    assert status_text(broken) == "HTTP/1.1 200 OK · 10 ms · 1 B · connection lost"


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (FailureKind.REFUSED, "No answer: connection refused · 3 ms"),
        (FailureKind.DNS, "No answer: host name not found · 3 ms"),
        (FailureKind.CANCELLED, "Cancelled · 3 ms"),
    ],
)
def test_status_without_an_answer_names_the_failure(kind: FailureKind, text: str) -> None:
    assert status_text(unanswered(kind, "whatever")) == text


def test_status_of_an_unnamed_failure_uses_its_message_masked() -> None:
    exchange = unanswered(FailureKind.PROTOCOL, "bad answer from https://u:hunter2@host/x")
    text = status_text(exchange)
    assert text.startswith("No answer: bad answer from https://")
    assert "hunter2" not in text


# --- the whole view of one exchange --------------------------------------------------------------


def test_a_lapsed_token_opens_the_explanation_and_offers_a_resend() -> None:
    view = view_exchange(answered(b"{}", status=401, reason="Unauthorized"), EXPIRED, reveal=False)
    assert view.opens_explanation
    assert view.offers_resend
    assert view.status == "HTTP/1.1 401 Unauthorized · 184 ms · 2 B"
    assert "The access token has expired" in view.explanation_html
    assert view.header_rows[1] == ("Request", "Authorization", f"Bearer {MASK}")


def test_a_success_opens_pretty_and_offers_nothing() -> None:
    view = view_exchange(answered(b'{"a": 1}'), None, reveal=True)
    assert not view.opens_explanation
    assert not view.offers_resend
    assert view.header_rows[1] == ("Request", "Authorization", f"Bearer {TOKEN}")
    assert view.raw().text.endswith('{"a": 1}')
    assert exchange_view.drive(view.pretty_steps()).text == '{\n  "a": 1\n}'


def test_another_problem_opens_the_explanation_without_a_resend() -> None:
    forbidden = problem(title="Blocked")
    view = view_exchange(answered(b"{}", status=403, reason="Forbidden"), forbidden, reveal=False)
    assert view.opens_explanation
    assert not view.offers_resend


def test_an_error_status_without_a_problem_opens_the_explanation() -> None:
    view = view_exchange(answered(b"oops", status=500, reason="Error"), None, reveal=False)
    assert view.opens_explanation
    assert "No explanation is available" in view.explanation_html


# --- headers ------------------------------------------------------------------------------------


def test_header_rows_keep_order_and_duplicates_and_mask_until_revealed() -> None:
    exchange = answered(b"{}", headers=(("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")))
    masked = header_rows(exchange, reveal=False)
    assert masked == [
        ("Request", "Host", "127.0.0.1:9"),
        ("Request", "Authorization", f"Bearer {MASK}"),
        ("Request", "Accept", "*/*"),
        ("Response", "Content-Type", "application/json"),
        ("Response", "Set-Cookie", f"a={MASK}"),
        ("Response", "Set-Cookie", f"b={MASK}"),
    ]
    revealed = header_rows(exchange, reveal=True)
    assert revealed[1] == ("Request", "Authorization", f"Bearer {TOKEN}")
    assert revealed[4:] == [("Response", "Set-Cookie", "a=1"), ("Response", "Set-Cookie", "b=2")]


def test_header_rows_without_an_answer_are_the_request_only() -> None:
    rows = header_rows(unanswered(FailureKind.REFUSED), reveal=False)
    assert [part for part, _name, _value in rows] == ["Request"] * 3


# --- Pretty -------------------------------------------------------------------------------------


def test_pretty_indents_json_masks_secrets_and_asks_for_colours() -> None:
    body = json.dumps({"access_token": "s3cr3t-value", "echo": TOKEN, "n": 1.50}).encode()
    shown = render_pretty(answered(body), reveal=False)
    assert shown.highlight
    assert shown.note == ""
    assert shown.text == f'{{\n  "access_token": "{MASK}",\n  "echo": "{MASK}",\n  "n": 1.5\n}}'
    revealed = render_pretty(answered(body), reveal=True)
    assert "s3cr3t-value" in revealed.text and TOKEN in revealed.text


def test_pretty_shows_invalid_json_as_received_with_the_reason() -> None:
    shown = render_pretty(answered(b'{"a": 1,,}'), reveal=False)
    assert shown.text == '{"a": 1,,}'
    assert not shown.highlight
    assert shown.note.startswith("Not valid JSON (line 1 col 9")


def test_pretty_recognises_json_sent_as_text() -> None:
    shown = render_pretty(answered(b"  [1,2]", content_type="text/plain"), reveal=False)
    assert shown.text == "[\n  1,\n  2\n]"
    assert shown.highlight


@pytest.mark.parametrize(
    ("exchange", "note"),
    [
        (unanswered(FailureKind.REFUSED), "No response: nothing to show."),
        (answered(b""), "The response has no body."),
        (
            answered(b"\x00\x01\x02\xff" * 10, content_type="application/octet-stream"),
            "Binary body of 40 B: see Raw.",
        ),
    ],
)
def test_pretty_explains_when_there_is_nothing_to_format(exchange: Exchange, note: str) -> None:
    shown = render_pretty(exchange, reveal=False)
    assert (shown.text, shown.note) == ("", note)


def test_pretty_says_where_a_cut_body_ends() -> None:
    body = b'{"items": [' + b",".join(b'{"id": %d}' % i for i in range(300))
    shown = render_pretty(answered(body, truncated=True), reveal=False)
    assert shown.text.startswith('{\n  "items": [\n    {\n      "id": 0\n')
    assert shown.note == (
        f"The body was cut at {format_size(len(body))} (the size cap): only its start was received."
    )


def test_pretty_shows_the_start_of_a_huge_document_and_says_so() -> None:
    item = b'{"id": 123456, "name": "contact name", "email": "someone@example.test"}'
    body = b"[" + b",".join([item] * (3 * 2**20 // len(item))) + b"]"
    shown = render_pretty(answered(body), reveal=True)
    assert len(shown.text) >= PRETTY_DISPLAY_CHARS
    assert f"Showing the start of a {format_size(len(body))} JSON document" in shown.note
    assert f"Colours cover the first {format_size(HIGHLIGHT_LIMIT_CHARS)}." in shown.note


def test_pretty_shows_the_start_of_long_plain_text_and_says_so() -> None:
    body = b"line of text\n" * (2 * TEXT_DISPLAY_CHARS // 13)
    shown = render_pretty(answered(body, content_type="text/plain"), reveal=False)
    assert len(shown.text) == TEXT_DISPLAY_CHARS
    assert shown.note == (
        f"Showing the first {format_size(TEXT_DISPLAY_CHARS)} of a "
        f"{format_size(len(body))} body; exports hold all of it."
    )


def test_pretty_masks_secrets_in_a_big_body_by_name() -> None:
    filler = b",".join(b'{"id": %d}' % i for i in range(40000))
    body = b'{"items": [' + filler + b'], "access_token": "other-secret-value"}'
    assert len(body) > REDACT_WHOLE_LIMIT_BYTES
    shown = render_pretty(answered(body), reveal=False)
    assert shown.text.endswith(f'  "access_token": "{MASK}"\n}}')


def test_pretty_steps_stop_when_asked_and_give_nothing() -> None:
    body = json.dumps([{"id": i} for i in range(20000)]).encode()
    steps = iter_render_pretty(answered(body), reveal=False)
    steps.send(None)
    with pytest.raises(StopIteration) as stopped:
        steps.send(True)
    assert stopped.value.value.text == ""


# --- Raw ----------------------------------------------------------------------------------------


def test_raw_is_the_wire_text_masked_until_revealed() -> None:
    body = json.dumps({"context": {"sentToken": TOKEN}}).encode()
    exchange = answered(body, status=401, reason="Unauthorized")
    masked = render_raw(exchange, reveal=False)
    assert masked.note == ""
    assert "GET /v3/accounts HTTP/1.1" in masked.text
    assert f"Authorization: Bearer {MASK}" in masked.text
    assert TOKEN not in masked.text
    revealed = render_raw(exchange, reveal=True)
    assert revealed.text.endswith(body.decode())


def test_raw_caps_each_body_and_never_leaves_half_a_secret() -> None:
    cut_at = RAW_BODY_DISPLAY_BYTES
    request_body = b"a" * (cut_at - 10) + TOKEN.encode() + b"b" * 100
    request = HttpRequest("POST", REQUEST.url, REQUEST.headers, request_body)
    response_body = b"z" * (3 * cut_at)
    raw = render_raw(answered(response_body, request=request), reveal=False)
    assert raw.note == (
        f"The request body is shown up to {format_size(cut_at)} of "
        f"{format_size(len(request_body))}.\n"
        f"The response body is shown up to {format_size(cut_at)} of "
        f"{format_size(len(response_body))}; exports hold all of it."
    )
    assert TOKEN[:10] not in raw.text
    assert "z" * cut_at in raw.text
    assert "z" * (cut_at + 1) not in raw.text


# --- the explanation ----------------------------------------------------------------------------


def test_the_explanation_of_a_problem_has_every_part_escaped() -> None:
    html = explanation_html(answered(b"{}", status=401), replace(EXPIRED, retry_after_s=2.5))
    for part in (EXPIRED.title, EXPIRED.explanation, EXPIRED.likely_cause):
        assert part in html
    developers = (
        "<p><small>For developers: provider code 1014 · HTTP 401 · read from "
        "GetResponse&#x27;s error envelope</small></p>"
    )
    assert html.endswith(developers), "the internal words on a small line of their own, last"
    assert "decoded as" not in html
    assert "wait 2.5 s" in html
    assert '<a href="https://apidocs.getresponse.com/v3/errors/1014">' in html
    hostile = problem(title="<script>x</script>")
    escaped = explanation_html(answered(b"{}", status=403), hostile)
    assert "<script>" not in escaped and "&lt;script&gt;" in escaped


def test_the_explanation_says_each_sentence_once() -> None:
    said_twice = replace(
        problem(title="The access token has expired"),
        explanation="The access token has expired. Get a new token and send the request again.",
        likely_cause="Tokens lapse. Get a new token and send the request again.",
        suggested_action="Get a new token and send the request again.",
    )
    html = explanation_html(answered(b"{}", status=401), said_twice)
    assert html.count("Get a new token and send the request again") == 1
    assert html.count("The access token has expired") == 1, "the title is said already"
    assert "<b>What to do:</b> Get a new token and send the request again." in html
    assert "<b>Likely cause:</b> Tokens lapse.</p>" in html


def test_a_connection_failure_has_no_provider_code() -> None:
    from workbench.core.problems.decode import describe_problem

    exchange = unanswered(FailureKind.REFUSED, "[Errno 111] refused")
    html = explanation_html(exchange, describe_problem(exchange))
    assert "provider code" not in html.lower()
    assert "<small>For developers: failure refused</small>" in html


def test_the_explanation_links_only_to_web_pages() -> None:
    sneaky = problem(more_info_url="javascript:alert(1)")
    assert "<a " not in explanation_html(answered(b"{}", status=403), sneaky)


def test_the_explanation_of_a_success_and_of_no_answer() -> None:
    assert "the API accepted the request" in explanation_html(answered(b"{}"), None)
    refused = explanation_html(unanswered(FailureKind.REFUSED, "[Errno 111] refused"), None)
    assert "No answer: connection refused" in refused
    assert "[Errno 111] refused" in refused


def test_the_explanation_lists_the_exchange_notes() -> None:
    exchange = Exchange(
        kind=ExchangeKind.API,
        request=REQUEST,
        response=HttpResponse(302, "Found"),
        notes=("Not followed: a redirect to another host.",),
    )
    assert "<li>Not followed: a redirect to another host.</li>" in explanation_html(exchange, None)


def test_a_failure_message_is_masked() -> None:
    message = "refused: https://alice:hunter2pass@api.example.com/v3?access_token=t0k3n"
    shown = failure_message(unanswered(FailureKind.PROTOCOL, message))
    assert "api.example.com" in shown
    assert "hunter2pass" not in shown and "t0k3n" not in shown
    assert failure_message(answered(b"{}")) == ""


def test_a_cut_line_says_how_much_is_hidden() -> None:
    assert cut_line_marker(1234567) == (
        " … [1,234,567 more characters on this line not shown; exports hold all of it]"
    )


def test_a_reason_phrase_echoing_what_was_sent_is_masked_everywhere_it_is_shown() -> None:
    """A server can repeat an API key, the token or the Basic credentials in its reason."""
    key, token = "fake-echoed-api-key-42", "fake-echoed-token-4242"
    exchange = Exchange(
        kind=ExchangeKind.API,
        request=HttpRequest(
            "GET",
            "https://api.example/v3/x?api_key=fake-query-key-77",
            (("X-Api-Key", key), ("Authorization", f"Bearer {token}")),
        ),
        response=HttpResponse(200, f"OK {key} {token} fake-query-key-77", body=b"{}"),
        duration_s=0.01,
    )
    for shown in (status_text(exchange), explanation_html(exchange, None)):
        for secret in (key, token, "fake-query-key-77"):
            assert secret not in shown
        assert f"200 OK {MASK}" in shown

"""What the response panel shows for an exchange: status, explanation, headers, Pretty, Raw.

Plain functions of the exchange, no Qt: the panel asks ``view_exchange`` once per exchange
(and again when secrets are revealed or hidden) and only puts the answer on screen.

What a server sends is shown, never obeyed: its control and format characters (escape
sequences, bidirectional controls that reorder a line, zero-width characters that hide text)
are escaped visibly, ``\\x1b`` or ``\\u202e`` (``workbench.core.printable``), in every view;
Pretty JSON gets JSON escapes, so that it stays valid JSON. Secrets are masked first, then
the text is escaped: a secret holding such a character is masked whole.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass, replace

from workbench.core.body_kind import BodyFormat, body_kind, decode_body
from workbench.core.config import Pairs
from workbench.core.http import Exchange, FailureKind, HttpResponse
from workbench.core.json_format import drive, iter_format_json
from workbench.core.printable import printable, printable_json, printable_line
from workbench.core.problems import Problem
from workbench.core.sizes import format_size

# Redaction and rendering load with the first response, not with the window (start-up time).

PRETTY_INPUT_LIMIT_BYTES = 2 * 1024 * 1024
"""At most this much of a body is formatted for Pretty; the rest is left to exports."""
PRETTY_DISPLAY_CHARS = 2 * 1024 * 1024
"""At most this much formatted JSON is shown."""
HIGHLIGHT_LIMIT_CHARS = 256 * 1024
"""Only about the first this many characters of formatted JSON are coloured (GUI time)."""
TEXT_DISPLAY_CHARS = 128 * 1024
"""At most this much of a body that is not JSON is shown in Pretty (its lines may be long)."""
REDACT_WHOLE_LIMIT_BYTES = 256 * 1024
"""Bodies up to this size are searched whole for secrets; larger ones only by name per line."""
MASK_SLICE_CHARS = 32 * 1024
"""Masking works on slices of whole lines of about this size."""
RAW_BODY_DISPLAY_BYTES = 64 * 1024
"""At most this much of each body is shown in Raw (one long line lays out slowly)."""

_FAILURE_WORDS = {
    FailureKind.INVALID_URL: "the URL is not valid",
    FailureKind.DNS: "host name not found",
    FailureKind.REFUSED: "connection refused",
    FailureKind.TLS: "TLS handshake failed",
    FailureKind.TIMEOUT: "timed out",
    FailureKind.CONNECTION_LOST: "connection lost",
    FailureKind.CANCELLED: "cancelled",
    FailureKind.DECODING: "the body could not be decoded",
}


def shown_reason(exchange: Exchange) -> str:
    """The response's reason phrase with every secret of the exchange masked (a server can
    echo a key, a token or the Basic credentials there), on one line, controls escaped."""
    response = exchange.response
    if response is None or not response.reason.strip():
        return ""
    from workbench.core.redact import Redactor, words_secrets

    return printable_line(Redactor(words_secrets(exchange)).message(response.reason))


def status_text(exchange: Exchange) -> str:
    """``HTTP/1.1 401 Unauthorized · 184 ms · 212 B``, or ``No answer: connection refused · 3 ms``.

    (Durations in milliseconds, sizes in powers of 1024.)
    """
    duration = f"{round(exchange.duration_s * 1000)} ms"
    response = exchange.response
    if response is None:
        failure = exchange.failure
        if failure is None:
            return f"No answer · {duration}"
        if failure.kind is FailureKind.CANCELLED:
            return f"Cancelled · {duration}"
        words = _FAILURE_WORDS.get(failure.kind) or _one_line_failure(exchange) or failure.kind
        return f"No answer: {words} · {duration}"
    line = f"{response.http_version or 'HTTP/1.1'} {response.status} {shown_reason(exchange)}"
    line = line.rstrip()
    parts = [line, duration, format_size(len(response.body))]
    if response.truncated:
        parts.append("body cut at the size cap")
    if exchange.failure is not None:
        parts.append(_FAILURE_WORDS.get(exchange.failure.kind) or _one_line_failure(exchange))
    return " · ".join(parts)


def _one_line_failure(exchange: Exchange) -> str:
    return printable_line(failure_message(exchange))


@dataclass(frozen=True)
class RenderedText:
    """Text for one view, with a note above it and whether to colour it as JSON."""

    text: str
    note: str = ""
    highlight: bool = False


def _cut(body: bytes, limit: int, secrets: tuple[str, ...]) -> bytes:
    """``body[:limit]``, shortened further so that no secret is left half-visible at the end."""
    if len(body) <= limit:
        return body
    cut = body[:limit]
    for secret in secrets:
        encoded = secret.encode("utf-8", "surrogatepass")
        for size in range(len(encoded) - 1, 0, -1):
            if cut.endswith(encoded[:size]):
                cut = cut[:-size]
                break
    return cut


def _capped_exchange(exchange: Exchange, limit: int) -> Exchange:
    """A copy with both bodies cut to ``limit`` bytes (never splitting a known secret)."""
    from workbench.core.redact import harvest_secrets

    secrets = harvest_secrets(_without_bodies(exchange))
    request = exchange.request
    if len(request.body) > limit:
        request = replace(request, body=_cut(request.body, limit, secrets))
    response = exchange.response
    if response is not None and len(response.body) > limit:
        response = replace(response, body=_cut(response.body, limit, secrets), truncated=False)
    return replace(exchange, request=request, response=response)


def _without_bodies(exchange: Exchange) -> Exchange:
    """A copy without bodies: cheap to scan for secrets in headers and the URL."""
    response = exchange.response
    return replace(
        exchange,
        request=replace(exchange.request, body=b""),
        response=None if response is None else replace(response, body=b""),
    )


PrettySteps = Generator[None, bool | None, RenderedText]
"""``iter_render_pretty``'s generator: send True to stop early."""


def render_pretty(
    exchange: Exchange, *, reveal: bool, should_stop: Callable[[], bool] = lambda: False
) -> RenderedText:
    """The response body for reading: JSON indented (up to a limit), other text as it is.

    ``iter_render_pretty`` run to its end (``should_stop`` is polled between steps).
    """
    return drive(iter_render_pretty(exchange, reveal=reveal), should_stop)


def iter_render_pretty(exchange: Exchange, *, reveal: bool) -> PrettySteps:
    """``render_pretty`` as a generator of short steps (each well under a millisecond or two).

    Formats first and masks afterwards, a slice of lines at a time: in indented JSON a name
    and its value share a line. The viewer runs the steps on the GUI thread a few
    milliseconds per event-loop turn: in a worker thread the same pure-Python work would hold
    the interpreter lock for 5 ms turns against every Python call and every Qt virtual the
    GUI thread makes (a lock convoy that stalled it for 300 ms and more).
    """
    from workbench.core.redact import Redactor, harvest_secrets

    response = exchange.response
    if response is None:
        return RenderedText("", note="No response: nothing to show.")
    size = len(response.body)
    if size == 0:
        return RenderedText("", note=_truncated_note(response) or "The response has no body.")
    small = size <= REDACT_WHOLE_LIMIT_BYTES
    secrets = harvest_secrets(exchange if small else _without_bodies(exchange))
    body = _cut(response.body, PRETTY_INPUT_LIMIT_BYTES, secrets)
    mask: Callable[[str], str] = _as_it_is if reveal else Redactor(secrets).text
    if (yield):
        return RenderedText("")
    cut_here = len(body) < size
    kind = body_kind(
        body, response.header("Content-Type") or "", cut=cut_here or response.truncated
    )
    text = decode_body(body, kind)
    if text is None:
        return RenderedText("", note=f"Binary body of {format_size(size)}: see Raw.")
    notes = [_truncated_note(response)]
    if kind.format is BodyFormat.JSON:
        if (yield):
            return RenderedText("")
        formatted = yield from iter_format_json(
            text,
            max_chars=PRETTY_DISPLAY_CHARS,
            allow_incomplete=cut_here or response.truncated,
        )
        if formatted.is_json:
            shown = yield from _iter_shown(formatted.text, mask, printable_json)
            if formatted.partial and not response.truncated:
                notes.append(
                    f"Showing the start of a {format_size(size)} JSON document "
                    f"({format_size(len(shown))} of formatted text); exports hold all of it."
                )
            if len(shown) > HIGHLIGHT_LIMIT_CHARS:
                notes.append(f"Colours cover the first {format_size(HIGHLIGHT_LIMIT_CHARS)}.")
            return RenderedText(shown, _join(notes), highlight=True)
        notes.append(f"Not valid JSON ({formatted.error}): shown as received.")
    if len(text) > TEXT_DISPLAY_CHARS:
        text = text[:TEXT_DISPLAY_CHARS]
        notes.append(
            f"Showing the first {format_size(TEXT_DISPLAY_CHARS)} of a "
            f"{format_size(size)} body; exports hold all of it."
        )
    shown = yield from _iter_shown(text, mask, printable)
    return RenderedText(shown, _join(notes))


def _as_it_is(text: str) -> str:
    return text


def _iter_shown(
    text: str, mask: Callable[[str], str], escape: Callable[[str], str]
) -> Generator[None, bool | None, str]:
    """``text`` masked, then escaped: whole when small, else a slice of whole lines per step
    (in indented JSON a name and its value share a line, and no escape spans lines)."""
    if len(text) <= MASK_SLICE_CHARS:
        return escape(mask(text))
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = text.find("\n", start + MASK_SLICE_CHARS)
        end = len(text) if end < 0 else end + 1
        pieces.append(escape(mask(text[start:end])))
        start = end
        if (yield):
            break
    return "".join(pieces)


def render_raw(exchange: Exchange, *, reveal: bool) -> RenderedText:
    """The exchange as on the wire (httpie style), secrets masked unless revealed."""
    from workbench.core.render import render_exchange

    capped = _capped_exchange(exchange, RAW_BODY_DISPLAY_BYTES)
    text = printable(render_exchange(capped, reveal=reveal, extra_secrets=exchange.secrets))
    notes: list[str] = []
    if len(capped.request.body) < len(exchange.request.body):
        notes.append(
            f"The request body is shown up to {format_size(RAW_BODY_DISPLAY_BYTES)} "
            f"of {format_size(len(exchange.request.body))}."
        )
    response = exchange.response
    if response is not None:
        notes.append(_truncated_note(response))
        if capped.response is not None and len(capped.response.body) < len(response.body):
            notes.append(
                f"The response body is shown up to {format_size(RAW_BODY_DISPLAY_BYTES)} "
                f"of {format_size(len(response.body))}; exports hold all of it."
            )
    return RenderedText(text, _join(notes))


def header_rows(exchange: Exchange, *, reveal: bool) -> list[HeaderRow]:
    """(part, name, value) for every request then response header, in order, duplicates kept;
    masked unless revealed, then escaped on one line."""
    from workbench.core.redact import Redactor, harvest_secrets

    request_headers: Pairs = exchange.request.headers
    response_headers: Pairs = exchange.response.headers if exchange.response is not None else ()
    if not reveal:
        redactor = Redactor((*harvest_secrets(_without_bodies(exchange)), *exchange.secrets))
        request_headers = redactor.headers(request_headers)
        response_headers = redactor.headers(response_headers)
    rows = [("Request", *_shown_pair(pair)) for pair in request_headers]
    rows.extend(("Response", *_shown_pair(pair)) for pair in response_headers)
    return rows


def _shown_pair(pair: tuple[str, str]) -> tuple[str, str]:
    return printable_line(pair[0]), printable_line(pair[1])


def _truncated_note(response: HttpResponse) -> str:
    if not response.truncated:
        return ""
    return (
        f"The body was cut at {format_size(len(response.body))} (the size cap): "
        "only its start was received."
    )


def _join(notes: list[str]) -> str:
    return "\n".join(note for note in notes if note)


HeaderRow = tuple[str, str, str]
"""(part, name, value): ``("Request", "Accept", "*/*")``."""


@dataclass(frozen=True)
class ExchangeView:
    """Everything the panel shows for one exchange, decided at once (Pretty and Raw on call:
    they can take a while, and the panel runs them in steps or on a worker thread)."""

    exchange: Exchange
    reveal: bool
    """Secrets in clear (True) or masked."""
    status: str
    """The status line: ``HTTP/1.1 401 Unauthorized · 184 ms · 212 B``."""
    explanation_html: str
    """The Explained tab."""
    header_rows: tuple[HeaderRow, ...]
    """Request then response headers, in order, duplicates kept, masked unless revealed."""
    offers_resend: bool
    """True when the token lapsed: offer a new token and a resend."""
    opens_explanation: bool
    """True when something went wrong: open on Explained rather than Pretty."""

    def pretty_steps(self) -> PrettySteps:
        """``iter_render_pretty`` for this exchange."""
        return iter_render_pretty(self.exchange, reveal=self.reveal)

    def raw(self) -> RenderedText:
        """``render_raw`` for this exchange."""
        return render_raw(self.exchange, reveal=self.reveal)


def view_exchange(exchange: Exchange, problem: Problem | None, *, reveal: bool) -> ExchangeView:
    """What to show for ``exchange`` and the ``problem`` decoded from it."""
    return ExchangeView(
        exchange=exchange,
        reveal=reveal,
        status=status_text(exchange),
        explanation_html=explanation_html(exchange, problem),
        header_rows=tuple(header_rows(exchange, reveal=reveal)),
        offers_resend=problem is not None and problem.token_lapsed,
        opens_explanation=problem is not None or not exchange.ok,
    )


def cut_line_marker(hidden_chars: int) -> str:
    """What ends a line cut for display: how much of it is not shown."""
    return f" … [{hidden_chars:,} more characters on this line not shown; exports hold all of it]"


def explanation_html(exchange: Exchange, problem: Problem | None) -> str:
    """The Explained tab: the problem in plain words, or a short success summary."""
    parts: list[str] = []
    if problem is not None:
        parts.extend(_problem_html(problem))
    elif exchange.response is None:
        parts.append(f"<h3>{_e(status_text(exchange))}</h3>")
        if exchange.failure is not None:
            parts.append(f"<p>{_e(failure_message(exchange))}</p>")
    else:
        response = exchange.response
        title = f"{response.status} {shown_reason(exchange)}".rstrip()
        if exchange.ok:
            parts.append(f"<h3>{_e(title)} — the API accepted the request</h3>")
            parts.append(
                f"<p>The answer took {round(exchange.duration_s * 1000)} ms and carries "
                f"{format_size(len(response.body))}; see Pretty for the body.</p>"
            )
        else:
            parts.append(f"<h3>{_e(title)}</h3>")
            parts.append("<p>No explanation is available for this answer; see Raw.</p>")
    if exchange.notes:
        items = "".join(f"<li>{_e(note)}</li>" for note in exchange.notes)
        parts.append(f"<p><b>Notes</b></p><ul>{items}</ul>")
    return "".join(parts)


def _problem_html(problem: Problem) -> list[str]:
    """The problem in plain words, each sentence once (what to do keeps its sentences, the
    cause and then the explanation drop what is said already, the title included), then the
    facts developers look for on a small line of their own."""
    from workbench.core.problems.details import developer_facts, not_said_before, said_key

    said = {said_key(problem.title)}
    action = not_said_before(problem.suggested_action, said)
    cause = not_said_before(problem.likely_cause, said)
    explanation = not_said_before(problem.explanation, said)
    parts = [f"<h3>{_e(problem.title)}</h3>"]
    if explanation:
        parts.append(f"<p>{_e(explanation)}</p>")
    if cause:
        parts.append(f"<p><b>Likely cause:</b> {_e(cause)}</p>")
    if action:
        parts.append(f"<p><b>What to do:</b> {_e(action)}</p>")
    if problem.retry_after_s is not None:
        parts.append(
            f"<p>The provider asks to wait {problem.retry_after_s:g} s before trying again.</p>"
        )
    url = problem.more_info_url
    if url.startswith(("https://", "http://")):
        parts.append(f'<p><a href="{_e(url)}">More information from the provider</a></p>')
    if problem.wording_is_ours:
        parts.append(
            "<p><i>The provider publishes no text for this code: "
            "these words are the workbench's own.</i></p>"
        )
    facts = developer_facts(problem)
    if facts:
        parts.append(f"<p><small>For developers: {_e(' · '.join(facts))}</small></p>")
    return parts


def failure_message(exchange: Exchange) -> str:
    """The transport failure's own words with secrets masked (a refused URL can carry a
    password or an access_token); empty when there was no failure."""
    if exchange.failure is None or not exchange.failure.message:
        return ""
    from workbench.core.redact import redact_message  # only once something failed

    return redact_message(exchange.failure.message, exchange.secrets)


def _e(text: str) -> str:
    """``text`` for the Explained tab's HTML: controls escaped visibly, then HTML-escaped."""
    import html  # with the first exchange, not at start-up

    return html.escape(printable(text), quote=True)

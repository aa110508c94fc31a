"""The debug report: the story of a session as one self-contained HTML file, redacted by default."""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from urllib.parse import urlsplit

from workbench import __version__
from workbench.core.config import ClientAuth, ClientConfig, Pairs
from workbench.core.http import Exchange, ExchangeKind
from workbench.core.problems import Problem
from workbench.core.redact import (
    MASK,
    SECRET_FIELDS,
    SECRET_HEADERS,
    Redactor,
    harvest_secrets,
)
from workbench.core.render import render_exchange, request_target

__all__ = ["DEFAULT_TITLE", "debug_report_html", "profile_summary"]

DEFAULT_TITLE = "OAuth Workbench debug report"

_AUTH_WORDS: dict[ClientAuth, str] = {
    ClientAuth.BASIC: "HTTP Basic, RFC 6749 form (client_secret_basic)",
    ClientAuth.BASIC_RAW: "HTTP Basic as most clients send it (raw id:secret)",
    ClientAuth.POST: "In the body (client_secret_post)",
    ClientAuth.SECRET_JWT: "Signed with the secret (client_secret_jwt)",
    ClientAuth.PRIVATE_KEY_JWT: "Signed with a private key (private_key_jwt)",
    ClientAuth.NONE: "Client id only (none)",
}

_STYLE = """
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #57606a;
  --line: #d0d7de; --panel: #f6f8fa; --ok: #1a7f37; --warn: #9a6700; --bad: #c9190b; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --bg: #0d1117; --muted: #a8b1bb; --line: #30363d; --panel: #161b22;
    --ok: #57d364; --warn: #e3b341; --bad: #ff7b72; } }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg);
  background: var(--bg); margin: 2rem auto; max-width: 70rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid var(--line); }
.meta, .muted { color: var(--muted); }
.notice { border: 1px solid var(--line); background: var(--panel); padding: 0.5rem 0.8rem;
  border-radius: 6px; }
.notice.danger { border-color: var(--bad); color: var(--bad); font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; }
th, td { text-align: left; vertical-align: top; padding: 0.25rem 0.6rem;
  border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 600; }
td.url { word-break: break-all; }
.ok { color: var(--ok); font-weight: bold; }
.client-error { color: var(--warn); font-weight: bold; }
.server-error, .failure { color: var(--bad); font-weight: bold; }
.problem { border-left: 4px solid var(--warn); background: var(--panel); padding: 0.4rem 0.9rem;
  margin: 0.6rem 0; }
.problem h3 { margin: 0.2rem 0; font-size: 1.05rem; }
.problem dt { font-weight: 600; margin-top: 0.3rem; }
.problem dd { margin-left: 0; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px;
  padding: 0.7rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all;
  font: 13px/1.45 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
"""


def profile_summary(config: ClientConfig, *, profile_name: str = "") -> Pairs:
    """The profile as label/value pairs with no secret in them, for the report's first table."""
    rows: list[tuple[str, str]] = []
    if profile_name:
        rows.append(("Profile", profile_name))
    rows += [
        ("Token URL", config.token_url),
        ("Client id", config.client_id),
        ("Client secret", "set (not shown)" if config.client_secret.reveal() else "not set"),
        ("Client authentication", _AUTH_WORDS.get(config.auth, str(config.auth))),
        ("Token request body", "JSON" if config.body_encoding == "json" else "form"),
        ("Scope", config.scope or "(none)"),
    ]
    if config.auth is ClientAuth.PRIVATE_KEY_JWT:
        rows.append(
            ("Private key", "set (not shown)" if config.private_key_pem.reveal() else "not set")
        )
    if config.jwt_algorithm:
        rows.append(("Assertion algorithm", config.jwt_algorithm))
    for name, value in config.extra_params:
        shown = MASK if name.casefold() in SECRET_FIELDS else value
        rows.append((f"Extra parameter {name}", shown))
    for name, value in config.extra_headers:
        shown = MASK if name.lower() in SECRET_HEADERS else value
        rows.append((f"Extra header {name}", shown))
    rows.append(("TLS verification", "on" if config.verify_tls else "OFF"))
    rows.append(("Timeout", f"{config.timeout_s:g} s"))
    return tuple(rows)


def debug_report_html(
    exchanges_with_problems: Sequence[tuple[Exchange, Problem | None]],
    *,
    profile_summary: Pairs = (),
    include_secrets: bool = False,
    title: str = DEFAULT_TITLE,
    generated_wall: float | None = None,
    secrets: Iterable[str] = (),
) -> str:
    """One self-contained HTML page telling what happened, oldest exchange first.

    The page holds the profile (``profile_summary``, as given: build it with
    ``profile_summary()`` so it has no secret), a table of every exchange, then each exchange
    with its timings, its problem in plain words, its notes and its raw text (httpie style).
    Every known secret is masked in every part unless ``include_secrets``: values the exchanges
    declare or carry in named places (Authorization, ``client_secret``, ``access_token``...),
    and ``secrets``, are masked wherever they appear, in any exchange, in the problems and in
    the profile.
    The CSS is inline; there are no scripts, images, fonts or other external resources.
    """
    redactor = _redactor(exchanges_with_problems, include_secrets, secrets)
    generated = datetime.now(UTC) if generated_wall is None else _moment(generated_wall)
    parts: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_e(title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="meta">Made by OAuth Workbench {_e(__version__)} on '
        f"{_e(_format_moment(generated))}; {len(exchanges_with_problems)} "
        f"exchange{'' if len(exchanges_with_problems) == 1 else 's'}, oldest first.</p>",
    ]
    if include_secrets:
        parts.append(
            '<p class="notice danger">This report includes secrets (client secrets, tokens). '
            "Share it only with people who may use these credentials.</p>"
        )
    else:
        parts.append(
            f'<p class="notice">Secrets are masked ({_e(MASK)}): client secrets, Basic '
            "credentials, tokens and assertions. The report is safe to share.</p>"
        )
    parts += _profile_section(profile_summary, redactor)
    parts += _summary_section(exchanges_with_problems, redactor)
    for number, (exchange, problem) in enumerate(exchanges_with_problems, start=1):
        parts += _exchange_section(number, exchange, problem, redactor, include_secrets)
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


class _Masking:
    """Applies the report's redaction to free text (or nothing, when secrets are included)."""

    def __init__(self, redactor: Redactor | None, secrets: tuple[str, ...]) -> None:
        self.redactor = redactor
        self.secrets = secrets

    def text(self, text: str) -> str:
        return text if self.redactor is None else self.redactor.text(text)

    def url(self, url: str) -> str:
        return url if self.redactor is None else self.redactor.url(url)


def _redactor(
    exchanges_with_problems: Sequence[tuple[Exchange, Problem | None]],
    include_secrets: bool,
    secrets: Iterable[str],
) -> _Masking:
    if include_secrets:
        return _Masking(None, ())
    found: list[str] = [*secrets]
    for exchange, _problem in exchanges_with_problems:
        found.extend(harvest_secrets(exchange))
    secrets = tuple(dict.fromkeys(found))
    return _Masking(Redactor(secrets), secrets)


def _profile_section(summary: Pairs, masking: _Masking) -> list[str]:
    if not summary:
        return []
    rows = "".join(
        f"<tr><th>{_e(masking.text(label))}</th><td>{_e(masking.text(value))}</td></tr>"
        for label, value in summary
    )
    return ["<h2>Profile</h2>", f"<table>{rows}</table>"]


def _summary_section(
    exchanges_with_problems: Sequence[tuple[Exchange, Problem | None]], masking: _Masking
) -> list[str]:
    if not exchanges_with_problems:
        return ["<h2>Exchanges</h2>", '<p class="muted">Nothing was sent yet.</p>']
    head = (
        "<tr><th>#</th><th>Time (UTC)</th><th>Kind</th><th>Request</th><th>Answer</th>"
        "<th>Took</th><th>Problem</th></tr>"
    )
    rows: list[str] = []
    for number, (exchange, problem) in enumerate(exchanges_with_problems, start=1):
        request = exchange.request
        rows.append(
            "<tr>"
            f'<td><a href="#exchange-{number}">{number}</a></td>'
            f"<td>{_e(_format_moment(_moment(exchange.started_wall), time_only=True))}</td>"
            f"<td>{_e(_kind_words(exchange))}</td>"
            f'<td class="url">{_e(request.method)} {_e(masking.url(request.url))}</td>'
            f'<td class="{_status_class(exchange)}">{_e(masking.text(_answer(exchange)))}</td>'
            f"<td>{_e(_milliseconds(exchange.duration_s))}</td>"
            f"<td>{_e(masking.text(problem.title)) if problem is not None else ''}</td>"
            "</tr>"
        )
    return ["<h2>Exchanges</h2>", f"<table>{head}{''.join(rows)}</table>"]


def _exchange_section(
    number: int,
    exchange: Exchange,
    problem: Problem | None,
    masking: _Masking,
    include_secrets: bool,
) -> list[str]:
    request = exchange.request
    target = masking.url(_target(request.url))
    answer = _e(masking.text(_answer(exchange)))
    parts = [
        f'<section id="exchange-{number}">',
        f"<h2>{number}. {_e(_kind_words(exchange))}: {_e(request.method)} {_e(target)} → "
        f'<span class="{_status_class(exchange)}">{answer}</span></h2>',
        '<table class="timings">',
        f"<tr><th>Sent at</th><td>{_e(_format_moment(_moment(exchange.started_wall)))}</td></tr>",
        f"<tr><th>First byte after</th><td>{_e(_milliseconds(exchange.waiting_s))}</td></tr>",
        f"<tr><th>Complete after</th><td>{_e(_milliseconds(exchange.duration_s))}</td></tr>",
        "</table>",
    ]
    if problem is not None:
        parts += _problem_block(problem, masking)
    elif exchange.ok:
        parts.append('<p class="ok">It worked.</p>')
    if exchange.notes:
        items = "".join(f"<li>{_e(masking.text(note))}</li>" for note in exchange.notes)
        parts.append(f"<p><b>Notes</b></p><ul>{items}</ul>")
    raw = render_exchange(exchange, reveal=include_secrets, extra_secrets=masking.secrets)
    parts += [
        "<details open><summary>As sent and received</summary>",
        f"<pre>{_e(raw)}</pre>",
        "</details>",
        "</section>",
    ]
    return parts


def _problem_block(problem: Problem, masking: _Masking) -> list[str]:
    def words(text: str) -> str:
        return _e(masking.text(text))

    from workbench.core.problems.details import said_once

    explanation, cause, action = said_once(problem)
    rows = [("What happened", explanation), ("Likely cause", cause), ("What to do", action)]
    details = "".join(f"<dt>{label}</dt><dd>{words(text)}</dd>" for label, text in rows if text)
    source: list[str] = []
    if problem.code:
        source.append(f"code {problem.code}")
    if problem.source:
        source.append(f"read as {problem.source}")
    if problem.wording_is_ours:
        source.append("explained in the workbench's words")
    if problem.retry_after_s is not None and math.isfinite(problem.retry_after_s):
        source.append(f"wait {problem.retry_after_s:g} s before retrying")
    more = ""
    if problem.more_info_url:
        more = f"<p>More: {words(problem.more_info_url)}</p>"
    footer = f'<p class="muted">{words("; ".join(source))}</p>' if source else ""
    return [
        '<div class="problem">',
        f"<h3>{words(problem.title)}</h3>",
        f"<dl>{details}</dl>",
        more,
        footer,
        "</div>",
    ]


def _kind_words(exchange: Exchange) -> str:
    return "Token request" if exchange.kind is ExchangeKind.TOKEN else "API call"


def _answer(exchange: Exchange) -> str:
    if exchange.failure is not None:
        return f"no answer ({exchange.failure.kind})"
    response = exchange.response
    if response is None:
        return "no answer"
    return f"{response.status} {response.reason}".strip()


def _status_class(exchange: Exchange) -> str:
    response = exchange.response
    if exchange.failure is not None or response is None:
        return "failure"
    if 200 <= response.status < 300:
        return "ok"
    if response.status >= 500:
        return "server-error"
    return "client-error"


def _target(url: str) -> str:
    try:
        host = urlsplit(url).netloc
    except ValueError:
        return url
    return f"{host}{request_target(url)}" if host else url


def _moment(wall_s: float) -> datetime:
    try:
        return datetime.fromtimestamp(wall_s, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return datetime.fromtimestamp(0, tz=UTC)


def _format_moment(moment: datetime, *, time_only: bool = False) -> str:
    if time_only:
        return moment.strftime("%H:%M:%S.") + f"{moment.microsecond // 1000:03d}"
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def _milliseconds(seconds: float) -> str:
    if not math.isfinite(seconds) or seconds < 0:
        return "-"
    return f"{seconds * 1000:.0f} ms"


def _e(text: str) -> str:
    return html.escape(text, quote=True)

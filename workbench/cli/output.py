"""What the commands print: exchanges, problems, the token as JSON, a response."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import TextIO

    from workbench.core.http import Exchange, HttpResponse
    from workbench.core.problems import Problem
    from workbench.core.token import AccessToken


def print_exchange(exchange: Exchange) -> None:
    """The exchange as it went over the wire, secrets and tokens masked, on stderr."""
    from workbench.core.render import render_exchange

    text = render_exchange(exchange, reveal=False)  # notes and failures included
    sys.stderr.write(text if text.endswith("\n") else text + "\n")
    print(f"[{exchange.kind} exchange: {exchange.duration_s * 1000:.0f} ms]\n", file=sys.stderr)


def print_problem(problem: Problem, what: str, *, file: TextIO) -> None:
    """A problem in plain words: title, explanation, likely cause, what to do, the code."""
    status = f" (HTTP {problem.http_status})" if problem.http_status is not None else ""
    lines = [
        f"{what} failed{status}: {problem.title}",
        f"  What happened: {problem.explanation}",
        f"  Likely cause:  {problem.likely_cause}",
        f"  What to do:    {problem.suggested_action}",
    ]
    if problem.code:
        source = f" ({problem.source})" if problem.source else ""
        ours = "; the wording above is ours" if problem.wording_is_ours else ""
        lines.append(f"  Provider code: {problem.code}{source}{ours}")
    if problem.retry_after_s is not None:
        lines.append(f"  Retry after:   {problem.retry_after_s:g} s")
    if problem.more_info_url:
        lines.append(f"  More info:     {problem.more_info_url}")
    print("\n".join(lines), file=file)


def token_json(token: AccessToken) -> dict[str, object]:
    """The token response's fields, plus ``expires_at`` (UTC, ISO 8601) when computable."""
    from datetime import UTC, datetime

    document: dict[str, object] = dict(token.fields)
    expires_at = token.expires_at_wall
    if expires_at is not None and "expires_at" not in document:
        moment = datetime.fromtimestamp(expires_at, tz=UTC).replace(microsecond=0)
        document["expires_at"] = moment.isoformat().replace("+00:00", "Z")
    return document


def write_response(response: HttpResponse, out: TextIO) -> None:
    """Status line, headers, a blank line, then the body bytes as received."""
    head = [f"{response.http_version} {response.status} {response.reason}".rstrip()]
    head.extend(f"{name}: {value}" for name, value in response.headers)
    out.write("\n".join(head) + "\n\n")
    out.flush()
    body = response.body
    if out.isatty() and body and not body.endswith(b"\n"):
        body += b"\n"
    buffer = getattr(out, "buffer", None)
    if buffer is not None:
        buffer.write(body)
        buffer.flush()
    else:  # a StringIO in tests
        out.write(body.decode("utf-8", errors="replace"))

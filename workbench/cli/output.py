"""What the commands print: exchanges, problems, the token as JSON, a response."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.cli.terminal import printable, printable_body, printable_json

if TYPE_CHECKING:
    from typing import TextIO

    from workbench.core.http import Exchange, HttpResponse
    from workbench.core.problems import Problem
    from workbench.core.token import AccessToken


def print_exchange(exchange: Exchange) -> None:
    """The exchange as it went over the wire, secrets and tokens masked, on stderr."""
    from workbench.core.render import render_exchange

    text = printable(render_exchange(exchange, reveal=False))  # notes and failures included
    sys.stderr.write(text if text.endswith("\n") else text + "\n")
    print(f"[{exchange.kind} exchange: {exchange.duration_s * 1000:.0f} ms]\n", file=sys.stderr)


def print_problem(problem: Problem, what: str, *, file: TextIO) -> None:
    """A problem in plain words: title, explanation, likely cause, what to do, the code."""
    from workbench.core.problems.details import said_once

    status = f" (HTTP {problem.http_status})" if problem.http_status is not None else ""
    explanation, cause, action = said_once(problem)
    lines = [f"{what} failed{status}: {problem.title}"]
    for label, text in (("What happened:", explanation), ("Likely cause: ", cause)):
        if text:
            lines.append(f"  {label} {text}")
    lines.append(f"  What to do:    {action or problem.suggested_action}")
    if problem.code and problem.source == "transport":  # no answer: no provider's code
        lines.append(f"  Failure:       {problem.code}")
    elif problem.code:
        source = f" ({problem.source})" if problem.source else ""
        ours = "; the wording above is ours" if problem.wording_is_ours else ""
        lines.append(f"  Provider code: {problem.code}{source}{ours}")
    if problem.retry_after_s is not None:
        lines.append(f"  Retry after:   {problem.retry_after_s:g} s")
    if problem.more_info_url:
        lines.append(f"  More info:     {problem.more_info_url}")
    print(printable("\n".join(lines)), file=file)


def token_json(token: AccessToken) -> dict[str, object]:
    """The token response's fields, plus ``expires_at``: when it lapses (UTC, ISO 8601), or
    null when the provider sent no usable ``expires_in``. A provider's own ``expires_at`` is
    kept as it sent it."""
    from datetime import UTC, datetime

    document: dict[str, object] = dict(token.fields)
    if "expires_at" in document:
        return document
    expires_at = token.expires_at_wall
    if expires_at is None:
        document["expires_at"] = None  # always there, so a script can rely on it
    else:
        moment = datetime.fromtimestamp(expires_at, tz=UTC).replace(microsecond=0)
        document["expires_at"] = moment.isoformat().replace("+00:00", "Z")
    return document


def token_json_text(token: AccessToken) -> str:
    """``token_json`` as indented JSON that shows no control character on a terminal."""
    import json

    return printable_json(json.dumps(token_json(token), indent=2, default=str))


def write_response(response: HttpResponse, out: TextIO, *, body_file: str | None = None) -> None:
    """Status line, headers, a blank line, then the body, control characters escaped.

    With ``body_file`` the body goes to that file byte for byte instead (``UsageError`` is not
    raised here: an unwritable file is reported and the head is still printed).
    """
    head = [f"{response.http_version} {response.status} {response.reason}".rstrip()]
    head.extend(f"{name}: {value}" for name, value in response.headers)
    out.write(printable("\n".join(head)) + "\n\n")
    if body_file is not None:
        try:
            Path(body_file).write_bytes(response.body)
        except OSError as error:
            print(f"workbench: cannot write the body to {body_file}: {error}", file=sys.stderr)
        out.flush()
        return
    text = printable_body(response.body, response.header("Content-Type") or "")
    if text and not text.endswith("\n"):
        text += "\n"  # the output ends its last line (--output FILE keeps the bytes as sent)
    out.write(text)
    out.flush()

"""How long a provider asks us to wait: ``Retry-After``, ``X-RateLimit-Reset``, in words."""

from __future__ import annotations

import re
import time

from workbench.core.http import Exchange, HttpResponse, parse_http_date
from workbench.core.problems import ProblemKind

_SECONDS_PATTERN = re.compile(
    r"\s*(\d{1,12}(?:\.\d{1,6})?)\s*"
    r"(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h)?\s*\.?\s*",
    re.IGNORECASE,
)


def seconds_from_text(text: str) -> float | None:
    """``"100 seconds"``, ``"100"``, ``"5 minutes"`` as seconds; None for anything else."""
    match = _SECONDS_PATTERN.fullmatch(text[:100])
    if match is None:
        return None
    value = float(match.group(1))
    unit = (match.group(2) or "s").lower()
    if unit.startswith("m"):
        value *= 60
    elif unit.startswith("h"):
        value *= 3600
    return value


def retry_after_for(
    kind: ProblemKind, exchange: Exchange, response: HttpResponse | None
) -> float | None:
    """The wait the provider asks for, when the kind of problem or the status calls for one."""
    if kind in (ProblemKind.RATE_LIMITED, ProblemKind.MAINTENANCE, ProblemKind.SERVER_ERROR):
        return retry_after_from_headers(exchange, response)
    if response is not None and response.status in (429, 503):
        return retry_after_from_headers(exchange, response)
    return None


def retry_after_from_headers(exchange: Exchange, response: HttpResponse | None) -> float | None:
    """The wait from ``Retry-After`` (seconds or an HTTP date) or ``X-RateLimit-Reset``."""
    if response is None:
        return None
    retry_after = (response.header("Retry-After") or "").strip()
    if retry_after:
        seconds = seconds_from_text(retry_after)
        if seconds is not None:
            return seconds
        moment = parse_http_date(retry_after)
        if moment is not None:
            return max(0.0, moment - _reference_wall(exchange, response))
    reset = (response.header("X-RateLimit-Reset") or "").strip()
    if reset:
        seconds = seconds_from_text(reset)
        if seconds is not None and seconds >= 1_000_000_000 and reset.isdigit():
            return max(0.0, seconds - _reference_wall(exchange, response))
        return seconds
    return None


def _reference_wall(exchange: Exchange, response: HttpResponse) -> float:
    """'Now' as the server saw it: its Date header, else when the answer arrived."""
    date = parse_http_date(response.header("Date"))
    if date is not None:
        return date
    if exchange.started_wall > 0:
        return exchange.started_wall + max(0.0, exchange.duration_s)
    return time.time()


def format_seconds(seconds: float) -> str:
    """``about 42 seconds``, ``about 5 minutes``, ``about 3 hours``."""
    if seconds < 180:
        whole = max(0, round(seconds))
        return f"about {whole} second{'' if whole == 1 else 's'}"
    if seconds < 180 * 60:
        return f"about {round(seconds / 60)} minutes"
    return f"about {round(seconds / 3600)} hours"

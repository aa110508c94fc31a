"""The decoder's entry point: ``describe_problem`` turns any failed exchange into a ``Problem``.

It tries the formats most specific first (each in a module of this package) and never raises.
"""

from __future__ import annotations

from dataclasses import replace

from workbench.core.http import Exchange, ExchangeKind, HttpResponse
from workbench.core.problems import Problem, ProblemKind
from workbench.core.problems.body import Body, read_body
from workbench.core.problems.catalogue import bad_credentials_words
from workbench.core.problems.failure import describe_failure
from workbench.core.problems.getresponse import describe_getresponse
from workbench.core.problems.oauth import (
    challenge_fields,
    challenges_of,
    describe_bare_bearer,
    describe_bearer_error,
    describe_rfc6749,
)
from workbench.core.problems.problem_json import describe_problem_json, is_problem_json
from workbench.core.problems.status import status_words
from workbench.core.problems.text import as_int, flatten
from workbench.core.problems.unusual_answers import (
    answers_with_a_page,
    describe_redirect,
    describe_success,
    describe_unusual_status,
    describe_web_page,
)
from workbench.core.problems.waiting import retry_after_for
from workbench.core.problems.words import MAX_TITLE_CHARS, make_problem

_MIN_MASKED_CHARS = 8
"""Shorter secrets are not masked in the words: they would blot out ordinary words."""

__all__ = ["describe_problem"]


def describe_problem(exchange: Exchange) -> Problem:
    """Explain ``exchange`` in plain words; never raises, whatever the bytes or headers.

    Transport failures come first; then a 3xx is a redirect that was not followed;
    then the body and ``WWW-Authenticate`` are decoded, most specific first:
    GetResponse's envelope, RFC 6749 §5.2 ``error``, an RFC 6750 Bearer challenge with
    an error, RFC 9457 problem+json, a bare Bearer or Basic challenge, and finally the
    HTTP status with whatever the body says (JSON message, HTML title, first text lines).

    A successful 2xx exchange passed in anyway is decoded only when its body is an error
    shape (some servers send errors with 200); otherwise the result is an ``UNEXPECTED``
    problem titled "Nothing failed" that says so, so callers never get ``None``.
    """
    try:
        return _finish(_describe(exchange), exchange)
    except Exception:  # the decoder must never raise, whatever it was given
        return _last_resort(exchange)


def _describe(exchange: Exchange) -> Problem:
    if exchange.failure is not None:
        return describe_failure(exchange, exchange.failure)
    response = exchange.response
    if response is None:
        return Problem(
            ProblemKind.UNEXPECTED,
            "No answer was recorded",
            "The exchange holds neither an answer from the server nor an error, "
            "so there is nothing to explain.",
            "The request was never sent, or its recording was lost.",
            "Send the request again.",
        )
    status = int(response.status)
    body = read_body(response)
    if 300 <= status < 400:
        return describe_redirect(exchange, response, body)
    if status < 200 or status >= 600:
        return describe_unusual_status(response, body)
    if 200 <= status < 300:
        decoded = _from_error_shapes(exchange, response, body, success=True)
        if decoded is not None:
            return decoded
        if answers_with_a_page(exchange):
            return describe_web_page(response, body)
        return describe_success(exchange, response, body)
    decoded = _from_error_shapes(exchange, response, body, success=False)
    if decoded is not None:
        return decoded
    return _by_status(exchange, response, body)


def _from_error_shapes(
    exchange: Exchange, response: HttpResponse, body: Body, *, success: bool
) -> Problem | None:
    """Decode the known error formats, most specific first; None when none applies."""
    data = body.data if body.format == "json" else None
    if isinstance(data, dict):
        is_envelope = "httpStatus" in data and "code" in data
        if is_envelope and (not success or (as_int(data.get("httpStatus")) or 0) >= 400):
            return describe_getresponse(exchange, response, data)
        error = data.get("error")
        if isinstance(error, str) and error.strip() and "access_token" not in data:
            return describe_rfc6749(exchange, response, data, error.strip())
    if success:
        return None
    challenges = challenges_of(response)
    bearer = next((c for c in challenges if c.scheme.lower() == "bearer"), None)
    if bearer is not None and (bearer.param("error") or "").strip():
        return describe_bearer_error(exchange, response, body, bearer)
    if isinstance(data, dict) and is_problem_json(response, data):
        return describe_problem_json(exchange, response, data)
    status = response.status
    if status == 401 and bearer is not None:
        return describe_bare_bearer(exchange, response, body, bearer)
    basic = next((c for c in challenges if c.scheme.lower() == "basic"), None)
    if status == 401 and basic is not None and exchange.kind is ExchangeKind.TOKEN:
        return make_problem(
            bad_credentials_words(exchange.request),
            source="www-authenticate",
            http_status=status,
            code="Basic",
            fields=challenge_fields(basic),
            quote=body.snippet,
        )
    return None


def _finish(problem: Problem, exchange: Exchange) -> Problem:
    """Add the truncation note and the wait, bound the title and mask known secrets."""
    explanation = problem.explanation
    response = exchange.response
    if response is not None and response.truncated and exchange.failure is None:
        explanation += (
            " Only the first part of the answer was kept because it was larger than the "
            "size limit, so some details may be missing."
        )
    retry_after_s = problem.retry_after_s
    if retry_after_s is None and response is not None and exchange.failure is None:
        retry_after_s = retry_after_for(problem.kind, exchange, response)
    from workbench.core.redact import Redactor, words_secrets  # once something is explained

    # A server can echo what it was sent (a key, the Basic credentials) in the words quoted.
    secrets = tuple(s for s in words_secrets(exchange) if len(s) >= _MIN_MASKED_CHARS)

    mask = Redactor(secrets).message  # words can quote a URL, a form or a token body
    title = mask(problem.title) or "The request did not succeed"
    if len(title) > MAX_TITLE_CHARS:
        title = title[: MAX_TITLE_CHARS - 1].rstrip() + "…"
    return replace(
        problem,
        title=title,
        explanation=mask(explanation) or "The workbench could not explain what happened.",
        likely_cause=mask(problem.likely_cause),
        suggested_action=mask(problem.suggested_action),
        fields=tuple((name, mask(value)) for name, value in problem.fields),
        retry_after_s=retry_after_s,
    )


def _by_status(exchange: Exchange, response: HttpResponse, body: Body) -> Problem:
    words = status_words(exchange, response.status, quote=body.snippet)
    if body.format == "binary":
        words = replace(
            words,
            explanation=f"{words.explanation} The answer held {body.size:,} bytes of data that "
            "is not text, so it gives no readable details.",
        )
    elif body.format == "empty":
        words = replace(
            words, explanation=f"{words.explanation} The answer had no body with more details."
        )
    return make_problem(
        words,
        source=body.format,
        http_status=response.status,
        fields=flatten(body.data) if body.format == "json" else (),
        quote=body.snippet,
        retry_after_s=retry_after_for(words.kind, exchange, response),
        speaker="The page is titled" if body.format == "html" else "The server",
    )


def _last_resort(exchange: object) -> Problem:
    """A plain problem for when decoding itself failed; touches the input as little as possible."""
    status: int | None = None
    try:
        response = getattr(exchange, "response", None)
        candidate = getattr(response, "status", None)
        if isinstance(candidate, int):
            status = candidate
    except Exception:  # even reading the status may fail on a broken object
        status = None
    return Problem(
        kind=ProblemKind.UNEXPECTED,
        title="The request did not succeed",
        explanation="The workbench could not make sense of what happened; the raw request "
        "and response hold the details.",
        likely_cause="An answer in a form the workbench does not understand.",
        suggested_action="Look at the raw response, and send the request again.",
        http_status=status,
        source="",
    )

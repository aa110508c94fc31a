"""Answers that are no 4xx or 5xx: a redirect not followed, an odd status, a success."""

from __future__ import annotations

import contextlib
from urllib.parse import urljoin

from workbench.core.body_kind import BodyFormat, body_kind
from workbench.core.http import Exchange, ExchangeKind, HttpResponse
from workbench.core.problems import Problem, ProblemKind
from workbench.core.problems.body import Body
from workbench.core.problems.text import clean, host_and_port
from workbench.core.problems.words import Words, make_problem


def describe_redirect(exchange: Exchange, response: HttpResponse, body: Body) -> Problem:
    """A 3xx that was not followed: where it pointed, and a warning when another host."""
    status = response.status
    if status == 304:
        return make_problem(
            Words(
                ProblemKind.UNEXPECTED,
                "The server said nothing changed",
                "The server answered 304 Not Modified, which only makes sense for a "
                "request that asked whether something changed.",
                "The request carried a caching header such as If-None-Match or If-Modified-Since.",
                "Remove the caching headers and send again.",
            ),
            source=body.format,
            http_status=status,
        )
    location = clean(response.header("Location") or "", 300)
    if not location:
        return make_problem(
            Words(
                ProblemKind.REDIRECT,
                "The server redirected without an address",
                f"The server answered with a redirect (HTTP {status}) but did not say where to; "
                "the workbench did not follow it.",
                "A misconfigured server or proxy.",
                "Check the URL, and ask the API's provider for the right address.",
            ),
            source=body.format,
            http_status=status,
        )
    target = location
    with contextlib.suppress(ValueError):
        target = urljoin(str(exchange.request.url), location)
    cause = (
        "The address has moved (for example from http to https, or to a new path), or a "
        "proxy or login page intercepted the request."
    )
    own_host, _ = host_and_port(str(exchange.request.url))
    new_host, _ = host_and_port(target)
    if new_host and own_host and new_host.lower() != own_host.lower():
        cause += (
            f" It points to a different host ({new_host}): make sure it is genuine before "
            "sending credentials or tokens there."
        )
    return make_problem(
        Words(
            ProblemKind.REDIRECT,
            "The server redirected elsewhere",
            f"The server answered with a redirect to {target}; the workbench did not follow it, "
            "so nothing was sent there.",
            cause,
            "Update the URL to the new address if you trust it, then send again.",
        ),
        source=body.format,
        http_status=status,
        fields=(("Location", location),),
    )


def describe_unusual_status(response: HttpResponse, body: Body) -> Problem:
    """A 1xx as the last answer, or a status outside 100-599."""
    status = response.status
    if 100 <= status < 200:
        words = Words(
            ProblemKind.UNEXPECTED,
            "Only an interim answer arrived",
            f"The server sent only an interim answer (HTTP {status}) and never a final one.",
            "A server or proxy that does not finish its answers.",
            "Send the request again; if it keeps happening, contact the API's provider.",
        )
    else:
        words = Words(
            ProblemKind.UNEXPECTED,
            "The server sent an unknown status",
            f"The server answered with status {status}, which is not a standard HTTP status.",
            "A misbehaving server or proxy.",
            "Look at the raw response for clues, and contact the API's provider.",
        )
    return make_problem(words, source=body.format, http_status=status, quote=body.snippet)


def describe_success(exchange: Exchange, response: HttpResponse, body: Body) -> Problem:
    """A 2xx with no error in it: nothing failed."""
    status = response.status
    reason = clean(response.reason, 40)
    cause = "If the result still looks wrong, the problem is in what the answer contains."
    if exchange.kind is ExchangeKind.TOKEN:
        cause += (
            " For a token request, check that the body holds access_token, token_type "
            "and expires_in."
        )
    return make_problem(
        Words(
            ProblemKind.UNEXPECTED,
            "Nothing failed",
            f"The server answered {status}{' ' + reason if reason else ''}, which means "
            "success; there is no error to explain.",
            cause,
            "Look at the response body to check it holds what you expected.",
        ),
        source=body.format,
        http_status=status,
    )


def answers_with_a_page(exchange: Exchange) -> bool:
    """True for a 2xx API answer whose body is an HTML page when the request did not ask for
    HTML (its Accept names no text/html): data was expected, a web page came."""
    response = exchange.response
    if exchange.kind is not ExchangeKind.API or response is None or not exchange.ok:
        return False
    accept = (exchange.request.header("Accept") or "").lower()
    if "html" in accept:
        return False
    kind = body_kind(response.body, response.header("Content-Type") or "", cut=response.truncated)
    return kind.format is BodyFormat.HTML


def describe_web_page(response: HttpResponse, body: Body) -> Problem:
    """A 2xx API answer that is a web page: someone else answered in the API's place."""
    status = response.status
    reason = clean(response.reason, 40)
    return make_problem(
        Words(
            ProblemKind.WEB_PAGE,
            "A web page came back instead of the API's data",
            f"The answer says {status}{' ' + reason if reason else ''}, but what came back is "
            "a web page (HTML), not the data an API sends.",
            "Something between this computer and the API answered in its place: a proxy, a "
            "company firewall, or the sign-in page of a hotel, airport or café network (a "
            "captive portal). A URL that reaches a website instead of the API does the same.",
            "Open any web page in a browser to sign in to the network or the proxy, or check "
            "the URL, then send again.",
        ),
        source=body.format,
        http_status=status,
        quote=body.snippet,
        speaker="The page is titled",
    )

"""A 2xx API answer that is a web page where data was expected: a problem of its own."""

from __future__ import annotations

from workbench.core.http import Exchange, ExchangeKind, HttpRequest, HttpResponse
from workbench.core.problems import ProblemKind
from workbench.core.problems.decode import describe_problem
from workbench.core.problems.unusual_answers import answers_with_a_page

PAGE = b"<!doctype html><html><head><title>Hotel Wi-Fi sign in</title></head><body></body></html>"


def answer(
    body: bytes = PAGE,
    *,
    kind: ExchangeKind = ExchangeKind.API,
    status: int = 200,
    content_type: str = "text/html; charset=utf-8",
    accept: str = "*/*",
) -> Exchange:
    return Exchange(
        kind=kind,
        request=HttpRequest("GET", "https://api.example.com/v3/accounts", (("Accept", accept),)),
        response=HttpResponse(status, "OK", headers=(("Content-Type", content_type),), body=body),
    )


def test_a_page_where_data_was_expected_is_explained_as_such() -> None:
    exchange = answer()
    assert answers_with_a_page(exchange)
    problem = describe_problem(exchange)
    assert problem.kind is ProblemKind.WEB_PAGE
    assert problem.title == "A web page came back instead of the API's data"
    assert "captive portal" in problem.likely_cause
    assert "“Hotel Wi-Fi sign in”" in problem.explanation
    assert problem.http_status == 200


def test_a_page_sniffed_without_a_content_type_counts_too() -> None:
    assert answers_with_a_page(answer(content_type=""))


def test_a_page_asked_for_or_data_is_no_problem() -> None:
    assert not answers_with_a_page(answer(accept="text/html,application/xhtml+xml"))
    assert not answers_with_a_page(answer(b'{"ok": true}', content_type="application/json"))
    assert not answers_with_a_page(answer(kind=ExchangeKind.TOKEN)), "the token's own reading"
    assert not answers_with_a_page(answer(status=404)), "a 404 page is explained by its status"

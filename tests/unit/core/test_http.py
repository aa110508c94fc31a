"""The wire types' helpers: headers looked up by name, HTTP dates read tolerantly."""

from __future__ import annotations

import pytest

from workbench.core.http import first_header, parse_http_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Thu, 01 Jan 2026 00:00:00 GMT", 1_767_225_600.0),
        ("Thu, 01 Jan 2026 01:00:00 +0100", 1_767_225_600.0),
        ("Thu, 01 Jan 2026 00:00:00 -0000", 1_767_225_600.0),
        (None, None),
        ("", None),
        ("yesterday", None),
        ("Thu, 99 Jan 2026 00:00:00 GMT", None),
        ("Thu, 01 Jan 99999 00:00:00 GMT", None),
        ("Thu, 01 Jan 2026 00:00:00", 1_767_225_600.0),
        ("Thu, 01 Jan 2026 00:00:00 GMT" + " " * 10_000 + "x", 1_767_225_600.0),
        ("9" * 100_000, None),
    ],
)
def test_parse_http_date(value: str | None, expected: float | None) -> None:
    assert parse_http_date(value) == expected


def test_first_header_is_case_insensitive_and_first_wins() -> None:
    headers = (("content-type", "a"), ("Content-Type", "b"))
    assert first_header(headers, "CONTENT-TYPE") == "a"
    assert first_header(headers, "Date") is None

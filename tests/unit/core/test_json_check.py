"""JSON checks never raise: huge numbers, deep nesting, bad bytes and huge texts get words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.core.json_check import check_json


@pytest.mark.parametrize(
    ("data", "valid", "words"),
    [
        ('{"a": [1, 2.5, "x"]}', True, "Valid JSON"),
        (b'{"a": 1}', True, "Valid JSON"),
        ('{"a": ', False, "line 1 col 7"),
        ("[" * 100_000 + "]" * 100_000, False, "nested too deeply"),
        ('{"n": ' + "9" * 5000 + "}", False, "more than 4,300 digits"),
        (b'{"a": "\xff"}', False, "byte 8 is not UTF-8"),
        ("", False, "line 1 col 1"),
    ],
)
def test_check_json_gives_words(data: str | bytes, valid: bool, words: str) -> None:
    verdict = check_json(data)
    assert verdict.valid is valid
    assert words in verdict.message
    assert "sys." not in verdict.message


def test_too_large_is_not_checked() -> None:
    verdict = check_json("[" + "1," * 1000 + "1]", max_chars=100)
    assert verdict.valid is None
    assert "Too long to check" in verdict.message


@given(st.text() | st.binary())
def test_check_json_never_raises(data: str | bytes) -> None:
    verdict = check_json(data)
    assert verdict.valid in (True, False)
    assert verdict.message

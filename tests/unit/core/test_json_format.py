"""The JSON re-indenter: agrees with the json module, keeps the wire's spelling, steps, stops."""

from __future__ import annotations

import json

import pytest

from workbench.core.json_format import drive, format_json, iter_format_json


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('[1, 2, "abc', '[\n  1,\n  2,\n  "abc…'),
        ('{"a": tr', '{\n  "a": tr…'),
        ('{"a": 1, "lon', '{\n  "a": 1,\n  "lon…'),
        ('{"n": -12.5e', '{\n  "n": -12.5e…'),
    ],
)
def test_a_document_cut_inside_a_value_shows_the_value_as_far_as_it_goes(
    source: str, expected: str
) -> None:
    result = format_json(source, allow_incomplete=True)
    assert (result.text, result.is_json, result.partial) == (expected, True, True)


def test_formatter_steps_give_the_same_result_and_can_stop() -> None:
    source = json.dumps({"items": [{"id": i, "name": f"n{i}"} for i in range(2000)]})
    steps = iter_format_json(source)
    count = 0
    try:
        while True:
            steps.send(None)
            count += 1
    except StopIteration as finished:
        assert finished.value == format_json(source)
    assert count > 10
    stopped = iter_format_json(source)
    stopped.send(None)
    with pytest.raises(StopIteration) as early:
        stopped.send(True)
    assert early.value.value.partial
    assert len(early.value.value.text) < len(format_json(source).text)


@pytest.mark.parametrize(
    "source",
    [
        '{"a": [1, {"b": null}], "c": "d\\u00e9"}',
        "[]",
        '[[], {}, [{}], {"x": []}]',
        ' "just a string" ',
        "-0.5",
        '{"a":1,}',
        "[1 2]",
        '{"a" 1}',
        "[01]",
        '{"a": 1} x',
        "[1,]",
        "",
        '{"tab": "a\tb"}',
    ],
)
def test_formatter_agrees_with_the_json_module(source: str) -> None:
    result = format_json(source)
    try:
        expected = json.loads(source)
    except ValueError:
        assert not result.is_json
        assert result.text == source
        assert result.error.startswith("line 1 col ")
        return
    assert result.is_json
    assert json.loads(result.text) == expected
    if "\\u" not in source:
        assert result.text == json.dumps(expected, indent=2, ensure_ascii=False)


def test_formatter_keeps_numbers_and_escapes_as_sent() -> None:
    formatted = format_json('[1.50, -0.5e-3, "\\u00e9"]').text
    assert formatted == '[\n  1.50,\n  -0.5e-3,\n  "\\u00e9"\n]'


def test_drive_asks_the_steps_to_stop_when_told() -> None:
    source = json.dumps([{"id": i} for i in range(5000)])
    polls: list[int] = []

    def stop_after_three() -> bool:
        polls.append(1)
        return len(polls) >= 3

    stopped = drive(iter_format_json(source), stop_after_three)
    assert stopped.partial and stopped.is_json
    assert len(polls) == 3
    assert drive(iter_format_json(source)) == format_json(source)

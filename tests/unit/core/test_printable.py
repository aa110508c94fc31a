"""Text from elsewhere shown with its controls escaped, on one line, cut to a length."""

from __future__ import annotations

from workbench.core.printable import printable, printable_line


def test_controls_and_bidirectional_marks_are_escaped_newlines_kept() -> None:
    assert printable("a\x1b[2Jb\u202ec\nd\te\r\nf\rg") == "a\\x1b[2Jb\\u202ec\nd\te\r\nf\\x0dg"


def test_one_line_for_a_label_and_a_cut_that_says_how_much() -> None:
    assert printable_line("a\nb\tc", 10) == "a\\nb\\tc"
    cut = printable_line("x" * 1000, 10)
    assert cut == "xxxxxxxxxx… (990 more characters)"

"""The one size formatter: powers of 1024 with their own names, whole numbers without decimals."""

from __future__ import annotations

import pytest

from workbench.core.sizes import format_size


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 B"),
        (212, "212 B"),
        (1023, "1023 B"),
        (1024, "1 KiB"),
        (1536, "1.5 KiB"),
        (10_000, "9.8 KiB"),
        (64 * 1024, "64 KiB"),
        (2**20 - 1, "1.0 MiB"),
        (2**20, "1 MiB"),
        (20 * 2**20, "20 MiB"),
        (20_000_000, "19.1 MiB"),
        (32 * 2**20, "32 MiB"),
        (3 * 2**30, "3 GiB"),
        (5 * 2**40 + 1, "5.0 TiB"),
        (2**60, "1048576 TiB"),
    ],
)
def test_sizes_in_words(size: int, text: str) -> None:
    assert format_size(size) == text

"""Sizes in words: the one formatter for byte counts, on screen and in notes."""

from __future__ import annotations

_UNITS = ("KiB", "MiB", "GiB", "TiB")


def format_size(size_bytes: int) -> str:
    """``212 B``, ``64 KiB``, ``1.5 KiB``, ``19.8 MiB``: powers of 1024, named as such.

    An exact multiple of its unit has no decimals (``32 MiB``); anything else has one.
    """
    if size_bytes < 1024:
        return f"{size_bytes} B"
    divisor = 1
    for unit in _UNITS:
        divisor *= 1024
        value = size_bytes / divisor
        if round(value, 1) < 1024 or unit == _UNITS[-1]:
            break
    if size_bytes % divisor == 0:
        return f"{size_bytes // divisor} {unit}"
    return f"{value:.1f} {unit}"

"""A string that never prints itself: client secrets, private keys, tokens."""

from __future__ import annotations

from dataclasses import dataclass

MASK = "••••••"


@dataclass(frozen=True, repr=False)
class Secret:
    """Wraps a secret value; ``str()`` and ``repr()`` are masked, ``reveal()`` is explicit."""

    _value: str = ""

    def reveal(self) -> str:
        """The secret in clear, for the one place that must send it."""
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __str__(self) -> str:
        return MASK if self._value else ""

    def __repr__(self) -> str:
        return f"Secret({MASK!r})" if self._value else "Secret('')"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

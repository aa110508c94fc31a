"""RFC 6750 b64token: which token values can go in an Authorization: Bearer header."""

from __future__ import annotations

import pytest

from workbench.core.bearer import BearerShape, bearer_shape, describe_bearer_shape


@pytest.mark.parametrize(
    ("value", "shape"),
    [
        ("e2222af2851a912470ec33c9b4de1ea3a304b7d7", BearerShape.USABLE),
        ("eyJhbGciOi.J9-_~+/x==", BearerShape.USABLE),
        ("abc==", BearerShape.USABLE),
        ("=abc", BearerShape.ODD),
        ("ab=c", BearerShape.ODD),
        ("a b", BearerShape.ODD),
        ('a"b', BearerShape.ODD),
        ("a%2Fb", BearerShape.ODD),
        ("", BearerShape.UNSAFE),
        ("a\x1b[2Jb", BearerShape.UNSAFE),
        ("a\nX-Evil: 1", BearerShape.UNSAFE),
        ("a\x7f", BearerShape.UNSAFE),
        ("a\x9b", BearerShape.UNSAFE),
        ("tökèn", BearerShape.UNSAFE),
    ],
)
def test_bearer_shape(value: str, shape: BearerShape) -> None:
    assert bearer_shape(value) is shape
    assert bool(describe_bearer_shape(shape)) is (shape is not BearerShape.USABLE)

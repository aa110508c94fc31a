"""The one decision of what kind of body this is, for rendering, problems and tokens."""

from __future__ import annotations

import pytest

from workbench.core.body_kind import (
    SNIFF_BYTES,
    BodyFormat,
    BodyKind,
    body_kind,
    declared_charset,
    decode_body,
)

LATIN_1 = "text/plain; charset=ISO-8859-1"


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b"", "", BodyFormat.EMPTY),
        (b" \r\n\t", "application/json", BodyFormat.EMPTY),
        (b'{"a": 1}', "", BodyFormat.JSON),
        (b"[1]", "", BodyFormat.JSON),
        (b'"token"', "", BodyFormat.JSON),
        (b"\xef\xbb\xbf  {}", "", BodyFormat.JSON),
        (b"not json at all", "application/json; charset=utf-8", BodyFormat.JSON),
        (b"whatever", "application/problem+json", BodyFormat.JSON),
        (b"<!DOCTYPE html><p>x", "", BodyFormat.HTML),
        (b"<html><title>t</title></html>", "", BodyFormat.HTML),
        (b"<div class='e'>Error</div>", "", BodyFormat.HTML),
        (b"<?xml version='1.0'?><html><body>x</body></html>", "", BodyFormat.HTML),
        (b"plain words", "text/html", BodyFormat.HTML),
        (b"<?xml version='1.0'?><error>x</error>", "", BodyFormat.XML),
        (b"<error>x</error>", "", BodyFormat.XML),
        (b"anything", "application/soap+xml", BodyFormat.XML),
        (b"access_token=abc&token_type=bearer\n", "", BodyFormat.FORM),
        (b"a b", "application/x-www-form-urlencoded", BodyFormat.FORM),
        (b"OK", "", BodyFormat.TEXT),
        (b"error = bad request", "", BodyFormat.TEXT),
        (b"a\x00b", "", BodyFormat.BINARY),
        (b"\x89PNG\r\n\x1a\n", "image/png", BodyFormat.BINARY),
        (b"caf\xe9", "", BodyFormat.BINARY),
        (b"a\x00b", "application/json", BodyFormat.JSON),
        (b"caf\xe9 broken", "text/plain", BodyFormat.TEXT),
    ],
)
def test_the_kind_of_a_body(body: bytes, content_type: str, expected: BodyFormat) -> None:
    assert body_kind(body, content_type).format is expected


def test_a_declared_charset_is_decoded_as_such() -> None:
    body = "café refusé".encode("latin-1")
    kind = body_kind(body, LATIN_1)
    assert kind == BodyKind(BodyFormat.TEXT, "iso8859-1")
    assert decode_body(body, kind) == "café refusé"


@pytest.mark.parametrize(
    ("content_type", "charset"),
    [
        ("text/plain; charset=ISO-8859-1", "iso8859-1"),
        ('text/plain; charset="utf-8"', "utf-8"),
        ("text/plain; CHARSET=windows-1252", "cp1252"),
        ("text/plain; charset=no-such-codec", ""),
        ("text/plain", ""),
    ],
)
def test_the_declared_charset_is_a_codec_name(content_type: str, charset: str) -> None:
    assert declared_charset(content_type) == charset


def test_a_charset_that_is_no_text_encoding_falls_back_to_utf8() -> None:
    kind = body_kind(b"plain", "text/plain; charset=zlib")
    assert kind.is_text
    assert decode_body(b"plain", kind) == "plain"


def test_a_character_split_by_the_cap_is_still_text() -> None:
    body = "ok é".encode()[:-1]
    assert body_kind(body, cut=True).format is BodyFormat.TEXT
    assert body_kind(body).format is BodyFormat.BINARY


def test_only_the_start_of_a_large_body_is_looked_at() -> None:
    body = b"x" * SNIFF_BYTES + b"\x00\xff" * 10
    kind = body_kind(body)
    assert kind.format is BodyFormat.TEXT
    text = decode_body(body, kind)
    assert text is not None and text.startswith("xxx") and "\ufffd" in text


def test_binary_bodies_have_no_text() -> None:
    kind = body_kind(b"\x00\x01\x02")
    assert not kind.is_text
    assert decode_body(b"\x00\x01\x02", kind) is None

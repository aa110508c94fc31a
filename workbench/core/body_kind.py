"""What kind of body this is (empty, JSON, HTML, XML, form, text or binary), decided once.

Rendering, the problem decoder and token parsing all ask ``body_kind``; it looks at the
``Content-Type`` and at most the first ``SNIFF_BYTES`` of the body, so it is cheap on any size.

Text or binary: a declared charset other than UTF-8 decodes as that charset; otherwise valid
UTF-8 without NUL bytes is text, and so is anything a textual ``Content-Type`` announces
(decoded with replacement characters); the rest is binary. A body cut at the size cap may end
in the middle of a character and is still text.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from dataclasses import dataclass
from enum import StrEnum

SNIFF_BYTES = 64 * 1024
"""How much of a body is looked at to decide its kind."""

_TEXT_TYPE_MARKERS = (
    "json",
    "xml",
    "javascript",
    "x-www-form-urlencoded",
    "yaml",
    "csv",
    "graphql",
    "html",
)
_HTML_TAGS = frozenset(
    "html head body title meta link script style div span p pre h1 h2 h3 h4 h5 h6 center "  # noqa: SIM905
    "table br hr a b i ul ol li form".split()
)
_FIRST_TAG = re.compile(r"<([a-z][a-z0-9]*)[\s/>]")
_FORM = re.compile(r"[\w.~%+-]+=[^&\s]*(?:&[\w.~%+-]+=[^&\s]*)*")
_CHARSET = re.compile(r"charset\s*=\s*\"?([A-Za-z0-9._:-]{1,40})", re.IGNORECASE)


class BodyFormat(StrEnum):
    """The shape of a body."""

    EMPTY = "empty"
    """Nothing, or only white space."""
    JSON = "json"
    """Announced as JSON, or text that starts like a JSON object, array or string."""
    HTML = "html"
    XML = "xml"
    """Other markup: announced as XML, or text that starts with a tag that is not HTML."""
    FORM = "form"
    """``application/x-www-form-urlencoded``, announced or written as ``a=1&b=2``."""
    TEXT = "text"
    BINARY = "binary"


@dataclass(frozen=True)
class BodyKind:
    """A body's shape and the codec its text decodes with."""

    format: BodyFormat
    charset: str = "utf-8"
    """A Python codec name; empty for a binary body."""

    @property
    def is_text(self) -> bool:
        """True unless the body is binary."""
        return self.format is not BodyFormat.BINARY


def body_kind(body: bytes, content_type: str = "", *, cut: bool = False) -> BodyKind:
    """What ``body`` is, by its ``Content-Type`` header (with parameters) and its start.

    ``cut`` says the body was cut short (at the size cap), so a character may be split at
    its end.
    """
    media = content_type.split(";", 1)[0].strip().lower()
    head = bytes(body[:SNIFF_BYTES])
    if not head.strip() and len(body) <= SNIFF_BYTES:
        return BodyKind(BodyFormat.EMPTY)
    charset = declared_charset(content_type)
    text = _sniff_text(head, charset, media, cut=cut or len(body) > SNIFF_BYTES)
    if text is None:
        return BodyKind(BodyFormat.BINARY, "")
    return BodyKind(_text_format(text.lstrip("\ufeff").strip(), media), charset or "utf-8")


def decode_body(body: bytes, kind: BodyKind) -> str | None:
    """The text of ``body`` as ``kind`` says (bad bytes replaced), or None when binary."""
    if not kind.is_text:
        return None
    try:
        return bytes(body).decode(kind.charset, errors="replace")
    except LookupError:  # a codec that is no text encoding
        return bytes(body).decode("utf-8", errors="replace")


def declared_charset(content_type: str) -> str:
    """The ``charset`` parameter as a Python codec name; empty when absent or unknown."""
    match = _CHARSET.search(content_type[:500])
    if match is None:
        return ""
    try:
        return codecs.lookup(match.group(1)).name
    except LookupError:
        return ""


def _is_textual_media(media: str) -> bool:
    """True for media types that announce text: ``text/*``, JSON, XML, forms, YAML, ..."""
    return media.startswith("text/") or any(marker in media for marker in _TEXT_TYPE_MARKERS)


def _looks_like_html(text: str) -> bool:
    """True when ``text`` (stripped) starts like a web page or an HTML fragment."""
    start = text[:2048].lower()
    if start.startswith("<!doctype html"):
        return True
    if not start.startswith("<"):
        return False
    first = _FIRST_TAG.match(start)
    if first is not None and first.group(1) in _HTML_TAGS:
        return True
    return any(tag in start for tag in ("<title", "<h1", "<body"))


def _sniff_text(head: bytes, charset: str, media: str, *, cut: bool) -> str | None:
    if charset and charset not in ("utf-8", "ascii"):
        with contextlib.suppress(Exception):  # a codec that is no text encoding: rot13, zlib
            return head.decode(charset, errors="replace")
    textual = _is_textual_media(media)
    if b"\x00" in head and not textual:
        return None
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as error:
        if textual:
            return head.decode("utf-8", errors="replace")
        if cut and error.start >= len(head) - 3:
            return head[: error.start].decode("utf-8", errors="replace")
        return None


def _text_format(stripped: str, media: str) -> BodyFormat:
    if media.endswith(("/json", "+json")) or stripped.startswith(("{", "[", '"')):
        return BodyFormat.JSON
    if media in ("text/html", "application/xhtml+xml") or _looks_like_html(stripped):
        return BodyFormat.HTML
    if media.endswith(("/xml", "+xml")) or stripped.startswith("<"):
        return BodyFormat.XML
    if media == "application/x-www-form-urlencoded" or _FORM.fullmatch(stripped[:4096]):
        return BodyFormat.FORM
    return BodyFormat.TEXT

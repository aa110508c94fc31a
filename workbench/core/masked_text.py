"""A URL or body as the screen shows it, credentials masked, and edits of it mapped back.

The composer shows ``?api_key=••••••`` while it keeps the key. When the user edits the text on
screen, ``edit_shown`` works out what they changed and applies it to the real text: typing
anywhere else keeps every key intact; typing right after a mask (or right before it) adds to
that value, as in a password field; deleting masked characters from either end of a mask
removes that many characters of the value; replacing a whole mask replaces the value. An edit
strictly inside a mask (which characters of the hidden value would it touch?) is refused, so
a secret is never silently corrupted. What counts as a credential is redaction's rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.core.credential_names import may_hold_credentials_body, may_hold_credentials_url
from workbench.core.secret import MASK

if TYPE_CHECKING:
    from workbench.core.redact import Redactor

_OPEN, _CLOSE = "\ue000", "\ue001"
_MARK = re.compile(f"{_OPEN}([0-9]+){_CLOSE}")


@dataclass(frozen=True)
class MaskedSpan:
    """Where one masked value stands in the text shown and in the real text (end exclusive)."""

    shown_start: int
    shown_end: int
    real_start: int
    real_end: int


@dataclass(frozen=True)
class MaskedText:
    """A real text and what the screen shows of it."""

    real: str
    shown: str
    spans: tuple[MaskedSpan, ...] = ()
    editable: bool = True
    """False when the shown text cannot be mapped back (reveal to edit)."""

    @property
    def masked(self) -> bool:
        """True when the screen shows something other than the real text."""
        return self.shown != self.real


def revealed(text: str) -> MaskedText:
    """``text`` shown as it is."""
    return MaskedText(text, text)


def mask_url(url: str) -> MaskedText:
    """``url`` with secret query values, secret fields and a userinfo password masked."""
    if not may_hold_credentials_url(url):
        return revealed(url)  # redaction stays unloaded for a window's plain first URL
    return _masked(url, lambda redactor, text: redactor.url(text))


def mask_body(text: str) -> MaskedText:
    """A request body with the values of secret fields (form or JSON) masked."""
    if not may_hold_credentials_body(text):
        return revealed(text)
    return _masked(text, lambda redactor, body: redactor.text(body))


def _masked(real: str, redact: Callable[[Redactor, str], str]) -> MaskedText:
    from workbench.core.redact import Redactor

    originals: list[str] = []

    def mark(_slot: str, original: str) -> str:
        if not original:
            return original  # an empty value: nothing to hide
        originals.append(original)
        return f"{_OPEN}{len(originals) - 1}{_CLOSE}"

    if _OPEN in real or _CLOSE in real:  # our marks cannot be told apart: no inline editing
        shown = redact(Redactor(), real)
        return MaskedText(real, shown, editable=shown == real)
    marked = redact(Redactor(masker=mark), real)
    if not originals:
        return MaskedText(real, marked, editable=marked == real)

    def expand(text: str) -> str:  # a value masked inside another one (a header's)
        return _MARK.sub(lambda m: expand(originals[int(m.group(1))]), text)

    shown_parts: list[str] = []
    real_parts: list[str] = []
    spans: list[MaskedSpan] = []
    shown_at = real_at = position = 0
    for match in _MARK.finditer(marked):
        literal = marked[position : match.start()]
        value = expand(originals[int(match.group(1))])
        shown_parts += [literal, MASK]
        real_parts += [literal, value]
        shown_at += len(literal)
        real_at += len(literal)
        spans.append(MaskedSpan(shown_at, shown_at + len(MASK), real_at, real_at + len(value)))
        shown_at += len(MASK)
        real_at += len(value)
        position = match.end()
    shown_parts.append(marked[position:])
    real_parts.append(marked[position:])
    shown = "".join(shown_parts)
    if "".join(real_parts) != real:  # redaction reshaped something (a JSON number quoted)
        return MaskedText(real, shown, editable=False)
    return MaskedText(real, shown, tuple(spans))


def edit_shown(masked: MaskedText, new_shown: str, cursor: int) -> str | None:
    """The real text once the shown text became ``new_shown`` (``cursor``: where the cursor
    stands after the edit); None when the edit cannot be applied without guessing (inside a
    mask, or a text that cannot be mapped back)."""
    if new_shown == masked.shown:
        return masked.real
    if not masked.masked:
        return new_shown
    if not masked.editable:
        return None
    start, end, inserted = _changed_region(masked.shown, new_shown, cursor)
    real_start = _real_position(masked.spans, start, trim_from_end=True, other_end=end)
    real_end = _real_position(masked.spans, end, trim_from_end=False, other_end=start)
    if real_start is None or real_end is None:
        return None
    return masked.real[:real_start] + inserted + masked.real[real_end:]


def _changed_region(old: str, new: str, cursor: int) -> tuple[int, int, str]:
    """``(start, end, inserted)``: ``old[start:end]`` became ``inserted``. The edit is taken to
    end at the cursor when that fits (typing, pasting, deleting all end there)."""
    tail = len(new) - cursor
    if 0 <= cursor <= len(new) and tail <= len(old) and old.endswith(new[cursor:]):
        old_end, new_end = len(old) - tail, cursor
    else:
        same = 0
        limit = min(len(old), len(new))
        while same < limit and old[-1 - same] == new[-1 - same]:
            same += 1
        old_end, new_end = len(old) - same, len(new) - same
    start = 0
    limit = min(old_end, new_end)
    while start < limit and old[start] == new[start]:
        start += 1
    return start, old_end, new[start:new_end]


def _real_position(
    spans: tuple[MaskedSpan, ...], at: int, *, trim_from_end: bool, other_end: int
) -> int | None:
    """Where shown position ``at`` (one end of an edit) falls in the real text.

    Outside every mask it moves by the masks before it. Inside a mask it is allowed only when
    the edit runs out of that mask on the other side: the start of an edit inside a mask
    trims the end of its value (backspace on the last bullet); the end of one trims the start.
    """
    offset = 0
    for span in spans:
        if at <= span.shown_start:
            break
        if at >= span.shown_end:
            offset += (span.real_end - span.real_start) - (span.shown_end - span.shown_start)
            continue
        # Strictly inside this mask.
        if trim_from_end:
            if other_end < span.shown_end:
                return None  # starts and ends inside the mask: which characters?
            return max(span.real_start, span.real_end - (span.shown_end - at))
        if other_end > span.shown_start:
            return None
        return min(span.real_end, span.real_start + (at - span.shown_start))
    return at + offset

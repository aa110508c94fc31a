"""Credentials masked on screen, and the user's edits of what is shown mapped back intact."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.masked_text import edit_shown, mask_body, mask_url, revealed
from workbench.core.secret import MASK

KEY = "fake-api-key-5f6a7b8c"
URL = f"https://api.example/v3/x?api_key={KEY}&page=2"
SHOWN = f"https://api.example/v3/x?api_key={MASK}&page=2"


def type_at(text: str, position: int, typed: str) -> tuple[str, int]:
    return text[:position] + typed + text[position:], position + len(typed)


def test_a_url_shows_its_keys_masked_and_keeps_them() -> None:
    masked = mask_url(URL)
    assert masked.shown == SHOWN
    assert masked.masked and masked.editable
    assert mask_url("https://api.example/v3/x?page=2").masked is False
    password = mask_url("https://me:hunter2-pw@api.example/x?token=abcd1234")
    assert password.shown == f"https://me:{MASK}@api.example/x?token={MASK}"


def test_typing_elsewhere_keeps_the_key_intact() -> None:
    masked = mask_url(URL)
    shown, cursor = masked.shown[:-1] + "3", len(masked.shown)  # page=2 -> page=3
    assert edit_shown(masked, shown, cursor) == URL[:-1] + "3"
    shown, cursor = type_at(masked.shown, masked.shown.index("/v3") + 3, "/y")
    assert edit_shown(masked, shown, cursor) == URL.replace("/v3/x", "/v3/y/x")


def test_typing_at_either_end_of_a_mask_adds_to_the_value() -> None:
    masked = mask_url(URL)
    end = masked.shown.index(MASK) + len(MASK)
    assert edit_shown(masked, *type_at(masked.shown, end, "9")) == URL.replace(KEY, KEY + "9")
    start = masked.shown.index(MASK)
    assert edit_shown(masked, *type_at(masked.shown, start, "0")) == URL.replace(KEY, "0" + KEY)


def test_backspace_and_delete_at_the_ends_of_a_mask_remove_characters_of_the_value() -> None:
    masked = mask_url(URL)
    end = masked.shown.index(MASK) + len(MASK)
    backspaced = masked.shown[: end - 1] + masked.shown[end:]
    assert edit_shown(masked, backspaced, end - 1) == URL.replace(KEY, KEY[:-1])
    start = masked.shown.index(MASK)
    deleted = masked.shown[:start] + masked.shown[start + 1 :]
    assert edit_shown(masked, deleted, start) == URL.replace(KEY, KEY[1:])


def test_replacing_a_whole_mask_replaces_the_value() -> None:
    masked = mask_url(URL)
    start = masked.shown.index(MASK)
    shown = masked.shown.replace(MASK, "new-key")
    assert edit_shown(masked, shown, start + len("new-key")) == URL.replace(KEY, "new-key")


def test_an_edit_inside_a_mask_is_refused_rather_than_guessed() -> None:
    masked = mask_url(URL)
    inside = masked.shown.index(MASK) + 2
    assert edit_shown(masked, *type_at(masked.shown, inside, "x")) is None
    cut = masked.shown[:inside] + masked.shown[inside + 1 :]
    assert edit_shown(masked, cut, inside) is None


def test_a_body_masks_secret_fields_and_json_numbers_are_not_editable() -> None:
    body = json.dumps({"client_secret": "s3cr3t-value", "name": "n"})
    masked = mask_body(body)
    assert "s3cr3t-value" not in masked.shown and masked.editable
    number = mask_body('{"client_secret": 123456789}')
    assert "123456789" not in number.shown
    assert not number.editable
    assert edit_shown(number, number.shown + " ", len(number.shown) + 1) is None


def test_text_holding_our_own_marks_is_masked_but_not_edited_inline() -> None:
    hostile = f"https://x.example/?api_key=\ue0000\ue001{KEY}"
    masked = mask_url(hostile)
    assert KEY not in masked.shown
    assert not masked.editable


def test_revealed_text_is_edited_as_it_is() -> None:
    shown = revealed(URL)
    assert edit_shown(shown, "anything", 3) == "anything"


keys = st.text(alphabet="abcdefghijklmnop0123456789-_", min_size=4, max_size=30)
plain = st.text(alphabet="abcdefgh/=.0123456789", max_size=10)


@settings(max_examples=300)
@given(key=keys, before=plain, after=plain, data=st.data())
def test_property_an_edit_outside_the_masks_never_touches_a_key(
    key: str, before: str, after: str, data: st.DataObject
) -> None:
    url = f"https://api.example/{before}?api_key={key}&q={after}"
    masked = mask_url(url)
    mask_start = masked.shown.index(MASK)
    mask_end = mask_start + len(MASK)
    start = data.draw(
        st.one_of(st.integers(0, mask_start - 1), st.integers(mask_end + 1, len(masked.shown)))
    )
    limit = mask_start - 1 if start < mask_start else len(masked.shown)
    end = data.draw(st.integers(start, max(start, limit)))
    typed = data.draw(plain)
    shown = masked.shown[:start] + typed + masked.shown[end:]
    real = edit_shown(masked, shown, start + len(typed))
    assert real is not None
    assert f"={key}&" in real  # the key, whole, between the characters around its mask

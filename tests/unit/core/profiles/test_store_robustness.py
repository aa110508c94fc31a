"""The profile store raises only its own error, leaves no temporary file, and one bad profile
never stops the others; reading refuses text UTF-8 cannot hold and numbers Python cannot."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.profiles import (
    Profile,
    ProfileFormatError,
    ProfileStore,
    ProfileStoreError,
    profiles_from_json,
    profiles_to_json,
)

LONE_SURROGATE = "\ud800"


def document(*items: object) -> str:
    return json.dumps({"format": "oauth-workbench-profiles", "version": 1, "profiles": items})


@pytest.mark.parametrize(
    ("item", "words"),
    [
        ({"name": LONE_SURROGATE}, "lone UTF-16 surrogate"),
        ({"name": "a", "client_id": "x" + LONE_SURROGATE}, "'client_id'"),
        ({"name": "a", "extra_headers": [["X-A", LONE_SURROGATE]]}, "'extra_headers'"),
        ({"name": "a", "secrets": {LONE_SURROGATE: {}}}, "lone UTF-16 surrogate"),
        ({"name": "a", "timeout_s": 10**400}, "'timeout_s' is not a finite number"),
    ],
)
def test_import_refuses_what_cannot_be_stored_with_a_clear_message(
    item: dict[str, object], words: str
) -> None:
    with pytest.raises(ProfileFormatError, match=words):
        profiles_from_json(document(item))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"n": ' + "9" * 5000 + "}", "more than 4,300 digits"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
)
def test_json_the_parser_cannot_read_is_refused_in_words(text: str, words: str) -> None:
    with pytest.raises(ProfileFormatError, match=words) as caught:
        profiles_from_json(text)
    assert "sys." not in str(caught.value)


def test_a_bad_profile_does_not_stop_the_others_and_its_last_version_is_kept(
    tmp_path: Path,
) -> None:
    store = ProfileStore(tmp_path / "profiles.json")
    good, bad = Profile(name="good"), Profile(name="bad", client_id="before")
    store.save([good, bad])
    broken = Profile(name="bad", profile_id=bad.profile_id, client_id="after" + LONE_SURROGATE)
    renamed = Profile(name="good, renamed", profile_id=good.profile_id)
    with pytest.raises(ProfileStoreError, match="'bad' could not be saved") as caught:
        store.save([renamed, broken])
    assert "last saved version was kept" in str(caught.value)
    assert "client_id" in str(caught.value)
    loaded = store.load()
    assert loaded.warning == ""
    assert [(p.name, p.client_id) for p in loaded.profiles] == [
        ("good, renamed", ""),
        ("bad", "before"),
    ]
    # ...and the next save, once the profile is fixed, goes through as usual.
    store.save([renamed, Profile(name="bad", profile_id=bad.profile_id, client_id="fixed")])
    assert [p.client_id for p in store.load().profiles] == ["", "fixed"]
    assert [path.name for path in tmp_path.iterdir()] == ["profiles.json"]


def test_a_bad_new_profile_is_left_out_and_named(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "profiles.json")
    with pytest.raises(ProfileStoreError, match="left out of the file"):
        store.save([Profile(name="ok"), Profile(name="x" + LONE_SURROGATE)])
    assert [p.name for p in store.load().profiles] == ["ok"]
    with pytest.raises(ProfileStoreError, match="not a finite number"):
        store.save([Profile(name="ok"), Profile(name="nan", timeout_s=math.nan)])
    assert [path.name for path in tmp_path.iterdir()] == ["profiles.json"]


def test_no_temporary_file_is_left_whatever_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ProfileStore(tmp_path / "profiles.json")

    def failing_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("os.fsync", failing_fsync)
    with pytest.raises(ProfileStoreError, match="Input/output error"):
        store.save([Profile(name="a")])
    assert list(tmp_path.iterdir()) == []


def test_export_text_never_raises_and_its_import_says_why(tmp_path: Path) -> None:
    text = profiles_to_json([Profile(name="x" + LONE_SURROGATE)])
    (tmp_path / "export.json").write_text(text, encoding="utf-8")  # always encodable
    with pytest.raises(ProfileFormatError, match="lone UTF-16 surrogate"):
        profiles_from_json((tmp_path / "export.json").read_text(encoding="utf-8"))


json_leaves = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**500), max_value=10**500)
    | st.floats()
    | st.text(alphabet=st.characters(), max_size=8)  # surrogates included
)
json_values = st.recursive(
    json_leaves,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=12,
)
fields = st.sampled_from(
    ["name", "id", "timeout_s", "extra_params", "secrets", "request", "verify_tls", "trust"]
)


@settings(max_examples=300)
@given(st.dictionaries(fields, json_values))
def test_any_profile_object_reads_or_fails_in_words_and_saves(item: dict[str, object]) -> None:
    try:
        profiles = profiles_from_json(document(item))
    except ProfileFormatError:
        return
    assert profiles_to_json(profiles).encode("utf-8")  # what was read can be written back

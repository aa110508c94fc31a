"""API keys and every other credential in a profile's requests stay out of its file: a marked
placeholder there, the value in the keychain, put back when the profile is read."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote, quote_plus

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.profiles import Profile, ProfileStore, profiles_to_json, request_secrets
from workbench.core.secret import Secret
from workbench.core.secret_store import (
    SecretStore,
    load_request_secrets,
    may_hold_request_secrets,
    store_request_secrets,
)

KEYS = {
    "auth_token": "api-key 9f8e7d6c5b4a39281706",
    "bearer": "eyJ.bearer-token-value.sig",
    "x_api_key": "xak-0123456789abcdef",
    "api_key_header": "ak-header-value-42",
    "proxy": "Basic cHJveHk6c2VjcmV0LXByb3h5",
    "cookie": "sid-31415926535",
    "q_key": "qkey-271828182845",
    "q_api_key": "qapikey-1618033988",
    "q_apikey": "qapikey2-1414213562",
    "q_access": "qaccess-1732050807",
    "q_token": "qtoken-2236067977",
    "userinfo": "hunter2-in-the-url",
    "body_secret": "body-client-secret-99",
    "extra_header": "extra-header-key-77",
    "extra_param": "assertion.jwt.value",
    "token_url_pw": "token-url-password-31",
    "token_url_q": "token-url-query-secret-32",
}


def profile_with_keys(keys: dict[str, str] = KEYS) -> Profile:
    return Profile(
        name="Keys",
        request_method="POST",
        request_url=(
            f"https://user:{keys['userinfo']}@api.example/v3/x?key={keys['q_key']}"
            f"&api_key={keys['q_api_key']}&apikey={keys['q_apikey']}"
            f"&access_token={keys['q_access']}&token={keys['q_token']}&page=2"
        ),
        request_headers=(
            ("X-Auth-Token", keys["auth_token"]),
            ("Authorization", f"Bearer {keys['bearer']}"),
            ("X-Api-Key", keys["x_api_key"]),
            ("Api-Key", keys["api_key_header"]),
            ("Proxy-Authorization", keys["proxy"]),
            ("Cookie", f"sid={keys['cookie']}; theme=dark"),
            ("Accept", "application/json"),
        ),
        request_body=json.dumps({"client_secret": keys["body_secret"], "name": "kept"}),
        token_url=f"https://id:{keys['token_url_pw']}@auth.example/token?client_secret="
        f"{keys['token_url_q']}",
        extra_headers=(("X-Domain", "example.com"), ("X-Api-Key", keys["extra_header"])),
        extra_params=(("audience", "api"), ("client_assertion", keys["extra_param"])),
    )


def forms(value: str) -> tuple[str, ...]:
    raw = value.encode()
    return (value, quote(value, safe=""), quote_plus(value), base64.b64encode(raw).decode())


def test_no_credential_reaches_the_file_in_any_form() -> None:
    text = profiles_to_json([profile_with_keys()])
    for value in KEYS.values():
        for form in forms(value):
            assert form not in text, (value, form)
    document = json.loads(text)["profiles"][0]
    headers = dict(document["request"]["headers"])
    assert headers["X-Auth-Token"] == "<secret:x-auth-token>"
    assert headers["Authorization"] == "Bearer <secret:authorization-bearer>"
    assert headers["Accept"] == "application/json"  # the rest is kept as it was
    assert "page=2" in document["request"]["url"]
    assert "?key=<secret:key>" in document["request"]["url"]
    assert json.loads(document["request"]["body"])["name"] == "kept"
    assert ["X-Domain", "example.com"] in document["extra_headers"]


def test_the_keychain_keeps_the_values_and_reading_puts_them_back(tmp_path: Path) -> None:
    profile = profile_with_keys()
    store, keychain = ProfileStore(tmp_path / "profiles.json"), SecretStore()
    store.save([profile])
    store_request_secrets(keychain, profile)
    (loaded,) = store.load().profiles
    assert request_secrets.placeholders(loaded)
    assert load_request_secrets(keychain, loaded) == profile

    keychain.delete_profile(profile.profile_id)
    shown = load_request_secrets(SecretStore(), loaded)
    assert shown == loaded  # no value: the marked placeholders stay, visibly
    assert dict(shown.request_headers)["X-Api-Key"] == "<secret:x-api-key>"


def test_saving_with_a_placeholder_not_put_back_keeps_its_value() -> None:
    """The keychain was locked when the profile was read: its key stayed a placeholder. A new
    key added and saved must not drop the old one from the keychain."""
    keychain = SecretStore()
    first = Profile(name="K", request_headers=(("X-Api-Key", "old-key-1234"),))
    store_request_secrets(keychain, first)
    unread = request_secrets.split(first).profile  # as read from the file, value not put back
    added = replace(unread, request_headers=(*unread.request_headers, ("Cookie", "sid=s-5678")))
    store_request_secrets(keychain, added)
    restored = load_request_secrets(keychain, request_secrets.split(added).profile)
    assert restored.request_headers == (("X-Api-Key", "old-key-1234"), ("Cookie", "sid=s-5678"))


def test_a_profile_without_credentials_needs_no_keychain() -> None:
    plain = Profile(name="Plain", request_url="https://api.example/v3/accounts?page=2")
    split = request_secrets.split(plain)
    assert (split.profile, split.values) == (plain, {})
    assert request_secrets.to_secret(split.values) == Secret()
    assert not may_hold_request_secrets(plain)
    assert may_hold_request_secrets(profile_with_keys())
    assert may_hold_request_secrets(request_secrets.split(profile_with_keys()).profile)


def test_two_values_in_one_slot_get_two_placeholders() -> None:
    profile = Profile(name="Two", request_headers=(("X-Api-Key", "first-key"), ("X-Api-Key", "b2")))
    split = request_secrets.split(profile)
    assert [value for _name, value in split.profile.request_headers] == [
        "<secret:x-api-key>",
        "<secret:x-api-key#2>",
    ]
    assert request_secrets.restore(split.profile, split.values) == profile


def test_saving_twice_keeps_the_same_placeholders() -> None:
    once = request_secrets.split(profile_with_keys())
    again = request_secrets.split(once.profile)
    assert again.profile == once.profile and again.values == {}


def test_the_keychain_entry_is_read_defensively() -> None:
    assert request_secrets.from_secret(None) == {}
    assert request_secrets.from_secret(Secret("not json")) == {}
    assert request_secrets.from_secret(Secret('["a"]')) == {}
    entry = Secret(json.dumps({"<secret:key>": "v", "not a placeholder": "x", "<secret:n>": 3}))
    assert request_secrets.from_secret(entry) == {"<secret:key>": "v"}


values = st.text(
    alphabet=st.characters(
        min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="&#;=\"'<>\\%+ /?@:"
    ),
    min_size=4,
    max_size=24,
).map(lambda value: "s3cr3t" + value)  # a prefix no part of the file's own words holds


@settings(max_examples=150)
@given(st.fixed_dictionaries({name: values for name in KEYS}))
def test_property_no_generated_credential_reaches_the_file(keys: dict[str, str]) -> None:
    profile = profile_with_keys(keys)
    text = profiles_to_json([profile])
    for value in keys.values():
        for form in forms(value):
            assert form not in text, (value, form)
    split = request_secrets.split(replace(profile))
    assert request_secrets.restore(split.profile, split.values) == profile

"""Presets: the providers' published endpoints, and MAX's X-Domain rule."""

from __future__ import annotations

import pytest

from workbench.core.config import BodyEncoding, ClientAuth
from workbench.core.presets import (
    DISCOVERY,
    GETRESPONSE,
    GETRESPONSE_MAX_PL,
    GETRESPONSE_MAX_US,
    PRESETS,
    preset_by_key,
    sandbox_profile,
    x_domain_problem,
)
from workbench.core.profiles import SecretKind, SecretSource


def test_getresponse_uses_the_reference_request() -> None:
    profile = GETRESPONSE.new_profile()
    assert profile.token_url == "https://api.getresponse.com/v3/token"
    assert profile.auth is ClientAuth.BASIC
    assert profile.body_encoding is BodyEncoding.FORM
    assert profile.request_url == "https://api.getresponse.com/v3/accounts"
    assert "JSON" in GETRESPONSE.description
    assert profile.extra_headers == ()


@pytest.mark.parametrize(
    ("preset", "host"),
    [
        (GETRESPONSE_MAX_US, "api3.getresponse360.com"),
        (GETRESPONSE_MAX_PL, "api3.getresponse360.pl"),
    ],
)
def test_max_presets_carry_x_domain(preset: object, host: str) -> None:
    profile = preset.new_profile(x_domain="example.com")  # type: ignore[attr-defined]
    assert profile.token_url == f"https://{host}/v3/token"
    assert profile.request_url == f"https://{host}/v3/accounts"
    assert profile.extra_headers == (("X-Domain", "example.com"),)


def test_discovery_keeps_the_issuer() -> None:
    profile = DISCOVERY.new_profile("Mine", issuer="https://id.example")
    assert profile.issuer == "https://id.example"
    assert profile.token_url == ""


def test_presets_are_found_by_key() -> None:
    assert [preset_by_key(p.key) for p in PRESETS] == list(PRESETS)
    assert preset_by_key("nope") is None


def test_sandbox_profile_points_at_the_running_sandbox() -> None:
    profile = sandbox_profile("http://127.0.0.1:8123/")
    assert profile.token_url == "http://127.0.0.1:8123/v3/token"
    assert profile.request_url == "http://127.0.0.1:8123/v3/accounts"
    assert profile.client_id == "demo-client"


@pytest.mark.parametrize(
    ("value", "complaint"),
    [
        ("example.com", ""),
        ("shop.example.co.uk", ""),
        ("", "needs your domain"),
        ("https://example.com", "scheme"),
        ("www.example.com", "www."),
        ("example.com/path", "no path"),
        ("example.com:443", "no path, port"),
        ("localhost", "not a domain"),
        ("-bad-.com", "not a domain"),
    ],
)
def test_x_domain_must_be_a_bare_domain(value: str, complaint: str) -> None:
    problem = x_domain_problem(value)
    if complaint:
        assert complaint in problem
    else:
        assert problem == ""


def test_a_new_profile_notes_that_the_keychain_holds_nothing_yet() -> None:
    for profile in (GETRESPONSE.new_profile(), sandbox_profile("http://127.0.0.1:9")):
        for kind in (SecretKind.CLIENT_SECRET, SecretKind.PRIVATE_KEY):
            ref = profile.secret_ref(kind)
            assert ref.source is SecretSource.KEYCHAIN
            assert ref.stored is False

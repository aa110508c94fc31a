"""The sandbox's /_sandbox/... controls and its clock."""

from __future__ import annotations

import math

import pytest

from tests.unit.sandbox.helpers import DEMO_ID, ManualSource, control, get_api, make_provider
from workbench.sandbox.clock import SandboxClock
from workbench.sandbox.messages import SandboxRequest


def test_state_reports_settings_tokens_and_quota() -> None:
    provider, _ = make_provider(token_ttl_s=120, rate_limit=10)
    token = provider.issue_token(DEMO_ID)
    get_api(provider, "/v3/accounts", token)
    state = control(provider, "GET", "/_sandbox/state").json()
    assert state["token_ttl_s"] == 120
    assert state["token_errors"] == "getresponse"
    assert state["clients"] == sorted(["demo-client", "odd:client %+&é"])
    assert state["tokens"] == {"issued": 1, "live": 1, "expired": 0, "next_expiry_s": 120.0}
    assert state["rate_limit"]["remaining"] == 9
    assert token not in str(state)


def test_expire_all_over_http() -> None:
    provider, _ = make_provider()
    token = provider.issue_token(DEMO_ID)
    response = control(provider, "POST", "/_sandbox/expire-all")
    assert (response.status, response.json()) == (200, {"expired": 1})
    assert get_api(provider, "/v3/accounts", token).json()["message"] == (
        "The access token provided is expired"
    )


def test_advance_over_http() -> None:
    provider, _ = make_provider(token_ttl_s=60)
    token = provider.issue_token(DEMO_ID)
    response = control(provider, "POST", "/_sandbox/advance?seconds=59.5")
    assert response.json() == {"clock_offset_s": 59.5}
    assert get_api(provider, "/v3/accounts", token).status == 200
    control(provider, "POST", "/_sandbox/advance?seconds=0.5")
    assert get_api(provider, "/v3/accounts", token).status == 401


def test_ttl_over_http() -> None:
    provider, _ = make_provider()
    response = control(provider, "POST", "/_sandbox/ttl?seconds=45")
    assert response.json() == {"token_ttl_s": 45}
    assert provider.token_ttl_s == 45


@pytest.mark.parametrize(
    "target",
    [
        "/_sandbox/advance",
        "/_sandbox/advance?seconds=",
        "/_sandbox/advance?seconds=-5",
        "/_sandbox/advance?seconds=nan",
        "/_sandbox/advance?seconds=inf",
        "/_sandbox/ttl?seconds=0",
        "/_sandbox/ttl?seconds=1.5",
        "/_sandbox/ttl?seconds=abc",
        "/_sandbox/ttl?seconds=1e400",
    ],
)
def test_bad_control_values_are_400(target: str) -> None:
    provider, _ = make_provider()
    response = control(provider, "POST", target)
    assert response.status == 400
    assert response.json()["error"]
    assert provider.clock.offset_s == 0
    assert provider.token_ttl_s == 86400


@pytest.mark.parametrize(
    ("method", "target", "status"),
    [
        ("GET", "/_sandbox/expire-all", 405),
        ("POST", "/_sandbox/state", 405),
        ("GET", "/_sandbox/nothing", 404),
        ("GET", "/_sandbox", 404),
    ],
)
def test_wrong_control_method_or_name(method: str, target: str, status: int) -> None:
    provider, _ = make_provider()
    assert control(provider, method, target).status == status


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"])
def test_controls_answer_loopback_clients(host: str) -> None:
    provider, _ = make_provider()
    assert control(provider, "GET", "/_sandbox/state", client_host=host).status == 200


@pytest.mark.parametrize("host", ["192.0.2.10", "10.0.0.1", "2001:db8::1", "::ffff:192.0.2.1", ""])
def test_controls_refuse_other_clients(host: str) -> None:
    provider, _ = make_provider()
    token = provider.issue_token(DEMO_ID)
    response = control(provider, "POST", "/_sandbox/expire-all", client_host=host)
    assert response.status == 403
    assert get_api(provider, "/v3/accounts", token).status == 200


def test_clock_adds_its_offset_to_the_source() -> None:
    source = ManualSource(50.0)
    clock = SandboxClock(source)
    assert clock.now() == 50.0
    clock.advance(10)
    source.now_s = 51.0
    assert clock.now() == 61.0
    assert clock.offset_s == 10


@pytest.mark.parametrize("seconds", [-1.0, math.nan, math.inf])
def test_clock_refuses_to_go_back_or_nowhere(seconds: float) -> None:
    clock = SandboxClock(ManualSource())
    with pytest.raises(ValueError):
        clock.advance(seconds)
    assert clock.offset_s == 0


def test_rfc_mode_publishes_rfc8414_metadata() -> None:
    provider, _ = make_provider(token_errors="rfc")
    request = SandboxRequest(
        "GET", "/.well-known/oauth-authorization-server", (("Host", "127.0.0.1:9"),)
    )
    response = provider.handle(request)
    assert response.status == 200
    document = response.json()
    assert document["issuer"] == "http://127.0.0.1:9"
    assert document["token_endpoint"] == "http://127.0.0.1:9/v3/token"
    assert document["grant_types_supported"] == ["client_credentials"]
    assert "client_secret_basic" in document["token_endpoint_auth_methods_supported"]


def test_getresponse_mode_has_no_discovery_like_getresponse() -> None:
    provider, _ = make_provider()
    request = SandboxRequest("GET", "/.well-known/oauth-authorization-server")
    assert provider.handle(request).status == 404

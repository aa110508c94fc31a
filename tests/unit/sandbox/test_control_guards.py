"""The controls refuse web pages (DNS rebinding, cross-site requests) and unbounded values."""

from __future__ import annotations

import json
import math

import pytest

from tests.unit.sandbox.helpers import DEMO_ID, control, get_api, make_provider, post_token
from workbench.sandbox.clock import MAX_OFFSET_S, TEN_YEARS_S, SandboxClock
from workbench.sandbox.provider import Provider

OWN = ("Host", "127.0.0.1:8080")


def strict_json(body: bytes) -> object:
    """The body as JSON, refusing NaN and Infinity as a strict parser would."""

    def refuse(constant: str) -> object:
        raise ValueError(f"not JSON: {constant}")

    return json.loads(body, parse_constant=refuse)


@pytest.mark.parametrize(
    "headers",
    [
        (OWN,),
        (("Host", "localhost:8080"),),
        (("Host", "LocalHost.:8080"),),
        (("Host", "[::1]:8080"),),
        (("Host", "127.0.0.2:8080"),),
        (OWN, ("Origin", "http://127.0.0.1:8080")),
        (OWN, ("Sec-Fetch-Site", "same-origin")),
        (OWN, ("Sec-Fetch-Site", "none")),
        (OWN, ("Content-Type", "application/json")),
        (OWN, ("User-Agent", "curl/8.5.0"), ("Accept", "*/*")),
    ],
)
def test_controls_answer_what_curl_and_the_sandboxs_own_pages_send(
    headers: tuple[tuple[str, str], ...],
) -> None:
    provider, _ = make_provider()
    response = control(provider, "POST", "/_sandbox/expire-all", headers=headers, server_port=8080)
    assert response.status == 200, response.json()


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ((("Host", "attacker.example:8080"),), "own address"),
        ((("Host", "127.0.0.1.attacker.example:8080"),), "own address"),
        ((("Host", "localhost.attacker.example:8080"),), "own address"),
        ((("Host", "127.0.0.1:9999"),), "own address"),
        ((("Host", "127.0.0.1"),), "own address"),
        ((("Host", "127.0.0.1:"),), "own address"),
        ((("Host", "[::1"),), "own address"),
        ((("Host", "127.0.0.1:8080"), ("Host", "127.0.0.1:8080")), "own address"),
        ((), "own address"),
        ((OWN, ("Origin", "http://attacker.example")), "web pages"),
        ((OWN, ("Origin", "null")), "web pages"),
        ((OWN, ("Origin", "http://localhost:8080")), "web pages"),
        ((OWN, ("Sec-Fetch-Site", "cross-site")), "web pages"),
        ((OWN, ("Sec-Fetch-Site", "same-site")), "web pages"),
        ((OWN, ("Content-Type", "application/x-www-form-urlencoded")), "web form"),
        ((OWN, ("Content-Type", "multipart/form-data; boundary=x")), "web form"),
        ((OWN, ("Content-Type", "text/plain;charset=UTF-8")), "web form"),
    ],
)
def test_controls_refuse_what_a_web_page_can_send(
    headers: tuple[tuple[str, str], ...], reason: str
) -> None:
    provider, _ = make_provider()
    token = provider.issue_token(DEMO_ID)
    response = control(
        provider, "POST", "/_sandbox/expire-all", headers=headers, body=b"x", server_port=8080
    )
    assert response.status == 403
    assert reason in str(strict_json(response.body))
    assert get_api(provider, "/v3/accounts", token).status == 200  # nothing was expired


def test_the_api_itself_still_answers_any_host() -> None:
    provider, _ = make_provider()
    response = post_token(provider)
    assert response.status == 200


@pytest.mark.parametrize(
    "target",
    [
        f"/_sandbox/advance?seconds={TEN_YEARS_S + 1}",
        "/_sandbox/advance?seconds=1e308",
        "/_sandbox/advance?seconds=-0.5",
        "/_sandbox/advance?seconds=Infinity",
        f"/_sandbox/ttl?seconds={TEN_YEARS_S + 1}",
        "/_sandbox/ttl?seconds=1e300",
        f"/_sandbox/ttl?seconds={'9' * 5000}",
        "/_sandbox/ttl?seconds=-1",
    ],
)
def test_clock_controls_refuse_values_beyond_ten_years(target: str) -> None:
    provider, _ = make_provider()
    response = control(provider, "POST", target)
    assert response.status == 400
    assert "seconds" in str(strict_json(response.body))
    assert provider.clock.offset_s == 0
    assert provider.token_ttl_s == 86400


def test_ten_years_is_accepted_and_state_stays_valid_json() -> None:
    provider, _ = make_provider()
    assert control(provider, "POST", f"/_sandbox/ttl?seconds={TEN_YEARS_S}").status == 200
    token = provider.issue_token(DEMO_ID)
    assert control(provider, "POST", f"/_sandbox/advance?seconds={TEN_YEARS_S}").status == 200
    state = strict_json(control(provider, "GET", "/_sandbox/state").body)
    assert isinstance(state, dict)
    assert state["clock_offset_s"] == TEN_YEARS_S
    assert get_api(provider, "/v3/accounts", token).status == 401


def test_the_clock_stops_at_a_century_and_keeps_working() -> None:
    provider, _ = make_provider()
    steps = math.ceil(MAX_OFFSET_S / TEN_YEARS_S)
    answers = [
        control(provider, "POST", f"/_sandbox/advance?seconds={TEN_YEARS_S}").status
        for _ in range(steps + 2)
    ]
    assert answers == [200] * steps + [400, 400]
    assert provider.clock.offset_s == MAX_OFFSET_S
    strict_json(control(provider, "GET", "/_sandbox/state").body)
    token = json.loads(post_token(provider).body)["access_token"]
    assert get_api(provider, "/v3/accounts", token).status == 200


def test_the_python_api_has_the_same_bounds() -> None:
    clock = SandboxClock()
    with pytest.raises(ValueError, match="ten years"):
        clock.advance(TEN_YEARS_S + 1)
    with pytest.raises(ValueError, match="ten years"):
        Provider(token_ttl_s=TEN_YEARS_S + 1)
    provider = Provider()
    with pytest.raises(ValueError, match="ten years"):
        provider.set_token_ttl(10**30)
    assert provider.token_ttl_s == 86400

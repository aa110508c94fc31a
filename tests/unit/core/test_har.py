"""HAR 1.2 export: structure, content, failures, redaction."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.core.test_redact import LEAK_CASES, TOKEN, expired_response
from workbench import __version__
from workbench.core.har import har_json, to_har
from workbench.core.http import (
    Exchange,
    ExchangeKind,
    FailureKind,
    HttpRequest,
    HttpResponse,
    TransportFailure,
)
from workbench.core.secret import MASK

NAME_VALUE = {"name": str, "value": str}


def _check_keys(obj: Any, required: dict[str, type | tuple[type, ...]], where: str) -> None:
    assert isinstance(obj, dict), where
    for key, kind in required.items():
        assert key in obj, f"{where}.{key} missing"
        assert isinstance(obj[key], kind), f"{where}.{key} is {type(obj[key]).__name__}"


def assert_valid_har(har: Any) -> None:
    """The HAR 1.2 required fields and their types (spec: http://www.softwareishard.com)."""
    _check_keys(har, {"log": dict}, "har")
    log = har["log"]
    _check_keys(log, {"version": str, "creator": dict, "entries": list}, "log")
    assert log["version"] == "1.2"
    _check_keys(log["creator"], {"name": str, "version": str}, "creator")
    for index, entry in enumerate(log["entries"]):
        where = f"entries[{index}]"
        _check_keys(
            entry,
            {
                "startedDateTime": str,
                "time": (int, float),
                "request": dict,
                "response": dict,
                "cache": dict,
                "timings": dict,
            },
            where,
        )
        datetime.fromisoformat(entry["startedDateTime"])
        request = entry["request"]
        _check_keys(
            request,
            {
                "method": str,
                "url": str,
                "httpVersion": str,
                "cookies": list,
                "headers": list,
                "queryString": list,
                "headersSize": int,
                "bodySize": int,
            },
            f"{where}.request",
        )
        for pair in (*request["headers"], *request["queryString"], *request["cookies"]):
            _check_keys(pair, NAME_VALUE, f"{where}.request pair")
        if "postData" in request:
            _check_keys(request["postData"], {"mimeType": str, "text": str}, f"{where}.postData")
            for param in request["postData"].get("params", []):
                _check_keys(param, {"name": str}, f"{where}.postData.params")
        response = entry["response"]
        _check_keys(
            response,
            {
                "status": int,
                "statusText": str,
                "httpVersion": str,
                "cookies": list,
                "headers": list,
                "content": dict,
                "redirectURL": str,
                "headersSize": int,
                "bodySize": int,
            },
            f"{where}.response",
        )
        for pair in (*response["headers"], *response["cookies"]):
            _check_keys(pair, NAME_VALUE, f"{where}.response pair")
        _check_keys(response["content"], {"size": int, "mimeType": str}, f"{where}.content")
        if "encoding" in response["content"]:
            assert response["content"]["encoding"] == "base64"
        timings = entry["timings"]
        _check_keys(
            timings, {"send": (int, float), "wait": (int, float), "receive": (int, float)}, where
        )
        spent = sum(value for value in timings.values() if value >= 0)
        assert entry["time"] == pytest.approx(spent, abs=0.01)


def test_every_leak_case_exports_valid_har_both_ways() -> None:
    exchanges = [case.exchange for case in LEAK_CASES]
    assert_valid_har(to_har(exchanges))
    assert_valid_har(to_har(exchanges, include_secrets=True))
    assert_valid_har(json.loads(har_json(exchanges)))


def test_entry_content_for_an_api_call() -> None:
    exchange = Exchange(
        ExchangeKind.API,
        HttpRequest(
            "GET",
            "https://api.getresponse.com/v3/accounts?fields=a%20b&x=",
            (("Authorization", f"Bearer {TOKEN}"), ("Cookie", "sid=abc; t=1")),
        ),
        expired_response(),
        started_wall=1_700_000_000.25,
        duration_s=0.5,
        waiting_s=0.2,
    )
    har = to_har([exchange], creator_version="9.9")
    assert har["log"]["creator"] == {"name": "OAuth Workbench", "version": "9.9"}
    entry = har["log"]["entries"][0]
    assert entry["startedDateTime"] == "2023-11-14T22:13:20.250+00:00"
    assert entry["time"] == pytest.approx(500.0)
    assert entry["timings"]["wait"] == pytest.approx(200.0)
    assert entry["timings"]["receive"] == pytest.approx(300.0)
    request = entry["request"]
    assert request["queryString"] == [
        {"name": "fields", "value": "a b"},
        {"name": "x", "value": ""},
    ]
    assert {"name": "Authorization", "value": f"Bearer {MASK}"} in request["headers"]
    assert request["cookies"] == [{"name": "sid", "value": MASK}, {"name": "t", "value": MASK}]
    assert "postData" not in request
    response = entry["response"]
    assert (response["status"], response["statusText"]) == (401, "Unauthorized")
    assert json.loads(response["content"]["text"])["context"]["sentToken"] == MASK
    assert response["content"]["mimeType"] == "application/json"
    assert TOKEN not in json.dumps(har)
    revealed = to_har([exchange], include_secrets=True)
    assert TOKEN in json.dumps(revealed)
    assert "comment" not in revealed["log"]
    assert "comment" in har["log"]


def test_post_data_params_for_forms() -> None:
    case = LEAK_CASES[4]  # client_secret_post
    post = to_har([case.exchange])["log"]["entries"][0]["request"]["postData"]
    assert post["mimeType"] == "application/x-www-form-urlencoded"
    assert post["params"][:2] == [
        {"name": "grant_type", "value": "client_credentials"},
        {"name": "client_id", "value": "demo-client"},
    ]
    assert post["params"][2] == {"name": "client_secret", "value": MASK}


def test_transport_failure_is_status_zero_with_comment() -> None:
    exchange = Exchange(
        ExchangeKind.TOKEN,
        HttpRequest("POST", "https://127.0.0.1:9/token", body=b"grant_type=client_credentials"),
        failure=TransportFailure(FailureKind.REFUSED, "Connection refused"),
        notes=("TLS verification was off.",),
    )
    har = to_har([exchange])
    assert_valid_har(har)
    entry = har["log"]["entries"][0]
    assert entry["response"]["status"] == 0
    assert entry["response"]["_error"] == "refused: Connection refused"
    assert entry["_problem"] == {"kind": "refused", "message": "Connection refused"}
    assert entry["comment"] == (
        "No response: transport failure (refused): Connection refused\nTLS verification was off."
    )


def test_binary_and_truncated_bodies() -> None:
    body = b"\x89PNG\r\n\x1a\n\x00\xff"
    exchange = Exchange(
        ExchangeKind.API,
        HttpRequest("POST", "https://h/u", (("Content-Type", "image/png"),), body),
        HttpResponse(
            200,
            "OK",
            headers=(("Content-Type", "image/png"), ("Content-Encoding", "gzip")),
            body=body,
            truncated=True,
        ),
    )
    har = to_har([exchange])
    assert_valid_har(har)
    entry = har["log"]["entries"][0]
    content = entry["response"]["content"]
    assert content["encoding"] == "base64"
    assert base64.b64decode(content["text"]) == body
    assert content["comment"] == f"Body truncated at {len(body)} bytes."
    assert entry["response"]["bodySize"] == -1
    assert base64.b64decode(entry["request"]["postData"]["text"]) == body


def test_default_creator_version_and_empty_log() -> None:
    har = to_har([])
    assert_valid_har(har)
    assert har["log"]["creator"]["version"] == __version__
    assert har["log"]["entries"] == []


def test_response_cookies_and_redirect() -> None:
    response = HttpResponse(
        302,
        "Found",
        headers=(
            ("Location", "https://h/next"),
            ("Set-Cookie", "sid=abc; Path=/; HttpOnly; Secure"),
        ),
    )
    exchange = Exchange(ExchangeKind.API, HttpRequest("GET", "https://h/"), response)
    entry = to_har([exchange], include_secrets=True)["log"]["entries"][0]
    assert entry["response"]["redirectURL"] == "https://h/next"
    assert entry["response"]["cookies"] == [
        {"name": "sid", "value": "abc", "path": "/", "httpOnly": True, "secure": True}
    ]


@settings(max_examples=100, deadline=None)
@given(
    body=st.binary(max_size=200),
    started=st.floats(allow_nan=True, allow_infinity=True),
    duration=st.floats(allow_nan=True, allow_infinity=True),
    waiting=st.floats(allow_nan=True, allow_infinity=True),
    status=st.integers(min_value=100, max_value=599),
)
def test_fuzz_har_is_always_valid(
    body: bytes, started: float, duration: float, waiting: float, status: int
) -> None:
    exchange = Exchange(
        ExchangeKind.API,
        HttpRequest("POST", "https://h/" + body.decode("latin-1"), body=body),
        HttpResponse(status, "", body=body),
        started_wall=started,
        duration_s=duration,
        waiting_s=waiting,
    )
    har = json.loads(har_json([exchange]))
    assert_valid_har(har)

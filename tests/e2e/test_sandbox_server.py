"""The sandbox's socket side: framing, keep-alive, bad input, timeouts and a clean stop."""

from __future__ import annotations

import base64
import http.client
import json
import logging
import socket
import threading
from collections.abc import Iterator

import pytest

from workbench.sandbox import Sandbox

pytestmark = pytest.mark.e2e

DEMO_BASIC = "Basic " + base64.b64encode(b"demo-client:demo-secret").decode()
TOKEN_HEADERS = {"Authorization": DEMO_BASIC, "Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(max_body_bytes=4096, handler_timeout_s=5.0) as running:
        yield running


def connect(sandbox: Sandbox) -> http.client.HTTPConnection:
    port = int(sandbox.url.rsplit(":", 1)[1])
    return http.client.HTTPConnection("127.0.0.1", port, timeout=10)


def raw_exchange(sandbox: Sandbox, data: bytes) -> bytes:
    """Send raw bytes, then read until the server closes the connection."""
    port = int(sandbox.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def sandbox_threads(port: int) -> list[threading.Thread]:
    """The live threads of the sandbox on ``port`` (its server loop and its connections)."""
    return [
        thread
        for thread in threading.enumerate()
        if thread.name.startswith("sandbox-") and thread.name.endswith(f"-{port}")
    ]


def test_url_token_url_and_lifecycle() -> None:
    box = Sandbox()
    with pytest.raises(RuntimeError):
        _ = box.url
    assert box.start() is box
    assert box.running
    try:
        assert box.url.startswith("http://127.0.0.1:")
        assert box.token_url == box.url + "/v3/token"
        with pytest.raises(RuntimeError):
            box.start()
    finally:
        box.stop()
    box.stop()
    assert not box.running


def test_ipv6_loopback_url_has_brackets() -> None:
    try:
        box = Sandbox(host="::1").start()
    except OSError:
        pytest.fail("IPv6 loopback is unavailable on this machine")
    try:
        assert box.url.startswith("http://[::1]:")
    finally:
        box.stop()


def test_keep_alive_serves_many_requests_on_one_connection(sandbox: Sandbox) -> None:
    connection = connect(sandbox)
    try:
        connection.request("POST", "/v3/token", b"grant_type=client_credentials", TOKEN_HEADERS)
        response = connection.getresponse()
        token = json.loads(response.read())["access_token"]
        assert response.getheader("Content-Length") is not None
        assert response.getheader("Date") is not None
        first_socket = connection.sock
        for _ in range(3):
            connection.request("GET", "/v3/accounts", headers={"Authorization": f"Bearer {token}"})
            reply = connection.getresponse()
            assert reply.status == 200
            assert json.loads(reply.read())["accountId"]
            assert connection.sock is first_socket
    finally:
        connection.close()


def test_head_sends_headers_without_a_body(sandbox: Sandbox) -> None:
    token = sandbox.provider.issue_token("demo-client")
    connection = connect(sandbox)
    try:
        connection.request("GET", "/v3/accounts", headers={"Authorization": f"Bearer {token}"})
        length = len(connection.getresponse().read())
        connection.request("HEAD", "/v3/accounts", headers={"Authorization": f"Bearer {token}"})
        reply = connection.getresponse()
        assert reply.status == 200
        assert reply.getheader("Content-Length") == str(length)
        assert reply.read() == b""
    finally:
        connection.close()


def test_chunked_bodies_are_read(sandbox: Sandbox) -> None:
    connection = connect(sandbox)
    try:
        body = iter([b"grant_type=", b"client_credentials"])
        connection.request("POST", "/v3/token", body, TOKEN_HEADERS, encode_chunked=True)
        reply = connection.getresponse()
        assert reply.status == 200
        assert len(json.loads(reply.read())["access_token"]) == 40
    finally:
        connection.close()


def test_oversized_chunked_body_is_413_and_closes(sandbox: Sandbox) -> None:
    chunk = b"x" * 3000
    data = (
        b"POST /v3/token HTTP/1.1\r\nHost: sandbox\r\nTransfer-Encoding: chunked\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n\r\n"
        + (b"%x\r\n" % len(chunk) + chunk + b"\r\n") * 2
        + b"0\r\n\r\n"
    )
    reply = raw_exchange(sandbox, data)
    assert reply.startswith(b"HTTP/1.1 413 ")
    assert b"\r\nConnection: close\r\n" in reply


def test_declared_oversized_body_is_413_without_reading_it(sandbox: Sandbox) -> None:
    data = b"POST /v3/token HTTP/1.1\r\nHost: sandbox\r\nContent-Length: 5000\r\n\r\n"
    reply = raw_exchange(sandbox, data)  # the body is never sent, yet the answer comes
    assert reply.startswith(b"HTTP/1.1 413 ")
    _, _, body = reply.partition(b"\r\n\r\n")
    assert json.loads(body)["httpStatus"] == 413


def test_expect_100_continue_refuses_an_oversized_body_up_front(sandbox: Sandbox) -> None:
    data = (
        b"POST /v3/token HTTP/1.1\r\nHost: sandbox\r\nContent-Length: 5000\r\n"
        b"Expect: 100-continue\r\n\r\n"
    )
    reply = raw_exchange(sandbox, data)
    assert reply.startswith(b"HTTP/1.1 413 ")
    assert b"100 Continue" not in reply


def test_expect_100_continue_then_the_body(sandbox: Sandbox) -> None:
    body = b"grant_type=client_credentials"
    port = int(sandbox.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            b"POST /v3/token HTTP/1.1\r\nHost: sandbox\r\nAuthorization: "
            + DEMO_BASIC.encode()
            + b"\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
            + str(len(body)).encode()
            + b"\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"
        )
        assert sock.recv(1024).startswith(b"HTTP/1.1 100 Continue\r\n")
        sock.sendall(body)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 200 ")


@pytest.mark.parametrize(
    "framing",
    [
        b"Content-Length: abc\r\n",
        b"Content-Length: -1\r\n",
        b"Content-Length: 3\r\nContent-Length: 4\r\n",
        b"Transfer-Encoding: gzip\r\n",
        b"Transfer-Encoding: chunked\r\nContent-Length: 3\r\n",
    ],
)
def test_bad_framing_is_400_and_closes(sandbox: Sandbox, framing: bytes) -> None:
    reply = raw_exchange(
        sandbox, b"POST /v3/token HTTP/1.1\r\nHost: sandbox\r\n" + framing + b"\r\n"
    )
    assert reply.startswith(b"HTTP/1.1 400 ")
    assert b"\r\nConnection: close\r\n" in reply


def test_bad_chunk_size_is_400(sandbox: Sandbox) -> None:
    data = b"POST /v3/token HTTP/1.1\r\nHost: s\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"
    assert raw_exchange(sandbox, data).startswith(b"HTTP/1.1 400 ")


def test_missing_content_length_means_an_empty_body(sandbox: Sandbox) -> None:
    data = (
        b"POST /v3/token HTTP/1.1\r\nHost: sandbox\r\nAuthorization: "
        + DEMO_BASIC.encode()
        + b"\r\nConnection: close\r\n\r\n"
    )
    reply = raw_exchange(sandbox, data)
    assert reply.startswith(b"HTTP/1.1 400 ")
    assert b"grant_type is missing" in reply


def test_a_garbage_request_line_is_answered_and_the_server_lives_on(sandbox: Sandbox) -> None:
    for garbage, status in (
        (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 tls? \r\n\r\n", 400),  # https to http
        (b"GET / HTTP/1.1 extra\r\n\r\n", 400),
        (b"GET / HTTP/9.9\r\n\r\n", 505),
        (b"BREW /v3/token HTTP/1.1\r\n\r\n", 501),
        (b"GET /" + b"x" * 70_000 + b" HTTP/1.1\r\n\r\n", 414),
    ):
        reply = raw_exchange(sandbox, garbage)
        assert reply.startswith(b"HTTP/1.")
        assert reply.split(b" ", 2)[1] == str(status).encode()
        assert b"\r\nConnection: close\r\n" in reply
        assert json.loads(reply.partition(b"\r\n\r\n")[2])["httpStatus"] == status
    connection = connect(sandbox)
    try:
        connection.request("GET", "/v3/accounts")
        assert connection.getresponse().status == 401
    finally:
        connection.close()


def test_a_client_that_leaves_mid_body_does_not_hurt_the_server(sandbox: Sandbox) -> None:
    port = int(sandbox.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"POST /v3/token HTTP/1.1\r\nHost: s\r\nContent-Length: 100\r\n\r\ngrant")
    connection = connect(sandbox)
    try:
        connection.request("POST", "/v3/token", b"grant_type=client_credentials", TOKEN_HEADERS)
        assert connection.getresponse().status == 200
    finally:
        connection.close()


def test_an_idle_connection_is_closed_after_the_handler_timeout() -> None:
    with Sandbox(handler_timeout_s=0.3) as box:
        port = int(box.url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            assert sock.recv(1024) == b""  # the server hung up (else recv times out: an error)


def test_stop_closes_open_connections_and_joins_their_threads() -> None:
    # A handler timeout longer than the suite lets a test run: a stop that waited for it would
    # fail the test (pytest-timeout), with no clock read here.
    box = Sandbox(handler_timeout_s=600).start()
    port = int(box.url.rsplit(":", 1)[1])
    token = box.provider.issue_token("demo-client")
    connection = connect(box)
    connection.request("GET", "/v3/accounts", headers={"Authorization": f"Bearer {token}"})
    assert connection.getresponse().read()
    assert len(sandbox_threads(port)) == 2
    box.stop()
    assert sandbox_threads(port) == []
    assert connection.sock is not None
    assert connection.sock.recv(1024) == b""
    connection.close()


def test_concurrent_token_requests_get_distinct_tokens(sandbox: Sandbox) -> None:
    tokens: list[str] = []
    lock = threading.Lock()

    def fetch() -> None:
        connection = connect(sandbox)
        try:
            connection.request("POST", "/v3/token", b"grant_type=client_credentials", TOKEN_HEADERS)
            token = json.loads(connection.getresponse().read())["access_token"]
        finally:
            connection.close()
        with lock:
            tokens.append(token)

    workers = [threading.Thread(target=fetch) for _ in range(12)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(20)
    assert len(set(tokens)) == 12


def test_the_sandbox_is_quiet(capfd: pytest.CaptureFixture[str]) -> None:
    with Sandbox() as box:
        raw_exchange(box, b"nonsense\r\n\r\n")
        connection = connect(box)
        connection.request("GET", "/v3/accounts")
        connection.getresponse().read()
        connection.close()
    captured = capfd.readouterr()
    assert (captured.out, captured.err) == ("", "")


def test_a_bug_in_the_provider_becomes_a_500(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(request: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(sandbox.provider, "handle", broken)
    connection = connect(sandbox)
    try:
        with caplog.at_level(logging.ERROR, logger="workbench.sandbox"):
            connection.request("GET", "/v3/accounts")
            reply = connection.getresponse()
            assert reply.status == 500
            assert json.loads(reply.read())["code"] == 1
        assert "boom" in caplog.text
    finally:
        connection.close()


def test_time_controls_over_http(sandbox: Sandbox) -> None:
    token = sandbox.provider.issue_token("demo-client")
    connection = connect(sandbox)
    try:
        connection.request("POST", "/_sandbox/ttl?seconds=10")
        assert json.loads(connection.getresponse().read()) == {"token_ttl_s": 10}
        connection.request("POST", "/_sandbox/advance?seconds=86400")
        connection.getresponse().read()
        connection.request("GET", "/v3/accounts", headers={"Authorization": f"Bearer {token}"})
        assert json.loads(connection.getresponse().read())["context"] == {"sentToken": token}
        connection.request("GET", "/_sandbox/state")
        state = json.loads(connection.getresponse().read())
        assert state["clock_offset_s"] == 86400
        assert state["token_ttl_s"] == 10
    finally:
        connection.close()
    assert sandbox.state()["tokens"]["expired"] == 1


def test_time_controls_refuse_a_rebound_host_and_a_web_form_over_http(sandbox: Sandbox) -> None:
    token = sandbox.provider.issue_token("demo-client")
    port = int(sandbox.url.rsplit(":", 1)[1])
    rebound = raw_exchange(
        sandbox,
        b"POST /_sandbox/expire-all HTTP/1.1\r\nHost: attacker.example:%d\r\n"
        b"Connection: close\r\n\r\n" % port,
    )
    form = raw_exchange(
        sandbox,
        b"POST /_sandbox/expire-all HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
        b"Origin: http://attacker.example\r\nSec-Fetch-Site: cross-site\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1\r\n"
        b"Connection: close\r\n\r\nx" % port,
    )
    for answer in (rebound, form):
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 403 ")
        assert "web page" in json.loads(body)["error"] or "own address" in json.loads(body)["error"]
    assert sandbox.state()["tokens"]["live"] == 1
    connection = connect(sandbox)  # and the sandbox answers its own clients as before
    try:
        connection.request("POST", "/_sandbox/expire-all")
        assert json.loads(connection.getresponse().read()) == {"expired": 1}
        connection.request("GET", "/v3/accounts", headers={"Authorization": f"Bearer {token}"})
        assert connection.getresponse().status == 401
    finally:
        connection.close()

"""``workbench sandbox`` run in-process: banner, options, refusal of non-loopback addresses."""

from __future__ import annotations

import http.client
import io
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest

from workbench.sandbox.command import is_loopback_host, run_sandbox_command


class _FlushSignal(io.StringIO):
    """A text stream that says when it was first flushed."""

    def __init__(self) -> None:
        super().__init__()
        self.flushed = threading.Event()

    def flush(self) -> None:
        super().flush()
        self.flushed.set()


@contextmanager
def running(argv: list[str]) -> Iterator[tuple[str, list[int]]]:
    """Run the command on a thread; yields its printed text and, after exit, its status."""
    out, err = _FlushSignal(), io.StringIO()
    stop = threading.Event()
    status: list[int] = []
    thread = threading.Thread(
        target=lambda: status.append(run_sandbox_command(argv, stop=stop, out=out, err=err))
    )
    thread.start()
    try:
        assert out.flushed.wait(10), err.getvalue()
        yield out.getvalue(), status
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()


def request(url: str, method: str, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_banner_then_serves_until_stopped() -> None:
    with running(["--quiet", "--token-ttl", "30"]) as (text, status):
        lines = text.splitlines()
        assert lines[0].startswith("Sandbox listening on http://127.0.0.1:")
        url = lines[0].removeprefix("Sandbox listening on ")
        assert "Client id:     demo-client" in lines
        assert "Client secret: demo-secret" in lines
        assert (
            f"  curl -X POST -u demo-client:demo-secret {url}/v3/token "
            "-H 'Content-Type: application/json;charset=utf-8' "
            """-d '{"grant_type":"client_credentials"}'"""
        ) in lines
        assert (
            f"  curl -u demo-client:demo-secret {url}/v3/token -d 'grant_type=client_credentials'"
            in lines
        )
        code, _ = request(
            url,
            "POST",
            "/v3/token?grant_type=ignored",
            {"Authorization": "Basic ZGVtby1jbGllbnQ6ZGVtby1zZWNyZXQ=", "Content-Length": "0"},
        )
        assert code == 400  # grant_type belongs in the body, never the URL
    assert status == [0]


def test_options_reach_the_provider() -> None:
    argv = [
        "--quiet",
        "--token-errors",
        "rfc",
        "--rate-limit",
        "5",
        "--rate-window",
        "60",
        "--client",
        "app-one:s3:cr%t+&= ñ",
        "--client",
        "app-two:other",
        "--retry-after",
        "--x-domain",
        "example.com",
    ]
    with running(argv) as (text, _):
        url = text.splitlines()[0].removeprefix("Sandbox listening on ")
        assert "Client id:     app-one" in text
        assert "'app-one:s3:cr%t+&= ñ'" in text  # quoted for the shell
        code, body = request(url, "GET", "/_sandbox/state", {})
        state = json.loads(body)
        assert code == 200
        assert state["clients"] == ["app-one", "app-two"]
        assert state["token_errors"] == "rfc"
        assert state["require_x_domain"] == "example.com"
        assert state["rate_limit"]["limit"] == 5
        assert state["rate_limit"]["window_s"] == 60
        assert state["rate_limit"]["retry_after"] is True


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10"])
def test_non_loopback_hosts_are_refused_without_allow_remote(host: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run_sandbox_command(["--host", host], out=out, err=err) == 2
    assert out.getvalue() == ""
    assert "not a loopback address" in err.getvalue()
    assert "--allow-remote" in err.getvalue()


@pytest.mark.parametrize(
    "argv",
    [["--client", "no-colon"], ["--client", ":secret"], ["--port", "70000"], ["--token-ttl", "0"]],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run_sandbox_command(argv) == 2
    assert "workbench sandbox" in capsys.readouterr().err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_sandbox_command(["--help"]) == 0
    assert "--allow-remote" in capsys.readouterr().out


def test_a_port_in_use_is_reported() -> None:
    with running(["--quiet"]) as (text, _):
        port = text.splitlines()[0].rsplit(":", 1)[1]
        err = io.StringIO()
        assert run_sandbox_command(["--port", port], out=io.StringIO(), err=err) == 1
        assert "cannot listen" in err.getvalue()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("::1", True), ("localhost", True), ("0.0.0.0", False), ("::", False)],
)
def test_is_loopback_host(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback

"""The transport without a server: cancel tokens, refused addresses, mapped failures, records."""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator

import pytest
import requests
import responses

from workbench.core.cancel import CancelToken
from workbench.core.http import ExchangeKind, FailureCause, FailureKind, HttpRequest
from workbench.core.transport import DEFAULT_MAX_BODY_BYTES, USER_AGENT, Transport


@pytest.fixture
def transport() -> Iterator[Transport]:
    with Transport() as instance:
        yield instance


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


# --- CancelToken --------------------------------------------------------------------------


def test_a_new_token_is_not_cancelled() -> None:
    assert not CancelToken().cancelled


def test_cancel_runs_each_callback_once() -> None:
    token = CancelToken()
    calls: list[str] = []
    token.on_cancel(lambda: calls.append("first"))
    token.on_cancel(lambda: calls.append("second"))
    token.cancel()
    token.cancel()
    assert token.cancelled
    assert calls == ["first", "second"]


def test_a_callback_added_after_cancel_runs_at_once() -> None:
    token = CancelToken()
    token.cancel()
    calls: list[str] = []
    token.on_cancel(lambda: calls.append("late"))
    assert calls == ["late"]


def test_a_removed_callback_does_not_run() -> None:
    token = CancelToken()
    calls: list[str] = []
    remove = token.on_cancel(lambda: calls.append("removed"))
    remove()
    token.cancel()
    assert calls == []


def test_cancel_from_another_thread_is_seen() -> None:
    token = CancelToken()
    thread = threading.Thread(target=token.cancel)
    thread.start()
    thread.join()
    assert token.cancelled


# --- construction -------------------------------------------------------------------------


def test_defaults() -> None:
    with Transport() as transport:
        assert transport.max_body_bytes == DEFAULT_MAX_BODY_BYTES == 32 * 1024 * 1024
        assert transport.chunk_size == 65536


@pytest.mark.parametrize(("cap", "chunk"), [(-1, 1024), (1024, 0)])
def test_nonsense_limits_are_refused(cap: int, chunk: int) -> None:
    with pytest.raises(ValueError, match="must be"):
        Transport(max_body_bytes=cap, chunk_size=chunk)


# --- nothing is sent ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("not a url", "space"),
        ("ftp://x", "only http:// and https://"),
        ("http://", "names no host"),
        ("http://exa mple.com", "space"),
        ("localhost:8080/token", "no http:// or https://"),
        ("http://demo.example:99999/", "cannot be read"),
        ("", "empty"),
    ],
)
def test_an_invalid_address_is_refused_before_sending(
    transport: Transport, mocked: responses.RequestsMock, url: str, words: str
) -> None:
    request = HttpRequest("POST", url, (("Accept", "application/json"),), b"a=b")
    exchange = transport.send(request, kind=ExchangeKind.TOKEN, notes=("given",))
    assert exchange.failure is not None
    assert exchange.failure.kind is FailureKind.INVALID_URL
    assert words in exchange.failure.message
    assert exchange.response is None
    assert exchange.request == request
    assert exchange.notes == ("given",)
    assert len(mocked.calls) == 0


def test_a_header_that_cannot_be_sent_is_a_plain_failure(
    transport: Transport, mocked: responses.RequestsMock
) -> None:
    request = HttpRequest("GET", "http://127.0.0.1:9/", (("X-Broken", "a\r\nInjected: yes"),))
    exchange = transport.send(request, kind=ExchangeKind.API)
    assert exchange.failure is not None
    assert exchange.failure.kind is FailureKind.OTHER
    assert "header" in exchange.failure.message
    assert len(mocked.calls) == 0


def test_name_resolution_failure_is_dns(
    transport: Transport, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_such_name(*args: object, **kwargs: object) -> list[object]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    exchange = transport.send(
        HttpRequest("GET", "https://api.nowhere.example/v3/accounts"), kind=ExchangeKind.API
    )
    assert exchange.failure is not None
    assert exchange.failure.kind is FailureKind.DNS
    assert "api.nowhere.example could not be resolved" in exchange.failure.message


# --- the recorded request -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("http://127.0.0.1:8080/token", "127.0.0.1:8080"),
        ("https://Api.Example.com:443/v3/token", "api.example.com"),
        ("http://api.example.com:80/", "api.example.com"),
        ("https://api.example.com:8443/", "api.example.com:8443"),
        ("http://[::1]:8080/token", "[::1]:8080"),
        ("https://[2001:db8::1]/token", "[2001:db8::1]"),
        ("https://api.example.com./token", "api.example.com"),
    ],
)
def test_host_header_is_first_and_as_http_client_would_send_it(
    transport: Transport, mocked: responses.RequestsMock, url: str, host: str
) -> None:
    mocked.add(responses.GET, url.lower(), body=b"{}")
    exchange = transport.send(HttpRequest("GET", url), kind=ExchangeKind.API)
    assert exchange.request.headers[0] == ("Host", host)
    assert exchange.request.header("User-Agent") == USER_AGENT


def test_a_caller_host_header_is_kept_and_moved_first(
    transport: Transport, mocked: responses.RequestsMock
) -> None:
    mocked.add(responses.GET, "http://127.0.0.1:8080/", body=b"{}")
    request = HttpRequest("GET", "http://127.0.0.1:8080/", (("X-One", "1"), ("host", "virtual")))
    exchange = transport.send(request, kind=ExchangeKind.API)
    assert exchange.request.headers[0] == ("host", "virtual")
    assert [name for name, _ in exchange.request.headers].count("host") == 1


def test_repeated_request_headers_are_joined_with_a_note(
    transport: Transport, mocked: responses.RequestsMock
) -> None:
    mocked.add(responses.GET, "http://127.0.0.1:8080/", body=b"{}")
    request = HttpRequest(
        "GET",
        "http://127.0.0.1:8080/",
        (("X-Tag", "a"), ("Cookie", "a=1"), ("x-tag", "b"), ("Cookie", "b=2")),
    )
    exchange = transport.send(request, kind=ExchangeKind.API)
    assert exchange.request.header("X-Tag") == "a, b"
    assert exchange.request.header("Cookie") == "a=1; b=2"
    assert any("more than once" in note for note in exchange.notes)
    assert mocked.calls[0].request.headers["X-Tag"] == "a, b"


def test_notes_and_secrets_are_attached(
    transport: Transport, mocked: responses.RequestsMock
) -> None:
    mocked.add(responses.POST, "http://127.0.0.1:8080/token", body=b"{}")
    exchange = transport.send(
        HttpRequest("POST", "http://127.0.0.1:8080/token", body=b"client_secret=demo-secret"),
        kind=ExchangeKind.TOKEN,
        secrets=("demo-secret",),
        notes=("Built by the test.",),
    )
    assert exchange.kind is ExchangeKind.TOKEN
    assert exchange.secrets == ("demo-secret",)
    assert exchange.notes == ("Built by the test.",)
    assert exchange.request.body == b"client_secret=demo-secret"
    assert exchange.request.header("Content-Length") == "25"


def test_credentials_in_the_address_become_secrets(
    transport: Transport, mocked: responses.RequestsMock
) -> None:
    mocked.add(responses.GET, "http://127.0.0.1:8080/", body=b"{}")
    exchange = transport.send(
        HttpRequest("GET", "http://demo-client:demo-secret@127.0.0.1:8080/"),
        kind=ExchangeKind.API,
    )
    authorization = exchange.request.header("Authorization")
    assert authorization == "Basic ZGVtby1jbGllbnQ6ZGVtby1zZWNyZXQ="
    assert authorization in exchange.secrets
    assert "demo-secret" in exchange.secrets
    assert any("Authorization header was added" in note for note in exchange.notes)


@pytest.mark.parametrize(
    ("url", "verify_tls", "words"),
    [
        ("http://api.example.com/v3/accounts", True, "plain http://"),
        ("https://api.example.com/v3/accounts", False, "verification was switched off"),
    ],
)
def test_risky_choices_are_noted(
    transport: Transport,
    mocked: responses.RequestsMock,
    url: str,
    verify_tls: bool,
    words: str,
) -> None:
    mocked.add(responses.GET, url, body=b"{}")
    exchange = transport.send(HttpRequest("GET", url), kind=ExchangeKind.API, verify_tls=verify_tls)
    assert exchange.ok
    [note] = exchange.notes
    assert words in note


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8080/", "http://localhost:8080/", "http://[::1]/"]
)
def test_plain_http_to_this_computer_is_not_noted(
    transport: Transport, mocked: responses.RequestsMock, url: str
) -> None:
    mocked.add(responses.GET, url, body=b"{}")
    exchange = transport.send(HttpRequest("GET", url), kind=ExchangeKind.API)
    assert exchange.ok
    assert exchange.notes == ()


# --- responses and mapped failures --------------------------------------------------------


def test_headers_fall_back_to_grouped_order_when_the_wire_order_is_unknown(
    transport: Transport, mocked: responses.RequestsMock
) -> None:
    mocked.add(
        responses.GET,
        "http://127.0.0.1:8080/",
        body=b"{}",
        headers=[("Set-Cookie", "a=1"), ("X-Other", "x"), ("Set-Cookie", "b=2")],
    )
    exchange = transport.send(HttpRequest("GET", "http://127.0.0.1:8080/"), kind=ExchangeKind.API)
    assert exchange.response is not None
    assert exchange.response.header_values("Set-Cookie") == ("a=1", "b=2")
    assert exchange.response.header("X-Other") == "x"
    assert exchange.response.http_version == "HTTP/1.1"
    assert exchange.response.body == b"{}"


def ssl_error(reason: str, message: str, verify_code: int | None = None) -> ssl.SSLError:
    """An OpenSSL error as the ssl module raises it: its reason and verify code set."""
    error: ssl.SSLError
    if verify_code is None:
        error = ssl.SSLError(1, message)
    else:
        error = ssl.SSLCertVerificationError(1, message)
        error.verify_code = verify_code
    error.reason = reason
    return error


@pytest.mark.parametrize(
    ("error", "cause", "words"),
    [
        (
            requests.exceptions.SSLError(
                ssl_error(
                    "CERTIFICATE_VERIFY_FAILED",
                    "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get "
                    "local issuer certificate (_ssl.c:1006)",
                    verify_code=20,
                )
            ),
            FailureCause.TLS_UNKNOWN_ISSUER,
            "authority this computer does not trust",
        ),
        (
            requests.exceptions.SSLError(
                ssl_error(
                    "CERTIFICATE_VERIFY_FAILED",
                    "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate is "
                    "not yet valid (_ssl.c:1006)",
                    verify_code=9,
                )
            ),
            FailureCause.TLS_CERTIFICATE_REJECTED,
            "The TLS handshake with 127.0.0.1 failed",
        ),
        (
            requests.exceptions.SSLError(
                ssl_error(
                    "SSLV3_ALERT_HANDSHAKE_FAILURE",
                    "[SSL: SSLV3_ALERT_HANDSHAKE_FAILURE] handshake failure",
                )
            ),
            FailureCause.TLS_HANDSHAKE,
            "The TLS handshake with 127.0.0.1 failed",
        ),
        (
            # The words alone, without OpenSSL's codes, are not read for a cause.
            requests.exceptions.SSLError("certificate verify failed: certificate has expired"),
            FailureCause.TLS_HANDSHAKE,
            "The TLS handshake with 127.0.0.1 failed",
        ),
        (
            requests.exceptions.ConnectTimeout("timed out"),
            FailureCause.CONNECT_TIMEOUT,
            "No connection to 127.0.0.1 within 2.5 s",
        ),
        (
            requests.exceptions.ReadTimeout("read timed out"),
            FailureCause.ANSWER_TIMEOUT,
            "no answer came within 2.5 s",
        ),
        (
            requests.exceptions.ProxyError("Unable to connect to proxy"),
            FailureCause.PROXY,
            "proxy",
        ),
        (RuntimeError("something unforeseen"), FailureCause.UNKNOWN, "something unforeseen"),
    ],
)
def test_send_errors_become_plain_failures(
    transport: Transport,
    mocked: responses.RequestsMock,
    error: Exception,
    cause: FailureCause,
    words: str,
) -> None:
    mocked.add(responses.POST, "https://127.0.0.1:8443/token", body=error)
    exchange = transport.send(
        HttpRequest("POST", "https://127.0.0.1:8443/token", body=b"a=b"),
        kind=ExchangeKind.TOKEN,
        timeout_s=2.5,
    )
    assert exchange.failure is not None
    assert exchange.failure.cause is cause
    assert exchange.failure.kind is cause.kind
    assert words in exchange.failure.message
    assert exchange.response is None
    assert exchange.request.header("Host") == "127.0.0.1:8443"


def test_a_progress_callback_that_raises_does_not_escape(
    transport: Transport, mocked: responses.RequestsMock
) -> None:
    mocked.add(responses.GET, "http://127.0.0.1:8080/", body=b"{}")

    def broken(read: int, total: int | None) -> None:
        raise ValueError("callback bug")

    exchange = transport.send(
        HttpRequest("GET", "http://127.0.0.1:8080/"), kind=ExchangeKind.API, progress=broken
    )
    assert exchange.failure is not None
    assert exchange.failure.kind is FailureKind.OTHER
    assert "callback bug" in exchange.failure.message


@pytest.mark.parametrize("length", ["\u00b2", "\u00b9", "-5", "12 34"])
def test_a_content_length_that_is_no_number_is_ignored_not_raised(
    transport: Transport, mocked: responses.RequestsMock, length: str
) -> None:
    # "²" and "¹" arrive as single Latin-1 bytes; str.isdigit() says yes, int() says no.
    mocked.add(
        responses.GET,
        "http://127.0.0.1:8080/",
        body=b"{}",
        headers={"Content-Length": length},
        auto_calculate_content_length=False,
    )
    seen: list[int | None] = []
    exchange = transport.send(
        HttpRequest("GET", "http://127.0.0.1:8080/"),
        kind=ExchangeKind.API,
        progress=lambda _read, total: seen.append(total),
    )
    assert exchange.failure is None
    assert exchange.response is not None
    assert exchange.response.body == b"{}"
    assert seen == [None]

"""Discovery: RFC 8414 first, then OpenID Connect, against a real loopback server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from workbench.core.config import ClientAuth
from workbench.core.discovery import discover, metadata_urls
from workbench.core.problems import ProblemKind
from workbench.core.transport import Transport


class MetadataServer(ThreadingHTTPServer):
    """Serves a fixed path-to-(status, body) table and records the paths asked for."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), MetadataHandler)
        self.documents: dict[str, tuple[int, bytes]] = {}
        self.asked: list[str] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class MetadataHandler(BaseHTTPRequestHandler):
    server: MetadataServer

    def do_GET(self) -> None:
        self.server.asked.append(self.path)
        status, body = self.server.documents.get(self.path, (404, b"not here"))
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[MetadataServer]:
    metadata_server = MetadataServer()
    thread = threading.Thread(
        target=metadata_server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield metadata_server
    metadata_server.shutdown()
    metadata_server.server_close()
    thread.join()


@pytest.fixture
def transport() -> Iterator[Transport]:
    with Transport() as shared:
        yield shared


def metadata(issuer: str, **extra: object) -> bytes:
    return json.dumps({"issuer": issuer, "token_endpoint": f"{issuer}/token", **extra}).encode()


def test_metadata_urls_follow_both_standards() -> None:
    assert metadata_urls("https://id.example/tenant/") == (
        "https://id.example/.well-known/oauth-authorization-server/tenant",
        "https://id.example/tenant/.well-known/openid-configuration",
    )


def test_rfc8414_wins_and_offers_only_advertised_methods(
    server: MetadataServer, transport: Transport
) -> None:
    server.documents["/.well-known/oauth-authorization-server"] = (
        200,
        metadata(
            server.base,
            token_endpoint_auth_methods_supported=["client_secret_post", "private_key_jwt"],
            grant_types_supported=["client_credentials"],
            scopes_supported=["read", "write"],
        ),
    )
    outcome = discover(server.base, transport)
    assert outcome.problem is None and outcome.discovery is not None
    assert outcome.discovery.token_endpoint == f"{server.base}/token"
    assert outcome.discovery.auth_methods == (ClientAuth.POST, ClientAuth.PRIVATE_KEY_JWT)
    assert outcome.discovery.scopes == ("read", "write")
    assert outcome.discovery.supports_client_credentials is True
    assert server.asked == ["/.well-known/oauth-authorization-server"]
    assert len(outcome.exchanges) == 1


def test_openid_configuration_is_the_fallback_and_basic_the_default(
    server: MetadataServer, transport: Transport
) -> None:
    server.documents["/.well-known/openid-configuration"] = (200, metadata(server.base))
    outcome = discover(server.base, transport)
    assert outcome.discovery is not None
    assert outcome.discovery.auth_methods == (ClientAuth.BASIC, ClientAuth.BASIC_RAW)
    assert outcome.discovery.supports_client_credentials is None
    assert server.asked == [
        "/.well-known/oauth-authorization-server",
        "/.well-known/openid-configuration",
    ]
    assert [e.response.status for e in outcome.exchanges if e.response] == [404, 200]


def test_an_issuer_mismatch_is_noted(server: MetadataServer, transport: Transport) -> None:
    server.documents["/.well-known/openid-configuration"] = (
        200,
        metadata("https://elsewhere.example"),
    )
    outcome = discover(server.base, transport)
    assert outcome.discovery is not None
    assert "must be identical" in outcome.discovery.notes[0]


@pytest.mark.parametrize(
    "body",
    [b"<html>hello</html>", b"[1, 2]", b'{"issuer": "x"}', b"[" * 100_000],
)
def test_unusable_metadata_is_a_clear_problem(
    server: MetadataServer, transport: Transport, body: bytes
) -> None:
    server.documents["/.well-known/oauth-authorization-server"] = (200, body)
    outcome = discover(server.base, transport)
    assert outcome.discovery is None
    assert outcome.problem is not None
    assert outcome.problem.kind is ProblemKind.NOT_FOUND
    assert "No discovery metadata" in outcome.problem.title
    assert len(outcome.exchanges) == 2


def test_nothing_listening_is_a_problem_not_an_exception(transport: Transport) -> None:
    outcome = discover("http://127.0.0.1:9", transport, timeout_s=2)
    assert outcome.problem is not None
    assert "127.0.0.1:9" in outcome.problem.explanation


@pytest.mark.parametrize("issuer", ["", "id.example", "ftp://id.example", "https://"])
def test_an_issuer_that_is_no_web_address_sends_nothing(issuer: str, transport: Transport) -> None:
    outcome = discover(issuer, transport)
    assert outcome.exchanges == ()
    assert outcome.problem is not None
    assert "not a web address" in outcome.problem.title

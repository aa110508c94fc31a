"""The transport against a TLS server on loopback: certificate problems in plain words."""

from __future__ import annotations

import datetime
import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from workbench.core.cancel import CancelToken
from workbench.core.http import Exchange, ExchangeKind, FailureCause, FailureKind, HttpRequest
from workbench.core.transport import Transport

pytestmark = pytest.mark.e2e

ANSWER = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"


def make_certificate(
    folder: Path,
    *,
    dns_names: tuple[str, ...] = ("localhost",),
    ip_addresses: tuple[str, ...] = ("127.0.0.1",),
    expired: bool = False,
) -> tuple[Path, Path]:
    """A self-signed certificate and its key, written as PEM files in ``folder``."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "workbench test")])
    now = datetime.datetime.now(datetime.UTC)
    not_after = now - datetime.timedelta(days=1) if expired else now + datetime.timedelta(days=1)
    alternatives: list[x509.GeneralName] = [x509.DNSName(dns) for dns in dns_names]
    alternatives += [x509.IPAddress(ipaddress.ip_address(ip)) for ip in ip_addresses]
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=10))
        .not_valid_after(not_after)
        .add_extension(x509.SubjectAlternativeName(alternatives), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path = folder / "cert.pem"
    key_path = folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def read_request(conn: socket.socket) -> bytes:
    """One whole request, head and Content-Length body (an early close loses the answer)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return b""
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


class TlsServer:
    """A loopback HTTPS server answering every request with ``ANSWER`` (or never answering)."""

    def __init__(self, cert_path: Path, key_path: Path, *, answer: bool = True) -> None:
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert_path, key_path)
        self.answer = answer
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.requests_seen = threading.Event()
        self.on_request: list[CancelToken] = []
        self.stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._sockets: list[socket.socket] = []
        self._acceptor = threading.Thread(target=self._accept_loop, daemon=True)
        self._acceptor.start()

    def url(self, host: str = "127.0.0.1") -> str:
        return f"https://{host}:{self.port}/token"

    def _accept_loop(self) -> None:
        while True:
            conn, _ = self.listener.accept()
            if self.stopping.is_set():
                conn.close()
                return
            self._sockets.append(conn)
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            with self.context.wrap_socket(conn, server_side=True) as tls:
                if not read_request(tls):
                    return
                self.requests_seen.set()
                for token in self.on_request:
                    token.cancel()
                if self.answer:
                    tls.sendall(ANSWER)
                else:  # longer than pytest-timeout lets a test run: a slow cancel fails
                    self.stopping.wait(timeout=600)
        except OSError:
            pass  # a refused handshake is what several tests provoke
        finally:
            conn.close()

    def stop(self) -> None:
        self.stopping.set()
        with socket.create_connection(("127.0.0.1", self.port)):
            pass
        self._acceptor.join(timeout=5)
        self.listener.close()
        for conn in self._sockets:
            with suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        for thread in self._threads:
            thread.join(timeout=5)


@contextmanager
def tls_server(cert_path: Path, key_path: Path, *, answer: bool = True) -> Iterator[TlsServer]:
    server = TlsServer(cert_path, key_path, answer=answer)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def transport() -> Iterator[Transport]:
    with Transport() as instance:
        yield instance


def send(transport: Transport, url: str, **kwargs: object) -> Exchange:
    request = HttpRequest("POST", url, (("Accept", "application/json"),), b"grant_type=demo")
    return transport.send(request, kind=ExchangeKind.TOKEN, **kwargs)  # type: ignore[arg-type]


def test_an_untrusted_self_signed_certificate_is_a_tls_failure(
    transport: Transport, tmp_path: Path
) -> None:
    with tls_server(*make_certificate(tmp_path)) as server:
        exchange = send(transport, server.url())
    assert exchange.failure is not None
    assert exchange.failure.kind is FailureKind.TLS
    assert exchange.failure.cause is FailureCause.TLS_SELF_SIGNED
    assert "self-signed" in exchange.failure.message
    assert exchange.response is None
    assert not server.requests_seen.is_set()


def test_verification_off_reaches_the_server_and_says_so(
    transport: Transport, tmp_path: Path
) -> None:
    with tls_server(*make_certificate(tmp_path)) as server:
        exchange = send(transport, server.url(), verify_tls=False)
    # ...and no InsecureRequestWarning: warnings are errors in this suite.
    assert exchange.failure is None, exchange.failure
    assert exchange.ok
    assert exchange.response is not None
    assert exchange.response.body == b"{}"
    assert any("verification was switched off" in note for note in exchange.notes)


def test_a_trusted_certificate_works(
    transport: Transport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert_path, key_path = make_certificate(tmp_path)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert_path))
    with tls_server(cert_path, key_path) as server:
        exchange = send(transport, server.url("localhost"))
    assert exchange.failure is None, exchange.failure
    assert exchange.ok
    assert exchange.notes == ()
    assert exchange.request.header("Host") == f"localhost:{server.port}"


def test_a_certificate_for_another_host_is_a_mismatch(
    transport: Transport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert_path, key_path = make_certificate(tmp_path, dns_names=("other.test",), ip_addresses=())
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert_path))
    with tls_server(cert_path, key_path) as server:
        exchange = send(transport, server.url())
    assert exchange.failure is not None
    assert exchange.failure.kind is FailureKind.TLS
    assert exchange.failure.cause is FailureCause.TLS_HOSTNAME_MISMATCH
    assert "issued for another host name" in exchange.failure.message


def test_an_expired_certificate_says_so(
    transport: Transport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert_path, key_path = make_certificate(tmp_path, expired=True)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert_path))
    with tls_server(cert_path, key_path) as server:
        exchange = send(transport, server.url())
    assert exchange.failure is not None
    assert exchange.failure.kind is FailureKind.TLS
    assert exchange.failure.cause is FailureCause.TLS_CERTIFICATE_EXPIRED
    assert "has expired" in exchange.failure.message


def test_https_to_a_plain_http_port_suggests_http(transport: Transport) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def answer_in_plain_http() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")

    thread = threading.Thread(target=answer_in_plain_http)
    thread.start()
    try:
        exchange = send(transport, f"https://127.0.0.1:{port}/token")
    finally:
        thread.join(timeout=5)
        listener.close()
    assert exchange.failure is not None
    assert exchange.failure.kind is FailureKind.TLS
    assert exchange.failure.cause is FailureCause.TLS_NOT_SPOKEN
    assert "http://" in exchange.failure.message


def test_cancel_while_waiting_for_headers_over_tls(transport: Transport, tmp_path: Path) -> None:
    token = CancelToken()
    with tls_server(*make_certificate(tmp_path), answer=False) as server:
        server.on_request.append(token)
        exchange = send(transport, server.url(), verify_tls=False, cancel=token, timeout_s=600.0)
    assert exchange.failure is not None
    assert exchange.failure.kind is FailureKind.CANCELLED
    assert exchange.failure.cause is FailureCause.CANCELLED

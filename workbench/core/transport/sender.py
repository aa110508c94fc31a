"""The one place that puts bytes on the wire: requests, recorded exactly as they were sent."""

from __future__ import annotations

import warnings
from urllib.parse import urlsplit

import requests
import urllib3
from requests.structures import CaseInsensitiveDict

from workbench import __version__
from workbench.core.cancel import CancelToken, ProgressCallback
from workbench.core.config import Pairs
from workbench.core.http import Exchange, ExchangeKind, FailureCause, HttpRequest
from workbench.core.transport.addresses import target, url_problem
from workbench.core.transport.cancelling import CancellableAdapter, watching
from workbench.core.transport.failures import prepare_failure, send_failure
from workbench.core.transport.reading import read_response
from workbench.core.transport.record import SendRecord

DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024
"""The default cap on a response body kept in memory (32 MiB: room for a 20 MB export)."""

USER_AGENT = f"oauth-workbench/{__version__}"
"""The User-Agent every request carries unless the caller sets its own."""


class Transport:
    """Sends an ``HttpRequest`` with one ``requests.Session`` and records an ``Exchange``.

    The request is recorded exactly as it goes on the wire (Host first, then the session's
    defaults merged with the caller's headers, then Content-Length). Redirects are never
    followed, cookies are never stored, and network problems never raise: they become
    ``Exchange.failure``. One send at a time per Transport.

    A cancel is checked before sending and between body chunks; while waiting for the
    response headers (or for a slow chunk) a cancel shuts the connection's socket down,
    so the send returns at once with failure kind CANCELLED. Only name resolution and the
    TCP/TLS connect itself cannot be interrupted (they are bounded by ``timeout_s``); the
    UI drops a superseded result anyway.
    """

    def __init__(
        self, *, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES, chunk_size: int = 65536
    ) -> None:
        if max_body_bytes < 0:
            raise ValueError(f"max_body_bytes must be 0 or more, not {max_body_bytes}")
        if chunk_size <= 0:
            raise ValueError(f"chunk_size must be positive, not {chunk_size}")
        self.max_body_bytes = max_body_bytes
        self.chunk_size = chunk_size
        self._session = requests.Session()
        self._session.headers["User-Agent"] = USER_AGENT
        adapter = CancellableAdapter()
        self._session.mount("https://", adapter)
        self._session.mount("http://", adapter)

    def close(self) -> None:
        """Close the pooled connections."""
        self._session.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def send(
        self,
        request: HttpRequest,
        *,
        kind: ExchangeKind,
        verify_tls: bool = True,
        timeout_s: float = 30.0,
        cancel: CancelToken | None = None,
        progress: ProgressCallback | None = None,
        secrets: tuple[str, ...] = (),
        notes: tuple[str, ...] = (),
    ) -> Exchange:
        """Send ``request`` and read the response; never raises for network problems."""
        record = SendRecord(kind, request, secrets, notes)
        if cancel is not None and cancel.cancelled:
            return record.failed(FailureCause.CANCELLED, "Cancelled before anything was sent.")
        problem = url_problem(request.url)
        if problem:
            return record.failed(FailureCause.INVALID_URL, problem)
        try:
            prepared = self._prepare(request, record)
        except Exception as error:
            return record.finish(None, prepare_failure(error, request.url))

        address = target(prepared.url or "")
        if address.scheme == "https" and not verify_tls:
            record.notes.append(
                "TLS certificate verification was switched off for this request: the "
                "server's identity was not checked."
            )
        if address.scheme == "http" and not address.loopback:
            record.notes.append(
                "This request went over plain http:// to a host that is not this computer: "
                "anyone on the network path can read it, credentials included."
            )

        with watching(cancel):
            return self._exchange(
                prepared,
                record,
                verify_tls=verify_tls,
                timeout_s=timeout_s,
                cancel=cancel,
                progress=progress,
            )

    def _prepare(self, request: HttpRequest, record: SendRecord) -> requests.PreparedRequest:
        headers = _merge_duplicates(request.headers, record)
        prepared = self._session.prepare_request(
            requests.Request(
                method=request.method,
                url=request.url,
                headers=headers,
                data=request.body or None,
            )
        )
        wire_headers: CaseInsensitiveDict[str] = CaseInsensitiveDict()
        host_key, host_value = "Host", prepared.headers.get("Host")
        for key in prepared.headers:
            if key.lower() == "host":
                host_key = key
        wire_headers[host_key] = host_value or target(prepared.url or "").host_header
        for key, value in prepared.headers.items():
            if key.lower() != "host":
                wire_headers[key] = value
        prepared.headers = wire_headers

        authorization = wire_headers.get("Authorization")
        if authorization and not any(k.lower() == "authorization" for k in headers):
            record.secrets.append(authorization)
            record.secrets.append(authorization.partition(" ")[2])
            password = urlsplit(prepared.url or "").password
            if password:
                record.secrets.append(password)
            record.notes.append(
                "An Authorization header was added from the user name and password in the "
                "address (or from ~/.netrc)."
            )

        body = prepared.body
        if isinstance(body, str):
            body = body.encode("utf-8")
        record.request = HttpRequest(
            method=prepared.method or request.method,
            url=prepared.url or request.url,
            headers=tuple((str(k), str(v)) for k, v in wire_headers.items()),
            body=body if isinstance(body, bytes) else request.body,
        )
        return prepared

    def _exchange(
        self,
        prepared: requests.PreparedRequest,
        record: SendRecord,
        *,
        verify_tls: bool,
        timeout_s: float,
        cancel: CancelToken | None,
        progress: ProgressCallback | None,
    ) -> Exchange:
        url = prepared.url or ""
        host = target(url).host or url
        record.start()
        try:
            settings = self._session.merge_environment_settings(url, {}, True, verify_tls, None)
            adapter = self._session.get_adapter(url)
            if verify_tls:
                response = adapter.send(
                    prepared,
                    stream=True,
                    timeout=(timeout_s, timeout_s),
                    verify=settings["verify"] or True,
                    cert=settings["cert"],
                    proxies=settings["proxies"],
                )
            else:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
                    response = adapter.send(
                        prepared,
                        stream=True,
                        timeout=(timeout_s, timeout_s),
                        verify=False,
                        cert=settings["cert"],
                        proxies=settings["proxies"],
                    )
        except Exception as error:
            if cancel is not None and cancel.cancelled:
                return record.failed(
                    FailureCause.CANCELLED, "Cancelled while waiting for the server's answer."
                )
            return record.finish(None, send_failure(error, host, timeout_s))
        record.headers_arrived()
        try:
            return read_response(
                response,
                record,
                max_body_bytes=self.max_body_bytes,
                chunk_size=self.chunk_size,
                timeout_s=timeout_s,
                cancel=cancel,
                progress=progress,
            )
        finally:
            response.close()


def _merge_duplicates(headers: Pairs, record: SendRecord) -> dict[str, str]:
    """The caller's headers in order; a repeated name is sent once, values joined."""
    merged: dict[str, str] = {}
    names: dict[str, str] = {}
    for name, value in headers:
        lowered = name.lower()
        if lowered in names:
            separator = "; " if lowered == "cookie" else ", "
            merged[names[lowered]] = f"{merged[names[lowered]]}{separator}{value}"
            record.notes.append(
                f"The header {name} was given more than once; its values were sent joined "
                "in one line."
            )
        else:
            names[lowered] = name
            merged[name] = value
    return merged

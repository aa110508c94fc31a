"""Reading an answer: its head as received, its body in pieces up to the cap, until a cancel."""

from __future__ import annotations

import http
from collections.abc import Iterator
from urllib.parse import urljoin

import requests
from urllib3.response import HTTPResponse as Urllib3Response

from workbench.core.cancel import CancelToken, ProgressCallback
from workbench.core.config import Pairs
from workbench.core.http import Exchange, FailureCause, HttpResponse, TransportFailure
from workbench.core.sizes import format_size
from workbench.core.transport.failures import body_failure
from workbench.core.transport.record import SendRecord

_HTTP_VERSIONS = {9: "HTTP/0.9", 10: "HTTP/1.0", 11: "HTTP/1.1", 20: "HTTP/2", 30: "HTTP/3"}
_DECODED_ENCODINGS = frozenset(Urllib3Response.CONTENT_DECODERS)


def read_response(
    response: requests.Response,
    record: SendRecord,
    *,
    max_body_bytes: int,
    chunk_size: int,
    timeout_s: float,
    cancel: CancelToken | None,
    progress: ProgressCallback | None,
) -> Exchange:
    """The exchange with the answer read: the body kept up to ``max_body_bytes``.

    A break, a stall or a cancel while reading keeps what arrived, marked truncated, with
    the failure beside it.
    """
    raw: Urllib3Response = response.raw
    headers = response_headers(raw)
    status = int(raw.status)
    reason = raw.reason or ""
    version = _HTTP_VERSIONS.get(raw.version) or version_string(raw)
    total = content_length(raw)
    encodings = decoded_encodings(raw)
    location = raw.headers.get("Location")
    if 300 <= status < 400 and location:
        record.notes.append(redirect_note(status, reason, location, record.request.url))

    cap = max_body_bytes
    chunks: list[bytes] = []
    kept = 0
    truncated = False
    failure: TransportFailure | None = None
    reached_end = False
    try:
        for chunk in body_pieces(raw, chunk_size):
            chunks.append(chunk)
            kept += len(chunk)
            if progress is not None:
                progress(raw.tell() if encodings else kept, total)
            if kept > cap:
                # Keep exactly the cap, so joining the pieces copies no more than that.
                chunks[-1] = chunk[: len(chunk) - (kept - cap)]
                truncated = True
                record.notes.append(
                    f"The body was longer than the cap of {format_size(cap)}; only its first "
                    f"{cap:,} bytes were kept."
                )
                break
            if cancel is not None and cancel.cancelled:
                break
        else:
            reached_end = True
    except Exception as error:
        truncated = True
        failure = body_failure(error, timeout_s, kept)
    # A body with a known length that reached its end is whole even if a cancel came
    # late; one read until the connection closed may have been cut by the cancel.
    whole = reached_end and (total is not None or bool(raw.chunked))
    if cancel is not None and cancel.cancelled and not whole:
        truncated = True
        failure = TransportFailure.because(
            FailureCause.CANCELLED, f"Cancelled while reading the body, after {kept:,} bytes."
        )
    if encodings and failure is None:
        record.notes.append(
            f"The body arrived {encodings}-encoded ({raw.tell():,} bytes on the wire) and "
            "is shown decoded."
        )
    body = b"".join(chunks)
    if len(body) > cap:
        body = body[:cap]
    answer = HttpResponse(
        status=status,
        reason=reason,
        http_version=version,
        headers=headers,
        body=body,
        truncated=truncated,
    )
    return record.finish(answer, failure)


def body_pieces(raw: Urllib3Response, amt: int) -> Iterator[bytes]:
    """The decoded body, piece by piece, each as soon as it arrives (never more than ``amt``).

    ``read1`` returns what is there instead of waiting for ``amt`` bytes, so a body that
    breaks or stalls keeps everything that arrived before.
    """
    if raw.chunked and raw.supports_chunked_reads():
        yield from raw.read_chunked(amt, decode_content=True)
        return
    while piece := raw.read1(amt, decode_content=True):
        yield piece


def response_headers(raw: Urllib3Response) -> Pairs:
    """Response headers in wire order with duplicates; grouped by name only as a fallback."""
    message = getattr(getattr(raw, "_original_response", None), "msg", None)
    raw_items = getattr(message, "raw_items", None)
    if callable(raw_items):
        return tuple((str(name), str(value)) for name, value in raw_items())
    return tuple((str(name), str(value)) for name, value in raw.headers.items())


def version_string(raw: Urllib3Response) -> str:
    """urllib3's own version text when it knows one (a mocked response does not)."""
    text = str(getattr(raw, "version_string", "") or "")
    return text if text.startswith("HTTP/") and "?" not in text else "HTTP/1.1"


def content_length(raw: Urllib3Response) -> int | None:
    """The announced body length, or None when absent or not a plain number."""
    value = raw.headers.get("Content-Length", "").strip()
    # isdigit() alone accepts "²", which int() refuses: only ASCII digits are a length.
    return int(value) if value.isascii() and value.isdigit() else None


def decoded_encodings(raw: Urllib3Response) -> str:
    """The content encodings urllib3 will undo, as written (``gzip``), or empty."""
    value = raw.headers.get("Content-Encoding", "")
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    names = [name for name in names if name != "identity"]
    if names and all(name in _DECODED_ENCODINGS for name in names):
        return ", ".join(names)
    return ""


def redirect_note(status: int, reason: str, location: str, url: str) -> str:
    """The note for a redirect that was not followed, with where it pointed."""
    try:
        target = urljoin(url, location)
    except ValueError:  # a Location that is no address at all, such as http://[::1
        target = location
    shown = location if target == location else f"{location} (that is, {target})"
    phrase = reason or _status_phrase(status)
    return (
        f"The server answered {status} {phrase} with Location: {shown} . The workbench does "
        "not follow redirects, so nothing was sent to that address (credentials could leak "
        "to another host)."
    )


def _status_phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""

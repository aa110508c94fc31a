"""What one send has learned so far: the request as sent, notes, secrets, times."""

from __future__ import annotations

import time

from workbench.core.http import (
    Exchange,
    ExchangeKind,
    FailureCause,
    HttpRequest,
    HttpResponse,
    TransportFailure,
)


class SendRecord:
    """Grows while a request is sent and read; turns into the frozen ``Exchange``."""

    def __init__(
        self,
        kind: ExchangeKind,
        request: HttpRequest,
        secrets: tuple[str, ...],
        notes: tuple[str, ...],
    ) -> None:
        self.kind = kind
        self.request = request
        self.secrets = list(secrets)
        self.notes = list(notes)
        self.started_wall = time.time()
        self.started = time.perf_counter()
        self.waiting_s = 0.0

    def start(self) -> None:
        """The request goes on the wire now."""
        self.started_wall = time.time()
        self.started = time.perf_counter()

    def headers_arrived(self) -> None:
        """The answer's head arrived now."""
        self.waiting_s = time.perf_counter() - self.started

    def failed(self, cause: FailureCause, message: str) -> Exchange:
        """The exchange with no answer, because of ``cause``."""
        return self.finish(None, TransportFailure.because(cause, message))

    def finish(self, response: HttpResponse | None, failure: TransportFailure | None) -> Exchange:
        """The exchange as it ended."""
        return Exchange(
            kind=self.kind,
            request=self.request,
            response=response,
            failure=failure,
            started_wall=self.started_wall,
            duration_s=time.perf_counter() - self.started,
            waiting_s=self.waiting_s,
            notes=tuple(self.notes),
            secrets=tuple(dict.fromkeys(s for s in self.secrets if s)),
        )

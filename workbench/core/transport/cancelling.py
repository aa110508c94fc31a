"""Cancelling a blocked read: the socket is shut down from the cancelling thread.

The transport's adapter makes connections that register their socket with the send running
on this thread (``watching``), so a cancel wakes a ``recv`` waiting for a silent server.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.poolmanager import PoolManager
from urllib3.response import HTTPResponse as Urllib3Response

from workbench.core.cancel import CancelToken


@contextlib.contextmanager
def watching(cancel: CancelToken | None) -> Iterator[None]:
    """While inside, connections this thread uses are shut down when ``cancel`` is set."""
    watch = _SocketWatch(cancel) if cancel is not None else None
    _in_flight.watch = watch
    try:
        yield
    finally:
        _in_flight.watch = None
        if watch is not None:
            watch.release()


class _SocketWatch:
    """Shuts down the sockets a send uses when its token is cancelled, until released."""

    def __init__(self, token: CancelToken) -> None:
        self._token = token
        self._lock = threading.Lock()
        self._released = False
        self._removers: list[Callable[[], None]] = []

    def attach(self, sock: socket.socket) -> None:
        self._removers.append(self._token.on_cancel(lambda: self._shutdown(sock)))

    def _shutdown(self, sock: socket.socket) -> None:
        with self._lock:
            if self._released:
                return
            # The plain socket's shutdown, even for TLS: it wakes a recv blocked elsewhere.
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def release(self) -> None:
        with self._lock:
            self._released = True
        for remove in self._removers:
            remove()


class _InFlight(threading.local):
    watch: _SocketWatch | None = None


_in_flight = _InFlight()


def _watch_connection(connection: HTTPConnection) -> None:
    watch = _in_flight.watch
    if watch is not None and isinstance(connection.sock, socket.socket):
        watch.attach(connection.sock)


class _CancellableHTTPConnection(HTTPConnection):
    def getresponse(self) -> Urllib3Response:  # type: ignore[override]
        _watch_connection(self)
        return super().getresponse()


class _CancellableHTTPSConnection(HTTPSConnection):
    def getresponse(self) -> Urllib3Response:  # type: ignore[override]
        _watch_connection(self)
        return super().getresponse()


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _CancellableHTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _CancellableHTTPSConnection


_POOL_CLASSES: dict[str, type[HTTPConnectionPool]] = {"http": _HTTPPool, "https": _HTTPSPool}


class CancellableAdapter(HTTPAdapter):
    """An adapter whose connections let a cancel interrupt a blocked read."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOL_CLASSES

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if isinstance(manager, PoolManager) and not proxy.lower().startswith("socks"):
            manager.pool_classes_by_scheme = _POOL_CLASSES
        return manager

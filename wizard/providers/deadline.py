"""An end for a blocking request: httpx's read timeout counts per read, so a server that sends
one byte at a time (headers or body) would hold a synchronous check for ever. At the deadline
the request's sockets are shut down, which ends any read in progress."""

from __future__ import annotations

import socket
import threading
from collections.abc import Mapping
from typing import Any


class Deadline:
    """Shuts down every socket the requests it traces open, ``seconds`` from now.

    Pass ``trace`` as the request's ``"trace"`` extension; call ``cancel`` when done.
    """

    def __init__(self, seconds: float) -> None:
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self.expired = False
        self._timer = threading.Timer(max(0.0, seconds), self._expire)
        self._timer.daemon = True
        self._timer.start()

    def trace(self, event: str, info: Mapping[str, Any]) -> None:
        if not event.endswith(".connect_tcp.complete"):
            return
        stream = info.get("return_value")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if not isinstance(sock, socket.socket):
            return
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def cancel(self) -> None:
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed

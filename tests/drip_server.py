"""A loopback provider that answers one byte at a time: its headers (``"headers"``) or, after
whole headers, its body (``"body"``). Each byte alone arrives well within any read timeout."""

from __future__ import annotations

import socket
import threading
from typing import Literal

Mode = Literal["headers", "body"]

BODY = b'{"data": [{"id": "claude-x", "type": "model"}]}' + b" " * 4096
HEAD = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
    b"Content-Length: " + str(len(BODY)).encode() + b"\r\n" + b"X-Pad: " + b"x" * 4096 + b"\r\n\r\n"
)


class DripServer:
    def __init__(self, mode: Mode, interval: float = 0.5) -> None:
        self.mode = mode
        self.interval = interval
        self.requests = 0
        self._stop = threading.Event()
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.2)
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    def __enter__(self) -> DripServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
        self._sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            self.requests += 1
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            request = b""
            while b"\r\n\r\n" not in request:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                request += chunk
            dripped = HEAD + BODY if self.mode == "headers" else BODY
            try:
                if self.mode == "body":
                    conn.sendall(HEAD)
                for i in range(len(dripped)):
                    if self._stop.wait(self.interval):
                        return
                    conn.sendall(dripped[i : i + 1])
            except OSError:
                return  # the client gave up

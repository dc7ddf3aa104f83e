"""The Lambda Runtime API one worker process talks to: `/2018-06-01/runtime/invocation/next`,
`/invocation/<id>/response`, `/invocation/<id>/error` and `/init/error`, on its own loopback port (so
`AWS_LAMBDA_RUNTIME_API=127.0.0.1:<port>` works for any runtime client, a bootstrap with curl too)."""

from __future__ import annotations

import json
import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler
from typing import Protocol

LOG = logging.getLogger(__name__)
PREFIX = "/2018-06-01/runtime"


class RuntimeSide(Protocol):
    """What the server needs from the worker it serves."""

    id: str

    def next_invocation(self) -> tuple[bytes, dict[str, str]] | None: ...

    def complete(self, request_id: str, body: bytes, error_type: str | None) -> bool: ...

    def init_failed(self, body: bytes, error_type: str) -> None: ...


class _Headers(dict):
    """A request's headers by lower-cased name, looked up in any case."""

    def get(self, name: str, default: str | None = None) -> str | None:  # type: ignore[override]
        return super().get(name.lower(), default)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "LambdaRuntimeAPI"
    side: RuntimeSide

    def parse_request(self) -> bool:
        """The request line and headers, read without the email package's parser that
        BaseHTTPRequestHandler uses: that parser was a fifth of the server's Python calls per invoke
        (two runtime API requests each)."""
        self.command = None  # type: ignore[assignment]
        self.request_version = "HTTP/1.1"
        self.close_connection = True
        line = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
        self.requestline = line
        parts = line.split()
        if len(parts) != 3 or not parts[2].startswith("HTTP/"):
            self.send_error(400, f"Bad request line {line!r}")
            return False
        self.command, self.path, self.request_version = parts
        headers = _Headers()
        for _ in range(100):
            raw = self.rfile.readline(65537)
            if raw in (b"\r\n", b"\n", b""):
                break
            name, _, value = raw.decode("iso-8859-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        else:
            self.send_error(431, "Too many headers")
            return False
        self.headers = headers  # type: ignore[assignment]
        connection = (headers.get("connection") or "").lower()
        if self.request_version == "HTTP/1.0":
            self.close_connection = connection != "keep-alive"
        else:
            self.close_connection = connection == "close"
        if (headers.get("expect") or "").lower() == "100-continue":
            return self.handle_expect_100()
        return True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - BaseHTTPRequestHandler's name
        return

    def _answer(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        # One write per response: header and body in one segment, no Nagle stall.
        head = [f"HTTP/1.1 {status} {self.responses.get(status, ('',))[0]}", f"Content-Length: {len(body)}"]
        head.append("Content-Type: application/json")
        for name, value in (headers or {}).items():
            head.append(f"{name}: {value}")
        self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)

    def _error(self, status: int, kind: str, message: str) -> None:
        self._answer(status, json.dumps({"errorMessage": message, "errorType": kind}).encode())

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def do_GET(self) -> None:  # noqa: N802 - BaseHTTPRequestHandler's naming
        if self.path.split("?", 1)[0] != f"{PREFIX}/invocation/next":
            self._error(404, "InvalidRequest", f"Unknown path {self.path}")
            return
        invocation = self.side.next_invocation()
        if invocation is None:  # the worker is ending
            self._error(410, "WorkerEnding", "This execution environment is shutting down.")
            self.close_connection = True
            return
        body, headers = invocation
        self._answer(200, body, headers)

    def do_POST(self) -> None:  # noqa: N802
        path = self.path.split("?", 1)[0]
        body = self._body()
        error_type = self.headers.get("Lambda-Runtime-Function-Error-Type")
        if path == f"{PREFIX}/init/error":
            self.side.init_failed(body, error_type or "Runtime.Unknown")
            self._answer(202, b'{"status":"OK"}')
            return
        parts = path[len(PREFIX) :].split("/") if path.startswith(PREFIX) else []
        # ["", "invocation", "<id>", "response" | "error"]
        if len(parts) == 4 and parts[1] == "invocation" and parts[3] in ("response", "error"):
            failed = parts[3] == "error"
            if self.side.complete(parts[2], body, (error_type or "Unhandled") if failed else None):
                self._answer(202, b'{"status":"OK"}')
            else:
                self._error(400, "InvalidRequestID", f"Invalid request id {parts[2]}")
            return
        self._error(404, "InvalidRequest", f"Unknown path {self.path}")


class RuntimeApiServer:
    """Serves one worker on a free loopback port; a thread per connection (runtimes keep one open)."""

    def __init__(self, side: RuntimeSide) -> None:
        self.side = side
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(8)
        self.port = self.socket.getsockname()[1]
        self.handler = type("RuntimeHandler", (_Handler,), {"side": side})
        self._closed = False
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        self.thread = threading.Thread(target=self._accept, name=f"ls-lambda-rapi-{side.id[:8]}", daemon=True)
        self.thread.start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while not self._closed:
            try:
                connection, address = self.socket.accept()
            except OSError:
                return
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._connections.add(connection)
            threading.Thread(
                target=self._serve,
                args=(connection, address),
                name=f"ls-lambda-rapi-{self.side.id[:8]}-c",
                daemon=True,
            ).start()

    def _serve(self, connection: socket.socket, address: tuple) -> None:
        try:
            self.handler(connection, address, self)
        except (OSError, ValueError) as error:
            LOG.debug("runtime API connection ended: %r", error)
        finally:
            with self._lock:
                self._connections.discard(connection)
            try:
                connection.close()
            except OSError:
                pass

    def close(self) -> None:
        self._closed = True
        try:
            self.socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.socket.close()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

"""The listener protocol, the service proxy (listener chain around a backend), and the threaded
HTTP server that serves a WSGI app on one port."""

from __future__ import annotations

import io
import logging
import select
import socket
import socketserver
import struct
import sys
import threading
import time
from http import HTTPStatus
from typing import Any, Iterable, Iterator, Union
from urllib.parse import unquote_to_bytes

from werkzeug.wrappers import Response

from localstack import constants
from localstack.services.backends import Backend
from localstack.utils.aws import request_context
from localstack.utils.aws.crash_blame import blame_crash
from localstack.utils.aws.errors import AWSError, InternalError, error_for_exception, serialize_error
from localstack.utils.http import Request, json_response
from localstack.utils.http_body import BodyError, ChunkedReader, LengthReader

LOG = logging.getLogger(__name__)

ForwardResult = Union[bool, int, Response, Request, dict]


class ProxyListener:
    """Hooks around a backend call. Subclass and override either method.

    `forward_request(method, path, data, headers)` runs before the backend and returns:
      - `True`: pass the request on (to the next listener, then the backend);
      - an `int`: answer with that HTTP status and an empty body;
      - a `Response`: answer with it; the backend is not called;
      - a `dict`: answer with it as JSON, status 200;
      - a `Request`: pass this modified request on instead.
    Anything else is a bug, answered with a 500 in AWS's error shape and logged.
    Raising an `AWSError` answers with that error.

    `return_response(method, path, data, headers, response)` runs after the backend (or after a
    listener answered), for every listener in reverse order. It returns `None` to keep the
    response, or a new `Response` that the next listener sees.
    """

    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        return True

    def return_response(
        self, method: str, path: str, data: bytes, headers: Any, response: Response
    ) -> Response | None:
        return None


class ServiceProxy:
    """One service: its listeners in order, then its backend."""

    def __init__(self, service: str, backend: Backend, listeners: list[ProxyListener] | None = None) -> None:
        self.service = service
        self.backend = backend
        self.listeners = list(listeners or [])
        # Users' extensions' listeners, around the whole chain of ours (see `serve`): they see every
        # request first, and every answer last, AWS errors our listeners raise included.
        self.extension_listeners: list[ProxyListener] = []
        # False for an extension's service, whose state is the extension's own: persistence skips it.
        self.persisted = True
        self.served = False
        self.failed = False

    @property
    def state(self) -> str:
        if self.failed:
            return "error"
        return "running" if self.served or self.backend.built else "available"

    def serve(self, request: Request) -> Response:
        """What the gateway calls: `handle` inside the users' extension listeners, if any.

        Persistence wraps `handle` and replays into it, so the request log holds what reached our
        chain, and replaying it does not run users' listeners again.
        """
        if not self.extension_listeners:
            return self.handle(request)
        response: Response | None = None
        for listener in self.extension_listeners:
            try:
                result = listener.forward_request(request.method, request.path, request.data, request.headers)
            except AWSError as error:
                response = serialize_error(error, self.service, request.headers)
                break
            if result is True:
                continue
            if isinstance(result, Request):
                if not result.environ:
                    result.environ = request.environ
                request = result
                continue
            response = _answer_from(result)
            break
        if response is None:
            response = self.handle(request)
        for listener in reversed(self.extension_listeners):
            try:
                replaced = listener.return_response(
                    request.method, request.path, request.data, request.headers, response
                )
            except AWSError as error:
                replaced = serialize_error(error, self.service, request.headers)
            if replaced is not None:
                response = replaced
        return response

    def handle(self, request: Request) -> Response:
        """Run our chain for one request. Never raises: every failure becomes an AWS error."""
        try:
            response = self._run_chain(request)
        except AWSError as error:
            response = serialize_error(error, self.service, request.headers)
        except Exception as exc:
            known = error_for_exception(exc) or blame_crash(self.service, request, exc)
            if known is None:
                LOG.exception("Error handling %s %s for %s", request.method, request.path, self.service)
                response = serialize_error(InternalError(), self.service, request.headers)
            else:
                # A client mistake or an operation moto lacks: no traceback, one line for the log.
                LOG.info("%s %s: %s", self.service, known.code, known.message)
                response = serialize_error(known, self.service, request.headers)
        self.served = True
        return response

    def _run_chain(self, request: Request) -> Response:
        response: Response | None = None
        for listener in self.listeners:
            result = listener.forward_request(request.method, request.path, request.data, request.headers)
            if result is True:
                continue
            if isinstance(result, Request):
                if not result.environ:
                    result.environ = request.environ
                request = result
                continue
            response = _answer_from(result)
            break
        if response is None:
            _set_identity(request)
            try:
                response = self.backend.call(request)
            except Exception:
                if not self.backend.built:
                    self.failed = True
                raise
            else:
                self.failed = False
        for listener in reversed(self.listeners):
            replaced = listener.return_response(
                request.method, request.path, request.data, request.headers, response
            )
            if replaced is not None:
                if not isinstance(replaced, Response):
                    raise TypeError(f"{type(listener).__name__}.return_response returned {type(replaced)}")
                response = replaced
        return response


def _answer_from(result: object) -> Response:
    # bool is an int subclass: `False` is a listener bug, not "status 0".
    if isinstance(result, bool):
        raise TypeError(f"forward_request returned {result!r}")
    if isinstance(result, int):
        return Response(b"", status=result)
    if isinstance(result, Response):
        return result
    if isinstance(result, dict):
        return json_response(result)
    raise TypeError(f"forward_request returned unsupported value of type {type(result).__name__}")


def _set_identity(request: Request) -> None:
    """Tell moto the account of this request's access key (region it reads from the signature)."""
    key = request_context.access_key_of(request.headers, request.query_string)
    request.headers[constants.HEADER_ACCOUNT] = request_context.account_for_access_key(key)


def operation_name(service: str, request: Request) -> str:
    """The AWS operation for the request log: target, Action, the rest model's match, or method and path."""
    target = request.headers.get(constants.HEADER_TARGET)
    if target:
        return target.rpartition(".")[2]
    query = request.query_string
    for source in (query, request.data[:2048].decode("latin-1") if request.data else ""):
        if "Action=" in source:
            for pair in source.split("&"):
                if pair.startswith("Action="):
                    return pair[7:]
    from localstack.utils.aws.request_checks import rest_operation_name

    return rest_operation_name(service, request.method, request.path, request.headers) or (
        f"{request.method} {request.path_only}"
    )


_MAX_LINE = 65536
# Request header name as sent -> its WSGI environ key ("X-Amz-Date" -> "HTTP_X_AMZ_DATE"), for names
# without an underscore other than Content-Type and Content-Length (bounded: names are the client's).
_ENVIRON_KEYS: dict[str, str] = {}
_MAX_HEADERS = 200
_NO_BODY_STATUS = (204, 304)
_REASONS = {status.value: status.phrase for status in HTTPStatus}


class _BadRequest(Exception):
    """The bytes on the connection are not an HTTP/1.x request we can answer."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class _ConnectionHandler(socketserver.StreamRequestHandler):
    """HTTP/1.1 with keep-alive for one connection: parse a request, call the WSGI app, repeat.

    werkzeug's development server closes every connection after one response (and parses headers
    with the email package): a new TCP connection and thread per call. SDKs keep connections open,
    so serving them open is most of the gateway's speed.
    """

    rbufsize = 65536
    server: _HTTPServer
    # Called with the environ once the headers are read (the leader/follower server hands the lead
    # on when the body is not all there yet: reading it would block the others).
    before_app: Any = None

    def setup(self) -> None:
        connection = self.connection = self.request
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        # Bounds every wait on this client: an idle keep-alive, a stalled body, a reader that stopped.
        _bound_waits(connection, self.server.idle_timeout)
        self.rfile = io.BufferedReader(_SocketReader(connection), self.rbufsize)
        self.wfile = _SocketWriter(connection)

    def finish(self) -> None:
        self.rfile.close()

    def handle(self) -> None:
        try:
            while self._handle_one():
                pass
        except _BadRequest as error:
            LOG.debug("http: bad request from %s: %s", self.client_address, error)
            self._send_simple(error.status)
        except Exception as error:  # noqa: BLE001 - a broken connection ends only itself
            LOG.debug("http: connection %s ended: %r", self.client_address, error)
        finally:
            self.server.forget(self.connection)

    def _handle_one(self) -> bool:
        """Serve one request; True if the connection stays open for another."""
        line = self.rfile.readline(_MAX_LINE + 1)
        while line in (b"\r\n", b"\n"):
            line = self.rfile.readline(_MAX_LINE + 1)
        if not line:
            return False
        if len(line) > _MAX_LINE:
            self._send_simple(414)
            return False
        parts = line.decode("latin-1").split()
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            self._send_simple(400)
            return False
        method, target, version = parts
        headers = self._read_headers()
        # Busy from here on; a client still trickling its headers stays evictable like an idle one.
        idle = self.server.idle_since
        idle[self.connection] = 0.0
        environ = self._environ(method, target, version, headers)
        if self.before_app is not None:
            self.before_app(environ)
        keep_alive = _wants_keep_alive(version, environ.get("HTTP_CONNECTION", ""))
        expecting = environ.get("HTTP_EXPECT", "").lower() == "100-continue"
        if expecting:
            environ["wsgi.input"] = _ContinueOnRead(environ["wsgi.input"], self.wfile)
        status, response_headers, body = self._call_app(environ)
        try:
            stream = environ["wsgi.input"]
            # The names lowered in one call first: most answers name no Connection at all.
            names = "\n".join([name for name, _ in response_headers]).lower()
            if "connection" in names and any(
                n.lower() == "connection" and v.lower() == "close" for n, v in response_headers
            ):
                keep_alive = False
            elif expecting and not stream.continued:
                # The body was never asked for: the client may or may not send it now.
                keep_alive = False
            elif keep_alive:
                # Unread body bytes must not be taken for the next request line.
                keep_alive = _drain(stream)
            keep_alive = self._send(method, status, response_headers, body, keep_alive)
        finally:
            if hasattr(body, "close"):
                body.close()
        if keep_alive:
            idle[self.connection] = time.monotonic()
        return keep_alive

    def _read_headers(self) -> list[tuple[str, str]]:
        block = self._header_block()
        if block is not None:
            return block
        headers = []
        while True:
            line = self.rfile.readline(_MAX_LINE + 1)
            if len(line) > _MAX_LINE or len(headers) > _MAX_HEADERS:
                raise _BadRequest("header line or count too large", 431)
            if line in (b"\r\n", b"\n", b""):
                return headers
            name, sep, value = line.decode("latin-1").partition(":")
            if not sep:
                raise _BadRequest(f"malformed header line {line[:80]!r}")
            headers.append((name.strip(), value.strip()))

    def _header_block(self) -> list[tuple[str, str]] | None:
        """The headers at once when the reader already holds all of them, plain (CRLF line ends, each line a
        name and a colon, no more than the limit): one search and one split, where reading them line by
        line cost a `readline` and a decode per header. Anything else is left for the line reader (None,
        nothing consumed), which answers it as before."""
        rfile = self.rfile
        buffered = rfile.peek(_MAX_LINE)
        if buffered[:2] == b"\r\n":
            rfile.read(2)
            return []
        end = buffered.find(b"\r\n\r\n")
        if end < 0:
            return None
        head = buffered[:end]
        if b"\n" in head.replace(b"\r\n", b""):
            return None  # a bare LF ends a line for the line reader
        lines = head.decode("latin-1").split("\r\n")
        if len(lines) > _MAX_HEADERS:
            return None
        headers = []
        for line in lines:
            name, sep, value = line.partition(":")
            if not sep:
                return None
            headers.append((name.strip(), value.strip()))
        rfile.read(end + 4)
        return headers

    def _environ(self, method: str, target: str, version: str, headers: list[tuple[str, str]]) -> dict:
        path, query = target, ""
        if target.startswith(("http://", "https://")):
            # An absolute URL: its host is the Host (RFC 7230, 5.4).
            rest = target.split("://", 1)[1]
            host, slash, path = rest.partition("/")
            path = slash + path or "/"
            target = path
            headers = [h for h in headers if h[0].lower() != "host"] + [("Host", host)]
        path, _, query = path.partition("?")
        server_host, server_port = self.server.server_address[:2]
        environ: dict[str, Any] = {
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "REQUEST_METHOD": method,
            "SCRIPT_NAME": "",
            # An ASCII path without a % is its own unquoting (the common case: no urllib call).
            "PATH_INFO": path
            if path.isascii() and "%" not in path
            else unquote_to_bytes(path).decode("latin-1"),
            "QUERY_STRING": query,
            "REQUEST_URI": target,
            "RAW_URI": target,
            "REMOTE_ADDR": self.client_address[0],
            "REMOTE_PORT": self.client_address[1],
            "SERVER_NAME": server_host,
            "SERVER_PORT": str(server_port),
            "SERVER_PROTOCOL": version,
        }
        preserved: dict[str, str] = {}
        keys = _ENVIRON_KEYS
        for name, value in headers:
            key = keys.get(name)
            if key is not None:
                # A name seen before, without an underscore, neither Content-Type nor Content-Length.
                if key in environ:
                    value = f"{environ[key]},{value}"
                environ[key] = value
                continue
            key = name.upper().replace("-", "_")
            if "_" not in name and key not in ("CONTENT_TYPE", "CONTENT_LENGTH") and len(keys) < 4096:
                keys[name] = "HTTP_" + key
            if "_" in name:
                # Underscores could smuggle a header past a proxy; S3 metadata names may hold them.
                if not name.lower().startswith("x-amz-meta-"):
                    continue
                preserved.setdefault("HTTP_" + key, name)
            if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                key = "HTTP_" + key
                if key in environ:
                    value = f"{environ[key]},{value}"
            elif key == "CONTENT_LENGTH" and environ.get(key, value) != value:
                raise _BadRequest("conflicting Content-Length headers")
            environ[key] = value
        if preserved:
            environ["moto.preserved_header_names"] = preserved
        encoding = environ.get("HTTP_TRANSFER_ENCODING")
        if encoding is not None:
            # Both framings at once is how requests are smuggled past a proxy (RFC 9112, 6.3).
            if "CONTENT_LENGTH" in environ:
                raise _BadRequest("Transfer-Encoding together with Content-Length")
            if encoding.strip().lower() != "chunked":
                raise _BadRequest(f"unsupported Transfer-Encoding {encoding!r}", 501)
            environ["wsgi.input"] = ChunkedReader(self.rfile)
        else:
            length = environ.get("CONTENT_LENGTH", "")
            if length and not length.isdigit():
                raise _BadRequest(f"bad Content-Length {length!r}")
            environ["wsgi.input"] = LengthReader(self.rfile, int(length or 0))
        environ["wsgi.input_terminated"] = True
        return environ

    def _call_app(self, environ: dict) -> tuple[str, list[tuple[str, str]], Iterable[bytes]]:
        """Start the app: its status, headers and body iterable (not yet read: bodies may stream)."""
        started: list = []
        written: list[bytes] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            started[:] = [status, headers]
            return written.append

        try:
            result = self.server.app(environ, start_response)
            if not started:
                # A generator app calls start_response on its first item.
                result = _Prefetched(result)
        except Exception:
            LOG.exception("Error in WSGI app")
            return "500 INTERNAL SERVER ERROR", [("Content-Type", "text/plain")], [b"Internal Server Error"]
        if written:
            result = _Prefetched(result, written)
        return started[0], started[1], result

    def _send(
        self, method: str, status: str, headers: list[tuple[str, str]], body: Iterable[bytes], keep: bool
    ) -> bool:
        """Write the response, streaming a body of known length; False if the connection must close."""
        code = int(status[:3])
        out = [f"HTTP/1.1 {status}\r\n"]
        length: str | None = None
        # Server-sent events (the dashboard's request log) are written as they come, until closed.
        event_stream = False
        for name, value in headers:
            lower = name.lower()
            if lower in ("connection", "transfer-encoding"):
                continue
            if lower == "content-length":
                length = value
            elif lower == "content-type" and value.startswith("text/event-stream"):
                event_stream = True
            out.append(f"{name}: {value}\r\n")
        bodiless = method == "HEAD" or code in _NO_BODY_STATUS or code < 200
        if event_stream and length is None:
            keep = False
        elif length is None and not bodiless:
            payload = b"".join(body)
            body = (payload,)
            length = str(len(payload))
            out.append(f"Content-Length: {length}\r\n")
        out.append("Connection: keep-alive\r\n\r\n" if keep else "Connection: close\r\n\r\n")
        head = "".join(out).encode("latin-1")
        write = self.wfile.write
        if bodiless:
            write(head)
            return keep
        chunks = iter(body)
        first = b""
        for first in chunks:
            if first:
                break
        if len(first) < 65536:
            write(head + first)
        else:
            write(head)
            write(first)
        sent = len(first)
        for chunk in chunks:
            write(chunk)
            sent += len(chunk)
        # A body shorter than its Content-Length can only be told to the client by closing.
        return keep and str(sent) == length

    def _send_simple(self, code: int) -> None:
        reason = _REASONS.get(code, "")
        self.wfile.write(
            f"HTTP/1.1 {code} {reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode()
        )


def _bound_waits(connection: socket.socket, timeout: float) -> None:
    """Time out this connection's reads and writes after `timeout` seconds of no progress.

    The kernel's SO_RCVTIMEO/SO_SNDTIMEO on a blocking socket, rather than `settimeout`: a socket with
    a Python timeout polls before every recv and send, so each I/O was two syscalls that each released
    and took back the GIL; with several busy keep-alive connections a release is a chance of a
    hand-off between threads (bench/RESULTS.md, "8 client threads").
    """
    # Blocking whatever socket.setdefaulttimeout says: the kernel bounds the waits.
    connection.settimeout(None)
    if timeout is None or timeout <= 0:
        return
    seconds = int(timeout)
    micros = int((timeout - seconds) * 1_000_000)
    interval = struct.pack("@ll", seconds, micros)
    try:
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, interval)
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, interval)
    except OSError:  # a platform without them (or another timeval layout): Python's own timeout
        connection.settimeout(timeout)


class _SocketReader(io.RawIOBase):
    """The connection's raw reader: a kernel timeout (EAGAIN on a blocking socket) is a timeout."""

    # Set while the leader/follower server asks the buffered reader what it holds: "no data yet",
    # without a syscall (`epoll_connections.Connection.pending`).
    probing = False

    def __init__(self, connection: socket.socket) -> None:
        self._recv_into = connection.recv_into

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int | None:
        if self.probing:
            return None
        try:
            return self._recv_into(buffer)
        except BlockingIOError:
            raise TimeoutError("timed out waiting for the client") from None


class _SocketWriter(io.BufferedIOBase):
    """Unbuffered writes: each `write` is one `sendall` (a response is written in one piece)."""

    def __init__(self, connection: socket.socket) -> None:
        self._sendall = connection.sendall

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        try:
            self._sendall(data)
        except BlockingIOError:
            raise TimeoutError("timed out writing to the client") from None
        return len(data)


class _ContinueOnRead:
    """A body that answers `Expect: 100-continue` only when the app first reads it, so a request
    refused on its headers alone (too large, say) is answered before the client sends the body."""

    def __init__(self, stream: Any, wfile: Any) -> None:
        self._stream = stream
        self._wfile = wfile
        self.continued = False

    @property
    def remaining(self) -> int:
        return getattr(self._stream, "remaining", 0)

    def read(self, size: int = -1) -> bytes:
        if not self.continued:
            self.continued = True
            self._wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        return self._stream.read(size)


class _Prefetched:
    """A body iterable with some items already taken (or written through `write`) put back in front."""

    def __init__(self, result: Iterable[bytes], written: list[bytes] | None = None) -> None:
        self._result = result
        self._iterator = iter(result)
        self._head = list(written or [])
        if written is None:
            first = next(self._iterator, None)
            if first is not None:
                self._head.append(first)

    def __iter__(self) -> Iterator[bytes]:
        yield from self._head
        yield from self._iterator

    def close(self) -> None:
        if hasattr(self._result, "close"):
            self._result.close()


def _wants_keep_alive(version: str, connection: str) -> bool:
    tokens = connection.lower()
    if version == "HTTP/1.0":
        return "keep-alive" in tokens
    return "close" not in tokens


def _drain(stream: Any, limit: int = 1024 * 1024) -> bool:
    """Read what the app left of the body; False if too much is left to keep the connection."""
    if getattr(stream, "remaining", 0) > limit:
        return False
    read = 0
    try:
        while read <= limit:
            chunk = stream.read(65536)
            if not chunk:
                return True
            read += len(chunk)
    except (BodyError, OSError):
        pass
    return False


class _HTTPServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    """A thread per connection, at most `max_connections` of them.

    `idle_since` maps each open connection to when it went idle (accepted, or answered and kept
    alive), or 0.0 while it is serving a request. When the cap is reached, a new client takes the
    place of the connection idle the longest; only when every connection is busy is it refused.
    """

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, host: str, port: int, app: Any, idle_timeout: float, max_connections: int) -> None:
        self.app = app
        self.idle_timeout = idle_timeout
        self.max_connections = max_connections
        self.idle_since: dict[socket.socket, float] = {}
        self._open_lock = threading.Lock()
        super().__init__((host, port), _ConnectionHandler)
        self.server_port = self.server_address[1]

    def server_bind(self) -> None:
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().server_bind()

    def process_request(self, request: Any, client_address: Any) -> None:
        evicted = None
        with self._open_lock:
            if len(self.idle_since) >= self.max_connections:
                idle = [(since, conn) for conn, since in self.idle_since.items() if since > 0.0]
                if idle:
                    evicted = min(idle, key=lambda entry: entry[0])[1]
                    del self.idle_since[evicted]
                else:
                    busy = len(self.idle_since)
                    LOG.warning("http: %d connections busy, refusing %s", busy, client_address)
                    self._refuse(request)
                    return
            self.idle_since[request] = time.monotonic()
        if evicted is not None:
            # Its thread sees end of input and ends; a client reconnects as after any idle close.
            _shutdown(evicted)
        super().process_request(request, client_address)

    def _refuse(self, request: socket.socket) -> None:
        try:
            request.sendall(
                b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 1\r\n"
                b"Connection: close\r\n\r\n"
            )
        except OSError:
            pass
        self.shutdown_request(request)

    def forget(self, connection: socket.socket) -> None:
        with self._open_lock:
            self.idle_since.pop(connection, None)

    def close_connections(self) -> None:
        with self._open_lock:
            connections = list(self.idle_since)
        for connection in connections:
            _shutdown(connection)


def _shutdown(connection: socket.socket) -> None:
    try:
        connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


class ProxyServer:
    """An HTTP/1.1 keep-alive server for one WSGI app on one port, run in a thread the caller owns.

    `GATEWAY_SERVER` picks how connections get threads: `threads`, one per connection (`_HTTPServer`),
    `leader`, a leader/follower pool (`leader_server.LeaderFollowerServer`, Linux's epoll), or `pool`,
    a bounded pool whose idle threads all wait in one epoll set (`pool_server.SharedEpollServer`).
    """

    def __init__(
        self,
        host: str,
        port: int,
        app: Any,
        name: str,
        idle_timeout: float | None = None,
        max_connections: int | None = None,
        server_mode: str | None = None,
    ) -> None:
        from localstack.config import get_config

        config = get_config()
        self.name = name
        timeout = config.http_idle_timeout if idle_timeout is None else idle_timeout
        cap = config.max_connections if max_connections is None else max_connections
        mode = config.gateway_server if server_mode is None else server_mode
        self.server: Any
        if mode == "leader" and hasattr(select, "epoll"):
            from localstack.services.leader_server import LeaderFollowerServer

            self.server = LeaderFollowerServer(host, port, app, timeout, cap)
        elif mode == "pool" and hasattr(select, "epoll"):
            from localstack.services.pool_server import SharedEpollServer

            self.server = SharedEpollServer(host, port, app, timeout, cap)
        else:
            self.server = _HTTPServer(host, port, app, timeout, cap)
        self.port = self.server.server_port
        self.thread: threading.Thread | None = None

    def serve_forever(self) -> None:
        self.server.serve_forever(poll_interval=0.2)

    def shutdown(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.server.close_connections()

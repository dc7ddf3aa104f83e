"""The HTTP server in every mode (GATEWAY_SERVER=threads|leader|pool), over raw sockets against a small WSGI
app: a long request does not hold up a short one, pipelined requests, idle timeouts, the connection cap
and stop."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any, Callable, Iterator
from urllib.parse import parse_qs

import pytest

from localstack.services.generic_proxy import ProxyServer

MODES = ["threads", "leader", "pool"]


def app(environ: dict, start_response: Callable) -> list[bytes]:
    query = parse_qs(environ["QUERY_STRING"])
    path = environ["PATH_INFO"]
    if path == "/slow":
        time.sleep(float(query["s"][0]))
    body = environ["wsgi.input"].read() if path == "/echo" else path.encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]


class Running:
    def __init__(self, mode: str, **options: Any) -> None:
        self.proxy = ProxyServer("127.0.0.1", 0, app, f"test-{mode}", server_mode=mode, **options)
        self.thread = threading.Thread(target=self.proxy.serve_forever, daemon=True)
        self.thread.start()

    def connect(self) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.proxy.port), timeout=10)
        return sock

    def stop(self) -> None:
        self.proxy.shutdown()


@pytest.fixture(params=MODES)
def serve(request: pytest.FixtureRequest) -> Iterator[Callable[..., Running]]:
    started: list[Running] = []

    def start(**options: Any) -> Running:
        options.setdefault("idle_timeout", 30.0)
        options.setdefault("max_connections", 64)
        running = Running(request.param, **options)
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop()


def get(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode()


def read_response(sock: socket.socket, buffer: bytearray) -> tuple[int, bytes]:
    """One response off the socket (bytes past it stay in `buffer`); status 0 if closed first."""
    while b"\r\n\r\n" not in buffer:
        data = sock.recv(65536)
        if not data:
            return 0, b""
        buffer += data
    head, _, rest = bytes(buffer).partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    while len(rest) < length:
        data = sock.recv(65536)
        if not data:
            break
        rest += data
    buffer[:] = rest[length:]
    return int(lines[0].split()[1]), rest[:length]


def exchange(sock: socket.socket, path: str) -> tuple[int, bytes]:
    sock.sendall(get(path))
    return read_response(sock, bytearray())


def test_a_long_request_does_not_hold_up_a_short_one(serve: Callable[..., Running]) -> None:
    server = serve()
    with server.connect() as slow, server.connect() as fast:
        assert exchange(fast, "/warm") == (200, b"/warm")
        slow.sendall(get("/slow?s=2"))
        time.sleep(0.2)
        started = time.monotonic()
        assert exchange(fast, "/fast") == (200, b"/fast")
        # The bound is the watchdog's few ms; a loaded machine's scheduling is the rest.
        assert time.monotonic() - started < 1.0
        assert read_response(slow, bytearray()) == (200, b"/slow")


def test_a_body_that_arrives_late_does_not_hold_up_other_clients(serve: Callable[..., Running]) -> None:
    server = serve()
    with server.connect() as late, server.connect() as fast:
        assert exchange(fast, "/warm") == (200, b"/warm")
        late.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nab")
        time.sleep(0.2)
        started = time.monotonic()
        assert exchange(fast, "/fast") == (200, b"/fast")
        assert time.monotonic() - started < 1.0
        late.sendall(b"cd")
        assert read_response(late, bytearray()) == (200, b"abcd")


def test_pipelined_requests_on_one_connection_are_all_answered(serve: Callable[..., Running]) -> None:
    server = serve()
    with server.connect() as sock:
        body = b"hello"
        post = f"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body
        # All in one send: the later requests sit in the server's read buffer after the first.
        sock.sendall(get("/one") + post + get("/three"))
        buffer = bytearray()
        assert read_response(sock, buffer) == (200, b"/one")
        assert read_response(sock, buffer) == (200, b"hello")
        assert read_response(sock, buffer) == (200, b"/three")
        assert exchange(sock, "/again") == (200, b"/again")


def test_many_clients_on_keep_alive_connections(serve: Callable[..., Running]) -> None:
    server = serve()
    failures: list[object] = []

    def client(number: int) -> None:
        try:
            with server.connect() as sock:
                for call in range(50):
                    path = f"/c{number}-{call}"
                    assert exchange(sock, path) == (200, path.encode())
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert failures == []


def test_an_idle_keep_alive_connection_is_closed(serve: Callable[..., Running]) -> None:
    server = serve(idle_timeout=0.5)
    with server.connect() as sock:
        assert exchange(sock, "/x") == (200, b"/x")
        started = time.monotonic()
        assert sock.recv(1) == b""
        assert time.monotonic() - started < 3.0
    with server.connect() as sock:
        # A connection that never sent a request is idle too.
        started = time.monotonic()
        assert sock.recv(1) == b""
        assert time.monotonic() - started < 3.0


def test_at_the_cap_the_longest_idle_connection_makes_room(serve: Callable[..., Running]) -> None:
    server = serve(max_connections=4)
    idle = []
    try:
        for number in range(4):
            sock = server.connect()
            assert exchange(sock, f"/i{number}") == (200, f"/i{number}".encode())
            idle.append(sock)
            # The server marks a connection idle just after its answer is sent; on a loaded machine
            # that mark can lag the client's next request, so give each one its moment.
            time.sleep(0.05)
        with server.connect() as sock:
            assert exchange(sock, "/new") == (200, b"/new")
        idle[0].settimeout(5)
        assert idle[0].recv(1) == b""
        assert exchange(idle[3], "/still") == (200, b"/still")
    finally:
        for sock in idle:
            sock.close()


def test_when_every_connection_is_busy_a_new_client_gets_503(serve: Callable[..., Running]) -> None:
    server = serve(max_connections=2)
    busy = [server.connect() for _ in range(2)]
    try:
        for sock in busy:
            sock.sendall(get("/slow?s=1.5"))
        time.sleep(0.3)
        with server.connect() as sock:
            sock.sendall(get("/x"))
            assert read_response(sock, bytearray())[0] == 503
        for sock in busy:
            assert read_response(sock, bytearray()) == (200, b"/slow")
    finally:
        for sock in busy:
            sock.close()


def test_stop_is_prompt_with_busy_and_idle_connections(serve: Callable[..., Running]) -> None:
    server = serve()
    idle = server.connect()
    slow = server.connect()
    try:
        assert exchange(idle, "/x") == (200, b"/x")
        slow.sendall(get("/slow?s=0.2"))
        time.sleep(0.05)
        started = time.monotonic()
        server.stop()
        server.proxy.server.server_close()
        server.proxy.server.close_connections()
        server.thread.join(2)
        assert not server.thread.is_alive()
        assert time.monotonic() - started < 0.5
        idle.settimeout(2)
        assert idle.recv(1) == b""
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", server.proxy.port), timeout=1).close()
    finally:
        idle.close()
        slow.close()
    # The server's threads end (the slow request's once its sleep is over).
    deadline = time.monotonic() + 5
    name = f"http-{server.proxy.port}"
    while time.monotonic() < deadline and any(t.name.startswith(name) for t in threading.enumerate()):
        time.sleep(0.05)
    assert not any(t.name.startswith(name) for t in threading.enumerate())


def test_pool_serves_long_requests_at_once_with_a_bounded_pool() -> None:
    server = Running("pool", idle_timeout=30.0, max_connections=4)
    socks = [server.connect() for _ in range(4)]
    try:
        started = time.monotonic()
        for sock in socks:
            sock.sendall(get("/slow?s=0.5"))
        time.sleep(0.25)
        name = f"http-{server.proxy.port}"
        busy = [t for t in threading.enumerate() if t.name.startswith(name)]
        for sock in socks:
            assert read_response(sock, bytearray()) == (200, b"/slow")
        # Side by side, not one after the other; a thread each and one spare at most.
        assert time.monotonic() - started < 1.5
        assert 4 <= len(busy) <= 5
    finally:
        for sock in socks:
            sock.close()
        server.stop()

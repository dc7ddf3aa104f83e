"""The HTTP transport against hostile clients, over raw sockets: malformed chunked bodies, smuggling
framings, stalled bodies and connection floods each cost only their own connection."""

from __future__ import annotations

import socket
import time
from typing import Iterator

import psutil
import pytest

from tests.server_process import ServerProcess, start_server

IDLE_TIMEOUT = 2.0
MAX_CONNECTIONS = 40


@pytest.fixture(scope="module", params=["threads", "leader", "pool"])
def edge(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[ServerProcess]:
    """An emulator of its own: short idle timeout and a small connection cap, to test them quickly;
    once per server mode (GATEWAY_SERVER)."""
    process = start_server(
        tmp_path_factory.mktemp("transport"),
        services=["s3", "sqs"],
        extra_env={
            "HTTP_IDLE_TIMEOUT": str(IDLE_TIMEOUT),
            "MAX_CONNECTIONS": str(MAX_CONNECTIONS),
            "GATEWAY_SERVER": request.param,
        },
    )
    yield process
    process.stop()


def connect(server: ServerProcess, port: int | None = None) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port or server.edge_port), timeout=10)
    return sock


def read_response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """One response off the socket: (status, headers, body); status 0 if the server closed first."""
    buffer = b""
    while b"\r\n\r\n" not in buffer:
        data = sock.recv(65536)
        if not data:
            return 0, {}, buffer
        buffer += data
    head, _, body = buffer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        data = sock.recv(65536)
        if not data:
            break
        body += data
    return int(lines[0].split()[1]), headers, body


def assert_serving(server: ServerProcess) -> None:
    """A fresh connection is answered at once."""
    with connect(server) as sock:
        sock.settimeout(5)
        sock.sendall(b"GET /_localstack/health HTTP/1.1\r\nHost: localhost\r\n\r\n")
        status, _, body = read_response(sock)
    assert status == 200, body
    assert b"services" in body


S3_HEADERS = (
    "Host: localhost\r\n"
    "Authorization: AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/s3/aws4_request, "
    "SignedHeaders=host, Signature=0000\r\n"
    "x-amz-content-sha256: UNSIGNED-PAYLOAD\r\n"
)
SQS_HEADERS = (
    "Host: localhost\r\n"
    "Authorization: AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sqs/aws4_request, "
    "SignedHeaders=host, Signature=0000\r\n"
    "Content-Type: application/x-www-form-urlencoded\r\n"
)

MALFORMED_CHUNKED = {
    "not-hex": b"ZZZ\r\nhello\r\n0\r\n\r\n",
    "negative": b"-5\r\nhello\r\n0\r\n\r\n",
    "missing-crlf": b"5\r\nhelloXX3\r\nabc\r\n0\r\n\r\n",
    "huge-size": b"fffffffffffffffffff\r\nabc\r\n",
}


@pytest.mark.parametrize("body", MALFORMED_CHUNKED.values(), ids=MALFORMED_CHUNKED.keys())
def test_malformed_chunked_body_to_s3_is_refused_in_s3_shape(edge: ServerProcess, body: bytes) -> None:
    with connect(edge) as sock:
        sock.sendall(
            f"PUT /transport-bucket/key HTTP/1.1\r\n{S3_HEADERS}Transfer-Encoding: chunked\r\n\r\n".encode()
            + body
        )
        status, headers, answer = read_response(sock)
        assert status == 400, answer
        assert b"<Code>InvalidRequest</Code>" in answer
        assert headers["connection"] == "close"
        assert sock.recv(1) == b""
    assert_serving(edge)


def test_chunk_larger_than_the_data_then_close(edge: ServerProcess) -> None:
    with connect(edge) as sock:
        sock.sendall(
            f"PUT /transport-bucket/key HTTP/1.1\r\n{S3_HEADERS}Transfer-Encoding: chunked\r\n\r\n".encode()
            + b"100\r\nabc"
        )
        sock.shutdown(socket.SHUT_WR)
        status, _, answer = read_response(sock)
        # The client is gone: an answer (IncompleteBody) or a plain close are both fine.
        assert status in (0, 400), answer
    assert_serving(edge)


@pytest.mark.parametrize("body", MALFORMED_CHUNKED.values(), ids=MALFORMED_CHUNKED.keys())
def test_malformed_chunked_body_to_sqs(edge: ServerProcess, body: bytes) -> None:
    with connect(edge) as sock:
        sock.sendall(f"POST / HTTP/1.1\r\n{SQS_HEADERS}Transfer-Encoding: chunked\r\n\r\n".encode() + body)
        status, _, answer = read_response(sock)
        assert status == 400, answer
        assert b"InvalidRequest" in answer
    assert_serving(edge)


def test_malformed_chunked_body_on_a_legacy_port(edge: ServerProcess) -> None:
    with connect(edge, edge.ports["s3"]) as sock:
        sock.sendall(
            f"PUT /b/k HTTP/1.1\r\n{S3_HEADERS}Transfer-Encoding: chunked\r\n\r\n".encode() + b"ZZZ\r\n"
        )
        status, _, answer = read_response(sock)
        assert status == 400
        assert b"<Code>InvalidRequest</Code>" in answer
    assert_serving(edge)


def test_valid_chunked_put_is_stored_and_costs_no_memory(edge: ServerProcess) -> None:
    rss_before = psutil.Process(edge.process.pid).memory_info().rss
    with connect(edge) as sock:
        sock.sendall(f"PUT /chunked-bucket HTTP/1.1\r\n{S3_HEADERS}Content-Length: 0\r\n\r\n".encode())
        assert read_response(sock)[0] == 200
        chunks = b"5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nx-trailer: 1\r\n\r\n"
        sock.sendall(
            f"PUT /chunked-bucket/key HTTP/1.1\r\n{S3_HEADERS}Transfer-Encoding: chunked\r\n\r\n".encode()
            + chunks
        )
        assert read_response(sock)[0] == 200
        # The same connection goes on: the body was read to its end.
        sock.sendall(f"GET /chunked-bucket/key HTTP/1.1\r\n{S3_HEADERS}\r\n".encode())
        status, _, body = read_response(sock)
    assert (status, body) == (200, b"hello world")
    # Before the fix, any chunked body allocated the 5 GiB request limit up front.
    assert psutil.Process(edge.process.pid).memory_info().rss - rss_before < 100 * 1024**2


@pytest.mark.parametrize(
    "framing",
    [
        "Content-Length: 5\r\nContent-Length: 6\r\n",
        "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
        "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
        "Transfer-Encoding: gzip, chunked\r\n",
    ],
    ids=["two-lengths", "length-then-chunked", "chunked-then-length", "unknown-coding"],
)
def test_ambiguous_framing_is_refused(edge: ServerProcess, framing: str) -> None:
    with connect(edge) as sock:
        sock.sendall(
            f"PUT /transport-bucket/key HTTP/1.1\r\n{S3_HEADERS}{framing}\r\n".encode()
            + b"5\r\nhello\r\n0\r\n\r\nGET /_localstack/health HTTP/1.1\r\nHost: x\r\n\r\n"
        )
        status, headers, _ = read_response(sock)
        assert status in (400, 501)
        assert headers["connection"] == "close"
        # Nothing after the refused request is taken for a second one.
        assert sock.recv(65536) == b""
    assert_serving(edge)


def test_equal_duplicate_content_length_is_accepted(edge: ServerProcess) -> None:
    with connect(edge) as sock:
        sock.sendall(
            b"POST /_localstack/health HTTP/1.1\r\nHost: x\r\n"
            b"Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}"
        )
        assert read_response(sock)[0] != 400


def _threads(server: ServerProcess) -> int:
    return psutil.Process(server.process.pid).num_threads()


def _wait_for(predicate, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def test_stalled_body_times_out_and_its_thread_ends(edge: ServerProcess) -> None:
    assert_serving(edge)
    baseline = _threads(edge)
    with connect(edge) as sock:
        head = f"PUT /transport-bucket/key HTTP/1.1\r\n{S3_HEADERS}Content-Length: 100\r\n\r\n"
        sock.sendall(head.encode() + b"abc")
        started = time.monotonic()
        sock.settimeout(IDLE_TIMEOUT * 5)
        status, _, answer = read_response(sock)
        elapsed = time.monotonic() - started
        assert status == 400, answer
        assert b"<Code>RequestTimeout</Code>" in answer
        assert elapsed < IDLE_TIMEOUT * 4
        assert sock.recv(1) == b""
    assert _wait_for(lambda: _threads(edge) <= baseline, 5)
    assert_serving(edge)


def test_a_client_that_stops_reading_a_large_answer_has_its_connection_ended(edge: ServerProcess) -> None:
    size = 32 * 1024 * 1024
    with connect(edge) as sock:
        sock.sendall(f"PUT /transport-bucket HTTP/1.1\r\n{S3_HEADERS}Content-Length: 0\r\n\r\n".encode())
        assert read_response(sock)[0] in (200, 409)
        head = f"PUT /transport-bucket/unread HTTP/1.1\r\n{S3_HEADERS}Content-Length: {size}\r\n\r\n"
        sock.sendall(head.encode() + b"x" * size)
        assert read_response(sock)[0] == 200
    reader = socket.socket()
    reader.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    reader.connect(("127.0.0.1", edge.edge_port))
    try:
        port = reader.getsockname()[1]
        reader.sendall(f"GET /transport-bucket/unread HTTP/1.1\r\n{S3_HEADERS}\r\n".encode())
        # The answer fills the socket buffers and the server's send stalls: after the idle timeout
        # with no progress the server ends the connection, though this client still holds it open.
        assert _wait_for(lambda: _server_holds(edge, port), 5)
        started = time.monotonic()
        assert _wait_for(lambda: not _server_holds(edge, port), IDLE_TIMEOUT * 6)
        assert time.monotonic() - started >= IDLE_TIMEOUT * 0.9
        reader.settimeout(10)
        received = 0
        while data := reader.recv(1 << 20):
            received += len(data)
        assert received < size
    finally:
        reader.close()
    assert_serving(edge)


def _server_holds(server: ServerProcess, client_port: int) -> bool:
    """Whether the server still has its end of the client's connection open."""
    for connection in psutil.Process(server.process.pid).net_connections(kind="tcp"):
        if connection.raddr and connection.raddr.port == client_port:
            return connection.status == psutil.CONN_ESTABLISHED
    return False


def test_idle_keep_alive_connection_is_closed(edge: ServerProcess) -> None:
    with connect(edge) as sock:
        sock.sendall(b"GET /_localstack/health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert read_response(sock)[0] == 200
        sock.settimeout(IDLE_TIMEOUT * 5)
        started = time.monotonic()
        assert sock.recv(1) == b""
        assert time.monotonic() - started < IDLE_TIMEOUT * 4


def test_connection_flood_is_capped_and_new_clients_are_served(edge: ServerProcess) -> None:
    assert_serving(edge)
    baseline = _threads(edge)
    idle = [connect(edge) for _ in range(MAX_CONNECTIONS * 3)]
    try:
        # New clients are answered while the cap is reached: the longest idle ones make room.
        for _ in range(3):
            assert_serving(edge)
        assert _threads(edge) <= baseline + MAX_CONNECTIONS + 2
        closed = 0
        for sock in idle[:MAX_CONNECTIONS]:
            sock.settimeout(5)
            try:
                closed += sock.recv(1) == b""
            except OSError:
                closed += 1
        assert closed == MAX_CONNECTIONS
    finally:
        for sock in idle:
            sock.close()
    assert _wait_for(lambda: _threads(edge) <= baseline, IDLE_TIMEOUT * 3)
    assert_serving(edge)


def test_too_large_object_is_refused_before_its_body_is_read(edge: ServerProcess) -> None:
    with connect(edge) as sock:
        sock.sendall(f"PUT /b/k HTTP/1.1\r\n{S3_HEADERS}Content-Length: 99999999999999\r\n\r\nabc".encode())
        status, headers, answer = read_response(sock)
    assert status == 400
    assert b"<Code>EntityTooLarge</Code>" in answer
    assert headers["connection"] == "close"


def test_when_every_connection_is_busy_new_clients_are_refused_until_one_frees(edge: ServerProcess) -> None:
    head = f"PUT /transport-bucket/key HTTP/1.1\r\n{S3_HEADERS}Content-Length: 100\r\n\r\nabc".encode()
    stalled = []
    try:
        for _ in range(MAX_CONNECTIONS):
            sock = connect(edge)
            sock.sendall(head)
            stalled.append(sock)
        time.sleep(0.5)
        with connect(edge) as sock:
            sock.settimeout(5)
            sock.sendall(b"GET /_localstack/health HTTP/1.1\r\nHost: x\r\n\r\n")
            status, headers, _ = read_response(sock)
        assert status == 503
        assert headers["retry-after"] == "1"
        # The stalled bodies time out, and their places serve new clients again.
        assert _wait_for(lambda: _health_status(edge) == 200, IDLE_TIMEOUT * 4)
    finally:
        for sock in stalled:
            sock.close()
    assert_serving(edge)


def _health_status(server: ServerProcess) -> int:
    try:
        with connect(server) as sock:
            sock.settimeout(5)
            sock.sendall(b"GET /_localstack/health HTTP/1.1\r\nHost: x\r\n\r\n")
            return read_response(sock)[0]
    except OSError:
        return 0


def test_clients_trickling_headers_make_room_for_new_clients(edge: ServerProcess) -> None:
    trickling = []
    try:
        for _ in range(MAX_CONNECTIONS):
            sock = connect(edge)
            sock.sendall(b"GET /_localstack/health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            trickling.append(sock)
        time.sleep(0.5)
        assert_serving(edge)
    finally:
        for sock in trickling:
            sock.close()


def test_expect_continue_is_answered_only_when_the_body_is_wanted(edge: ServerProcess) -> None:
    with connect(edge) as sock:
        sock.sendall(f"PUT /expect-bucket HTTP/1.1\r\n{S3_HEADERS}Content-Length: 0\r\n\r\n".encode())
        assert read_response(sock)[0] == 200
        sock.sendall(
            f"PUT /expect-bucket/k HTTP/1.1\r\n{S3_HEADERS}Content-Length: 5\r\n"
            "Expect: 100-continue\r\n\r\n".encode()
        )
        interim = sock.recv(25)
        assert interim == b"HTTP/1.1 100 Continue\r\n\r\n", interim + sock.recv(2000)
        sock.sendall(b"hello")
        assert read_response(sock)[0] == 200
    with connect(edge) as sock:
        # Refused on its headers: the answer comes at once, and the body need not be sent.
        sock.sendall(
            f"PUT /expect-bucket/big HTTP/1.1\r\n{S3_HEADERS}Content-Length: 99999999999999\r\n"
            "Expect: 100-continue\r\n\r\n".encode()
        )
        status, headers, answer = read_response(sock)
        assert status == 400
        assert b"<Code>EntityTooLarge</Code>" in answer
        assert headers["connection"] == "close"

"""The gateway HTTP server reads a request's headers as one block when they are all buffered: the same
pairs, the same refusals and the same bytes left for the body as its line-by-line reader."""

from __future__ import annotations

import io
from urllib.parse import unquote_to_bytes

import pytest

from localstack.services.generic_proxy import _BadRequest, _ConnectionHandler


def _handler(data: bytes, block: bool) -> _ConnectionHandler:
    handler = _ConnectionHandler.__new__(_ConnectionHandler)
    handler.rfile = io.BufferedReader(io.BytesIO(data), 65536)
    if not block:
        handler._header_block = lambda: None  # type: ignore[method-assign]
    return handler


def _read(data: bytes, block: bool) -> tuple[object, bytes]:
    handler = _handler(data, block)
    try:
        result: object = handler._read_headers()
    except _BadRequest as error:
        result = ("refused", error.status, str(error))
    return result, handler.rfile.read()


MANY = b"".join(b"X-H%d: v\r\n" % n for n in range(201)) + b"\r\n"
CASES = [
    b"Host: localhost:4566\r\nContent-Length: 4\r\nX-Amz-Meta-A_b:  spaced value \r\n\r\nbody",
    b"\r\nbody",
    b"",
    b"Host: a\r\n",  # the end not yet received
    b"Host: a\nX-Other: b\n\nbody\r\n\r\n",  # bare LF line ends
    b"Host: a\r\n\nbody\r\n\r\n",
    b"Host: a\r\r\nX: b\r\n\r\nbody",
    b"Host: a\r\r\n\r\nbody",
    b"Host: a\r\nno colon here\r\n\r\nbody",
    b"Host: a\r\nX: a\rb\r\n\r\n",
    b"Host: caf\xc3\xa9 \xff\r\nX-Empty:\r\n\r\n",
    MANY,
    MANY[MANY.index(b"X-H1:") :],  # exactly 200 headers
    b"Host: a\r\n" + b"X-Long: " + b"v" * 70000 + b"\r\n\r\n",
]


@pytest.mark.parametrize("data", CASES)
def test_header_block_reads_as_the_line_reader(data: bytes) -> None:
    assert _read(data, block=True) == _read(data, block=False)


def test_a_plain_block_is_read_at_once() -> None:
    handler = _handler(b"Host: a\r\nX-Amz-Date: 20260101T000000Z\r\n\r\nrest", block=True)
    assert handler._header_block() == [("Host", "a"), ("X-Amz-Date", "20260101T000000Z")]
    assert handler.rfile.read() == b"rest"


def test_environ_keys_are_the_same_when_names_were_seen_before() -> None:
    handler = _ConnectionHandler.__new__(_ConnectionHandler)
    handler.server = type("S", (), {"server_address": ("127.0.0.1", 4566)})()  # type: ignore[assignment]
    handler.client_address = ("127.0.0.1", 5000)
    handler.rfile = io.BufferedReader(io.BytesIO(b""))
    headers = [
        ("Host", "h"),
        ("X-Amz-Date", "d"),
        ("x-amz-date", "e"),
        ("Content-Type", "text/plain"),
        ("Content-Length", "0"),
        ("X-Amz-Meta-My_Key", "m"),
        ("X_Smuggled", "s"),
    ]
    first = handler._environ("PUT", "/b/k%20x?q=1", "HTTP/1.1", headers)
    second = handler._environ("PUT", "/b/k%20x?q=1", "HTTP/1.1", headers)
    for environ in (first, second):
        assert environ["HTTP_HOST"] == "h"
        assert environ["HTTP_X_AMZ_DATE"] == "d,e"
        assert environ["CONTENT_TYPE"] == "text/plain"
        assert environ["CONTENT_LENGTH"] == "0"
        assert environ["HTTP_X_AMZ_META_MY_KEY"] == "m"
        assert "HTTP_X_SMUGGLED" not in environ
        assert environ["PATH_INFO"] == "/b/k x"
        assert environ["moto.preserved_header_names"] == {"HTTP_X_AMZ_META_MY_KEY": "X-Amz-Meta-My_Key"}
    plain = handler._environ("GET", "/b/caf\xc3\xa9", "HTTP/1.1", [])
    # What the server always made of a non-ASCII target (its UTF-8 bytes read as Latin-1), unchanged.
    assert plain["PATH_INFO"] == unquote_to_bytes("/b/caf\xc3\xa9").decode("latin-1")
    assert {k: v for k, v in first.items() if k != "wsgi.input"} == {
        k: v for k, v in second.items() if k != "wsgi.input"
    }

"""`Request` built from a WSGI environ and back, and the keep-alive rules of the gateway's HTTP server."""

from __future__ import annotations

import io

from werkzeug.test import EnvironBuilder

from localstack.services.generic_proxy import _drain, _wants_keep_alive
from localstack.utils.http import Request
from localstack.utils.http_body import LengthReader


def _environ(path: str = "/bucket/a%20key", query: str = "x=1&y=%2F", **kwargs) -> dict:
    environ = EnvironBuilder(path=path, query_string=query, **kwargs).get_environ()
    environ["RAW_URI"] = f"{path}?{query}" if query else path
    return environ


def test_request_keeps_raw_path_and_query():
    request = Request.from_environ(_environ(), b"")
    assert request.path == "/bucket/a%20key?x=1&y=%2F"
    assert request.path_only == "/bucket/a%20key"
    assert request.query_string == "x=1&y=%2F"


def test_request_headers_and_body_round_trip_to_environ():
    environ = _environ(
        method="PUT",
        data=b"payload",
        headers={"Content-Type": "text/plain", "X-Amz-Meta-Color": "blue", "Host": "localhost:4566"},
    )
    request = Request.from_environ(environ, b"payload")
    assert request.headers["X-Amz-Meta-Color"] == "blue"
    rebuilt = request.to_environ()
    assert rebuilt["REQUEST_METHOD"] == "PUT"
    assert rebuilt["PATH_INFO"] == "/bucket/a key"
    assert rebuilt["QUERY_STRING"] == "x=1&y=%2F"
    assert rebuilt["CONTENT_TYPE"] == "text/plain"
    assert rebuilt["CONTENT_LENGTH"] == "7"
    assert rebuilt["HTTP_X_AMZ_META_COLOR"] == "blue"
    assert rebuilt["wsgi.input"].read() == b"payload"


def test_modified_headers_reach_the_environ():
    request = Request.from_environ(_environ(headers={"Host": "a:1"}), b"")
    request.headers["Host"] = "b:2"
    assert request.to_environ()["HTTP_HOST"] == "b:2"


def test_keep_alive_rules():
    assert _wants_keep_alive("HTTP/1.1", "")
    assert not _wants_keep_alive("HTTP/1.1", "close")
    assert not _wants_keep_alive("HTTP/1.0", "")
    assert _wants_keep_alive("HTTP/1.0", "Keep-Alive")


def test_unread_body_is_drained_or_the_connection_closed():
    small = LengthReader(io.BytesIO(b"abc" + b"NEXT REQUEST"), 3)
    assert _drain(small)
    assert small.read() == b""
    large = LengthReader(io.BytesIO(b"x" * 10), 10)
    assert not _drain(large, limit=4)


def test_content_headers_are_placed_as_werkzeugs_set_places_them():
    from werkzeug.datastructures import Headers as WerkzeugHeaders

    cases = [
        {"CONTENT_TYPE": "text/plain", "CONTENT_LENGTH": "7", "HTTP_HOST": "h", "HTTP_X_AMZ_DATE": "d"},
        {"CONTENT_LENGTH": "7", "HTTP_CONTENT_LENGTH": "9", "HTTP_HOST": "h"},
        {"CONTENT_TYPE": "a/b", "HTTP_CONTENT_TYPE": "c/d", "HTTP_CONTENT_MD5": "m"},
        {"CONTENT_TYPE": "", "CONTENT_LENGTH": "0", "HTTP_CONTENT_ENCODING": "gzip"},
        {"HTTP_HOST": "h"},
    ]
    for extra in cases:
        environ = {"REQUEST_METHOD": "PUT", "RAW_URI": "/b/k", **extra}
        expected = WerkzeugHeaders()
        for key, value in environ.items():
            if key.startswith("HTTP_"):
                expected.add(key[5:].replace("_", "-").title(), value)
        if environ.get("CONTENT_TYPE"):
            expected["Content-Type"] = environ["CONTENT_TYPE"]
        if environ.get("CONTENT_LENGTH"):
            expected["Content-Length"] = environ["CONTENT_LENGTH"]
        assert Request.from_environ(environ, b"").headers.to_wsgi_list() == expected.to_wsgi_list()

"""A lean HTTP client for the bench: requests serialized and signed once by botocore, replayed over
keep-alive connections with a counter substituted, so that the client's own cost (a few tens of
microseconds) does not hide the server's."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from bench.servers import client

COUNTER = "__N__"


class _Captured(Exception):
    def __init__(self, request: Any) -> None:
        self.request = request


@dataclass(frozen=True)
class Template:
    """One request as botocore sends it; `__N__` in its path or body is replaced per call."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def render(self, n: int | str) -> tuple[str, bytes, dict[str, str]]:
        value = str(n)
        path = self.path.replace(COUNTER, value)
        body = self.body.replace(COUNTER.encode(), value.encode()) if self.body else b""
        headers = self.headers
        if body:
            headers = dict(headers, **{"Content-Length": str(len(body))})
        return path, body, headers


def capture(service: str, url: str, operation: str, **params: Any) -> Template:
    """The request botocore would send for `operation(**params)` (it is not sent)."""
    # Plain bodies: no aws-chunked checksum trailers to re-encode per call.
    boto = client(service, url, request_checksum_calculation="when_required")

    def stop(request: Any, **kwargs: Any) -> None:
        raise _Captured(request)

    boto.meta.events.register_first("before-send", stop)
    try:
        getattr(boto, operation)(**params)
    except _Captured as captured:
        request = captured.request
    else:
        raise RuntimeError("request was not captured")
    parts = urlsplit(request.url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    body = request.body or b""
    if hasattr(body, "read"):
        body = body.read()
    if isinstance(body, str):
        body = body.encode()
    headers = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()}
    headers.pop("Expect", None)
    return Template(request.method, path.replace("%5F%5FN%5F%5F", COUNTER), headers, body)


class Connection:
    """One keep-alive HTTP/1.1 connection to a server."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def send(self, template: Template, n: int | str = 0) -> bytes:
        path, body, headers = template.render(n)
        try:
            self.conn.request(template.method, path, body=body or None, headers=headers)
            response = self.conn.getresponse()
        except (http.client.HTTPException, ConnectionError):
            # The server closed a kept-alive connection: one retry on a fresh one.
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            self.conn.request(template.method, path, body=body or None, headers=headers)
            response = self.conn.getresponse()
        data = response.read()
        if response.status >= 300:
            raise RuntimeError(f"{template.method} {path} -> {response.status}: {data[:300]!r}")
        return data

    def close(self) -> None:
        self.conn.close()


def json_field(data: bytes, *path: Any) -> Any:
    value: Any = json.loads(data)
    for key in path:
        value = value[key]
    return value

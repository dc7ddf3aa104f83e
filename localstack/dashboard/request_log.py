"""The request log: a bounded ring of the API calls the gateway answered, summarized only when read.

Each call is kept as one packed `bytes` record of at least `_MIN_RECORD` bytes, a copy of what is shown.
CPython gives objects that large to the C allocator, not to its 1 MiB small-object arenas. A ring that
kept each call's header objects (about 30 small blocks a call) left, under load, a few live blocks in
every arena the load had touched, so no arena could be given back: the soak's RSS stayed 30 MB up
after everything was deleted. The operation,
account and region are worked out when the dashboard reads an entry.
"""

from __future__ import annotations

import collections
import itertools
import json
import struct
import threading
import time
from typing import Any, Iterator

from werkzeug.datastructures import Headers
from werkzeug.wrappers import Response

from localstack import constants
from localstack.utils.aws import request_context
from localstack.utils.aws.internal_client import HEADER_INTERNAL
from localstack.utils.http import Request

KEPT_ENTRIES = 1000
KEPT_BODY_BYTES = 4096
KEEP_ALIVE_SECONDS = 5.0

# id, time, elapsed ms, status, then the lengths of the JSON text part, the request body and the response
# body (-1: streamed, not kept); the three parts follow in that order.
_HEAD = struct.Struct("<QddHIIi")
# A bytes object of 33 + 479 bytes is the smallest that CPython's small-object allocator (512 bytes and
# below) does not take.
_MIN_RECORD = 480
_PADDING = bytes(_MIN_RECORD)
_PADDED_SIZE = _MIN_RECORD - _HEAD.size


class _Quiet(threading.local):
    # A class default: `getattr(local, name, default)` on a thread that never set it raised and caught
    # an AttributeError on every recorded call (0.4 us of the record's 2.6).
    on = False


_quiet = _Quiet()


class quiet_calls:
    """Within this block, this thread's calls are not recorded (the dashboard's own reads)."""

    def __enter__(self) -> None:
        _quiet.on = True

    def __exit__(self, *exc: object) -> None:
        _quiet.on = False


def pack(entry_id: int, service: str, request: Request, response: Response, elapsed_ms: float) -> bytes:
    """One answered call as a record; copies what it keeps, so the request and response can be freed."""
    # A streamed answer (an S3 object being sent) is not read here: only bodies already in memory.
    chunks = response.response
    response_body = chunks[0][:KEPT_BODY_BYTES] if type(chunks) is list and len(chunks) == 1 else None
    if response_body is None:
        response_size = -1
        response_body = b""
    else:
        if isinstance(response_body, str):
            response_body = response_body.encode()
        response_size = len(response_body)
    body = request.data[:KEPT_BODY_BYTES]
    text = _text_part(service, request, response)
    head = _HEAD.pack(
        entry_id, time.time(), elapsed_ms, response.status_code, len(text), len(body), response_size
    )
    short = _PADDED_SIZE - len(text) - len(body) - len(response_body)
    if short > 0:
        return b"".join((head, text, body, response_body, _PADDING[:short]))
    return b"".join((head, text, body, response_body))


def _header_list(headers: Any) -> list[tuple[str, str]]:
    # werkzeug's Headers keep their (name, value) pairs in `_list`; its items() is a generator over it.
    pairs = getattr(headers, "_list", None)
    return pairs if type(pairs) is list else list(headers.items())


def _text_part(service: str, request: Request, response: Response) -> bytes:
    """Service, method, path, the count of request headers, then each header's name and value, one a
    line: no header holds a line break (werkzeug refuses them, our HTTP parser splits at them).

    One join of flat lines: a "name:value" string per header cost more than the rest of the record."""
    request_headers = _header_list(request.headers)
    path = request.path
    if "\n" in path:
        path = path.replace("\n", "%0A")
    lines = [service, request.method, path, str(len(request_headers))]
    for pair in request_headers:
        lines += pair
    for pair in _header_list(response.headers):
        lines += pair
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def _read_text_part(data: bytes) -> tuple[str, str, str, list[tuple[str, str]], list[tuple[str, str]]]:
    service, method, path, count, *rest = data.decode("utf-8", "surrogatepass").split("\n")
    pairs = list(zip(rest[::2], rest[1::2], strict=False))
    return service, method, path, pairs[: int(count)], pairs[int(count) :]


def record_id(record: bytes) -> int:
    return int(_HEAD.unpack_from(record)[0])


class Entry:
    """One answered call, unpacked from its record when the dashboard reads it."""

    __slots__ = (
        "id",
        "time",
        "elapsed_ms",
        "service",
        "method",
        "path",
        "headers",
        "body",
        "status",
        "response_headers",
        "response_body",
    )

    def __init__(self, record: bytes) -> None:
        self.id, self.time, self.elapsed_ms, self.status, text_size, body_size, response_size = (
            _HEAD.unpack_from(record)
        )
        start = _HEAD.size
        service, method, path, headers, response_headers = _read_text_part(record[start : start + text_size])
        self.service: str = service
        self.method: str = method
        self.path: str = path
        self.headers = Headers(headers)
        self.response_headers = Headers(response_headers)
        start += text_size
        self.body = record[start : start + body_size]
        start += body_size
        self.response_body = None if response_size < 0 else record[start : start + response_size]

    def summary(self) -> dict[str, Any]:
        from localstack.services.generic_proxy import operation_name

        request = Request(self.method, self.path, self.body, self.headers)
        try:
            operation = operation_name(self.service, request)
        except Exception:  # noqa: BLE001 - a request the model cannot name is shown by its path
            operation = f"{self.method} {self.path.split('?', 1)[0]}"
        account, region = self.scope()
        return {
            "id": self.id,
            "time": self.time,
            "service": self.service,
            "operation": operation,
            "status": self.status,
            "ms": round(self.elapsed_ms, 1),
            "account": account,
            "region": region,
            "internal": bool(self.headers.get(HEADER_INTERNAL)),
        }

    def scope(self) -> tuple[str, str]:
        """(account, region) the call was signed for; the region is "" for an unsigned call."""
        query = self.path.partition("?")[2]
        scope = request_context.credential_scope(self.headers, query)
        account = request_context.account_for_access_key(request_context.access_key_of(self.headers, query))
        return account, scope[1] if scope else ""

    def detail(self) -> dict[str, Any]:
        from localstack.services.info_endpoints import redact

        return {
            **self.summary(),
            "request": {
                "method": self.method,
                "path": self.path,
                "headers": _shown_headers(self.headers, redact),
                "body": _text(self.body, len(self.body) >= KEPT_BODY_BYTES),
            },
            "response": {
                "status": self.status,
                "headers": _shown_headers(self.response_headers, redact),
                "body": "(streamed, not kept)"
                if self.response_body is None
                else _text(self.response_body, len(self.response_body) >= KEPT_BODY_BYTES),
            },
        }


class RequestLog:
    """The last `size` calls, newest last; `record` is the gateway's hook."""

    def __init__(self, size: int = KEPT_ENTRIES) -> None:
        self.entries: collections.deque[bytes] = collections.deque(maxlen=size)
        self._ids = itertools.count(1)

    def record(self, service: str, request: Request, response: Response, elapsed_ms: float) -> None:
        if _quiet.on:
            return
        self.entries.append(pack(next(self._ids), service, request, response, elapsed_ms))

    def clear(self) -> None:
        """Forget every call (a state reset): ids go on counting, so open streams see only new calls."""
        self.entries.clear()

    def since(self, last_id: int) -> list[Entry]:
        # deque.copy() runs in C under the GIL: no "mutated during iteration" from a concurrent append.
        return [Entry(record) for record in self.entries.copy() if record_id(record) > last_id]

    def find(self, entry_id: int) -> Entry | None:
        for record in self.entries.copy():
            if record_id(record) == entry_id:
                return Entry(record)
        return None

    def seen_scopes(self) -> tuple[set[str], set[str]]:
        """The accounts and regions of the calls still in the log."""
        accounts, regions = {constants.DEFAULT_ACCOUNT_ID}, set()
        for record in self.entries.copy():
            account, region = Entry(record).scope()
            accounts.add(account)
            if region:
                regions.add(region)
        return accounts, regions

    def stream(self, last_id: int, stopped: threading.Event, poll: float = 0.25) -> Iterator[bytes]:
        """Server-sent events of each new call until the emulator stops or the client goes away.

        It polls rather than being woken, so that recording costs the gateway nothing more than the
        append; it ends within `poll` seconds of stop."""
        yield b"retry: 1000\n\n"
        entries = self.entries.copy()
        if last_id > (record_id(entries[-1]) if entries else 0):
            # A page reconnecting after a restart names an id of the old log: it starts over.
            last_id = 0
            yield b"event: reset\ndata: {}\n\n"
        idle = 0.0
        while not stopped.is_set():
            new = self.since(last_id)
            for entry in new:
                yield _event(entry)
                last_id = entry.id
            if new:
                idle = 0.0
            else:
                idle += poll
                if idle >= KEEP_ALIVE_SECONDS:
                    # A comment line: keeps proxies from closing the stream, and finds a client that
                    # went away (its write fails), which frees its connection thread.
                    yield b": keep-alive\n\n"
                    idle = 0.0
            stopped.wait(poll)


def _event(entry: Entry) -> bytes:
    return f"id: {entry.id}\nevent: call\ndata: {json.dumps(entry.summary())}\n\n".encode()


def _shown_headers(headers: Headers, redact: Any) -> list[list[str]]:
    return [[name, redact(value)] for name, value in headers.items()]


def _text(data: bytes, truncated: bool) -> str:
    if not data:
        return ""
    text = data.decode("utf-8", "replace")
    return text + "\n... (truncated)" if truncated else text

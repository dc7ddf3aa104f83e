"""The request log: a bounded ring of the API calls the gateway answered, summarized only when read.

Recording runs on every request, so it only appends references and short prefixes to a deque; the
operation, account and region are worked out when the dashboard reads an entry.
"""

from __future__ import annotations

import collections
import itertools
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

_quiet = threading.local()


class quiet_calls:
    """Within this block, this thread's calls are not recorded (the dashboard's own reads)."""

    def __enter__(self) -> None:
        _quiet.on = True

    def __exit__(self, *exc: object) -> None:
        _quiet.on = False


class Entry:
    """One answered call, as recorded on the hot path."""

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
        "_summary",
    )

    def __init__(
        self,
        entry_id: int,
        service: str,
        request: Request,
        response: Response,
        elapsed_ms: float,
    ) -> None:
        self.id = entry_id
        self.time = time.time()
        self.elapsed_ms = elapsed_ms
        self.service = service
        self.method = request.method
        self.path = request.path
        self.headers = request.headers
        self.body = request.data[:KEPT_BODY_BYTES]
        self.status = response.status_code
        self.response_headers = response.headers
        # A streamed answer (an S3 object being sent) is not read here: only bodies already in memory.
        chunks = response.response
        self.response_body = (
            chunks[0][:KEPT_BODY_BYTES] if isinstance(chunks, list) and len(chunks) == 1 else None
        )
        self._summary: dict[str, Any] | None = None

    def summary(self) -> dict[str, Any]:
        if self._summary is None:
            from localstack.services.generic_proxy import operation_name

            query = self.path.partition("?")[2]
            request = Request(self.method, self.path, self.body, self.headers)
            try:
                operation = operation_name(self.service, request)
            except Exception:  # noqa: BLE001 - a request the model cannot name is shown by its path
                operation = f"{self.method} {self.path.split('?', 1)[0]}"
            scope = request_context.credential_scope(self.headers, query)
            self._summary = {
                "id": self.id,
                "time": self.time,
                "service": self.service,
                "operation": operation,
                "status": self.status,
                "ms": round(self.elapsed_ms, 1),
                "account": request_context.account_for_access_key(
                    request_context.access_key_of(self.headers, query)
                ),
                "region": scope[1] if scope else "",
                "internal": bool(self.headers.get(HEADER_INTERNAL)),
            }
        return self._summary

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
        self.entries: collections.deque[Entry] = collections.deque(maxlen=size)
        self._ids = itertools.count(1)

    def record(self, service: str, request: Request, response: Response, elapsed_ms: float) -> None:
        if getattr(_quiet, "on", False):
            return
        self.entries.append(Entry(next(self._ids), service, request, response, elapsed_ms))

    def clear(self) -> None:
        """Forget every call (a state reset): ids go on counting, so open streams see only new calls."""
        self.entries.clear()

    def since(self, last_id: int) -> list[Entry]:
        # deque.copy() runs in C under the GIL: no "mutated during iteration" from a concurrent append.
        return [entry for entry in self.entries.copy() if entry.id > last_id]

    def find(self, entry_id: int) -> Entry | None:
        for entry in self.entries.copy():
            if entry.id == entry_id:
                return entry
        return None

    def seen_scopes(self) -> tuple[set[str], set[str]]:
        """The accounts and regions of the calls still in the log."""
        accounts, regions = {constants.DEFAULT_ACCOUNT_ID}, set()
        for entry in self.entries.copy():
            summary = entry.summary()
            accounts.add(summary["account"])
            if summary["region"]:
                regions.add(summary["region"])
        return accounts, regions

    def stream(self, last_id: int, stopped: threading.Event, poll: float = 0.25) -> Iterator[bytes]:
        """Server-sent events of each new call until the emulator stops or the client goes away.

        It polls rather than being woken, so that recording costs the gateway nothing more than the
        append; it ends within `poll` seconds of stop."""
        yield b"retry: 1000\n\n"
        entries = self.entries.copy()
        if last_id > (entries[-1].id if entries else 0):
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
    import json

    return f"id: {entry.id}\nevent: call\ndata: {json.dumps(entry.summary())}\n\n".encode()


def _shown_headers(headers: Headers, redact: Any) -> list[list[str]]:
    return [[name, redact(value)] for name, value in headers.items()]


def _text(data: bytes, truncated: bool) -> str:
    if not data:
        return ""
    text = data.decode("utf-8", "replace")
    return text + "\n... (truncated)" if truncated else text

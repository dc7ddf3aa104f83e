"""The write path: which requests change state, and the proxy hook that serialises them, logs them
durably and only then lets the answer go out."""

from __future__ import annotations

import json
import logging
import threading
import time
from contextlib import contextmanager
from typing import Any, Callable, Iterator
from urllib.parse import parse_qsl, urlencode

from werkzeug.wrappers import Response

from localstack import constants
from localstack.persistence import background, determinism, effects
from localstack.persistence.request_log import LogRecord, RequestLog
from localstack.services.backends import MotoBackend
from localstack.services.generic_proxy import ServiceProxy
from localstack.utils.http import SPOOLED_BODY, Request

LOG = logging.getLogger(__name__)

# An operation whose name starts so reads state (or computes) without changing what is stored.
READ_PREFIXES = (
    "Get",
    "List",
    "Describe",
    "Head",
    "Query",
    "Scan",
    "BatchGet",
    "Search",
    "Lookup",
    "Filter",
    "Test",
    "Select",
    "Validate",
    "Estimate",
    "Simulate",
    "Decrypt",
    "Encrypt",
    "ReEncrypt",
    "GenerateDataKey",
    "GenerateRandom",
    "GenerateMac",
    "VerifyMac",
    "Sign",
    "Verify",
    "Invoke",
    "Poll",
    "Check",
    "Preview",
    "Detect",
    "Retrieve",
)
# Waiting for the write lock longer than this means a synchronous chain through another thread
# (a function calling back into a service that waits for it): go on unserialised rather than deadlock.
LOCK_TIMEOUT = 5.0
_SQS_RECEIVE_POLL = 0.2
_MUTATING_METHODS = ("PUT", "POST", "DELETE", "PATCH")


def operation_of(service: str, request: Request) -> str | None:
    target = request.headers.get(constants.HEADER_TARGET)
    if target:
        return target.rpartition(".")[2]
    for source in (request.query_string, _form_text(request)):
        if "Action=" in source:
            for name, value in parse_qsl(source):
                if name == "Action":
                    return value
    return None


def _form_text(request: Request) -> str:
    content_type = request.headers.get("Content-Type") or ""
    if "x-www-form-urlencoded" in content_type and isinstance(request.data, bytes):
        return request.data[:4096].decode("latin-1")
    return ""


def is_write(service: str, request: Request) -> bool:
    """Whether the request may change stored state (then it is serialised and logged)."""
    if service == "s3":
        return request.method in _MUTATING_METHODS and "select" not in request.query_string
    # Query-protocol calls may come as GET too (`GET /?Action=SendMessage&...`).
    operation = operation_of(service, request)
    if operation is None:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return False
        from localstack.utils.aws.request_checks import rest_operation_name

        operation = rest_operation_name(service, request.method, request.path, request.headers)
        if operation is None:
            # Not an API call (API Gateway user requests, function URLs): nothing to keep.
            return False
    return not operation.startswith(READ_PREFIXES)


class _Entry:
    """The request a thread is recording, and whether its record is appended yet."""

    __slots__ = (
        "service",
        "method",
        "path",
        "headers",
        "body",
        "time",
        "seed",
        "committed",
        "log",
        "offset",
        "states",
        "spooled",
    )

    def __init__(
        self, service: str, method: str, path: str, headers: list, body: bytes, moment: float, seed: int
    ) -> None:
        self.service, self.method, self.path, self.headers = service, method, path, headers
        self.body, self.time, self.seed = body, moment, seed
        self.committed = False
        self.log: RequestLog | None = None
        self.offset = 0
        self.states: list[tuple[str, bytes]] = []
        self.spooled: Any = None  # a large body's spool file (S3), logged from that file


class _ThreadState(threading.local):
    depth = 0
    held = False
    entry: _Entry | None = None


class Recorder:
    """Wraps every service proxy's `handle` when PERSISTENCE=1 (and only then)."""

    def __init__(
        self, log: RequestLog, next_seq: int, on_append: Callable[[], None], fsync: bool = False
    ) -> None:
        self.log = log
        self.fsync = fsync
        self.lock = threading.RLock()
        self.seq = next_seq
        self.on_append = on_append
        self.last_write = 0.0
        self.sqs_changed = threading.Condition()
        self.sqs_waiting = 0  # long polls in progress: only then does a write of SQS wake them
        self._local = _ThreadState()
        self.failed = False

    def wrap(self, proxy: ServiceProxy) -> Callable[[Request], Response]:
        service, handle, backend = proxy.service, proxy.handle, proxy.backend

        def persisted_handle(request: Request) -> Response:
            if self._local.depth or not is_write(service, request):
                return handle(request)
            if not determinism._installed:
                determinism.install()
            if not backend.built and isinstance(backend, MotoBackend):
                # Built before the record's seeded section, as a replay does.
                backend.app()
                determinism.adopt_new_modules()
            if service == "s3":
                effects.ensure_installed()
            if service in background.HOOKED_SERVICES:
                background.ensure_installed(service)
            if service == "sqs" and operation_of(service, request) == "ReceiveMessage":
                return self._receive(request, handle)
            return self.record(service, request, handle)

        return persisted_handle

    def record(
        self,
        service: str,
        request: Request,
        handle: Callable[[Request], Response],
        keep: Callable[[Response], bool] | None = None,
    ) -> Response:
        data = request.data if isinstance(request.data, bytes) else bytes(request.data)
        # A large body the service stores from its spool file (S3): logged from that file after success.
        spooled = None if data else request.environ.get(SPOOLED_BODY)
        headers = list(request.headers.items())
        seed = determinism.new_seed()
        local = self._local
        local.held = self.lock.acquire(timeout=LOCK_TIMEOUT)
        if not local.held:
            LOG.warning(
                "persistence: %s write waited %ss for the write lock; going on unserialised",
                service,
                LOCK_TIMEOUT,
            )
        local.depth = 1
        moment = determinism._real_time()
        entry = local.entry = _Entry(service, request.method, request.path, headers, data, moment, seed)
        entry.spooled = spooled
        # A plain PutObject is logged as the object it stored (`effects.py`): it replays far faster.
        watched = spooled is None and effects.watches(service, request)
        if watched:
            effects.begin()
        try:
            with determinism.Recording(seed, moment) as kept:
                response = handle(request)
            entry.headers.extend(kept)
            if not entry.committed and response.status_code < 400 and (keep is None or keep(response)):
                effect = effects.take() if watched else None
                if effect is not None:
                    entry.method, entry.path, entry.headers = effects.METHOD, effects.PATH, []
                    entry.body = effect
                self._commit(entry)
            for path, body in entry.states:
                self._append_state(service, path, body)
            log, end = self.log, self.log.size
        finally:
            if watched:
                effects.end()
            local.depth = 0
            local.entry = None
            if local.held:
                local.held = False
                self.lock.release()
        # In the file before the answer goes out (so it survives kill -9), written after the lock is
        # let go: the next write runs meanwhile, and one `write` carries every record queued by then.
        log.write(end)
        if entry.offset and self.fsync:
            # On disk too (PERSISTENCE_FSYNC=1); one fdatasync serves every writer waiting here.
            # Otherwise the compactor thread syncs it within SYNC_INTERVAL.
            entry.log.sync(entry.offset)
        return response

    def _commit(self, entry: _Entry) -> None:
        """Append the request's record (the write lock is held)."""
        self.seq += 1
        log = entry.log = self.log
        fields = (entry.service, entry.method, entry.path, entry.headers, entry.body, entry.time, entry.seed)
        record = LogRecord(self.seq, *fields)
        spooled = entry.spooled
        if spooled is not None and not spooled.file.closed:
            try:
                entry.offset = log.append_body_file(record, spooled.file.fileno(), spooled.size)
            except ValueError as error:
                # Kept from the next snapshot on; a crash before it would lose this body.
                LOG.warning("persistence: %s %s not logged: %s", entry.service, entry.path, error)
        else:
            entry.offset = log.append(record)
        entry.committed = True
        self.last_write = time.monotonic()
        self.on_append()
        if entry.service == "sqs" and self.sqs_waiting:
            with self.sqs_changed:
                self.sqs_changed.notify_all()

    @contextmanager
    def detached(self) -> Iterator[None]:
        """For a request that waits for background work it started: its record is appended now
        (what it changed is done) and the write lock is let go until the wait is over, so the
        work's own writes are logged after it, in the order they happen."""
        local = self._local
        entry = local.entry
        if entry is None or entry.committed:
            yield
            return
        self._commit(entry)
        held = local.held
        if held:
            local.held = False
            self.lock.release()
        entry.log.write(entry.offset)  # type: ignore[union-attr]
        try:
            yield
        finally:
            if held:
                local.held = self.lock.acquire(timeout=LOCK_TIMEOUT)

    def record_state(self, service: str, path: str, body: Callable[[], bytes | None]) -> None:
        """Log what background work left behind (`background.py`) as a record of its own; `body`
        is made while no other write runs."""
        entry = self._local.entry
        if entry is not None:
            # Inside a request of this thread (which holds the lock): after that request's record.
            data = body()
            if data is not None:
                entry.states.append((path, data))
            return
        acquired = self.lock.acquire(timeout=LOCK_TIMEOUT)
        try:
            data = body()
            if data is not None:
                self._append_state(service, path, data)
            log = self.log
        finally:
            if acquired:
                self.lock.release()
        log.write()

    def _append_state(self, service: str, path: str, body: bytes) -> None:
        from localstack.persistence.background import STATE_METHOD

        self.seq += 1
        self.log.append(
            LogRecord(self.seq, service, STATE_METHOD, path, [], body, determinism._real_time(), 0)
        )
        self.last_write = time.monotonic()
        self.on_append()

    def _receive(self, request: Request, handle: Callable[[Request], Response]) -> Response:
        """Long polls wait outside the write lock: each try asks moto without waiting, under the lock."""
        wait, queue = _receive_wait(request)
        # Without a wait the request is asked as it came (no re-encoded copy).
        attempt = _without_wait(request) if wait > 0 else request
        deadline = time.monotonic() + wait
        # An empty answer changed nothing, unless it moved messages to a dead-letter queue.
        has_dlq = queue is not None and getattr(queue, "dead_letter_queue", None) is not None
        keep = None if has_dlq else _has_messages
        response = self.record("sqs", attempt, handle, keep=keep)
        if response.status_code >= 400 or _has_messages(response) or wait <= 0:
            return response
        with self.sqs_changed:
            self.sqs_waiting += 1
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return response
                with self.sqs_changed:
                    self.sqs_changed.wait(min(_SQS_RECEIVE_POLL, remaining))
                response = self.record("sqs", attempt, handle, keep=keep)
                if response.status_code >= 400 or _has_messages(response):
                    return response
        finally:
            with self.sqs_changed:
                self.sqs_waiting -= 1


def _has_messages(response: Response) -> bool:
    body = response.get_data()
    return b'"Messages"' in body or b"<Message>" in body


def _receive_wait(request: Request) -> tuple[float, object | None]:
    """(seconds to wait, moto's queue): the request's WaitTimeSeconds, else the queue's default."""
    params = _params(request)
    queue = _queue_of(request, params.get("QueueUrl", ""))
    raw = params.get("WaitTimeSeconds")
    try:
        if raw is not None and raw != "":
            return max(0.0, min(float(raw), 20.0)), queue
        return float(getattr(queue, "receive_message_wait_time_seconds", 0) or 0), queue
    except (TypeError, ValueError):
        return 0.0, queue


def _params(request: Request) -> dict:
    if request.headers.get(constants.HEADER_TARGET):
        try:
            return json.loads(request.data or b"{}")
        except ValueError:
            return {}
    params = dict(parse_qsl(request.query_string))
    params.update(parse_qsl(_form_text(request) or ""))
    return params


def _queue_of(request: Request, queue_url: str) -> object | None:
    from localstack.utils.aws import request_context

    try:
        from moto.sqs.models import sqs_backends

        scope = request_context.credential_scope(request.headers, request.query_string)
        region = scope[1] if scope else constants.DEFAULT_REGION
        account = request_context.account_for_access_key(
            request_context.access_key_of(request.headers, request.query_string)
        )
        name = queue_url.rstrip("/").rpartition("/")[2] or request.path_only.rstrip("/").rpartition("/")[2]
        return sqs_backends[account][region].get_queue(name)
    except Exception:  # noqa: BLE001 - an unknown queue is answered by SQS itself
        return None


def _without_wait(request: Request) -> Request:
    if request.headers.get(constants.HEADER_TARGET):
        try:
            body = json.loads(request.data or b"{}")
        except ValueError:
            return request
        body["WaitTimeSeconds"] = 0
        data = json.dumps(body).encode()
        path = request.path
    else:
        form = _form_text(request)
        if form:
            pairs = [(k, v) for k, v in parse_qsl(request.data.decode("latin-1"), keep_blank_values=True)]
            pairs = [(k, v) for k, v in pairs if k != "WaitTimeSeconds"] + [("WaitTimeSeconds", "0")]
            data, path = urlencode(pairs).encode(), request.path
        else:
            pairs = [(k, v) for k, v in parse_qsl(request.query_string, keep_blank_values=True)]
            pairs = [(k, v) for k, v in pairs if k != "WaitTimeSeconds"] + [("WaitTimeSeconds", "0")]
            data, path = request.data, f"{request.path_only}?{urlencode(pairs)}"
    headers = request.headers.copy()
    headers["Content-Length"] = str(len(data))
    return Request(request.method, path, data, headers, request.environ)

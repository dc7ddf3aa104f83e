"""Each invocation's log (START, the function's output, END, REPORT): returned as `LogType=Tail` and
shipped to CloudWatch Logs `/aws/lambda/<name>`, one stream per worker, batched off the request path."""

from __future__ import annotations

import base64
import logging
import math
import threading
import time
from collections import defaultdict

from localstack.services.awslambda.functions import FunctionSpec
from localstack.services.awslambda.workers import Invocation

LOG = logging.getLogger(__name__)
TAIL_BYTES = 4096


def invocation_log(spec: FunctionSpec, invocation: Invocation, max_memory_mb: int) -> list[str]:
    request_id = invocation.request_id
    started = invocation.started or invocation.ended
    duration_ms = max(0.0, (invocation.ended - started) * 1000) if invocation.ended else 0.0
    report = (
        f"REPORT RequestId: {request_id}\tDuration: {duration_ms:.2f} ms\t"
        f"Billed Duration: {max(1, math.ceil(duration_ms))} ms\tMemory Size: {spec.memory} MB\t"
        f"Max Memory Used: {max_memory_mb} MB\t"
    )
    if invocation.init_duration_ms is not None:
        report += f"Init Duration: {invocation.init_duration_ms:.2f} ms\t"
    lines = [f"START RequestId: {request_id} Version: {spec.version}", *invocation.log_lines]
    lines += [f"END RequestId: {request_id}", report]
    if invocation.timed_out:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
        lines.append(f"{stamp}.000Z {request_id} Task timed out after {invocation.timeout:.2f} seconds")
    return lines


def tail(lines: list[str]) -> str:
    """X-Amz-Log-Result: base64 of the last 4 KB of the invocation's log."""
    text = ("\n".join(lines) + "\n").encode("utf-8")
    return base64.b64encode(text[-TAIL_BYTES:]).decode()


class LogShipper:
    """Buffers events per (account, region, group, stream); one background worker ships them every
    FLUSH_INTERVAL seconds in batches, so an invoke never pays for a PutLogEvents call."""

    FLUSH_INTERVAL = 0.2

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[tuple[str, str, str, str], list[dict]] = defaultdict(list)
        self._created: set[tuple[str, str, str, str]] = set()
        self._started = False

    def ship(self, spec: FunctionSpec, stream: str, lines: list[str]) -> None:
        now = int(time.time() * 1000)
        key = (spec.account, spec.region, f"/aws/lambda/{spec.name}", stream)
        with self._lock:
            self._pending[key].extend({"timestamp": now, "message": line} for line in lines)
            if self._started:
                return
            self._started = True
        from localstack.services import infra

        emulator = infra.current()
        emulator.start_worker("lambda-logs", self._loop)
        emulator.on_stop(self.flush_all)

    def _loop(self, stop: threading.Event) -> None:
        while not stop.wait(self.FLUSH_INTERVAL):
            self.flush_all()

    def flush_all(self) -> None:
        with self._lock:
            keys = list(self._pending)
        for key in keys:
            try:
                self._flush(key)
            except Exception:
                LOG.exception("Could not ship Lambda logs to %s", key[2])

    def _flush(self, key: tuple[str, str, str, str]) -> None:
        from localstack.utils.aws.internal_client import connect_to

        account, region, group, stream = key
        client = connect_to("logs", account, region)
        while True:
            with self._lock:
                events = self._pending.pop(key, [])
                if not events:
                    return
            if key not in self._created:
                for create, kwargs in (
                    (client.create_log_group, {"logGroupName": group}),
                    (client.create_log_stream, {"logGroupName": group, "logStreamName": stream}),
                ):
                    try:
                        create(**kwargs)
                    except client.exceptions.ResourceAlreadyExistsException:
                        pass
                self._created.add(key)
            try:
                for start in range(0, len(events), 5000):
                    client.put_log_events(
                        logGroupName=group, logStreamName=stream, logEvents=events[start : start + 5000]
                    )
            except client.exceptions.ResourceNotFoundException:
                # The group or stream was deleted meanwhile: make them again next round.
                self._created.discard(key)
                with self._lock:
                    self._pending[key][:0] = events
                return


shipper = LogShipper()

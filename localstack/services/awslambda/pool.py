"""Warm workers per function version: reused while idle, more for concurrent invokes up to the reserved
concurrency, ended after LAMBDA_IDLE_SECONDS idle, on code or config change, and when the emulator stops."""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict

from localstack.config import get_config
from localstack.services.awslambda.functions import FunctionSpec
from localstack.services.awslambda.workers import Invocation, Worker
from localstack.utils.aws.errors import AWSError

LOG = logging.getLogger(__name__)


def idle_seconds() -> float:
    """LAMBDA_IDLE_SECONDS: how long an unused worker stays warm (default 300)."""
    return get_config().lambda_idle_seconds


def max_workers() -> int:
    """LAMBDA_MAX_WORKERS: worker processes on this host at most (further invokes wait for one)."""
    return get_config().lambda_max_workers


class TooManyRequests(AWSError):
    def __init__(self) -> None:
        super().__init__("TooManyRequestsException", "Rate Exceeded.", 429)


class WorkerPools:
    """Every worker of this emulator, grouped by `FunctionSpec.pool_key`."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._idle: dict[str, list[Worker]] = defaultdict(list)
        self._busy_by_arn: dict[str, int] = defaultdict(int)
        self._all: set[Worker] = set()
        # function ARN -> when its code or config changed: workers made before then end on release
        self._retired: dict[str, float] = {}
        self._stopped = False

    def acquire(self, spec: FunctionSpec, wait: bool) -> Worker:
        """A warm worker if one is idle, else a new one; TooManyRequests beyond reserved concurrency
        (or a wait for a slot, for queued asynchronous invokes)."""
        key = spec.pool_key
        with self._cond:
            while True:
                if self._stopped:
                    raise AWSError("ServiceException", "The emulator is stopping.", 500)
                limit = spec.reserved_concurrency
                if limit is not None and self._busy_by_arn[spec.arn] >= limit:
                    if not wait:
                        raise TooManyRequests()
                    self._cond.wait(0.5)
                    continue
                idle = self._idle.get(key)
                while idle:
                    worker = idle.pop()
                    if not worker.dead:
                        self._busy_by_arn[spec.arn] += 1
                        return worker
                    self._all.discard(worker)
                if len(self._all) >= max_workers() and not self._evict_one_idle():
                    self._cond.wait(0.5)
                    continue
                self._busy_by_arn[spec.arn] += 1
                break
        worker = Worker(spec)
        try:
            worker.start()
        except BaseException:
            self._release_slot(spec.arn)
            worker.kill()
            raise
        with self._cond:
            self._all.add(worker)
        return worker

    def _evict_one_idle(self) -> bool:
        oldest: Worker | None = None
        for workers in self._idle.values():
            for worker in workers:
                if oldest is None or worker.last_used < oldest.last_used:
                    oldest = worker
        if oldest is None:
            return False
        self._idle[oldest.spec.pool_key].remove(oldest)
        self._all.discard(oldest)
        oldest.kill()
        return True

    def _release_slot(self, arn: str) -> None:
        with self._cond:
            self._busy_by_arn[arn] -= 1
            self._cond.notify_all()

    def release(self, worker: Worker) -> None:
        with self._cond:
            self._busy_by_arn[worker.spec.arn] -= 1
            stale = worker.created < self._retired.get(worker.spec.arn, -1.0)
            keep = not worker.dead and not self._stopped and not stale
            if keep:
                self._idle[worker.spec.pool_key].append(worker)
            else:
                self._all.discard(worker)
            self._cond.notify_all()
        if not keep:
            worker.kill()

    def run(self, spec: FunctionSpec, invocation: Invocation, wait: bool = False) -> Worker:
        worker = self.acquire(spec, wait)
        try:
            worker.run(invocation)
        finally:
            self.release(worker)
        return worker

    def retire(self, arn: str) -> None:
        """End the function's idle workers now and its busy ones when they finish (code/config changed)."""
        victims = []
        with self._cond:
            self._retired[arn] = time.monotonic()
            for key, workers in self._idle.items():
                keep = [worker for worker in workers if worker.spec.arn != arn]
                victims += [worker for worker in workers if worker.spec.arn == arn]
                self._idle[key] = keep
            self._all.difference_update(victims)
        for worker in victims:
            worker.kill()

    def reap_idle(self, max_idle: float) -> int:
        now = time.monotonic()
        victims = []
        with self._cond:
            for key, workers in self._idle.items():
                victims += [w for w in workers if w.dead or now - w.last_used > max_idle]
                self._idle[key] = [w for w in workers if not (w.dead or now - w.last_used > max_idle)]
            self._all.difference_update(victims)
        for worker in victims:
            worker.kill()
        return len(victims)

    def stop_all(self, final: bool = True) -> None:
        with self._cond:
            self._stopped = final
            workers = list(self._all)
            self._all.clear()
            self._idle.clear()
            self._cond.notify_all()
        for worker in workers:
            worker.kill()

    def count(self) -> int:
        return len(self._all)


_pools: WorkerPools | None = None
_pools_lock = threading.Lock()


def pools() -> WorkerPools:
    """The emulator's worker pools; the first call registers the idle reaper and the stop/reset hooks."""
    global _pools
    if _pools is not None:
        return _pools
    with _pools_lock:
        if _pools is None:
            from localstack.services import infra

            created = WorkerPools()
            emulator = infra.current()

            def reap(stop: threading.Event) -> None:
                while not stop.wait(min(10.0, idle_seconds())):
                    try:
                        created.reap_idle(idle_seconds())
                    except Exception:
                        LOG.exception("Error ending idle Lambda workers")

            emulator.on_stop(created.stop_all)
            emulator.on_reset(lambda: created.stop_all(final=False))
            emulator.start_worker("lambda-idle-reaper", reap)
            _pools = created
    return _pools

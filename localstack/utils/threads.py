"""The event dispatcher: one bounded pool for every asynchronous delivery, retried then logged."""

from __future__ import annotations

import collections
import itertools
import logging
import threading
import time
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from concurrent.futures import Future

LOG = logging.getLogger(__name__)

# A worker with nothing to do for this long ends. A thread made under load lives on in its objects (the
# Thread, its locks, events and thread-local dicts), one or two in each pymalloc arena the load filled; kept
# for good, they held those arenas after the load's data was deleted (the soak's RSS stayed up).
IDLE_WORKER_SECONDS = 2.0


class WorkerPool:
    """Threads made as work arrives, up to `max_workers`; each ends after `idle_seconds` without work."""

    def __init__(self, max_workers: int, name: str, idle_seconds: float = IDLE_WORKER_SECONDS) -> None:
        from concurrent.futures import Future

        self._future = Future
        self.max_workers = max_workers
        self.name = name
        self.idle_seconds = idle_seconds
        self._work: collections.deque[tuple[Future, Callable[..., Any], tuple]] = collections.deque()
        self._cond = threading.Condition()
        self._idle = 0
        self._threads: set[threading.Thread] = set()
        self._numbers = itertools.count(1)
        self._closed = False

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        future = self._future()
        with self._cond:
            if self._closed:
                raise RuntimeError("cannot schedule new work after shutdown")
            self._work.append((future, fn, args))
            if self._idle < len(self._work) and len(self._threads) < self.max_workers:
                name = f"{self.name}_{next(self._numbers)}"
                thread = threading.Thread(target=self._run, name=name, daemon=True)
                self._threads.add(thread)
                thread.start()
            else:
                self._cond.notify()
        return future

    def _run(self) -> None:
        me = threading.current_thread()
        while True:
            with self._cond:
                self._idle += 1
                deadline = time.monotonic() + self.idle_seconds
                while not self._work and not self._closed:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        break
                    self._cond.wait(remaining)
                self._idle -= 1
                if not self._work:
                    self._threads.discard(me)
                    return
                future, fn, args = self._work.popleft()
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(fn(*args))
                except BaseException as error:  # noqa: BLE001 - handed to the future's owner
                    future.set_exception(error)
            del future, fn, args

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        with self._cond:
            self._closed = True
            if cancel_futures:
                while self._work:
                    self._work.popleft()[0].cancel()
            self._cond.notify_all()
            threads = list(self._threads)
        if wait:
            for thread in threads:
                if thread is not threading.current_thread():
                    thread.join()


class EventDispatcher:
    """Runs deliveries off the request thread; `synchronous=True` runs them in the caller."""

    def __init__(self, max_workers: int = 8, retries: int = 2, retry_delay: float = 0.1) -> None:
        self.retries = retries
        self.retry_delay = retry_delay
        self.max_workers = max_workers
        # Made at the first delivery: concurrent.futures (5 modules) stays out of start-up.
        self._pool: WorkerPool | None = None
        self._pool_lock = threading.Lock()
        self._closed = threading.Event()

    def submit(self, delivery: Callable[..., Any], *args: Any, synchronous: bool = False) -> Future | None:
        if synchronous:
            self._deliver(delivery, args)
            return None
        if self._closed.is_set():
            LOG.warning(
                "Dispatcher stopped; delivering %s in the caller", getattr(delivery, "__name__", delivery)
            )
            self._deliver(delivery, args)
            return None
        return self._executor().submit(self._deliver, delivery, args)

    def _executor(self) -> WorkerPool:
        pool = self._pool
        if pool is None:
            with self._pool_lock:
                if self._pool is None:
                    self._pool = WorkerPool(self.max_workers, "ls-events")
                pool = self._pool
        return pool

    def _deliver(self, delivery: Callable[..., Any], args: tuple) -> None:
        for attempt in range(self.retries + 1):
            try:
                delivery(*args)
                return
            except Exception:
                if attempt == self.retries:
                    LOG.exception(
                        "Delivery %s failed after %d attempts",
                        getattr(delivery, "__name__", delivery),
                        attempt + 1,
                    )
                    return
                time.sleep(self.retry_delay * (2**attempt))

    def shutdown(self, wait: bool = True) -> None:
        self._closed.set()
        with self._pool_lock:
            pool = self._pool
        if pool is not None:
            pool.shutdown(wait=wait, cancel_futures=not wait)


def _name(delivery: Callable[..., Any]) -> str:
    return getattr(delivery, "__name__", repr(delivery))

"""The event dispatcher: one bounded pool for every asynchronous delivery, retried then logged."""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

LOG = logging.getLogger(__name__)


class EventDispatcher:
    """Runs deliveries off the request thread; `synchronous=True` runs them in the caller."""

    def __init__(self, max_workers: int = 8, retries: int = 2, retry_delay: float = 0.1) -> None:
        self.retries = retries
        self.retry_delay = retry_delay
        self.max_workers = max_workers
        # Made at the first delivery: concurrent.futures (5 modules) stays out of start-up.
        self._pool: ThreadPoolExecutor | None = None
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

    def _executor(self) -> ThreadPoolExecutor:
        pool = self._pool
        if pool is None:
            with self._pool_lock:
                if self._pool is None:
                    from concurrent.futures import ThreadPoolExecutor

                    self._pool = ThreadPoolExecutor(self.max_workers, thread_name_prefix="ls-events")
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

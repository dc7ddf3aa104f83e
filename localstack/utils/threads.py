"""The event dispatcher: one bounded pool for every asynchronous delivery, retried then logged."""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable

LOG = logging.getLogger(__name__)


class EventDispatcher:
    """Runs deliveries off the request thread; `synchronous=True` runs them in the caller."""

    def __init__(self, max_workers: int = 8, retries: int = 2, retry_delay: float = 0.1) -> None:
        self.retries = retries
        self.retry_delay = retry_delay
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="ls-events")
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
        return self._pool.submit(self._deliver, delivery, args)

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
        self._pool.shutdown(wait=wait, cancel_futures=not wait)


def _name(delivery: Callable[..., Any]) -> str:
    return getattr(delivery, "__name__", repr(delivery))

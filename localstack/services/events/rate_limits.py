"""An API destination's InvocationRateLimitPerSecond: at most that many requests reach its endpoint in
any one second. AWS queues the events over the limit and sends them later; so do we. A delivery within
the limit is sent by the worker that carries it; the ones over it wait in the destination's queue,
drained in order by a single worker at a time, so a throttled destination holds at most one of the
dispatcher's workers (and the caller alone under synchronous delivery)."""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from typing import Callable

LOG = logging.getLogger(__name__)
WINDOW_SECONDS = 1.0


class DestinationLimiter:
    """The sends of one destination: the times of the last `rate` sends and the deliveries waiting."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sent: deque[float] = deque()
        self.waiting: deque[Callable[[], None]] = deque()
        self.draining = False

    def _free_at(self, rate: int, now: float) -> float:
        """When the next send may go: now, unless `rate` sends went out in the last second."""
        while len(self.sent) > rate:
            self.sent.popleft()
        if len(self.sent) < rate:
            return now
        return max(now, self.sent[0] + WINDOW_SECONDS)

    def _take(self, rate: int, now: float) -> None:
        self.sent.append(now)
        while len(self.sent) > rate:
            self.sent.popleft()

    def run(self, rate: int, send: Callable[[], None]) -> None:
        rate = max(int(rate), 1)
        with self.lock:
            now = time.monotonic()
            if not self.draining and not self.waiting and self._free_at(rate, now) <= now:
                self._take(rate, now)
                ready = True
            else:
                self.waiting.append(send)
                if self.draining:
                    return  # the worker draining this destination sends it in its turn
                self.draining, ready = True, False
        if ready:
            send()
            return
        self._drain(rate)

    def _drain(self, rate: int) -> None:
        while True:
            with self.lock:
                if not self.waiting:
                    self.draining = False
                    return
                now = time.monotonic()
                free_at = self._free_at(rate, now)
                send = None
                if free_at <= now:
                    send = self.waiting.popleft()
                    self._take(rate, now)
            if send is None:
                time.sleep(free_at - now)
                continue
            try:
                send()
            except Exception:
                LOG.exception("API destination delivery failed")


_limiters: dict[str, DestinationLimiter] = {}
_limiters_lock = threading.Lock()


def limiter(destination_arn: str) -> DestinationLimiter:
    with _limiters_lock:
        found = _limiters.get(destination_arn)
        if found is None:
            found = _limiters[destination_arn] = DestinationLimiter()
        return found

"""The API destination limiter: at most `rate` sends in any second, in arrival order, none lost, and
one waiting worker per destination."""

from __future__ import annotations

import threading
import time

from localstack.services.events.rate_limits import DestinationLimiter


def test_sends_within_the_rate_go_at_once() -> None:
    limiter = DestinationLimiter()
    sent: list[float] = []
    started = time.monotonic()
    for _ in range(3):
        limiter.run(3, lambda: sent.append(time.monotonic()))
    assert len(sent) == 3 and sent[-1] - started < 0.5


def test_sends_over_the_rate_wait_their_turn_in_order() -> None:
    limiter = DestinationLimiter()
    sent: list[tuple[int, float]] = []
    blocked: list[int] = []

    def carry(n: int) -> None:
        # Each worker hands its send to the limiter; returning early means another worker drains it.
        limiter.run(2, lambda: sent.append((n, time.monotonic())))
        blocked.append(n)

    workers = []
    for n in range(5):
        worker = threading.Thread(target=carry, args=(n,))
        worker.start()
        workers.append(worker)
        time.sleep(0.01)  # arrival order
    for worker in workers:
        worker.join(timeout=10)
    assert [n for n, _ in sent] == [0, 1, 2, 3, 4]
    times = [at for _, at in sent]
    assert all(times[i + 2] - times[i] >= 0.99 for i in range(len(times) - 2)), times
    assert len(blocked) == 5


def test_a_failing_send_does_not_stop_the_queue() -> None:
    limiter = DestinationLimiter()
    sent: list[int] = []

    def fail() -> None:
        raise RuntimeError("endpoint down")

    limiter.run(1, lambda: sent.append(0))
    done = threading.Thread(target=limiter.run, args=(1, fail))
    done.start()
    time.sleep(0.05)
    limiter.run(1, lambda: sent.append(2))  # queued behind the failing one, drained by its worker
    done.join(timeout=5)
    deadline = time.monotonic() + 5
    while len(sent) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sent == [0, 2]

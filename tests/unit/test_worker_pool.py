"""The event dispatcher's worker pool: bounded threads, results in futures, idle workers end."""

from __future__ import annotations

import threading
import time

import pytest

from localstack.utils.threads import WorkerPool


def _threads_named(prefix: str) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(prefix + "_")]


def test_results_and_errors_reach_the_futures() -> None:
    pool = WorkerPool(2, "wp-results", idle_seconds=5)
    try:
        assert pool.submit(lambda a, b: a + b, 2, 3).result(5) == 5
        with pytest.raises(ZeroDivisionError):
            pool.submit(lambda: 1 / 0).result(5)
    finally:
        pool.shutdown()


def test_no_more_threads_than_max_workers_and_all_work_runs() -> None:
    pool = WorkerPool(3, "wp-bounded", idle_seconds=5)
    release = threading.Event()
    running: list[int] = []
    lock = threading.Lock()

    def work(i: int) -> int:
        with lock:
            running.append(i)
        release.wait(5)
        return i

    try:
        futures = [pool.submit(work, i) for i in range(10)]
        time.sleep(0.2)
        assert len(_threads_named("wp-bounded")) == 3
        assert len(running) == 3
        release.set()
        assert sorted(f.result(5) for f in futures) == list(range(10))
    finally:
        pool.shutdown()


def test_an_idle_worker_ends_and_a_new_one_serves_later_work() -> None:
    pool = WorkerPool(4, "wp-idle", idle_seconds=0.2)
    try:
        assert pool.submit(threading.get_ident).result(5)
        deadline = time.monotonic() + 5
        while _threads_named("wp-idle") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _threads_named("wp-idle") == []
        assert pool.submit(lambda: "again").result(5) == "again"
    finally:
        pool.shutdown()


def test_shutdown_cancels_queued_work_and_refuses_new_work() -> None:
    pool = WorkerPool(1, "wp-stop", idle_seconds=5)
    release = threading.Event()
    first = pool.submit(release.wait, 5)
    queued = pool.submit(lambda: "never")
    time.sleep(0.1)
    pool.shutdown(wait=False, cancel_futures=True)
    assert queued.cancelled()
    release.set()
    assert first.result(5) is True
    with pytest.raises(RuntimeError):
        pool.submit(lambda: None)

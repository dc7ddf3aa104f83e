"""Server CPU per call of a grown store, judged against a reference server that holds only the small
store: blocks of calls alternate between the two servers, so the machine's load falls on both alike,
and a cost that grew with the whole process's data (not the store's) would show, as it cannot when
both stores live in one process (bench.growth --paired). Used by bench_dynamodb and bench_s3_listing."""

from __future__ import annotations

import statistics
import time
from typing import Callable

from bench.growth import _cpu_delta_ns, _thread_cpu_ns

BLOCKS = 10
PER_BLOCK = 10
WARM_UP = 3
# A server spending less CPU than this per second of waiting runs no background work worth waiting for.
QUIET_MS_PER_S = 5.0


def wait_quiet(pids: list[int], timeout: float = 30.0) -> float:
    """Until every server spends less than QUIET_MS_PER_S of CPU per second; the seconds waited."""
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        before = {pid: _thread_cpu_ns(pid) for pid in pids}
        time.sleep(0.5)
        busy = [_cpu_delta_ns(before[pid], _thread_cpu_ns(pid)) / 1e6 for pid in pids]
        if max(busy) < QUIET_MS_PER_S / 2:
            break
    return round(time.monotonic() - began, 1)


def alternate(
    sides: dict[str, tuple[int, Callable[[], object]]], blocks: int = BLOCKS, per_block: int = PER_BLOCK
) -> dict[str, dict[str, float]]:
    """For each side (server pid, call): server CPU microseconds per call, every thread's schedstat, as
    the median of `blocks` blocks (a collector pass over the whole heap lands in one block: shown as the
    costliest block, kept out of the per-call figure), the sides' blocks taken in turn."""
    for _, call in sides.values():
        for _ in range(WARM_UP):
            call()
    spent: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(blocks):
        for name, (pid, call) in sides.items():
            before = _thread_cpu_ns(pid)
            for _ in range(per_block):
                call()
            spent[name].append(_cpu_delta_ns(before, _thread_cpu_ns(pid)) / 1000 / per_block)
    return {
        name: {"median_us": round(statistics.median(values), 1), "max_block_us": round(max(values), 1)}
        for name, values in spent.items()
    }

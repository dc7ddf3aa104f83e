"""Gives back to the OS the memory freed by large deletes (buckets, queues, tables): glibc keeps freed
chunks in each thread's arena, and CPython keeps each 1 MiB arena of small objects while one block in it
is live, so RSS stayed near its peak."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import os
import sys
import threading
import urllib.parse
from collections.abc import Callable, Mapping

LOG = logging.getLogger(__name__)

# Below this much free memory held, trimming is not worth the page faults of reusing it.
TRIM_THRESHOLD_BYTES = 16 * 1024 * 1024
TRIM_INTERVAL_SECONDS = 5.0


# mallopt parameters (malloc.h) and the values a threaded server wants.
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD, M_ARENA_MAX = -1, -3, -8
ALLOCATOR_SETTINGS: dict[str, tuple[int, int]] = {
    # glibc gives each thread that mallocs its own arena, up to 8 per core (16 here), and a freed
    # chunk goes back to the arena that made it: 120 connection threads left ~9 MB free, spread
    # over 16 arenas, after a soak's data was deleted. The GIL serialises almost every malloc, so
    # more arenas than 2 buy no throughput.
    "ARENA_MAX": (M_ARENA_MAX, 2),
}


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def _load_libc() -> ctypes.CDLL:
    # glibc's soname first: find_library runs ldconfig in a subprocess (7 ms of start-up).
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return ctypes.CDLL(ctypes.util.find_library("c"))


class Allocator:
    """glibc's malloc statistics and trim; does nothing elsewhere (musl, macOS)."""

    def __init__(self) -> None:
        self._libc = None
        if sys.platform.startswith("linux"):
            try:
                libc = _load_libc()
                libc.mallinfo2.restype = _MallInfo2
                libc.malloc_trim.argtypes = [ctypes.c_size_t]
                libc.malloc_trim.restype = ctypes.c_int
                libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
                libc.mallopt.restype = ctypes.c_int
                self._libc = libc
            except (OSError, AttributeError):
                self._libc = None

    def configure(self, environ: Mapping[str, str] = os.environ) -> dict[str, int]:
        """Sets the allocator's tunables for a long-running server, before its threads start (what
        glibc's MALLOC_* variables set, left to the user where they set one); what it set."""
        if self._libc is None:
            return {}
        applied = {}
        for name, (param, value) in ALLOCATOR_SETTINGS.items():
            tunable = f"glibc.malloc.{name.lower()}="
            if {f"MALLOC_{name}", f"MALLOC_{name}_"} & environ.keys() or tunable in environ.get(
                "GLIBC_TUNABLES", ""
            ):
                continue
            if self._libc.mallopt(param, value) == 1:
                applied[name] = value
        return applied

    @property
    def available(self) -> bool:
        return self._libc is not None

    def free_held(self) -> int:
        """Bytes the allocator holds free in all its arenas (0 when unknown)."""
        if self._libc is None:
            return 0
        return int(self._libc.mallinfo2().fordblks)

    def trim(self) -> None:
        if self._libc is not None:
            self._libc.malloc_trim(0)

    def trim_if_worthwhile(self, threshold: int = TRIM_THRESHOLD_BYTES) -> int:
        """Trim when at least `threshold` bytes are held free; the bytes held before (0 if no trim)."""
        held = self.free_held()
        if held < threshold:
            return 0
        self.trim()
        return held


# A drop of live small-object blocks this large, from their highest count since the last release, is a
# large delete: below it (a steady load's ups and downs) no full collection is worth its pause.
DROP_MIN_BLOCKS = 50_000
DROP_FRACTION = 0.2


# Caches of ours emptied with the interpreter's after a large delete (see `release_pinned_arenas`).
_released_caches: list[Callable[[], None]] = []


def release_after_large_deletes(clear: Callable[[], None]) -> None:
    """Registers `clear` (a cache's own clear) to run when a large delete is over.

    A cache of request-dependent keys (URL paths holding S3 keys) is filled while a large data set is
    live, so its entries sit in the arenas that data filled; after the data is deleted they alone keep
    those arenas resident. Measured in the soak: the edge's (path, method) match cache held 418 entries
    in arenas made during the soak, none of which could be given back."""
    _released_caches.append(clear)


def release_pinned_arenas() -> None:
    """Frees the small objects that outlive a large delete only in caches of the interpreter itself.

    Under load they are made and replaced all the time, so the last ones sit in arenas the delete
    otherwise emptied, one or two blocks each (the soak's RSS stayed 30 MB up): the free lists of
    tuples, lists, dicts and floats (a full collection empties them, and frees cyclic garbage),
    urlsplit's cache of the last 128 URLs, and the type attribute cache, which keeps the names of
    attributes looked up by a computed name (botocore's `_parse_structure` and the like)."""
    cache_clear = getattr(urllib.parse.urlsplit, "cache_clear", None)
    if cache_clear is not None:
        cache_clear()
    for clear in list(_released_caches):
        clear()
    clear_type_cache = getattr(sys, "_clear_type_cache", None)
    if clear_type_cache is not None:
        clear_type_cache()
    gc.collect()


class SmallObjects:
    """Watches the count of CPython's small-object blocks; once a large drop is over, releases the
    arenas it left pinned."""

    def __init__(self, min_drop: int = DROP_MIN_BLOCKS, fraction: float = DROP_FRACTION) -> None:
        self.min_drop = min_drop
        self.fraction = fraction
        self.peak = self.last = sys.getallocatedblocks()

    def release_if_dropped(self) -> bool:
        current = sys.getallocatedblocks()
        # Still falling (a delete of many keys in progress): wait, or its end stays pinned.
        falling = self.last - current > self.min_drop // 10
        self.last = current
        if current >= self.peak:
            self.peak = current
            return False
        if falling or self.peak - current < max(self.min_drop, self.peak * self.fraction):
            return False
        release_pinned_arenas()
        self.peak = self.last = sys.getallocatedblocks()
        return True


def trim_loop(stop: threading.Event, interval: float = TRIM_INTERVAL_SECONDS) -> None:
    """The lifecycle manager's worker: every `interval` seconds, release pinned arenas after a large
    delete, and trim if much memory is held free."""
    allocator = Allocator()
    small_objects = SmallObjects()
    while not stop.wait(interval):
        try:
            released = small_objects.release_if_dropped()
            # The collection just freed what it could: give it back even under the threshold.
            held = allocator.trim_if_worthwhile(threshold=0 if released else TRIM_THRESHOLD_BYTES)
            if held:
                LOG.debug("returned free heap memory to the OS (%d MB were held)", held >> 20)
        except Exception:  # noqa: BLE001 - memory housekeeping must never end the worker
            LOG.exception("memory housekeeping failed")

"""Gives back to the OS the memory glibc's allocator holds free after large frees (deleted buckets,
queues and tables): glibc keeps freed chunks in each thread's arena, so RSS stayed at its peak."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys
import threading

LOG = logging.getLogger(__name__)

# Below this much free memory held, trimming is not worth the page faults of reusing it.
TRIM_THRESHOLD_BYTES = 16 * 1024 * 1024
TRIM_INTERVAL_SECONDS = 5.0


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


class Allocator:
    """glibc's malloc statistics and trim; does nothing elsewhere (musl, macOS)."""

    def __init__(self) -> None:
        self._libc = None
        if sys.platform.startswith("linux"):
            try:
                libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
                libc.mallinfo2.restype = _MallInfo2
                libc.malloc_trim.argtypes = [ctypes.c_size_t]
                libc.malloc_trim.restype = ctypes.c_int
                self._libc = libc
            except (OSError, AttributeError):
                self._libc = None

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


def trim_loop(stop: threading.Event, interval: float = TRIM_INTERVAL_SECONDS) -> None:
    """The lifecycle manager's worker: every `interval` seconds, trim if much memory is held free."""
    allocator = Allocator()
    if not allocator.available:
        return
    while not stop.wait(interval):
        try:
            held = allocator.trim_if_worthwhile()
            if held:
                LOG.debug("returned free heap memory to the OS (%d MB were held)", held >> 20)
        except Exception:  # noqa: BLE001 - memory housekeeping must never end the worker
            LOG.exception("malloc_trim failed")

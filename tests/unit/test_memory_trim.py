"""Giving freed heap memory back to the OS (utils/memory.py)."""

import sys

import psutil
import pytest

from localstack.utils.memory import Allocator


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallinfo2/malloc_trim only")
def test_large_frees_are_given_back():
    allocator = Allocator()
    if not allocator.available:
        pytest.skip("not glibc")
    # Chunks under glibc's mmap threshold stay in the heap when freed.
    blocks = [bytearray(64 * 1024) for _ in range(800)]
    for index in range(0, len(blocks), 2):
        blocks[index] = None  # type: ignore[call-overload]
    held = allocator.free_held()
    assert held >= 16 * 1024 * 1024
    assert allocator.trim_if_worthwhile(threshold=held + 1) == 0
    rss = psutil.Process().memory_info().rss
    assert allocator.trim_if_worthwhile(threshold=1) >= 16 * 1024 * 1024
    assert rss - psutil.Process().memory_info().rss >= 8 * 1024 * 1024
    del blocks

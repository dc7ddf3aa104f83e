"""Giving freed heap memory back to the OS (utils/memory.py)."""

import sys

import psutil
import pytest

from localstack.utils.memory import ALLOCATOR_SETTINGS, Allocator, SmallObjects


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


def test_a_large_drop_of_small_objects_releases_the_interpreter_caches_once_it_is_over():
    from urllib.parse import urlsplit

    small_objects = SmallObjects(min_drop=50_000, fraction=0.0)
    made = [(i, str(i)) for i in range(100_000)]
    assert small_objects.release_if_dropped() is False  # growing: only the peak moves
    urlsplit("http://127.0.0.1:4566/bucket/key")
    assert urlsplit.cache_info().currsize > 0
    del made
    assert small_objects.release_if_dropped() is False  # still falling at this look
    assert small_objects.release_if_dropped() is True
    assert urlsplit.cache_info().currsize == 0
    assert small_objects.release_if_dropped() is False  # the peak starts over from here


def test_a_small_drop_releases_nothing():
    small_objects = SmallObjects(min_drop=1_000_000)
    made = [str(i) for i in range(10_000)]
    small_objects.release_if_dropped()
    del made
    assert small_objects.release_if_dropped() is False
    assert small_objects.release_if_dropped() is False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt only")
def test_allocator_settings_apply_unless_the_user_set_glibcs_variable():
    allocator = Allocator()
    if not allocator.available:
        pytest.skip("not glibc")
    assert allocator.configure({}) == {name: value for name, (_, value) in ALLOCATOR_SETTINGS.items()}
    for name in ALLOCATOR_SETTINGS:
        # glibc reads MALLOC_<NAME>_ (older) and MALLOC_<NAME> itself: the user's value stands.
        assert name not in allocator.configure({f"MALLOC_{name}": "8"})
        assert name not in allocator.configure({f"MALLOC_{name}_": "8"})
        assert name not in allocator.configure({"GLIBC_TUNABLES": f"glibc.malloc.{name.lower()}=8"})


def test_registered_caches_are_emptied_with_the_interpreters_after_a_large_drop(monkeypatch):
    from localstack.utils import memory

    monkeypatch.setattr(memory, "_released_caches", [])
    cache = {("/bucket/key", "GET"): 1}
    memory.release_after_large_deletes(cache.clear)
    small_objects = SmallObjects(min_drop=50_000, fraction=0.0)
    made = [(i, str(i)) for i in range(100_000)]
    small_objects.release_if_dropped()
    del made
    small_objects.release_if_dropped()  # still falling
    assert cache
    assert small_objects.release_if_dropped() is True
    assert cache == {}

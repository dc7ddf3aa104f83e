"""Pauses of the cyclic garbage collector while start-up work builds long-lived objects."""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

# Importing modules and building a service's backend make tens of thousands of objects that live as
# long as the process and hold no garbage: the collector's passes over them are ~12 % of the CPU from
# `localstack start` to the first answer. Pauses nest and may overlap across threads (two services'
# first requests at once): the collector runs again when the last one ends, if it ran before the first.
_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()

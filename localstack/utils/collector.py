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
# When it does, what the pause made is aged at once into the oldest generation: left in the youngest,
# the next young passes would each walk all of it (~10-20 ms of CPU after start-up's pauses) only to
# promote it, and the oldest is walked only by the rare full passes, which still free any cycle in it.
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
                _age_all()
                gc.enable()


def _age_all() -> None:
    """Move every object the collector tracks into its oldest generation, unwalked (freeze merges all
    generations into the permanent one, unfreeze that into the oldest) and reset the young count."""
    gc.freeze()
    gc.unfreeze()

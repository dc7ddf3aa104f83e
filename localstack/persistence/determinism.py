"""What makes a logged request replay to the same state: per-request random sources and a fixed clock.

While a state-changing request runs, moto's random source, `uuid.uuid4` and `os.urandom` draw from a
generator seeded by the request's log record (ids, receipt handles, KMS key material come out the same
on replay). While the log is replayed, the clock reads each record's time.
"""

from __future__ import annotations

import datetime as _datetime_module
import os
import random
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from typing import Any, Iterator

_local = threading.local()
_installed = False
_real_datetime = _datetime_module.datetime
_real_time = time.time
_real_urandom = os.urandom
_real_uuid4 = uuid.uuid4


def current_rng() -> random.Random | None:
    return getattr(_local, "rng", None)


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Draw every id of this thread from `seed` (nested calls in the same thread share it)."""
    previous = getattr(_local, "rng", None)
    if previous is not None:
        yield
        return
    _local.rng = random.Random(seed)
    try:
        yield
    finally:
        _local.rng = None


def install() -> None:
    """Route moto's random source, uuid4 and urandom through the thread's seeded generator, if any."""
    global _installed
    if _installed:
        return
    from moto.moto_api._internal.moto_random import MotoRandom

    original_random = MotoRandom.random
    original_getrandbits = MotoRandom.getrandbits

    def seeded_random(self: MotoRandom) -> float:
        rng = getattr(_local, "rng", None)
        return rng.random() if rng is not None else original_random(self)

    def seeded_getrandbits(self: MotoRandom, k: int) -> int:
        rng = getattr(_local, "rng", None)
        return rng.getrandbits(k) if rng is not None else original_getrandbits(self, k)

    def seeded_uuid4() -> uuid.UUID:
        rng = getattr(_local, "rng", None)
        return uuid.UUID(int=rng.getrandbits(128), version=4) if rng is not None else _real_uuid4()

    def seeded_urandom(size: int) -> bytes:
        rng = getattr(_local, "rng", None)
        return rng.randbytes(size) if rng is not None else _real_urandom(size)

    MotoRandom.random = seeded_random  # type: ignore[method-assign]
    MotoRandom.getrandbits = seeded_getrandbits  # type: ignore[method-assign]
    uuid.uuid4 = seeded_uuid4
    os.urandom = seeded_urandom
    _installed = True


class _FrozenMeta(type):
    def __instancecheck__(cls, instance: Any) -> bool:
        return isinstance(instance, _real_datetime)

    def __subclasscheck__(cls, subclass: type) -> bool:
        return issubclass(subclass, _real_datetime)


class _Clock:
    now = 0.0


class FrozenDatetime(_real_datetime, metaclass=_FrozenMeta):
    """`datetime.datetime` during a replay: now() is the record's time; values are real datetimes."""

    def __new__(cls, *args: Any, **kwargs: Any) -> _real_datetime:  # type: ignore[misc]
        return _real_datetime(*args, **kwargs)

    @classmethod
    def now(cls, tz: Any = None) -> _real_datetime:  # type: ignore[override]
        return _real_datetime.fromtimestamp(_Clock.now, tz)

    @classmethod
    def utcnow(cls) -> _real_datetime:  # type: ignore[override]
        return _real_datetime.fromtimestamp(_Clock.now, _datetime_module.timezone.utc).replace(tzinfo=None)

    @classmethod
    def today(cls) -> _real_datetime:  # type: ignore[override]
        return cls.now()


def _frozen_time() -> float:
    return _Clock.now


@contextmanager
def frozen_clock() -> Iterator[None]:
    """Replace the clock of every loaded module for a replay (no other thread serves meanwhile)."""
    swapped: list[tuple[dict, str]] = []
    for module in list(sys.modules.values()):
        namespace = getattr(module, "__dict__", None)
        if not isinstance(namespace, dict) or namespace is globals():
            continue
        for name, value in list(namespace.items()):
            if value is _real_datetime:
                swapped.append((namespace, name))
    for namespace, name in swapped:
        namespace[name] = FrozenDatetime
    time.time = _frozen_time
    try:
        yield
    finally:
        time.time = _real_time
        for namespace, name in swapped:
            namespace[name] = _real_datetime


def set_clock(moment: float) -> None:
    _Clock.now = moment

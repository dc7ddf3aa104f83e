"""What makes a logged request replay to the same state: per-request random sources and a fixed clock.

While a state-changing request runs, moto's random source, `uuid.uuid4` and `os.urandom` draw from a
generator seeded by the request's log record (ids, receipt handles, KMS key material come out the same
on replay). While the log is replayed, the clock reads each record's time.

Cost: outside a record the hooks only read one thread-local attribute; a record's generator is built
on its first draw (many writes draw nothing), and the seed comes from a process-wide generator
rather than the kernel.
"""

from __future__ import annotations

import datetime as _datetime_module
import os
import random
import sys
import threading
import time
import types
import uuid
from contextlib import contextmanager
from typing import Any, Iterator

from localstack.utils import fast_ids


class _ThreadState(threading.local):
    """Class attributes are the defaults: reading them costs no getattr fallback."""

    seed: int | None = None
    rng: random.Random | None = None
    clock: tuple[float, float] | None = None
    kept: list[tuple[str, str]] | None = None  # values a recorded request made, for its record
    given: list[tuple[str, str]] | None = None  # values a replayed record holds, in the order made


_local = _ThreadState()
_installed = False
_real_datetime = _datetime_module.datetime
_real_time = time.time
_real_time_ns = time.time_ns
_real_gmtime = time.gmtime
_real_localtime = time.localtime
_real_urandom = os.urandom
_real_uuid4 = uuid.uuid4
# Seeds only need to differ between records (they are logged, never guessed): drawing them from one
# generator seeded once by the kernel costs a C call, not a system call per write.
_seeds = random.Random(_real_urandom(32))


def new_seed() -> int:
    return _seeds.getrandbits(64)


def current_rng() -> random.Random | None:
    """This thread's record generator (built on first use), or None outside a record."""
    rng = _local.rng
    if rng is None:
        seed = _local.seed
        if seed is None:
            return None
        rng = _local.rng = random.Random(seed)
    return rng


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Draw every id of this thread from `seed` (nested calls in the same thread share it)."""
    if _local.seed is not None:
        yield
        return
    _local.seed = seed
    try:
        yield
    finally:
        _local.seed = None
        _local.rng = None


def install() -> None:
    """Route moto's random source, uuid4 and urandom through the thread's seeded generator, if any."""
    global _installed
    if _installed:
        return
    from moto.moto_api._internal.moto_random import MotoRandom

    original_random = MotoRandom.random
    original_getrandbits = MotoRandom.getrandbits
    original_choices = MotoRandom.choices

    def seeded_random(self: MotoRandom) -> float:
        rng = current_rng()
        return rng.random() if rng is not None else original_random(self)

    def seeded_getrandbits(self: MotoRandom, k: int) -> int:
        rng = current_rng()
        return rng.getrandbits(k) if rng is not None else original_getrandbits(self, k)

    def seeded_choices(self: MotoRandom, population: Any, *args: Any, **kwargs: Any) -> list:
        # The record generator's own `choices` draws the same values as Random.choices calling
        # `seeded_random` once per item (a receipt handle is 185 of them), without a Python call each.
        rng = current_rng()
        if rng is not None:
            return rng.choices(population, *args, **kwargs)
        return original_choices(self, population, *args, **kwargs)

    def seeded_uuid4() -> uuid.UUID:
        rng = current_rng()
        return uuid.UUID(int=rng.getrandbits(128), version=4) if rng is not None else _real_uuid4()

    def seeded_urandom(size: int) -> bytes:
        rng = current_rng()
        return rng.randbytes(size) if rng is not None else _real_urandom(size)

    from moto.core import base_backend

    # Backend containers' own ids (moto imports modules, and so builds them, inside the first request
    # that needs them) come from the real source: drawn from a request's seed, they made the first
    # request replayed after a restart draw other ids than it did when it first ran.
    base_backend.uuid4 = lambda: uuid.UUID(bytes=_real_urandom(16), version=4)  # type: ignore[attr-defined]
    time.time = _now
    time.time_ns = _now_ns
    # `time.gmtime()` with no argument reads the C clock, not time.time: an alias URL's CreationTime
    # (strftime of gmtime()) was the replay's time after a kill -9.
    time.gmtime = _gmtime
    time.localtime = _localtime
    MotoRandom.random = seeded_random  # type: ignore[method-assign]
    MotoRandom.getrandbits = seeded_getrandbits  # type: ignore[method-assign]
    MotoRandom.choices = seeded_choices  # type: ignore[method-assign]
    uuid.uuid4 = seeded_uuid4
    os.urandom = seeded_urandom
    fast_ids.follow_records(current_rng)  # request and message ids replay as uuid4's did
    adopt_new_modules()
    _installed = True


class _ClockMeta(type):
    def __instancecheck__(cls, instance: Any) -> bool:
        return isinstance(instance, _real_datetime)

    def __subclasscheck__(cls, subclass: type) -> bool:
        return issubclass(subclass, _real_datetime)


# A request that runs longer than this sees its clock move on (a loop waiting on the clock ends).
_FROZEN_FOR = 1.0


def _now() -> float:
    clock = _local.clock
    if clock is None:
        return _real_time()
    moment, started = clock
    elapsed = time.monotonic() - started
    return moment + elapsed - _FROZEN_FOR if elapsed > _FROZEN_FOR else moment


def _now_ns() -> int:
    if _local.clock is None:
        return _real_time_ns()
    return int(_now() * 1_000_000) * 1000


def _gmtime(seconds: float | None = None) -> time.struct_time:
    return _real_gmtime(_now() if seconds is None else seconds)


def _localtime(seconds: float | None = None) -> time.struct_time:
    return _real_localtime(_now() if seconds is None else seconds)


class RecordDatetime(_real_datetime, metaclass=_ClockMeta):
    """`datetime` for moto and localstack modules while persisting: now() is the time of the
    request being logged or replayed in this thread; values are plain datetimes."""

    def __new__(cls, *args: Any, **kwargs: Any) -> _real_datetime:  # type: ignore[misc]
        return _real_datetime(*args, **kwargs)

    @classmethod
    def now(cls, tz: Any = None) -> _real_datetime:  # type: ignore[override]
        return _real_datetime.fromtimestamp(_now(), tz)

    @classmethod
    def utcnow(cls) -> _real_datetime:  # type: ignore[override]
        return _real_datetime.fromtimestamp(_now(), _datetime_module.timezone.utc).replace(tzinfo=None)

    @classmethod
    def today(cls) -> _real_datetime:  # type: ignore[override]
        return cls.now()


_scanned: set[str] = set()
_scan_lock = threading.Lock()


def adopt_new_modules() -> None:
    """Point the moto and localstack modules loaded since the last call at the request clock."""
    with _scan_lock:
        for name, module in list(sys.modules.items()):
            if name in _scanned or not name.startswith(("moto.", "localstack.")) or name == __name__:
                continue
            if getattr(getattr(module, "__spec__", None), "_initializing", False):
                continue  # still being imported by another thread: its names are not all there yet
            _scanned.add(name)
            namespace = getattr(module, "__dict__", None)
            if not isinstance(namespace, dict):
                continue
            for attribute, value in list(namespace.items()):
                if value is _real_datetime:
                    namespace[attribute] = RecordDatetime
                elif value is _datetime_module:
                    namespace[attribute] = _clock_datetime_module


def _clock_module() -> types.ModuleType:
    """`import datetime` as those modules see it: a copy of the module whose `datetime` is the
    request clock's (a real module, so `datetime.X` stays a dict lookup)."""
    module = types.ModuleType("datetime", _datetime_module.__doc__)
    module.__dict__.update({k: v for k, v in vars(_datetime_module).items() if not k.startswith("__")})
    module.__dict__["__spec__"] = _datetime_module.__spec__
    module.datetime = RecordDatetime  # type: ignore[attr-defined]
    return module


_clock_datetime_module = _clock_module()


@contextmanager
def recorded_at(moment: float) -> Iterator[None]:
    """This thread's clock reads `moment` (for a second) while the block runs."""
    if _local.clock is not None:
        yield
        return
    _local.clock = (moment, time.monotonic())
    try:
        yield
    finally:
        _local.clock = None


class Recording:
    """`seeded`, `recorded_at` and `keeping_values` at once, for the recorder's hot path (one plain
    context manager costs a fraction of three generator-based ones); `as` gives the kept values."""

    __slots__ = ("seed", "moment", "kept", "_own_seed", "_own_clock")

    def __init__(self, seed: int, moment: float) -> None:
        self.seed, self.moment = seed, moment
        self.kept: list[tuple[str, str]] = []
        self._own_seed = self._own_clock = False

    def __enter__(self) -> list[tuple[str, str]]:
        local = _local
        if local.seed is None:
            local.seed = self.seed
            self._own_seed = True
        if local.clock is None:
            local.clock = (self.moment, time.monotonic())
            self._own_clock = True
        local.kept = self.kept
        return self.kept

    def __exit__(self, *exc_info: object) -> None:
        local = _local
        if self._own_seed:
            local.seed = None
            local.rng = None
        if self._own_clock:
            local.clock = None
        local.kept = None


# Values too costly to make again on replay (an RSA key takes seconds to derive from a seed) travel in
# the request's record, as headers named so; a replay hands them back in the order they were made.
VALUE_HEADER_PREFIX = "x-localstack-recorded-"


@contextmanager
def keeping_values() -> Iterator[list[tuple[str, str]]]:
    """While a request is recorded: the (header, value) pairs `keep_value` adds for its record."""
    kept: list[tuple[str, str]] = []
    _local.kept = kept
    try:
        yield kept
    finally:
        _local.kept = None


@contextmanager
def given_values(headers: list[tuple[str, str]]) -> Iterator[None]:
    """While a record is replayed: the values its request kept."""
    _local.given = [(name, value) for name, value in headers if name.startswith(VALUE_HEADER_PREFIX)]
    try:
        yield
    finally:
        _local.given = None


def replaying() -> bool:
    return _local.given is not None


def keep_value(kind: str, value: str) -> None:
    """Log `value` with the request being recorded (no-op outside one)."""
    kept = _local.kept
    if kept is not None:
        kept.append((VALUE_HEADER_PREFIX + kind, value))


def given_value(kind: str) -> str | None:
    """The next value of `kind` the replayed request made the first time; None when its record holds
    none (a record from before such values were kept)."""
    given = _local.given
    name = VALUE_HEADER_PREFIX + kind
    for position, (header, value) in enumerate(given or ()):
        if header == name:
            del given[position]  # type: ignore[union-attr]
            return value
    return None

"""Per-request ids (request ids, message and event ids) from one process-wide generator, never secrets.

`uuid.uuid4()` and `secrets` read the kernel (getrandom), which lets go of the GIL: when a delivery
thread is runnable, the request thread waits for the GIL back before it can answer (0.6-0.7 ms per call
measured in S3's answer path). `random.Random` holds the GIL and makes the same formats. Seeded from the
kernel once per process and again in a forked child, so two processes never share a sequence.

While persistence records or replays a request, ids come from that request's seeded generator (the one
`uuid.uuid4` is routed through), drawn exactly as `uuid.uuid4()` draws there: logs replay the same ids.
Never use this module for key material, passwords, tokens or signatures.
"""

from __future__ import annotations

import os
import random
import uuid
from typing import Callable

_rng = random.Random(os.urandom(32))
# Set by persistence (determinism.install): this thread's record generator, or None outside a record.
_record_source: Callable[[], random.Random | None] | None = None


def _reseed() -> None:
    _rng.seed(os.urandom(32))


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reseed)


def follow_records(source: Callable[[], random.Random | None]) -> None:
    """Draw from `source()` whenever it gives a generator (a request being recorded or replayed)."""
    global _record_source
    _record_source = source


def _generator() -> random.Random:
    source = _record_source
    if source is not None:
        rng = source()
        if rng is not None:
            return rng
    return _rng


def uuid4() -> str:
    """A random UUID's text, version 4 and RFC 4122 variant bits set, as `str(uuid.uuid4())`."""
    return str(uuid.UUID(int=_generator().getrandbits(128), version=4))


def uuid4_hex() -> str:
    """`uuid.uuid4().hex`: 32 lower-case hex digits of a version-4 UUID."""
    return uuid.UUID(int=_generator().getrandbits(128), version=4).hex


def hex_digits(count: int) -> str:
    """`count` lower-case hex digits (as `secrets.token_hex(count // 2)` for even counts)."""
    return f"{_generator().getrandbits(4 * count):0{count}x}" if count else ""


def request_id() -> str:
    """An AWS request id: a version-4 UUID's text."""
    return uuid4()

"""One writer at a time on moto's version lists: concurrent PutObject and DeleteObject of a key each read
a bucket's list of versions and write back a new one, so without this lock acknowledged versions were
lost (16 writers on a versioned key kept 571 of 640)."""

from __future__ import annotations

import functools
import threading
from typing import Any, Callable

# Held only while moto updates its dictionaries: bodies are already stored (spooled or in memory).
_writes = threading.RLock()


def apply() -> None:
    from moto.s3.models import S3Backend

    for name in ("put_object", "delete_object", "_set_delete_marker"):
        setattr(S3Backend, name, _serialized(getattr(S3Backend, name)))


def _serialized(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def locked(*args: Any, **kwargs: Any) -> Any:
        with _writes:
            return method(*args, **kwargs)

    return locked

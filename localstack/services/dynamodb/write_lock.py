"""One item write at a time per process: DynamoDB applies each write atomically (an UpdateItem's
`SET v = v + :one` reads, changes and stores the item; a conditional write checks, then writes), moto
takes no lock, so two concurrent increments of one item could lose one (the soak caught it once)."""

from __future__ import annotations

import threading
from functools import wraps
from typing import Any, Callable

# Reentrant: TransactWriteItems writes through the item operations it wraps.
_lock = threading.RLock()

WRITES = ("put_item", "update_item", "delete_item", "transact_write_items")


def _locked(method: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(method)
    def write(*args: Any, **kwargs: Any) -> Any:
        with _lock:
            return method(*args, **kwargs)

    return write


def apply() -> None:
    """Wrap moto's backend writes (after every other patch of them, so the whole of each runs locked)."""
    from moto.dynamodb.models import DynamoDBBackend

    for name in WRITES:
        setattr(DynamoDBBackend, name, _locked(getattr(DynamoDBBackend, name)))

"""Corrections to moto's DynamoDB stream records, so that streams (and the mappings reading them) see the
records AWS writes: one per changed item, in the table's region, and iterators that do not pile up."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# AWS lets a shard iterator be used for 15 minutes; moto kept every iterator ever handed out.
ITERATOR_LIFETIME = 15 * 60

_lock = threading.Lock()
_local = threading.local()
_applied = False


def apply() -> None:
    """Idempotent; imports moto's dynamodb and dynamodbstreams (call it from their patches or lazily)."""
    global _applied
    with _lock:
        if _applied:
            return
        from moto.dynamodb.models import DynamoDBBackend
        from moto.dynamodb.models.table import StreamShard
        from moto.dynamodbstreams.models import DynamoDBStreamsBackend, ShardIterator

        StreamShard.add = _add
        DynamoDBBackend.update_item = _wrap_update_item(DynamoDBBackend.update_item)
        ShardIterator.__init__ = _wrap_iterator_init(ShardIterator.__init__)
        DynamoDBStreamsBackend.get_records = _wrap_get_records(DynamoDBStreamsBackend.get_records)
        _applied = True


_record_lock = threading.Lock()
# Who deleted an item as DynamoDB's Time to Live process (the only service identity AWS writes).
SERVICE_IDENTITY = {"PrincipalId": "dynamodb.amazonaws.com", "Type": "Service"}


@contextmanager
def deleted_by_service() -> Iterator[None]:
    """Deletions made inside (on this thread) are written with the service's identity, as AWS marks
    the records of items its Time to Live process deletes."""
    _local.by_service = True
    try:
        yield
    finally:
        _local.by_service = False


def _add(self: Any, old: Any, new: Any) -> None:
    """StreamShard.add: record one change as AWS does, without invoking functions inline."""
    from moto.dynamodb.models.table import StreamRecord

    if old is None and getattr(_local, "skip_key_only_insert", False):
        # UpdateItem of a missing item: moto first stores the bare key, then applies the update;
        # AWS writes one INSERT with the final image, recorded by the second call.
        _local.skip_key_only_insert = False
        return
    if old is not None and new is not None and old.to_json() == new.to_json():
        return  # AWS writes no stream record for a write that changes nothing
    view_type = (self.table.stream_specification or {}).get("StreamViewType", "KEYS_ONLY")
    event_name = "INSERT" if old is None else "REMOVE" if new is None else "MODIFY"
    with _record_lock:
        sequence = len(self.items) + self.starting_sequence_number
        record = StreamRecord(self.table, view_type, event_name, old, new, sequence)
        record.record["awsRegion"] = self.table.region_name  # moto wrote us-east-1 for every region
        record.record["eventVersion"] = "1.1"
        if new is None and getattr(_local, "by_service", False):
            record.record["userIdentity"] = dict(SERVICE_IDENTITY)
        self.items.append(record)


def _wrap_update_item(original: Any) -> Any:
    def update_item(self: Any, *args: Any, **kwargs: Any) -> Any:
        _local.skip_key_only_insert = True
        try:
            return original(self, *args, **kwargs)
        finally:
            _local.skip_key_only_insert = False

    return update_item


def _wrap_iterator_init(original: Any) -> Any:
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.created = time.monotonic()

    return __init__


def _wrap_get_records(original: Any) -> Any:
    def get_records(self: Any, iterator_arn: str, limit: int) -> Any:
        _forget_expired(self.shard_iterators)
        if iterator_arn not in self.shard_iterators:
            from moto.core.exceptions import JsonRESTError

            raise JsonRESTError(
                "ExpiredIteratorException", "Iterator expired. The iterator was created over 15 minutes ago."
            )
        return original(self, iterator_arn, limit)

    return get_records


def _forget_expired(iterators: dict[str, Any]) -> None:
    deadline = time.monotonic() - ITERATOR_LIFETIME
    expired = []
    for arn, iterator in list(
        iterators.items()
    ):  # insertion order is creation order: stop at the first live one
        if getattr(iterator, "created", 0) >= deadline:
            break
        expired.append(arn)
    for arn in expired:
        iterators.pop(arn, None)

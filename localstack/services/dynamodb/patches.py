"""Corrections to moto's dynamodb backend, applied by the starter before the backend is built."""

from __future__ import annotations

from typing import Any

from localstack.services.dynamodb.attribute_values import MAX_ITEM_SIZE


def apply() -> None:
    """Stream records as AWS writes them (see dynamodbstreams/stream_records.py): tables write them."""
    from localstack.services.dynamodbstreams import stream_records

    stream_records.apply()
    _item_size_limit_is_400_kib()


def _item_size_limit_is_400_kib() -> None:
    """moto refuses items over 405,000 bytes; DynamoDB's limit is 400 KiB (409,600 bytes)."""
    from moto.dynamodb.exceptions import ItemSizeTooLarge
    from moto.dynamodb.models import dynamo_type

    def bounded_setitem(self: dict, key: str, value: Any) -> None:
        def size(thing: Any) -> int:
            return (
                thing.size()
                if isinstance(thing, dynamo_type.DynamoType)
                else dynamo_type.bytesize(str(thing))
            )

        total = sum(size(name) + size(existing) for name, existing in self.items() if name != key)
        if total + size(key) + size(value) > MAX_ITEM_SIZE:
            raise ItemSizeTooLarge
        dict.__setitem__(self, key, value)

    dynamo_type.LimitedSizeDict.__setitem__ = bounded_setitem  # type: ignore[method-assign]

"""Which stream and shard a DynamoDB Streams call names: moto answered DescribeStream for any label of a
table's stream and failed with a 500 (an assert) on a shard id it did not know. AWS finds a stream by
its whole ARN and a shard by its id, and answers ResourceNotFoundException for either when it has none;
DescribeStream names the stream ARN it did not find (as DynamoDB Local and LocalStack's provider do)."""

from __future__ import annotations

import functools
from typing import Any

NOT_FOUND = "Requested resource not found"


def apply() -> None:
    from moto.dynamodbstreams.models import DynamoDBStreamsBackend

    DynamoDBStreamsBackend.describe_stream = _named_stream(DynamoDBStreamsBackend.describe_stream, named=True)
    DynamoDBStreamsBackend.get_shard_iterator = _named_shard(
        _named_stream(DynamoDBStreamsBackend.get_shard_iterator)
    )


def _not_found(arn: Any = None) -> Exception:
    from moto.dynamodb.exceptions import ResourceNotFoundException

    return ResourceNotFoundException(
        f"{NOT_FOUND}: Stream: {arn} not found" if arn is not None else NOT_FOUND
    )


def _stream_table(backend: Any, arn: Any, named: bool = False) -> Any:
    """The table whose current stream `arn` is, else ResourceNotFoundException."""
    from moto.dynamodb.exceptions import ResourceNotFoundException

    try:
        table = backend._get_table_from_arn(arn)
    except (ResourceNotFoundException, IndexError, AttributeError):
        raise _not_found(arn if named else None) from None
    label = getattr(table, "latest_stream_label", None)
    if not label or arn != f"{table.table_arn}/stream/{label}":
        raise _not_found(arn if named else None)
    return table


def _named_stream(original: Any, named: bool = False) -> Any:
    @functools.wraps(original)
    def call(self: Any, arn: str, *args: Any, **kwargs: Any) -> Any:
        _stream_table(self, arn, named)
        return original(self, arn, *args, **kwargs)

    return call


def _named_shard(original: Any) -> Any:
    @functools.wraps(original)
    def call(self: Any, arn: str, shard_id: str, *args: Any, **kwargs: Any) -> Any:
        shard = getattr(_stream_table(self, arn), "stream_shard", None)
        if shard is None or shard.id != shard_id:
            raise _not_found()
        return original(self, arn, shard_id, *args, **kwargs)

    return call

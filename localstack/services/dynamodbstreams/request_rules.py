"""DynamoDB Streams' request rules the model cannot state: a sequence number belongs to exactly the
iterator types that start from one, and GetRecords reads at most 1,000 records per call."""

from __future__ import annotations

from localstack.utils.aws.errors import ValidationError

_FROM_SEQUENCE = frozenset(("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"))
_WITHOUT_SEQUENCE = frozenset(("TRIM_HORIZON", "LATEST"))
RECORDS_LIMIT = 1000  # API reference, GetRecords Limit: "The upper limit is 1000."


def check(operation: str, body: dict) -> None:
    """Raises ValidationError for a request DynamoDB Streams refuses before it looks at the stream."""
    if operation == "GetShardIterator":
        kind = body.get("ShardIteratorType")
        sequence = body.get("SequenceNumber")
        if kind in _FROM_SEQUENCE and sequence is None:
            raise ValidationError(f"Must provide a SequenceNumber when ShardIteratorType is {kind}")
        if kind in _WITHOUT_SEQUENCE and sequence is not None:
            raise ValidationError(f"Must not provide a SequenceNumber when ShardIteratorType is {kind}")
    elif operation == "GetRecords":
        limit = body.get("Limit")
        if isinstance(limit, int) and not isinstance(limit, bool) and limit > RECORDS_LIMIT:
            raise ValidationError(
                f"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy "
                f"constraint: Member must have value less than or equal to {RECORDS_LIMIT}"
            )

"""Kinesis request rules moto does not apply: the members ListShards' NextToken excludes, and the
StartingSequenceNumber GetShardIterator's iterator type needs or excludes."""

from __future__ import annotations

import json
from typing import Any

from localstack.utils.aws.errors import AWSError

_NEEDS_SEQUENCE = ("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER")
_EXCLUDES_SEQUENCE = ("TRIM_HORIZON", "LATEST")
_ITERATOR_RULE = (
    "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or "
    "(2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. "
)


def check(operation: str, data: bytes) -> None:
    if operation not in ("ListShards", "GetShardIterator"):
        return
    try:
        body = json.loads(data or b"{}")
    except ValueError:
        return  # the validator and moto answer a malformed body
    if not isinstance(body, dict):
        return
    if operation == "ListShards":
        _check_list_shards(body)
    else:
        _check_shard_iterator(body)


def _check_shard_iterator(body: dict[str, Any]) -> None:
    # AWS's sentences as kinesalite's tests recorded them.
    kind, sequence = body.get("ShardIteratorType"), body.get("StartingSequenceNumber")
    if kind in _NEEDS_SEQUENCE and not sequence:
        raise AWSError(
            "InvalidArgumentException",
            f"{_ITERATOR_RULE}Request specified {kind} and no StartingSequenceNumber.",
        )
    if kind in _EXCLUDES_SEQUENCE and sequence:
        raise AWSError(
            "InvalidArgumentException",
            f"{_ITERATOR_RULE}Request specified {kind} and also a StartingSequenceNumber.",
        )


def _check_list_shards(body: dict[str, Any]) -> None:
    # The sentences AWS answers (kinesalite's recordings; the StreamName one also in users' reports).
    if body.get("NextToken") and body.get("StreamName"):
        raise AWSError("InvalidArgumentException", "NextToken and StreamName cannot be provided together.")
    if not body.get("NextToken") and not body.get("StreamName") and not body.get("StreamARN"):
        raise AWSError("InvalidArgumentException", "Either NextToken or StreamName should be provided.")

"""DynamoDB Streams' request rules, without a server."""

from __future__ import annotations

import pytest

from localstack.services.dynamodbstreams.request_rules import check
from localstack.utils.aws.errors import ValidationError

SEQUENCE = "1" * 21


@pytest.mark.parametrize(
    "operation,body",
    [
        ("GetShardIterator", {"ShardIteratorType": "AT_SEQUENCE_NUMBER"}),
        ("GetShardIterator", {"ShardIteratorType": "AFTER_SEQUENCE_NUMBER"}),
        ("GetShardIterator", {"ShardIteratorType": "LATEST", "SequenceNumber": SEQUENCE}),
        ("GetShardIterator", {"ShardIteratorType": "TRIM_HORIZON", "SequenceNumber": SEQUENCE}),
        ("GetRecords", {"ShardIterator": "x", "Limit": 1001}),
    ],
)
def test_refused(operation, body):
    with pytest.raises(ValidationError):
        check(operation, body)


@pytest.mark.parametrize(
    "operation,body",
    [
        ("GetShardIterator", {"ShardIteratorType": "AT_SEQUENCE_NUMBER", "SequenceNumber": SEQUENCE}),
        ("GetShardIterator", {"ShardIteratorType": "LATEST"}),
        ("GetShardIterator", {"ShardIteratorType": "bogus"}),  # the model's enum check answers it
        ("GetRecords", {"ShardIterator": "x", "Limit": 1000}),
        ("GetRecords", {"ShardIterator": "x"}),
    ],
)
def test_accepted(operation, body):
    check(operation, body)

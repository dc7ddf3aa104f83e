"""DynamoDB Streams refuse a sequence-number iterator without its sequence number, a sequence number
given to TRIM_HORIZON or LATEST, and a GetRecords Limit over 1,000 (moto answered a 500, an iterator
and up to any number of records)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.integration.dynamodb_support import KEYS_ONLY_STREAM, pay_per_request_table


@pytest.fixture
def shard(aws_client, unique_name, cleanup):
    ddb = aws_client("dynamodb")
    name = pay_per_request_table(ddb, unique_name("streamreq"), cleanup, StreamSpecification=KEYS_ONLY_STREAM)
    arn = ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]
    found = aws_client("dynamodbstreams").describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]
    return arn, found["ShardId"], found["SequenceNumberRange"]["StartingSequenceNumber"]


def _refused(call, **kwargs):
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    error = caught.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    return error["Error"]["Code"], error["Error"]["Message"]


@pytest.mark.parametrize("kind", ["AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"])
def test_sequence_iterator_needs_its_number(aws_client, shard, kind):
    streams = aws_client("dynamodbstreams")
    arn, shard_id, start = shard
    code, message = _refused(
        streams.get_shard_iterator, StreamArn=arn, ShardId=shard_id, ShardIteratorType=kind
    )
    assert code == "ValidationException"
    assert kind in message
    iterator = streams.get_shard_iterator(
        StreamArn=arn, ShardId=shard_id, ShardIteratorType=kind, SequenceNumber=start
    )
    assert iterator["ShardIterator"]


@pytest.mark.parametrize("kind", ["TRIM_HORIZON", "LATEST"])
def test_position_iterator_refuses_a_number(aws_client, shard, kind):
    streams = aws_client("dynamodbstreams")
    arn, shard_id, start = shard
    code, _ = _refused(
        streams.get_shard_iterator,
        StreamArn=arn,
        ShardId=shard_id,
        ShardIteratorType=kind,
        SequenceNumber=start,
    )
    assert code == "ValidationException"


def test_get_records_limit_at_most_1000(aws_client, shard):
    streams = aws_client("dynamodbstreams")
    arn, shard_id, _ = shard
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard_id, ShardIteratorType="TRIM_HORIZON")
    iterator = iterator["ShardIterator"]
    assert _refused(streams.get_records, ShardIterator=iterator, Limit=1001) == (
        "ValidationException",
        "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: "
        "Member must have value less than or equal to 1000",
    )
    assert streams.get_records(ShardIterator=iterator, Limit=1000)["Records"] == []

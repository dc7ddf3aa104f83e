"""DynamoDB Streams find a stream by its whole ARN and a shard by its id: an unknown label or shard is
ResourceNotFoundException (moto described any label of a table's stream and answered a 500 for an
unknown shard)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.integration.dynamodb_support import KEYS_ONLY_STREAM, pay_per_request_table


@pytest.fixture
def stream(aws_client, unique_name, cleanup):
    ddb = aws_client("dynamodb")
    name = pay_per_request_table(ddb, unique_name("streamed"), cleanup, StreamSpecification=KEYS_ONLY_STREAM)
    return ddb.describe_table(TableName=name)["Table"]["LatestStreamArn"]


def _not_found(call, **kwargs):
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    error = caught.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    return error["Error"]["Code"], error["Error"]["Message"]


def test_unknown_stream_label(aws_client, stream):
    streams = aws_client("dynamodbstreams")
    label = stream.rpartition("/")[2]
    other = stream.replace(label, "2000-01-01T00:00:00.000")
    expected = ("ResourceNotFoundException", f"Requested resource not found: Stream: {other} not found")
    assert _not_found(streams.describe_stream, StreamArn=other) == expected
    assert streams.describe_stream(StreamArn=stream)["StreamDescription"]["StreamArn"] == stream


def test_unknown_shard(aws_client, stream):
    streams = aws_client("dynamodbstreams")
    assert _not_found(
        streams.get_shard_iterator,
        StreamArn=stream,
        ShardId="shardId-00000000000000000000-00000000",
        ShardIteratorType="TRIM_HORIZON",
    ) == ("ResourceNotFoundException", "Requested resource not found")
    shard = streams.describe_stream(StreamArn=stream)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=stream, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
    assert streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"] == []

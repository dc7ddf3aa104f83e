"""Kinesis Data Streams for DynamoDB: a table's streaming destination is enabled, described, updated and
disabled as AWS answers, and each item change reaches the Kinesis stream as DynamoDB writes it."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def table_and_stream(aws_client, unique_name, cleanup):
    ddb, kinesis = aws_client("dynamodb"), aws_client("kinesis")
    stream, table = unique_name("cdc"), unique_name("cdc-table")
    kinesis.create_stream(StreamName=stream, ShardCount=1)
    cleanup.append(lambda: kinesis.delete_stream(StreamName=stream))
    ddb.create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    cleanup.append(lambda: ddb.delete_table(TableName=table))
    arn = kinesis.describe_stream(StreamName=stream)["StreamDescription"]["StreamARN"]
    return ddb, kinesis, table, stream, arn


def _records(kinesis, stream):
    shard = kinesis.describe_stream(StreamName=stream)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = kinesis.get_shard_iterator(StreamName=stream, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
    return [
        json.loads(r["Data"]) for r in kinesis.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
    ]


def test_item_changes_reach_the_stream(table_and_stream):
    ddb, kinesis, table, stream, arn = table_and_stream
    enabled = ddb.enable_kinesis_streaming_destination(TableName=table, StreamArn=arn)
    assert (enabled["StreamArn"], enabled["DestinationStatus"]) == (arn, "ENABLING")
    described = ddb.describe_kinesis_streaming_destination(TableName=table)["KinesisDataStreamDestinations"]
    assert described == [
        {
            "StreamArn": arn,
            "DestinationStatus": "ACTIVE",
            "ApproximateCreationDateTimePrecision": "MILLISECOND",
        }
    ]
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"N": "1"}})
    ddb.update_item(
        TableName=table,
        Key={"pk": {"S": "a"}},
        UpdateExpression="SET v = :v",
        ExpressionAttributeValues={":v": {"N": "2"}},
    )
    ddb.delete_item(TableName=table, Key={"pk": {"S": "a"}})
    records = _records(kinesis, stream)
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE"]
    assert {r["eventSource"] for r in records} == {"aws:dynamodb"}
    assert {r["recordFormat"] for r in records} == {"application/json"}
    assert records[1]["tableName"] == table
    assert records[1]["dynamodb"]["Keys"] == {"pk": {"S": "a"}}
    assert records[1]["dynamodb"]["NewImage"] == {"pk": {"S": "a"}, "v": {"N": "2"}}
    assert records[1]["dynamodb"]["OldImage"] == {"pk": {"S": "a"}, "v": {"N": "1"}}
    assert "NewImage" not in records[2]["dynamodb"]

    disabled = ddb.disable_kinesis_streaming_destination(TableName=table, StreamArn=arn)
    assert disabled["DestinationStatus"] == "DISABLING"
    ddb.put_item(TableName=table, Item={"pk": {"S": "b"}})
    assert len(_records(kinesis, stream)) == 3


def test_refusals(table_and_stream):
    ddb, _, table, _, arn = table_and_stream
    missing = arn + "-missing"
    with pytest.raises(ClientError) as caught:
        ddb.enable_kinesis_streaming_destination(TableName=table, StreamArn=missing)
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as caught:
        ddb.describe_kinesis_streaming_destination(TableName=table + "-missing")
    assert caught.value.response["Error"] == {
        "Code": "ResourceNotFoundException",
        "Message": f"Requested resource not found: Table: {table}-missing not found",
    }

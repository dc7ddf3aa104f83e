"""CloudWatch Logs subscription filters: patterns, and delivery to Kinesis, Firehose and Lambda in
AWS's gzip'd JSON schema."""

from __future__ import annotations

import base64
import gzip
import io
import json
import time
import zipfile
import zlib

import pytest
from botocore.exceptions import ClientError

ROLE = "arn:aws:iam::000000000000:role/logs"
DEADLINE = 10.0


@pytest.fixture
def logs(aws_client):
    return aws_client("logs")


@pytest.fixture
def log_group(logs, unique_name):
    name = f"/test/{unique_name('group')}"
    logs.create_log_group(logGroupName=name)
    logs.create_log_stream(logGroupName=name, logStreamName="main")
    yield name
    logs.delete_log_group(logGroupName=name)


@pytest.fixture
def kinesis_stream(aws_client, unique_name):
    kinesis = aws_client("kinesis")
    name = unique_name("logs-dest")
    kinesis.create_stream(StreamName=name, ShardCount=1)
    arn = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]
    shard = kinesis.list_shards(StreamName=name)["Shards"][0]["ShardId"]
    iterator = kinesis.get_shard_iterator(StreamName=name, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
    yield arn, iterator["ShardIterator"]
    kinesis.delete_stream(StreamName=name)


def _put(logs, group: str, messages: list[str]) -> list[int]:
    now = int(time.time() * 1000)
    events = [{"timestamp": now + i, "message": message} for i, message in enumerate(messages)]
    logs.put_log_events(logGroupName=group, logStreamName="main", logEvents=events)
    return [event["timestamp"] for event in events]


def _read_messages(kinesis, iterator: str, count: int) -> list[dict]:
    end = time.monotonic() + DEADLINE
    messages: list[dict] = []
    while len(messages) < count and time.monotonic() < end:
        page = kinesis.get_records(ShardIterator=iterator)
        messages += [json.loads(gzip.decompress(record["Data"])) for record in page["Records"]]
        iterator = page["NextShardIterator"]
        if len(messages) < count:
            time.sleep(0.1)
    return messages


def test_kinesis_destination_gets_matched_events(logs, aws_client, log_group, kinesis_stream):
    arn, iterator = kinesis_stream
    logs.put_subscription_filter(
        logGroupName=log_group,
        filterName="errors",
        filterPattern='{ $.level = "ERROR" }',
        destinationArn=arn,
        roleArn=ROLE,
    )
    lines = [
        '{"level": "INFO", "n": 1}',
        '{"level": "ERROR", "n": 2}',
        "plain text",
        '{"level": "ERROR", "n": 3}',
    ]
    stamps = _put(logs, log_group, lines)
    messages = _read_messages(aws_client("kinesis"), iterator, 2)
    control, data = messages[0], messages[1]
    assert control["messageType"] == "CONTROL_MESSAGE"
    assert data["messageType"] == "DATA_MESSAGE"
    assert data["owner"] == "000000000000"
    assert data["logGroup"] == log_group and data["logStream"] == "main"
    assert data["subscriptionFilters"] == ["errors"]
    assert [e["message"] for e in data["logEvents"]] == [lines[1], lines[3]]
    assert [e["timestamp"] for e in data["logEvents"]] == [stamps[1], stamps[3]]
    assert all(isinstance(e["id"], str) and len(e["id"]) == 56 for e in data["logEvents"])
    assert len(messages) == 2  # nothing for the events that did not match


def test_term_patterns_and_empty_pattern(logs, aws_client, log_group, kinesis_stream):
    arn, iterator = kinesis_stream
    kinesis = aws_client("kinesis")
    logs.put_subscription_filter(
        logGroupName=log_group, filterName="f", filterPattern='"disk full" -ignore', destinationArn=arn
    )
    _put(logs, log_group, ["disk full on /var", "disk full, ignore", "disk is fine"])
    messages = _read_messages(kinesis, iterator, 2)
    assert [e["message"] for e in messages[1]["logEvents"]] == ["disk full on /var"]
    iterator = kinesis.get_shard_iterator(
        StreamARN=arn, ShardId="shardId-000000000000", ShardIteratorType="LATEST"
    )["ShardIterator"]
    logs.put_subscription_filter(logGroupName=log_group, filterName="f", filterPattern="", destinationArn=arn)
    _put(logs, log_group, ["anything", "at all"])
    messages = _read_messages(kinesis, iterator, 2)
    assert [e["message"] for e in messages[-1]["logEvents"]] == ["anything", "at all"]


def test_bad_pattern_and_missing_destination_are_refused(logs, log_group):
    with pytest.raises(ClientError) as error:
        logs.put_subscription_filter(
            logGroupName=log_group,
            filterName="f",
            filterPattern="{ $.level = }",
            destinationArn="arn:aws:kinesis:us-east-1:000000000000:stream/nope",
        )
    assert error.value.response["Error"]["Code"] == "InvalidParameterException"
    with pytest.raises(ClientError) as error:
        logs.put_subscription_filter(
            logGroupName=log_group,
            filterName="f",
            filterPattern="",
            destinationArn="arn:aws:kinesis:us-east-1:000000000000:stream/nope",
        )
    assert error.value.response["Error"]["Code"] == "InvalidParameterException"


def test_filter_log_events_uses_the_same_patterns(logs, log_group):
    _put(logs, log_group, ['{"latency": 250}', '{"latency": 20}', "no json"])
    found = logs.filter_log_events(logGroupName=log_group, filterPattern="{ $.latency > 100 }")["events"]
    assert [e["message"] for e in found] == ['{"latency": 250}']


def test_firehose_destination(logs, aws_client, log_group, unique_name):
    s3, firehose = aws_client("s3"), aws_client("firehose")
    bucket, stream = unique_name("logs-bucket"), unique_name("logs-ds")
    s3.create_bucket(Bucket=bucket)
    arn = firehose.create_delivery_stream(
        DeliveryStreamName=stream,
        ExtendedS3DestinationConfiguration={
            "RoleARN": ROLE,
            "BucketARN": f"arn:aws:s3:::{bucket}",
            "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 1},
        },
    )["DeliveryStreamARN"]
    try:
        logs.put_subscription_filter(
            logGroupName=log_group, filterName="all", filterPattern="WARN", destinationArn=arn, roleArn=ROLE
        )
        _put(logs, log_group, ["WARN low memory", "INFO ok"])
        end = time.monotonic() + DEADLINE
        contents: list = []
        while not contents and time.monotonic() < end:
            contents = s3.list_objects_v2(Bucket=bucket).get("Contents", [])
            time.sleep(0.1)
        assert len(contents) == 1
        body = s3.get_object(Bucket=bucket, Key=contents[0]["Key"])["Body"].read()
        # Each record is one gzip member; the object is their concatenation, as on AWS.
        members = _gzip_members(body)
        assert [m["messageType"] for m in members] == ["CONTROL_MESSAGE", "DATA_MESSAGE"]
        assert [e["message"] for e in members[1]["logEvents"]] == ["WARN low memory"]
        assert members[1]["logGroup"] == log_group
    finally:
        firehose.delete_delivery_stream(DeliveryStreamName=stream)
        for item in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
            s3.delete_object(Bucket=bucket, Key=item["Key"])
        s3.delete_bucket(Bucket=bucket)


def _gzip_members(data: bytes) -> list[dict]:
    members = []
    while data:
        decompressor = zlib.decompressobj(16 + 15)
        members.append(json.loads(decompressor.decompress(data)))
        data = decompressor.unused_data
    return members


FORWARDER = """
import json, os
import boto3

def handler(event, context):
    boto3.client("sqs").send_message(QueueUrl=os.environ["RESULT_QUEUE_URL"], MessageBody=json.dumps(event))
    return {"ok": True}
"""


def test_lambda_destination(logs, aws_client, log_group, unique_name):
    awslambda, sqs = aws_client("lambda"), aws_client("sqs")
    url = sqs.create_queue(QueueName=unique_name("logs-results"))["QueueUrl"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("forwarder.py", FORWARDER)
    name = unique_name("logs-fn")
    function_arn = awslambda.create_function(
        FunctionName=name,
        Runtime="python3.11",
        Role="arn:aws:iam::000000000000:role/lambda-role",
        Handler="forwarder.handler",
        Code={"ZipFile": buffer.getvalue()},
        Environment={"Variables": {"RESULT_QUEUE_URL": url}},
    )["FunctionArn"]
    try:
        awslambda.get_waiter("function_active_v2").wait(FunctionName=name, WaiterConfig={"Delay": 0.5})
        logs.put_subscription_filter(
            logGroupName=log_group,
            filterName="lambda",
            filterPattern="?ERROR ?FATAL",
            destinationArn=function_arn,
        )
        _put(logs, log_group, ["ERROR one", "debug two", "FATAL three"])
        end = time.monotonic() + 30
        received: list = []
        while not received and time.monotonic() < end:
            received = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1).get("Messages", [])
        assert len(received) == 1
        event = json.loads(received[0]["Body"])
        payload = json.loads(gzip.decompress(base64.b64decode(event["awslogs"]["data"])))
        assert payload["messageType"] == "DATA_MESSAGE"
        assert payload["logGroup"] == log_group and payload["subscriptionFilters"] == ["lambda"]
        assert [e["message"] for e in payload["logEvents"]] == ["ERROR one", "FATAL three"]
    finally:
        awslambda.delete_function(FunctionName=name)
        sqs.delete_queue(QueueUrl=url)

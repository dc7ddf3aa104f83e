"""S3 event notifications end to end: object events reach SQS, SNS, Lambda and EventBridge in AWS's
schema, filtered by event name, prefix and suffix."""

from __future__ import annotations

import hashlib
import io
import json
import time
import uuid
import zipfile
from typing import Any

import pytest
import requests
from botocore.exceptions import ClientError

from tests.integration.queue_policy_support import EVENTS, allow_service
from tests.integration.s3_notification_support import allow_s3, allow_s3_function, allow_s3_topic
from tests.integration.s3_support import remove_bucket
from tests.integration.test_sns_delivery_support import allow_sns
from tests.server_process import start_server

DEADLINE = 10.0


def _receive_json(sqs: Any, url: str, count: int = 1, deadline: float = DEADLINE) -> list[dict]:
    """Up to `count` message bodies (parsed), polling until they arrived or the deadline passed."""
    bodies: list[dict] = []
    end = time.monotonic() + deadline
    while len(bodies) < count and time.monotonic() < end:
        wait = max(0, min(2, int(end - time.monotonic())))
        messages = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=wait, AttributeNames=["All"]
        ).get("Messages", [])
        for message in messages:
            bodies.append(json.loads(message["Body"]))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return bodies


def _records(sqs: Any, url: str, count: int) -> list[dict]:
    """`count` S3 event records from the queue (test events skipped), in arrival order."""
    records: list[dict] = []
    end = time.monotonic() + DEADLINE
    while len(records) < count and time.monotonic() < end:
        for body in _receive_json(sqs, url, 1, deadline=max(0.1, end - time.monotonic())):
            records.extend(body.get("Records", []))
    assert len(records) >= count, f"expected {count} records, got {records}"
    return records


def _nothing_more(sqs: Any, url: str) -> None:
    messages = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1).get("Messages", [])
    assert messages == [], [m["Body"] for m in messages]


@pytest.fixture
def s3(aws_client):
    return aws_client("s3")


@pytest.fixture
def sqs(aws_client):
    return aws_client("sqs")


@pytest.fixture
def bucket(s3, unique_name):
    name = unique_name("notif")
    s3.create_bucket(Bucket=name)
    yield name
    remove_bucket(s3, name)


@pytest.fixture
def queue(sqs, unique_name):
    url = sqs.create_queue(QueueName=unique_name("events"))["QueueUrl"]
    arn = allow_s3(sqs, url)
    yield url, arn
    sqs.delete_queue(QueueUrl=url)


def _configure_queue(s3, sqs, bucket: str, queue: tuple[str, str], events: list[str], **extra: Any) -> None:
    url, arn = queue
    config: dict[str, Any] = {"Id": "to-queue", "QueueArn": arn, "Events": events, **extra}
    s3.put_bucket_notification_configuration(
        Bucket=bucket, NotificationConfiguration={"QueueConfigurations": [config]}
    )
    test_event = _receive_json(sqs, url)[0]
    assert test_event["Event"] == "s3:TestEvent"
    assert test_event["Service"] == "Amazon S3"
    assert test_event["Bucket"] == bucket


def _assert_record_shape(
    record: dict, bucket: str, event_name: str, key_encoded: str, configuration_id: str = "to-queue"
) -> None:
    assert record["eventVersion"] == "2.1"
    assert record["eventSource"] == "aws:s3"
    assert record["awsRegion"] == "us-east-1"
    assert record["eventName"] == event_name
    assert record["eventTime"].endswith("Z") and "T" in record["eventTime"]
    assert record["userIdentity"]["principalId"]
    assert record["requestParameters"]["sourceIPAddress"]
    assert set(record["responseElements"]) == {"x-amz-request-id", "x-amz-id-2"}
    s3_part = record["s3"]
    assert s3_part["s3SchemaVersion"] == "1.0"
    assert s3_part["configurationId"] == configuration_id
    assert s3_part["bucket"]["name"] == bucket
    assert s3_part["bucket"]["arn"] == f"arn:aws:s3:::{bucket}"
    assert s3_part["bucket"]["ownerIdentity"]["principalId"]
    assert s3_part["object"]["key"] == key_encoded
    assert s3_part["object"]["sequencer"]


def test_put_object_event_to_sqs(s3, sqs, bucket, queue):
    _configure_queue(s3, sqs, bucket, queue, ["s3:ObjectCreated:*"])
    body = b"hello notifications"
    s3.put_object(Bucket=bucket, Key="dir/my file=1.txt", Body=body)
    (record,) = _records(sqs, queue[0], 1)
    _assert_record_shape(record, bucket, "ObjectCreated:Put", "dir/my+file%3D1.txt")
    obj = record["s3"]["object"]
    assert obj["size"] == len(body)
    assert obj["eTag"] == hashlib.md5(body).hexdigest()
    assert "versionId" not in obj  # unversioned bucket
    _nothing_more(sqs, queue[0])  # delivered once


def test_notification_configuration_round_trips(s3, sqs, bucket, queue):
    rules = [{"Name": "Prefix", "Value": "in/"}, {"Name": "suffix", "Value": ".csv"}]
    s3.put_bucket_notification_configuration(
        Bucket=bucket,
        NotificationConfiguration={
            "QueueConfigurations": [
                {
                    "Id": "to-queue",
                    "QueueArn": queue[1],
                    "Events": ["s3:ObjectCreated:Put", "s3:ObjectRemoved:*"],
                    "Filter": {"Key": {"FilterRules": rules}},
                }
            ],
            "EventBridgeConfiguration": {},
        },
    )
    config = s3.get_bucket_notification_configuration(Bucket=bucket)
    (queue_config,) = config["QueueConfigurations"]
    assert queue_config["Id"] == "to-queue"
    assert queue_config["QueueArn"] == queue[1]
    assert queue_config["Events"] == ["s3:ObjectCreated:Put", "s3:ObjectRemoved:*"]
    assert queue_config["Filter"]["Key"]["FilterRules"] == [
        {"Name": "Prefix", "Value": "in/"},
        {"Name": "Suffix", "Value": ".csv"},
    ]
    assert config["EventBridgeConfiguration"] == {}
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={})
    config = s3.get_bucket_notification_configuration(Bucket=bucket)
    assert not config.get("QueueConfigurations") and "EventBridgeConfiguration" not in config


def test_prefix_and_suffix_filters(s3, sqs, bucket, queue):
    rules = [{"Name": "prefix", "Value": "in/"}, {"Name": "Suffix", "Value": ".csv"}]
    _configure_queue(s3, sqs, bucket, queue, ["s3:ObjectCreated:Put"], Filter={"Key": {"FilterRules": rules}})
    for key in ("in/a.txt", "out/b.csv", "in.csv", "in/c.csv"):
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    (record,) = _records(sqs, queue[0], 1)
    assert record["s3"]["object"]["key"] == "in/c.csv"
    _nothing_more(sqs, queue[0])


def test_event_name_filter(s3, sqs, bucket, queue):
    _configure_queue(s3, sqs, bucket, queue, ["s3:ObjectRemoved:Delete"])
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    s3.put_object_tagging(Bucket=bucket, Key="k", Tagging={"TagSet": [{"Key": "a", "Value": "b"}]})
    s3.delete_object_tagging(Bucket=bucket, Key="k")  # not a delete of the object
    s3.delete_object(Bucket=bucket, Key="k")
    (record,) = _records(sqs, queue[0], 1)
    assert record["eventName"] == "ObjectRemoved:Delete"
    _nothing_more(sqs, queue[0])


def test_copy_event(s3, sqs, bucket, queue):
    s3.put_object(Bucket=bucket, Key="source", Body=b"copy me")
    _configure_queue(s3, sqs, bucket, queue, ["s3:ObjectCreated:Copy"])
    s3.copy_object(Bucket=bucket, Key="target", CopySource={"Bucket": bucket, "Key": "source"})
    (record,) = _records(sqs, queue[0], 1)
    _assert_record_shape(record, bucket, "ObjectCreated:Copy", "target")
    assert record["s3"]["object"]["size"] == 7
    assert record["s3"]["object"]["eTag"] == hashlib.md5(b"copy me").hexdigest()


def test_complete_multipart_upload_event(s3, sqs, bucket, queue):
    _configure_queue(s3, sqs, bucket, queue, ["s3:ObjectCreated:CompleteMultipartUpload"])
    upload = s3.create_multipart_upload(Bucket=bucket, Key="big")["UploadId"]
    parts = []
    for number, data in ((1, b"a" * 5 * 1024 * 1024), (2, b"tail")):
        etag = s3.upload_part(Bucket=bucket, Key="big", UploadId=upload, PartNumber=number, Body=data)["ETag"]
        parts.append({"ETag": etag, "PartNumber": number})
    done = s3.complete_multipart_upload(
        Bucket=bucket, Key="big", UploadId=upload, MultipartUpload={"Parts": parts}
    )
    (record,) = _records(sqs, queue[0], 1)
    _assert_record_shape(record, bucket, "ObjectCreated:CompleteMultipartUpload", "big")
    assert record["s3"]["object"]["size"] == 5 * 1024 * 1024 + 4
    assert record["s3"]["object"]["eTag"] == done["ETag"].strip('"')
    assert record["s3"]["object"]["eTag"].endswith("-2")


def test_post_object_event(s3, sqs, bucket, queue, server):
    _configure_queue(s3, sqs, bucket, queue, ["s3:ObjectCreated:Post"])
    # A signed form, as a browser sends it from a page the bucket owner generated.
    post = s3.generate_presigned_post(bucket, "posted/file.txt")
    response = requests.post(
        f"{server.edge_url}/{bucket}",
        data=post["fields"],
        files={"file": ("f.txt", b"posted!", "text/plain")},
    )
    assert response.status_code < 300, response.text
    (record,) = _records(sqs, queue[0], 1)
    _assert_record_shape(record, bucket, "ObjectCreated:Post", "posted/file.txt")
    assert record["s3"]["object"]["size"] == 7
    assert record["s3"]["object"]["eTag"] == hashlib.md5(b"posted!").hexdigest()


def test_delete_events_unversioned(s3, sqs, bucket, queue):
    for key in ("one", "two", "three"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    _configure_queue(s3, sqs, bucket, queue, ["s3:ObjectRemoved:*"])
    s3.delete_object(Bucket=bucket, Key="one")
    s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "two"}, {"Key": "three"}]})
    # As on AWS, deleting a key that does not exist is still a delete.
    s3.delete_object(Bucket=bucket, Key="never-existed")
    records = _records(sqs, queue[0], 4)
    assert sorted(r["s3"]["object"]["key"] for r in records) == ["never-existed", "one", "three", "two"]
    for record in records:
        _assert_record_shape(record, bucket, "ObjectRemoved:Delete", record["s3"]["object"]["key"])
        assert "size" not in record["s3"]["object"] and "eTag" not in record["s3"]["object"]
    _nothing_more(sqs, queue[0])


def test_versioned_bucket_events(s3, sqs, bucket, queue):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    _configure_queue(s3, sqs, bucket, queue, ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"])
    version = s3.put_object(Bucket=bucket, Key="v", Body=b"v1")["VersionId"]
    (created,) = _records(sqs, queue[0], 1)
    assert created["eventName"] == "ObjectCreated:Put"
    assert created["s3"]["object"]["versionId"] == version

    marker = s3.delete_object(Bucket=bucket, Key="v")
    assert marker["DeleteMarker"] is True
    (marked,) = _records(sqs, queue[0], 1)
    assert marked["eventName"] == "ObjectRemoved:DeleteMarkerCreated"
    assert marked["s3"]["object"]["versionId"] == marker["VersionId"]
    assert marked["s3"]["object"]["sequencer"] > created["s3"]["object"]["sequencer"]

    s3.delete_object(Bucket=bucket, Key="v", VersionId=version)
    (deleted,) = _records(sqs, queue[0], 1)
    assert deleted["eventName"] == "ObjectRemoved:Delete"
    assert deleted["s3"]["object"]["versionId"] == version

    s3.put_object(Bucket=bucket, Key="w", Body=b"w")
    _records(sqs, queue[0], 1)
    result = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "w"}]})
    (batch,) = _records(sqs, queue[0], 1)
    assert batch["eventName"] == "ObjectRemoved:DeleteMarkerCreated"
    assert batch["s3"]["object"]["versionId"] == result["Deleted"][0]["DeleteMarkerVersionId"]


def test_sns_destination(s3, sqs, aws_client, bucket, queue):
    sns = aws_client("sns")
    topic = sns.create_topic(Name=f"s3-events-{uuid.uuid4().hex[:8]}")["TopicArn"]
    try:
        allow_sns(sqs, queue[0], queue[1])
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue[1])
        allow_s3_topic(sns, topic)
        s3.put_bucket_notification_configuration(
            Bucket=bucket,
            NotificationConfiguration={
                "TopicConfigurations": [
                    {"Id": "to-topic", "TopicArn": topic, "Events": ["s3:ObjectCreated:*"]}
                ]
            },
        )
        s3.put_object(Bucket=bucket, Key="via-sns", Body=b"abc")
        records = []
        end = time.monotonic() + DEADLINE
        while not records and time.monotonic() < end:
            for envelope in _receive_json(sqs, queue[0], 1, deadline=2):
                assert envelope["TopicArn"] == topic
                assert envelope["Subject"] == "Amazon S3 Notification"
                message = json.loads(envelope["Message"])
                records.extend(message.get("Records", []))
        (record,) = records
        assert record["eventName"] == "ObjectCreated:Put"
        assert record["s3"]["configurationId"] == "to-topic"
        assert record["s3"]["object"]["key"] == "via-sns"
        assert record["s3"]["object"]["size"] == 3
        assert record["s3"]["object"]["eTag"] == hashlib.md5(b"abc").hexdigest()
    finally:
        sns.delete_topic(TopicArn=topic)


LAMBDA_HANDLER = """
import json
import os

import boto3


def handler(event, context):
    boto3.client("sqs").send_message(QueueUrl=os.environ["OUT"], MessageBody=json.dumps(event))
"""


def _handler_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", LAMBDA_HANDLER)
    return buffer.getvalue()


def test_lambda_destination(s3, sqs, aws_client, bucket, queue, unique_name):
    lam = aws_client("lambda")
    name = unique_name("s3-fn")
    arn = lam.create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role="arn:aws:iam::000000000000:role/lambda-role",
        Handler="handler.handler",
        Code={"ZipFile": _handler_zip()},
        Timeout=10,
        Environment={"Variables": {"OUT": queue[0]}},
    )["FunctionArn"]
    try:
        allow_s3_function(lam, arn)
        s3.put_bucket_notification_configuration(
            Bucket=bucket,
            NotificationConfiguration={
                "LambdaFunctionConfigurations": [
                    {"Id": "to-fn", "LambdaFunctionArn": arn, "Events": ["s3:ObjectCreated:Put"]}
                ]
            },
        )
        config = s3.get_bucket_notification_configuration(Bucket=bucket)
        assert config["LambdaFunctionConfigurations"][0]["LambdaFunctionArn"] == arn
        s3.put_object(Bucket=bucket, Key="for lambda.txt", Body=b"lambda!")
        (event,) = _receive_json(sqs, queue[0], 1, deadline=30)
    finally:
        lam.delete_function(FunctionName=name)
    (record,) = event["Records"]
    _assert_record_shape(record, bucket, "ObjectCreated:Put", "for+lambda.txt", "to-fn")
    assert record["s3"]["object"]["size"] == 7
    assert record["s3"]["object"]["eTag"] == hashlib.md5(b"lambda!").hexdigest()


def test_eventbridge_destination(s3, sqs, aws_client, bucket, queue, unique_name):
    events = aws_client("events")
    rule = unique_name("s3-rule")
    events.put_rule(
        Name=rule,
        EventPattern=json.dumps({"source": ["aws.s3"], "detail": {"bucket": {"name": [bucket]}}}),
    )
    allow_service(sqs, queue[0], EVENTS)  # EventBridge delivers to SQS only where the queue policy lets it
    events.put_targets(Rule=rule, Targets=[{"Id": "q", "Arn": queue[1]}])
    try:
        s3.put_bucket_notification_configuration(
            Bucket=bucket, NotificationConfiguration={"EventBridgeConfiguration": {}}
        )
        s3.put_object(Bucket=bucket, Key="eb key", Body=b"12345")
        (created,) = _receive_json(sqs, queue[0], 1)
        s3.delete_object(Bucket=bucket, Key="eb key")
        (deleted,) = _receive_json(sqs, queue[0], 1)
    finally:
        events.remove_targets(Rule=rule, Ids=["q"])
        events.delete_rule(Name=rule)
    assert created["source"] == "aws.s3"
    assert created["detail-type"] == "Object Created"
    assert created["account"] == "000000000000"
    assert created["region"] == "us-east-1"
    assert created["resources"] == [f"arn:aws:s3:::{bucket}"]
    detail = created["detail"]
    assert detail["version"] == "0"
    assert detail["bucket"] == {"name": bucket}
    assert detail["object"]["key"] == "eb key"
    assert detail["object"]["size"] == 5
    assert detail["object"]["etag"] == hashlib.md5(b"12345").hexdigest()
    assert detail["object"]["sequencer"]
    assert detail["reason"] == "PutObject"
    assert detail["requester"] == "000000000000"
    assert deleted["detail-type"] == "Object Deleted"
    assert deleted["detail"]["deletion-type"] == "Permanently Deleted"
    assert deleted["detail"]["reason"] == "DeleteObject"
    assert deleted["detail"]["object"]["key"] == "eb key"


def test_configuration_errors(s3, bucket, queue):
    missing = queue[1] + "-missing"
    cases = [
        {"QueueConfigurations": [{"QueueArn": missing, "Events": ["s3:ObjectCreated:*"]}]},
        {
            "QueueConfigurations": [
                {"QueueArn": queue[1], "Events": ["s3:ObjectCreated:*"]},
                {"QueueArn": queue[1], "Events": ["s3:ObjectCreated:Put"]},
            ]
        },
        {
            "QueueConfigurations": [
                {
                    "QueueArn": queue[1],
                    "Events": ["s3:ObjectCreated:*"],
                    "Filter": {"Key": {"FilterRules": [{"Name": "middle", "Value": "x"}]}},
                }
            ]
        },
        {"QueueConfigurations": [{"QueueArn": queue[1], "Events": ["s3:NotAnEvent"]}]},
    ]
    for config in cases:
        with pytest.raises(ClientError) as error:
            s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration=config)
        assert error.value.response["Error"]["Code"] == "InvalidArgument", config
    # Non-overlapping prefixes on one event type are fine, and validation can be skipped.
    s3.put_bucket_notification_configuration(
        Bucket=bucket,
        SkipDestinationValidation=True,
        NotificationConfiguration={
            "QueueConfigurations": [
                {"QueueArn": missing, "Events": ["s3:ObjectCreated:*"], "Filter": _prefix("a/")},
                {"QueueArn": queue[1], "Events": ["s3:ObjectCreated:*"], "Filter": _prefix("b/")},
            ]
        },
    )
    assert len(s3.get_bucket_notification_configuration(Bucket=bucket)["QueueConfigurations"]) == 2


def _prefix(value: str) -> dict:
    return {"Key": {"FilterRules": [{"Name": "prefix", "Value": value}]}}


def test_synchronous_delivery(tmp_path):
    """With SYNCHRONOUS_S3_EVENTS=1 the message is in the queue when PutObject answers."""
    import boto3

    server = start_server(tmp_path, services=["s3", "sqs"], extra_env={"SYNCHRONOUS_S3_EVENTS": "1"})
    try:
        kwargs = {
            "endpoint_url": server.edge_url,
            "region_name": "us-east-1",
            "aws_access_key_id": "test",
            "aws_secret_access_key": "test",
        }
        s3, sqs = boto3.client("s3", **kwargs), boto3.client("sqs", **kwargs)
        url = sqs.create_queue(QueueName="sync-events")["QueueUrl"]
        arn = allow_s3(sqs, url)
        s3.create_bucket(Bucket="sync-bucket")
        s3.put_bucket_notification_configuration(
            Bucket="sync-bucket",
            NotificationConfiguration={
                "QueueConfigurations": [{"QueueArn": arn, "Events": ["s3:ObjectCreated:*"]}]
            },
        )
        test_event = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0)["Messages"][0]
        assert json.loads(test_event["Body"])["Event"] == "s3:TestEvent"
        sqs.delete_message(QueueUrl=url, ReceiptHandle=test_event["ReceiptHandle"])
        s3.put_object(Bucket="sync-bucket", Key="now", Body=b"now")
        message = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0)["Messages"][0]
        assert json.loads(message["Body"])["Records"][0]["s3"]["object"]["key"] == "now"
    finally:
        server.stop()


def test_filter_rules_need_a_name_and_a_value_of_s3s_names(s3, sqs, bucket, unique_name, aws_client):
    from botocore.config import Config

    url = sqs.create_queue(QueueName=unique_name("rules"))["QueueUrl"]
    arn = allow_s3(sqs, url)
    unchecked = aws_client("s3", config=Config(parameter_validation=False))
    rule: dict[str, str] = {}
    configuration = {
        "QueueConfigurations": [
            {"QueueArn": arn, "Events": ["s3:ObjectCreated:*"], "Filter": {"Key": {"FilterRules": [rule]}}}
        ]
    }
    for partial in ({}, {"Name": "prefix"}, {"Value": "test"}):
        rule.clear()
        rule.update(partial)
        with pytest.raises(ClientError) as excinfo:
            unchecked.put_bucket_notification_configuration(
                Bucket=bucket, NotificationConfiguration=configuration
            )
        error = excinfo.value.response["Error"]
        assert (error["Code"], error["Message"]) == (
            "MalformedXML",
            "The XML you provided was not well-formed or did not validate against our published schema",
        )
    rule.update({"Name": "INVALID", "Value": "does not matter"})
    with pytest.raises(ClientError) as excinfo:
        s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration=configuration)
    error = excinfo.value.response["Error"]
    assert (error["Code"], error["Message"]) == (
        "InvalidArgument",
        "filter rule name must be either prefix or suffix",
    )
    assert (error["ArgumentName"], error["ArgumentValue"]) == ("FilterRule.Name", "INVALID")


def _error_of(s3: Any, bucket: str, config: dict, **extra: Any) -> tuple[int, dict]:
    with pytest.raises(ClientError) as error:
        s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration=config, **extra)
    response = error.value.response
    return response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]


def test_recorded_configuration_errors(s3, bucket, queue):
    """The answers S3 gave in LocalStack's recordings (test_s3_notifications_sqs.snapshot.json)."""
    filtered = {
        "QueueArn": queue[1],
        "Events": ["s3:ObjectCreated:*"],
        "Filter": {"Key": {"FilterRules": [{"Name": "INVALID", "Value": "x"}]}},
    }
    assert _error_of(s3, bucket, {"QueueConfigurations": [filtered]}) == (
        400,
        {
            "Code": "InvalidArgument",
            "Message": "filter rule name must be either prefix or suffix",
            "ArgumentName": "FilterRule.Name",
            "ArgumentValue": "INVALID",
        },
    )
    unparsable = {"QueueConfigurations": [{"QueueArn": "invalid-queue", "Events": ["s3:ObjectCreated:*"]}]}
    expected = {
        "Code": "InvalidArgument",
        "Message": "The ARN could not be parsed",
        "ArgumentName": "Queue",
        "ArgumentValue": "invalid-queue",
    }
    assert _error_of(s3, bucket, unparsable) == (400, expected)
    assert _error_of(s3, bucket, unparsable, SkipDestinationValidation=True) == (400, expected)
    missing = "arn:aws:sqs:us-east-1:000000000000:my-queue-" + uuid.uuid4().hex[:8]
    assert _error_of(
        s3, bucket, {"QueueConfigurations": [{"QueueArn": missing, "Events": ["s3:ObjectCreated:*"]}]}
    ) == (
        400,
        {
            "Code": "InvalidArgument",
            "Message": "Unable to validate the following destination configurations",
            "ArgumentName1": missing,
            "ArgumentValue1": "The destination queue does not exist",
        },
    )
    # The first unparsable ARN is named, before any destination is looked up.
    two = {
        "QueueConfigurations": [
            {"QueueArn": missing, "Events": ["s3:ObjectCreated:*"]},
            {"QueueArn": "invalid_arn_2", "Events": ["s3:ObjectRemoved:*"]},
        ]
    }
    status, error = _error_of(s3, bucket, two)
    assert (status, error["Message"], error["ArgumentName"], error["ArgumentValue"]) == (
        400,
        "The ARN could not be parsed",
        "Queue",
        "invalid_arn_2",
    )


def test_recorded_tagging_acl_and_delete_records(s3, sqs, bucket, queue):
    """ObjectTagging and ObjectAcl records are eventVersion 2.3 and name only the key and the eTag; a delete
    names the key and a sequencer; keys are URL-encoded (a@b -> a%40b)."""
    _configure_queue(
        s3,
        sqs,
        bucket,
        queue,
        ["s3:ObjectTagging:*", "s3:ObjectAcl:Put", "s3:ObjectRemoved:*", "s3:ObjectCreated:*"],
    )
    url = queue[0]
    etag = s3.put_object(Bucket=bucket, Key="a@b", Body=b"something")["ETag"].strip('"')
    created = _records(sqs, url, 1)[0]
    assert created["s3"]["object"]["key"] == "a%40b"
    assert set(created["s3"]["object"]) == {"key", "size", "eTag", "sequencer"}
    s3.put_object_tagging(Bucket=bucket, Key="a@b", Tagging={"TagSet": [{"Key": "k", "Value": "v"}]})
    s3.delete_object_tagging(Bucket=bucket, Key="a@b")
    tagged, untagged = _records(sqs, url, 2)
    for record, name in ((tagged, "ObjectTagging:Put"), (untagged, "ObjectTagging:Delete")):
        assert (record["eventName"], record["eventVersion"]) == (name, "2.3")
        assert record["s3"]["object"] == {"key": "a%40b", "eTag": etag}
    s3.delete_object(Bucket=bucket, Key="a@b")
    removed = _records(sqs, url, 1)[0]
    assert (removed["eventName"], removed["eventVersion"]) == ("ObjectRemoved:Delete", "2.1")
    assert set(removed["s3"]["object"]) == {"key", "sequencer"}
    assert removed["s3"]["object"]["key"] == "a%40b"


def test_recorded_topic_arn_and_several_missing_queues(s3, bucket):
    topic = {"TopicConfigurations": [{"TopicArn": "invalid-topic", "Events": ["s3:ObjectCreated:*"]}]}
    expected = {
        "Code": "InvalidArgument",
        "Message": "The ARN could not be parsed",
        "ArgumentName": "Topic",
        "ArgumentValue": "invalid-topic",
    }
    assert _error_of(s3, bucket, topic) == (400, expected)
    assert _error_of(s3, bucket, topic, SkipDestinationValidation=True) == (400, expected)
    suffix = uuid.uuid4().hex[:8]
    first, second = (f"arn:aws:sqs:us-east-1:000000000000:my-queue-{suffix}{n}" for n in ("", "-2"))
    both = {
        "QueueConfigurations": [
            {"QueueArn": first, "Events": ["s3:ObjectCreated:*"]},
            {"QueueArn": second, "Events": ["s3:ObjectRemoved:*"]},
        ]
    }
    assert _error_of(s3, bucket, both) == (
        400,
        {
            "Code": "InvalidArgument",
            "Message": "Unable to validate the following destination configurations",
            "ArgumentName1": first,
            "ArgumentValue1": "The destination queue does not exist",
            "ArgumentName2": second,
            "ArgumentValue2": "The destination queue does not exist",
        },
    )
    missing_bucket = f"{bucket}-missing"
    assert _error_of(s3, missing_bucket, topic) == (
        404,
        {
            "Code": "NoSuchBucket",
            "Message": "The specified bucket does not exist",
            "BucketName": missing_bucket,
        },
    )


def test_recorded_lambda_destination_errors(s3, bucket):
    invalid = {
        "LambdaFunctionConfigurations": [
            {"LambdaFunctionArn": "invalid-queue", "Events": ["s3:ObjectCreated:*"]}
        ]
    }
    expected = {
        "Code": "InvalidArgument",
        "Message": "The ARN could not be parsed",
        "ArgumentName": "CloudFunction",
        "ArgumentValue": "invalid-queue",
    }
    assert _error_of(s3, bucket, invalid) == (400, expected)
    assert _error_of(s3, bucket, invalid, SkipDestinationValidation=True) == (400, expected)
    function = f"arn:aws:lambda:us-east-1:000000000000:function:my-lambda-{uuid.uuid4().hex[:8]}"
    missing = {
        "LambdaFunctionConfigurations": [{"LambdaFunctionArn": function, "Events": ["s3:ObjectCreated:*"]}]
    }
    # S3 names a function it could not validate with ", null" after its ARN.
    assert _error_of(s3, bucket, missing) == (
        400,
        {
            "Code": "InvalidArgument",
            "Message": "Unable to validate the following destination configurations",
            "ArgumentName1": f"{function}, null",
            "ArgumentValue1": f"Not authorized to invoke function [{function}]",
        },
    )
    s3.put_bucket_notification_configuration(
        Bucket=bucket, NotificationConfiguration=missing, SkipDestinationValidation=True
    )
    stored = s3.get_bucket_notification_configuration(Bucket=bucket)["LambdaFunctionConfigurations"]
    assert [(c["LambdaFunctionArn"], c["Events"]) for c in stored] == [(function, ["s3:ObjectCreated:*"])]


def test_eventbridge_acl_and_tag_events(s3, sqs, aws_client, bucket, queue, unique_name):
    """Recorded: an ACL change reaches EventBridge as "Object ACL Updated", naming key and etag, no reason or
    sequencer; tag changes are "Object Tags Added" and "Object Tags Deleted" (S3 user guide)."""
    events = aws_client("events")
    rule = unique_name("s3-attr")
    events.put_rule(
        Name=rule,
        EventPattern=json.dumps({"source": ["aws.s3"], "detail": {"bucket": {"name": [bucket]}}}),
    )
    allow_service(sqs, queue[0], EVENTS)
    events.put_targets(Rule=rule, Targets=[{"Id": "q", "Arn": queue[1]}])
    s3.put_bucket_ownership_controls(
        Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]}
    )
    try:
        s3.put_object(Bucket=bucket, Key="k", Body=b"something")
        s3.put_bucket_notification_configuration(
            Bucket=bucket, NotificationConfiguration={"EventBridgeConfiguration": {}}
        )
        s3.put_object_acl(Bucket=bucket, Key="k", ACL="private")
        s3.put_object_tagging(Bucket=bucket, Key="k", Tagging={"TagSet": [{"Key": "a", "Value": "b"}]})
        s3.delete_object_tagging(Bucket=bucket, Key="k")
        received = _receive_json(sqs, queue[0], 3)
    finally:
        events.remove_targets(Rule=rule, Ids=["q"])
        events.delete_rule(Name=rule)
    etag = hashlib.md5(b"something").hexdigest()
    assert [m["detail-type"] for m in received] == [
        "Object ACL Updated",
        "Object Tags Added",
        "Object Tags Deleted",
    ]
    for message in received:
        detail = message["detail"]
        assert detail["object"] == {"key": "k", "etag": etag}
        assert set(detail) == {"version", "bucket", "object", "request-id", "requester", "source-ip-address"}
        assert detail["bucket"] == {"name": bucket}


def test_recorded_restore_events(s3, sqs, bucket, queue):
    """A restore sends ObjectRestore:Post, then ObjectRestore:Completed carrying glacierEventData, sent by S3
    itself (principal AmazonCustomer:<owner>), as S3 recorded."""
    s3.put_object(Bucket=bucket, Key="my_key_restore", Body=b"something", StorageClass="GLACIER")
    _configure_queue(s3, sqs, bucket, queue, ["s3:ObjectRestore:*"])
    s3.restore_object(Bucket=bucket, Key="my_key_restore", RestoreRequest={"Days": 1})
    posted, completed = _records(sqs, queue[0], 2)
    etag = hashlib.md5(b"something").hexdigest()
    for record, name in ((posted, "ObjectRestore:Post"), (completed, "ObjectRestore:Completed")):
        _assert_record_shape(record, bucket, name, "my_key_restore")
        assert set(record["s3"]["object"]) == {"key", "size", "eTag", "sequencer"}
        assert (record["s3"]["object"]["size"], record["s3"]["object"]["eTag"]) == (9, etag)
    assert "glacierEventData" not in posted
    restored = completed["glacierEventData"]["restoreEventData"]
    assert restored["lifecycleRestoreStorageClass"] == "GLACIER"
    assert restored["lifecycleRestorationExpiryTime"].endswith("Z")
    owner = completed["s3"]["bucket"]["ownerIdentity"]["principalId"]
    assert completed["userIdentity"]["principalId"] == f"AmazonCustomer:{owner}"


def test_eventbridge_restore_events(s3, sqs, aws_client, bucket, queue, unique_name):
    """Recorded: Object Restore Initiated and Object Restore Completed name key, size and etag and the
    source storage class; the completion carries restore-expiry-time and no source IP."""
    events = aws_client("events")
    rule = unique_name("s3-restore")
    events.put_rule(
        Name=rule,
        EventPattern=json.dumps({"source": ["aws.s3"], "detail": {"bucket": {"name": [bucket]}}}),
    )
    allow_service(sqs, queue[0], EVENTS)
    events.put_targets(Rule=rule, Targets=[{"Id": "q", "Arn": queue[1]}])
    try:
        s3.put_object(Bucket=bucket, Key="k", Body=b"something", StorageClass="GLACIER")
        s3.put_bucket_notification_configuration(
            Bucket=bucket, NotificationConfiguration={"EventBridgeConfiguration": {}}
        )
        s3.restore_object(Bucket=bucket, Key="k", RestoreRequest={"Days": 1})
        received = _receive_json(sqs, queue[0], 2)
    finally:
        events.remove_targets(Rule=rule, Ids=["q"])
        events.delete_rule(Name=rule)
    by_type = {m["detail-type"]: m["detail"] for m in received}
    assert set(by_type) == {"Object Restore Initiated", "Object Restore Completed"}
    etag = hashlib.md5(b"something").hexdigest()
    initiated, completed = by_type["Object Restore Initiated"], by_type["Object Restore Completed"]
    for detail in (initiated, completed):
        assert detail["object"] == {"key": "k", "size": 9, "etag": etag}
        assert detail["source-storage-class"] == "GLACIER"
        assert "reason" not in detail
    assert set(initiated) == {
        "version",
        "bucket",
        "object",
        "request-id",
        "requester",
        "source-ip-address",
        "source-storage-class",
    }
    assert set(completed) == {
        "version",
        "bucket",
        "object",
        "request-id",
        "requester",
        "restore-expiry-time",
        "source-storage-class",
    }


def test_recorded_xray_header_reaches_the_queue(s3, sqs, bucket, queue):
    """The request's X-Amzn-Trace-Id reaches the queue message as its AWSTraceHeader attribute."""
    trace = "Root=1-3152b799-8954dae64eda91bc9a23a7e8;Parent=7fa8c0f79203be72;Sampled=1"
    _configure_queue(s3, sqs, bucket, queue, ["s3:ObjectCreated:*"])

    def add_trace(request, **_: Any) -> None:
        request.headers["X-Amzn-Trace-Id"] = trace

    s3.meta.events.register("before-send.s3.PutObject", add_trace)
    try:
        s3.put_object(Bucket=bucket, Key="test-data", Body=b"something")
    finally:
        s3.meta.events.unregister("before-send.s3.PutObject", add_trace)
    end = time.monotonic() + DEADLINE
    messages: list[dict] = []
    while not messages and time.monotonic() < end:
        messages = sqs.receive_message(
            QueueUrl=queue[0], WaitTimeSeconds=1, MessageSystemAttributeNames=["AWSTraceHeader"]
        ).get("Messages", [])
    assert messages
    assert messages[0]["Attributes"] == {"AWSTraceHeader": trace}
    assert json.loads(messages[0]["Body"])["Records"][0]["s3"]["object"]["key"] == "test-data"


def test_recorded_filter_rule_names_are_answered_capitalized(s3, bucket, queue):
    """Rule names are matched case-insensitively and answered as Prefix and Suffix; an empty configuration
    answers no configurations at all."""
    rules = [{"Name": "PREFIX", "Value": "notif-"}, {"Name": "suffix", "Value": ".txt"}]
    s3.put_bucket_notification_configuration(
        Bucket=bucket,
        NotificationConfiguration={
            "QueueConfigurations": [
                {
                    "Id": "rules",
                    "QueueArn": queue[1],
                    "Events": ["s3:ObjectCreated:*"],
                    "Filter": {"Key": {"FilterRules": rules}},
                }
            ]
        },
    )
    (config,) = s3.get_bucket_notification_configuration(Bucket=bucket)["QueueConfigurations"]
    assert config["Filter"]["Key"]["FilterRules"] == [
        {"Name": "Prefix", "Value": "notif-"},
        {"Name": "Suffix", "Value": ".txt"},
    ]
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={})
    answer = s3.get_bucket_notification_configuration(Bucket=bucket)
    assert set(answer) == {"ResponseMetadata"}

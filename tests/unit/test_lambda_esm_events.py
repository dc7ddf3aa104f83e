"""Event source mapping events: AWS's record shapes, batchItemFailures answers, filters."""

from __future__ import annotations

import datetime
import json

from localstack.services.awslambda.event_sources import events, filtering

IDS = ["a", "b", "c"]


def test_batch_item_failures_success_answers():
    for answer in (b"", b"null", b"{}", b'{"batchItemFailures": []}', b'{"batchItemFailures": null}'):
        assert events.batch_item_failures(answer, IDS) == []


def test_batch_item_failures_names_failed_items_in_batch_order():
    answer = json.dumps({"batchItemFailures": [{"itemIdentifier": "c"}, {"itemIdentifier": "a"}]}).encode()
    assert events.batch_item_failures(answer, IDS) == ["a", "c"]


def test_batch_item_failures_whole_batch_failures():
    for answer in (
        b"{not json",
        b'{"batchItemFailures": [{"itemIdentifier": ""}]}',
        b'{"batchItemFailures": [{"itemIdentifier": null}]}',
        b'{"batchItemFailures": [{"id": "a"}]}',
        b'{"batchItemFailures": [{"itemIdentifier": "zzz"}]}',
    ):
        assert events.batch_item_failures(answer, IDS) is None


def test_dynamodb_record_encodes_binary_and_time():
    record = {
        "eventID": "1",
        "eventName": "INSERT",
        "dynamodb": {
            "ApproximateCreationDateTime": datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc),
            "Keys": {"pk": {"S": "a"}},
            "NewImage": {
                "b": {"B": b"\x00"},
                "m": {"M": {"bs": {"BS": [b"\x01"]}}},
                "l": {"L": [{"N": "1"}]},
            },
            "SequenceNumber": "100",
        },
    }
    out = events.dynamodb_record(record, "arn:aws:dynamodb:eu-west-1:000000000000:table/t/stream/x")
    assert out["awsRegion"] == "eu-west-1"
    assert out["dynamodb"]["ApproximateCreationDateTime"] == 1704067200
    assert out["dynamodb"]["NewImage"] == {
        "b": {"B": "AA=="},
        "m": {"M": {"bs": {"BS": ["AQ=="]}}},
        "l": {"L": [{"N": "1"}]},
    }


def test_a_time_to_live_deletion_names_the_service_in_the_event():
    record = {
        "eventID": "1",
        "eventName": "REMOVE",
        "dynamodb": {"Keys": {"pk": {"S": "a"}}, "SequenceNumber": "100"},
        "userIdentity": {"PrincipalId": "dynamodb.amazonaws.com", "Type": "Service"},
    }
    out = events.dynamodb_record(record, "arn:aws:dynamodb:eu-west-1:000000000000:table/t/stream/x")
    assert out["userIdentity"] == {"type": "Service", "principalId": "dynamodb.amazonaws.com"}


def test_sqs_record_shape():
    message = {
        "MessageId": "m",
        "ReceiptHandle": "r",
        "Body": "hi",
        "MD5OfBody": "x",
        "Attributes": {"ApproximateReceiveCount": "1"},
        "MessageAttributes": {"bin": {"DataType": "Binary", "BinaryValue": b"\x02"}},
    }
    out = events.sqs_record(message, "arn:aws:sqs:us-west-2:000000000000:q")
    assert out["awsRegion"] == "us-west-2" and out["eventSource"] == "aws:sqs"
    assert out["messageAttributes"]["bin"] == {
        "binaryValue": "Ag==",
        "dataType": "Binary",
        "stringListValues": [],
        "binaryListValues": [],
    }
    assert "md5OfMessageAttributes" not in out


def test_filters_read_json_bodies_and_kinesis_data():
    patterns = filtering.patterns_of({"Filters": [{"Pattern": json.dumps({"body": {"k": ["v"]}})}]})
    assert filtering.record_passes(patterns, {"body": '{"k": "v"}'})
    assert not filtering.record_passes(patterns, {"body": "k v"})
    patterns = filtering.patterns_of({"Filters": [{"Pattern": json.dumps({"data": {"k": ["v"]}})}]})
    assert filtering.record_passes(patterns, {"kinesis": {"data": "eyJrIjogInYifQ=="}})
    assert filtering.record_passes([], {"anything": 1})

"""SQS refusals recorded against AWS (facts from LocalStack's SQS snapshot files): an invalid batch entry
Id refuses the whole batch, over JSON and the query protocol; KMS and SQS-managed encryption in one
SetQueueAttributes."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from botocore.exceptions import ClientError

BATCH_ID = (
    "A batch entry id can only contain alphanumeric characters, hyphens and underscores. "
    "It can be at most 80 letters long."
)
AUTH = (
    "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sqs/aws4_request, "
    "SignedHeaders=host;x-amz-date, Signature=0"
)


@pytest.fixture
def sqs(aws_client):
    return aws_client("sqs")


@pytest.fixture
def queue_url(sqs, unique_name):
    url = sqs.create_queue(QueueName=unique_name("refusals"))["QueueUrl"]
    yield url
    sqs.delete_queue(QueueUrl=url)


def _error(call: Any, **kwargs: Any) -> tuple[int, str, str]:
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    error = info.value.response
    return error["ResponseMetadata"]["HTTPStatusCode"], error["Error"]["Code"], error["Error"]["Message"]


@pytest.mark.parametrize("entry_id", ["", "invalid:id", "testLongId" * 10], ids=["empty", "colon", "81+"])
def test_an_invalid_entry_id_refuses_the_whole_batch(sqs, queue_url, entry_id):
    expected = (400, "AWS.SimpleQueueService.InvalidBatchEntryId", BATCH_ID)
    entries = [{"Id": "ok", "ReceiptHandle": "x"}, {"Id": entry_id, "ReceiptHandle": "x"}]
    assert _error(sqs.delete_message_batch, QueueUrl=queue_url, Entries=entries) == expected
    sent = [{"Id": entry_id, "MessageBody": "m"}]
    assert _error(sqs.send_message_batch, QueueUrl=queue_url, Entries=sent) == expected
    changed = [{"Id": entry_id, "ReceiptHandle": "x", "VisibilityTimeout": 1}]
    assert _error(sqs.change_message_visibility_batch, QueueUrl=queue_url, Entries=changed) == expected
    assert "Messages" not in sqs.receive_message(QueueUrl=queue_url)


def test_an_invalid_entry_id_over_the_query_protocol(server, queue_url):
    form = {
        "Action": "DeleteMessageBatch",
        "QueueUrl": queue_url,
        "DeleteMessageBatchRequestEntry.1.Id": "invalid:id",
        "DeleteMessageBatchRequestEntry.1.ReceiptHandle": "x",
    }
    headers = {"Authorization": AUTH, "Content-Type": "application/x-www-form-urlencoded"}
    response = requests.post(server.edge_url, data=form, headers=headers, timeout=10)
    assert response.status_code == 400
    assert "<Code>AWS.SimpleQueueService.InvalidBatchEntryId</Code>" in response.text
    assert f"<Message>{BATCH_ID}</Message>" in response.text


def test_kms_and_sqs_managed_encryption_exclude_each_other(sqs, queue_url):
    attributes = {"KmsMasterKeyId": "testKeyId", "SqsManagedSseEnabled": "true"}
    assert _error(sqs.set_queue_attributes, QueueUrl=queue_url, Attributes=attributes) == (
        400,
        "InvalidAttributeName",
        "You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE "
        "or SQS SSE.",
    )
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"KmsMasterKeyId": "testKeyId"})
    answer = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["KmsMasterKeyId"])
    assert answer["Attributes"]["KmsMasterKeyId"] == "testKeyId"


def test_attribute_names_take_letters_of_any_script(sqs, queue_url):
    # The baseline of an AWS-validated LocalStack test: this name is accepted.
    attributes = {"attr.1øßä": {"StringValue": "Valida", "DataType": "String"}}
    assert sqs.send_message(QueueUrl=queue_url, MessageBody="test", MessageAttributes=attributes)["MessageId"]


RESERVED = (
    "You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These strings are reserved "
    "for internal use. Additionally, they cannot start or end with '.'."
)


@pytest.mark.parametrize(
    "name,message",
    [
        ("aWs.-Invalid-attr", RESERVED),
        ("AMAZON.-Invalid-attr", RESERVED),
        (".-Invalid-attr", RESERVED),
        ("Invalid.", RESERVED),
        ("L" * 257, "Message (user) attribute names must be shorter than 256 Bytes"),
    ],
    ids=["aws", "amazon", "leading-dot", "trailing-dot", "257"],
)
def test_attribute_names_AWS_refuses(sqs, queue_url, name, message):
    # Refused on AWS (LocalStack's AWS-validated test); the sentences are unconfirmed.
    attributes = {name: {"StringValue": "Valid", "DataType": "String"}}
    assert _error(sqs.send_message, QueueUrl=queue_url, MessageBody="test", MessageAttributes=attributes) == (
        400,
        "InvalidParameterValue",
        message,
    )


@pytest.mark.parametrize("value", [f"Invalid-{chr(8)},{chr(11)}", "nul\x00"], ids=["control", "nul"])
def test_string_attribute_values_take_what_a_body_takes(sqs, queue_url, value):
    attributes = {"attr1": {"StringValue": value, "DataType": "String"}}
    status, code, message = _error(
        sqs.send_message, QueueUrl=queue_url, MessageBody="test", MessageAttributes=attributes
    )
    assert (status, code) == (400, "InvalidParameterValue")
    assert message.startswith("Invalid characters found.")
    assert "Messages" not in sqs.receive_message(QueueUrl=queue_url)


def test_a_dead_letter_target_that_is_no_arn(sqs, queue_url):
    policy = '{"deadLetterTargetArn": "dummy", "maxReceiveCount": 42}'
    assert _error(sqs.set_queue_attributes, QueueUrl=queue_url, Attributes={"RedrivePolicy": policy}) == (
        400,
        "InvalidParameterValue",
        f"Value {policy} for parameter RedrivePolicy is invalid. "
        "Reason: Invalid value for deadLetterTargetArn.",
    )
    missing = (
        '{"deadLetterTargetArn": "arn:aws:sqs:us-east-1:000000000000:no-such-queue", "maxReceiveCount": 42}'
    )
    assert _error(sqs.set_queue_attributes, QueueUrl=queue_url, Attributes={"RedrivePolicy": missing})[
        2
    ].endswith("Reason: Dead letter target does not exist.")


def test_more_than_ten_entries_refuse_any_batch(sqs, queue_url):
    expected = (
        400,
        "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
        "Maximum number of entries per request are 10. You have sent 20.",
    )
    deletes = [{"Id": str(i), "ReceiptHandle": "x"} for i in range(20)]
    assert _error(sqs.delete_message_batch, QueueUrl=queue_url, Entries=deletes) == expected
    changes = [{"Id": str(i), "ReceiptHandle": "x", "VisibilityTimeout": 1} for i in range(20)]
    assert _error(sqs.change_message_visibility_batch, QueueUrl=queue_url, Entries=changes) == expected
    sends = [{"Id": str(i), "MessageBody": "m"} for i in range(20)]
    assert _error(sqs.send_message_batch, QueueUrl=queue_url, Entries=sends) == expected


def test_a_fifo_batch_entry_needs_its_group(sqs, unique_name):
    url = sqs.create_queue(QueueName=unique_name("refusals") + ".fifo", Attributes={"FifoQueue": "true"})[
        "QueueUrl"
    ]
    try:
        entries = [{"Id": "1", "MessageBody": "x", "MessageDeduplicationId": "d"}]
        assert _error(sqs.send_message_batch, QueueUrl=url, Entries=entries) == (
            400,
            "InvalidParameterValue",
            "The request must contain the parameter MessageGroupId.",
        )
        entries[0]["MessageGroupId"] = "g"
        assert [
            entry["Id"] for entry in sqs.send_message_batch(QueueUrl=url, Entries=entries)["Successful"]
        ] == ["1"]
    finally:
        sqs.delete_queue(QueueUrl=url)

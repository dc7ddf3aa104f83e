"""SQS's message size limit counts the body's UTF-8 bytes and every message attribute's name, type and
value (developer guide: all components of a message attribute are included in the size restriction), in
SendMessage and per entry of SendMessageBatch, over the JSON and the query protocol."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.integration.test_sqs_validation import _query

TOO_LARGE = "One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes."


@pytest.fixture
def sqs(aws_client):
    return aws_client("sqs")


@pytest.fixture
def small_queue(sqs, unique_name):
    url = sqs.create_queue(QueueName=unique_name("small"), Attributes={"MaximumMessageSize": "1024"})[
        "QueueUrl"
    ]
    yield url
    sqs.delete_queue(QueueUrl=url)


def _refusal(call, **params) -> tuple[str, str]:
    with pytest.raises(ClientError) as error:
        call(**params)
    return error.value.response["Error"]["Code"], error.value.response["Error"]["Message"]


def test_body_bytes_and_attributes_count(sqs, small_queue):
    assert sqs.send_message(QueueUrl=small_queue, MessageBody="x" * 1024)["MessageId"]
    # 600 two-byte characters are 1,200 bytes.
    assert _refusal(sqs.send_message, QueueUrl=small_queue, MessageBody="\u00e9" * 600) == (
        "InvalidParameterValue",
        TOO_LARGE,
    )
    attributes = {"abc": {"DataType": "Binary", "BinaryValue": b"y" * 20}}
    assert _refusal(
        sqs.send_message, QueueUrl=small_queue, MessageBody="x" * 1000, MessageAttributes=attributes
    ) == ("InvalidParameterValue", TOO_LARGE)
    assert sqs.send_message(QueueUrl=small_queue, MessageBody="x" * 990, MessageAttributes=attributes)


def test_batch_entry_over_the_limit_fails_alone(sqs, small_queue):
    answer = sqs.send_message_batch(
        QueueUrl=small_queue,
        Entries=[{"Id": "wide", "MessageBody": "\u00e9" * 600}, {"Id": "fine", "MessageBody": "x"}],
    )
    assert [entry["Id"] for entry in answer["Successful"]] == ["fine"]
    assert [(f["Id"], f["Code"], f["Message"], f["SenderFault"]) for f in answer["Failed"]] == [
        ("wide", "InvalidParameterValue", TOO_LARGE, True)
    ]


def test_query_protocol_counts_the_same(server, small_queue):
    status, kind, code, message = _query(
        server, Action="SendMessage", QueueUrl=small_queue, MessageBody="\u00e9" * 600
    )
    assert (status, code, message) == (400, "InvalidParameterValue", TOO_LARGE)
    assert "xml" in kind

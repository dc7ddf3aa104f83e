"""PublishBatch entries failed on their own (AWS's `Failed` list with Id, Code, Message and
SenderFault) while the rest of the batch is published, and Publish's subject and size limits."""

from __future__ import annotations

from typing import Any, Callable

import pytest
from botocore.exceptions import ClientError

from tests.integration.test_sns_delivery_support import allow_sns, receive


def test_publish_accepts_a_99_character_subject(sns: Any, topic: str) -> None:
    assert sns.publish(TopicArn=topic, Message="m", Subject="s" * 99)["MessageId"]


def test_publish_accepts_a_non_ascii_subject(sns: Any, topic: str) -> None:
    # The API reference: "Subjects must be UTF-8 text with no line breaks or control characters".
    assert sns.publish(TopicArn=topic, Message="m", Subject="caf\u00e9 \u2603")["MessageId"]
    answer = sns.publish_batch(
        TopicArn=topic, PublishBatchRequestEntries=[{"Id": "a", "Message": "m", "Subject": "\u00fcber"}]
    )
    assert [entry["Id"] for entry in answer["Successful"]] == ["a"] and answer["Failed"] == []


def test_batch_entries_fail_alone_and_the_rest_is_delivered(
    sns: Any, topic: str, aws_client: Callable[..., Any], unique_name: Callable[[str], str]
) -> None:
    sqs = aws_client("sqs")
    queue = sqs.create_queue(QueueName=unique_name("q"))["QueueUrl"]
    sns.subscribe(
        TopicArn=topic,
        Protocol="sqs",
        Endpoint=allow_sns(sqs, queue),
        Attributes={"RawMessageDelivery": "true"},
    )
    answer = sns.publish_batch(
        TopicArn=topic,
        PublishBatchRequestEntries=[
            {"Id": "good", "Message": "delivered"},
            {"Id": "empty", "Message": ""},
            {"Id": "long-subject", "Message": "m", "Subject": "s" * 100},
            {"Id": "newline", "Message": "m", "Subject": "a\nb"},
        ],
    )
    assert [entry["Id"] for entry in answer["Successful"]] == ["good"]
    assert sorted(answer["Failed"], key=lambda entry: entry["Id"]) == [
        {
            "Id": "empty",
            "Code": "InvalidParameter",
            "Message": "Invalid parameter: Empty message",
            "SenderFault": True,
        },
        {
            "Id": "long-subject",
            "Code": "InvalidParameter",
            "Message": "Invalid parameter: Subject",
            "SenderFault": True,
        },
        {
            "Id": "newline",
            "Code": "InvalidParameter",
            "Message": "Invalid parameter: Subject",
            "SenderFault": True,
        },
    ]
    bodies = [message["Body"] for message in receive(sqs, queue, count=1)]
    assert bodies == ["delivered"]
    assert sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=1).get("Messages", []) == []
    sqs.delete_queue(QueueUrl=queue)


def test_batch_with_every_entry_failing_answers_200(sns: Any, topic: str) -> None:
    answer = sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[{"Id": "1", "Message": ""}])
    assert answer["Successful"] == []
    assert answer["Failed"] == [
        {
            "Id": "1",
            "Code": "InvalidParameter",
            "Message": "Invalid parameter: Empty message",
            "SenderFault": True,
        }
    ]


def test_topic_maximum_message_size(
    sns: Any, topic: str, aws_client: Callable[..., Any], unique_name: Callable[[str], str]
) -> None:
    """MaximumMessageSize (1 KiB to 1 MiB, default 256 KiB) bounds what Publish takes, and a large one
    needs SQS, Firehose or Lambda subscriptions only (SetTopicAttributes' API reference)."""
    sqs = aws_client("sqs")
    queue = sqs.create_queue(QueueName=unique_name("big"))["QueueUrl"]
    large = sns.create_topic(Name=unique_name("big"), Attributes={"MaximumMessageSize": "524288"})["TopicArn"]
    try:
        shown = sns.get_topic_attributes(TopicArn=large)["Attributes"]
        assert shown["MaximumMessageSize"] == "524288"
        sns.subscribe(
            TopicArn=large,
            Protocol="sqs",
            Endpoint=allow_sns(sqs, queue),
            Attributes={"RawMessageDelivery": "true"},
        )
        body = "x" * 300_000
        sns.publish(TopicArn=large, Message=body)
        assert [m["Body"] for m in receive(sqs, queue)] == [body]
        with pytest.raises(ClientError) as error:
            sns.publish(TopicArn=large, Message="x" * 600_000)
        assert error.value.response["Error"]["Message"] == "Invalid parameter: Message too long"
        for value in ("1023", "1048577", "big"):
            with pytest.raises(ClientError) as error:
                sns.set_topic_attributes(
                    TopicArn=large, AttributeName="MaximumMessageSize", AttributeValue=value
                )
            assert error.value.response["Error"]["Code"] == "InvalidParameter"
        sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="someone@example.com")
        with pytest.raises(ClientError) as error:
            sns.set_topic_attributes(
                TopicArn=topic, AttributeName="MaximumMessageSize", AttributeValue="300000"
            )
        assert error.value.response["Error"]["Code"] == "InvalidParameter"
        sns.set_topic_attributes(TopicArn=topic, AttributeName="MaximumMessageSize", AttributeValue="2048")
        with pytest.raises(ClientError) as error:
            sns.publish(TopicArn=topic, Message="x" * 3000)
        assert error.value.response["Error"]["Message"] == "Invalid parameter: Message too long"
    finally:
        sns.delete_topic(TopicArn=large)
        sqs.delete_queue(QueueUrl=queue)

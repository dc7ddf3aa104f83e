"""GetQueueUrl of a queue in another account (QueueOwnerAWSAccountId), and using the URL it gives."""

from __future__ import annotations

from typing import Any, Callable

import pytest
from botocore.exceptions import ClientError

OWNER = "111111111111"


def test_get_queue_url_of_another_account(
    aws_client: Callable[..., Any], unique_name: Callable[[str], str]
) -> None:
    owner = aws_client("sqs", credentials={"aws_access_key_id": OWNER})
    caller = aws_client("sqs")
    name = unique_name("shared")
    url = owner.create_queue(QueueName=name)["QueueUrl"]
    try:
        assert caller.get_queue_url(QueueName=name, QueueOwnerAWSAccountId=OWNER)["QueueUrl"] == url
        assert f"/{OWNER}/{name}" in url
        with pytest.raises(ClientError) as error:
            caller.get_queue_url(QueueName=name)  # not in the caller's own account
        assert error.value.response["Error"]["Code"] == "AWS.SimpleQueueService.NonExistentQueue"
        with pytest.raises(ClientError) as error:
            caller.get_queue_url(QueueName=name + "-missing", QueueOwnerAWSAccountId=OWNER)
        assert error.value.response["Error"]["Message"] == "The specified queue does not exist."
        caller.send_message(QueueUrl=url, MessageBody="across accounts")
        messages = owner.receive_message(QueueUrl=url, WaitTimeSeconds=1).get("Messages", [])
        assert [m["Body"] for m in messages] == ["across accounts"]
    finally:
        owner.delete_queue(QueueUrl=url)


def test_md5_of_message_system_attributes(
    aws_client: Callable[..., Any], unique_name: Callable[[str], str]
) -> None:
    sqs = aws_client("sqs")
    url = sqs.create_queue(QueueName=unique_name("md5"))["QueueUrl"]
    trace = {"DataType": "String", "StringValue": "Root=1-5759e988-bd862e3fe1be46a994272793"}
    try:
        # The same name, type and value as a message attribute gives the same MD5 (one encoding).
        sent = sqs.send_message(
            QueueUrl=url,
            MessageBody="traced",
            MessageAttributes={"AWSTraceHeader": trace},
            MessageSystemAttributes={"AWSTraceHeader": trace},
        )
        assert sent["MD5OfMessageSystemAttributes"] == sent["MD5OfMessageAttributes"]
        batch = sqs.send_message_batch(
            QueueUrl=url,
            Entries=[
                {"Id": "traced", "MessageBody": "a", "MessageSystemAttributes": {"AWSTraceHeader": trace}},
                {"Id": "plain", "MessageBody": "b"},
            ],
        )
        answers = {entry["Id"]: entry for entry in batch["Successful"]}
        assert answers["traced"]["MD5OfMessageSystemAttributes"] == sent["MD5OfMessageSystemAttributes"]
        assert "MD5OfMessageSystemAttributes" not in answers["plain"]
        plain = sqs.send_message(QueueUrl=url, MessageBody="plain")
        assert "MD5OfMessageSystemAttributes" not in plain
    finally:
        sqs.delete_queue(QueueUrl=url)

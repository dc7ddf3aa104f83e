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

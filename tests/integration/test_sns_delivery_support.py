"""Helpers of the SNS delivery tests (no tests here): queues to subscribe, bounded polling for deliveries."""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any, Callable

from tests.integration.queue_policy_support import allow_service

DEADLINE = 10.0


def queue_arn(sqs: Any, url: str) -> str:
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def receive(sqs: Any, url: str, count: int = 1, deadline: float = DEADLINE, **kwargs: Any) -> list[dict]:
    """Receive until `count` messages arrived or the deadline passed (long polls, no fixed sleeps)."""
    messages: list[dict] = []
    end = time.monotonic() + deadline
    while len(messages) < count and time.monotonic() < end:
        batch = sqs.receive_message(
            QueueUrl=url,
            MaxNumberOfMessages=10,
            WaitTimeSeconds=1,
            MessageAttributeNames=["All"],
            AttributeNames=["All"],
            **kwargs,
        ).get("Messages", [])
        for message in batch:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        messages.extend(batch)
    return messages


def wait_for(condition: Callable[[], Any], deadline: float = DEADLINE) -> Any:
    end = time.monotonic() + deadline
    while True:
        result = condition()
        if result or time.monotonic() > end:
            return result
        time.sleep(0.05)


def kept_messages(edge_url: str, **query: str) -> list[dict]:
    from urllib.parse import urlencode

    url = f"{edge_url}/_localstack/sns/messages"
    if query:
        url += "?" + urlencode(query)
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())["messages"]


def allow_sns(sqs: Any, url: str, arn: str | None = None) -> str:
    """Give the queue the policy AWS needs before SNS delivers to it (sns.amazonaws.com may SendMessage);
    returns the queue's ARN."""
    return allow_service(sqs, url, "sns.amazonaws.com", queue_arn=arn)

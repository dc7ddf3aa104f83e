"""FIFO queue semantics beyond ordering: the queue's delay applies to every message, and a group stays
locked while one of its messages is in flight."""

from __future__ import annotations

import pytest


@pytest.fixture
def fifo_queue(aws_client, unique_name):
    sqs = aws_client("sqs")
    urls: list[str] = []

    def make(**attributes: str) -> str:
        attributes = {"FifoQueue": "true", "ContentBasedDeduplication": "true", **attributes}
        url = sqs.create_queue(QueueName=unique_name("fifo") + ".fifo", Attributes=attributes)["QueueUrl"]
        urls.append(url)
        return url

    yield sqs, make
    for url in urls:
        sqs.delete_queue(QueueUrl=url)


def test_zero_message_delay_keeps_the_queue_delay(fifo_queue):
    sqs, make = fifo_queue
    url = make(DelaySeconds="30")
    sqs.send_message(QueueUrl=url, MessageBody="a", MessageGroupId="g", DelaySeconds=0)
    assert sqs.receive_message(QueueUrl=url).get("Messages", []) == []
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessagesDelayed"])
    assert attributes["Attributes"]["ApproximateNumberOfMessagesDelayed"] == "1"


def test_group_is_locked_until_its_in_flight_message_is_released(fifo_queue):
    sqs, make = fifo_queue
    url = make()
    for body in ("1", "2"):
        sqs.send_message(QueueUrl=url, MessageBody=body, MessageGroupId="g")
    first = sqs.receive_message(QueueUrl=url)["Messages"]
    assert [m["Body"] for m in first] == ["1"]
    assert sqs.receive_message(QueueUrl=url).get("Messages", []) == []  # locked while "1" is in flight
    sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=first[0]["ReceiptHandle"], VisibilityTimeout=0)
    again = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    assert [m["Body"] for m in again] == ["1", "2"]


def test_group_lock_ends_when_the_visibility_timeout_runs_out(fifo_queue):
    # A group stays locked while a message of it is in flight; the timeout's end returns that message first.
    sqs, make = fifo_queue
    url = make()
    for body in ("1", "2"):
        sqs.send_message(QueueUrl=url, MessageBody=body, MessageGroupId="g")
    first = sqs.receive_message(QueueUrl=url, VisibilityTimeout=1)["Messages"]
    assert [m["Body"] for m in first] == ["1"]
    assert sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []) == []
    again = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=3)["Messages"]
    assert [m["Body"] for m in again][:1] == ["1"]
    assert again[0]["MessageId"] == first[0]["MessageId"]


def test_group_lock_ends_when_its_message_is_deleted(fifo_queue):
    sqs, make = fifo_queue
    url = make()
    for body in ("1", "2"):
        sqs.send_message(QueueUrl=url, MessageBody=body, MessageGroupId="g")
    first = sqs.receive_message(QueueUrl=url)["Messages"]
    assert sqs.receive_message(QueueUrl=url).get("Messages", []) == []
    sqs.delete_message(QueueUrl=url, ReceiptHandle=first[0]["ReceiptHandle"])
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=url)["Messages"]] == ["2"]

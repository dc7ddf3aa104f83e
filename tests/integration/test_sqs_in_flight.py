"""A receive passes over the messages other consumers have in flight (remembered between receives)
and still finds every message whose visibility came back: by timeout, ChangeMessageVisibility, or a
delete ahead of it."""

from __future__ import annotations

import time

import pytest


@pytest.fixture
def sqs(aws_client):
    return aws_client("sqs")


@pytest.fixture
def queue(sqs, unique_name):
    url = sqs.create_queue(QueueName=unique_name("in-flight"))["QueueUrl"]
    yield url
    sqs.delete_queue(QueueUrl=url)


def _receive(sqs, queue, timeout=30, count=1):
    messages = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=count, VisibilityTimeout=timeout)
    return [(m["Body"], m["ReceiptHandle"]) for m in messages.get("Messages", [])]


def test_receives_pass_in_flight_messages_and_find_returning_ones(sqs, queue):
    for n in range(6):
        sqs.send_message(QueueUrl=queue, MessageBody=f"m{n}")
    first = _receive(sqs, queue, count=3)
    assert [body for body, _ in first] == ["m0", "m1", "m2"]
    assert [body for body, _ in _receive(sqs, queue)] == ["m3"]
    # A visibility brought back to now: the next receive finds it before the later messages.
    sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=first[1][1], VisibilityTimeout=0)
    again = _receive(sqs, queue)
    assert [body for body, _ in again] == ["m1"]
    # A delete ahead of the remembered run of in-flight messages.
    sqs.delete_message(QueueUrl=queue, ReceiptHandle=first[0][1])
    assert [body for body, _ in _receive(sqs, queue)] == ["m4"]
    # A visibility timeout running out.
    short = _receive(sqs, queue, timeout=1)
    assert [body for body, _ in short] == ["m5"]
    assert _receive(sqs, queue) == []
    time.sleep(1.2)
    assert [body for body, _ in _receive(sqs, queue)] == ["m5"]
    sqs.send_message(QueueUrl=queue, MessageBody="m6")
    assert [body for body, _ in _receive(sqs, queue)] == ["m6"]
    attributes = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]
    assert attributes["ApproximateNumberOfMessagesNotVisible"] == "6"
    assert attributes["ApproximateNumberOfMessages"] == "0"


def test_change_visibility_of_an_expired_handle_answers_ok_and_leaves_the_message_visible(sqs, queue):
    # AWS answers OK and changes nothing (LocalStack's AWS-validated test, localstack PR 9632).
    sqs.send_message(QueueUrl=queue, MessageBody="expired")
    [(_, handle)] = _receive(sqs, queue, timeout=1)
    time.sleep(1.5)
    sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=handle, VisibilityTimeout=100)
    batch = sqs.change_message_visibility_batch(
        QueueUrl=queue, Entries=[{"Id": "a", "ReceiptHandle": handle, "VisibilityTimeout": 100}]
    )
    assert batch["Successful"] == [{"Id": "a"}] and not batch.get("Failed")
    assert [body for body, _ in _receive(sqs, queue)] == ["expired"]

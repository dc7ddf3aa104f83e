"""SQS semantics end to end: visibility, delays, long polling, FIFO order and deduplication, redrive,
attributes and purge, as a user of AWS relies on them."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

DEADLINE = 10.0


@pytest.fixture
def sqs(aws_client):
    return aws_client("sqs")


@pytest.fixture
def make_queue(sqs, unique_name):
    urls: list[str] = []

    def make(fifo: bool = False, **attributes: Any) -> str:
        name = unique_name("sem") + (".fifo" if fifo else "")
        if fifo:
            attributes["FifoQueue"] = "true"
        attrs = {k: str(v) for k, v in attributes.items()}
        url = sqs.create_queue(QueueName=name, Attributes=attrs)["QueueUrl"]
        urls.append(url)
        return url

    yield make
    for url in urls:
        sqs.delete_queue(QueueUrl=url)


def _arn(sqs: Any, url: str) -> str:
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def _receive(sqs: Any, url: str, **kwargs: Any) -> list[dict]:
    kwargs.setdefault("MaxNumberOfMessages", 10)
    kwargs.setdefault("MessageSystemAttributeNames", ["All"])
    return sqs.receive_message(QueueUrl=url, **kwargs).get("Messages", [])


def _receive_until(sqs: Any, url: str, deadline: float = DEADLINE, **kwargs: Any) -> list[dict]:
    """Poll until a receive returns messages (bounded), for things that become visible over time."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        messages = _receive(sqs, url, WaitTimeSeconds=1, **kwargs)
        if messages:
            return messages
    return []


def _count(sqs: Any, url: str, name: str) -> int:
    return int(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[name])["Attributes"][name])


def test_visibility_timeout_hides_then_returns_message(sqs, make_queue):
    url = make_queue(VisibilityTimeout=1)
    sqs.send_message(QueueUrl=url, MessageBody="hide me")
    (first,) = _receive(sqs, url)
    assert first["Attributes"]["ApproximateReceiveCount"] == "1"
    assert _receive(sqs, url) == []  # in flight
    assert _count(sqs, url, "ApproximateNumberOfMessagesNotVisible") == 1
    (again,) = _receive_until(sqs, url)
    assert again["MessageId"] == first["MessageId"]
    assert again["Attributes"]["ApproximateReceiveCount"] == "2"
    assert again["ReceiptHandle"] != first["ReceiptHandle"]


def test_change_message_visibility(sqs, make_queue):
    url = make_queue(VisibilityTimeout=60)
    sqs.send_message(QueueUrl=url, MessageBody="change me")
    (message,) = _receive(sqs, url)
    sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0)
    (again,) = _receive(sqs, url, VisibilityTimeout=300)
    assert again["MessageId"] == message["MessageId"]
    assert _receive(sqs, url) == []
    # Batch form, and the AWS limit of 12 hours.
    result = sqs.change_message_visibility_batch(
        QueueUrl=url, Entries=[{"Id": "a", "ReceiptHandle": again["ReceiptHandle"], "VisibilityTimeout": 0}]
    )
    assert [entry["Id"] for entry in result["Successful"]] == ["a"]
    (third,) = _receive(sqs, url)
    with pytest.raises(ClientError) as error:
        sqs.change_message_visibility(
            QueueUrl=url, ReceiptHandle=third["ReceiptHandle"], VisibilityTimeout=43201
        )
    assert error.value.response["Error"]["Code"] == "InvalidParameterValue"


def test_delay_queue_and_per_message_delay(sqs, make_queue):
    url = make_queue(DelaySeconds=1)
    sqs.send_message(QueueUrl=url, MessageBody="queue delay")
    assert _receive(sqs, url) == []
    assert _count(sqs, url, "ApproximateNumberOfMessagesDelayed") == 1
    (delayed,) = _receive_until(sqs, url)
    assert delayed["Body"] == "queue delay"

    # A message's own delay overrides the queue's: 0 means visible at once.
    sqs.send_message(QueueUrl=url, MessageBody="now", DelaySeconds=0)
    sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=2)
    assert [m["Body"] for m in _receive(sqs, url)] == ["now"]
    (later,) = _receive_until(sqs, url)
    assert later["Body"] == "later"


def test_long_poll_returns_when_a_message_arrives(sqs, make_queue, aws_client):
    url = make_queue()
    receiver = aws_client("sqs")
    outcome: dict[str, Any] = {}

    def receive() -> None:
        started = time.monotonic()
        outcome["messages"] = receiver.receive_message(QueueUrl=url, WaitTimeSeconds=10).get("Messages", [])
        outcome["elapsed"] = time.monotonic() - started

    thread = threading.Thread(target=receive)
    thread.start()
    time.sleep(0.3)  # let the receive start waiting; the send must wake it, not its timeout
    sqs.send_message(QueueUrl=url, MessageBody="wake up")
    thread.join(timeout=15)
    assert [m["Body"] for m in outcome["messages"]] == ["wake up"]
    assert outcome["elapsed"] < 5, outcome  # well before the 10 s wait ended


def test_long_poll_waits_for_queue_default(sqs, make_queue):
    url = make_queue(ReceiveMessageWaitTimeSeconds=1)
    started = time.monotonic()
    assert _receive(sqs, url) == []
    assert time.monotonic() - started >= 0.9  # the queue's wait time applies without WaitTimeSeconds


def test_fifo_order_per_group_and_group_lock(sqs, make_queue):
    url = make_queue(fifo=True, ContentBasedDeduplication="true")
    for index in range(4):
        for group in ("a", "b"):
            sqs.send_message(QueueUrl=url, MessageBody=f"{group}{index}", MessageGroupId=group)
    first = _receive(sqs, url, MaxNumberOfMessages=3, VisibilityTimeout=60)
    bodies = [m["Body"] for m in first]
    # A receive serves a whole group before the next (AWS): a0, a1, a2.
    assert bodies == ["a0", "a1", "a2"]
    # While messages of a group are in flight, no later message of that group is delivered; the
    # other group is.
    other = _receive(sqs, url, MaxNumberOfMessages=10, VisibilityTimeout=60)
    assert [m["Body"] for m in other] == ["b0", "b1", "b2", "b3"]
    first += other
    bodies += [m["Body"] for m in other]
    for message in first:
        sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    seen = bodies[:]
    while len(seen) < 8:
        batch = _receive(sqs, url, VisibilityTimeout=60)
        assert batch, seen
        seen += [m["Body"] for m in batch]
        for message in batch:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    for group in ("a", "b"):
        assert [b for b in seen if b.startswith(group)] == [f"{group}{i}" for i in range(4)]
    sequence = [int(m["Attributes"]["SequenceNumber"]) for m in first]
    assert all(number > 0 for number in sequence)


def test_fifo_deduplication_by_id_and_content(sqs, make_queue):
    url = make_queue(fifo=True)
    for _ in range(2):
        sqs.send_message(QueueUrl=url, MessageBody="once", MessageGroupId="g", MessageDeduplicationId="d1")
    with pytest.raises(ClientError) as error:
        sqs.send_message(QueueUrl=url, MessageBody="no id", MessageGroupId="g")
    assert error.value.response["Error"]["Code"] == "InvalidParameterValue"
    (message,) = _receive(sqs, url)
    assert message["Attributes"]["MessageDeduplicationId"] == "d1"
    assert message["Attributes"]["MessageGroupId"] == "g"
    sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    # Within the 5-minute window the id stays known even after the message was deleted.
    sqs.send_message(QueueUrl=url, MessageBody="again", MessageGroupId="g", MessageDeduplicationId="d1")
    assert _receive(sqs, url) == []

    content = make_queue(fifo=True, ContentBasedDeduplication="true")
    for _ in range(3):
        sqs.send_message(QueueUrl=content, MessageBody="same body", MessageGroupId="g")
    sqs.send_message(QueueUrl=content, MessageBody="other body", MessageGroupId="g")
    received = _receive(sqs, content)
    assert [m["Body"] for m in received] == ["same body", "other body"]
    assert received[0]["Attributes"]["MessageDeduplicationId"] == hashlib.sha256(b"same body").hexdigest()


def test_fifo_batch_send_keeps_order(sqs, make_queue):
    url = make_queue(fifo=True, ContentBasedDeduplication="true")
    entries = [{"Id": str(i), "MessageBody": f"m{i}", "MessageGroupId": "g"} for i in range(10)]
    result = sqs.send_message_batch(QueueUrl=url, Entries=entries)
    assert len(result["Successful"]) == 10
    numbers = [
        int(entry["SequenceNumber"]) for entry in sorted(result["Successful"], key=lambda e: int(e["Id"]))
    ]
    assert numbers == sorted(numbers) and len(set(numbers)) == 10
    assert [m["Body"] for m in _receive(sqs, url)] == [f"m{i}" for i in range(10)]


def test_redrive_to_dead_letter_queue(sqs, make_queue):
    dlq = make_queue()
    url = make_queue(
        VisibilityTimeout=60,
        RedrivePolicy=json.dumps({"deadLetterTargetArn": _arn(sqs, dlq), "maxReceiveCount": "2"}),
    )
    message_id = sqs.send_message(QueueUrl=url, MessageBody="poison")["MessageId"]
    for attempt in (1, 2):
        (message,) = _receive(sqs, url)
        assert message["Attributes"]["ApproximateReceiveCount"] == str(attempt)
        sqs.change_message_visibility(
            QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
        )
    assert _receive(sqs, url) == []  # the third receive moves it to the DLQ instead
    (dead,) = _receive(sqs, dlq)
    assert dead["MessageId"] == message_id
    assert dead["Body"] == "poison"
    assert sqs.list_dead_letter_source_queues(QueueUrl=dlq)["queueUrls"] == [url]


def test_message_attributes_and_system_attributes(sqs, make_queue):
    url = make_queue()
    attributes = {
        "text": {"DataType": "String", "StringValue": "hello"},
        "number": {"DataType": "Number", "StringValue": "42.5"},
        "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01\x02"},
        "custom": {"DataType": "String.custom", "StringValue": "typed"},
    }
    before = int(time.time() * 1000)
    sent = sqs.send_message(
        QueueUrl=url,
        MessageBody="with attributes",
        MessageAttributes=attributes,
        MessageSystemAttributes={
            "AWSTraceHeader": {
                "DataType": "String",
                "StringValue": "Root=1-5759e988-bd862e3fe1be46a994272793",
            }
        },
    )
    assert sent["MD5OfMessageBody"] == hashlib.md5(b"with attributes").hexdigest()
    assert len(sent["MD5OfMessageAttributes"]) == 32
    (message,) = _receive(sqs, url, MessageAttributeNames=["All"])
    assert message["MessageAttributes"] == attributes
    assert message["MD5OfMessageAttributes"] == sent["MD5OfMessageAttributes"]
    system = message["Attributes"]
    assert system["ApproximateReceiveCount"] == "1"
    assert before - 1000 <= int(system["SentTimestamp"]) <= int(time.time() * 1000) + 1000
    assert int(system["ApproximateFirstReceiveTimestamp"]) >= int(system["SentTimestamp"])
    assert system["SenderId"]
    assert system["AWSTraceHeader"] == "Root=1-5759e988-bd862e3fe1be46a994272793"
    # Asking for some attributes answers only those.
    sqs.send_message(QueueUrl=url, MessageBody="second", MessageAttributes=attributes)
    (second,) = sqs.receive_message(
        QueueUrl=url, MessageAttributeNames=["text", "num*"], MessageSystemAttributeNames=["SentTimestamp"]
    )["Messages"]
    assert set(second["MessageAttributes"]) == {"text"}
    assert set(second["Attributes"]) == {"SentTimestamp"}


def test_purge_queue(sqs, make_queue):
    url = make_queue()
    for index in range(5):
        sqs.send_message(QueueUrl=url, MessageBody=str(index))
    sqs.receive_message(QueueUrl=url, VisibilityTimeout=60)  # an in-flight message is purged too
    sqs.purge_queue(QueueUrl=url)
    assert _receive(sqs, url) == []
    assert _count(sqs, url, "ApproximateNumberOfMessages") == 0
    assert _count(sqs, url, "ApproximateNumberOfMessagesNotVisible") == 0
    with pytest.raises(ClientError) as error:
        sqs.purge_queue(QueueUrl=url)  # AWS allows one purge per 60 seconds
    assert error.value.response["Error"]["Code"] in (
        "AWS.SimpleQueueService.PurgeQueueInProgress",
        "PurgeQueueInProgress",
    )
    sqs.send_message(QueueUrl=url, MessageBody="after purge")
    assert [m["Body"] for m in _receive(sqs, url)] == ["after purge"]


def test_fifo_deduplication_scope_message_group(sqs, make_queue):
    url = make_queue(fifo=True, DeduplicationScope="messageGroup", FifoThroughputLimit="perMessageGroupId")
    for group in ("a", "b", "a"):
        sqs.send_message(QueueUrl=url, MessageBody=group, MessageGroupId=group, MessageDeduplicationId="same")
    assert sorted(m["Body"] for m in _receive(sqs, url)) == ["a", "b"]

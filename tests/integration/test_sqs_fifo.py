"""FIFO queue semantics beyond ordering: the queue's delay applies to every message, and a group stays
locked while one of its messages is in flight, and a handle whose visibility ran out deletes nothing."""

from __future__ import annotations

import time

import pytest
import requests

from tests.integration.error_support import client_error


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


def _expired(handle: str) -> str:
    return f"Value {handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired."


def test_expired_handle_deletes_nothing(fifo_queue):
    # AWS-recorded: once a FIFO message's visibility timeout ran out, its handle no longer deletes it.
    sqs, make = fifo_queue
    url = make(VisibilityTimeout="1")
    sqs.send_message(QueueUrl=url, MessageBody="g1-m1", MessageGroupId="1")
    handle = sqs.receive_message(QueueUrl=url)["Messages"][0]["ReceiptHandle"]
    time.sleep(1.5)
    assert client_error(sqs.delete_message, QueueUrl=url, ReceiptHandle=handle) == (
        400,
        "InvalidParameterValue",
        _expired(handle),
    )
    # The message is still there; the handle of the receive that holds it now deletes it.
    (again,) = sqs.receive_message(QueueUrl=url)["Messages"]
    assert again["Body"] == "g1-m1"
    assert client_error(sqs.delete_message, QueueUrl=url, ReceiptHandle=handle)[2] == _expired(handle)
    sqs.delete_message(QueueUrl=url, ReceiptHandle=again["ReceiptHandle"])
    assert sqs.receive_message(QueueUrl=url).get("Messages", []) == []


def test_expired_handle_fails_its_batch_entry_alone(fifo_queue):
    sqs, make = fifo_queue
    url = make(VisibilityTimeout="1")
    sqs.send_message(QueueUrl=url, MessageBody="a", MessageGroupId="a")
    old = sqs.receive_message(QueueUrl=url)["Messages"][0]["ReceiptHandle"]
    time.sleep(1.5)
    sqs.send_message(QueueUrl=url, MessageBody="b", MessageGroupId="b")
    received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=30)["Messages"]
    current = next(m["ReceiptHandle"] for m in received if m["Body"] == "b")
    answer = sqs.delete_message_batch(
        QueueUrl=url,
        Entries=[{"Id": "old", "ReceiptHandle": old}, {"Id": "current", "ReceiptHandle": current}],
    )
    assert answer["Successful"] == [{"Id": "current"}]
    assert answer["Failed"] == [
        {"Id": "old", "SenderFault": True, "Code": "InvalidParameterValue", "Message": _expired(old)}
    ]


def test_standard_queue_deletes_with_an_expired_handle(aws_client, unique_name):
    sqs = aws_client("sqs")
    url = sqs.create_queue(QueueName=unique_name("std"), Attributes={"VisibilityTimeout": "1"})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="m")
    handle = sqs.receive_message(QueueUrl=url)["Messages"][0]["ReceiptHandle"]
    time.sleep(1.5)
    sqs.delete_message(QueueUrl=url, ReceiptHandle=handle)
    assert sqs.receive_message(QueueUrl=url).get("Messages", []) == []
    sqs.delete_queue(QueueUrl=url)


def test_expired_handle_over_the_query_protocol(fifo_queue, server):
    sqs, make = fifo_queue
    url = make(VisibilityTimeout="1")
    sqs.send_message(QueueUrl=url, MessageBody="q", MessageGroupId="1")
    handle = sqs.receive_message(QueueUrl=url)["Messages"][0]["ReceiptHandle"]
    time.sleep(1.5)
    auth = (
        "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sqs/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=0"
    )
    headers = {"Authorization": auth, "Content-Type": "application/x-www-form-urlencoded"}
    form = {"Action": "DeleteMessage", "QueueUrl": url, "ReceiptHandle": handle}
    response = requests.post(server.edge_url, data=form, headers=headers, timeout=10)
    assert response.status_code == 400
    assert "<ErrorResponse" in response.text
    assert "<Code>InvalidParameterValue</Code>" in response.text
    assert f"<Message>{_expired(handle)}</Message>" in response.text
    assert sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"] == "q"

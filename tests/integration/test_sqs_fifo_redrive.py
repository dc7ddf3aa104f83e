"""FIFO queues in high-throughput mode (DeduplicationScope, FifoThroughputLimit: AWS's rules and
messages) and FIFO redrive: exhausted messages reach the FIFO dead-letter queue in group order and
name their source queue."""

from __future__ import annotations

import json
from typing import Any, Callable

import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def sqs(aws_client: Callable[..., Any]) -> Any:
    return aws_client("sqs")


@pytest.fixture
def queues(sqs: Any, unique_name: Callable[[str], str]) -> Any:
    urls: list[str] = []

    def make(fifo: bool = True, **attributes: str) -> str:
        name = unique_name("q") + (".fifo" if fifo else "")
        if fifo:
            attributes = {"FifoQueue": "true", **attributes}
        url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
        urls.append(url)
        return url

    yield make
    for url in urls:
        sqs.delete_queue(QueueUrl=url)


def error_of(call: Callable[..., Any], **params: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as error:
        call(**params)
    return error.value.response["Error"]["Code"], error.value.response["Error"]["Message"]


def _arn(sqs: Any, url: str) -> str:
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def test_high_throughput_attributes(
    sqs: Any, queues: Callable[..., str], unique_name: Callable[[str], str]
) -> None:
    url = queues(DeduplicationScope="messageGroup", FifoThroughputLimit="perMessageGroupId")
    shown = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert (shown["DeduplicationScope"], shown["FifoThroughputLimit"]) == (
        "messageGroup",
        "perMessageGroupId",
    )
    plain = queues()
    shown = sqs.get_queue_attributes(
        QueueUrl=plain, AttributeNames=["DeduplicationScope", "FifoThroughputLimit"]
    )
    assert shown["Attributes"] == {"DeduplicationScope": "queue", "FifoThroughputLimit": "perQueue"}

    fifo = {"FifoQueue": "true"}
    cases = [
        (
            {**fifo, "DeduplicationScope": "group"},
            ("InvalidAttributeValue", "Invalid value for the parameter DeduplicationScope."),
        ),
        (
            {**fifo, "FifoThroughputLimit": "perGroup"},
            ("InvalidAttributeValue", "Invalid value for the parameter FifoThroughputLimit."),
        ),
        (
            {**fifo, "DeduplicationScope": "queue", "FifoThroughputLimit": "perMessageGroupId"},
            (
                "InvalidAttributeValue",
                "Invalid value for the parameter FifoThroughputLimit. Reason: To set FifoThroughputLimit to "
                "perMessageGroupId, the DeduplicationScope must be messageGroup.",
            ),
        ),
    ]
    for attributes, expected in cases:
        assert (
            error_of(sqs.create_queue, QueueName=unique_name("q") + ".fifo", Attributes=attributes)
            == expected
        )
    assert error_of(
        sqs.create_queue, QueueName=unique_name("q"), Attributes={"DeduplicationScope": "queue"}
    ) == (
        "InvalidAttributeName",
        "You can specify the DeduplicationScope only when FifoQueue is set to true",
    )
    assert error_of(
        sqs.create_queue, QueueName=unique_name("q"), Attributes={"FifoThroughputLimit": "perQueue"}
    ) == (
        "InvalidAttributeName",
        "You can specify the FifoThroughputLimit only when FifoQueue is set to true.",
    )
    # Switching high throughput on needs deduplication per message group first.
    assert error_of(
        sqs.set_queue_attributes, QueueUrl=plain, Attributes={"FifoThroughputLimit": "perMessageGroupId"}
    )[0] == ("InvalidAttributeValue")
    sqs.set_queue_attributes(QueueUrl=plain, Attributes={"DeduplicationScope": "messageGroup"})
    sqs.set_queue_attributes(QueueUrl=plain, Attributes={"FifoThroughputLimit": "perMessageGroupId"})
    shown = sqs.get_queue_attributes(
        QueueUrl=plain, AttributeNames=["DeduplicationScope", "FifoThroughputLimit"]
    )
    assert shown["Attributes"] == {
        "DeduplicationScope": "messageGroup",
        "FifoThroughputLimit": "perMessageGroupId",
    }


def test_deduplication_scope_queue_versus_group(sqs: Any, queues: Callable[..., str]) -> None:
    per_queue = queues()
    per_group = queues(DeduplicationScope="messageGroup", FifoThroughputLimit="perMessageGroupId")
    for url in (per_queue, per_group):
        for group in ("a", "b"):
            sqs.send_message(
                QueueUrl=url, MessageBody=group, MessageGroupId=group, MessageDeduplicationId="same"
            )
    bodies = {
        url: sorted(
            m["Body"] for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        )
        for url in (per_queue, per_group)
    }
    assert bodies == {per_queue: ["a"], per_group: ["a", "b"]}


def test_fifo_redrive_to_fifo_dead_letter_queue_keeps_group_order(
    sqs: Any, queues: Callable[..., str]
) -> None:
    dead = queues()
    source = queues(RedrivePolicy=json.dumps({"deadLetterTargetArn": _arn(sqs, dead), "maxReceiveCount": 1}))
    sent = [("g", "g-0"), ("g", "g-1"), ("h", "h-0"), ("g", "g-2"), ("h", "h-1")]
    for index, (group, body) in enumerate(sent):
        sqs.send_message(
            QueueUrl=source, MessageBody=body, MessageGroupId=group, MessageDeduplicationId=str(index)
        )
    first = sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10, VisibilityTimeout=0)["Messages"]
    assert sorted(m["Body"] for m in first) == sorted(body for _, body in sent)
    # Every receive is used up: the next receive moves them all and returns nothing.
    assert sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10).get("Messages", []) == []
    moved = sqs.receive_message(QueueUrl=dead, MaxNumberOfMessages=10, MessageSystemAttributeNames=["All"])[
        "Messages"
    ]
    by_group: dict[str, list[str]] = {}
    for message in moved:
        by_group.setdefault(message["Attributes"]["MessageGroupId"], []).append(message["Body"])
        assert message["Attributes"]["DeadLetterQueueSourceArn"] == _arn(sqs, source)
    assert by_group == {"g": ["g-0", "g-1", "g-2"], "h": ["h-0", "h-1"]}
    # A receive serves whole groups (AWS), so the sequence numbers grow within each group.
    for group in by_group:
        sequence = [
            int(m["Attributes"]["SequenceNumber"])
            for m in moved
            if m["Attributes"]["MessageGroupId"] == group
        ]
        assert sequence == sorted(sequence)


def test_fifo_source_needs_fifo_dead_letter_queue(
    sqs: Any, queues: Callable[..., str], unique_name: Callable
) -> None:
    standard = queues(fifo=False)
    policy = json.dumps({"deadLetterTargetArn": _arn(sqs, standard), "maxReceiveCount": 1})
    code, message = error_of(
        sqs.create_queue,
        QueueName=unique_name("q") + ".fifo",
        Attributes={"FifoQueue": "true", "RedrivePolicy": policy},
    )
    assert (code, message) == (
        "InvalidParameterValue",
        f"Value {policy} for parameter RedrivePolicy is invalid. "
        "Reason: Dead-letter queue must be same type of queue as the source..",
    )


def test_standard_source_refuses_fifo_dead_letter_queue(
    sqs: Any, queues: Callable[..., str], unique_name: Callable
) -> None:
    fifo = queues()
    policy = json.dumps({"deadLetterTargetArn": _arn(sqs, fifo), "maxReceiveCount": 3})
    expected = (
        "InvalidParameterValue",
        f"Value {policy} for parameter RedrivePolicy is invalid. "
        "Reason: Dead-letter queue must be same type of queue as the source..",
    )
    name = unique_name("q")
    assert error_of(sqs.create_queue, QueueName=name, Attributes={"RedrivePolicy": policy}) == expected
    with pytest.raises(ClientError):
        sqs.get_queue_url(QueueName=name)
    standard = queues(fifo=False)
    refused = error_of(sqs.set_queue_attributes, QueueUrl=standard, Attributes={"RedrivePolicy": policy})
    assert refused == expected
    attributes = sqs.get_queue_attributes(QueueUrl=standard, AttributeNames=["All"])["Attributes"]
    assert "RedrivePolicy" not in attributes


def test_redrive_policy_target_must_exist(sqs: Any, queues: Callable[..., str]) -> None:
    standard = queues(fifo=False)
    missing = _arn(sqs, standard).rsplit(":", 1)[0] + ":no-such-queue"
    policy = json.dumps({"deadLetterTargetArn": missing, "maxReceiveCount": 3})
    assert error_of(sqs.set_queue_attributes, QueueUrl=standard, Attributes={"RedrivePolicy": policy}) == (
        "InvalidParameterValue",
        f"Value {policy} for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.",
    )


@pytest.mark.parametrize("count", [0, 1001])
def test_redrive_policy_max_receive_count_range(sqs: Any, queues: Callable[..., str], count: int) -> None:
    dlq, source = queues(fifo=False), queues(fifo=False)
    policy = json.dumps({"deadLetterTargetArn": _arn(sqs, dlq), "maxReceiveCount": count})
    assert error_of(sqs.set_queue_attributes, QueueUrl=source, Attributes={"RedrivePolicy": policy}) == (
        "InvalidParameterValue",
        f"Value {policy} for parameter RedrivePolicy is invalid. Reason: Invalid value for maxReceiveCount: "
        f"{count}, valid values are from 1 to 1000 both inclusive.",
    )

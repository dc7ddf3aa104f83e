"""Message move tasks: redrive from a dead-letter queue to the messages' source queue or to a named
queue, with task states, counts and AWS's errors."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def sqs(aws_client):
    return aws_client("sqs")


@pytest.fixture
def queues(sqs, unique_name):
    urls: list[str] = []

    def make(**attributes: str) -> tuple[str, str]:
        url = sqs.create_queue(QueueName=unique_name("mv"), Attributes=attributes)["QueueUrl"]
        urls.append(url)
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        return url, arn

    yield make
    for url in urls:
        sqs.delete_queue(QueueUrl=url)


def _dead_letter(sqs: Any, make: Any, count: int) -> tuple[str, str, str, str]:
    dlq_url, dlq_arn = make()
    redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 1})
    src_url, src_arn = make(RedrivePolicy=redrive, VisibilityTimeout="0")
    for i in range(count):
        sqs.send_message(QueueUrl=src_url, MessageBody=f"m{i}")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        sqs.receive_message(QueueUrl=src_url, MaxNumberOfMessages=10)
        depth = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["ApproximateNumberOfMessages"])
        if depth["Attributes"]["ApproximateNumberOfMessages"] == str(count):
            break
    return src_url, src_arn, dlq_url, dlq_arn


def _wait_for_status(sqs: Any, source_arn: str, status: str) -> dict:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        results = sqs.list_message_move_tasks(SourceArn=source_arn)["Results"]
        if results and results[0]["Status"] == status:
            return results[0]
        time.sleep(0.1)
    raise AssertionError(f"task never reached {status}: {results}")


def test_redrive_back_to_the_source_queue(sqs, queues):
    src_url, src_arn, dlq_url, dlq_arn = _dead_letter(sqs, queues, 3)
    started = sqs.start_message_move_task(SourceArn=dlq_arn)
    assert started["TaskHandle"]
    # The JSON protocol's content type, as every other SQS answer.
    headers = started["ResponseMetadata"]["HTTPHeaders"]
    assert headers["content-type"] == "application/x-amz-json-1.0"
    task = _wait_for_status(sqs, dlq_arn, "COMPLETED")
    assert task["ApproximateNumberOfMessagesMoved"] == 3
    assert task["ApproximateNumberOfMessagesToMove"] == 3
    assert task["SourceArn"] == dlq_arn
    assert "TaskHandle" not in task  # only running tasks show their handle
    bodies = sorted(
        m["Body"] for m in sqs.receive_message(QueueUrl=src_url, MaxNumberOfMessages=10)["Messages"]
    )
    assert bodies == ["m0", "m1", "m2"]


def test_redrive_to_a_named_queue_at_a_rate(sqs, queues):
    _, _, _, dlq_arn = _dead_letter(sqs, queues, 2)
    other_url, other_arn = queues()
    sqs.start_message_move_task(SourceArn=dlq_arn, DestinationArn=other_arn, MaxNumberOfMessagesPerSecond=1)
    running = sqs.list_message_move_tasks(SourceArn=dlq_arn)["Results"][0]
    assert running["Status"] == "RUNNING" and running["TaskHandle"]
    assert running["DestinationArn"] == other_arn
    assert running["MaxNumberOfMessagesPerSecond"] == 1
    with pytest.raises(ClientError) as info:
        sqs.start_message_move_task(SourceArn=dlq_arn)
    # Recorded against AWS (LocalStack's test_start_multiple_move_tasks).
    assert info.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert info.value.response["Error"]["Message"] == (
        "There is already a task running. Only one active task is allowed for a source queue arn "
        "at a given time."
    )
    _wait_for_status(sqs, dlq_arn, "COMPLETED")
    assert len(sqs.receive_message(QueueUrl=other_url, MaxNumberOfMessages=10)["Messages"]) == 2


def test_cancel_a_running_task(sqs, queues):
    _, _, _, dlq_arn = _dead_letter(sqs, queues, 3)
    handle = sqs.start_message_move_task(SourceArn=dlq_arn, MaxNumberOfMessagesPerSecond=1)["TaskHandle"]
    moved = sqs.cancel_message_move_task(TaskHandle=handle)["ApproximateNumberOfMessagesMoved"]
    assert moved <= 1
    task = _wait_for_status(sqs, dlq_arn, "CANCELLED")
    assert task["ApproximateNumberOfMessagesMoved"] < 3


def test_errors(sqs, queues):
    plain_url, plain_arn = queues()
    with pytest.raises(ClientError) as info:
        sqs.start_message_move_task(SourceArn=plain_arn)
    assert info.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert (
        info.value.response["Error"]["Message"] == "Source queue must be configured as a Dead Letter Queue."
    )

    with pytest.raises(ClientError) as info:
        sqs.start_message_move_task(SourceArn=plain_arn.rsplit(":", 1)[0] + ":no-such-queue")
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"

    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_cancel_refusals_as_recorded(sqs, queues):
    # Recorded against AWS (LocalStack's test_cancel_with_invalid_*): a handle that does not decode, one
    # naming a queue that does not exist, one naming a task the queue never had.
    _, arn = queues()

    def refusal(handle: str) -> tuple[int, str, str]:
        with pytest.raises(ClientError) as info:
            sqs.cancel_message_move_task(TaskHandle=handle)
        error = info.value.response["Error"]
        return info.value.response["ResponseMetadata"]["HTTPStatusCode"], error["Code"], error["Message"]

    def handle_for(source_arn: str) -> str:
        return base64.b64encode(json.dumps({"taskId": "abc", "sourceArn": source_arn}).encode()).decode()

    assert refusal("not-a-handle") == (
        400,
        "InvalidParameterValue",
        "Value for parameter TaskHandle is invalid.",
    )
    assert refusal(handle_for(arn + "-missing")) == (
        404,
        "ResourceNotFoundException",
        "The resource that you specified for the SourceArn parameter doesn't exist.",
    )
    assert refusal(handle_for(arn)) == (404, "ResourceNotFoundException", "Task does not exist.")


def _refusal(call: Any, **params: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as info:
        call(**params)
    return info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]


def test_start_refusals_in_aws_words(sqs, queues, unique_name):
    """The words an SQS emulator written against AWS answers (local-aws-sqs); the rules are the API
    reference's (same queue type, 1 to 500 messages a second, ARNs of the documented format)."""
    _, _, _, dlq_arn = _dead_letter(sqs, queues, 1)
    fifo_url = sqs.create_queue(QueueName=unique_name("mv") + ".fifo", Attributes={"FifoQueue": "true"})[
        "QueueUrl"
    ]
    fifo_arn = sqs.get_queue_attributes(QueueUrl=fifo_url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    try:
        assert _refusal(sqs.start_message_move_task, SourceArn=dlq_arn, DestinationArn=fifo_arn) == (
            "InvalidParameterValue",
            "The source queue and destination queue must be of the same queue type.",
        )
    finally:
        sqs.delete_queue(QueueUrl=fifo_url)
    assert _refusal(sqs.start_message_move_task, SourceArn="not-an-arn") == (
        "InvalidParameterValue",
        "You must use this format to specify the SourceArn: "
        "arn:<partition>:<service>:<region>:<account-id>:<resource-id>",
    )
    assert _refusal(sqs.start_message_move_task, SourceArn=dlq_arn, DestinationArn="nope") == (
        "InvalidParameterValue",
        "You must use this format to specify the DestinationArn: "
        "arn:<partition>:<service>:<region>:<account-id>:<resource-id>",
    )
    assert _refusal(sqs.start_message_move_task, SourceArn=dlq_arn, DestinationArn=dlq_arn) == (
        "InvalidParameterValue",
        "Source queue arn and destination queue arn cannot be the same.",
    )
    assert _refusal(sqs.start_message_move_task, SourceArn=dlq_arn, MaxNumberOfMessagesPerSecond=501) == (
        "InvalidParameterValue",
        "Value for parameter MaxNumberOfMessagesPerSecond is invalid. "
        "Reason: You must enter a number that's between 1 and 500.",
    )


def test_destination_deleted_while_running_fails_the_task_and_keeps_the_messages(sqs, queues, unique_name):
    # Recorded against AWS (LocalStack's test_move_task_delete_destination_queue_while_running): the task
    # ends FAILED with the queue error as FailureReason. The messages it had not moved stay in the DLQ.
    _, _, dlq_url, dlq_arn = _dead_letter(sqs, queues, 6)
    destination_url = sqs.create_queue(QueueName=unique_name("mv-dest"))["QueueUrl"]
    destination_arn = sqs.get_queue_attributes(QueueUrl=destination_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    sqs.start_message_move_task(
        SourceArn=dlq_arn, DestinationArn=destination_arn, MaxNumberOfMessagesPerSecond=1
    )
    time.sleep(0.5)
    sqs.delete_queue(QueueUrl=destination_url)
    task = _wait_for_status(sqs, dlq_arn, "FAILED")
    assert task["FailureReason"] == "AWS.SimpleQueueService.NonExistentQueue"
    assert task["DestinationArn"] == destination_arn
    assert task["ApproximateNumberOfMessagesToMove"] == 6
    assert "TaskHandle" not in task
    moved = task["ApproximateNumberOfMessagesMoved"]
    assert 1 <= moved < 6
    depth = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["ApproximateNumberOfMessages"])
    assert depth["Attributes"]["ApproximateNumberOfMessages"] == str(6 - moved)


def test_destination_must_exist(sqs, queues):
    _, _, _, dlq_arn = _dead_letter(sqs, queues, 1)
    missing = dlq_arn.rsplit(":", 1)[0] + ":no-such-destination"
    with pytest.raises(ClientError) as info:
        sqs.start_message_move_task(SourceArn=dlq_arn, DestinationArn=missing)
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert (
        info.value.response["Error"]["Message"]
        == "The resource that you specified for the DestinationArn parameter doesn't exist."
    )

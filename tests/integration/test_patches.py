"""The moto corrections in `localstack/services/*/patches.py` keep moto's behaviour: checked over HTTP."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

COUNTS = [
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed",
]


def _counts(sqs, url: str) -> dict[str, int]:
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    return {name: int(attributes[name]) for name in COUNTS}


def _expect(visible: int, not_visible: int, delayed: int) -> dict[str, int]:
    return dict(zip(COUNTS, [visible, not_visible, delayed], strict=True))


@pytest.mark.parametrize("legacy", [False, True], ids=["edge", "legacy"])
def test_sqs_message_counts_follow_sends_receives_deletes(aws_client, unique_name, legacy):
    sqs = aws_client("sqs", legacy=legacy)
    url = sqs.create_queue(QueueName=unique_name("counts"))["QueueUrl"]
    try:
        for start in range(0, 30, 10):
            entries = [{"Id": str(n), "MessageBody": f"m{start + n}"} for n in range(10)]
            sqs.send_message_batch(QueueUrl=url, Entries=entries)
        sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=60)
        assert _counts(sqs, url) == _expect(30, 0, 1)

        received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=60)["Messages"]
        assert len(received) == 10
        assert _counts(sqs, url) == _expect(20, 10, 1)

        for message in received[:4]:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        assert _counts(sqs, url) == _expect(20, 6, 1)

        # A handle deleted twice is accepted, as by AWS and moto.
        sqs.delete_message(QueueUrl=url, ReceiptHandle=received[0]["ReceiptHandle"])
        with pytest.raises(ClientError) as error:
            sqs.delete_message(QueueUrl=url, ReceiptHandle="not-a-handle")
        assert error.value.response["Error"]["Code"] == "ReceiptHandleIsInvalid"

        # The messages left are exactly the ones not deleted (visibility 0 makes the received ones visible).
        for message in received[4:]:
            sqs.change_message_visibility(
                QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
            )
        bodies = set()
        while True:
            batch = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=60).get(
                "Messages"
            )
            if not batch:
                break
            bodies.update(m["Body"] for m in batch)
            sqs.delete_message_batch(
                QueueUrl=url,
                Entries=[{"Id": str(n), "ReceiptHandle": m["ReceiptHandle"]} for n, m in enumerate(batch)],
            )
        deleted = {m["Body"] for m in received[:4]}
        assert bodies == {f"m{n}" for n in range(30)} - deleted
        assert _counts(sqs, url) == _expect(0, 0, 1)
    finally:
        sqs.delete_queue(QueueUrl=url)


def test_sqs_old_receipt_handle_still_deletes(aws_client, unique_name):
    sqs = aws_client("sqs")
    url = sqs.create_queue(QueueName=unique_name("handles"))["QueueUrl"]
    try:
        sqs.send_message(QueueUrl=url, MessageBody="twice")
        first = sqs.receive_message(QueueUrl=url, VisibilityTimeout=0)["Messages"][0]
        second = sqs.receive_message(QueueUrl=url, VisibilityTimeout=60)["Messages"][0]
        assert first["ReceiptHandle"] != second["ReceiptHandle"]
        sqs.delete_message(QueueUrl=url, ReceiptHandle=first["ReceiptHandle"])
        assert _counts(sqs, url) == _expect(0, 0, 0)
    finally:
        sqs.delete_queue(QueueUrl=url)


def test_sqs_fifo_attributes_and_deduplication(aws_client, unique_name):
    sqs = aws_client("sqs")
    name = unique_name("fifo") + ".fifo"
    url = sqs.create_queue(
        QueueName=name, Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"}
    )["QueueUrl"]
    try:
        for _ in range(3):
            sqs.send_message(QueueUrl=url, MessageBody="same", MessageGroupId="g")
        attributes = sqs.get_queue_attributes(
            QueueUrl=url,
            AttributeNames=["ContentBasedDeduplication", "FifoQueue", "ApproximateNumberOfMessages"],
        )["Attributes"]
        assert attributes == {
            "ContentBasedDeduplication": "true",
            "FifoQueue": "true",
            "ApproximateNumberOfMessages": "1",
        }
        # Creating it again with the same attributes is idempotent; with others it is refused.
        assert sqs.create_queue(
            QueueName=name, Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"}
        )
        with pytest.raises(ClientError):
            sqs.create_queue(
                QueueName=name, Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "false"}
            )
    finally:
        sqs.delete_queue(QueueUrl=url)


def test_kms_key_state_operations_accept_a_key_arn(aws_client):
    kms = aws_client("kms")
    arn = kms.create_key(Description="patched")["KeyMetadata"]["Arn"]
    kms.disable_key(KeyId=arn)
    assert kms.describe_key(KeyId=arn)["KeyMetadata"]["KeyState"] == "Disabled"
    kms.enable_key(KeyId=arn)
    assert kms.describe_key(KeyId=arn)["KeyMetadata"]["KeyState"] == "Enabled"
    kms.schedule_key_deletion(KeyId=arn, PendingWindowInDays=7)
    assert kms.describe_key(KeyId=arn)["KeyMetadata"]["KeyState"] == "PendingDeletion"
    kms.cancel_key_deletion(KeyId=arn)
    assert kms.describe_key(KeyId=arn)["KeyMetadata"]["KeyState"] == "Disabled"
    kms.schedule_key_deletion(KeyId=arn, PendingWindowInDays=7)

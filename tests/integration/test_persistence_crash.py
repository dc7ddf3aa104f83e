"""kill -9 during a mixed load (S3 puts, SQS sends/receives/deletes, DynamoDB puts and updates,
CreateQueue, CreateFunction): after a restart every acknowledged write is there, exactly once, and
no deleted message comes back."""

from __future__ import annotations

import io
import threading
import time
import zipfile
from pathlib import Path

import pytest
from botocore.exceptions import BotoCoreError, ClientError

from tests.persistent_server import PersistentServer

ROLE = "arn:aws:iam::000000000000:role/crash"
FAILURES = (BotoCoreError, ClientError, OSError)


def _code() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return 1\n")
    return buffer.getvalue()


class Acked:
    """What the server acknowledged, per kind of write (appended only after a 2xx answer)."""

    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}
        self.sent: set[str] = set()
        self.deleted: set[str] = set()
        self.deleting: set[str] = set()
        self.items: set[str] = set()
        self.counter = 0
        self.counter_tries = 0
        self.queues: set[str] = set()
        self.functions: set[str] = set()


def _load(server: PersistentServer, acked: Acked, stop: threading.Event, worker: int) -> None:
    s3, sqs, dynamodb = server.client("s3"), server.client("sqs"), server.client("dynamodb")
    awslambda = server.client("lambda")
    queue = sqs.get_queue_url(QueueName="crash-queue")["QueueUrl"]
    index = 0
    code = _code()
    while not stop.is_set():
        index += 1
        tag = f"w{worker}-{index}"
        try:
            body = f"body-{tag}".encode() * 20
            s3.put_object(Bucket="crash-bucket", Key=f"obj/{tag}", Body=body)
            acked.objects[f"obj/{tag}"] = body
            sqs.send_message(QueueUrl=queue, MessageBody=tag)
            acked.sent.add(tag)
            dynamodb.put_item(TableName="crash-table", Item={"pk": {"S": tag}})
            acked.items.add(tag)
            acked.counter_tries += 1
            dynamodb.update_item(
                TableName="crash-table",
                Key={"pk": {"S": "counter"}},
                UpdateExpression="ADD n :one",
                ExpressionAttributeValues={":one": {"N": "1"}},
            )
            acked.counter += 1
            for message in sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=2).get("Messages", []):
                acked.deleting.add(message["Body"])
                sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])
                acked.deleted.add(message["Body"])
            if index % 5 == 0:
                sqs.create_queue(QueueName=f"crash-{tag}")
                acked.queues.add(f"crash-{tag}")
            if index % 10 == 0:
                awslambda.create_function(
                    FunctionName=f"crash-{tag}",
                    Runtime="python3.11",
                    Role=ROLE,
                    Handler="index.handler",
                    Code={"ZipFile": code},
                )
                acked.functions.add(f"crash-{tag}")
        except FAILURES:
            if stop.is_set():
                return
            time.sleep(0.01)


def _drain(sqs: object, queue: str) -> list[str]:
    bodies: list[str] = []
    for _ in range(100):
        messages = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, VisibilityTimeout=60).get(  # type: ignore[attr-defined]
            "Messages", []
        )
        if not messages:
            return bodies
        bodies.extend(m["Body"] for m in messages)
    return bodies


@pytest.mark.parametrize("fsync", ["0", "1"])
def test_acknowledged_writes_survive_kill_9_during_load(tmp_path: Path, fsync: str) -> None:
    services = ["s3", "sqs", "dynamodb", "lambda", "iam", "sts"]
    server = PersistentServer(tmp_path, services, extra_env={"PERSISTENCE_FSYNC": fsync}).start()
    try:
        server.client("s3").create_bucket(Bucket="crash-bucket")
        # Received and not deleted when the kill comes: visible again a second later.
        server.client("sqs").create_queue(QueueName="crash-queue", Attributes={"VisibilityTimeout": "1"})
        server.client("dynamodb").create_table(
            TableName="crash-table",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        acked, stop = Acked(), threading.Event()
        workers = [threading.Thread(target=_load, args=(server, acked, stop, n)) for n in range(4)]
        for worker in workers:
            worker.start()
        # At least 2 s of load, and every kind of write acknowledged at least once, before the kill.
        began = time.monotonic()
        while time.monotonic() - began < 30:
            enough = len(acked.sent) > 50 and acked.deleted and acked.queues and acked.functions
            if enough and time.monotonic() - began >= 2.0:
                break
            time.sleep(0.1)
        server.kill()
        stop.set()
        for worker in workers:
            worker.join(timeout=30)
        assert len(acked.sent) > 50 and acked.deleted and acked.queues and acked.functions

        server.start()
        s3, sqs, dynamodb = server.client("s3"), server.client("sqs"), server.client("dynamodb")
        for key, body in acked.objects.items():
            assert s3.get_object(Bucket="crash-bucket", Key=key)["Body"].read() == body
        time.sleep(1.2)  # messages in flight at the kill become visible
        queue = sqs.get_queue_url(QueueName="crash-queue")["QueueUrl"]
        remaining = _drain(sqs, queue)
        assert len(remaining) == len(set(remaining)), "a message came back twice"
        assert not set(remaining) & acked.deleted, "a deleted message came back"
        # Every acknowledged send is still queued, or was deleted (acknowledged or cut off by the kill).
        assert acked.sent <= set(remaining) | acked.deleted | acked.deleting
        keys = {item["pk"]["S"] for item in _scan(dynamodb)}
        assert acked.items <= keys
        counter = dynamodb.get_item(TableName="crash-table", Key={"pk": {"S": "counter"}})["Item"]
        assert acked.counter <= int(counter["n"]["N"]) <= acked.counter_tries
        queues = set(sqs.list_queues(QueueNamePrefix="crash-").get("QueueUrls", []))
        assert {url.rpartition("/")[2] for url in queues} >= acked.queues
        functions = {
            f["FunctionName"]
            for page in server.client("lambda").get_paginator("list_functions").paginate()
            for f in page["Functions"]
        }
        assert acked.functions <= functions
    finally:
        server.stop()


def _scan(dynamodb: object) -> list[dict]:
    items: list[dict] = []
    kwargs: dict = {"TableName": "crash-table"}
    while True:
        page = dynamodb.scan(**kwargs)  # type: ignore[attr-defined]
        items.extend(page["Items"])
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def test_writes_made_while_a_snapshot_is_taken_survive_kill_9(tmp_path: Path) -> None:
    """A log over 16 MiB is folded into a snapshot while writes go on: the writes made during it
    stay in the log that follows, and a kill -9 right after loses none of them."""
    server = PersistentServer(tmp_path, ["s3", "sqs"]).start()
    try:
        s3, sqs = server.client("s3"), server.client("sqs")
        s3.create_bucket(Bucket="snap-bucket")
        queue = sqs.create_queue(QueueName="snap-queue")["QueueUrl"]
        sent: list[str] = []
        stop = threading.Event()

        def send() -> None:
            client = server.client("sqs")
            while not stop.is_set():
                body = f"m{len(sent)}"
                client.send_message(QueueUrl=queue, MessageBody=body)
                sent.append(body)

        sender = threading.Thread(target=send)
        sender.start()
        snapshot = server.state_dir / "snapshot.lsstate"
        before = snapshot.stat().st_mtime if snapshot.exists() else 0.0
        big = {f"big/{n}": bytes([n]) * (1024 * 1024 - 100) for n in range(24)}
        for key, body in big.items():
            s3.put_object(Bucket="snap-bucket", Key=key, Body=body)
        deadline = time.monotonic() + 30
        while (snapshot.stat().st_mtime if snapshot.exists() else 0.0) == before:
            assert time.monotonic() < deadline, "no snapshot was taken"
            time.sleep(0.05)
        time.sleep(0.3)  # more sends after the snapshot
        stop.set()
        sender.join()
        server.kill()

        server.start()
        s3, sqs = server.client("s3"), server.client("sqs")
        for key, body in big.items():
            assert s3.get_object(Bucket="snap-bucket", Key=key)["Body"].read() == body
        attributes = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["ApproximateNumberOfMessages"])
        assert int(attributes["Attributes"]["ApproximateNumberOfMessages"]) == len(sent)
    finally:
        server.stop()

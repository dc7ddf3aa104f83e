"""PERSISTENCE=1 keeps SQS message move tasks: a finished task is still listed after a stop or a kill -9
(whose replay moves the messages again, as the task did), and a task the emulator stopped in the middle
of goes on after the restart, moving every message once."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.persistent_server import PersistentServer


def _queues(server: PersistentServer) -> tuple[str, str, str]:
    sqs = server.client("sqs")
    dlq = sqs.create_queue(QueueName="moves-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    source = sqs.create_queue(
        QueueName="moves-source",
        Attributes={"RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "5"})},
    )["QueueUrl"]
    source_arn = sqs.get_queue_attributes(QueueUrl=source, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    return dlq, dlq_arn, source_arn if source else ""


def _counts(server: PersistentServer) -> tuple[int, int]:
    sqs = server.client("sqs")
    found = []
    for name in ("moves-dlq", "moves-source"):
        url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
        attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])
        found.append(int(attributes["Attributes"]["ApproximateNumberOfMessages"]))
    return found[0], found[1]


def _tasks(server: PersistentServer, dlq_arn: str) -> list[dict]:
    return server.client("sqs").list_message_move_tasks(SourceArn=dlq_arn, MaxResults=10)["Results"]


def _wait_done(server: PersistentServer, dlq_arn: str) -> list[dict]:
    deadline = time.monotonic() + 30
    while True:
        tasks = _tasks(server, dlq_arn)
        if tasks and tasks[0]["Status"] != "RUNNING":
            return tasks
        assert time.monotonic() < deadline, tasks
        time.sleep(0.1)


@pytest.mark.parametrize("how", ["stop", "kill"])
def test_a_finished_move_task_survives_a_restart(tmp_path: Path, how: str) -> None:
    server = PersistentServer(tmp_path, ["sqs"]).start()
    try:
        dlq, dlq_arn, source_arn = _queues(server)
        sqs = server.client("sqs")
        for n in range(3):
            sqs.send_message(QueueUrl=dlq, MessageBody=f"m{n}")
        sqs.start_message_move_task(SourceArn=dlq_arn, DestinationArn=source_arn)
        tasks = _wait_done(server, dlq_arn)
        assert [(t["Status"], t["ApproximateNumberOfMessagesMoved"]) for t in tasks] == [("COMPLETED", 3)]
        assert _counts(server) == (0, 3)
        server.restart(kill=how == "kill")
        restored = _tasks(server, dlq_arn)
        assert [(t["Status"], t["ApproximateNumberOfMessagesMoved"]) for t in restored] == [("COMPLETED", 3)]
        assert restored[0]["StartedTimestamp"] == tasks[0]["StartedTimestamp"]
        assert _counts(server) == (0, 3)
        # Nothing holds the queue: a new task starts.
        sqs = server.client("sqs")
        sqs.send_message(QueueUrl=sqs.get_queue_url(QueueName="moves-dlq")["QueueUrl"], MessageBody="m3")
        sqs.start_message_move_task(SourceArn=dlq_arn, DestinationArn=source_arn)
        assert [t["Status"] for t in _wait_done(server, dlq_arn)] == ["COMPLETED", "COMPLETED"]
        assert _counts(server) == (0, 4)
    finally:
        server.stop()
    assert "Traceback" not in server.log(), server.log()[-5000:]


@pytest.mark.parametrize("how", ["stop", "kill"])
def test_a_move_task_cut_off_by_a_restart_finishes(tmp_path: Path, how: str) -> None:
    server = PersistentServer(tmp_path, ["sqs"]).start()
    try:
        dlq, dlq_arn, source_arn = _queues(server)
        sqs = server.client("sqs")
        for n in range(4):
            sqs.send_message(QueueUrl=dlq, MessageBody=f"m{n}")
        # One a second: the restart comes while the task still runs.
        sqs.start_message_move_task(
            SourceArn=dlq_arn, DestinationArn=source_arn, MaxNumberOfMessagesPerSecond=1
        )
        assert _tasks(server, dlq_arn)[0]["Status"] == "RUNNING"
        server.restart(kill=how == "kill")
        # The task goes on by itself (no move-task call needed).
        deadline = time.monotonic() + 30
        while _counts(server) != (0, 4):
            assert time.monotonic() < deadline, _counts(server)
            time.sleep(0.1)
        tasks = _wait_done(server, dlq_arn)
        assert [(t["Status"], t["ApproximateNumberOfMessagesMoved"]) for t in tasks] == [("COMPLETED", 4)]
        sqs = server.client("sqs")
        url = sqs.get_queue_url(QueueName="moves-source")["QueueUrl"]
        bodies = []
        for _ in range(4):
            for message in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
                bodies.append(message["Body"])
        assert sorted(bodies) == ["m0", "m1", "m2", "m3"]
    finally:
        server.stop()
    assert "Traceback" not in server.log(), server.log()[-5000:]


@pytest.mark.parametrize("how", ["stop", "kill"])
def test_a_cancelled_move_task_comes_back_as_it_ended(tmp_path: Path, how: str) -> None:
    server = PersistentServer(tmp_path, ["sqs"]).start()
    try:
        dlq, dlq_arn, source_arn = _queues(server)
        sqs = server.client("sqs")
        for n in range(5):
            sqs.send_message(QueueUrl=dlq, MessageBody=f"m{n}")
        handle = sqs.start_message_move_task(
            SourceArn=dlq_arn, DestinationArn=source_arn, MaxNumberOfMessagesPerSecond=1
        )["TaskHandle"]
        deadline = time.monotonic() + 30
        while _tasks(server, dlq_arn)[0]["ApproximateNumberOfMessagesMoved"] < 1:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        sqs.cancel_message_move_task(TaskHandle=handle)
        tasks = _wait_done(server, dlq_arn)
        counts = _counts(server)
        assert tasks[0]["Status"] == "CANCELLED" and sum(counts) == 5 and counts[1] >= 1
        server.restart(kill=how == "kill")
        assert _tasks(server, dlq_arn) == tasks
        assert _counts(server) == counts
    finally:
        server.stop()
    assert "Traceback" not in server.log(), server.log()[-5000:]


def test_a_running_move_task_goes_on_after_an_import(tmp_path: Path) -> None:
    source = PersistentServer(tmp_path / "source", ["sqs"], persistence=False).start()
    try:
        dlq, dlq_arn, source_arn = _queues(source)
        sqs = source.client("sqs")
        for n in range(3):
            sqs.send_message(QueueUrl=dlq, MessageBody=f"m{n}")
        sqs.start_message_move_task(
            SourceArn=dlq_arn, DestinationArn=source_arn, MaxNumberOfMessagesPerSecond=1
        )
        assert _tasks(source, dlq_arn)[0]["Status"] == "RUNNING"
        status, archive = source.post("/_localstack/state/export")
        assert status == 200
    finally:
        source.stop()
    target = PersistentServer(tmp_path / "target", ["sqs"], persistence=False).start()
    try:
        assert target.post("/_localstack/state/import", archive)[0] == 200
        deadline = time.monotonic() + 30
        while _counts(target) != (0, 3):
            assert time.monotonic() < deadline, _counts(target)
            time.sleep(0.1)
        tasks = _wait_done(target, dlq_arn)
        assert [(t["Status"], t["ApproximateNumberOfMessagesMoved"]) for t in tasks] == [("COMPLETED", 3)]
    finally:
        target.stop()

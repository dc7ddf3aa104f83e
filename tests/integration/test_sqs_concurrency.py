"""SQS under concurrent consumers: each message is received once within its visibility timeout, FIFO
groups are served in order and by one consumer at a time, and no request fails with a 5xx."""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def sqs(aws_client):
    # One client per thread pool is safe: botocore clients are thread-safe; a big pool keeps the
    # consumers from queueing on connections.
    return aws_client("sqs", config={"max_pool_connections": 64})


@pytest.fixture
def queue(sqs, unique_name):
    urls: list[str] = []

    def make(fifo: bool = False, **attributes: str) -> str:
        name = unique_name("conc") + (".fifo" if fifo else "")
        if fifo:
            attributes["FifoQueue"] = "true"
        url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
        urls.append(url)
        return url

    yield make
    for url in urls:
        sqs.delete_queue(QueueUrl=url)


def _send_all(sqs: Any, url: str, bodies: list[dict[str, Any]]) -> None:
    batches = [bodies[i : i + 10] for i in range(0, len(bodies), 10)]

    def send(batch: list[dict[str, Any]]) -> None:
        entries = [{"Id": str(i), **entry} for i, entry in enumerate(batch)]
        result = sqs.send_message_batch(QueueUrl=url, Entries=entries)
        assert not result.get("Failed"), result["Failed"]

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(send, batches))


def test_32_consumers_receive_each_of_3000_messages_exactly_once(sqs, queue):
    url = queue(VisibilityTimeout="300")
    total = 3000
    _send_all(sqs, url, [{"MessageBody": f"m-{i}"} for i in range(total)])

    seen: Counter[str] = Counter()
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + 60

    def consume() -> None:
        empty = 0
        while time.monotonic() < deadline and empty < 3:
            try:
                messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
                if not messages:
                    empty += 1
                    continue
                empty = 0
                with lock:
                    seen.update(m["Body"] for m in messages)
                entries = [
                    {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)
                ]
                result = sqs.delete_message_batch(QueueUrl=url, Entries=entries)
                if result.get("Failed"):
                    errors.append(str(result["Failed"]))
            except ClientError as error:
                errors.append(str(error))

    threads = [threading.Thread(target=consume) for _ in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    duplicates = {body: n for body, n in seen.items() if n > 1}
    assert duplicates == {}
    assert len(seen) == total


def test_receive_visibility_change_and_delete_race_without_5xx(sqs, queue):
    url = queue(VisibilityTimeout="1")
    _send_all(sqs, url, [{"MessageBody": f"m-{i}"} for i in range(300)])
    errors: list[str] = []
    deadline = time.monotonic() + 4

    def churn(worker: int) -> None:
        while time.monotonic() < deadline:
            try:
                messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
                for i, message in enumerate(messages):
                    if (i + worker) % 2:
                        sqs.change_message_visibility(
                            QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
                        )
            except ClientError as error:
                errors.append(str(error))

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(churn, range(16)))
    assert errors == []


def test_fifo_8_consumers_keep_group_order_and_lock_groups_in_flight(sqs, queue):
    url = queue(fifo=True, ContentBasedDeduplication="true", VisibilityTimeout="60")
    groups, per_group = 10, 30
    bodies = [
        {"MessageBody": f"{g}:{n}", "MessageGroupId": f"g{g}"}
        for n in range(per_group)
        for g in range(groups)
    ]
    # Sequential batches keep the send order, which defines each group's order.
    for i in range(0, len(bodies), 10):
        entries = [{"Id": str(j), **entry} for j, entry in enumerate(bodies[i : i + 10])]
        assert not sqs.send_message_batch(QueueUrl=url, Entries=entries).get("Failed")

    lock = threading.Lock()
    in_flight: set[str] = set()
    delivered: dict[str, list[int]] = {f"g{g}": [] for g in range(groups)}
    violations: list[str] = []
    errors: list[str] = []
    deadline = time.monotonic() + 60

    def consume() -> None:
        empty = 0
        while time.monotonic() < deadline and empty < 3:
            try:
                messages = sqs.receive_message(
                    QueueUrl=url, MaxNumberOfMessages=10, MessageSystemAttributeNames=["MessageGroupId"]
                ).get("Messages", [])
            except ClientError as error:
                errors.append(str(error))
                continue
            if not messages:
                empty += 1
                continue
            empty = 0
            taken = {m["Attributes"]["MessageGroupId"] for m in messages}
            with lock:
                busy = taken & in_flight
                if busy:
                    violations.append(f"groups served twice at once: {sorted(busy)}")
                in_flight.update(taken)
                for message in messages:
                    group, number = message["Body"].split(":")
                    delivered[f"g{group}"].append(int(number))
            time.sleep(0.005)  # hold the groups briefly so that overlaps would show
            with lock:
                in_flight.difference_update(taken)
            # Deleting after releasing our bookkeeping: the server frees the group only on delete.
            for message in messages:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])

    threads = [threading.Thread(target=consume) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert violations == []
    for group, numbers in delivered.items():
        assert numbers == list(range(per_group)), group

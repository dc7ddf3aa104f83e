"""Shared by the delivery benchmarks: time from an action until its message is receivable on SQS,
read by a long-polling receiver thread, one action at a time."""

from __future__ import annotations

import json
import statistics
import threading
import time
from typing import Any, Callable, Hashable, Iterable

import boto3
from botocore.config import Config as BotoConfig

CREDENTIALS = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "us-east-1"}


def client(service: str, url: str) -> Any:
    config = BotoConfig(retries={"max_attempts": 0}, read_timeout=30, max_pool_connections=4)
    return boto3.session.Session().client(service, endpoint_url=url, config=config, **CREDENTIALS)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summary(prefix: str, latencies: list[float]) -> dict:
    return {
        f"{prefix}_median_ms": round(statistics.median(latencies), 2),
        f"{prefix}_p99_ms": round(percentile(latencies, 0.99), 2),
        f"{prefix}_samples": len(latencies),
    }


def queue(sqs: Any, name: str) -> tuple[str, str]:
    """(url, arn) of a new queue."""
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    return url, sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def allow_sns(sqs: Any, url: str, arn: str) -> None:
    """The queue policy AWS needs before SNS delivers to a queue (sns.amazonaws.com may SendMessage)."""
    statement = {
        "Effect": "Allow",
        "Principal": {"Service": "sns.amazonaws.com"},
        "Action": "sqs:SendMessage",
        "Resource": arn,
    }
    policy = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": policy})


def measure(
    url: str,
    queue_url: str,
    act: Callable[[int], Hashable],
    keys_of: Callable[[dict], Iterable[Hashable]],
    count: int,
    warmup: int = 10,
) -> list[float]:
    """Latencies (ms): `act(i)` does action i and returns its key; `keys_of(message)` names the keys a
    received message carries."""
    receiver = client("sqs", url)
    arrived: dict[Hashable, float] = {}
    signal = threading.Condition()
    stop = threading.Event()

    def receive() -> None:
        while not stop.is_set():
            messages = receiver.receive_message(
                QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1
            ).get("Messages", [])
            now = time.perf_counter()
            for message in messages:
                with signal:
                    for key in keys_of(message):
                        arrived[key] = now
                    signal.notify_all()
            if messages:
                receiver.delete_message_batch(
                    QueueUrl=queue_url,
                    Entries=[
                        {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)
                    ],
                )

    thread = threading.Thread(target=receive, daemon=True)
    thread.start()
    latencies = []
    try:
        for index in range(warmup + count):
            started = time.perf_counter()
            key = act(index)
            with signal:
                if not signal.wait_for(lambda key=key: key in arrived, timeout=10):
                    raise RuntimeError(f"{key!r} not received within 10 s")
            if index >= warmup:
                latencies.append((arrived[key] - started) * 1000)
    finally:
        stop.set()
        thread.join(timeout=5)
    return latencies

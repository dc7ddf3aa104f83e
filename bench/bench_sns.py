"""End-to-end latency of SNS fan-out: Publish until the notification is received from a subscribed SQS
queue by a long-polling receiver (SYNCHRONOUS_SNS_EVENTS off, as users run it)."""

from __future__ import annotations

import json
import statistics
import tempfile
import threading
import time
from pathlib import Path

import boto3
from botocore.config import Config as BotoConfig

from tests.server_process import start_server

CREDENTIALS = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "us-east-1"}


def _client(service: str, url: str):  # type: ignore[no-untyped-def]
    config = BotoConfig(retries={"max_attempts": 0}, read_timeout=30, max_pool_connections=4)
    return boto3.session.Session().client(service, endpoint_url=url, config=config, **CREDENTIALS)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(url: str, count: int, raw: bool = False, warmup: int = 10) -> list[float]:
    """Latencies (ms) of `count` Publish -> SQS receipt round trips, one message at a time."""
    sns, sqs, receiver = _client("sns", url), _client("sqs", url), _client("sqs", url)
    name = f"bench-sns-{'raw' if raw else 'envelope'}"
    queue_url = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    topic = sns.create_topic(Name=name)["TopicArn"]
    attributes = {"RawMessageDelivery": "true"} if raw else {}
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes=attributes)
    arrived: dict[str, float] = {}
    signal = threading.Condition()
    stop = threading.Event()

    def receive() -> None:
        while not stop.is_set():
            messages = receiver.receive_message(
                QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1
            ).get("Messages", [])
            now = time.perf_counter()
            for message in messages:
                text = message["Body"] if raw else json.loads(message["Body"])["Message"]
                with signal:
                    arrived[text] = now
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
            text = f"message-{index}"
            started = time.perf_counter()
            sns.publish(TopicArn=topic, Message=text)
            with signal:
                if not signal.wait_for(lambda text=text: text in arrived, timeout=10):
                    raise RuntimeError(f"{text} not received within 10 s")
            if index >= warmup:
                latencies.append((arrived[text] - started) * 1000)
    finally:
        stop.set()
        thread.join(timeout=5)
    return latencies


def run(quick: bool = False) -> dict:
    count = 50 if quick else 300
    figures: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp), services=["sns", "sqs"], extra_env={"DEBUG": "0"})
        try:
            for raw, label in (
                (False, "sns_publish_to_sqs_receive"),
                (True, "sns_publish_to_sqs_receive_raw"),
            ):
                latencies = measure(server.edge_url, count, raw=raw)
                figures[f"{label}_median_ms"] = round(statistics.median(latencies), 2)
                figures[f"{label}_p99_ms"] = round(_percentile(latencies, 0.99), 2)
                figures[f"{label}_samples"] = len(latencies)
        finally:
            server.stop()
    return figures


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name}: {value}")

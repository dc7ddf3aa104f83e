"""End-to-end latency of EventBridge: PutEvents until the event is received from an SQS target by a
long-polling receiver (SYNCHRONOUS_EVENTS_EVENTS off, as users run it)."""

from __future__ import annotations

import json
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config as BotoConfig

from tests.server_process import start_server

CREDENTIALS = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "us-east-1"}


def _client(service: str, url: str) -> Any:
    config = BotoConfig(retries={"max_attempts": 0}, read_timeout=30, max_pool_connections=4)
    return boto3.session.Session().client(service, endpoint_url=url, config=config, **CREDENTIALS)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(url: str, count: int, warmup: int = 10) -> list[float]:
    """Latencies (ms) of `count` PutEvents -> SQS receipt round trips, one at a time."""
    events, sqs, receiver = _client("events", url), _client("sqs", url), _client("sqs", url)
    queue_url = sqs.create_queue(QueueName="bench-events")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name="bench", EventPattern='{"source": ["bench"], "detail": {"n": [{"exists": true}]}}')
    events.put_targets(Rule="bench", Targets=[{"Id": "q", "Arn": arn}])
    arrived: dict[int, float] = {}
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
                    arrived[json.loads(message["Body"])["detail"]["n"]] = now
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
            events.put_events(
                Entries=[{"Source": "bench", "DetailType": "t", "Detail": json.dumps({"n": index})}]
            )
            with signal:
                if not signal.wait_for(lambda index=index: index in arrived, timeout=10):
                    raise RuntimeError(f"event {index} not received within 10 s")
            if index >= warmup:
                latencies.append((arrived[index] - started) * 1000)
    finally:
        stop.set()
        thread.join(timeout=5)
    return latencies


def run(quick: bool = False) -> dict:
    count = 50 if quick else 300
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp), services=["events", "sqs"], extra_env={"DEBUG": "0"})
        try:
            latencies = measure(server.edge_url, count)
        finally:
            server.stop()
    return {
        "events_put_to_sqs_receive_median_ms": round(statistics.median(latencies), 2),
        "events_put_to_sqs_receive_p99_ms": round(_percentile(latencies, 0.99), 2),
        "events_put_to_sqs_receive_samples": len(latencies),
    }


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name}: {value}")

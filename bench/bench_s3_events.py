"""End-to-end latency of S3 notifications: PutObject until the event is received from SQS by a
long-polling receiver (SYNCHRONOUS_S3_EVENTS off, as users run it)."""

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


def measure(url: str, count: int, warmup: int = 10) -> list[float]:
    """Latencies (ms) of `count` PutObject -> SQS receipt round trips, one at a time."""
    s3, sqs, receiver = _client("s3", url), _client("sqs", url), _client("sqs", url)
    queue_url = sqs.create_queue(QueueName="bench-s3-events")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    s3.create_bucket(Bucket="bench-s3-events")
    s3.put_bucket_notification_configuration(
        Bucket="bench-s3-events",
        NotificationConfiguration={
            "QueueConfigurations": [{"QueueArn": arn, "Events": ["s3:ObjectCreated:*"]}]
        },
    )
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
                for record in json.loads(message["Body"]).get("Records", []):
                    with signal:
                        arrived[record["s3"]["object"]["key"]] = now
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
            key = f"object-{index}"
            started = time.perf_counter()
            s3.put_object(Bucket="bench-s3-events", Key=key, Body=b"x" * 128)
            with signal:
                if not signal.wait_for(lambda key=key: key in arrived, timeout=10):
                    raise RuntimeError(f"event for {key} not received within 10 s")
            if index >= warmup:
                latencies.append((arrived[key] - started) * 1000)
    finally:
        stop.set()
        thread.join(timeout=5)
    return latencies


def run(quick: bool = False) -> dict:
    count = 50 if quick else 300
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp), services=["s3", "sqs"], extra_env={"DEBUG": "0"})
        try:
            latencies = measure(server.edge_url, count)
        finally:
            server.stop()
    return {
        "s3_put_to_sqs_receive_median_ms": round(statistics.median(latencies), 2),
        "s3_put_to_sqs_receive_p99_ms": round(_percentile(latencies, 0.99), 2),
        "s3_put_to_sqs_receive_samples": len(latencies),
    }


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name}: {value}")

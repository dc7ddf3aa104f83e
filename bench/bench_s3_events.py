"""End-to-end latency of S3 notifications: PutObject until the event is received from SQS by a
long-polling receiver (SYNCHRONOUS_S3_EVENTS off, as users run it)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from bench.delivery_latency import client, measure, queue, summary
from tests.integration.s3_notification_support import allow_s3
from tests.server_process import start_server

BUCKET = "bench-s3-events"


def _measure(url: str, count: int) -> list[float]:
    s3, sqs = client("s3", url), client("sqs", url)
    queue_url, arn = queue(sqs, "bench-s3-events")
    allow_s3(sqs, queue_url)
    s3.create_bucket(Bucket=BUCKET)
    s3.put_bucket_notification_configuration(
        Bucket=BUCKET,
        NotificationConfiguration={
            "QueueConfigurations": [{"QueueArn": arn, "Events": ["s3:ObjectCreated:*"]}]
        },
    )

    def put(index: int) -> str:
        s3.put_object(Bucket=BUCKET, Key=f"object-{index}", Body=b"x" * 128)
        return f"object-{index}"

    def keys(message: dict) -> list[str]:
        return [record["s3"]["object"]["key"] for record in json.loads(message["Body"]).get("Records", [])]

    return measure(url, queue_url, put, keys, count)


def run(quick: bool = False) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp), services=["s3", "sqs"], extra_env={"DEBUG": "0"})
        try:
            latencies = _measure(server.edge_url, 50 if quick else 300)
        finally:
            server.stop()
    return summary("s3_put_to_sqs_receive", latencies)


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name}: {value}")

"""End-to-end latency of SNS fan-out: Publish until the notification is received from a subscribed SQS
queue by a long-polling receiver (SYNCHRONOUS_SNS_EVENTS off, as users run it)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from bench.delivery_latency import allow_sns, client, measure, queue, summary
from tests.server_process import start_server


def _measure(url: str, count: int, raw: bool) -> list[float]:
    sns, sqs = client("sns", url), client("sqs", url)
    name = f"bench-sns-{'raw' if raw else 'envelope'}"
    queue_url, arn = queue(sqs, name)
    topic = sns.create_topic(Name=name)["TopicArn"]
    attributes = {"RawMessageDelivery": "true"} if raw else {}
    allow_sns(sqs, queue_url, arn)
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes=attributes)

    def publish(index: int) -> str:
        sns.publish(TopicArn=topic, Message=f"message-{index}")
        return f"message-{index}"

    def keys(message: dict) -> list[str]:
        return [message["Body"] if raw else json.loads(message["Body"])["Message"]]

    return measure(url, queue_url, publish, keys, count)


def run(quick: bool = False) -> dict:
    count = 50 if quick else 300
    figures: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp), services=["sns", "sqs"], extra_env={"DEBUG": "0"})
        try:
            figures.update(summary("sns_publish_to_sqs_receive", _measure(server.edge_url, count, False)))
            figures.update(summary("sns_publish_to_sqs_receive_raw", _measure(server.edge_url, count, True)))
        finally:
            server.stop()
    return figures


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name}: {value}")

"""End-to-end latency of EventBridge: PutEvents until the event is received from an SQS target by a
long-polling receiver (SYNCHRONOUS_EVENTS_EVENTS off, as users run it)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from bench.delivery_latency import client, measure, queue, summary
from tests.integration.queue_policy_support import EVENTS, allow_service
from tests.server_process import start_server


def _measure(url: str, count: int) -> list[float]:
    events, sqs = client("events", url), client("sqs", url)
    queue_url, arn = queue(sqs, "bench-events")
    allow_service(sqs, queue_url, EVENTS)  # as on AWS, EventBridge delivers only where the policy lets it
    events.put_rule(Name="bench", EventPattern='{"source": ["bench"], "detail": {"n": [{"exists": true}]}}')
    events.put_targets(Rule="bench", Targets=[{"Id": "q", "Arn": arn}])

    def put(index: int) -> int:
        events.put_events(
            Entries=[{"Source": "bench", "DetailType": "t", "Detail": json.dumps({"n": index})}]
        )
        return index

    def keys(message: dict) -> list[int]:
        return [json.loads(message["Body"])["detail"]["n"]]

    return measure(url, queue_url, put, keys, count)


def run(quick: bool = False) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp), services=["events", "sqs"], extra_env={"DEBUG": "0"})
        try:
            latencies = _measure(server.edge_url, 50 if quick else 300)
        finally:
            server.stop()
    return summary("events_put_to_sqs_receive", latencies)


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name}: {value}")

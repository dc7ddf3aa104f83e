import json
import os

import boto3


def handler(event, context):
    """Reports each attempt to a queue (so tests count retries), then fails if asked to."""
    # A destination record (from another function) carries the original event as requestPayload.
    report_queue = event.get("report_queue") or (event.get("requestPayload") or {}).get("report_queue")
    if report_queue:
        boto3.client("sqs").send_message(
            QueueUrl=report_queue,
            MessageBody=json.dumps(
                {"request_id": context.aws_request_id, "pid": os.getpid(), "event": event}
            ),
        )
    if event.get("fail"):
        raise RuntimeError("asked to fail")
    return {"ok": True, "echo": event}

import json
import os

import boto3


def handler(event, context):
    """Reports each attempt to a queue (so tests count retries), then fails if asked to."""
    if event.get("report_queue"):
        boto3.client("sqs").send_message(
            QueueUrl=event["report_queue"],
            MessageBody=json.dumps(
                {"request_id": context.aws_request_id, "pid": os.getpid(), "event": event}
            ),
        )
    if event.get("fail"):
        raise RuntimeError("asked to fail")
    return {"ok": True, "echo": event}

"""The queue policy AWS needs before a service (SNS, S3, EventBridge) may send to a queue (no tests here)."""

from __future__ import annotations

import json
from typing import Any

EVENTS = "events.amazonaws.com"
SNS = "sns.amazonaws.com"
S3 = "s3.amazonaws.com"


def allow_service(sqs: Any, url: str, principal: str, source_arn: str | None = None) -> str:
    """Let the service principal send to the queue (only for `source_arn` when given); returns the queue's
    ARN."""
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"Service": principal},
        "Action": "sqs:SendMessage",
        "Resource": arn,
    }
    if source_arn is not None:
        statement["Condition"] = {"ArnEquals": {"aws:SourceArn": source_arn}}
    policy = {"Version": "2012-10-17", "Statement": [statement]}
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps(policy)})
    return arn

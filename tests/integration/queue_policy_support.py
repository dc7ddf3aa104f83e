"""The queue policy AWS needs before a service (SNS, S3, EventBridge) may send to an SQS queue (no tests
here)."""

from __future__ import annotations

import json
from typing import Any

EVENTS = "events.amazonaws.com"
SNS = "sns.amazonaws.com"
S3 = "s3.amazonaws.com"


def _arn_of(sqs: Any, queue_url: str) -> str:
    return sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def allow_service(
    sqs: Any, queue_url: str, principal: str, source_arn: str | None = None, *, queue_arn: str | None = None
) -> str:
    """Let the service `principal` (e.g. "sns.amazonaws.com") SendMessage to the queue, only from
    `source_arn` when one is given; returns the queue's ARN (looked up unless `queue_arn` is given)."""
    arn = queue_arn or _arn_of(sqs, queue_url)
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"Service": principal},
        "Action": "sqs:SendMessage",
        "Resource": arn,
    }
    if source_arn:
        statement["Condition"] = {"ArnEquals": {"aws:SourceArn": source_arn}}
    policy = {"Version": "2012-10-17", "Statement": [statement]}
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"Policy": json.dumps(policy)})
    return arn

"""Destination policies S3 needs before it accepts a notification configuration (AWS validates them)."""

from __future__ import annotations

import json
from typing import Any

from tests.integration.queue_policy_support import allow_service


def allow_s3(sqs: Any, url: str) -> str:
    """Let s3.amazonaws.com send to the queue, as AWS requires of a notification destination; returns the
    queue's ARN."""
    return allow_service(sqs, url, "s3.amazonaws.com")


def allow_s3_topic(sns: Any, topic_arn: str) -> None:
    statement = {
        "Effect": "Allow",
        "Principal": {"Service": "s3.amazonaws.com"},
        "Action": "SNS:Publish",
        "Resource": topic_arn,
    }
    policy = {"Version": "2012-10-17", "Statement": [statement]}
    sns.set_topic_attributes(TopicArn=topic_arn, AttributeName="Policy", AttributeValue=json.dumps(policy))


def allow_s3_function(lam: Any, function_arn: str) -> None:
    lam.add_permission(
        FunctionName=function_arn,
        StatementId="s3-notifications",
        Action="lambda:InvokeFunction",
        Principal="s3.amazonaws.com",
    )

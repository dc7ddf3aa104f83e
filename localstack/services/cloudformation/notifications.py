"""Stack events published to the stack's NotificationARNs (SNS topics), in CloudFormation's
`Key='value'` message format."""

from __future__ import annotations

import logging
from typing import Any

from localstack.utils.aws.internal_client import connect_to

LOG = logging.getLogger(__name__)
SUBJECT = "AWS CloudFormation Notification"


def message(stack: Any, event: Any) -> str:
    fields = (
        ("StackId", event.stack_id),
        ("Timestamp", event.timestamp.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"),
        ("EventId", event.event_id),
        ("LogicalResourceId", event.logical_id),
        ("Namespace", stack.account_id),
        ("PhysicalResourceId", event.physical_id),
        ("PrincipalId", stack.account_id),
        ("ResourceProperties", event.properties or "null"),
        ("ResourceStatus", event.status),
        ("ResourceStatusReason", event.reason or ""),
        ("ResourceType", event.resource_type),
        ("StackName", event.stack_name),
        ("ClientRequestToken", "null"),
    )
    return "\n".join(f"{key}='{value}'" for key, value in fields) + "\n"


def publish(stack: Any, event: Any) -> None:
    """Send one event to every topic of the stack; a topic that cannot take it is logged, not fatal."""
    for arn in list(stack.notification_arns):
        try:
            region = arn.split(":")[3]
            connect_to("sns", account_id=stack.account_id, region=region).publish(
                TopicArn=arn, Subject=SUBJECT, Message=message(stack, event)
            )
        except Exception as error:  # noqa: BLE001 - notifications never fail a stack
            LOG.info("CloudFormation notification to %s failed: %s", arn, error)

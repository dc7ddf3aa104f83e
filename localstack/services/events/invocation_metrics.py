"""The AWS/Events CloudWatch metrics a rule's deliveries count (FailedInvocations, InvocationsSentToDLQ...),
in the account's CloudWatch store as EventBridge publishes them: per RuleName, and per EventBusName and
RuleName for a rule on a custom bus."""

from __future__ import annotations

import logging

LOG = logging.getLogger(__name__)
NAMESPACE = "AWS/Events"


def _dimensions(rule_arn: str) -> tuple[str, str, list[list[dict[str, str]]]]:
    """(account, region, the dimension sets) of a rule ARN: arn:aws:events:REGION:ACCOUNT:rule/[BUS/]NAME."""
    parts = rule_arn.split(":", 5)
    path = parts[5].split("/")[1:] if len(parts) == 6 else []
    name = path[-1] if path else ""
    sets = [[{"Name": "RuleName", "Value": name}]]
    if len(path) == 2 and path[0] != "default":
        sets.append([{"Name": "EventBusName", "Value": path[0]}, {"Name": "RuleName", "Value": name}])
    return (parts[4] if len(parts) == 6 else ""), (parts[3] if len(parts) == 6 else ""), sets


def record(rule_arn: str, metric: str) -> None:
    """Count one for `metric` of the rule; a metric never fails a delivery."""
    account, region, dimension_sets = _dimensions(rule_arn)
    if not account or not region:
        return
    try:
        from moto.cloudwatch.models import cloudwatch_backends

        backend = cloudwatch_backends[account][region]
        backend.put_metric_data(
            NAMESPACE,
            [
                {"MetricName": metric, "Value": 1.0, "Unit": "Count", "Dimensions": dimensions}
                for dimensions in dimension_sets
            ],
        )
    except Exception as error:  # the metric is a record of the delivery, never a reason for it to fail
        LOG.debug("EventBridge metric %s of %s not recorded: %s", metric, rule_arn, error)

"""A state machine's loggingConfiguration checked as AWS checks it on CreateStateMachine and
UpdateStateMachine (recorded sentences): a level other than OFF logs to exactly one existing log group."""

from __future__ import annotations

from typing import Any

from moto.core.exceptions import AWSError


class InvalidLoggingConfiguration(AWSError):
    TYPE = "InvalidLoggingConfiguration"
    STATUS = 400


def _log_group_exists(arn: str, account_id: str, region: str) -> bool:
    from localstack.utils.aws.internal_client import connect_to

    # arn:aws:logs:<region>:<account>:log-group:<name>[:*]
    parts = arn.split(":")
    if len(parts) < 7 or parts[5] != "log-group":
        return False
    name = parts[6]
    logs = connect_to("logs", account_id=parts[4] or account_id, region=parts[3] or region)
    groups = logs.describe_log_groups(logGroupNamePrefix=name).get("logGroups", [])
    return any(group.get("logGroupName") == name for group in groups)


def check(logging: dict[str, Any] | None, account_id: str, region: str) -> None:
    if not logging:
        return
    destinations = logging.get("destinations") or []
    if len(destinations) > 1 or (logging.get("level", "OFF") != "OFF" and not destinations):
        raise InvalidLoggingConfiguration(
            "Invalid Logging Configuration: Must specify exactly one Log Destination."
        )
    for destination in destinations:
        arn = (destination.get("cloudWatchLogsLogGroup") or {}).get("logGroupArn") or ""
        if not _log_group_exists(arn, account_id, region):
            raise InvalidLoggingConfiguration("Invalid Logging Configuration: Log Destination not found.")

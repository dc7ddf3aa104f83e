"""CloudWatch Logs' request rules moto does not apply: retention periods, DescribeLogGroups'
and DescribeLogStreams' exclusive name filters, metric filter patterns that do not parse, and an
over-long log group name."""

from __future__ import annotations

from typing import Any

from localstack.utils.aws.errors import AWSError

# The periods PutRetentionPolicy documents (the model types the member as a plain integer).
RETENTION_DAYS = (
    1,
    3,
    5,
    7,
    14,
    30,
    60,
    90,
    120,
    150,
    180,
    365,
    400,
    545,
    731,
    1096,
    1827,
    2192,
    2557,
    2922,
    3288,
    3653,
)


def check(operation: str, body: dict[str, Any]) -> None:
    if operation == "PutRetentionPolicy":
        days = body.get("retentionInDays")
        if isinstance(days, int) and not isinstance(days, bool) and days not in RETENTION_DAYS:
            allowed = ", ".join(map(str, RETENTION_DAYS))
            raise AWSError(
                "InvalidParameterException",
                f"1 validation error detected: Value '{days}' at 'retentionInDays' failed to satisfy "
                f"constraint: Member must satisfy enum value set: [{allowed}]",
            )
    elif operation in ("PutMetricFilter", "TestMetricFilter"):
        pattern = body.get("filterPattern")
        if isinstance(pattern, str):
            from localstack.services.logs.filter_patterns import FilterPattern, PatternError

            try:
                FilterPattern.parse(pattern)
            except PatternError:
                # AWS names no parser detail for a metric filter (its subscription filters do).
                raise AWSError("InvalidParameterException", "Invalid metric filter pattern") from None
    elif operation == "DescribeLogStreams":
        if body.get("logGroupName") and body.get("logGroupIdentifier"):
            raise AWSError(
                "ValidationException", "LogGroup name and LogGroup ARN are mutually exclusive parameters."
            )
    elif operation == "DescribeLogGroups":
        if body.get("logGroupNamePrefix") and body.get("logGroupNamePattern"):
            raise AWSError(
                "InvalidParameterException",
                "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.",
            )


# The longest log group name; AWS refuses a longer one in its own words, not its validator's (recorded).
MAX_NAME_LENGTH = 512


def own_constraints(operation: str, body: dict[str, Any]) -> list[str]:
    """Run by the validator before it answers its sentences (request_checks.register_constraints)."""
    name = body.get("logGroupName")
    # Recorded for CreateLogGroup and DeleteMetricFilter: the rule of every call naming a group.
    if isinstance(name, str) and len(name) > MAX_NAME_LENGTH:
        raise AWSError(
            "InvalidParameterException",
            f"Invalid LogGroup or LogStream, both must have length less than or equal to {MAX_NAME_LENGTH}.",
        )
    return []

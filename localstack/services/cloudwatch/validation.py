"""CloudWatch's refusals that moto lets through: reserved metric namespaces, GetMetricStatistics
periods and the 1,440-datapoint limit, in AWS's codes and sentences, for the query and JSON protocols."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from localstack.utils.aws.errors import AWSError

MAX_DATAPOINTS = 1440
# Periods under a minute, for high-resolution metrics (GetMetricStatistics' API reference).
HIGH_RESOLUTION_PERIODS = frozenset((1, 5, 10, 30))


def _invalid(message: str) -> AWSError:
    return AWSError("InvalidParameterValue", message)


def _seconds(value: Any) -> float | None:
    """A timestamp as the query protocol (ISO 8601) or the JSON protocol (epoch seconds) sends it."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, str) or not value:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def _integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    return None


def check(operation: str, params: dict[str, Any]) -> None:
    """`params` holds the request's top-level members by name (query parameters or the JSON body)."""
    if operation == "PutMetricData":
        namespace = params.get("Namespace")
        if isinstance(namespace, str) and namespace.startswith("AWS/"):
            # AWS's sentence names the reserved prefix, not the namespace given.
            raise _invalid("The value AWS/ for parameter Namespace is invalid.")
    elif operation == "GetMetricStatistics":
        _check_statistics_window(params)


def _check_statistics_window(params: dict[str, Any]) -> None:
    period = _integer(params.get("Period"))
    start, end = _seconds(params.get("StartTime")), _seconds(params.get("EndTime"))
    if period is None or start is None or end is None:
        return  # missing or unreadable members are the model check's
    if period < 60 and period not in HIGH_RESOLUTION_PERIODS or period >= 60 and period % 60:
        raise _invalid("The parameter Period must be a multiple of 60.")
    if start >= end:
        raise _invalid("The parameter StartTime must be less than the parameter EndTime.")
    requested = int((end - start) // period)
    if requested > MAX_DATAPOINTS:
        raise AWSError(
            "InvalidParameterCombination",
            f"You have requested up to {requested:,} datapoints, which exceeds the limit of 1,440. "
            "You may reduce the datapoints requested by increasing Period, or decreasing the time range.",
        )

"""CloudWatch Logs in the dashboard: log groups, then their latest events."""

from __future__ import annotations

from typing import Any

from localstack.dashboard.scope import Scope, required

EVENTS = 200


def groups(aws: Scope, params: dict[str, str], body: bytes) -> Any:
    keep = ("logGroupName", "creationTime", "storedBytes", "retentionInDays")
    listed = aws.client("logs").describe_log_groups(limit=50).get("logGroups", [])
    return [{k: g.get(k) for k in keep if k in g} for g in listed]


def events(aws: Scope, params: dict[str, str], body: bytes) -> Any:
    kwargs: dict[str, Any] = {"logGroupName": required(params, "group"), "limit": EVENTS}
    if params.get("filter"):
        kwargs["filterPattern"] = params["filter"]
    found = aws.client("logs").filter_log_events(**kwargs).get("events", [])
    return sorted(found, key=lambda e: e.get("timestamp", 0))[-EVENTS:]


ACTIONS = {"groups": groups, "events": events}

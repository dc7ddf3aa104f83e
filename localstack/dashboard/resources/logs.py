"""CloudWatch Logs in the dashboard: log groups, then their newest events."""

from __future__ import annotations

import collections
from typing import Any

from localstack.dashboard.scope import Scope, required

EVENTS = 200


def groups(aws: Scope, params: dict[str, str], body: bytes) -> Any:
    keep = ("logGroupName", "creationTime", "storedBytes", "retentionInDays")
    listed = aws.client("logs").describe_log_groups(limit=50).get("logGroups", [])
    return [{k: g.get(k) for k in keep if k in g} for g in listed]


def events(aws: Scope, params: dict[str, str], body: bytes) -> Any:
    """The group's newest events (up to 200), oldest first: the pages are read to the end, up to 10."""
    kwargs: dict[str, Any] = {"logGroupName": required(params, "group"), "limit": 1000}
    if params.get("filter"):
        kwargs["filterPattern"] = params["filter"]
    client = aws.client("logs")
    newest: collections.deque[dict] = collections.deque(maxlen=EVENTS)
    for _ in range(10):
        page = client.filter_log_events(**kwargs)
        newest.extend(page.get("events", []))
        if not page.get("nextToken"):
            break
        kwargs["nextToken"] = page["nextToken"]
    return sorted(newest, key=lambda e: e.get("timestamp", 0))


ACTIONS = {"groups": groups, "events": events}

"""Lambda in the dashboard: functions with their last log lines, and invoke with a payload."""

from __future__ import annotations

import base64
from typing import Any

from localstack.dashboard.scope import Scope, required

LAST_LOG_EVENTS = 50


def functions(aws: Scope, params: dict[str, str], body: bytes) -> Any:
    listed = aws.client("lambda").list_functions(MaxItems=1000).get("Functions", [])
    keep = ("FunctionName", "FunctionArn", "Runtime", "Handler", "LastModified", "MemorySize", "Timeout")
    return [{k: f.get(k) for k in keep} for f in listed]


def logs(aws: Scope, params: dict[str, str], body: bytes) -> Any:
    """The last log events of the function's group /aws/lambda/<name>, oldest first."""
    group = f"/aws/lambda/{required(params, 'function')}"
    client = aws.client("logs")
    try:
        streams = client.describe_log_streams(
            logGroupName=group, orderBy="LastEventTime", descending=True, limit=5
        ).get("logStreams", [])
    except client.exceptions.ResourceNotFoundException:
        return []
    events: list[dict] = []
    for stream in streams:
        got = client.get_log_events(
            logGroupName=group,
            logStreamName=stream["logStreamName"],
            limit=LAST_LOG_EVENTS,
            startFromHead=False,
        )
        events.extend({**e, "logStreamName": stream["logStreamName"]} for e in got.get("events", []))
        if len(events) >= LAST_LOG_EVENTS:
            break
    events.sort(key=lambda e: e.get("timestamp", 0))
    return events[-LAST_LOG_EVENTS:]


def invoke(aws: Scope, params: dict[str, str], body: bytes) -> Any:
    answer = aws.client("lambda").invoke(
        FunctionName=required(params, "function"), Payload=body or b"{}", LogType="Tail"
    )
    return {
        "StatusCode": answer.get("StatusCode"),
        "FunctionError": answer.get("FunctionError"),
        "Payload": answer["Payload"].read().decode("utf-8", "replace"),
        "Log": base64.b64decode(answer["LogResult"]).decode("utf-8", "replace")
        if answer.get("LogResult")
        else "",
    }


ACTIONS = {"functions": functions, "logs": logs, "invoke": invoke}

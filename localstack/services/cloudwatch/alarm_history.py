"""DescribeAlarmHistory: the StateUpdate items of an alarm's state changes, in the shape of AWS's
DescribeAlarmHistory reference example (HistorySummary "Alarm updated from OK to ALARM", HistoryData
the JSON of the old and new state with their reasons). moto kept a history but did not serve it."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any


def record_state_change(alarm: Any, old: tuple[str, str | None, str | None], when: datetime) -> None:
    """Called after `alarm` left the state `old` (value, reason, reason data) at `when`."""
    items = alarm.__dict__.setdefault("state_history", [])
    data = {
        "version": "1.0",
        "oldState": _state(*old),
        "newState": _state(alarm.state_value, alarm.state_reason, alarm.state_reason_data),
    }
    items.append(
        {
            "AlarmName": alarm.name,
            "AlarmType": "CompositeAlarm" if getattr(alarm, "rule", None) else "MetricAlarm",
            "Timestamp": when,
            "HistoryItemType": "StateUpdate",
            "HistorySummary": f"Alarm updated from {old[0]} to {alarm.state_value}",
            "HistoryData": json.dumps(data, separators=(",", ":")),
        }
    )


def _state(value: str, reason: str | None, reason_data: str | None) -> dict[str, Any]:
    state: dict[str, Any] = {"stateValue": value}
    if reason:
        state["stateReason"] = reason
    if reason_data:
        try:
            state["stateReasonData"] = json.loads(reason_data)
        except ValueError:
            pass
    return state


def describe(alarms: list[Any], params: dict[str, Any]) -> dict[str, Any]:
    name, kind = params.get("AlarmName"), params.get("HistoryItemType")
    items = [
        item
        for alarm in alarms
        if not name or alarm.name == name
        for item in alarm.__dict__.get("state_history", [])
        if not kind or item["HistoryItemType"] == kind
    ]
    items.sort(key=lambda item: item["Timestamp"], reverse=params.get("ScanBy") != "TimestampAscending")
    return {"AlarmHistoryItems": items}

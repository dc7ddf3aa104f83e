"""CloudWatch answers in AWS's shape (the DescribeAlarmHistory reference example), through the server."""

from __future__ import annotations

import json


def test_alarm_history_lists_state_changes(aws_client, unique_name, cleanup):
    cloudwatch = aws_client("cloudwatch")
    name = unique_name("history")
    cloudwatch.put_metric_alarm(
        AlarmName=name,
        MetricName="m",
        Namespace="ns",
        Statistic="Sum",
        Period=60,
        EvaluationPeriods=1,
        Threshold=1,
        ComparisonOperator="GreaterThanThreshold",
    )
    cleanup.append(lambda: cloudwatch.delete_alarms(AlarmNames=[name]))
    cloudwatch.set_alarm_state(AlarmName=name, StateValue="ALARM", StateReason="testing purposes")
    cloudwatch.set_alarm_state(
        AlarmName=name, StateValue="OK", StateReason="back", StateReasonData='{"a": 1}'
    )

    items = cloudwatch.describe_alarm_history(AlarmName=name)["AlarmHistoryItems"]
    assert [item["HistorySummary"] for item in items] == [
        "Alarm updated from ALARM to OK",
        "Alarm updated from INSUFFICIENT_DATA to ALARM",
    ]
    assert {item["HistoryItemType"] for item in items} == {"StateUpdate"}
    assert {item["AlarmName"] for item in items} == {name}
    latest = json.loads(items[0]["HistoryData"])
    assert latest["version"] == "1.0"
    assert latest["oldState"] == {"stateValue": "ALARM", "stateReason": "testing purposes"}
    assert latest["newState"] == {"stateValue": "OK", "stateReason": "back", "stateReasonData": {"a": 1}}
    ascending = cloudwatch.describe_alarm_history(AlarmName=name, ScanBy="TimestampAscending")
    assert ascending["AlarmHistoryItems"][0]["HistorySummary"].endswith("to ALARM")
    assert (
        cloudwatch.describe_alarm_history(AlarmName=name, HistoryItemType="Action")["AlarmHistoryItems"] == []
    )

"""Composite alarms: PutCompositeAlarm stores one (was 501), DescribeAlarms lists composite alarms only
when AlarmTypes asks for them (its API reference: without AlarmTypes, only metric alarms), and
DeleteAlarms removes them."""

from __future__ import annotations

from typing import Any


def test_composite_alarms(aws_client: Any, unique_name: Any) -> None:
    cw = aws_client("cloudwatch")
    metric, composite = unique_name("metric"), unique_name("composite")
    cw.put_metric_alarm(
        AlarmName=metric,
        Namespace="App",
        MetricName="Errors",
        Statistic="Sum",
        Period=60,
        EvaluationPeriods=1,
        Threshold=1,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
    )
    rule = f'ALARM("{metric}")'
    cw.put_composite_alarm(AlarmName=composite, AlarmRule=rule, AlarmDescription="any error")
    try:
        default = cw.describe_alarms(AlarmNames=[metric, composite])
        assert [a["AlarmName"] for a in default["MetricAlarms"]] == [metric]
        assert default["CompositeAlarms"] == []
        both = cw.describe_alarms(
            AlarmNames=[metric, composite], AlarmTypes=["MetricAlarm", "CompositeAlarm"]
        )
        assert [a["AlarmName"] for a in both["MetricAlarms"]] == [metric]
        [found] = both["CompositeAlarms"]
        assert (found["AlarmName"], found["AlarmRule"], found["AlarmDescription"]) == (
            composite,
            rule,
            "any error",
        )
        assert found["AlarmArn"].endswith(f":alarm:{composite}")
        only = cw.describe_alarms(AlarmNames=[metric, composite], AlarmTypes=["CompositeAlarm"])
        assert only["MetricAlarms"] == [] and [a["AlarmName"] for a in only["CompositeAlarms"]] == [composite]
    finally:
        cw.delete_alarms(AlarmNames=[composite, metric])
    remaining = cw.describe_alarms(
        AlarmNames=[metric, composite], AlarmTypes=["MetricAlarm", "CompositeAlarm"]
    )
    assert remaining["MetricAlarms"] == [] and remaining["CompositeAlarms"] == []

"""Corrections to moto's cloudwatch backend, applied by the starter before the backend is built.

PutCompositeAlarm was not served although moto's backend keeps composite alarms (an alarm with a
rule), and DescribeAlarms listed composite alarms unasked: AWS lists only metric alarms unless
AlarmTypes names CompositeAlarm (DescribeAlarms' API reference)."""

from __future__ import annotations

from typing import Any


def apply() -> None:
    from moto.cloudwatch.responses import CloudWatchResponse
    from moto.core.responses import ActionResult

    if getattr(CloudWatchResponse, "_ls_composite", False):
        return
    describe_alarms = CloudWatchResponse.describe_alarms

    def put_composite_alarm(self: Any) -> Any:
        # moto's PutMetricAlarm reads AlarmRule to store a composite alarm.
        return CloudWatchResponse.put_metric_alarm(self)

    def describe_alarms_of_types(self: Any) -> Any:
        answer = describe_alarms(self)
        types = self._get_param("AlarmTypes") or ["MetricAlarm"]
        result = dict(answer.result) if hasattr(answer, "result") else None
        if result is None:
            return answer
        if "MetricAlarm" not in types:
            result["MetricAlarms"] = []
        if "CompositeAlarm" not in types:
            result["CompositeAlarms"] = []
        return ActionResult(result)

    CloudWatchResponse.put_composite_alarm = put_composite_alarm
    CloudWatchResponse.describe_alarms = describe_alarms_of_types
    CloudWatchResponse._ls_composite = True

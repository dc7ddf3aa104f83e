"""Corrections to moto's cloudwatch backend, applied by the starter before the backend is built.

PutCompositeAlarm was not served although moto's backend keeps composite alarms (an alarm with a
rule), and DescribeAlarms listed composite alarms unasked: AWS lists only metric alarms unless
AlarmTypes names CompositeAlarm (DescribeAlarms' API reference). A new alarm starts in
INSUFFICIENT_DATA (recorded; moto started it OK, so an OK action never saw a first transition), and
is described with its StateTransitionedTimestamp."""

from __future__ import annotations

from typing import Any

from localstack.services.cloudwatch import alarm_history


def apply() -> None:
    from moto.cloudwatch.responses import CloudWatchResponse
    from moto.core.responses import ActionResult

    if getattr(CloudWatchResponse, "_ls_composite", False):
        return
    _start_without_data()
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

    def describe_alarm_history(self: Any) -> Any:
        params = {key: self._get_param(key) for key in ("AlarmName", "HistoryItemType", "ScanBy")}
        return ActionResult(alarm_history.describe(list(self.cloudwatch_backend.alarms.values()), params))

    CloudWatchResponse.put_composite_alarm = put_composite_alarm
    CloudWatchResponse.describe_alarm_history = describe_alarm_history
    CloudWatchResponse.describe_alarms = describe_alarms_of_types
    CloudWatchResponse._ls_composite = True


def _start_without_data() -> None:
    from moto.cloudwatch.models import Alarm

    original_init, original_update = Alarm.__init__, Alarm.update_state

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        self.state_value = "INSUFFICIENT_DATA"
        self.state_transitioned_timestamp = self.state_updated_timestamp
        self.state_reason_data = None  # described only when a state change gave some (moto: "{}")

    def update_state(self: Any, reason: str, reason_data: str, state_value: str) -> None:
        # StateTransitionedTimestamp moves when the state changes, StateUpdatedTimestamp on every update.
        changed = state_value != self.state_value
        old = (self.state_value, self.state_reason, self.state_reason_data)
        original_update(self, reason, reason_data or None, state_value)
        if changed:
            self.state_transitioned_timestamp = self.state_updated_timestamp
            alarm_history.record_state_change(self, old, self.state_updated_timestamp)

    Alarm.__init__ = __init__
    Alarm.update_state = update_state
    Alarm.state_transitioned_timestamp = None  # alarms restored from state saved before this patch

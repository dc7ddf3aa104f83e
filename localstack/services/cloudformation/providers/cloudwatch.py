"""CloudWatch resources: Alarm."""

from __future__ import annotations

from typing import Any

from localstack.services.cloudformation.providers.base import ProviderContext, ignore_missing
from localstack.services.cloudformation.providers.conversions import as_bool, pick, tags_list
from localstack.services.cloudformation.providers.lifecycle import PutResource

_PASSED = (
    "AlarmDescription",
    "AlarmActions",
    "OKActions",
    "InsufficientDataActions",
    "ComparisonOperator",
    "MetricName",
    "Namespace",
    "Statistic",
    "ExtendedStatistic",
    "Dimensions",
    "TreatMissingData",
    "Unit",
    "Metrics",
    "ThresholdMetricId",
    "EvaluateLowSampleCountPercentile",
)
_INTEGERS = ("EvaluationPeriods", "DatapointsToAlarm", "Period")


class Alarm(PutResource):
    type_name = "AWS::CloudWatch::Alarm"
    create_only = frozenset(("AlarmName",))
    name_property, name_length = "AlarmName", 255

    def put(self, ctx: ProviderContext, name: str, props: dict[str, Any]) -> None:
        args: dict[str, Any] = {"AlarmName": name}
        args.update(pick(props, _PASSED))
        args.update(pick(props, _INTEGERS, int))
        args.update(pick(props, ("Threshold",), float))
        args.update(pick(props, ("ActionsEnabled",), as_bool))
        tags = tags_list(ctx, props)
        if tags:
            args["Tags"] = tags
        ctx.client("cloudwatch").put_metric_alarm(**args)

    def attributes(self, ctx: ProviderContext, name: str) -> dict[str, Any]:
        return {"Arn": ctx.arn("cloudwatch", f"alarm:{name}")}

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        ignore_missing(lambda: ctx.client("cloudwatch").delete_alarms(AlarmNames=[physical_id]))


PROVIDERS = [Alarm]

"""CloudWatch resources: Alarm."""

from __future__ import annotations

from typing import Any

from localstack.services.cloudformation.providers.base import (
    Created,
    ProviderContext,
    ResourceProvider,
    as_bool,
    ignore_missing,
    tags_list,
)

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


class Alarm(ResourceProvider):
    type_name = "AWS::CloudWatch::Alarm"
    create_only = frozenset(("AlarmName",))

    def _put(self, ctx: ProviderContext, name: str, props: dict[str, Any]) -> None:
        args: dict[str, Any] = {"AlarmName": name}
        args.update({key: props[key] for key in _PASSED if props.get(key) is not None})
        args.update({key: int(props[key]) for key in _INTEGERS if props.get(key) is not None})
        if props.get("Threshold") is not None:
            args["Threshold"] = float(props["Threshold"])
        if props.get("ActionsEnabled") is not None:
            args["ActionsEnabled"] = as_bool(props["ActionsEnabled"])
        tags = tags_list(ctx, props)
        if tags:
            args["Tags"] = tags
        ctx.client("cloudwatch").put_metric_alarm(**args)

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        name = props.get("AlarmName") or ctx.physical_name(255)
        self._put(ctx, name, props)
        return Created(name, {"Arn": ctx.arn("cloudwatch", f"alarm:{name}")})

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        self._put(ctx, physical_id, props)
        return Created(physical_id, attributes)

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        ignore_missing(lambda: ctx.client("cloudwatch").delete_alarms(AlarmNames=[physical_id]))


PROVIDERS = [Alarm]

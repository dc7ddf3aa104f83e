"""CloudWatch Logs resources: LogGroup, LogStream, SubscriptionFilter, MetricFilter."""

from __future__ import annotations

from typing import Any

from localstack.services.cloudformation.providers.base import Created, ProviderContext, ResourceProvider
from localstack.services.cloudformation.providers.conversions import tags_dict
from localstack.services.cloudformation.providers.lifecycle import PutResource, delete_call


class LogGroup(ResourceProvider):
    type_name = "AWS::Logs::LogGroup"
    create_only = frozenset(("LogGroupName", "LogGroupClass"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        logs = ctx.client("logs")
        name = props.get("LogGroupName") or ctx.physical_name(512)
        args: dict[str, Any] = {"logGroupName": name}
        if props.get("KmsKeyId"):
            args["kmsKeyId"] = props["KmsKeyId"]
        tags = tags_dict(ctx, props)
        if tags:
            args["tags"] = tags
        logs.create_log_group(**args)
        if props.get("RetentionInDays"):
            logs.put_retention_policy(logGroupName=name, retentionInDays=int(props["RetentionInDays"]))
        return Created(name, {"Arn": ctx.arn("logs", f"log-group:{name}:*")})

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        logs = ctx.client("logs")
        if props.get("RetentionInDays"):
            logs.put_retention_policy(logGroupName=physical_id, retentionInDays=int(props["RetentionInDays"]))
        elif old.get("RetentionInDays"):
            logs.delete_retention_policy(logGroupName=physical_id)
        return Created(physical_id, attributes)

    delete = delete_call("logs", "delete_log_group", "logGroupName")


class LogStream(ResourceProvider):
    type_name = "AWS::Logs::LogStream"
    create_only = frozenset(("LogGroupName", "LogStreamName"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        name = props.get("LogStreamName") or ctx.physical_name(512)
        ctx.client("logs").create_log_stream(logGroupName=props["LogGroupName"], logStreamName=name)
        return Created(name)

    delete = delete_call(
        "logs", "delete_log_stream", "logStreamName", with_props={"logGroupName": "LogGroupName"}
    )


class SubscriptionFilter(PutResource):
    type_name = "AWS::Logs::SubscriptionFilter"
    create_only = frozenset(("LogGroupName", "FilterName"))
    name_property, name_length = "FilterName", 512

    def put(self, ctx: ProviderContext, name: str, props: dict[str, Any]) -> None:
        args = {
            "logGroupName": props["LogGroupName"],
            "filterName": name,
            "filterPattern": props.get("FilterPattern", ""),
            "destinationArn": props["DestinationArn"],
        }
        if props.get("RoleArn"):
            args["roleArn"] = props["RoleArn"]
        if props.get("Distribution"):
            args["distribution"] = props["Distribution"]
        ctx.client("logs").put_subscription_filter(**args)

    delete = delete_call(
        "logs", "delete_subscription_filter", "filterName", with_props={"logGroupName": "LogGroupName"}
    )


def _transformations(props: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for item in props.get("MetricTransformations") or []:
        transformation = {
            "metricName": item["MetricName"],
            "metricNamespace": item["MetricNamespace"],
            "metricValue": str(item["MetricValue"]),
        }
        if item.get("DefaultValue") is not None:
            transformation["defaultValue"] = float(item["DefaultValue"])
        if item.get("Unit"):
            transformation["unit"] = item["Unit"]
        if item.get("Dimensions"):
            transformation["dimensions"] = {d["Key"]: d["Value"] for d in item["Dimensions"]}
        out.append(transformation)
    return out


class MetricFilter(PutResource):
    type_name = "AWS::Logs::MetricFilter"
    create_only = frozenset(("LogGroupName", "FilterName"))
    name_property, name_length = "FilterName", 512

    def put(self, ctx: ProviderContext, name: str, props: dict[str, Any]) -> None:
        ctx.client("logs").put_metric_filter(
            logGroupName=props["LogGroupName"],
            filterName=name,
            filterPattern=props.get("FilterPattern", ""),
            metricTransformations=_transformations(props),
        )

    delete = delete_call(
        "logs", "delete_metric_filter", "filterName", with_props={"logGroupName": "LogGroupName"}
    )


PROVIDERS = [LogGroup, LogStream, SubscriptionFilter, MetricFilter]

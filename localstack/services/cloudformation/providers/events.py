"""EventBridge resources: EventBus, Rule (with targets), Archive, Connection, ApiDestination; and
EventBridge Scheduler's Schedule."""

from __future__ import annotations

import json
from typing import Any

from localstack.services.cloudformation.providers.base import (
    Created,
    ProviderContext,
    ResourceProvider,
    ignore_missing,
)
from localstack.services.cloudformation.providers.conversions import json_text, pick, tags_list
from localstack.services.cloudformation.providers.lifecycle import delete_call


class EventBus(ResourceProvider):
    type_name = "AWS::Events::EventBus"
    create_only = frozenset(("Name", "EventSourceName"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        args: dict[str, Any] = {"Name": props["Name"]}
        if props.get("EventSourceName"):
            args["EventSourceName"] = props["EventSourceName"]
        tags = tags_list(ctx, props)
        if tags:
            args["Tags"] = tags
        arn = ctx.client("events").create_event_bus(**args)["EventBusArn"]
        if props.get("Policy"):
            ctx.client("events").put_permission(EventBusName=props["Name"], Policy=json_text(props["Policy"]))
        return Created(props["Name"], {"Arn": arn, "Name": props["Name"]})

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        if props.get("Policy"):
            ctx.client("events").put_permission(EventBusName=physical_id, Policy=json_text(props["Policy"]))
        return Created(physical_id, attributes)

    delete = delete_call("events", "delete_event_bus", "Name")


def _target(target: dict[str, Any]) -> dict[str, Any]:
    out = {key: target[key] for key in target if target[key] is not None}
    if "Input" in out:
        out["Input"] = json_text(out["Input"])
    return out


class Rule(ResourceProvider):
    type_name = "AWS::Events::Rule"
    create_only = frozenset(("Name", "EventBusName"))

    def _put(self, ctx: ProviderContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> str:
        events = ctx.client("events")
        args: dict[str, Any] = {"Name": name, "State": props.get("State", "ENABLED")}
        if props.get("EventPattern") is not None:
            args["EventPattern"] = json_text(props["EventPattern"])
        for key in ("ScheduleExpression", "Description", "RoleArn", "EventBusName"):
            if props.get(key):
                args[key] = props[key]
        if not old:
            tags = tags_list(ctx, props)
            if tags:
                args["Tags"] = tags
        arn = events.put_rule(**args)["RuleArn"]
        bus = {"EventBusName": props["EventBusName"]} if props.get("EventBusName") else {}
        new_ids = {t["Id"] for t in props.get("Targets") or []}
        stale = [t["Id"] for t in old.get("Targets") or [] if t["Id"] not in new_ids]
        if stale:
            events.remove_targets(Rule=name, Ids=stale, **bus)
        if props.get("Targets"):
            events.put_targets(Rule=name, Targets=[_target(t) for t in props["Targets"]], **bus)
        return arn

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        name = props.get("Name") or ctx.physical_name(64)
        arn = self._put(ctx, name, props, {})
        ref = arn if props.get("EventBusName") not in (None, "default") else name
        return Created(name, {"Arn": arn, "RuleName": name}, ref=ref)

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        arn = self._put(ctx, physical_id, props, old)
        ref = arn if props.get("EventBusName") not in (None, "default") else physical_id
        return Created(physical_id, {"Arn": arn}, ref=ref)

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        events = ctx.client("events")
        bus = {"EventBusName": props["EventBusName"]} if props.get("EventBusName") else {}

        def remove() -> None:
            ids = [t["Id"] for t in events.list_targets_by_rule(Rule=physical_id, **bus).get("Targets", [])]
            if ids:
                events.remove_targets(Rule=physical_id, Ids=ids, **bus)
            events.delete_rule(Name=physical_id, **bus)

        ignore_missing(remove)


class Archive(ResourceProvider):
    type_name = "AWS::Events::Archive"
    create_only = frozenset(("ArchiveName", "SourceArn"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        name = props.get("ArchiveName") or ctx.physical_name(48)
        args: dict[str, Any] = {"ArchiveName": name, "EventSourceArn": props["SourceArn"]}
        if props.get("EventPattern") is not None:
            args["EventPattern"] = json_text(props["EventPattern"])
        if props.get("Description"):
            args["Description"] = props["Description"]
        args.update(pick(props, ("RetentionDays",), int))
        arn = ctx.client("events").create_archive(**args)["ArchiveArn"]
        return Created(name, {"Arn": arn, "ArchiveName": name})

    delete = delete_call("events", "delete_archive", "ArchiveName")


class Connection(ResourceProvider):
    type_name = "AWS::Events::Connection"
    create_only = frozenset(("Name",))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        name = props.get("Name") or ctx.physical_name(64)
        args = {
            "Name": name,
            "AuthorizationType": props["AuthorizationType"],
            "AuthParameters": props.get("AuthParameters") or {},
        }
        if props.get("Description"):
            args["Description"] = props["Description"]
        events = ctx.client("events")
        created = events.create_connection(**args)
        secret = events.describe_connection(Name=name).get("SecretArn")
        return Created(name, {"Arn": created["ConnectionArn"], **({"SecretArn": secret} if secret else {})})

    delete = delete_call("events", "delete_connection", "Name")


class ApiDestination(ResourceProvider):
    type_name = "AWS::Events::ApiDestination"
    create_only = frozenset(("Name",))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        name = props.get("Name") or ctx.physical_name(64)
        args: dict[str, Any] = {
            "Name": name,
            "ConnectionArn": props["ConnectionArn"],
            "InvocationEndpoint": props["InvocationEndpoint"],
            "HttpMethod": props["HttpMethod"],
        }
        args.update(pick(props, ("InvocationRateLimitPerSecond",), int))
        if props.get("Description"):
            args["Description"] = props["Description"]
        created = ctx.client("events").create_api_destination(**args)
        return Created(name, {"Arn": created["ApiDestinationArn"]})

    delete = delete_call("events", "delete_api_destination", "Name")


class Schedule(ResourceProvider):
    type_name = "AWS::Scheduler::Schedule"
    create_only = frozenset(("Name", "GroupName"))

    def _args(self, name: str, props: dict[str, Any]) -> dict[str, Any]:
        args: dict[str, Any] = {
            "Name": name,
            "ScheduleExpression": props["ScheduleExpression"],
            "FlexibleTimeWindow": props.get("FlexibleTimeWindow") or {"Mode": "OFF"},
            "Target": dict(props["Target"]),
        }
        if "Input" in args["Target"] and not isinstance(args["Target"]["Input"], str):
            args["Target"]["Input"] = json.dumps(args["Target"]["Input"])
        for key in (
            "GroupName",
            "Description",
            "ScheduleExpressionTimezone",
            "State",
            "StartDate",
            "EndDate",
            "KmsKeyArn",
        ):
            if props.get(key):
                args[key] = props[key]
        return args

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        name = props.get("Name") or ctx.physical_name(64)
        arn = ctx.client("scheduler").create_schedule(**self._args(name, props))["ScheduleArn"]
        return Created(name, {"Arn": arn})

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        ctx.client("scheduler").update_schedule(**self._args(physical_id, props))
        return Created(physical_id, attributes)

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        group = {"GroupName": props["GroupName"]} if props.get("GroupName") else {}
        ignore_missing(lambda: ctx.client("scheduler").delete_schedule(Name=physical_id, **group))


PROVIDERS = [EventBus, Rule, Archive, Connection, ApiDestination, Schedule]

"""CloudFormation in the dashboard: stacks, with their events and resources."""

from __future__ import annotations

from typing import Any

from localstack.dashboard.scope import Scope, required


def stacks(aws: Scope, params: dict[str, str], body: bytes) -> Any:
    keep = ("StackName", "StackId", "StackStatus", "StackStatusReason", "CreationTime", "LastUpdatedTime")
    described = aws.client("cloudformation").describe_stacks().get("Stacks", [])
    return [{k: s.get(k) for k in keep if k in s} for s in described]


def events(aws: Scope, params: dict[str, str], body: bytes) -> Any:
    cfn = aws.client("cloudformation")
    return cfn.describe_stack_events(StackName=required(params, "stack")).get("StackEvents", [])


def resources(aws: Scope, params: dict[str, str], body: bytes) -> Any:
    cfn = aws.client("cloudformation")
    return cfn.describe_stack_resources(StackName=required(params, "stack")).get("StackResources", [])


ACTIONS = {"stacks": stacks, "events": events, "resources": resources}

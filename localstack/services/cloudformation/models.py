"""Our CloudFormation state, keyed by account and region: stacks (with their resources, events and
outputs) and change sets. moto's CloudFormation backend is not used."""

from __future__ import annotations

import datetime
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

from localstack.services.cloudformation.parameters import ResolvedParameter
from localstack.utils.aws.stores import AccountRegionStore, RegionStore


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


@dataclass
class StackEvent:
    stack_id: str
    stack_name: str
    logical_id: str
    physical_id: str
    resource_type: str
    status: str
    reason: str | None = None
    properties: str | None = None
    event_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    timestamp: datetime.datetime = field(default_factory=now)

    def describe(self) -> dict[str, Any]:
        out = {
            "StackId": self.stack_id,
            "EventId": self.event_id,
            "StackName": self.stack_name,
            "LogicalResourceId": self.logical_id,
            "PhysicalResourceId": self.physical_id,
            "ResourceType": self.resource_type,
            "Timestamp": self.timestamp,
            "ResourceStatus": self.status,
        }
        if self.reason:
            out["ResourceStatusReason"] = self.reason
        if self.properties:
            out["ResourceProperties"] = self.properties
        return out


@dataclass
class StackResource:
    logical_id: str
    resource_type: str
    definition: dict[str, Any]  # as in the template (unresolved)
    properties: dict[str, Any] = field(default_factory=dict)  # resolved, as last applied
    physical_id: str = ""
    status: str = ""
    reason: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    ref: Any = None  # what Ref returns when it is not the physical id
    updated: datetime.datetime = field(default_factory=now)
    drift: dict[str, Any] | None = None  # the last drift detection's StackResourceDrift

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "LogicalResourceId": self.logical_id,
            "PhysicalResourceId": self.physical_id,
            "ResourceType": self.resource_type,
            "LastUpdatedTimestamp": self.updated,
            "ResourceStatus": self.status,
            "DriftInformation": {"StackResourceDriftStatus": "NOT_CHECKED"},
        }
        if self.drift is not None:
            out["DriftInformation"] = {
                "StackResourceDriftStatus": self.drift["StackResourceDriftStatus"],
                "LastCheckTimestamp": self.drift["Timestamp"],
            }
        if self.reason:
            out["ResourceStatusReason"] = self.reason
        return out


@dataclass
class Stack:
    stack_id: str
    name: str
    account_id: str
    region: str
    template: dict[str, Any] = field(default_factory=dict)  # processed (transforms expanded)
    template_body: str = ""  # as the caller sent it
    parameters: dict[str, ResolvedParameter] = field(default_factory=dict)
    status: str = "CREATE_IN_PROGRESS"
    status_reason: str | None = None
    created: datetime.datetime = field(default_factory=now)
    updated: datetime.datetime | None = None
    deleted: datetime.datetime | None = None
    tags: list[dict[str, str]] = field(default_factory=list)
    capabilities: list[str] = field(default_factory=list)
    notification_arns: list[str] = field(default_factory=list)
    disable_rollback: bool = False
    termination_protection: bool = False
    role_arn: str | None = None
    timeout: int | None = None
    description: str | None = None
    parent_id: str | None = None
    root_id: str | None = None
    change_set_id: str | None = None
    policy: str | None = None  # SetStackPolicy's body
    resources: dict[str, StackResource] = field(default_factory=dict)
    conditions: dict[str, bool] = field(default_factory=dict)
    outputs: list[dict[str, Any]] = field(default_factory=list)
    imports: set[str] = field(default_factory=set)  # export names its template imports
    events: list[StackEvent] = field(default_factory=list)
    # SignalResource: logical id -> UniqueId -> SUCCESS or FAILURE (the last per UniqueId counts).
    signals: dict[str, dict[str, str]] = field(default_factory=dict)
    drift: Any = None  # the last drift.Detection
    lock: threading.RLock = field(default_factory=threading.RLock)
    done: threading.Event = field(default_factory=threading.Event)

    @property
    def is_deleted(self) -> bool:
        return self.status == "DELETE_COMPLETE"

    def add_event(
        self,
        logical_id: str,
        resource_type: str,
        status: str,
        physical_id: str = "",
        reason: str | None = None,
        properties: str | None = None,
    ) -> None:
        event = StackEvent(
            self.stack_id, self.name, logical_id, physical_id, resource_type, status, reason, properties
        )
        self.events.append(event)
        if self.notification_arns:
            from localstack.services.cloudformation import notifications

            notifications.publish(self, event)

    def set_status(self, status: str, reason: str | None = None) -> None:
        self.status = status
        self.status_reason = reason
        self.add_event(self.name, "AWS::CloudFormation::Stack", status, self.stack_id, reason)

    def exports(self) -> dict[str, Any]:
        return {
            output["ExportName"]: output["OutputValue"]
            for output in self.outputs
            if output.get("ExportName") is not None
        }


@dataclass
class ChangeSet:
    change_set_id: str
    name: str
    stack_id: str
    stack_name: str
    change_set_type: str  # CREATE | UPDATE
    template: dict[str, Any]
    template_body: str
    parameters: dict[str, ResolvedParameter]
    changes: list[dict[str, Any]] = field(default_factory=list)
    status: str = "CREATE_PENDING"
    status_reason: str | None = None
    execution_status: str = "UNAVAILABLE"
    created: datetime.datetime = field(default_factory=now)
    description: str | None = None
    capabilities: list[str] = field(default_factory=list)
    tags: list[dict[str, str]] | None = None
    notification_arns: list[str] = field(default_factory=list)
    role_arn: str | None = None
    include_nested: bool = False


class CloudFormationStore(RegionStore):
    def __init__(self) -> None:
        self.stacks: dict[str, Stack] = {}  # stack id -> stack, deleted ones included (for a while)
        self.change_sets: dict[str, ChangeSet] = {}  # change set id -> change set

    def live_stack(self, name_or_id: str) -> Stack | None:
        """The stack a name (the undeleted one) or a stack id (deleted or not) names."""
        if name_or_id.startswith("arn:"):
            return self.stacks.get(name_or_id)
        for stack in reversed(list(self.stacks.values())):
            if stack.name == name_or_id and not stack.is_deleted:
                return stack
        return None

    def exports(self) -> dict[str, tuple[Any, Stack]]:
        """Export name -> (value, exporting stack) over every live stack."""
        out = {}
        for stack in list(self.stacks.values()):
            if stack.is_deleted:
                continue
            for name, value in stack.exports().items():
                out[name] = (value, stack)
        return out

    def importers(self, export_name: str) -> list[Stack]:
        return [
            stack
            for stack in list(self.stacks.values())
            if not stack.is_deleted and export_name in stack.imports
        ]


stores: AccountRegionStore[CloudFormationStore] = AccountRegionStore(CloudFormationStore)

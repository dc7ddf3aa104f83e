"""The stack operations of CloudFormation's API (CreateStack, UpdateStack, DeleteStack, Describe*,
List*, exports, termination protection): request dicts in, result dicts out, AWS's errors raised."""

from __future__ import annotations

import re
import uuid
from typing import Any

from localstack.services.cloudformation import changes, deployer, parameters, preparation, stack_policy
from localstack.services.cloudformation.models import CloudFormationStore, Stack, StackResource
from localstack.utils.aws.errors import AWSError

_STACK_NAME = re.compile(r"^[a-zA-Z][-a-zA-Z0-9]*$")
_STACK_ARN = re.compile(r"^arn:[-a-zA-Z0-9:/._+]*$")
# Statuses in which a stack takes an update.
UPDATABLE = frozenset(
    (
        "CREATE_COMPLETE",
        "UPDATE_COMPLETE",
        "UPDATE_ROLLBACK_COMPLETE",
        "IMPORT_COMPLETE",
        "IMPORT_ROLLBACK_COMPLETE",
    )
)
_IN_PROGRESS_SUFFIX = "_IN_PROGRESS"


def validation(message: str) -> AWSError:
    return AWSError("ValidationError", message)


def stack_not_found(name: str) -> AWSError:
    return validation(f"Stack with id {name} does not exist")


def check_stack_name(name: str | None, allow_arn: bool = False) -> str:
    """The stack name of a request, or AWS's pattern error; CreateChangeSet also takes a stack id."""
    if not name:
        raise AWSError(
            "ValidationError",
            "1 validation error detected: Value null at 'stackName' failed to satisfy constraint: "
            "Member must not be null",
        )
    if allow_arn and _STACK_ARN.match(name):
        return name
    if len(name) > 128 or not _STACK_NAME.match(name):
        raise validation(
            f"1 validation error detected: Value '{name}' at 'stackName' failed to satisfy constraint: "
            "Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*"
        )
    return name


def get_stack(store: CloudFormationStore, name: str | None, bracketed: bool = False) -> Stack:
    """The stack, or AWS's error: "Stack with id X does not exist" for most operations, "Stack [X]
    does not exist" for UpdateStack and DescribeStackEvents."""
    if not name:
        raise validation("Stack name or id is required")
    stack = store.live_stack(name)
    if stack is None:
        raise validation(f"Stack [{name}] does not exist") if bracketed else stack_not_found(name)
    return stack


def new_stack(store: CloudFormationStore, name: str, request: dict[str, Any]) -> Stack:
    stack_id = f"arn:aws:cloudformation:{store.region}:{store.account_id}:stack/{name}/{uuid.uuid4()}"
    stack = Stack(stack_id, name, store.account_id, store.region)
    stack.root_id = None
    apply_request_settings(stack, request)
    return stack


def apply_request_settings(stack: Stack, request: dict[str, Any]) -> None:
    if request.get("Tags") is not None:
        stack.tags = [{"Key": t.get("Key", ""), "Value": t.get("Value", "")} for t in request["Tags"]]
    if request.get("Capabilities") is not None:
        stack.capabilities = list(request["Capabilities"])
    if request.get("NotificationARNs") is not None:
        stack.notification_arns = list(request["NotificationARNs"])
    if request.get("RoleARN"):
        stack.role_arn = request["RoleARN"]
    if request.get("TimeoutInMinutes"):
        stack.timeout = request["TimeoutInMinutes"]
    if request.get("DisableRollback") is not None:
        stack.disable_rollback = bool(request["DisableRollback"])
    if request.get("OnFailure") == "DO_NOTHING":
        stack.disable_rollback = True
    if request.get("EnableTerminationProtection") is not None:
        stack.termination_protection = bool(request["EnableTerminationProtection"])


def create_stack(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    name = check_stack_name(request.get("StackName"))
    if request.get("DisableRollback") and request.get("OnFailure"):
        raise validation("You cannot specify both DisableRollback and OnFailure.")
    policy = stack_policy.from_request(request, store.account_id, store.region)
    reviewed = store.live_stack(name)
    if reviewed is not None and reviewed.status != "REVIEW_IN_PROGRESS":
        raise AWSError("AlreadyExistsException", f"Stack [{name}] already exists")
    prepared = preparation.prepare(request, store.account_id, store.region)
    if reviewed is None:
        stack = new_stack(store, name, request)
    else:
        # A stack a CREATE change set made is created in place; its change sets can no longer run.
        stack = reviewed
        apply_request_settings(stack, request)
        for change_set in list(store.change_sets.values()):
            if change_set.stack_id == stack.stack_id:
                change_set.execution_status = "OBSOLETE"
    stack.template, stack.template_body, stack.parameters = (
        prepared.template,
        prepared.body,
        prepared.parameters,
    )
    stack.description = prepared.template.get("Description")
    if policy is not None:
        stack.policy = policy
    store.stacks[stack.stack_id] = stack
    stack.set_status("CREATE_IN_PROGRESS", "User Initiated")
    delete_on_failure = request.get("OnFailure") == "DELETE"

    def work() -> None:
        deployer.create(stack, store)
        if delete_on_failure and stack.status == "ROLLBACK_COMPLETE":
            deployer.delete(stack, store)

    deployer.run_in_background(stack, "create", work)
    return {"StackId": stack.stack_id}


def check_updatable(stack: Stack) -> None:
    if stack.status not in UPDATABLE:
        raise validation(f"Stack:{stack.stack_id} is in {stack.status} state and can not be updated.")


def update_stack(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    stack = get_stack(store, request.get("StackName"), bracketed=True)
    check_updatable(stack)
    policy = stack_policy.from_request(request, store.account_id, store.region)
    stack_policy.from_request(request, store.account_id, store.region, prefix="StackPolicyDuringUpdate")
    prepared = preparation.prepare(request, store.account_id, store.region, previous=stack)
    tags = request.get("Tags")
    if not changes.anything_changes(stack, prepared.template, prepared.parameters, tags):
        raise validation("No updates are to be performed.")
    if policy is not None:
        stack.policy = policy
    apply_request_settings(stack, request)
    stack.description = prepared.template.get("Description")
    stack.set_status("UPDATE_IN_PROGRESS", "User Initiated")
    deployer.run_in_background(
        stack,
        "update",
        lambda: deployer.update(stack, store, prepared.template, prepared.body, prepared.parameters),
    )
    return {"StackId": stack.stack_id}


def delete_stack(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    name = request.get("StackName")
    if not name:
        raise validation(
            "1 validation error detected: Value null at 'stackName' failed to satisfy constraint: "
            "Member must not be null"
        )
    stack = store.live_stack(name)
    if stack is None or stack.is_deleted:
        return {}
    if stack.termination_protection:
        raise validation(f"Stack [{stack.name}] cannot be deleted while TerminationProtection is enabled")
    if stack.status.endswith(_IN_PROGRESS_SUFFIX) and stack.status not in (
        "REVIEW_IN_PROGRESS",
        "DELETE_IN_PROGRESS",
    ):
        # AWS queues the delete after the running operation; wait for it.
        stack.done.wait(30)
    if stack.status == "DELETE_IN_PROGRESS":
        return {}
    for change_set_id in [
        cid for cid, cs in list(store.change_sets.items()) if cs.stack_id == stack.stack_id
    ]:
        del store.change_sets[change_set_id]
    if stack.status == "REVIEW_IN_PROGRESS":
        stack.set_status("DELETE_COMPLETE")
        stack.deleted = stack.events[-1].timestamp
        return {}
    retain = frozenset(request.get("RetainResources") or [])
    if retain and stack.status != "DELETE_FAILED":
        raise validation(
            "Invalid operation on stack: RetainResources can only be specified "
            "when stack is in DELETE_FAILED state"
        )
    deployer.run_in_background(stack, "delete", lambda: deployer.delete(stack, store, retain))
    return {}


def describe_stack(stack: Stack) -> dict[str, Any]:
    out: dict[str, Any] = {
        "StackId": stack.stack_id,
        "StackName": stack.name,
        "ChangeSetId": stack.change_set_id,
        "Description": stack.description,
        "Parameters": parameters.describe(stack.parameters),
        "CreationTime": stack.created,
        "LastUpdatedTime": stack.updated,
        "DeletionTime": stack.deleted,
        "RollbackConfiguration": {},
        "StackStatus": stack.status,
        "StackStatusReason": stack.status_reason,
        "DisableRollback": stack.disable_rollback,
        "NotificationARNs": stack.notification_arns,
        "TimeoutInMinutes": stack.timeout,
        "Capabilities": stack.capabilities or None,
        "Outputs": stack.outputs or None,
        "RoleARN": stack.role_arn,
        "Tags": stack.tags,
        # A deleted stack no longer reports the flag (recorded).
        "EnableTerminationProtection": None if stack.is_deleted else stack.termination_protection,
        "ParentId": stack.parent_id,
        "RootId": stack.root_id,
        "DriftInformation": {"StackDriftStatus": "NOT_CHECKED"},
    }
    if stack.drift is not None:
        out["DriftInformation"] = {
            "StackDriftStatus": stack.drift.stack_status,
            "LastCheckTimestamp": stack.drift.timestamp,
        }
    return out


def describe_stacks(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    name = request.get("StackName")
    if name:
        stack = store.live_stack(name)
        if stack is None:
            raise stack_not_found(name)
        return {"Stacks": [describe_stack(stack)]}
    stacks = [s for s in list(store.stacks.values()) if not s.is_deleted]
    return {"Stacks": [describe_stack(s) for s in reversed(stacks)]}


def list_stacks(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    wanted = set(request.get("StackStatusFilter") or [])
    summaries = []
    for stack in reversed(list(store.stacks.values())):
        if wanted and stack.status not in wanted:
            continue
        summaries.append(
            {
                "StackId": stack.stack_id,
                "StackName": stack.name,
                "TemplateDescription": stack.description,
                "CreationTime": stack.created,
                "LastUpdatedTime": stack.updated,
                "DeletionTime": stack.deleted,
                "StackStatus": stack.status,
                "StackStatusReason": stack.status_reason,
                "ParentId": stack.parent_id,
                "RootId": stack.root_id,
                "DriftInformation": describe_stack(stack)["DriftInformation"],
            }
        )
    return {"StackSummaries": summaries}


def describe_stack_events(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    stack = get_stack(store, request.get("StackName"), bracketed=True)
    return {"StackEvents": [event.describe() for event in reversed(list(stack.events))]}


def _resource_row(stack: Stack, resource: StackResource) -> dict[str, Any]:
    row = resource.summary()
    row.update({"StackName": stack.name, "StackId": stack.stack_id, "Timestamp": resource.updated})
    return row


def _visible(stack: Stack) -> list[StackResource]:
    return [r for r in list(stack.resources.values()) if r.status]


def describe_stack_resources(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    name, physical_id = request.get("StackName"), request.get("PhysicalResourceId")
    if name:
        stacks = [get_stack(store, name)]
    elif physical_id:
        stacks = [
            s
            for s in list(store.stacks.values())
            if not s.is_deleted and any(r.physical_id == physical_id for r in s.resources.values())
        ]
        if not stacks:
            raise validation(f"Stack for {physical_id} does not exist")
    else:
        raise validation("Either StackName or PhysicalResourceId must be specified.")
    logical = request.get("LogicalResourceId")
    rows = [
        _resource_row(stack, r)
        for stack in stacks
        for r in _visible(stack)
        if (not logical or r.logical_id == logical)
        and (name or r.physical_id == physical_id or not physical_id)
    ]
    for row in rows:
        row.pop("LastUpdatedTimestamp", None)
    return {"StackResources": rows}


def describe_stack_resource(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    name = request.get("StackName") or ""
    if name and store.live_stack(name) is None:
        raise validation(f"Stack '{name}' does not exist")
    stack = get_stack(store, name)
    logical = request.get("LogicalResourceId") or ""
    resource = stack.resources.get(logical)
    if resource is None or not resource.status:
        # AWS names the stack as the request did (recorded with a stack id).
        raise validation(f"Resource {logical} does not exist for stack {name}")
    row = _resource_row(stack, resource)
    row.pop("Timestamp", None)
    metadata = resource.definition.get("Metadata")
    if metadata is not None:
        import json

        row["Metadata"] = json.dumps(metadata)
    return {"StackResourceDetail": row}


def list_stack_resources(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    stack = get_stack(store, request.get("StackName"))
    return {"StackResourceSummaries": [r.summary() for r in _visible(stack)]}


def update_termination_protection(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    stack = get_stack(store, request.get("StackName"))
    stack.termination_protection = bool(request.get("EnableTerminationProtection"))
    return {"StackId": stack.stack_id}


def list_exports(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    return {
        "Exports": [
            {"ExportingStackId": owner.stack_id, "Name": name, "Value": value}
            for name, (value, owner) in store.exports().items()
        ]
    }


def list_imports(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    name = request.get("ExportName") or ""
    importers = [stack.name for stack in store.importers(name)]
    if not importers:
        raise validation(f"Export '{name}' is not imported by any stack.")
    return {"Imports": importers}


def set_stack_policy(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    stack = get_stack(store, request.get("StackName"))
    stack.policy = stack_policy.from_request(request, store.account_id, store.region)
    return {}


def get_stack_policy(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    stack = get_stack(store, request.get("StackName"))
    return {"StackPolicyBody": stack.policy}


def cancel_update_stack(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    stack = get_stack(store, request.get("StackName"))
    if stack.status != "UPDATE_IN_PROGRESS":
        raise validation(f"CancelUpdateStack cannot be called from current stack status {stack.status}")
    stack.done.wait(30)
    return {}


def continue_update_rollback(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    stack = get_stack(store, request.get("StackName"))
    if stack.status != "UPDATE_ROLLBACK_FAILED":
        raise validation(
            f"Stack {stack.name} is in {stack.status} state and can not continue update rollback."
        )
    stack.set_status("UPDATE_ROLLBACK_COMPLETE")
    return {}


def signal_resource(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    """cfn-signal's call: a SUCCESS or FAILURE signal for a resource that waits on its CreationPolicy."""
    stack = get_stack(store, request.get("StackName"))
    if not stack.status.endswith("_IN_PROGRESS"):
        raise validation(f"Stack {stack.stack_id} is in {stack.status} state and cannot be signaled")
    logical = request.get("LogicalResourceId") or ""
    definition = (stack.template.get("Resources") or {}).get(logical)
    if not isinstance(definition, dict):
        raise validation(f"Resource {logical} does not exist for stack {stack.name}")
    status, unique_id = request.get("Status") or "", request.get("UniqueId") or ""
    with stack.lock:
        stack.signals.setdefault(logical, {})[unique_id] = status
    resource = stack.resources.get(logical)
    stack.add_event(
        logical,
        definition.get("Type", ""),
        resource.status if resource is not None and resource.status else "CREATE_IN_PROGRESS",
        resource.physical_id if resource is not None else "",
        f"Received {status} signal with UniqueId {unique_id}",
    )
    return {}

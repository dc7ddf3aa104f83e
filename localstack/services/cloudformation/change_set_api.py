"""The change set operations: CreateChangeSet (CREATE, UPDATE and IMPORT), DescribeChangeSet, ListChangeSets,
ExecuteChangeSet and DeleteChangeSet, with AWS's statuses and errors (ChangeSetNotFound)."""

from __future__ import annotations

import re
import uuid
from typing import Any

from localstack.services.cloudformation import changes, deployer, imports, parameters, preparation
from localstack.services.cloudformation.models import ChangeSet, CloudFormationStore
from localstack.services.cloudformation.stack_api import (
    apply_request_settings,
    check_stack_name,
    check_updatable,
    new_stack,
    validation,
)
from localstack.utils.aws.errors import AWSError

_CHANGE_SET_NAME = re.compile(r"^[a-zA-Z][-a-zA-Z0-9]*$")


def not_found(name: str) -> AWSError:
    return AWSError("ChangeSetNotFound", f"ChangeSet [{name}] does not exist", 404)


def find(store: CloudFormationStore, name: str | None, stack_name: str | None) -> ChangeSet:
    if not name:
        raise validation(
            "1 validation error detected: Value null at 'changeSetName' failed to satisfy "
            "constraint: Member must not be null"
        )
    if name.startswith("arn:"):
        change_set = store.change_sets.get(name)
        if change_set is None:
            raise not_found(name)
        return change_set
    if not stack_name:
        raise validation("StackName must be specified if ChangeSetName is not specified as an ARN.")
    stack = store.live_stack(stack_name)
    if stack is None:
        raise validation(f"Stack [{stack_name}] does not exist")
    for change_set in list(store.change_sets.values()):
        if change_set.name == name and change_set.stack_id == stack.stack_id:
            return change_set
    raise not_found(name)


def create_change_set(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    stack_name = check_stack_name(request.get("StackName"), allow_arn=True)
    name = request.get("ChangeSetName") or ""
    if len(name) > 128 or not _CHANGE_SET_NAME.match(name):
        raise validation(
            f"1 validation error detected: Value '{name}' at 'changeSetName' failed to satisfy constraint: "
            "Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*"
        )
    kind = request.get("ChangeSetType") or "UPDATE"
    if kind not in ("CREATE", "UPDATE", "IMPORT"):
        raise validation(f"ChangeSetType {kind} is not supported by this emulator")
    stack = store.live_stack(stack_name)
    if stack is None and stack_name.startswith("arn:"):
        raise validation(f"Stack [{stack_name}] does not exist")
    if kind == "IMPORT" and stack is not None and stack.status != "REVIEW_IN_PROGRESS":
        check_updatable(stack)
    if kind == "CREATE" and stack is not None and stack.status != "REVIEW_IN_PROGRESS":
        raise validation(
            f"Stack [{stack_name}] already exists and cannot be created again with the changeSet [{name}]."
        )
    if kind == "UPDATE":
        if stack is None:
            raise validation(f"Stack [{stack_name}] does not exist")
        if stack.status == "REVIEW_IN_PROGRESS":
            raise validation(
                f"Stack [{stack_name}] does not exist. Use ChangeSetType CREATE to create a change "
                "set for a new stack."
            )
        check_updatable(stack)
    if stack is not None:
        # An executed change set's name may be used again (tools name them by the second).
        for change_set_id, existing in list(store.change_sets.items()):
            finished = existing.execution_status in ("EXECUTE_COMPLETE", "EXECUTE_FAILED")
            if existing.name == name and existing.stack_id == stack.stack_id and finished:
                del store.change_sets[change_set_id]
    if stack is not None and any(
        cs.name == name and cs.stack_id == stack.stack_id for cs in list(store.change_sets.values())
    ):
        raise AWSError("AlreadyExistsException", f"ChangeSet {name} already exists")
    previous = stack if kind == "UPDATE" else None
    if kind == "IMPORT" and stack is not None and stack.status != "REVIEW_IN_PROGRESS":
        previous = stack
    prepared = preparation.prepare(request, store.account_id, store.region, previous=previous)
    if stack is None:
        stack = new_stack(store, stack_name, request)
        store.stacks[stack.stack_id] = stack
        stack.set_status("REVIEW_IN_PROGRESS", "User Initiated")
    change_set_id = (
        f"arn:aws:cloudformation:{store.region}:{store.account_id}:changeSet/{name}/{uuid.uuid4()}"
    )
    change_set = ChangeSet(
        change_set_id,
        name,
        stack.stack_id,
        stack.name,
        kind,
        prepared.template,
        prepared.body,
        prepared.parameters,
        description=request.get("Description"),
        capabilities=list(request.get("Capabilities") or []),
        tags=request.get("Tags"),
        notification_arns=list(request.get("NotificationARNs") or []),
        role_arn=request.get("RoleARN"),
        include_nested=bool(request.get("IncludeNestedStacks")),
    )
    if kind == "IMPORT":
        change_set.changes = imports.check(
            prepared.template, request.get("ResourcesToImport") or [], previous
        )
    else:
        change_set.changes = changes.resource_changes(previous, prepared.template, prepared.parameters, stack)
    if (
        kind == "UPDATE"
        and not change_set.changes
        and not changes.anything_changes(stack, prepared.template, prepared.parameters, change_set.tags)
    ):
        change_set.status, change_set.status_reason = "FAILED", changes.NO_CHANGES_REASON
    else:
        change_set.status, change_set.execution_status = "CREATE_COMPLETE", "AVAILABLE"
    store.change_sets[change_set_id] = change_set
    return {"Id": change_set_id, "StackId": stack.stack_id}


def describe_change_set(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    change_set = find(store, request.get("ChangeSetName"), request.get("StackName"))
    return {
        "ChangeSetName": change_set.name,
        "ChangeSetId": change_set.change_set_id,
        "StackId": change_set.stack_id,
        "StackName": change_set.stack_name,
        "Description": change_set.description,
        "Parameters": parameters.describe(change_set.parameters),
        "CreationTime": change_set.created,
        "ExecutionStatus": change_set.execution_status,
        "Status": change_set.status,
        "StatusReason": change_set.status_reason,
        "NotificationARNs": change_set.notification_arns,
        "RollbackConfiguration": {},
        "Capabilities": change_set.capabilities,
        "Tags": change_set.tags,
        "Changes": change_set.changes,
        "IncludeNestedStacks": change_set.include_nested,
    }


def list_change_sets(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    name = request.get("StackName") or ""
    stack = store.live_stack(name)
    if stack is None:
        raise validation(f"Stack [{name}] does not exist")
    return {
        "Summaries": [
            {
                "StackId": cs.stack_id,
                "StackName": cs.stack_name,
                "ChangeSetId": cs.change_set_id,
                "ChangeSetName": cs.name,
                "ExecutionStatus": cs.execution_status,
                "Status": cs.status,
                "StatusReason": cs.status_reason,
                "CreationTime": cs.created,
                "Description": cs.description,
                "IncludeNestedStacks": cs.include_nested,
            }
            for cs in list(store.change_sets.values())
            if cs.stack_id == stack.stack_id
        ]
    }


def execute_change_set(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    change_set = find(store, request.get("ChangeSetName"), request.get("StackName"))
    if change_set.status == "FAILED":
        raise AWSError(
            "InvalidChangeSetStatus",
            f"ChangeSet [{change_set.change_set_id}] cannot be executed in its current status of [FAILED]",
        )
    if change_set.execution_status != "AVAILABLE":
        raise AWSError(
            "InvalidChangeSetStatus",
            f"ChangeSet [{change_set.change_set_id}] cannot be executed in its current execution status of "
            f"[{change_set.execution_status}]",
        )
    stack = store.stacks[change_set.stack_id]
    # Executing one change set discards the stack's others.
    for other in [
        cid
        for cid, cs in list(store.change_sets.items())
        if cs.stack_id == stack.stack_id and cid != change_set.change_set_id
    ]:
        del store.change_sets[other]
    change_set.execution_status = "EXECUTE_IN_PROGRESS"
    settings = {
        "Tags": change_set.tags,
        "Capabilities": change_set.capabilities,
        "NotificationARNs": change_set.notification_arns or None,
        "RoleARN": change_set.role_arn,
    }
    if request.get("DisableRollback") is not None:
        settings["DisableRollback"] = request["DisableRollback"]
    apply_request_settings(stack, settings)
    stack.change_set_id = change_set.change_set_id
    stack.description = change_set.template.get("Description")

    def finished() -> None:
        change_set.execution_status = (
            "EXECUTE_COMPLETE"
            if stack.status in ("CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE")
            else "EXECUTE_FAILED"
        )

    if change_set.change_set_type == "IMPORT":

        def import_resources() -> None:
            imports.execute(stack, store, change_set)
            finished()

        deployer.run_in_background(stack, "import", import_resources)
    elif change_set.change_set_type == "CREATE":
        stack.template, stack.template_body, stack.parameters = (
            change_set.template,
            change_set.template_body,
            change_set.parameters,
        )
        stack.set_status("CREATE_IN_PROGRESS", "User Initiated")

        def create() -> None:
            deployer.create(stack, store)
            finished()

        deployer.run_in_background(stack, "create", create)
    else:
        stack.set_status("UPDATE_IN_PROGRESS", "User Initiated")

        def update() -> None:
            deployer.update(
                stack, store, change_set.template, change_set.template_body, change_set.parameters
            )
            finished()

        deployer.run_in_background(stack, "update", update)
    return {}


def delete_change_set(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    change_set = find(store, request.get("ChangeSetName"), request.get("StackName"))
    if change_set.execution_status == "EXECUTE_IN_PROGRESS":
        raise AWSError(
            "InvalidChangeSetStatus",
            f"Cannot delete ChangeSet [{change_set.change_set_id}] while its execution status is "
            "EXECUTE_IN_PROGRESS",
        )
    store.change_sets.pop(change_set.change_set_id, None)
    return {}

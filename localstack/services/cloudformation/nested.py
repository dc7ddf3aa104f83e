"""Nested stacks: an AWS::CloudFormation::Stack resource deploys a child stack from its TemplateURL
and waits for it; the child's outputs become the resource's `Outputs.<key>` attributes."""

from __future__ import annotations

import random
import string
from typing import Any

from localstack.services.cloudformation import deployer, preparation, template_url
from localstack.services.cloudformation.models import Stack, stores
from localstack.utils.aws.errors import AWSError


def _child_name(parent: Stack, logical_id: str) -> str:
    suffix = "".join(random.choices(string.ascii_uppercase + string.digits, k=12))
    return f"{parent.name}-{logical_id}-{suffix}"[:128]


def _request(props: dict[str, Any], parent: Stack) -> dict[str, Any]:
    params = props.get("Parameters") or {}
    return {
        "Parameters": [
            {"ParameterKey": key, "ParameterValue": _text(value)} for key, value in params.items()
        ],
        "Capabilities": ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"],
    }


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def deploy_child(parent: Stack, logical_id: str, props: dict[str, Any], stack_id: str | None = None) -> Stack:
    """Create (no stack_id) or update a child stack; raises with the child's reason if it fails."""
    store = stores[parent.account_id][parent.region]
    body = template_url.fetch(props["TemplateURL"], parent.account_id, parent.region)
    request = _request(props, parent)
    if stack_id is None:
        from localstack.services.cloudformation.stack_api import new_stack

        prepared = preparation.prepare(request, parent.account_id, parent.region, body=body)
        child = new_stack(store, _child_name(parent, logical_id), {"Tags": props.get("Tags") or parent.tags})
        child.parent_id = parent.stack_id
        child.root_id = parent.root_id or parent.stack_id
        child.capabilities = request["Capabilities"]
        child.template, child.template_body, child.parameters = (
            prepared.template,
            prepared.body,
            prepared.parameters,
        )
        child.description = prepared.template.get("Description")
        store.stacks[child.stack_id] = child
        child.set_status("CREATE_IN_PROGRESS", "User Initiated")
        deployer.create(child, store)
        if child.status != "CREATE_COMPLETE":
            raise AWSError(
                "NestedStackFailed",
                f"Embedded stack {child.stack_id} was not successfully created: {child.status_reason}",
            )
        return child
    child = store.stacks[stack_id]
    prepared = preparation.prepare(request, parent.account_id, parent.region, previous=child, body=body)
    child.set_status("UPDATE_IN_PROGRESS", "User Initiated")
    deployer.update(child, store, prepared.template, prepared.body, prepared.parameters)
    if child.status != "UPDATE_COMPLETE":
        raise AWSError(
            "NestedStackFailed",
            f"Embedded stack {child.stack_id} was not successfully updated: {child.status_reason}",
        )
    return child


def delete_child(parent_account: str, region: str, stack_id: str) -> None:
    store = stores[parent_account][region]
    child = store.stacks.get(stack_id)
    if child is None or child.is_deleted:
        return
    deployer.delete(child, store)
    if child.status != "DELETE_COMPLETE":
        raise AWSError(
            "NestedStackFailed",
            f"Embedded stack {stack_id} was not successfully deleted: {child.status_reason}",
        )

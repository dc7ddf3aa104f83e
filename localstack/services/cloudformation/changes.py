"""What a new template and parameters change in a stack: each resource's Add, Modify (in place or
by replacement) or Remove, as DescribeChangeSet lists them, and whether anything changes at all."""

from __future__ import annotations

import json
from typing import Any

from localstack.services.cloudformation import intrinsics, providers
from localstack.services.cloudformation.models import Stack
from localstack.services.cloudformation.parameters import ResolvedParameter
from localstack.services.cloudformation.stack_view import StackView

NO_CHANGES_REASON = (
    "The submitted information didn't contain changes. Submit different information to create a change set."
)


def _included(stack: Stack, template: dict[str, Any], params: dict[str, ResolvedParameter]) -> dict[str, Any]:
    view = StackView(stack, None, template, params)
    resources = template.get("Resources") or {}
    try:
        return {name: d for name, d in resources.items() if view.included(d)}
    except Exception:
        return dict(resources)


def resource_changes(
    stack: Stack | None, template: dict[str, Any], params: dict[str, ResolvedParameter], new_stack: Stack
) -> list[dict[str, Any]]:
    """The Changes of a change set (every resource Add when there is no live stack yet)."""
    new = _included(new_stack, template, params)
    old = dict(stack.resources) if stack is not None else {}
    changed_params = {
        key
        for key in set(params) | set(stack.parameters if stack else {})
        if stack is None or _value(params.get(key)) != _value(stack.parameters.get(key))
    }
    changes = []
    for name, definition in new.items():
        previous = old.get(name)
        if previous is None or previous.resource_type != definition["Type"] or not previous.physical_id:
            changes.append(_change("Add", name, definition["Type"]))
            continue
        keys = _changed_keys(
            previous.definition.get("Properties") or {}, definition.get("Properties") or {}, changed_params
        )
        other = _attrs(previous.definition) != _attrs(definition)
        if not keys and not other:
            continue
        provider = providers.provider_for(definition["Type"])
        create_only = provider.create_only if provider is not None else frozenset()
        replacement = "True" if keys & create_only else "False"
        change = _change("Modify", name, definition["Type"], previous.physical_id, replacement)
        change["ResourceChange"]["Scope"] = ["Properties"] if keys else ["Metadata"]
        change["ResourceChange"]["Details"] = [
            {
                "Target": {
                    "Attribute": "Properties",
                    "Name": key,
                    "RequiresRecreation": "Always" if key in create_only else "Never",
                },
                "Evaluation": "Static",
                "ChangeSource": "DirectModification",
            }
            for key in sorted(keys)
        ]
        changes.append(change)
    for name, previous in old.items():
        if name not in new:
            changes.append(_change("Remove", name, previous.resource_type, previous.physical_id))
    return changes


def _value(parameter: ResolvedParameter | None) -> Any:
    return None if parameter is None else parameter.value


def _changed_keys(old: dict[str, Any], new: dict[str, Any], changed_params: set[str]) -> set[str]:
    keys = set()
    for key in set(old) | set(new):
        if json.dumps(old.get(key), sort_keys=True) != json.dumps(new.get(key), sort_keys=True):
            keys.add(key)
        elif key in new and intrinsics.references(new[key]) & changed_params:
            keys.add(key)
    return keys


def _attrs(definition: dict[str, Any]) -> str:
    return json.dumps(
        {k: v for k, v in definition.items() if k not in ("Properties",)}, sort_keys=True, default=str
    )


def _change(
    action: str, name: str, resource_type: str, physical_id: str | None = None, replacement: str | None = None
) -> dict[str, Any]:
    change: dict[str, Any] = {
        "Action": action,
        "LogicalResourceId": name,
        "ResourceType": resource_type,
        "Scope": [],
        "Details": [],
    }
    if physical_id:
        change["PhysicalResourceId"] = physical_id
    if replacement is not None:
        change["Replacement"] = replacement
    return {"Type": "Resource", "ResourceChange": change}


def anything_changes(
    stack: Stack,
    template: dict[str, Any],
    params: dict[str, ResolvedParameter],
    tags: list[dict[str, str]] | None,
) -> bool:
    if json.dumps(template, sort_keys=True, default=str) != json.dumps(
        stack.template, sort_keys=True, default=str
    ):
        return True
    if {k: (p.value, p.given) for k, p in params.items()} != {
        k: (p.value, p.given) for k, p in stack.parameters.items()
    }:
        return True
    return tags is not None and tags != stack.tags

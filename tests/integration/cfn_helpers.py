"""Deploying templates in the CloudFormation tests: create, wait, describe, and clean up after."""

from __future__ import annotations

import json
import time
from typing import Any

TERMINAL_SUFFIXES = ("_COMPLETE", "_FAILED")


def body(template: dict[str, Any] | str) -> str:
    return template if isinstance(template, str) else json.dumps(template)


def wait(cf: Any, stack: str, timeout: float = 60) -> dict[str, Any]:
    """The stack once its status is final (COMPLETE or FAILED)."""
    deadline = time.monotonic() + timeout
    while True:
        described = cf.describe_stacks(StackName=stack)["Stacks"][0]
        status = described["StackStatus"]
        if status.endswith(TERMINAL_SUFFIXES) and not status.endswith("_IN_PROGRESS"):
            return described
        if time.monotonic() > deadline:
            raise AssertionError(f"stack {stack} still {status}")
        time.sleep(0.2)


def deploy(
    cf: Any, cleanup: list, name: str, template: dict[str, Any] | str, **kwargs: Any
) -> dict[str, Any]:
    """CreateStack, wait, and register the DeleteStack."""
    stack_id = cf.create_stack(StackName=name, TemplateBody=body(template), **kwargs)["StackId"]
    cleanup.append(lambda: cf.delete_stack(StackName=stack_id))
    return wait(cf, stack_id)


def update(cf: Any, stack: str, template: dict[str, Any] | str, **kwargs: Any) -> dict[str, Any]:
    cf.update_stack(StackName=stack, TemplateBody=body(template), **kwargs)
    return wait(cf, stack)


def delete(cf: Any, stack: str) -> dict[str, Any]:
    stack_id = cf.describe_stacks(StackName=stack)["Stacks"][0]["StackId"]
    cf.delete_stack(StackName=stack_id)
    return wait(cf, stack_id)


def outputs(stack: dict[str, Any]) -> dict[str, str]:
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def events(cf: Any, stack: str) -> list[tuple[str, str]]:
    """(logical id, status) in the order they happened."""
    found = cf.describe_stack_events(StackName=stack)["StackEvents"]
    return [(e["LogicalResourceId"], e["ResourceStatus"]) for e in reversed(found)]


def reasons(cf: Any, stack: str) -> dict[str, str]:
    found = cf.describe_stack_events(StackName=stack)["StackEvents"]
    return {
        e["LogicalResourceId"]: e["ResourceStatusReason"]
        for e in found
        if e["ResourceStatus"].endswith("FAILED")
    }

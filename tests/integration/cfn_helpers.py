"""Deploying templates in the CloudFormation tests: create, wait, describe, and clean up after."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

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
    cf: Any, cleanup: list, name: str, template: dict[str, Any] | str, timeout: float = 60, **kwargs: Any
) -> dict[str, Any]:
    """CreateStack, wait, and register the DeleteStack."""
    stack_id = cf.create_stack(StackName=name, TemplateBody=body(template), **kwargs)["StackId"]
    cleanup.append(lambda: cf.delete_stack(StackName=stack_id))
    return wait(cf, stack_id, timeout)


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


def npm_app(target: Path, app: Path, packages: list[str], binary: str, tool: str) -> Path:
    """Copy the app in `app` to `target` and npm-install `packages` there; skip the test, with the
    reason, when node or npm is missing or the install fails (`binary` proves it worked)."""
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        pytest.skip(f"node and npm are needed to install {tool}")
    shutil.copytree(app, target, dirs_exist_ok=True)
    (target / "package.json").write_text(
        json.dumps({"name": f"{target.name}-test-app", "version": "1.0.0", "private": True})
    )
    try:
        result = subprocess.run(
            [npm, "install", "--silent", "--no-audit", "--no-fund", *packages],
            cwd=target,
            capture_output=True,
            text=True,
            timeout=600,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.skip(f"npm install of {tool} timed out")
    if result.returncode != 0 or not (target / "node_modules/.bin" / binary).exists():
        pytest.skip(f"npm install of {tool} failed: {result.stderr.strip()[:300]}")
    return target

"""The drift detection operations: DetectStackDrift, DescribeStackDriftDetectionStatus,
DescribeStackResourceDrifts and DetectStackResourceDrift (the checks themselves are in drift)."""

from __future__ import annotations

from typing import Any

from localstack.services.cloudformation import drift
from localstack.services.cloudformation.models import CloudFormationStore
from localstack.services.cloudformation.stack_api import get_stack, validation


def _checkable(stack: Any) -> None:
    if stack.status.endswith("_IN_PROGRESS"):
        raise validation(f"Stack {stack.stack_id} is in {stack.status} state and cannot be checked for drift")


def detect_stack_drift(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    stack = get_stack(store, request.get("StackName"))
    _checkable(stack)
    logical_ids = request.get("LogicalResourceIds") or None
    for logical in logical_ids or []:
        if logical not in stack.resources:
            raise validation(f"Resource {logical} does not exist for stack {stack.name}")
    detection = drift.detect_stack(store, stack, logical_ids)
    return {"StackDriftDetectionId": detection.detection_id}


def describe_stack_drift_detection_status(
    store: CloudFormationStore, request: dict[str, Any]
) -> dict[str, Any]:
    detection_id = request.get("StackDriftDetectionId") or ""
    detection = drift.detections(store).get(detection_id)
    if detection is None:
        raise validation(f"Stack drift detection {detection_id} does not exist")
    return detection.describe()


def describe_stack_resource_drifts(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    stack = get_stack(store, request.get("StackName"))
    wanted = set(request.get("StackResourceDriftStatusFilters") or [])
    rows = [
        resource.drift
        for resource in list(stack.resources.values())
        if resource.drift is not None and (not wanted or resource.drift["StackResourceDriftStatus"] in wanted)
    ]
    start = int(request.get("NextToken") or 0)
    size = int(request.get("MaxResults") or 100)
    out: dict[str, Any] = {"StackResourceDrifts": rows[start : start + size]}
    if start + size < len(rows):
        out["NextToken"] = str(start + size)
    return out


def detect_stack_resource_drift(store: CloudFormationStore, request: dict[str, Any]) -> dict[str, Any]:
    stack = get_stack(store, request.get("StackName"))
    _checkable(stack)
    logical = request.get("LogicalResourceId") or ""
    resource = stack.resources.get(logical)
    if resource is None or not resource.status:
        raise validation(f"Resource {logical} does not exist for stack {stack.name}")
    result = drift.check_resource(stack, resource)
    if result is None:
        raise validation(f"Drift detection is not supported for resource type {resource.resource_type}")
    resource.drift = result
    return {"StackResourceDrift": result}

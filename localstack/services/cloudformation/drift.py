"""Drift detection: each resource's properties as the template set them, compared with what its
service reports now (MODIFIED with the differing paths, DELETED when it is gone, IN_SYNC), for the
resource types whose live state we read; other types are NOT_CHECKED, as AWS leaves the types it does
not support."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

from localstack.services.cloudformation.models import CloudFormationStore, Stack, StackResource, now
from localstack.utils.aws.internal_client import connect_to

Reader = Callable[
    [Any, str], "dict[str, Any] | None"
]  # (client factory, physical id) -> actual, or None: gone


@dataclass
class Detection:
    detection_id: str
    stack_id: str
    stack_status: str  # IN_SYNC | DRIFTED
    drifted_count: int
    timestamp: Any = field(default_factory=now)

    def describe(self) -> dict[str, Any]:
        return {
            "StackId": self.stack_id,
            "StackDriftDetectionId": self.detection_id,
            "StackDriftStatus": self.stack_status,
            "DetectionStatus": "DETECTION_COMPLETE",
            "DriftedStackResourceCount": self.drifted_count,
            "Timestamp": self.timestamp,
        }


def _gone(error: Any) -> bool:
    code = error.response.get("Error", {}).get("Code", "")
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return status == 404 or "NotFound" in code or "NonExistent" in code or "NoSuch" in code


_QUEUE_KEYS = (
    "DelaySeconds",
    "MaximumMessageSize",
    "MessageRetentionPeriod",
    "ReceiveMessageWaitTimeSeconds",
    "VisibilityTimeout",
    "FifoQueue",
    "ContentBasedDeduplication",
    "KmsMasterKeyId",
)


def _typed(value: str) -> Any:
    """An attribute as the resource schema types it: numbers and booleans, not their text."""
    if value.isdigit():
        return int(value)
    if value in ("true", "false"):
        return value == "true"
    return value


def _queue(client: Callable[[str], Any], physical_id: str) -> dict[str, Any] | None:
    attributes = client("sqs").get_queue_attributes(QueueUrl=physical_id, AttributeNames=["All"])[
        "Attributes"
    ]
    actual: dict[str, Any] = {key: _typed(attributes[key]) for key in _QUEUE_KEYS if key in attributes}
    if "RedrivePolicy" in attributes:
        actual["RedrivePolicy"] = json.loads(attributes["RedrivePolicy"])
    return actual


def _topic(client: Callable[[str], Any], physical_id: str) -> dict[str, Any] | None:
    attributes = client("sns").get_topic_attributes(TopicArn=physical_id)["Attributes"]
    keys = ("DisplayName", "FifoTopic", "ContentBasedDeduplication", "KmsMasterKeyId")
    actual = {key: attributes[key] for key in keys if attributes.get(key) not in (None, "")}
    for flag in ("FifoTopic", "ContentBasedDeduplication"):
        if flag in actual:
            actual[flag] = _typed(actual[flag])
    return actual


def _parameter(client: Callable[[str], Any], physical_id: str) -> dict[str, Any] | None:
    parameter = client("ssm").get_parameter(Name=physical_id)["Parameter"]
    return {"Name": parameter["Name"], "Type": parameter["Type"], "Value": parameter["Value"]}


def _function(client: Callable[[str], Any], physical_id: str) -> dict[str, Any] | None:
    config = client("lambda").get_function_configuration(FunctionName=physical_id)
    actual = {
        key: config[key] for key in ("Handler", "Runtime", "Timeout", "MemorySize", "Role") if key in config
    }
    if config.get("Description"):
        actual["Description"] = config["Description"]
    variables = (config.get("Environment") or {}).get("Variables")
    if variables:
        actual["Environment"] = {"Variables": variables}
    return actual


def _log_group(client: Callable[[str], Any], physical_id: str) -> dict[str, Any] | None:
    groups = client("logs").describe_log_groups(logGroupNamePrefix=physical_id)["logGroups"]
    group = next((g for g in groups if g["logGroupName"] == physical_id), None)
    if group is None:
        return None
    actual: dict[str, Any] = {"LogGroupName": physical_id}
    if "retentionInDays" in group:
        actual["RetentionInDays"] = group["retentionInDays"]
    return actual


def _bucket(client: Callable[[str], Any], physical_id: str) -> dict[str, Any] | None:
    s3 = client("s3")
    s3.head_bucket(Bucket=physical_id)
    actual: dict[str, Any] = {"BucketName": physical_id}
    status = s3.get_bucket_versioning(Bucket=physical_id).get("Status")
    if status:
        actual["VersioningConfiguration"] = {"Status": status}
    return actual


def _table(client: Callable[[str], Any], physical_id: str) -> dict[str, Any] | None:
    table = client("dynamodb").describe_table(TableName=physical_id)["Table"]
    mode = (table.get("BillingModeSummary") or {}).get("BillingMode", "PROVISIONED")
    actual: dict[str, Any] = {"TableName": physical_id, "BillingMode": mode}
    if mode == "PROVISIONED":
        throughput = table.get("ProvisionedThroughput") or {}
        actual["ProvisionedThroughput"] = {
            "ReadCapacityUnits": throughput.get("ReadCapacityUnits"),
            "WriteCapacityUnits": throughput.get("WriteCapacityUnits"),
        }
    return actual


# Resource type -> (reader, the template properties it reports).
READERS: dict[str, tuple[Reader, frozenset[str]]] = {
    "AWS::SQS::Queue": (_queue, frozenset([*_QUEUE_KEYS, "RedrivePolicy"])),
    "AWS::SNS::Topic": (
        _topic,
        frozenset(["DisplayName", "FifoTopic", "ContentBasedDeduplication", "KmsMasterKeyId"]),
    ),
    "AWS::SSM::Parameter": (_parameter, frozenset(["Name", "Type", "Value"])),
    "AWS::Lambda::Function": (
        _function,
        frozenset(["Handler", "Runtime", "Timeout", "MemorySize", "Role", "Description", "Environment"]),
    ),
    "AWS::Logs::LogGroup": (_log_group, frozenset(["LogGroupName", "RetentionInDays"])),
    "AWS::S3::Bucket": (_bucket, frozenset(["BucketName", "VersioningConfiguration"])),
    "AWS::DynamoDB::Table": (_table, frozenset(["TableName", "BillingMode", "ProvisionedThroughput"])),
}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    return str(value)


def differences(expected: Any, actual: Any, path: str = "") -> list[dict[str, str]]:
    """PropertyDifferences between two values, with JSON-pointer-like paths (/A/B)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = []
        for key in expected:
            sub = f"{path}/{key}"
            if key not in actual:
                found.append(_difference(sub, expected[key], None, "REMOVE"))
            else:
                found += differences(expected[key], actual[key], sub)
        for key in actual:
            if key not in expected:
                found.append(_difference(f"{path}/{key}", None, actual[key], "ADD"))
        return found
    if _same(expected, actual):
        return []
    return [_difference(path, expected, actual, "NOT_EQUAL")]


def _same(expected: Any, actual: Any) -> bool:
    left, right = _text(expected), _text(actual)
    # Booleans come back as "true"/"false" whichever way the template spelled them.
    return left == right or (left.lower() in ("true", "false") and left.lower() == right.lower())


def _difference(path: str, expected: Any, actual: Any, kind: str) -> dict[str, str]:
    return {
        "PropertyPath": path,
        "ExpectedValue": "" if expected is None else _text(expected),
        "ActualValue": "" if actual is None else _text(actual),
        "DifferenceType": kind,
    }


def check_resource(stack: Stack, resource: StackResource) -> dict[str, Any] | None:
    """The resource's StackResourceDrift, or None when its type is not checked."""
    entry = READERS.get(resource.resource_type)
    if entry is None or not resource.physical_id:
        return None
    reader, covered = entry
    expected = {key: value for key, value in resource.properties.items() if key in covered}
    result: dict[str, Any] = {
        "StackId": stack.stack_id,
        "LogicalResourceId": resource.logical_id,
        "PhysicalResourceId": resource.physical_id,
        "ResourceType": resource.resource_type,
        "ExpectedProperties": json.dumps(expected),
        "Timestamp": now(),
    }
    from botocore.exceptions import ClientError

    try:
        actual = reader(
            lambda service: connect_to(service, stack.account_id, stack.region), resource.physical_id
        )
    except ClientError as error:
        if not _gone(error):
            raise
        actual = None
    if actual is None:
        result["StackResourceDriftStatus"] = "DELETED"
        result["PropertyDifferences"] = []
        return result
    shown = {key: value for key, value in actual.items() if key in expected}
    found = []
    for key, value in expected.items():
        if key not in actual:
            found.append(_difference(f"/{key}", value, None, "REMOVE"))
        else:
            found += differences(value, actual[key], f"/{key}")
    result["ActualProperties"] = json.dumps(shown)
    result["PropertyDifferences"] = found
    result["StackResourceDriftStatus"] = "MODIFIED" if found else "IN_SYNC"
    return result


def detect_stack(store: CloudFormationStore, stack: Stack, logical_ids: list[str] | None = None) -> Detection:
    """Check every resource (or the named ones); remember the results on the resources and the stack."""
    drifted = 0
    for resource in list(stack.resources.values()):
        if logical_ids and resource.logical_id not in logical_ids:
            continue
        if not resource.status or resource.status == "DELETE_COMPLETE":
            continue
        result = check_resource(stack, resource)
        resource.drift = result
        if result is not None and result["StackResourceDriftStatus"] in ("MODIFIED", "DELETED"):
            drifted += 1
    detection = Detection(str(uuid.uuid4()), stack.stack_id, "DRIFTED" if drifted else "IN_SYNC", drifted)
    stack.drift = detection
    detections(store)[detection.detection_id] = detection
    return detection


def detections(store: CloudFormationStore) -> dict[str, Detection]:
    found = getattr(store, "drift_detections", None)
    if found is None:
        found = store.drift_detections = {}
    return found

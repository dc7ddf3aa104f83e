"""Rules of the control-plane calls on an existing table (its indexes, tags, deletion protection and
point-in-time recovery), with the codes and messages AWS answers; checked after the request is valid
and the table is known to exist, before moto sees the call."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from localstack.services.dynamodb.expressions.request import RequestInvalid
from localstack.utils.aws.errors import AWSError

OPERATIONS = frozenset(
    (
        "UpdateTable",
        "DeleteTable",
        "TagResource",
        "UntagResource",
        "ListTagsOfResource",
        "UpdateContinuousBackups",
    )
)
_INVALID = "One or more parameter values were invalid: "

TableLookup = Callable[[Any], Any]


def check(operation: str, body: dict, table: TableLookup) -> None:
    if operation in ("TagResource", "UntagResource", "ListTagsOfResource"):
        _check_resource_arn(body.get("ResourceArn"), table)
    elif operation == "UpdateContinuousBackups":
        spec = body.get("PointInTimeRecoverySpecification") or {}
        if spec.get("PointInTimeRecoveryEnabled") is False and spec.get("RecoveryPeriodInDays") is not None:
            raise RequestInvalid(
                "Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery."
            )
    found = table(body.get("TableName")) if operation in ("UpdateTable", "DeleteTable") else None
    if found is None:
        return
    if operation == "DeleteTable" and getattr(found, "deletion_protection_enabled", False):
        raise RequestInvalid(
            "Resource cannot be deleted as it is currently protected against deletion. "
            "Disable deletion protection first."
        )
    if operation == "UpdateTable":
        _check_index_updates(found, body.get("GlobalSecondaryIndexUpdates") or [])


def _check_resource_arn(arn: Any, table: TableLookup) -> None:
    if not isinstance(arn, str):
        return
    if not arn.startswith("arn:"):
        raise RequestInvalid(_INVALID + f"ARNs must start with 'arn:': {arn}")
    resource = arn.split(":", 5)[-1]
    kind, _, name = resource.partition("/")
    # A table's own ARN (not one of its streams, indexes, exports or backups) naming no table.
    if kind == "table" and name and "/" not in name and table(arn) is None:
        raise AWSError(
            "ResourceNotFoundException", f"Requested resource not found: ResourceArn: {arn} not found"
        )


def _check_index_updates(table: Any, updates: list) -> None:
    global_names = {index.name for index in table.global_indexes}
    local_names = {index.name for index in table.indexes}
    for update in updates:
        if not isinstance(update, dict):
            continue
        for action in ("Update", "Delete"):
            name = (update.get(action) or {}).get("IndexName")
            if name is None or name in global_names:
                continue
            if name in local_names:
                verb = action.lower()
                raise RequestInvalid(f"Cannot {verb} an index that is not a GlobalSecondaryIndex: {name}")
            raise AWSError(
                "ResourceNotFoundException",
                f"Requested resource not found: Index {name} for table {table.name}",
            )
        name = (update.get("Create") or {}).get("IndexName")
        if name is not None and name in local_names:
            raise RequestInvalid(_INVALID + "Attempting to create an index which already exists")

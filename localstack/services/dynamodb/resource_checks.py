"""Rules of the control-plane calls on an existing table (its indexes, tags, deletion protection and
point-in-time recovery), with the codes and messages AWS answers; checked after the request is valid
and the table is known to exist, before moto sees the call."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from localstack.services.dynamodb.expressions.request import RequestInvalid
from localstack.services.dynamodb.table_validation import TABLE_CHANGES, check_policy_document, check_tags
from localstack.utils.aws.errors import AWSError

POLICY_OPERATIONS = ("GetResourcePolicy", "PutResourcePolicy", "DeleteResourcePolicy")
OPERATIONS = frozenset(
    (
        "UpdateTable",
        "DeleteTable",
        "TagResource",
        "UntagResource",
        "ListTagsOfResource",
        "UpdateContinuousBackups",
        "RestoreTableToPointInTime",
        *POLICY_OPERATIONS,
    )
)
_INVALID = "One or more parameter values were invalid: "

TableLookup = Callable[[Any], Any]


# Changes UpdateTable makes only on their own, in the order AWS names a conflict (measured: SSE before
# deletion protection).
_ALONE = (
    ("ReplicaUpdates", "Replica modification"),
    ("SSESpecification", "Server-Side Encryption modification"),
    ("TableClass", "TableClass modification"),
    ("DeletionProtectionEnabled", "DeletionProtection modification"),
)


def check(
    operation: str,
    body: dict,
    table: TableLookup,
    internal: bool = False,
    account: str | None = None,
    region: str | None = None,
) -> None:
    """`internal`: a call of the CloudFormation deployer, which may combine what AWS's own handler
    sends as separate calls. `account`: the caller's, which a tag call's ARN must name."""
    if operation == "TagResource" and body.get("Tags") != []:
        check_tags(body.get("Tags"))
    if operation in ("TagResource", "UntagResource", "ListTagsOfResource"):
        arn = body.get("ResourceArn")
        _check_resource_arn(operation, arn, account, region)
        # An empty list is told after a malformed ARN, before a missing table (dynalite's recordings).
        if operation == "TagResource" and body.get("Tags") == []:
            raise RequestInvalid("Atleast one Tag needs to be provided as Input.")
        if operation == "UntagResource" and body.get("TagKeys") == []:
            raise RequestInvalid("Atleast one Tag Key needs to be provided as Input.")
        _check_table_exists(operation, arn, table)
    elif operation in POLICY_OPERATIONS:
        _check_policy_arn(body.get("ResourceArn"), account, region)
        if operation == "PutResourcePolicy":
            check_policy_document(body.get("Policy"))
    elif operation == "UpdateContinuousBackups":
        spec = body.get("PointInTimeRecoverySpecification") or {}
        if spec.get("PointInTimeRecoveryEnabled") is False and spec.get("RecoveryPeriodInDays") is not None:
            raise RequestInvalid(
                "Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery."
            )
    if operation == "RestoreTableToPointInTime":
        _check_recovery_enabled(table(body.get("SourceTableName")))
    found = table(body.get("TableName")) if operation in ("UpdateTable", "DeleteTable") else None
    if found is None:
        return
    if operation == "DeleteTable" and getattr(found, "deletion_protection_enabled", False):
        raise RequestInvalid(
            "Resource cannot be deleted as it is currently protected against deletion. "
            "Disable deletion protection first."
        )
    if operation == "UpdateTable":
        if not internal:
            _check_alone(body)
        _check_index_updates(found, body.get("GlobalSecondaryIndexUpdates") or [])
        _check_stream_change(found, body.get("StreamSpecification"))


def _check_recovery_enabled(source: Any) -> None:
    """A table restores to a point in time only while point-in-time recovery is on (moto restored any)."""
    if source is None:
        return  # moto answers SourceTableNotFoundException
    backups = getattr(source, "continuous_backups", None) or {}
    status = (backups.get("PointInTimeRecoveryDescription") or {}).get("PointInTimeRecoveryStatus")
    if status != "ENABLED":
        raise AWSError(
            "PointInTimeRecoveryUnavailableException",
            f"Point in time recovery is not enabled for table '{source.name}'",
        )


def _check_alone(body: dict) -> None:
    changes = [member for member in TABLE_CHANGES if body.get(member) is not None]
    if len(changes) < 2:
        return
    for member, what in _ALONE:
        if member in changes:
            raise RequestInvalid(_INVALID + f"{what} must be the only operation in the request")


def _check_stream_change(table: Any, spec: Any) -> None:
    if not isinstance(spec, dict) or spec.get("StreamEnabled") is None:
        return
    has_stream = bool((getattr(table, "stream_specification", None) or {}).get("StreamEnabled"))
    if spec["StreamEnabled"] and has_stream:
        raise RequestInvalid(f"Table already has an enabled stream: TableName: {table.name}")
    if not spec["StreamEnabled"] and not has_stream:
        raise RequestInvalid(f"Table has no stream to disable: TableName: {table.name}")


_TABLE_NAME = re.compile(r"[a-zA-Z0-9_.-]{3,255}")


def _check_resource_arn(operation: str, arn: Any, account: str | None, region: str | None) -> None:
    if not isinstance(arn, str):
        return
    if not arn.startswith("arn:"):
        raise RequestInvalid(_INVALID + f"ARNs must start with 'arn:': {arn}")
    parts = arn.split(":", 5)
    if len(parts) < 6:
        return  # moto answers what is no ARN at all
    # Another service's resource, or (below) another account's table (no resource-based policy lets this
    # caller in): AWS refuses before looking for the table, whether it exists or not (dynalite's suite
    # recorded the sentence for the ARN of a service named "c").
    if parts[2] != "dynamodb":
        raise _denied(account, operation, arn, "")
    kind, _, name = parts[5].partition("/")
    table_name, _, below = name.partition("/")
    # What AWS recorded (the ack-api-quirks lab's live runs of 2026-10, on the three tag operations and
    # the resource policy ones; ScyllaDB's suite for index ARNs): a DynamoDB resource that is no table
    # (a backup, under a table or not) is not one the tag operations know; another region's table, or a
    # name no table can have, is no valid table ARN; an index's ARN names a table's part AWS keeps no
    # tags on. Malformed resources are told before a foreign account (ExtendDB's verified order).
    if kind != "table" or below.split("/", 1)[0] == "backup":
        raise RequestInvalid(_INVALID + f"Provided Arn is not a DynamoDB resource arn: {arn}")
    if account and parts[4] and parts[4] != account:
        raise _denied(
            account,
            operation,
            arn,
            f" because no resource-based policy allows the dynamodb:{operation} action",
        )
    if not _TABLE_NAME.fullmatch(table_name) or (region and parts[3] != region):
        raise RequestInvalid(f"Invalid TableArn: Invalid ResourceArn provided as input {arn}")
    if below.split("/", 1)[0] == "index":
        raise RequestInvalid(
            _INVALID
            + f"Invalid resource arn provided, only table or stream is accepted. Provided resource arn: {arn}"
        )


def _check_table_exists(operation: str, arn: Any, table: TableLookup) -> None:
    """A table's own ARN (not one of its streams, indexes, exports or backups) naming no table; AWS
    spells the member "ResourcArn" in this sentence (recorded by dynalite's suite and in user reports),
    which UntagResource does not name (dynalite's recording: the bare sentence)."""
    if not isinstance(arn, str) or not arn.startswith("arn:"):
        return
    parts = arn.split(":", 5)
    if len(parts) < 6:
        return
    name = parts[5].partition("/")[2]
    if "/" not in name and table(arn) is None:
        if operation == "UntagResource":
            raise AWSError("ResourceNotFoundException", "Requested resource not found")
        raise AWSError(
            "ResourceNotFoundException", f"Requested resource not found: ResourcArn: {arn} not found"
        )


def _check_policy_arn(arn: Any, account: str | None, region: str | None) -> None:
    """The resource policy operations' refusals of ARN forms, as the ack-api-quirks lab recorded them
    against AWS (2026-10, DDB-TABLE-212): a bare name, a backup's ARN, another account's, another
    region's or partition's table, an index. A missing table stays moto's ResourceNotFoundException
    ("Requested resource not found: Table: <name> not found", the recorded sentence)."""
    if not isinstance(arn, str):
        return
    if not arn.startswith("arn:"):
        raise RequestInvalid(_INVALID + f"ARNs must start with 'arn:': {arn}")
    parts = arn.split(":", 5)
    if len(parts) < 6 or parts[2] != "dynamodb":
        return
    kind, _, name = parts[5].partition("/")
    below = name.partition("/")[2].split("/", 1)[0]
    if kind != "table" or below == "backup":
        raise RequestInvalid(_INVALID + f"Provided Arn is not a DynamoDB resource arn: {arn}")
    if account and parts[4] != account:
        # The apostrophe is typographic in AWS's sentence.
        raise RequestInvalid(
            "This action is only supported by accounts that match the resource owner\u2019s account."
        )
    if region and (parts[3] != region or parts[1] != _partition(region)):
        raise RequestInvalid(_INVALID + f"Invalid resource Arn: {arn}")
    if below == "index":
        raise RequestInvalid(
            _INVALID
            + f"Invalid resource arn provided, only table or stream is accepted. Provided resource arn: {arn}"
        )


def _partition(region: str) -> str:
    from moto.utilities.utils import get_partition

    return get_partition(region)


def _denied(account: str | None, operation: str, arn: str, reason: str) -> AWSError:
    caller = f"arn:aws:iam::{account}:root" if account else "anonymous"
    denied = AWSError(
        "AccessDeniedException",
        f"User: {caller} is not authorized to perform: dynamodb:{operation} on resource: {arn}{reason}",
    )
    denied.kind = "framework"  # the authorizer's refusal: coral's namespace, as AWS answers it
    return denied


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

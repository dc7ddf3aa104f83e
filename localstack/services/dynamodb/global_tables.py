"""Version 2017.11.29 global tables and replica auto scaling. CreateGlobalTable joins tables of one
name from the regions it lists, in this account, as AWS does; every region is served by this emulator,
so a replication group may name any of them, but no item is copied between replicas (each region's
table keeps its own items). DescribeGlobalTable, ListGlobalTables, UpdateGlobalTable and the settings
calls read and change that record. Replica auto scaling belongs to version 2019.11.21 replicas, which no
table here has: Describe/UpdateTableReplicaAutoScaling answer what DynamoDB answers for a missing or
regional table (the ack-api-quirks lab, 2026-10, DDB-TABLE-254)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from localstack.utils.aws.errors import AWSError, ValidationError

OPERATIONS = frozenset(
    (
        "CreateGlobalTable",
        "DescribeGlobalTable",
        "ListGlobalTables",
        "DescribeGlobalTableSettings",
        "UpdateGlobalTable",
        "UpdateGlobalTableSettings",
        "DescribeTableReplicaAutoScaling",
        "UpdateTableReplicaAutoScaling",
    )
)
_LIST_LIMIT = 100  # ListGlobalTables' default Limit

Scope = tuple[str, str]
RegionLookup = Callable[[str, str], Any]  # (region, table name) -> moto's table or None


@dataclass
class _Global:
    name: str
    regions: list[str]
    created: float
    status: str = "CREATING"
    settled: dict[str, bool] = field(default_factory=dict)


_state: dict[tuple[str, str], _Global] = {}
_lock = threading.Lock()


def reset() -> None:
    with _lock:
        _state.clear()


def handle(
    operation: str,
    body: dict,
    scope: Scope,
    in_region: RegionLookup,
) -> dict:
    if operation in ("DescribeTableReplicaAutoScaling", "UpdateTableReplicaAutoScaling"):
        name = str(body.get("TableName"))
        if name.startswith("arn:"):
            name = name.rpartition("/")[2]
        raise AWSError("ResourceNotFoundException", f"Global table with name: '{name}' does not exist.")
    account = scope[0]
    if operation == "ListGlobalTables":
        return _list(account, body)
    name = body.get("GlobalTableName")
    with _lock:
        if operation == "CreateGlobalTable":
            return _create(account, name, body, in_region)
        found = _state.get((account, name))
        if found is None:
            raise AWSError(
                "GlobalTableNotFoundException",
                f"Global table not found: Global table with name: '{name}' does not exist.",
            )
        if operation == "DescribeGlobalTable":
            return {"GlobalTableDescription": _describe(account, found)}
        if operation == "UpdateGlobalTable":
            return _update(account, found, body, in_region)
        if operation == "UpdateGlobalTableSettings":
            _update_settings(found, body, in_region)
        return {"GlobalTableName": found.name, "ReplicaSettings": _settings(found, in_region)}


def _describe(account: str, entry: _Global) -> dict:
    status, entry.status = entry.status, "ACTIVE"  # settled by the next call, as AWS does in seconds
    return {
        "ReplicationGroup": [{"RegionName": region} for region in entry.regions],
        "GlobalTableArn": f"arn:aws:dynamodb::{account}:global-table/{entry.name}",
        "CreationDateTime": entry.created,
        "GlobalTableStatus": status,
        "GlobalTableName": entry.name,
    }


def _replica_table(name: str, region: str, in_region: RegionLookup) -> Any:
    """The table a region adds to the group, with the conditions AWS's API reference lists."""
    table = in_region(region, name)
    if table is None:
        # Recorded from live DynamoDB (aws-controllers-k8s/community#1034).
        raise AWSError(
            "TableNotFoundException", f"Table not found: Table: '{name}' not found in region: '{region}'."
        )
    streams = table.stream_specification or {}
    if not streams.get("StreamEnabled") or streams.get("StreamViewType") != "NEW_AND_OLD_IMAGES":
        raise ValidationError(
            f"One or more parameter values were invalid: Table: {name} in region {region} must have "
            "DynamoDB Streams enabled with StreamViewType NEW_AND_OLD_IMAGES"
        )
    if table.all_items():
        raise ValidationError(
            f"One or more parameter values were invalid: Table: {name} in region {region} is not empty"
        )
    return table


def _create(account: str, name: str, body: dict, in_region: RegionLookup) -> dict:
    regions: list[str] = []
    for replica in body.get("ReplicationGroup") or []:
        region = replica.get("RegionName")
        if region not in regions:
            regions.append(region)
    if (account, name) in _state:
        raise AWSError(
            "GlobalTableAlreadyExistsException",
            f"Global table already exists: Global table with name: '{name}' already exists.",
        )
    for region in regions:
        _replica_table(name, region, in_region)
    entry = _Global(name, regions, time.time())
    _state[(account, name)] = entry
    return {"GlobalTableDescription": _describe(account, entry)}


def _update(account: str, entry: _Global, body: dict, in_region: RegionLookup) -> dict:
    regions = list(entry.regions)
    for update in body.get("ReplicaUpdates") or []:
        if update.get("Create") is not None:
            region = update["Create"].get("RegionName")
            if region in regions:
                raise AWSError(
                    "ReplicaAlreadyExistsException",
                    f"Replica already exists: Global table '{entry.name}' already has a replica in {region}",
                )
            _replica_table(entry.name, region, in_region)
            regions.append(region)
        elif update.get("Delete") is not None:
            region = update["Delete"].get("RegionName")
            if region not in regions:
                raise AWSError(
                    "ReplicaNotFoundException",
                    f"Replica not found: Global table '{entry.name}' has no replica in {region}",
                )
            regions.remove(region)
    entry.regions = regions
    entry.status = "UPDATING"
    return {"GlobalTableDescription": _describe(account, entry)}


def _list(account: str, body: dict) -> dict:
    region = body.get("RegionName")
    with _lock:
        entries = sorted(
            (entry for (owner, _), entry in _state.items() if owner == account),
            key=lambda entry: entry.name,
        )
    if region:
        entries = [entry for entry in entries if region in entry.regions]
    start = body.get("ExclusiveStartGlobalTableName")
    if isinstance(start, str):
        entries = [entry for entry in entries if entry.name > start]
    limit = body.get("Limit") or _LIST_LIMIT
    page = entries[:limit]
    answer: dict[str, Any] = {
        "GlobalTables": [
            {"GlobalTableName": entry.name, "ReplicationGroup": [{"RegionName": r} for r in entry.regions]}
            for entry in page
        ]
    }
    if len(entries) > limit:
        answer["LastEvaluatedGlobalTableName"] = page[-1].name
    return answer


def _settings(entry: _Global, in_region: RegionLookup) -> list[dict]:
    found = []
    for region in entry.regions:
        table = in_region(region, entry.name)
        settings: dict[str, Any] = {"RegionName": region, "ReplicaStatus": "ACTIVE" if table else "DELETING"}
        if table is not None:
            mode = table.billing_mode or "PROVISIONED"
            settings["ReplicaBillingModeSummary"] = {"BillingMode": mode}
            if mode == "PROVISIONED":
                settings["ReplicaProvisionedReadCapacityUnits"] = table.throughput.get("ReadCapacityUnits", 0)
                settings["ReplicaProvisionedWriteCapacityUnits"] = table.throughput.get(
                    "WriteCapacityUnits", 0
                )
            settings["ReplicaGlobalSecondaryIndexSettings"] = [
                {"IndexName": index.name, "IndexStatus": "ACTIVE"} for index in table.global_indexes
            ]
        found.append(settings)
    return found


def _update_settings(entry: _Global, body: dict, in_region: RegionLookup) -> None:
    """Billing mode and write capacity for every replica, read capacity per replica region."""
    updates = {update.get("RegionName"): update for update in body.get("ReplicaSettingsUpdate") or []}
    for region in updates:
        if region not in entry.regions:
            raise AWSError(
                "ReplicaNotFoundException",
                f"Replica not found: Global table '{entry.name}' has no replica in {region}",
            )
    mode = body.get("GlobalTableBillingMode")
    writes = body.get("GlobalTableProvisionedWriteCapacityUnits")
    for region in entry.regions:
        table = in_region(region, entry.name)
        if table is None:
            continue
        if mode is not None:
            table.billing_mode = mode
        if writes is not None:
            table.throughput["WriteCapacityUnits"] = writes
        reads = updates.get(region, {}).get("ReplicaProvisionedReadCapacityUnits")
        if reads is not None:
            table.throughput["ReadCapacityUnits"] = reads

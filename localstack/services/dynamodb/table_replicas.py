"""Version 2019.11.21 global tables: UpdateTable's ReplicaUpdates Create makes a replica of a table in
another region of this account (same key schema, indexes, billing, stream and items) and Delete removes
one; DescribeTable in each region lists the other replicas and `GlobalTableVersion: 2019.11.21` (the API
reference's TableDescription.Replicas and the developer guide's "Determining the version"); each write
that succeeds on one replica is applied to the others."""

from __future__ import annotations

import copy
import threading
from typing import Any

from localstack.services.dynamodb.expressions.request import RequestInvalid

VERSION = "2019.11.21"

# (account, table name) -> the regions of its replicas, in the order they joined.
_groups: dict[tuple[str, str], list[str]] = {}
_lock = threading.Lock()


def reset() -> None:
    with _lock:
        _groups.clear()


def active() -> bool:
    """Whether any table has replicas (the item write paths check nothing more otherwise)."""
    return bool(_groups)


def _place(table: Any) -> tuple[str, str, str]:
    """(account, region, name) of moto's table, read from its ARN."""
    parts = str(table.table_arn).split(":")
    return parts[4], parts[3], table.name


def regions_of(table: Any) -> list[str]:
    """The regions of the table's replicas, its own among them; [] for a regional table."""
    account, _, name = _place(table)
    with _lock:
        return list(_groups.get((account, name), ()))


def check_creates(table: Any, body: dict, in_region: Any) -> None:
    """A replica cannot be made where a table of that name already stands outside the group."""
    members = regions_of(table)
    for update in body.get("ReplicaUpdates") or ():
        create = update.get("Create") if isinstance(update, dict) else None
        region = create.get("RegionName") if isinstance(create, dict) else None
        if region and region not in members and in_region(region, table.name) is not None:
            # Not recorded from AWS: the sentence DynamoDB is reported to give (unconfirmed).
            raise RequestInvalid(
                f"Failed to create a the new replica of table with name: '{table.name}' because one or "
                "more replicas already existed as tables."
            )


def apply(table: Any, body: dict) -> dict[str, str]:
    """Make and remove the replicas an UpdateTable asks for; the status each changed one is reported in."""
    from moto.dynamodb.models import dynamodb_backends

    account, home, name = _place(table)
    changed: dict[str, str] = {}
    for update in body.get("ReplicaUpdates") or ():
        if not isinstance(update, dict):
            continue
        create, delete = update.get("Create"), update.get("Delete")
        with _lock:
            members = _groups.setdefault((account, name), [home])
            if isinstance(create, dict) and create.get("RegionName") not in members:
                region = create["RegionName"]
                _copy_table(table, dynamodb_backends[account][region])
                members.append(region)
                changed[region] = "CREATING"
            elif isinstance(delete, dict) and delete.get("RegionName") in members:
                region = delete["RegionName"]
                dynamodb_backends[account][region].tables.pop(name, None)
                members.remove(region)
                changed[region] = "DELETING"
    with _lock:
        if len(_groups.get((account, name), ())) < 2:
            _groups.pop((account, name), None)
    return changed


def _copy_table(source: Any, backend: Any) -> None:
    def index(found: Any, with_throughput: bool) -> dict:
        shape = {"IndexName": found.name, "KeySchema": found.schema, "Projection": found.projection}
        if with_throughput and getattr(found, "throughput", None):
            shape["ProvisionedThroughput"] = found.throughput
        return shape

    stream = source.stream_specification if (source.stream_specification or {}).get("StreamEnabled") else None
    throughput = {key: source.throughput[key] for key in ("ReadCapacityUnits", "WriteCapacityUnits")}
    replica = backend.create_table(
        source.name,
        schema=copy.deepcopy(source.schema),
        throughput=throughput if source.billing_mode != "PAY_PER_REQUEST" else None,
        attr=copy.deepcopy(source.attr),
        global_indexes=[index(found, True) for found in source.global_indexes] or None,
        indexes=[index(found, False) for found in source.indexes] or None,
        streams=copy.deepcopy(stream),
        billing_mode=source.billing_mode,
        sse_specification=None,
        tags=[],
        deletion_protection_enabled=False,
        warm_throughput=None,
    )
    replica.items = copy.deepcopy(source.items)


def forget(table: Any) -> None:
    """A replica DeleteTable removed leaves its group (a group of one is a regional table again)."""
    account, region, name = _place(table)
    with _lock:
        members = _groups.get((account, name))
        if members and region in members:
            members.remove(region)
            if len(members) < 2:
                del _groups[(account, name)]


def describe(description: dict, table: Any, changed: dict[str, str] | None = None) -> None:
    """The replicas of a table's other regions, as its TableDescription lists them."""
    _, home, _ = _place(table)
    members = regions_of(table)
    listed = [region for region in members if region != home]
    listed += [region for region in changed or {} if region not in listed and region != home]
    if not listed:
        return
    description["GlobalTableVersion"] = VERSION
    description["Replicas"] = [
        {"RegionName": region, "ReplicaStatus": (changed or {}).get(region, "ACTIVE")} for region in listed
    ]


def replicate(table: Any, keys: list[dict] | None) -> None:
    """Apply the items of `keys` (None: every item) as they now stand in `table` to its other replicas."""
    from moto.dynamodb.models import dynamodb_backends
    from moto.dynamodb.models.dynamo_type import DynamoType

    account, home, name = _place(table)
    for region in regions_of(table):
        target = dynamodb_backends[account][region].tables.get(name) if region != home else None
        if target is None:
            continue
        if keys is None:
            target.items = copy.deepcopy(table.items)
            continue
        for key in keys:
            item = _stored(table, key)
            if item is not None:
                target.put_item(item)
            else:
                hash_value = DynamoType(key[table.hash_key_attr])
                range_value = DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
                target.delete_item(hash_value, range_value)


def _stored(table: Any, key: dict) -> dict | None:
    from localstack.services.dynamodb.capacity import stored_item

    return stored_item(table, key)


def written(operation: str, body: dict) -> dict[str, list[dict] | None]:
    """The keys a write names, per table (None: every item, for statements whose keys are not read here)."""
    found: dict[str, list[dict] | None] = {}

    def add(name: Any, key: Any) -> None:
        if isinstance(name, str) and isinstance(key, dict):
            listed = found.setdefault(name, [])
            if listed is not None:
                listed.append(key)

    if operation == "PutItem":
        add(body.get("TableName"), body.get("Item"))
    elif operation in ("UpdateItem", "DeleteItem"):
        add(body.get("TableName"), body.get("Key"))
    elif operation == "BatchWriteItem":
        for name, requests in (body.get("RequestItems") or {}).items():
            for request in requests or ():
                put, delete = request.get("PutRequest"), request.get("DeleteRequest")
                add(name, (put or {}).get("Item") if put else (delete or {}).get("Key"))
    elif operation == "TransactWriteItems":
        for entry in body.get("TransactItems") or ():
            for kind, action in entry.items():
                if kind != "ConditionCheck" and isinstance(action, dict):
                    add(action.get("TableName"), action.get("Item") if kind == "Put" else action.get("Key"))
    return found

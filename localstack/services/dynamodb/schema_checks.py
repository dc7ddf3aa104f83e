"""DynamoDB's rules that need the table a request names: its key schema, indexes, throughput, TTL and
replicas, and whether every table of a batch or transaction exists (checked after the request rules)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from localstack.services.dynamodb import (
    replica_updates,
    table_checks,
    table_replicas,
    transaction_cancellations,
    ttl,
)
from localstack.services.dynamodb.expressions.request import RequestInvalid, check_expressions
from localstack.utils.aws.errors import AWSError

Lookup = Callable[[Any], Any]


class ResourceNotFound(AWSError):
    def __init__(self, table_name: str | None = None) -> None:
        detail = f": Table: {table_name} not found" if table_name is not None else ""
        super().__init__("ResourceNotFoundException", "Requested resource not found" + detail)


# Table-level operations name the missing table in their ResourceNotFoundException.
TABLE_OPERATIONS = frozenset(
    ("DescribeTable", "DeleteTable", "UpdateTable", "DescribeTimeToLive", "UpdateTimeToLive")
)


def check(
    operation: str, body: dict, checked: dict, table: Lookup, internal: bool, in_region: Any = None
) -> None:
    """Raise for a request the table it names refuses (key schema, indexes, throughput, TTL, replicas),
    or ResourceNotFound for a table that does not exist."""

    if operation in TABLE_OPERATIONS and isinstance(body.get("TableName"), str):
        if table(body["TableName"]) is None:
            raise ResourceNotFound(body["TableName"])
    if operation == "UpdateTable":
        found = table(body.get("TableName"))
        if found is not None:
            table_checks.check_index_creation(found, body)
            table_checks.check_throughput_change(found, body)
            if body.get("ReplicaUpdates"):
                replica_updates.check(found, body, table_replicas.regions_of(found))
                table_replicas.check_creates(found, body, in_region)
    elif operation == "UpdateTimeToLive":
        found = table(body.get("TableName"))
        if found is not None:
            ttl.check_update(found, body, internal=internal)
    elif operation in ("GetItem", "DeleteItem", "UpdateItem", "PutItem", "Query", "Scan"):
        found = table(body.get("TableName"))
        if found is None:
            return
        if operation == "PutItem":
            table_checks.check_item(found, body.get("Item"))
        elif operation == "Query":
            table_checks.check_query(found, body, checked["KeyConditions"])
        elif operation == "Scan":
            table_checks.check_scan(found, body)
        else:
            table_checks.check_key(found, body.get("Key"))
            if operation == "UpdateItem":
                table_checks.check_update_keys(found, body, checked.get("UpdateExpression"))
                table_checks.check_update_index_keys(found, body, checked.get("UpdateExpression"))
                table_checks.check_attribute_update_types(found, body)
                table_checks.check_update_paths(found, body, checked.get("UpdateExpression"))
    if operation in ("BatchGetItem", "BatchWriteItem", "TransactGetItems", "TransactWriteItems"):
        # Every table must exist before any is written: AWS never applies part of a batch.
        names = list(body.get("RequestItems") or {}) or [
            next((action for action in entry.values() if action is not None), {}).get("TableName")
            for entry in body.get("TransactItems") or []
        ]
        if any(table(name) is None for name in names):
            raise ResourceNotFound()
    if operation == "BatchGetItem":
        for name, request in (body.get("RequestItems") or {}).items():
            found = table(name)
            if found is not None:
                for key in request.get("Keys") or []:
                    table_checks.check_key(found, key)
                table_checks.check_unique_keys(found, request.get("Keys") or [])
    elif operation == "BatchWriteItem":
        for name, requests in (body.get("RequestItems") or {}).items():
            found = table(name)
            if found is None:
                continue
            keys = []
            for request in requests or []:
                if request.get("PutRequest") is not None:
                    item = request["PutRequest"].get("Item") or {}
                    table_checks.check_item(found, item, batch=True)
                    keys.append(item)
                else:
                    key = request["DeleteRequest"].get("Key") or {}
                    table_checks.check_key(found, key)
                    keys.append(key)
            table_checks.check_unique_keys(found, keys)
    elif operation in ("TransactWriteItems", "TransactGetItems"):
        _check_transaction(body, table)


def _check_transaction(body: dict, table: Lookup) -> None:
    seen: set[tuple] = set()
    reasons: list[dict] = []
    for entry in body.get("TransactItems") or []:
        kind, action = next(iter((k, v) for k, v in entry.items() if v is not None))
        reasons.append({"Code": "None"})
        found = table(action.get("TableName"))
        if found is None:
            continue
        reason = transaction_cancellations.key_type_reason(found, kind, action)
        if reason is not None:
            reasons[-1] = {"Code": "ValidationError", "Message": reason}
            continue
        if kind == "Put":
            table_checks.check_item(found, action.get("Item"))
            key = action.get("Item") or {}
        else:
            table_checks.check_key(found, action.get("Key"))
            key = action.get("Key") or {}
        if kind == "Update":
            # As UpdateItem: a transaction's update cannot write its item's key either.
            updates = check_expressions(action).get("UpdateExpression")
            table_checks.check_update_keys(found, action, updates)
        identity = (found.table_arn, table_checks.key_identity(found, key))
        if identity in seen:
            raise RequestInvalid("Transaction request cannot include multiple operations on one item")
        seen.add(identity)
    if any(reason["Code"] != "None" for reason in reasons):
        raise transaction_cancellations.Cancelled(reasons)

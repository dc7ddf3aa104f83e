"""ItemCollectionMetrics as DynamoDB reports them: for a table with local secondary indexes, the
partition key of each item collection a write touched and its size estimate in GB."""

from __future__ import annotations

from typing import Any, Callable

SIZE_ESTIMATE_GB = [0.0, 1.0]
Lookup = Callable[[str], Any]


def _metrics(table: Any, item: dict | None) -> dict | None:
    if table is None or not table.indexes or not item or table.hash_key_attr not in item:
        return None
    return {
        "ItemCollectionKey": {table.hash_key_attr: item[table.hash_key_attr]},
        "SizeEstimateRangeGB": SIZE_ESTIMATE_GB,
    }


def metrics(operation: str, body: dict, table: Lookup) -> Any:
    """The ItemCollectionMetrics member, or None where DynamoDB leaves it out."""
    if operation in ("PutItem", "UpdateItem", "DeleteItem"):
        found = table(body.get("TableName"))
        return _metrics(found, body.get("Item") if operation == "PutItem" else body.get("Key"))
    collections: dict[str, list] = {}
    if operation == "BatchWriteItem":
        for name, requests in (body.get("RequestItems") or {}).items():
            found = table(name)
            for request in requests or []:
                item = (request.get("PutRequest") or {}).get("Item") or (
                    request.get("DeleteRequest") or {}
                ).get("Key")
                entry = _metrics(found, item)
                if entry is not None and entry not in collections.setdefault(name, []):
                    collections[name].append(entry)
    elif operation == "TransactWriteItems":
        for transact in body.get("TransactItems") or []:
            kind, action = next((k, v) for k, v in transact.items() if v is not None)
            if kind == "ConditionCheck":
                continue
            found = table(action.get("TableName"))
            entry = _metrics(found, action.get("Item") if kind == "Put" else action.get("Key"))
            if entry is not None and entry not in collections.setdefault(action.get("TableName"), []):
                collections[action["TableName"]].append(entry)
    else:
        return None
    return {name: entries for name, entries in collections.items() if entries}

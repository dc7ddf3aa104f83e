"""The ConsumedCapacity of each operation's answer: what the request wrote or read, measured before
(previous items) and after (the answer, the stored items) moto ran it."""

from __future__ import annotations

import json
from typing import Any, Callable

from localstack.services.dynamodb import capacity
from localstack.services.dynamodb.attribute_values import item_size

CAPACITY_OPERATIONS = frozenset(
    "GetItem PutItem UpdateItem DeleteItem Query Scan BatchGetItem BatchWriteItem "
    "TransactGetItems TransactWriteItems ExecuteStatement".split()
)
Lookup = Callable[[str], Any]


def before(operation: str, body: dict, table: Lookup) -> list[dict | None]:
    """The items a write may replace, in request order, read before moto writes."""
    previous: list[dict | None] = []
    if operation in ("PutItem", "UpdateItem", "DeleteItem"):
        found = table(body.get("TableName"))
        key = body.get("Item") if operation == "PutItem" else body.get("Key")
        previous.append(capacity.stored_item(found, key) if found is not None else None)
    elif operation == "BatchWriteItem":
        for name, requests in (body.get("RequestItems") or {}).items():
            found = table(name)
            for request in requests or []:
                key = (request.get("PutRequest") or {}).get("Item") or (
                    request.get("DeleteRequest") or {}
                ).get("Key")
                previous.append(capacity.stored_item(found, key) if found is not None else None)
    elif operation == "TransactWriteItems":
        for entry in body.get("TransactItems") or []:
            kind, action = next((k, v) for k, v in entry.items() if v is not None)
            found = table(action.get("TableName"))
            key = action.get("Item") if kind == "Put" else action.get("Key")
            previous.append(capacity.stored_item(found, key) if found is not None else None)
    return previous


def consumed(operation: str, body: dict, response: dict, previous: list, table: Lookup) -> Any:
    """The ConsumedCapacity member for this answer (a dict, or a list for batches and transactions)."""
    mode = body.get("ReturnConsumedCapacity")
    if operation == "ExecuteStatement":
        return _statement_capacity(body, response, table, mode)
    if operation in ("PutItem", "UpdateItem", "DeleteItem", "GetItem", "Query", "Scan"):
        name = body.get("TableName")
        found = table(name)
        if found is None:
            return None
        if operation == "PutItem":
            units, indexes = capacity.for_write(found, previous[0], body.get("Item"))
            return capacity.shape(name, mode, units, indexes)
        if operation == "UpdateItem":
            after = capacity.stored_item(found, body.get("Key"))
            units, indexes = capacity.for_write(found, previous[0], after)
            return capacity.shape(name, mode, units, indexes)
        if operation == "DeleteItem":
            units, indexes = capacity.for_write(found, previous[0], None)
            return capacity.shape(name, mode, units, indexes)
        consistent = bool(body.get("ConsistentRead"))
        if operation == "GetItem":
            stored = capacity.stored_item(found, body.get("Key"))
            return capacity.for_read(found, None, item_size(stored or {}), consistent, mode, name)
        size = capacity.scanned_size(found, body, response)
        return capacity.for_read(found, body.get("IndexName"), size, consistent, mode, name)
    sums: dict[str, list] = {}
    if operation == "BatchGetItem":
        for name, request in (body.get("RequestItems") or {}).items():
            found = table(name)
            if found is None:
                continue
            consistent = bool(request.get("ConsistentRead"))
            unprocessed = {
                json.dumps(key, sort_keys=True)
                for key in ((response.get("UnprocessedKeys") or {}).get(name) or {}).get("Keys") or []
            }
            for key in request.get("Keys") or []:
                if json.dumps(key, sort_keys=True) in unprocessed:
                    continue  # unprocessed keys are not charged
                stored = capacity.stored_item(found, key)
                capacity.merge(sums, name, capacity.read_units(item_size(stored or {}), consistent), {})
    elif operation == "BatchWriteItem":
        position = 0
        for name, requests in (body.get("RequestItems") or {}).items():
            found = table(name)
            for request in requests or []:
                old = previous[position] if position < len(previous) else None
                position += 1
                if found is None:
                    continue
                new = (request.get("PutRequest") or {}).get("Item")
                units, indexes = capacity.for_write(found, old, new)
                capacity.merge(sums, name, units, indexes)
    elif operation == "TransactWriteItems":
        for position, entry in enumerate(body.get("TransactItems") or []):
            kind, action = next((k, v) for k, v in entry.items() if v is not None)
            name = action.get("TableName")
            found = table(name)
            if found is None:
                continue
            old = previous[position] if position < len(previous) else None
            if kind == "Put":
                new = action.get("Item")
            elif kind == "Update":
                new = capacity.stored_item(found, action.get("Key"))
            else:
                new = None
            units, indexes = capacity.for_write(found, old, new, multiplier=2.0)
            capacity.merge(sums, name, units, indexes)
    elif operation == "TransactGetItems":
        for entry in body.get("TransactItems") or []:
            action = entry.get("Get") or {}
            name = action.get("TableName")
            found = table(name)
            if found is None:
                continue
            stored = capacity.stored_item(found, action.get("Key"))
            capacity.merge(sums, name, 2 * capacity.read_units(item_size(stored or {}), True), {})
    split = {"TransactGetItems": "Read", "TransactWriteItems": "Write"}.get(operation)
    return [capacity.shape(name, mode, units, indexes, split) for name, (units, indexes) in sums.items()]


def replayed(body: dict, table: Lookup) -> list[dict] | None:
    """The ConsumedCapacity of a TransactWriteItems repeated with its ClientRequestToken: nothing is
    written again, each item is read instead (a transactional read: twice a consistent read of the
    stored item, per table), in the repeat's own ReturnConsumedCapacity mode (AWS's API reference;
    the read split as recorded by nubo-db/dynamodb-conformance)."""
    mode = body.get("ReturnConsumedCapacity")
    if mode not in ("TOTAL", "INDEXES"):
        return None
    sums: dict[str, list] = {}
    for entry in body.get("TransactItems") or []:
        kind, action = next(((k, v) for k, v in entry.items() if v is not None), (None, None))
        if not isinstance(action, dict):
            continue
        name = action.get("TableName")
        found = table(name)
        if found is None:
            continue
        stored = capacity.stored_item(found, action.get("Item") if kind == "Put" else action.get("Key"))
        capacity.merge(sums, name, 2 * capacity.read_units(item_size(stored or {}), True), {})
    return [capacity.shape(name, mode, units, indexes, "Read") for name, (units, indexes) in sums.items()]


def _statement_capacity(body: dict, response: dict, table: Lookup, mode: str) -> Any:
    """A PartiQL statement's cost: a read as the items it returns, a write as one item's write."""
    from localstack.services.dynamodb.partiql_checks import from_path

    statement = body.get("Statement") or ""
    path = from_path(statement) or []
    name = path[0] if path else None
    if name is None or table(name) is None:
        return None
    if statement.lstrip()[:6].upper() == "SELECT":
        items = response.get("Items") or []
        found = table(name)
        index = None
        if len(path) == 2:
            index = next((i for i in [*found.global_indexes, *found.indexes] if i.name == path[1]), None)
        if index is None:
            size = sum(item_size(item) for item in items)
            return capacity.shape(name, mode, capacity.read_units(size, bool(body.get("ConsistentRead"))), {})
        # A read of an index is charged to the index, for its entries as the index stores them.
        full = [capacity.stored_item(found, item) or item for item in items]
        size = sum(capacity.projected_size(found, index, item) or item_size(item) for item in full)
        return capacity.for_read(found, index.name, size, bool(body.get("ConsistentRead")), mode, name)
    return capacity.shape(name, mode, 1.0, {})

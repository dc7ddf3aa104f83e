"""UpdateItem calls that only remove, on an item that does not exist: AWS leaves the item uncreated
(moto creates it holding only its key)."""

from __future__ import annotations

from typing import Any

from localstack.services.dynamodb import capacity

_REMOVING = ("REMOVE", "DELETE")


def removes_only(body: dict, actions: Any) -> bool:
    """Whether every action of the update removes: REMOVE or DELETE clauses, or AttributeUpdates that
    are all DELETE. An empty AttributeUpdates creates the item (AWS does), so it is not one."""
    if actions:
        return all(action[0] in _REMOVING for action in actions)  # (section, path, value)
    updates = body.get("AttributeUpdates")
    if isinstance(updates, dict) and updates:
        return all(
            isinstance(update, dict) and update.get("Action") == "DELETE" for update in updates.values()
        )
    return False


def missing_item(table: Any, body: dict, actions: Any) -> bool:
    """Whether this update only removes, and its item does not exist yet."""
    return (
        table is not None
        and removes_only(body, actions)
        and capacity.stored_item(table, body.get("Key")) is None
    )


def undo_creation(table: Any, key: dict) -> None:
    """Drop the key-only item moto created, without a stream record (AWS wrote nothing)."""
    from moto.dynamodb.models.dynamo_type import DynamoType

    stored = capacity.stored_item(table, key)
    if stored is None or set(stored) - set(key):
        return  # not the bare item moto made (another writer got there)
    hash_key = DynamoType(key[table.hash_key_attr])
    if table.range_key_attr:
        table.items.get(hash_key, {}).pop(DynamoType(key[table.range_key_attr]), None)
    else:
        table.items.pop(hash_key, None)


def transaction_missing_items(body: dict, lookup: Any) -> list[tuple[Any, dict]]:
    """The (table, key) of each TransactWriteItems Update (an UpdateItem operation, the API reference
    says) that only removes from an item that does not exist yet."""
    from localstack.services.dynamodb.expressions.request import RequestInvalid, check_expressions

    found = []
    for entry in body.get("TransactItems") or []:
        update = entry.get("Update") if isinstance(entry, dict) else None
        if not isinstance(update, dict):
            continue
        try:
            actions = check_expressions(update).get("UpdateExpression")
        except RequestInvalid:
            continue
        table = lookup(update.get("TableName"))
        if actions and missing_item(table, update, actions):
            found.append((table, update.get("Key")))
    return found

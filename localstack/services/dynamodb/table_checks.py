"""Rules that need the table's schema (keys, indexes), run after the request is valid on its own and
before moto sees it."""

from __future__ import annotations

from typing import Any

from localstack.services.dynamodb.attribute_values import canonical_number, value_size, value_type
from localstack.services.dynamodb.expressions.request import RequestInvalid

_INVALID = "One or more parameter values were invalid: "
_KEY_MISMATCH = "The provided key element does not match the schema"


def find_table(account: str, region: str, name: str) -> Any:
    """moto's table, or None (moto answers ResourceNotFoundException itself)."""
    from moto.dynamodb.models import dynamodb_backends

    backend = dynamodb_backends[account][region]
    table = backend.tables.get(name)
    if table is None and name.startswith("arn:"):
        table = next((t for t in list(backend.tables.values()) if t.table_arn == name), None)
    return table


def _attribute_types(table: Any) -> dict[str, str]:
    return {definition["AttributeName"]: definition["AttributeType"] for definition in table.attr}


def key_names(table: Any) -> list[str]:
    return [name for name in (table.hash_key_attr, table.range_key_attr) if name]


def check_key(table: Any, key: dict | None) -> None:
    key = key or {}
    names = key_names(table)
    types = _attribute_types(table)
    if set(key) != set(names):
        raise RequestInvalid(_KEY_MISMATCH)
    for name in names:
        kind = value_type(key[name])
        if kind != types.get(name):
            raise RequestInvalid(_KEY_MISMATCH)
        _check_key_not_empty(name, key[name], kind)
    _check_key_sizes(table, key)


def _check_key_sizes(table: Any, key: dict) -> None:
    range_value = key.get(table.range_key_attr) if table.range_key_attr else None
    _check_key_size_limits(key.get(table.hash_key_attr), range_value)


def _check_key_size_limits(hash_value: dict | None, range_value: dict | None) -> None:
    if hash_value is not None and value_size(hash_value) > 2048:
        raise RequestInvalid(_INVALID + "Size of hashkey has exceeded the maximum size limit of2048 bytes")
    if range_value is not None and value_size(range_value) > 1024:
        raise RequestInvalid(
            _INVALID + "Aggregated size of all range keys has exceeded the size limit of 1024 bytes"
        )


def _check_key_not_empty(name: str, value: dict, kind: str | None) -> None:
    if kind == "S" and value["S"] == "":
        raise RequestInvalid(
            "One or more parameter values are not valid. The AttributeValue for a key attribute cannot "
            "contain an "
            f"empty string value. Key: {name}"
        )
    if kind == "B" and not value["B"]:
        raise RequestInvalid(
            "One or more parameter values are not valid. The AttributeValue for a key attribute cannot "
            "contain an "
            f"empty binary value. Key: {name}"
        )


def check_item(table: Any, item: dict | None, batch: bool = False) -> None:
    """`batch`: a BatchWriteItem put, whose key of the wrong type AWS reports as its lookup key's
    (`The provided key element does not match the schema`, recorded in four regions), and a missing
    key too (dynalite's recordings: an empty item, one without the hash or the range key)."""
    item = item or {}
    types = _attribute_types(table)
    for name in key_names(table):
        if name not in item:
            raise RequestInvalid(_KEY_MISMATCH if batch else _INVALID + f"Missing the key {name} in the item")
        kind = value_type(item[name])
        if kind != types.get(name) and batch:
            raise RequestInvalid(_KEY_MISMATCH)
        if kind != types.get(name):
            raise RequestInvalid(
                _INVALID + f"Type mismatch for key {name} expected: {types.get(name)} actual: {kind}"
            )
        _check_key_not_empty(name, item[name], kind)
    _check_key_sizes(table, item)
    for name, expected, index_name in index_keys(table):
        if name not in item:
            continue
        kind = value_type(item[name])
        if kind != expected:
            raise RequestInvalid(_type_mismatch(name, expected, kind, index_name))
        if kind == "S" and item[name]["S"] == "" or kind == "B" and not item[name]["B"]:
            raise RequestInvalid(
                "One or more parameter values are not valid. A value specified for a secondary "
                f"index key is not supported. The AttributeValue for a key attribute cannot contain an empty "
                f"{'string' if kind == 'S' else 'binary'} value. IndexName: {index_name}, IndexKey: {name}"
            )


def _type_mismatch(name: str, expected: str | None, actual: str | None, index_name: str) -> str:
    return (
        _INVALID
        + f"Type mismatch for Index Key {name} Expected: {expected} Actual: {actual} IndexName: {index_name}"
    )


def index_keys(table: Any) -> list[tuple[str, str | None, str]]:
    """(attribute, type, index) of every index key that is not a table key, in the order AWS reports
    a mismatch (the last-defined global index first)."""
    types = _attribute_types(table)
    table_keys = key_names(table)
    found = []
    for index in list(reversed(table.global_indexes)) + list(reversed(table.indexes)):
        for element in index.schema:
            name = element["AttributeName"]
            if name not in table_keys:
                found.append((name, types.get(name), index.name))
    return found


def _operand_paths(value: Any) -> list[list]:
    if not isinstance(value, tuple):
        return []
    if value[0] == "path":
        return [value[1]] if value[1] else []
    if value[0] == "function":
        return [path for arg in value[2] for path in _operand_paths(arg)]
    return []


def _assigned_type(section: str, value: Any) -> str | None:
    if not isinstance(value, tuple):
        return None
    if value[0] == "value":
        return value_type(value[1]) if value[1] is not None else None
    if value[0] == "function" and value[1] in ("+", "-"):
        return "N"
    if value[0] == "function" and value[1] == "list_append":
        return "L"
    return None


def check_update_index_keys(table: Any, body: dict, updates: list[tuple] | None) -> None:
    """Index keys may only be set whole, to their declared type."""
    keys = index_keys(table)
    if not keys:
        return
    assigned: dict[str, str | None] = {}
    for section, path, value in updates or []:
        if path and len(path) == 1 and section in ("SET", "ADD"):
            assigned[path[0]] = _assigned_type(section, value)
    for name, update in (body.get("AttributeUpdates") or {}).items():
        if update.get("Action", "PUT") in ("PUT", "ADD") and update.get("Value") is not None:
            assigned[name] = value_type(update["Value"])
    for name, expected, index_name in keys:
        actual = assigned.get(name)
        if actual is not None and actual != expected:
            raise RequestInvalid(_type_mismatch(name, expected, actual, index_name))
    names = {name for name, _, _ in keys}
    for _, path, value in updates or []:
        for candidate in ([path] if path else []) + _operand_paths(value):
            if len(candidate) > 1 and candidate[0] in names:
                raise RequestInvalid(
                    "Key attributes must be scalars; list random access '[]' and map lookup '.' are not "
                    f"allowed: IndexKey: {candidate[0]}"
                )


def find_index(table: Any, index_name: str | None) -> Any:
    if not index_name:
        return None
    for index in list(table.global_indexes) + list(table.indexes):
        if index.name == index_name:
            return index
    raise RequestInvalid(f"The table does not have the specified index: {index_name}")


def check_query(table: Any, body: dict, conditions: dict[str, tuple[str, list]]) -> None:
    index = find_index(table, body.get("IndexName"))
    schema = index.schema if index is not None else table.schema
    hash_name = next(element["AttributeName"] for element in schema if element["KeyType"] == "HASH")
    range_name = next((element["AttributeName"] for element in schema if element["KeyType"] == "RANGE"), None)
    types = _attribute_types(table)
    if len(conditions) > 2:
        # Recorded in eu-west-2, 2026-10 (a KeyConditionExpression naming three attributes).
        raise RequestInvalid(
            f"The number of query conditions ({len(conditions)}) exceeds the number of key attributes "
            f"defined in the schema ({len(schema)})"
        )
    if hash_name not in conditions:
        raise RequestInvalid(f"Query condition missed key schema element: {hash_name}")
    if any(name not in (hash_name, range_name) for name in conditions):
        # A condition on another attribute reads as the range key missing, where there is one.
        if range_name is not None:
            raise RequestInvalid(f"Query condition missed key schema element: {range_name}")
        raise RequestInvalid("Query key condition not supported")
    for operator, _ in conditions.values():
        if operator in ("NULL", "NOT_NULL", "CONTAINS", "NOT_CONTAINS", "IN", "NE"):
            raise RequestInvalid("Attempted conditional constraint is not an indexable operation")
    if conditions[hash_name][0] != "EQ":
        raise RequestInvalid("Query key condition not supported")
    for name, (_, values) in conditions.items():
        for value in values:
            if value_type(value) != types.get(name):
                raise RequestInvalid(_INVALID + "Condition parameter type does not match schema type")
    # A key condition's values are key values: the same size limits as an item's key.
    _check_key_size_limits(conditions[hash_name][1][0], None)
    for value in conditions[range_name][1] if range_name in conditions else []:
        _check_key_size_limits(None, value)
    _check_select_on_index(table, index, body)
    if index is not None and body.get("ConsistentRead") and index in table.global_indexes:
        raise RequestInvalid("Consistent reads are not supported on global secondary indexes")
    start_key = body.get("ExclusiveStartKey")
    _check_start_key(table, index, start_key)
    if start_key is not None:
        _check_start_key_in_range(start_key, hash_name, range_name, conditions)


def _check_start_key_in_range(
    start_key: dict, hash_name: str, range_name: str | None, conditions: dict
) -> None:
    from localstack.services.dynamodb.expressions.checks import compare_values

    start_hash, wanted_hash = start_key.get(hash_name), conditions[hash_name][1][0]
    if value_type(start_hash) != value_type(wanted_hash) or compare_values(start_hash, wanted_hash) != 0:
        raise RequestInvalid(
            "The provided starting key is outside query boundaries based on provided conditions"
        )
    if range_name is None or range_name not in conditions:
        return
    operator, values = conditions[range_name]
    value = start_key[range_name]
    if value_type(value) != value_type(values[0]):
        return
    order = compare_values(value, values[0])
    inside = {
        "EQ": order == 0,
        "LT": order < 0,
        "LE": order <= 0,
        "GT": order > 0,
        "GE": order >= 0,
        "BETWEEN": order >= 0 and len(values) > 1 and compare_values(value, values[1]) <= 0,
        "BEGINS_WITH": str(value.get(value_type(value))).startswith(
            str(values[0].get(value_type(values[0])))
        ),
    }.get(operator, True)
    if not inside:
        raise RequestInvalid("The provided starting key does not match the range key predicate")


def _check_start_key(table: Any, index: Any, start_key: dict | None) -> None:
    if start_key is None:
        return
    names = set(key_names(table))
    if index is not None:
        names |= {element["AttributeName"] for element in index.schema}
    if set(start_key) != names:
        # AWS words the index case without the reason.
        if index is not None:
            raise RequestInvalid("The provided starting key is invalid")
        raise RequestInvalid("The provided starting key is invalid: " + _KEY_MISMATCH)
    types = _attribute_types(table)
    for name in names:
        if value_type(start_key[name]) != types.get(name):
            raise RequestInvalid("The provided starting key is invalid: " + _KEY_MISMATCH)


def _check_select_on_index(table: Any, index: Any, body: dict) -> None:
    if body.get("Select") != "ALL_ATTRIBUTES" or index is None or index not in table.global_indexes:
        return
    if (index.projection or {}).get("ProjectionType", "ALL") != "ALL":
        raise RequestInvalid(
            _INVALID + f"Select type ALL_ATTRIBUTES is not supported for global secondary index {index.name} "
            "because its projection type is not ALL"
        )


def check_scan(table: Any, body: dict) -> None:
    index = find_index(table, body.get("IndexName"))
    _check_select_on_index(table, index, body)
    if index is not None and body.get("ConsistentRead") and index in table.global_indexes:
        raise RequestInvalid("Consistent reads are not supported on global secondary indexes")
    start_key = body.get("ExclusiveStartKey")
    _check_start_key(table, index, start_key)
    if start_key is not None and body.get("TotalSegments") is not None and index is None:
        from moto.dynamodb.models.dynamo_type import DynamoType, Item

        item = Item(DynamoType(start_key[table.hash_key_attr]), None, {})
        if not item.is_within_segment((body.get("Segment"), body["TotalSegments"])):
            raise RequestInvalid(
                "The provided Exclusive start key does not map to the provided Segment and TotalSegments "
                "values."
            )


def key_identity(table: Any, key: dict) -> tuple:
    """A hashable identity of an item's primary key, for duplicate detection (numbers by value)."""
    identity = []
    for name in key_names(table):
        value = key.get(name) or {}
        kind = value_type(value)
        data = value.get(kind) if kind else None
        identity.append(
            (name, kind, canonical_number(data) if kind == "N" and isinstance(data, str) else str(data))
        )
    return tuple(identity)


def check_unique_keys(table: Any, keys: list[dict]) -> None:
    seen: set[tuple] = set()
    for key in keys:
        identity = key_identity(table, key)
        if identity in seen:
            raise RequestInvalid("Provided list of item keys contains duplicates")
        seen.add(identity)


def check_update_keys(table: Any, body: dict, updates: list[tuple] | None) -> None:
    """Key attributes cannot be changed by an update."""
    names = key_names(table)
    touched = [path[0] for _, path, _ in updates or [] if path] + list(body.get("AttributeUpdates") or {})
    for name in touched:
        if name in names:
            raise RequestInvalid(
                _INVALID + f"Cannot update attribute {name}. This attribute is part of the key"
            )


def check_index_creation(table: Any, body: dict) -> None:
    """A global index created by UpdateTable keys on attributes the table or the request defines."""
    requested = [definition.get("AttributeName") for definition in body.get("AttributeDefinitions") or []]
    known = set(requested) | {definition["AttributeName"] for definition in table.attr}
    for update in body.get("GlobalSecondaryIndexUpdates") or []:
        create = update.get("Create") or {}
        keys = [element.get("AttributeName") for element in create.get("KeySchema") or []]
        if any(key not in known for key in keys):
            raise RequestInvalid(
                _INVALID + "Some index key attributes are not defined in AttributeDefinitions. "
                f"Keys: [{', '.join(keys)}], AttributeDefinitions: [{', '.join(requested)}]"
            )


def check_throughput_change(table: Any, body: dict) -> None:
    """An UpdateTable that sets the throughput a provisioned table already has changes nothing; a
    table turned provisioned needs throughput for each of its global indexes."""
    on_demand = getattr(table, "billing_mode", None) == "PAY_PER_REQUEST"
    billing = body.get("BillingMode")
    if on_demand and billing is None and body.get("ProvisionedThroughput") is not None:
        raise RequestInvalid(
            _INVALID
            + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
            "PAY_PER_REQUEST"
        )
    if on_demand and billing == "PROVISIONED" and body.get("ProvisionedThroughput") is None:
        raise RequestInvalid(
            _INVALID + "ProvisionedThroughput must be specified when BillingMode is PROVISIONED"
        )
    if body.get("BillingMode") == "PROVISIONED" and getattr(table, "billing_mode", None) == "PAY_PER_REQUEST":
        given = {
            (update.get("Update") or {}).get("IndexName")
            for update in body.get("GlobalSecondaryIndexUpdates") or []
            if (update.get("Update") or {}).get("ProvisionedThroughput")
        }
        missing = [index.name for index in table.global_indexes if index.name not in given]
        if missing:
            raise RequestInvalid(
                _INVALID + f"ProvisionedThroughput must be specified for index: {','.join(missing)}"
            )
    requested = body.get("ProvisionedThroughput")
    if not isinstance(requested, dict) or getattr(table, "billing_mode", None) == "PAY_PER_REQUEST":
        return
    if any(
        body.get(member) is not None
        for member in ("BillingMode", "GlobalSecondaryIndexUpdates", "StreamSpecification")
    ):
        return
    current = table.throughput or {}
    read, write = current.get("ReadCapacityUnits"), current.get("WriteCapacityUnits")
    if requested.get("ReadCapacityUnits") == read and requested.get("WriteCapacityUnits") == write:
        raise RequestInvalid(
            "The provisioned throughput for the table will not change. The requested value equals the "
            f"current value. Current ReadCapacityUnits provisioned for the table: {read}. Requested "
            f"ReadCapacityUnits: {read}. Current WriteCapacityUnits provisioned for the table: {write}. "
            f"Requested WriteCapacityUnits: {write}. Refer to the Amazon DynamoDB Developer Guide for "
            "current limits and how to request higher limits."
        )


def check_attribute_update_types(table: Any, body: dict) -> None:
    """Legacy ADD and DELETE must match the type of the attribute they change."""
    from localstack.services.dynamodb.capacity import stored_item

    updates = body.get("AttributeUpdates") or {}
    if not any(update.get("Action") in ("ADD", "DELETE") for update in updates.values()):
        return
    stored = stored_item(table, body.get("Key")) or {}
    for name, update in updates.items():
        action, value = update.get("Action"), update.get("Value")
        if action not in ("ADD", "DELETE") or value is None or name not in stored:
            continue
        if value_type(stored[name]) != value_type(value):
            raise RequestInvalid("Type mismatch for attribute to update")


_INVALID_PATH = "The document path provided in the update expression is invalid for update"


def _parent_accepts(parent: Any, element: str | int) -> bool:
    if not isinstance(parent, dict):
        return False
    if isinstance(element, int):
        return isinstance(parent.get("L"), list)
    return isinstance(parent.get("M"), dict)


def check_update_paths(table: Any, body: dict, updates: list[tuple] | None) -> None:
    """Every nested path an update writes must lead through maps and lists the item has."""
    nested = [path for _, path, _ in updates or [] if path and len(path) > 1]
    if not nested:
        return
    from localstack.services.dynamodb.capacity import stored_item

    item = stored_item(table, body.get("Key")) or {}
    for path in nested:
        value: Any = item.get(path[0]) if isinstance(path[0], str) else None
        for element in path[1:]:
            if not _parent_accepts(value, element):
                raise RequestInvalid(_INVALID_PATH)
            if isinstance(element, int):
                members = value["L"]
                value = members[element] if element < len(members) else None
            else:
                value = value["M"].get(element)

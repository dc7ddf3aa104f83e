"""ConsumedCapacity as DynamoDB computes it: read units per 4 KB (half for eventually consistent reads),
write units per 1 KB, each index written charged for its projection, transactions twice, with the TOTAL
and INDEXES shapes of the answer."""

from __future__ import annotations

import math
from typing import Any

from localstack.services.dynamodb.attribute_values import item_size, value_type

READ_UNIT = 4096
WRITE_UNIT = 1024


def read_units(size: int, consistent: bool) -> float:
    units = float(max(1, math.ceil(size / READ_UNIT)))
    return units if consistent else units / 2


def write_units(size: int) -> float:
    return float(max(1, math.ceil(size / WRITE_UNIT)))


def stored_item(table: Any, key: dict | None) -> dict | None:
    """The full stored item for a key (a request's Key or Item), as wire JSON; None if absent."""
    from moto.dynamodb.models.dynamo_type import DynamoType

    if not key or table.hash_key_attr not in key:
        return None
    try:
        partition = table.items.get(DynamoType(key[table.hash_key_attr]))
        if partition is None:
            return None
        if table.range_key_attr:
            if table.range_key_attr not in key:
                return None
            partition = partition.get(DynamoType(key[table.range_key_attr]))
            if partition is None:
                return None
        return partition.to_json()["Attributes"]
    except (TypeError, KeyError, AttributeError, ValueError):
        return None


def _index_kind(table: Any, index: Any) -> str:
    return "GlobalSecondaryIndexes" if index in table.global_indexes else "LocalSecondaryIndexes"


def projected_size(table: Any, index: Any, item: dict) -> int | None:
    """The size of `item` as `index` stores it; None when the item lacks the index's key."""
    projected = _projected(table, index, item)
    return item_size(projected) if projected is not None else None


def _projected(table: Any, index: Any, item: dict | None) -> dict | None:
    """`item` as `index` stores it; None when it is not in the index (it lacks the index's key)."""
    if item is None:
        return None
    index_keys = [element["AttributeName"] for element in index.schema]
    if any(name not in item for name in index_keys):
        return None
    projection = index.projection or {}
    kind = projection.get("ProjectionType", "ALL")
    if kind == "ALL":
        return item
    kept = set(index_keys) | {table.hash_key_attr, table.range_key_attr}
    if kind == "INCLUDE":
        kept |= set(projection.get("NonKeyAttributes") or [])
    return {name: value for name, value in item.items() if name in kept}


def _index_write_units(table: Any, index: Any, old: dict | None, new: dict | None) -> float:
    """What an item write costs an index, as DynamoDB charges it: an insert or a delete is one write,
    a change of the index key is both, a change of what the index stores is one, and no change is free."""
    before, after = _projected(table, index, old), _projected(table, index, new)
    if before is None and after is None:
        return 0.0
    if before is None or after is None:
        return write_units(item_size(before if after is None else after))
    keys = [element["AttributeName"] for element in index.schema]
    if any(before.get(name) != after.get(name) for name in keys):
        return write_units(item_size(before)) + write_units(item_size(after))
    return 0.0 if before == after else write_units(item_size(after))


def for_write(table: Any, old: dict | None, new: dict | None, multiplier: float = 1.0) -> tuple[float, dict]:
    """Units of one item write, and the units of each index it wrote, by index kind and name."""
    sizes = [item_size(item) for item in (old, new) if item is not None]
    table_units = write_units(max(sizes) if sizes else 0) * multiplier
    indexes: dict[str, dict[str, float]] = {}
    for index in list(table.global_indexes) + list(table.indexes):
        units = _index_write_units(table, index, old, new)
        if units:
            indexes.setdefault(_index_kind(table, index), {})[index.name] = units * multiplier
    return table_units, indexes


def shape(
    table_name: str,
    mode: str,
    table_units: float,
    indexes: dict[str, dict[str, float]],
    split: str | None = None,
) -> dict:
    """`split` ("Read" or "Write"): transactions also name the kind of each figure
    (`ReadCapacityUnits`), which other operations leave out (recorded against AWS)."""

    def units(value: float) -> dict[str, float]:
        return {"CapacityUnits": value, f"{split}CapacityUnits": value} if split else {"CapacityUnits": value}

    total = table_units + sum(value for kind in indexes.values() for value in kind.values())
    consumed: dict[str, Any] = {"TableName": table_name, **units(total)}
    if mode == "INDEXES":
        consumed["Table"] = units(table_units)
        for kind, by_index in indexes.items():
            consumed[kind] = {name: units(value) for name, value in by_index.items()}
    return consumed


def merge(
    into: dict[str, list], table_name: str, table_units: float, indexes: dict[str, dict[str, float]]
) -> None:
    """Add one item's units to the per-table sums of a batch or transaction."""
    entry = into.setdefault(table_name, [0.0, {}])
    entry[0] += table_units
    for kind, units in indexes.items():
        for name, value in units.items():
            entry[1].setdefault(kind, {})
            entry[1][kind][name] = entry[1][kind].get(name, 0.0) + value


def for_read(
    table: Any, index_name: str | None, size: int, consistent: bool, mode: str, table_name: str
) -> dict:
    units = read_units(size, consistent)
    if not index_name:
        return shape(table_name, mode, units, {})
    index = next((i for i in list(table.global_indexes) + list(table.indexes) if i.name == index_name), None)
    if index is None:
        return shape(table_name, mode, units, {})
    return shape(table_name, mode, 0.0, {_index_kind(table, index): {index_name: units}})


def scanned_size(table: Any, body: dict, response: dict) -> int:
    """Bytes a Query or Scan read: the full stored items behind the answer, plus those filtered out."""
    items = response.get("Items") or []
    full = [stored_item(table, item) or item for item in items]
    index_name = body.get("IndexName")
    index = next((i for i in list(table.global_indexes) + list(table.indexes) if i.name == index_name), None)
    if index is not None:
        # An index read is charged for the entries as the index stores them.
        size = sum(projected_size(table, index, item) or item_size(item) for item in full)
    else:
        size = sum(item_size(item) for item in full)
    filtered_out = max(0, int(response.get("ScannedCount") or 0) - len(items))
    if filtered_out:
        average = size // len(full) if full else 0
        size += filtered_out * max(average, 1)
    return size


def key_of(table: Any, item: dict) -> dict:
    return {name: item[name] for name in (table.hash_key_attr, table.range_key_attr) if name and name in item}


def is_attribute_map(value: Any) -> bool:
    return isinstance(value, dict) and all(value_type(v) is not None for v in value.values())

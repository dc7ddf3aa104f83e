"""Query and Scan of a secondary index (GSI or LSI), read from the index's keys kept in sorted order as
items are written: a page costs what it reads. moto collects every item of the table, filters it by the
index key and sorts it on each call; its answers (order, paging, counts, LastEvaluatedKey) are the same."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import Any

from moto.dynamodb.models.table import RESULT_SIZE_LIMIT

from localstack.services.dynamodb import item_order
from localstack.services.dynamodb.key_reads import _ABOVE, Unsupported, _query_bounds, item_size

STORES = "_localstack_index_keys"
_CHUNK = 64


class IndexKeys:
    """Sort keys (index hash, index range if any, table hash, table range if any) of the items an index
    holds, as moto orders them, with the table key each stands for."""

    def __init__(self, table: Any, index: Any, query_order: bool = False) -> None:
        self.source = table.items
        # moto orders a Query of a hash-only index by the table's range key right after the index hash
        # (its Scan does not): such a query reads keys (index hash, table range, table hash, table range).
        self.query_order = query_order
        self.schema = [(key["AttributeName"], key["KeyType"]) for key in index.schema]
        hashes = [name for name, kind in self.schema if kind == "HASH"]
        ranges = [name for name, kind in self.schema if kind == "RANGE"]
        if len(hashes) != 1 or len(ranges) > 1:
            raise Unsupported  # multi-attribute index keys: moto's path
        self.hash_attr = hashes[0]
        self.range_attr = ranges[0] if ranges else None
        declared = {d.get("AttributeName"): d.get("AttributeType") for d in table.attr}
        self.types = {name: declared.get(name) for name, _ in self.schema}
        # An index value of another type than declared cannot be ordered with the rest: moto's path.
        self.broken = False
        self.keys: list[tuple] = []
        self.entries: dict[tuple, tuple] = {}  # table key (native) -> sort key
        self.moto_keys: dict[tuple, tuple] = {}  # sort key -> moto's (hash, range) table key
        ranged = bool(table.range_key_attr)
        for partition in list(table.items.values()):
            for item in list(partition.values()) if ranged else [partition]:
                entry = self._entry(item)
                if entry is not None:
                    self.entries[(entry[-2], entry[-1])] = entry
                    self.moto_keys[entry] = (item.hash_key, item.range_key)
        self.keys = sorted(self.moto_keys)

    def __getstate__(self) -> dict:
        # Snapshots and moto's transaction copies keep no index keys: rebuilt from the items on first use.
        return {"source": None, "schema": self.schema, "broken": False, "query_order": self.query_order}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    def matches(self, index: Any) -> bool:
        return self.schema == [(key["AttributeName"], key["KeyType"]) for key in index.schema]

    def _entry(self, item: Any) -> tuple | None:
        values = []
        for name, _ in self.schema:
            value = item.attrs.get(name)
            if value is None:
                return None  # not in the index
            if value.type != self.types[name] or value.type not in ("S", "N", "B"):
                self.broken = True
                return None
            values.append(item_order.native(value))
        range_native = item_order.native(item.range_key)
        if self.query_order:
            values.append(range_native)
        return (*values, item_order.native(item.hash_key), range_native)

    def refresh(self, table_key: tuple, item: Any) -> None:
        """The item stored under `table_key` (native) is now `item` (None once deleted)."""
        old = self.entries.pop(table_key, None)
        if old is not None:
            self.moto_keys.pop(old, None)
            position = bisect.bisect_left(self.keys, old)
            if position < len(self.keys) and self.keys[position] == old:
                del self.keys[position]
        entry = self._entry(item) if item is not None else None
        if entry is not None:
            self.entries[table_key] = entry
            self.moto_keys[entry] = (item.hash_key, item.range_key)
            bisect.insort(self.keys, entry)


def _store(table: Any, index: Any, query_order: bool = False) -> IndexKeys:
    name = f"{index.name}\0query" if query_order else index.name
    with item_order.lock():
        stores = table.__dict__.setdefault(STORES, {})
        store = stores.get(name)
        if store is None or store.source is not table.items or not store.matches(index):
            # First use, a new index of that name, or moto replaced the whole store (restore, import).
            store = IndexKeys(table, index, query_order)
            stores[name] = store
        if store.broken:
            raise Unsupported
        return store


def record_write(table: Any, hash_key: Any, range_key: Any) -> None:
    """Keep every index already read in step with the item now stored under this key (or its absence)."""
    stores = table.__dict__.get(STORES)
    if not stores:
        return
    table_key = (item_order.native(hash_key), item_order.native(range_key))
    with item_order.lock():
        item = item_order.stored_item(table, (hash_key, range_key))
        for store in stores.values():
            if store.source is table.items:
                store.refresh(table_key, item)


def _index(table: Any, index_name: str) -> Any:
    for index in (table.global_indexes or []) + (table.indexes or []):
        if index.name == index_name:
            return index
    raise Unsupported


def _lower_key(bound: tuple) -> tuple:
    """A (key, inclusive) lower bound as the least sort key it admits: an exclusive one passes every key
    that extends its prefix."""
    key, inclusive = bound
    return key if inclusive else (*key, _ABOVE)


def _upper_key(bound: tuple) -> tuple:
    """A (key, inclusive) upper bound as the least sort key past it."""
    key, inclusive = bound
    return (*key, _ABOVE) if inclusive else key


def _walk(table: Any, store: IndexKeys, lower: tuple, upper: tuple, forward: bool) -> Iterator[Any]:
    """The items whose sort keys lie in [lower, upper) (both from _lower_key/_upper_key), read lazily."""
    while True:
        with item_order.lock():
            start = bisect.bisect_left(store.keys, lower)
            stop = bisect.bisect_left(store.keys, upper)
            if forward:
                chunk = store.keys[start : min(start + _CHUNK, stop)]
            else:
                chunk = store.keys[max(start, stop - _CHUNK) : stop][::-1]
            moto_keys = [store.moto_keys.get(key) for key in chunk]
        if not chunk:
            return
        for moto_key in moto_keys:
            item = item_order.stored_item(table, moto_key) if moto_key is not None else None
            if item is not None:
                yield item
        if forward:
            lower = (*chunk[-1], _ABOVE)
        else:
            upper = chunk[-1]


class _IndexTable:
    """What key_reads._query_bounds reads of a table, for the index's own key attributes."""

    def __init__(self, table: Any, store: IndexKeys) -> None:
        self.attr = table.attr
        self.hash_key_attr = store.hash_attr
        self.range_key_attr = store.range_attr


def _start(table: Any, store: IndexKeys, key: dict) -> tuple:
    """ExclusiveStartKey as a sort key; it must name every attribute moto compares."""
    from moto.dynamodb.models.dynamo_type import DynamoType

    names = [name for name, _ in store.schema]
    if store.query_order:
        names.append(table.range_key_attr)
    names.append(table.hash_key_attr)
    if table.range_key_attr:
        names.append(table.range_key_attr)
    values = []
    for name in names:
        if name not in key:
            raise Unsupported
        value = DynamoType(key[name])
        declared = store.types.get(name) or next(
            (d.get("AttributeType") for d in table.attr if d.get("AttributeName") == name), None
        )
        if value.type != declared or value.type not in ("S", "N", "B"):
            raise Unsupported
        values.append(item_order.native(value))
    if not table.range_key_attr:
        values.append(())
    return tuple(values)


def query(
    table: Any,
    index_name: str,
    hash_key_conditions: list,
    range_key_conditions: list,
    comparison: str | None,
    values: list,
    limit: int | None,
    exclusive_start_key: dict | None,
    forward: bool,
    projections: Any,
    filter_expression: Any,
) -> tuple[list, int, dict | None]:
    """Table.query's answer for a query of a secondary index; raises Unsupported for anything else."""
    index = _index(table, index_name)
    hash_only = not any(key["KeyType"] == "RANGE" for key in index.schema)
    store = _store(table, index, query_order=hash_only and bool(table.range_key_attr))
    if len(hash_key_conditions) != 1 or hash_key_conditions[0][0] != store.hash_attr:
        raise Unsupported
    if range_key_conditions and (
        len(range_key_conditions) != 1 or range_key_conditions[0][0] != store.range_attr
    ):
        raise Unsupported
    if comparison and store.range_attr is None:
        raise Unsupported  # moto refuses a range condition on a hash-only index: its own error
    view = _IndexTable(table, store)
    hash_value = hash_key_conditions[0][1]
    bounds = _query_bounds(view, hash_value, comparison, values)  # type: ignore[arg-type]
    lower, upper = _lower_key(bounds[0]), _upper_key(bounds[1])
    if exclusive_start_key is not None:
        # Items at or before the start key in reading order were on earlier pages.
        start = _start(table, store, exclusive_start_key)
        if forward:
            lower = max(lower, (*start, _ABOVE))
        else:
            upper = min(upper, start)
    h = bounds[0][0][0]
    partition_start, partition_end = (h,), (h, _ABOVE)

    def following(item: Any) -> Any:
        # moto looks one item further in the index partition, whether or not the condition admits it.
        entry = store.entries.get((item_order.native(item.hash_key), item_order.native(item.range_key)))
        if entry is None:
            return None
        if forward:
            return next(_walk(table, store, (*entry, _ABOVE), partition_end, True), None)
        return next(_walk(table, store, partition_start, entry, False), None)

    walk = _walk(table, store, lower, upper, forward)
    return _page(table, index, walk, limit, filter_expression, projections, None, following)


def scan(
    table: Any,
    index_name: str,
    limit: int | None,
    exclusive_start_key: dict | None,
    filter_expression: Any,
    projections: Any,
    segments: Any,
) -> tuple[list, int, dict | None]:
    """Table.scan's answer for a scan of a secondary index without legacy filters."""
    index = _index(table, index_name)
    store = _store(table, index)
    lower: tuple = ()
    if exclusive_start_key is not None:
        lower = (*_start(table, store, exclusive_start_key), _ABOVE)
    upper = (_ABOVE,)
    in_segment = None if tuple(segments) == (None, None) else segments
    walk = _walk(table, store, lower, upper, True)
    return _page(table, index, walk, limit, filter_expression, projections, in_segment)


def _page(
    table: Any,
    index: Any,
    items: Iterator[Any],
    limit: int | None,
    filter_expression: Any,
    projections: Any,
    segments: Any,
    following: Any = None,
) -> tuple[list, int, dict | None]:
    """moto's paging of an index read: Limit and the 1 MB page counted before the filter, the index's
    projection applied before the filter expression, the LastEvaluatedKey with the index's keys."""
    results: list = []
    result_size = 0
    last_evaluated_key = None
    for item in items:
        if segments is not None and not item.is_within_segment(segments):
            continue
        size = item_size(item)
        if len(results) == limit or result_size + size > RESULT_SIZE_LIMIT:
            last_evaluated_key = table._get_last_evaluated_key(results[-1], index.name)
            break
        results.append(item)
        result_size += size
    else:
        extra = following(results[-1]) if following is not None and results else None
        full = extra is not None and len(results) == limit
        if full or (extra is not None and result_size + item_size(extra) > RESULT_SIZE_LIMIT):
            last_evaluated_key = table._get_last_evaluated_key(results[-1], index.name)
    scanned_count = len(results)
    if projections and any(index is local for local in table.indexes):
        # A local index reads the attributes it does not project from the table (a fetch), as AWS does.
        if filter_expression is not None:
            results = [item for item in results if filter_expression.expr(item)]
        return [item.project(projections) for item in results], scanned_count, last_evaluated_key
    results = [index.project(item) for item in results]
    if filter_expression is not None:
        results = [item for item in results if filter_expression.expr(item)]
    if projections:
        results = [item.project(projections) for item in results]
    return results, scanned_count, last_evaluated_key

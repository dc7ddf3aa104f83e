"""Query on a table's own key and Scan of a table, read from the sorted key order (item_order): only the
keys the key condition admits, each stored item measured once, nothing deep-copied. moto sorts the
partition, measures every item twice and deep-copies each page; its answers are the same."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import RESULT_SIZE_LIMIT

from localstack.services.dynamodb import item_order

# Keys handed out per lock hold: a page costs what it reads, and writers go on between chunks.
_CHUNK = 64
_NATIVE_TYPES = {"S": str, "N": Decimal, "B": bytes}


class _Above:
    """Sorts after every key value: the end of a partition."""

    def __lt__(self, other: Any) -> bool:
        return False

    def __gt__(self, other: Any) -> bool:
        return True


class _PrefixEnd:
    """Sorts after every value starting with `prefix` and before every greater value that does not."""

    def __init__(self, prefix: Any) -> None:
        self.prefix = prefix

    def __gt__(self, other: Any) -> bool:
        return other < self.prefix or other.startswith(self.prefix)

    def __lt__(self, other: Any) -> bool:
        return not self.__gt__(other)


_ABOVE = _Above()


class Unsupported(Exception):
    """The request needs moto's general path (an index, legacy filters, keys of the wrong type)."""


def _native_key(table: Any, attribute: str | None, value: Any) -> Any:
    """A key value (DynamoType or wire dict) as item_order's native value, if it has the key's type."""
    if value is None:
        raise Unsupported
    typed = value if isinstance(value, DynamoType) else DynamoType(value)
    declared = next((d.get("AttributeType") for d in table.attr if d.get("AttributeName") == attribute), None)
    if typed.type != declared or typed.type not in _NATIVE_TYPES:
        raise Unsupported
    native = item_order.native(typed)
    if not isinstance(native, _NATIVE_TYPES[typed.type]):
        raise Unsupported
    return native


def _query_bounds(table: Any, hash_key: Any, comparison: str | None, values: list) -> tuple[tuple, tuple]:
    """(lower, upper) bounds of the key range a key condition admits, each (key tuple, inclusive)."""
    h = _native_key(table, table.hash_key_attr, hash_key)
    lower: tuple = ((h,), True)
    upper: tuple = ((h, _ABOVE), True)
    if not comparison:
        return lower, upper
    if not table.range_key_attr:
        raise Unsupported
    natives = [_native_key(table, table.range_key_attr, value) for value in values]
    op = comparison.upper()
    if op in ("=", "EQ") and len(natives) == 1:
        return ((h, natives[0]), True), ((h, natives[0]), True)
    if op in ("<", "LT") and len(natives) == 1:
        return lower, ((h, natives[0]), False)
    if op in ("<=", "LE") and len(natives) == 1:
        return lower, ((h, natives[0]), True)
    if op in (">", "GT") and len(natives) == 1:
        return ((h, natives[0]), False), upper
    if op in (">=", "GE") and len(natives) == 1:
        return ((h, natives[0]), True), upper
    if op == "BETWEEN" and len(natives) == 2:
        return ((h, natives[0]), True), ((h, natives[1]), True)
    if op == "BEGINS_WITH" and len(natives) == 1 and isinstance(natives[0], (str, bytes)):
        return ((h, natives[0]), True), ((h, _PrefixEnd(natives[0])), True)
    raise Unsupported


def _position(keys: list, bound: tuple, is_upper: bool) -> int:
    key, inclusive = bound
    if is_upper:
        return bisect.bisect_right(keys, key) if inclusive else bisect.bisect_left(keys, key)
    return bisect.bisect_left(keys, key) if inclusive else bisect.bisect_right(keys, key)


def _walk(table: Any, lower: tuple, upper: tuple, forward: bool) -> Iterator[Any]:
    """The stored items whose keys lie within the bounds, in key order or its reverse, read lazily."""
    keys = item_order.sorted_keys(table)
    lock = item_order.lock()
    while True:
        with lock:
            start = _position(keys.keys, lower, False)
            stop = _position(keys.keys, upper, True)
            if forward:
                chunk = keys.keys[start : min(start + _CHUNK, stop)]
            else:
                chunk = keys.keys[max(start, stop - _CHUNK) : stop][::-1]
        if not chunk:
            return
        ranged = bool(table.range_key_attr)
        partition_key, partition = None, None
        for key in chunk:
            moto_key = keys.moto_keys.get(key)
            if moto_key is None:
                continue
            if not ranged:
                item = table.items.get(moto_key[0])
            else:
                if partition is None or key[0] != partition_key:
                    partition_key, partition = key[0], table.items.get(moto_key[0])
                item = partition.get(moto_key[1]) if partition is not None else None
            if item is not None:
                yield item
        if forward:
            lower = (chunk[-1], False)
        else:
            upper = (chunk[-1], False)


def query(
    table: Any,
    hash_key: Any,
    comparison: str | None,
    values: list,
    limit: int | None,
    exclusive_start_key: dict | None,
    forward: bool,
    projections: Any,
    filter_expression: Any,
) -> tuple[list, int, dict | None]:
    """Table.query's answer for a query on the table's own key; raises Unsupported for anything else."""
    lower, upper = _query_bounds(table, hash_key, comparison, values)
    if exclusive_start_key is not None:
        start = _start_key(table, exclusive_start_key)
        # Items at or before the start key in reading order were on earlier pages.
        if forward:
            lower = _tighter(lower, (start, False), _LowerOrder)
        else:
            upper = _tighter(upper, (start, False), _UpperOrder)
    h = _native_key(table, table.hash_key_attr, hash_key)
    partition_end = ((h, _ABOVE), True) if forward else ((h,), True)

    def following(item: Any) -> Any:
        # moto looks one item further in the partition, whether or not the key condition admits it.
        after = ((item_order.native(item.hash_key), item_order.native(item.range_key)), False)
        bounds = (after, partition_end) if forward else (partition_end, after)
        return next(_walk(table, *bounds, forward), None)

    walk = _walk(table, lower, upper, forward)
    return _page(table, walk, limit, filter_expression, projections, None, following)


def scan(
    table: Any,
    limit: int | None,
    exclusive_start_key: dict | None,
    filter_expression: Any,
    projections: Any,
    segments: Any,
) -> tuple[list, int, dict | None]:
    """Table.scan's answer for a scan of the table itself without legacy filters."""
    lower: tuple = ((), True)
    if exclusive_start_key is not None:
        lower = (_start_key(table, exclusive_start_key), False)
    upper = ((_ABOVE,), True)
    in_segment = None if tuple(segments) == (None, None) else segments
    return _page(table, _walk(table, lower, upper, True), limit, filter_expression, projections, in_segment)


def _start_key(table: Any, key: dict) -> tuple:
    h = _native_key(table, table.hash_key_attr, key.get(table.hash_key_attr))
    if not table.range_key_attr:
        return (h, ())
    return (h, _native_key(table, table.range_key_attr, key.get(table.range_key_attr)))


def _tighter(first: tuple, second: tuple, order: type) -> tuple:
    return second if order(first) < order(second) else first


class _LowerOrder:
    """Orders lower bounds: the greater one admits fewer keys (exclusive after inclusive at a tie)."""

    def __init__(self, bound: tuple) -> None:
        self.bound = bound

    def __lt__(self, other: _LowerOrder) -> bool:
        (mine, mine_inclusive), (theirs, theirs_inclusive) = self.bound, other.bound
        if mine != theirs:
            return bool(mine < theirs)
        return mine_inclusive and not theirs_inclusive


class _UpperOrder:
    """Orders upper bounds by how many keys they admit less: the smaller one (exclusive at a tie) is
    "greater", so that _tighter picks it."""

    def __init__(self, bound: tuple) -> None:
        self.bound = bound

    def __lt__(self, other: _UpperOrder) -> bool:
        (mine, mine_inclusive), (theirs, theirs_inclusive) = self.bound, other.bound
        if mine != theirs:
            return bool(theirs < mine)
        return mine_inclusive and not theirs_inclusive


def _page(
    table: Any,
    items: Iterator[Any],
    limit: int | None,
    filter_expression: Any,
    projections: Any,
    segments: Any,
    following: Any = None,
) -> tuple[list, int, dict | None]:
    """moto's paging over items in reading order: Limit and the 1 MB page counted before the filter,
    and a LastEvaluatedKey when one more item is there to read (`following` finds it past `items`)."""
    results: list = []
    result_size = 0
    last_evaluated_key = None
    for item in items:
        if segments is not None and not item.is_within_segment(segments):
            continue
        size = item_size(item)
        if len(results) == limit or result_size + size > RESULT_SIZE_LIMIT:
            last_evaluated_key = table._get_last_evaluated_key(results[-1], None)
            break
        results.append(item)
        result_size += size
    else:
        extra = following(results[-1]) if following is not None and results else None
        full = extra is not None and len(results) == limit
        if full or (extra is not None and result_size + item_size(extra) > RESULT_SIZE_LIMIT):
            last_evaluated_key = table._get_last_evaluated_key(results[-1], None)
    scanned_count = len(results)
    if filter_expression is not None:
        results = [item for item in results if filter_expression.expr(item)]
    if projections:
        results = [item.project(projections) for item in results]
    return results, scanned_count, last_evaluated_key


def item_size(item: Any) -> int:
    """moto's Item.size(): attribute names plus values, as DynamoType.size() measures them."""
    total = 0
    for name, value in item.attrs.items():
        total += len(name) if name.isascii() else len(name.encode("utf-8"))
        data = value.value
        if value.type == "S" and type(data) is str:
            total += len(data) if data.isascii() else len(data.encode("utf-8"))
        else:
            total += value_size(value)
    return total


def _utf8_len(text: Any) -> int:
    if isinstance(text, bytes):
        return len(text)
    return len(text) if text.isascii() else len(text.encode("utf-8"))


def value_size(value: Any) -> int:
    kind, data = value.type, value.value
    if kind == "S" or kind == "B":
        return _utf8_len(data) if isinstance(data, (str, bytes)) else value.size()
    if kind == "N":
        return len(str(data))
    if kind == "M":
        return sum(_utf8_len(name) + _member_size(member) for name, member in data.items())
    if kind == "L":
        return sum(_member_size(member) for member in data)
    if isinstance(data, bool):
        return 1
    if kind == "NS":
        return sum(len(str(member)) for member in data)
    if kind in ("SS", "BS"):
        return sum(_utf8_len(member) for member in data)
    return value.size()


def _member_size(member: Any) -> int:
    return value_size(member) if type(member) is DynamoType else DynamoType(member).size()

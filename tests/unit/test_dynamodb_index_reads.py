"""index_reads answers Query and Scan of a GSI or LSI as moto's own Table.query and Table.scan do (items,
order, counts, LastEvaluatedKey) for key conditions, directions, page sizes and start keys, and stays in
step with writes (puts, deletes, in-place updates)."""

from __future__ import annotations

import random

import pytest
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table

from localstack.services.dynamodb import index_reads

NUMBERS = ["-3", "0", "1", "2", "5", "10", "11", "100"]


def _table() -> Table:
    table = Table(
        "parity",
        "000000000000",
        "us-east-1",
        [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        [
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "N"},
            {"AttributeName": "g", "AttributeType": "S"},
            {"AttributeName": "l", "AttributeType": "S"},
        ],
        global_indexes=[
            {
                "IndexName": "by-g",
                "KeySchema": [
                    {"AttributeName": "g", "KeyType": "HASH"},
                    {"AttributeName": "sk", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            },
            {
                "IndexName": "g-only",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
            },
        ],
        indexes=[
            {
                "IndexName": "by-l",
                "KeySchema": [
                    {"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "l", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    )
    rng = random.Random(3)
    for pk in ("p1", "p2", "p3"):
        for number in NUMBERS:
            item = {"pk": {"S": pk}, "sk": {"N": number}, "v": {"S": "x" * rng.randint(1, 30)}}
            if rng.random() < 0.8:
                item["g"] = {"S": rng.choice(["ga", "gb", "gab"])}
            if rng.random() < 0.8:
                item["l"] = {"S": rng.choice(["a", "b", "ab", "c"])}
            table.put_item(item)
    return table


def _original(method: str):  # type: ignore[no-untyped-def]
    function = getattr(Table, method)
    return getattr(function, "__wrapped__", function)


def _keys(items: list) -> list:
    return [(item.hash_key.value, item.range_key.value, sorted(item.attrs)) for item in items]


def _wire(key: dict | None) -> dict | None:
    return None if key is None else {name: value.to_json() for name, value in key.items()}


QUERIES = [
    ("by-g", "g", "ga", "sk", None, []),
    ("by-g", "g", "gb", "sk", ">", [DynamoType({"N": "1"})]),
    ("by-g", "g", "gab", "sk", "BETWEEN", [DynamoType({"N": "0"}), DynamoType({"N": "10"})]),
    ("by-g", "g", "ga", "sk", "<=", [DynamoType({"N": "5"})]),
    ("by-g", "g", "missing", "sk", None, []),
    ("g-only", "g", "ga", None, None, []),
    ("g-only", "g", "gab", None, None, []),
    ("by-l", "pk", "p2", "l", None, []),
    ("by-l", "pk", "p1", "l", "BEGINS_WITH", [DynamoType({"S": "a"})]),
    ("by-l", "pk", "p3", "l", "=", [DynamoType({"S": "b"})]),
    ("by-l", "pk", "p3", "l", ">=", [DynamoType({"S": "ab"})]),
]


def _check_queries(table: Table) -> None:
    original = _original("query")
    for index, hash_attr, hash_value, range_attr, op, values in QUERIES:
        hash_conditions = [(hash_attr, DynamoType({"S": hash_value}))]
        range_conditions = [(range_attr, op, values)] if op else None
        for forward in (True, False):
            for limit in (None, 1, 3):
                start = None
                for _ in range(40):
                    expected = original(
                        table,
                        None,
                        op,
                        values,
                        limit,
                        start,
                        forward,
                        None,
                        index,
                        hash_key_conditions=hash_conditions,
                        range_key_conditions=range_conditions,
                    )
                    got = index_reads.query(
                        table,
                        index,
                        hash_conditions,
                        range_conditions or [],
                        op,
                        values,
                        limit,
                        start,
                        forward,
                        None,
                        None,
                    )
                    case = (index, hash_value, op, forward, limit, start)
                    assert _keys(got[0]) == _keys(expected[0]), case
                    assert got[1:] == expected[1:], case
                    start = _wire(expected[2])
                    if start is None:
                        break


def _check_scans(table: Table) -> None:
    original = _original("scan")
    for index in ("by-g", "g-only", "by-l"):
        for limit in (None, 1, 4):
            start = None
            for _ in range(60):
                expected = original(table, {}, limit, start, None, index)
                got = index_reads.scan(table, index, limit, start, None, None, (None, None))
                assert _keys(got[0]) == _keys(expected[0]), (index, limit, start)
                assert got[1:] == expected[1:], (index, limit, start)
                start = _wire(expected[2])
                if start is None:
                    break


def test_index_queries_match_moto():
    _check_queries(_table())


def test_index_scans_match_moto():
    _check_scans(_table())


@pytest.mark.parametrize("seed", [1, 2])
def test_writes_keep_the_index_in_step(seed):
    table = _table()
    _check_queries(table)  # builds the sorted index keys
    _check_scans(table)
    rng = random.Random(seed)
    for _ in range(60):
        pk, sk = rng.choice(["p1", "p2", "p3", "p4"]), rng.choice(NUMBERS)
        hash_key, range_key = DynamoType({"S": pk}), DynamoType({"N": sk})
        action = rng.random()
        if action < 0.4:
            item = {"pk": {"S": pk}, "sk": {"N": sk}, "g": {"S": rng.choice(["ga", "gb"])}}
            table.put_item(item)
        elif action < 0.7:
            table.delete_item(hash_key, range_key)
        else:
            stored = table.get_item(hash_key, range_key)
            if stored is None:
                continue
            # In place, as UpdateItem does: its patch then tells the index.
            if rng.random() < 0.5:
                stored.attrs["g"] = DynamoType({"S": rng.choice(["ga", "gab"])})
            else:
                stored.attrs.pop("l", None)
        index_reads.record_write(table, hash_key, range_key)
    _check_queries(table)
    _check_scans(table)


def test_copies_rebuild_the_index_from_their_own_items():
    """A snapshot or moto's transaction copy carries no index keys; the copy's first read rebuilds them."""
    import copy
    import pickle

    table = _table()
    _check_queries(table)
    for clone in (copy.deepcopy(table), pickle.loads(pickle.dumps(table))):
        clone.put_item({"pk": {"S": "p9"}, "sk": {"N": "1"}, "g": {"S": "ga"}})
        _check_queries(clone)
        _check_scans(clone)
    _check_queries(table)

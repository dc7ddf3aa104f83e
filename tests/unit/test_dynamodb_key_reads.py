"""key_reads answers Query and Scan as moto's own Table.query and Table.scan do (items, order, counts,
LastEvaluatedKey), for every key condition, direction, page size and start key; item sizes and result
conversion match moto's."""

from __future__ import annotations

import random

import pytest
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table
from moto.dynamodb.models.utilities import dynamo_to_dict

from localstack.services.dynamodb import key_reads, result_json

STRINGS = ["a", "ab", "abc", "abd", "b", "ba", "z", "é", "éa", "中文", "a\U0001f600", "A", "0", "09", "1"]
NUMBERS = ["-10", "-1.5", "0", "0.25", "1", "2", "10", "100", "1000.5", "99999"]


def _table(range_type: str) -> Table:
    table = Table(
        "parity",
        "000000000000",
        "us-east-1",
        [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": range_type}],
    )
    values = STRINGS if range_type == "S" else NUMBERS
    for pk in ("p1", "p2", "p3"):
        for value in values:
            table.put_item({"pk": {"S": pk}, "sk": {range_type: value}, "v": {"S": f"{pk}/{value}" * 3}})
    return table


def _original(method: str):  # type: ignore[no-untyped-def]
    function = getattr(Table, method)
    return getattr(function, "__wrapped__", function)


def _keys(items: list) -> list:
    return [(item.hash_key.value, item.range_key.value) for item in items]


def _conditions(range_type: str) -> list:
    values = STRINGS if range_type == "S" else NUMBERS
    conditions: list = [(None, [])]
    for op in ("=", "<", "<=", ">", ">="):
        below_all = "00" if range_type == "S" else "-99"
        conditions += [(op, [value]) for value in values[::3]] + [(op, [below_all])]
    conditions += [("BETWEEN", [values[1], values[-2]]), ("BETWEEN", [values[4], values[4]])]
    if range_type == "S":
        conditions += [("BEGINS_WITH", [prefix]) for prefix in ("a", "ab", "é", "x", "", "0")]
    return [(op, [DynamoType({range_type: value}) for value in raw]) for op, raw in conditions]


@pytest.mark.parametrize("range_type", ["S", "N"])
def test_query_pages_match_moto(range_type):
    table = _table(range_type)
    original = _original("query")
    hash_key = DynamoType({"S": "p2"})
    for op, values in _conditions(range_type):
        for forward in (True, False):
            for limit in (None, 1, 4):
                start = None
                for _ in range(40):
                    args = (hash_key, op, values, limit, start, forward, None)
                    expected = original(table, *args)
                    got = key_reads.query(table, hash_key, op, values, limit, start, forward, None, None)
                    assert _keys(got[0]) == _keys(expected[0]), (op, values, forward, limit, start)
                    assert got[1:] == expected[1:]
                    start = expected[2]
                    if start is None:
                        break
                    start = {name: value.to_json() for name, value in start.items()}


def test_query_from_a_start_key_that_is_not_stored():
    table = _table("S")
    original = _original("query")
    hash_key = DynamoType({"S": "p1"})
    for forward in (True, False):
        start = {"pk": {"S": "p1"}, "sk": {"S": "abcc"}}
        expected = original(table, hash_key, None, [], 3, start, forward, None)
        got = key_reads.query(table, hash_key, None, [], 3, start, forward, None, None)
        assert _keys(got[0]) == _keys(expected[0]) and got[1:] == expected[1:]


def test_query_of_a_missing_partition_and_mistyped_values():
    table = _table("N")
    assert key_reads.query(table, DynamoType({"S": "none"}), None, [], None, None, True, None, None) == (
        [],
        0,
        None,
    )
    with pytest.raises(key_reads.Unsupported):
        mistyped = [DynamoType({"S": "1"})]
        key_reads.query(table, DynamoType({"S": "p1"}), "<", mistyped, None, None, True, None, None)
    with pytest.raises(key_reads.Unsupported):
        key_reads.query(table, DynamoType({"N": "1"}), None, [], None, None, True, None, None)


@pytest.mark.parametrize("segments", [(None, None), (0, 3), (2, 3)])
def test_scan_pages_match_moto(segments):
    table = _table("N")
    original = _original("scan")
    for limit in (None, 1, 7):
        start = None
        for _ in range(60):
            expected = original(table, {}, limit, start, None, None, False, None, segments=segments)
            got = key_reads.scan(table, limit, start, None, None, segments)
            assert _keys(got[0]) == _keys(expected[0]), (limit, start)
            assert got[1:] == expected[1:]
            start = expected[2]
            if start is None:
                break
            start = {name: value.to_json() for name, value in start.items()}


def _typed_item() -> dict:
    return {
        "pk": {"S": "types é"},
        "sk": {"N": "-12.5"},
        "b": {"B": b"\x00\xffbinary"},
        "b64": {"B": "AAEC"},
        "bs": {"BS": [b"\x01", "AgM="]},
        "ns": {"NS": ["1", "2.5"]},
        "ss": {"SS": ["a", "中"]},
        "bool": {"BOOL": False},
        "null": {"NULL": True},
        "l": {"L": [{"S": "x"}, {"N": "3"}, {"B": b"\x07"}, {"L": []}]},
        "m": {"M": {"inner": {"M": {"deep": {"BOOL": True}, "s": {"S": "ü"}}}}},
    }


def test_item_size_is_moto_item_size():
    table = _table("N")
    item = table.put_item(_typed_item())
    assert key_reads.item_size(item) == item.size()
    for name, value in item.attrs.items():
        assert key_reads.value_size(value) == value.size(), name


def test_result_conversion_is_moto_conversion():
    table = _table("N")
    item = table.put_item(_typed_item())
    result = {"Items": [item.attrs], "Count": 1, "LastEvaluatedKey": {"pk": item.hash_key}, "x": None}
    assert result_json.plain(result) == dynamo_to_dict(result)


def test_random_writes_keep_reads_in_order():
    table = _table("N")
    rng = random.Random(7)
    numbers = [str(rng.randint(-500, 500)) for _ in range(200)]
    for number in numbers:
        table.put_item({"pk": {"S": "p9"}, "sk": {"N": number}})
    got = key_reads.query(table, DynamoType({"S": "p9"}), None, [], None, None, True, None, None)[0]
    assert [int(item.range_key.value) for item in got] == sorted({int(n) for n in numbers})

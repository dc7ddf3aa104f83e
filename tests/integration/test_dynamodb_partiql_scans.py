"""PartiQL SELECTs whose WHERE names no partition key run as DynamoDB's Scan with a filter: a number
compared for equality, a quoted reserved word after a dot (`m."size"`), `size()`, IN and paging
(moto's engine answered no items for `n = 4` or `m.k = 4`)."""

from __future__ import annotations

import pytest

from tests.integration.dynamodb_support import pay_per_request_table


@pytest.fixture
def table(aws_client, unique_name, cleanup):
    ddb = aws_client("dynamodb")
    name = pay_per_request_table(ddb, unique_name("pqscan"), cleanup)
    ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "n": {"N": "3"}, "m": {"M": {"size": {"N": "3"}}}})
    ddb.put_item(
        TableName=name,
        Item={"pk": {"S": "b"}, "n": {"N": "4"}, "m": {"M": {"k": {"N": "4"}, "x": {"S": "y"}}}},
    )
    return name


def _keys(ddb, statement, *values, **members):
    if values:
        members["Parameters"] = list(values)
    answer = ddb.execute_statement(Statement=statement, **members)
    return sorted(item["pk"]["S"] for item in answer["Items"])


def test_number_equality_and_nested_paths(aws_client, table):
    ddb = aws_client("dynamodb")
    assert _keys(ddb, f'SELECT pk FROM "{table}" WHERE n = 4') == ["b"]
    assert _keys(ddb, f'SELECT pk FROM "{table}" WHERE n = ?', {"N": "3"}) == ["a"]
    assert _keys(ddb, f'SELECT pk FROM "{table}" WHERE m.k = 4') == ["b"]
    assert _keys(ddb, f'SELECT pk FROM "{table}" WHERE m."size" = 3') == ["a"]
    assert _keys(ddb, f'SELECT pk FROM "{table}" WHERE n IN [3, 4]') == ["a", "b"]
    assert _keys(ddb, f'SELECT pk FROM "{table}" WHERE size(m) = 2') == ["b"]
    assert _keys(ddb, f"SELECT pk FROM \"{table}\" WHERE n = 3 OR m.x = 'y'") == ["a", "b"]
    assert _keys(ddb, f"SELECT pk FROM \"{table}\" WHERE pk > 'a' AND n >= 4") == ["b"]


def test_projection_and_paging(aws_client, table):
    ddb = aws_client("dynamodb")
    answer = ddb.execute_statement(Statement=f'SELECT m.k FROM "{table}" WHERE n = 4')
    assert answer["Items"] == [{"k": {"N": "4"}}]
    seen, token = [], None
    while True:
        members = {"Limit": 1, **({"NextToken": token} if token else {})}
        answer = ddb.execute_statement(Statement=f'SELECT pk FROM "{table}" WHERE n > 0', **members)
        seen += [item["pk"]["S"] for item in answer["Items"]]
        token = answer.get("NextToken")
        if token is None:
            break
    assert sorted(seen) == ["a", "b"]


def test_or_binds_looser_than_and(aws_client, unique_name, cleanup):
    """`a AND b OR c AND d` is two branches (paritysuite/dynamodb-conformance's OR-overlap recordings,
    2026-10: branches with a negated sort-key condition run and answer the union)."""
    ddb = aws_client("dynamodb")
    name = pay_per_request_table(ddb, unique_name("pqor"), cleanup, sort_key=("sk", "S"))
    for sk in "123":
        ddb.put_item(TableName=name, Item={"pk": {"S": "o"}, "sk": {"S": sk}})

    def sort_keys(where):
        answer = ddb.execute_statement(Statement=f'SELECT * FROM "{name}" WHERE {where}', ConsistentRead=True)
        return sorted(item["sk"]["S"] for item in answer["Items"])

    cases = [
        ("pk = 'o' AND NOT sk = '1'", ["2", "3"]),
        ("pk = 'o' AND sk <> '1'", ["2", "3"]),
        ("pk = 'o' AND NOT begins_with(sk, 'x')", ["1", "2", "3"]),
        ("pk = 'o' AND NOT sk IN ['1', '3']", ["2"]),
        ("pk = 'o' AND NOT sk > '5'", ["1", "2", "3"]),
        ("pk = 'o' AND NOT (sk = '1')", ["2", "3"]),
    ]
    for left, expected in cases:
        assert sort_keys(f"{left} OR pk = 'o' AND sk = '2'") == expected, left
    assert sort_keys("pk = 'o' OR pk = 'o' AND NOT sk = '1'") == ["1", "2", "3"]

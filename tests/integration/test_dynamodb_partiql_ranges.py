"""PartiQL SELECTs of one item collection with a sort-key range, ORDER BY the sort key, or Limit and
NextToken run as DynamoDB's Query (moto's engine answered them, with `<>` comparing sets by order and
ORDER BY answering no items)."""

from __future__ import annotations

import pytest

from tests.integration.dynamodb_support import pay_per_request_table


@pytest.fixture
def table(aws_client, unique_name, cleanup):
    ddb = aws_client("dynamodb")
    name = pay_per_request_table(ddb, unique_name("pqranges"), cleanup, sort_key=("sk", "N"))
    for number in range(6):
        tags = ["x", "y"] if number % 2 else ["y", "x", "z"]
        ddb.put_item(TableName=name, Item={"pk": {"S": "a"}, "sk": {"N": str(number)}, "tags": {"SS": tags}})
    ddb.put_item(TableName=name, Item={"pk": {"S": "b"}, "sk": {"N": "9"}})
    return name


def _keys(answer):
    return [int(item["sk"]["N"]) for item in answer["Items"]]


def _select(ddb, statement, *values, **members):
    return ddb.execute_statement(Statement=statement, Parameters=list(values), **members)


def test_sort_key_ranges(aws_client, table):
    ddb = aws_client("dynamodb")
    a = {"S": "a"}
    assert _keys(_select(ddb, f'SELECT sk FROM "{table}" WHERE pk = ? AND sk > ?', a, {"N": "3"})) == [4, 5]
    between = f'SELECT sk FROM "{table}" WHERE pk = ? AND sk BETWEEN ? AND ?'
    assert _keys(_select(ddb, between, a, {"N": "1"}, {"N": "2"})) == [1, 2]
    # `<>` on a set is the complement of set equality: {x, y} equals {y, x}.
    unequal = f'SELECT sk FROM "{table}" WHERE pk = ? AND sk >= ? AND tags <> ?'
    assert _keys(_select(ddb, unequal, a, {"N": "2"}, {"SS": ["y", "x"]})) == [2, 4]


def test_order_by_sort_key(aws_client, table):
    ddb = aws_client("dynamodb")
    statement = f'SELECT sk FROM "{table}" WHERE pk = ? AND sk < ? ORDER BY sk DESC'
    assert _keys(_select(ddb, statement, {"S": "a"}, {"N": "3"})) == [2, 1, 0]
    ascending = f'SELECT sk FROM "{table}" WHERE pk = ? ORDER BY sk ASC'
    assert _keys(_select(ddb, ascending, {"S": "a"})) == [0, 1, 2, 3, 4, 5]


def test_limit_and_next_token(aws_client, table):
    ddb = aws_client("dynamodb")
    statement = f'SELECT sk FROM "{table}" WHERE pk = ? AND sk >= ?'
    values = [{"S": "a"}, {"N": "1"}]
    pages, token = [], None
    while True:
        members = {"Limit": 2, **({"NextToken": token} if token else {})}
        answer = _select(ddb, statement, *values, **members)
        pages.append(_keys(answer))
        token = answer.get("NextToken")
        if token is None:
            break
    assert pages == [[1, 2], [3, 4], [5]]


def test_index_path_is_a_query_of_the_index(aws_client, unique_name, cleanup):
    ddb = aws_client("dynamodb")
    name = unique_name("pqindex")
    pay_per_request_table(
        ddb,
        name,
        cleanup,
        attributes={"g": "S", "n": "N"},
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-g",
                "KeySchema": [
                    {"AttributeName": "g", "KeyType": "HASH"},
                    {"AttributeName": "n", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    )
    for number in range(4):
        tags = ["x", "y"] if number % 2 else ["y", "x", "z"]
        item = {"pk": {"S": f"k{number}"}, "g": {"S": "G"}, "n": {"N": str(number)}, "tags": {"SS": tags}}
        ddb.put_item(TableName=name, Item=item)
    statement = f'SELECT n FROM "{name}"."by-g" WHERE g = ? AND n > ? AND tags <> ? ORDER BY n DESC'
    answer = _select(ddb, statement, {"S": "G"}, {"N": "0"}, {"SS": ["y", "x"]})
    assert [int(item["n"]["N"]) for item in answer["Items"]] == [2]
    paged = _select(ddb, f'SELECT n FROM "{name}"."by-g" WHERE g = ?', {"S": "G"}, Limit=3)
    assert [int(item["n"]["N"]) for item in paged["Items"]] == [0, 1, 2]
    assert "NextToken" in paged

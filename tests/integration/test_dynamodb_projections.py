"""Projections as DynamoDB applies them: TransactGetItems' ProjectionExpression (moto answered whole
items), `#name[index]` elements in Query and Scan projections (moto refused `#name` as unused), and
document paths in a PartiQL SELECT list of one item collection (answered under the path's last name)."""

from __future__ import annotations

import pytest

DEEP = {"M": {"b": {"L": [{"N": "0"}, {"M": {"c": {"S": "deep"}, "d": {"S": "other"}}}]}}}


@pytest.fixture
def table(aws_client, unique_name, cleanup):
    ddb = aws_client("dynamodb")
    name = unique_name("projections")
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "N"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    cleanup.append(lambda: ddb.delete_table(TableName=name))
    ddb.put_item(
        TableName=name,
        Item={"pk": {"S": "a"}, "sk": {"N": "1"}, "x": {"S": "q"}, "n": {"N": "5"}, "a": DEEP},
    )
    ddb.put_item(TableName=name, Item={"pk": {"S": "b"}, "sk": {"N": "1"}, "x": {"S": "r"}})
    return name


def test_transact_get_items_projects_each_get(aws_client, table):
    ddb = aws_client("dynamodb")
    key_a = {"pk": {"S": "a"}, "sk": {"N": "1"}}
    answer = ddb.transact_get_items(
        TransactItems=[
            {
                "Get": {
                    "TableName": table,
                    "Key": key_a,
                    "ProjectionExpression": "x, #n, a.b[1].c",
                    "ExpressionAttributeNames": {"#n": "n"},
                }
            },
            {"Get": {"TableName": table, "Key": {"pk": {"S": "b"}, "sk": {"N": "1"}}}},
            {
                "Get": {
                    "TableName": table,
                    "Key": {"pk": {"S": "zz"}, "sk": {"N": "1"}},
                    "ProjectionExpression": "x",
                }
            },
        ]
    )
    responses = answer["Responses"]
    assert responses[0] == {
        "Item": {"x": {"S": "q"}, "n": {"N": "5"}, "a": {"M": {"b": {"L": [{"M": {"c": {"S": "deep"}}}]}}}}
    }
    assert responses[1] == {"Item": {"pk": {"S": "b"}, "sk": {"N": "1"}, "x": {"S": "r"}}}
    assert responses[2] == {}


def test_an_indexed_name_placeholder_is_used_in_query_and_scan(aws_client, table):
    ddb = aws_client("dynamodb")
    names = {"#a": "a", "#b": "b"}
    scanned = ddb.scan(TableName=table, ProjectionExpression="#a.#b[1].c", ExpressionAttributeNames=names)
    expected = {"a": {"M": {"b": {"L": [{"M": {"c": {"S": "deep"}}}]}}}}
    assert sorted(scanned["Items"], key=len, reverse=True) == [expected, {}]
    queried = ddb.query(
        TableName=table,
        KeyConditionExpression="pk = :p",
        ProjectionExpression="a.#b[0], x",
        ExpressionAttributeNames={"#b": "b"},
        ExpressionAttributeValues={":p": {"S": "a"}},
    )
    assert queried["Items"] == [{"a": {"M": {"b": {"L": [{"N": "0"}]}}}, "x": {"S": "q"}}]


def test_select_document_paths_answer_under_their_last_name(aws_client, table):
    ddb = aws_client("dynamodb")
    answer = ddb.execute_statement(Statement=f"SELECT n, a.b FROM \"{table}\" WHERE pk = 'a'")
    assert answer["Items"] == [{"n": {"N": "5"}, "b": DEEP["M"]["b"]}]
    answer = ddb.execute_statement(
        Statement=f'SELECT a.b[1].d, "x", a.nope.deeper FROM "{table}" WHERE pk = ? AND sk = 1',
        Parameters=[{"S": "a"}],
    )
    assert answer["Items"] == [{"d": {"S": "other"}, "x": {"S": "q"}}]

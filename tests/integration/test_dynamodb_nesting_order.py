"""DynamoDB's 32-level document limit (the attribute is level 1: 31 maps around a scalar are the deepest
stored) on PutItem, BatchWriteItem and TransactWriteItems, and which of a transaction's faults is
answered first: each action's item, then its expressions, in request order, all ahead of a missing
table (recorded in eu-west-2 and us-east-1, 2026-06 to 2026-10, paritysuite/dynamodb-conformance
nestingDepth and validation-ordering/transactions)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.integration.dynamodb_support import pay_per_request_table

NESTING = (
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond "
    "supported limit"
)
SYNTAX = 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "("'
UNUSED = "Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}"


def deep(depth):
    value = {"S": "leaf"}
    for _ in range(depth):
        value = {"M": {"n": value}}
    return value


def depth_of(value):
    depth = 0
    while "M" in value:
        depth, value = depth + 1, value["M"]["n"]
    return depth


@pytest.fixture
def table(aws_client, unique_name, cleanup):
    return pay_per_request_table(aws_client("dynamodb"), unique_name("nesting"), cleanup)


def _message(call):
    with pytest.raises(ClientError) as error:
        call()
    assert error.value.response["Error"]["Code"] == "ValidationException"
    return error.value.response["Error"]["Message"]


def test_each_surface_stores_31_levels_and_refuses_32(aws_client, table):
    ddb = aws_client("dynamodb")
    writes = {
        "put": lambda item: ddb.put_item(TableName=table, Item=item),
        "batch": lambda item: ddb.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": item}}]}),
        "transaction": lambda item: ddb.transact_write_items(
            TransactItems=[{"Put": {"TableName": table, "Item": item}}]
        ),
    }
    for name, write in writes.items():
        write({"pk": {"S": name}, "data": deep(31)})
        stored = ddb.get_item(TableName=table, Key={"pk": {"S": name}}, ConsistentRead=True)["Item"]
        assert depth_of(stored["data"]) == 31
        too_deep = {"pk": {"S": f"{name}-32"}, "data": deep(32)}
        assert NESTING in _message(lambda write=write, item=too_deep: write(item))
        assert "Item" not in ddb.get_item(TableName=table, Key={"pk": {"S": f"{name}-32"}})


def _broken_check(table):
    return {
        "ConditionCheck": {
            "TableName": table,
            "Key": {"pk": {"S": "cc"}},
            "ConditionExpression": "attribute_not_exists(",
        }
    }


def test_transaction_faults_in_action_order(aws_client, table):
    ddb = aws_client("dynamodb")
    too_deep = {"Put": {"TableName": table, "Item": {"pk": {"S": "deep"}, "data": deep(32)}}}
    missing = {"Put": {"TableName": f"{table}-missing", "Item": {"pk": {"S": "a"}}}}
    write = lambda items: lambda: ddb.transact_write_items(TransactItems=items)  # noqa: E731
    assert _message(write([missing, _broken_check(table)])) == SYNTAX
    assert _message(write([_broken_check(table), too_deep])) == SYNTAX
    assert _message(write([too_deep, _broken_check(table)])) == NESTING
    unused = {
        "ConditionCheck": {
            "TableName": table,
            "Key": {"pk": {"S": "cc"}},
            "ConditionExpression": "attribute_not_exists(pk)",
            "ExpressionAttributeValues": {":v": {"S": "x"}},
        }
    }
    assert _message(write([missing, unused])) == UNUSED
    assert _message(write([unused, missing])) == UNUSED
    assert _message(write([{"Put": {"TableName": table, "Item": {"pk": {"S": "cc"}}}}, unused])) == UNUSED
    assert "Item" not in ddb.get_item(TableName=table, Key={"pk": {"S": "cc"}})

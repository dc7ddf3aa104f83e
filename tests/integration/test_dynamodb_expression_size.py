"""Each DynamoDB expression is at most 4096 bytes of raw text (before placeholders are substituted),
refused with AWS's sentence as recorded against DynamoDB in us-east-1 (facts from ExtendDB's
dual-target suite): ConditionExpression and FilterExpression also name the size they measured."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

MAX = 4096
EXCEEDED = "Expression size has exceeded the maximum allowed size;"


@pytest.fixture(scope="module")
def ddb(aws_client):
    client = aws_client("dynamodb")
    client.create_table(
        TableName="expression-size",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client.put_item(TableName="expression-size", Item={"pk": {"S": "k1"}, "foo": {"S": "a"}})
    yield client
    client.delete_table(TableName="expression-size")


def _name(total: int) -> str:
    return "a" + "z" * (total - 1)


def _message(call, **kwargs) -> str:
    with pytest.raises(ClientError) as info:
        call(TableName="expression-size", **kwargs)
    error = info.value.response["Error"]
    assert error["Code"] == "ValidationException"
    return error["Message"]


def test_a_projection_over_the_limit(ddb):
    key = {"pk": {"S": "k1"}}
    assert _message(ddb.get_item, Key=key, ProjectionExpression=_name(MAX + 1)) == (
        f"Invalid ProjectionExpression: {EXCEEDED}"
    )
    assert (
        ddb.get_item(TableName="expression-size", Key=key, ProjectionExpression=_name(MAX)).get("Item", {})
        == {}
    )


def test_a_filter_and_a_condition_name_their_size(ddb):
    expression = f"{_name(MAX + 1)} = :v"
    values = {":v": {"S": "x"}}
    assert _message(ddb.scan, FilterExpression=expression, ExpressionAttributeValues=values) == (
        f"Invalid FilterExpression: {EXCEEDED} expression size: {len(expression)}"
    )
    condition = f"attribute_not_exists({_name(MAX + 1)})"
    # PutItem and UpdateItem answer inside the envelope (paritysuite/dynamodb-conformance's 2026 captures
    # supersede the older bare recording; its 2026-07 expressionSize capture notes the envelope too).
    assert _message(ddb.put_item, Item={"pk": {"S": "size"}}, ConditionExpression=condition) == (
        "1 validation error detected: "
        f"Invalid ConditionExpression: {EXCEEDED} expression size: {len(condition)}"
    )


def test_key_conditions_and_updates_do_not(ddb):
    expression = f"pk = :p AND {_name(MAX + 1)} = :q"
    values = {":p": {"S": "k1"}, ":q": {"S": "x"}}
    assert _message(ddb.query, KeyConditionExpression=expression, ExpressionAttributeValues=values) == (
        f"Invalid KeyConditionExpression: {EXCEEDED}"
    )
    update = f"SET {_name(MAX + 1)} = :v"
    assert (
        _message(
            ddb.update_item,
            Key={"pk": {"S": "k1"}},
            UpdateExpression=update,
            ExpressionAttributeValues={":v": {"S": "x"}},
        )
        == f"1 validation error detected: Invalid UpdateExpression: {EXCEEDED}"
    )


def test_the_size_is_of_the_raw_text(ddb):
    names = {f"#a{i}": f"attribute{i}" for i in range(686)}
    projection = ",".join(names)
    assert len(projection) <= MAX
    answer = ddb.get_item(
        TableName="expression-size",
        Key={"pk": {"S": "k1"}},
        ProjectionExpression=projection,
        ExpressionAttributeNames=names,
    )
    assert answer.get("Item", {}) == {}

"""A Query's key condition values are key values: a partition key over 2,048 bytes or a sort key over
1,024 bytes is refused with the sentences PutItem and GetItem answer (moto answered an empty page)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

HASH_TOO_BIG = (
    "One or more parameter values were invalid: "
    "Size of hashkey has exceeded the maximum size limit of2048 bytes"
)
RANGE_TOO_BIG = (
    "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size "
    "limit of 1024 bytes"
)


@pytest.fixture
def table(aws_client, unique_name, cleanup):
    ddb = aws_client("dynamodb")
    name = unique_name("keysizes")
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "h", "KeyType": "HASH"}, {"AttributeName": "r", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "h", "AttributeType": "S"},
            {"AttributeName": "r", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    cleanup.append(lambda: ddb.delete_table(TableName=name))
    return name


def _message(call, **kwargs):
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    error = caught.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error["Error"]["Code"] == "ValidationException"
    return error["Error"]["Message"]


def test_query_partition_key_over_2048_bytes(aws_client, table):
    ddb = aws_client("dynamodb")
    query = {"TableName": table, "KeyConditionExpression": "h = :h"}
    assert _message(ddb.query, **query, ExpressionAttributeValues={":h": {"S": "x" * 2049}}) == HASH_TOO_BIG
    assert ddb.query(**query, ExpressionAttributeValues={":h": {"S": "x" * 2048}})["Items"] == []


def test_query_sort_key_over_1024_bytes(aws_client, table):
    ddb = aws_client("dynamodb")
    ddb.put_item(TableName=table, Item={"h": {"S": "a"}, "r": {"S": "y" * 1024}})
    query = {"TableName": table, "KeyConditionExpression": "h = :h AND r = :r"}
    long_value = {":h": {"S": "a"}, ":r": {"S": "y" * 1025}}
    assert _message(ddb.query, **query, ExpressionAttributeValues=long_value) == RANGE_TOO_BIG
    legacy = {"h": {"AttributeValueList": [{"S": "a"}], "ComparisonOperator": "EQ"}}
    legacy["r"] = {"AttributeValueList": [{"S": "y" * 1025}], "ComparisonOperator": "EQ"}
    assert _message(ddb.query, TableName=table, KeyConditions=legacy) == RANGE_TOO_BIG
    found = ddb.query(**query, ExpressionAttributeValues={":h": {"S": "a"}, ":r": {"S": "y" * 1024}})
    assert found["Count"] == 1

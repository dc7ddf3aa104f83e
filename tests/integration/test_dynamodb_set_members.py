"""A set may hold an empty string or binary member; only the empty set is refused (recorded against live
DynamoDB, eu-west-2, 2026-10, paritysuite/dynamodb-conformance updateItem/basic)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.integration.dynamodb_support import pay_per_request_table


@pytest.fixture
def table(aws_client, unique_name, cleanup):
    return pay_per_request_table(aws_client("dynamodb"), unique_name("setmembers"), cleanup)


def _item(ddb, table, pk):
    return ddb.get_item(TableName=table, Key={"pk": {"S": pk}}, ConsistentRead=True)["Item"]


def test_empty_members_are_stored(aws_client, table):
    ddb = aws_client("dynamodb")
    ddb.put_item(TableName=table, Item={"pk": {"S": "put"}, "s": {"SS": [""]}, "b": {"BS": [b""]}})
    assert _item(ddb, table, "put")["s"] == {"SS": [""]}
    assert _item(ddb, table, "put")["b"] == {"BS": [b""]}
    key = {"pk": {"S": "set"}}
    ddb.update_item(
        TableName=table,
        Key=key,
        UpdateExpression="SET tags = :v",
        ExpressionAttributeValues={":v": {"SS": [""]}},
    )
    assert _item(ddb, table, "set")["tags"] == {"SS": [""]}
    ddb.put_item(TableName=table, Item={**key, "wrapper": {"M": {}}})
    ddb.update_item(
        TableName=table,
        Key=key,
        UpdateExpression="SET wrapper.tags = :v",
        ExpressionAttributeValues={":v": {"SS": [""]}},
    )
    assert _item(ddb, table, "set")["wrapper"] == {"M": {"tags": {"SS": [""]}}}
    ddb.put_item(TableName=table, Item={**key, "tags": {"SS": [""]}})
    ddb.update_item(
        TableName=table,
        Key=key,
        UpdateExpression="ADD tags :v",
        ExpressionAttributeValues={":v": {"SS": [""]}},
    )
    assert _item(ddb, table, "set")["tags"] == {"SS": [""]}


def test_the_empty_set_is_still_refused(aws_client, table):
    ddb = aws_client("dynamodb")
    with pytest.raises(ClientError) as error:
        ddb.put_item(TableName=table, Item={"pk": {"S": "e"}, "s": {"SS": []}})
    # Enveloped: the September 2026 cross-region capture (paritysuite/dynamodb-conformance, eu-west-2)
    # supersedes the older bare recording.
    assert error.value.response["Error"]["Message"] == (
        "1 validation error detected: "
        "One or more parameter values were invalid: An string set  may not be empty"
    )


def test_reads_answer_sets_in_dynamodbs_order(aws_client, table):
    """Strings and binaries bytewise, numbers by value, whatever order they were written in (recorded:
    ADD of '' onto ['a'] reads back ['', 'a'])."""
    ddb = aws_client("dynamodb")
    key = {"pk": {"S": "order"}}
    item = {**key, "s": {"SS": ["b", "a"]}, "n": {"NS": ["10", "2", "-1"]}, "b": {"BS": [b"\xff", b"\x00"]}}
    ddb.put_item(TableName=table, Item=item)
    ddb.update_item(
        TableName=table, Key=key, UpdateExpression="ADD s :v", ExpressionAttributeValues={":v": {"SS": [""]}}
    )
    expected = {"s": {"SS": ["", "a", "b"]}, "n": {"NS": ["-1", "2", "10"]}, "b": {"BS": [b"\x00", b"\xff"]}}
    read = _item(ddb, table, "order")
    assert {name: read[name] for name in expected} == expected
    queried = ddb.query(
        TableName=table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "order"}}
    )["Items"][0]
    assert {name: queried[name] for name in expected} == expected

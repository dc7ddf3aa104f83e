"""A bad number or a duplicate set member worded by the layer of DynamoDB that reads the operation's
values (captured in four regions on 2026-10-09 by paritysuite/dynamodb-conformance: facts, no code):
PutItem, UpdateItem and DeleteItem inside the `1 validation error detected: ` envelope, GetItem,
BatchGetItem and Query bare, both without the expression-value wrapper and with duplicates listed
quoted; BatchWriteItem in the older words."""

from __future__ import annotations

import base64

import pytest

from tests.integration.dynamodb_support import pay_per_request_table
from tests.integration.error_support import client_error

NOT_NUMERIC = "The parameter cannot be converted to a numeric value"
OVERFLOW = "Number overflow. Attempting to store a number with magnitude larger than supported range"
INVALID = "One or more parameter values were invalid: "
NUMBERS = [
    ("abc", f"{NOT_NUMERIC}: abc"),
    ("", f"{NOT_NUMERIC}: "),
    ("1e126", OVERFLOW),
    ("1e2147483647", OVERFLOW),
]
DUPLICATES = [
    ({"SS": ["b", "a", "b"]}, f'{INVALID}Input collection ["a", "b", "b"] contains duplicates.'),
    (
        {"BS": [base64.b64decode("/w=="), base64.b64decode("AA=="), base64.b64decode("AA==")]},
        f'{INVALID}Input collection ["AA==","/w==","AA=="]of type BS contains duplicates.',
    ),
    ({"NS": ["2", "1", "2"]}, f"{INVALID}Input collection contains duplicates."),
]
OLDER_DUPLICATES = [
    f"{INVALID}Input collection [b, a, b] contains duplicates.",
    f"{INVALID}Input collection [/w==, AA==, AA==]of type BS contains duplicates.",
    "Input collection contains duplicates",
]


def envelope(message):
    return f"1 validation error detected: {message}"


@pytest.fixture(scope="module")
def table(aws_client):
    ddb = aws_client("dynamodb")
    undo: list = []
    yield pay_per_request_table(ddb, "value-layers", undo)
    for action in undo:
        action()


def calls(ddb, table, value):
    """Each surface's call with `value` in it, and whether its layer envelopes the message."""
    key = {"pk": {"S": "vl"}}
    return [
        (lambda: ddb.put_item(TableName=table, Item={**key, "n": value}), True),
        (lambda: ddb.put_item(TableName=table, Item={**key, "n": {"M": {"x": {"L": [value]}}}}), True),
        (
            lambda: ddb.put_item(
                TableName=table,
                Item=key,
                ConditionExpression="attribute_not_exists(pk) OR n = :v",
                ExpressionAttributeValues={":v": value},
            ),
            True,
        ),
        (lambda: ddb.put_item(TableName=table, Item=key, Expected={"n": {"Value": value}}), True),
        (
            lambda: ddb.update_item(
                TableName=table,
                Key=key,
                UpdateExpression="SET n = :v",
                ExpressionAttributeValues={":v": value},
            ),
            True,
        ),
        (
            lambda: ddb.update_item(
                TableName=table, Key=key, AttributeUpdates={"n": {"Action": "PUT", "Value": value}}
            ),
            True,
        ),
        (
            lambda: ddb.delete_item(
                TableName=table,
                Key=key,
                ConditionExpression="n = :v",
                ExpressionAttributeValues={":v": value},
            ),
            True,
        ),
        (lambda: ddb.get_item(TableName=table, Key={"pk": value}), False),
        (lambda: ddb.batch_get_item(RequestItems={table: {"Keys": [{"pk": value}]}}), False),
        (
            lambda: ddb.query(
                TableName=table,
                KeyConditionExpression="pk = :p",
                FilterExpression="n = :v",
                ExpressionAttributeValues={":p": {"S": "vl"}, ":v": value},
            ),
            False,
        ),
        (
            lambda: ddb.query(
                TableName=table,
                KeyConditionExpression="pk = :p",
                ExpressionAttributeValues={":p": {"S": "vl"}},
                ExclusiveStartKey={"pk": value},
            ),
            False,
        ),
    ]


def _message(call):
    status, code, message = client_error(lambda: call())
    assert (status, code) == (400, "ValidationException")
    return message


@pytest.mark.parametrize("number,message", NUMBERS, ids=[n or "empty" for n, _ in NUMBERS])
def test_number_by_layer(aws_client, table, number, message):
    ddb = aws_client("dynamodb")
    for index, (call, enveloped) in enumerate(calls(ddb, table, {"N": number})[:-1]):
        assert _message(call) == (envelope(message) if enveloped else message), index


@pytest.mark.parametrize("value,message", DUPLICATES, ids=["SS", "BS", "NS"])
def test_duplicate_by_layer(aws_client, table, value, message):
    ddb = aws_client("dynamodb")
    for index, (call, enveloped) in enumerate(calls(ddb, table, value)):
        assert _message(call) == (envelope(message) if enveloped else message), index


@pytest.mark.parametrize(
    "value,message",
    list(zip([v for v, _ in DUPLICATES], OLDER_DUPLICATES, strict=True)),
    ids=["SS", "BS", "NS"],
)
def test_batch_write_keeps_the_older_words(aws_client, table, value, message):
    ddb = aws_client("dynamodb")
    put = {"PutRequest": {"Item": {"pk": {"S": "vl"}, "s": value}}}
    assert _message(lambda: ddb.batch_write_item(RequestItems={table: [put]})) == message


@pytest.mark.parametrize(
    "number,message",
    [
        ("abc", f"{NOT_NUMERIC}: abc"),
        ("", NOT_NUMERIC),
        ("1e126", OVERFLOW),
        (
            "1e2147483647",
            "Number underflow. Attempting to store a number with magnitude smaller than supported range",
        ),
    ],
    ids=["abc", "empty", "1e126", "1e2147483647"],
)
def test_batch_write_reads_numbers_as_big_decimals(aws_client, table, number, message):
    """The older layer: an empty number has no colon, and 1e2147483647 wraps to an underflow."""
    ddb = aws_client("dynamodb")
    put = {"PutRequest": {"Item": {"pk": {"S": "vl"}, "n": {"N": number}}}}
    assert _message(lambda: ddb.batch_write_item(RequestItems={table: [put]})) == message


OLDER_NUMBERS = [
    ("abc", f"{NOT_NUMERIC}: abc"),
    ("", NOT_NUMERIC),
    ("1e126", OVERFLOW),
    (
        "1e2147483647",
        "Number underflow. Attempting to store a number with magnitude smaller than supported range",
    ),
]


@pytest.mark.parametrize("number,message", OLDER_NUMBERS, ids=["abc", "empty", "1e126", "1e2147483647"])
def test_scan_reads_expression_numbers_in_the_older_layer(aws_client, table, number, message):
    """Scan is of the older layer: its expression values inside the wrapper, read as BigDecimals."""
    ddb = aws_client("dynamodb")
    call = lambda: ddb.scan(  # noqa: E731
        TableName=table, FilterExpression="n = :v", ExpressionAttributeValues={":v": {"N": number}}
    )
    assert _message(call) == f"ExpressionAttributeValues contains invalid value: {message} for key :v"

"""Every malformed DynamoDB request gets a 4xx in DynamoDB's JSON error shape, never a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from tests.integration.test_dynamodb_validation import AUTH, KEY, TARGET

TABLE = "hostile-table"
VALID = {
    "GetItem": {"TableName": TABLE, "Key": KEY, "ProjectionExpression": "a"},
    "PutItem": {
        "TableName": TABLE,
        "Item": {**KEY, "a": {"S": "x"}},
        "ConditionExpression": "attribute_not_exists(a)",
    },
    "UpdateItem": {
        "TableName": TABLE,
        "Key": KEY,
        "UpdateExpression": "SET a = :v",
        "ExpressionAttributeValues": {":v": {"N": "1"}},
    },
    "DeleteItem": {"TableName": TABLE, "Key": KEY, "Expected": {"a": {"Exists": False}}},
    "Query": {
        "TableName": TABLE,
        "KeyConditionExpression": "pk = :p",
        "ExpressionAttributeValues": {":p": {"S": "a"}},
        "Limit": 5,
    },
    "Scan": {
        "TableName": TABLE,
        "ScanFilter": {"a": {"ComparisonOperator": "NULL"}},
        "Segment": 0,
        "TotalSegments": 1,
    },
    "BatchGetItem": {"RequestItems": {TABLE: {"Keys": [KEY]}}},
    "BatchWriteItem": {"RequestItems": {TABLE: [{"PutRequest": {"Item": KEY}}]}},
    "TransactWriteItems": {"TransactItems": [{"Put": {"TableName": TABLE, "Item": KEY}}]},
    "TransactGetItems": {"TransactItems": [{"Get": {"TableName": TABLE, "Key": KEY}}]},
    "CreateTable": {
        "TableName": "hostile-new",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "BillingMode": "PAY_PER_REQUEST",
    },
    "UpdateTable": {"TableName": TABLE, "BillingMode": "PAY_PER_REQUEST"},
    "DescribeTable": {"TableName": TABLE},
    "UpdateTimeToLive": {
        "TableName": TABLE,
        "TimeToLiveSpecification": {"Enabled": True, "AttributeName": "t"},
    },
}
JUNK = ["x", 1, 1.5, True, [], {}, [1, "a"], {"a": 1}, {"S": 1}, {"": {"": None}}, [{"M": {"x": "y"}}]]


def _mutations():
    for operation, body in VALID.items():
        for member in body:
            for junk in JUNK:
                yield operation, {**body, member: junk}
    # Junk one level down: inside keys, items and expression values.
    for junk in JUNK:
        yield "PutItem", {"TableName": TABLE, "Item": {**KEY, "a": junk}}
        yield "GetItem", {"TableName": TABLE, "Key": {"pk": junk, "sk": {"N": "1"}}}
        yield "Query", {**VALID["Query"], "ExpressionAttributeValues": {":p": junk}}
        yield "BatchWriteItem", {"RequestItems": {TABLE: [junk]}}
        yield "TransactWriteItems", {"TransactItems": [{"Update": junk}]}
    yield "PutItem", {"TableName": TABLE, "Item": {**KEY, "n": {"N": "1" * 100}}}
    yield "PutItem", {"TableName": TABLE, "Item": {**KEY, "m": {"M": {"a": {"L": [{"NS": ["1", "x"]}]}}}}}


@pytest.fixture(scope="module")
def hostile_table(server):
    body = {
        "TableName": TABLE,
        "KeySchema": [
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        "AttributeDefinitions": [
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "N"},
        ],
        "BillingMode": "PAY_PER_REQUEST",
    }
    _post(server, "CreateTable", body)
    yield TABLE
    for name in (TABLE, "hostile-new"):
        _post(server, "DeleteTable", {"TableName": name})


def _post(server, operation: str, body) -> requests.Response:
    return requests.post(
        server.edge_url,
        data=body if isinstance(body, (str, bytes)) else json.dumps(body),
        headers={
            "X-Amz-Target": f"{TARGET}.{operation}",
            "Authorization": AUTH,
            "Content-Type": "application/x-amz-json-1.0",
        },
        timeout=30,
    )


def test_no_malformed_request_gets_a_server_error(server, hostile_table):
    failures = []
    for operation, body in _mutations():
        response = _post(server, operation, body)
        if response.status_code >= 500 or "__type" not in response.text and response.status_code >= 400:
            failures.append((operation, body, response.status_code, response.text[:200]))
    assert failures == []


@pytest.mark.parametrize("value", [{"a": 1}, {"a": ""}, {"": {"": None}}, {"S": None}])
def test_a_value_with_no_known_type_is_empty(server, hostile_table, value):
    # AWS's deserializer ignores members an AttributeValue does not have, and null ones.
    response = _post(server, "PutItem", {"TableName": TABLE, "Item": {**KEY, "a": value}})
    assert response.status_code == 400
    assert response.json() == {
        "__type": "com.amazon.coral.validate#ValidationException",
        # PutItem answers its request refusals inside the envelope (the September 2026 cross-region capture
        # of paritysuite/dynamodb-conformance supersedes the older bare form; same check as the empty set).
        "message": "1 validation error detected: Supplied AttributeValue is empty, must contain exactly one "
        "of the supported datatypes",
    }


def test_members_a_value_does_not_have_are_ignored(server, hostile_table):
    key = {"pk": {"S": "ignored"}, "sk": {"N": "1", "junk": 1}}
    item = {**key, "a": {"S": "x", "N": None, "x": [1]}, "m": {"M": {"b": {"BOOL": True, "y": {}}}}}
    response = _post(server, "PutItem", {"TableName": TABLE, "Item": item})
    assert response.status_code == 200, response.text
    stored = _post(server, "GetItem", {"TableName": TABLE, "Key": key}).json()["Item"]
    assert stored == {
        "pk": {"S": "ignored"},
        "sk": {"N": "1"},
        "a": {"S": "x"},
        "m": {"M": {"b": {"BOOL": True}}},
    }


# Legacy parameters, transactions and PartiQL: more places for junk to land.
DEEP = {
    "Query": {
        "TableName": TABLE,
        "KeyConditions": {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "a"}]}},
        "QueryFilter": {"x": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "a"}]}},
        "ExclusiveStartKey": KEY,
    },
    "UpdateItem": {
        "TableName": TABLE,
        "Key": KEY,
        "AttributeUpdates": {"a": {"Action": "PUT", "Value": {"S": "x"}}},
        "Expected": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "x"}]}},
    },
    "TransactWriteItems": {
        "TransactItems": [
            {"ConditionCheck": {"TableName": TABLE, "Key": KEY, "ConditionExpression": "a = a"}},
            {"Delete": {"TableName": TABLE, "Key": {"pk": {"S": "b"}, "sk": {"N": "1"}}}},
        ]
    },
    "ExecuteStatement": {"Statement": f'SELECT * FROM "{TABLE}" WHERE pk = ?', "Parameters": [{"S": "a"}]},
    "ExecuteTransaction": {
        "TransactStatements": [
            {"Statement": f'DELETE FROM "{TABLE}" WHERE pk = ? AND sk = 1', "Parameters": [{"S": "z"}]}
        ]
    },
    **{operation: VALID[operation] for operation in ("Scan", "BatchGetItem", "CreateTable", "DeleteItem")},
}
DEEP_JUNK = [None, {"S": None}, "x", {}, [], {"a": 1}]


def _paths(value, path=()):
    if path:
        yield path
    children: Any = ()
    if isinstance(value, dict):
        children = value.items()
    elif isinstance(value, list):
        children = enumerate(value)
    for key, child in children:
        yield from _paths(child, (*path, key))


def _replaced(body, path, junk):
    body = json.loads(json.dumps(body))
    parent = body
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = junk
    return body


def test_junk_at_every_depth_is_a_client_error(server, hostile_table):
    failures = []
    for operation, body in DEEP.items():
        for path in _paths(body):
            for junk in DEEP_JUNK:
                response = _post(server, operation, _replaced(body, path, junk))
                refused = response.status_code >= 400
                if response.status_code >= 500 or refused and "__type" not in response.text:
                    failures.append((operation, path, junk, response.status_code, response.text[:200]))
    assert failures == []


@pytest.mark.parametrize(
    "operation,body,where",
    [
        ("TransactWriteItems", {"TransactItems": [None]}, "transactItems.1.member"),
        ("DeleteItem", {"TableName": TABLE, "Key": KEY, "Expected": {"a": None}}, "expected.a.member"),
        ("BatchWriteItem", {"RequestItems": {TABLE: None}}, f"requestItems.{TABLE}.member"),
    ],
)
def test_a_null_member_is_refused_by_the_request_checks(server, operation, body, where):
    response = _post(server, operation, body)
    assert (response.status_code, response.json()) == (
        400,
        {
            "__type": "com.amazon.coral.validate#ValidationException",
            "message": f"1 validation error detected: Value null at '{where}' failed to satisfy constraint: "
            "Member must not be null",
        },
    )


@pytest.mark.parametrize(
    "raw",
    [
        '{"TableName": "\\ud800"}',
        "{",
        "[]",
    ],
    ids=["surrogate", "truncated", "array"],
)
def test_unparseable_bodies_are_client_errors(server, raw):
    response = _post(server, "GetItem", raw)
    assert 400 <= response.status_code < 500, response.text


ITEM = {
    **KEY,
    "s": {"S": "str"},
    "l": {"L": [{"N": "1"}]},
    "m": {"M": {"x": {"N": "1"}}},
    "n": {"N": "5"},
}
CONDITION_FAILED = "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException"
VALIDATION = "com.amazon.coral.validate#ValidationException"
INVALID_PATH = "The document path provided in the update expression is invalid for update"

# (operation, body, __type, message): requests that fit the model but not the stored item.
DATA_DEPENDENT = [
    (
        "UpdateItem",
        {"UpdateExpression": "SET s[0] = :v", "ExpressionAttributeValues": {":v": {"S": "x"}}},
        VALIDATION,
        INVALID_PATH,
    ),
    (
        "UpdateItem",
        {"UpdateExpression": "SET nope.a = :v", "ExpressionAttributeValues": {":v": {"S": "x"}}},
        VALIDATION,
        INVALID_PATH,
    ),
    (
        "UpdateItem",
        {"UpdateExpression": "SET s.a = :v", "ExpressionAttributeValues": {":v": {"S": "x"}}},
        VALIDATION,
        INVALID_PATH,
    ),
    (
        "UpdateItem",
        {"UpdateExpression": "SET m[0] = :v", "ExpressionAttributeValues": {":v": {"S": "x"}}},
        VALIDATION,
        INVALID_PATH,
    ),
    (
        "UpdateItem",
        {"AttributeUpdates": {"n": {"Action": "ADD", "Value": {"NS": ["1"]}}}},
        VALIDATION,
        "Type mismatch for attribute to update",
    ),
    ("UpdateItem", {"UpdateExpression": "REMOVE m.x.y"}, VALIDATION, INVALID_PATH),
    (
        "UpdateItem",
        {"UpdateExpression": "SET l = list_append(:v, nope)", "ExpressionAttributeValues": {":v": {"L": []}}},
        VALIDATION,
        "The provided expression refers to an attribute that does not exist in the item",
    ),
    (
        "UpdateItem",
        {"UpdateExpression": "SET n = :v + :v", "ExpressionAttributeValues": {":v": {"N": "9e125"}}},
        VALIDATION,
        "Number overflow. Attempting to store a number with magnitude larger than supported range",
    ),
    (
        "PutItem",
        {"ConditionExpression": "s < :v", "ExpressionAttributeValues": {":v": {"N": "1"}}},
        CONDITION_FAILED,
        "The conditional request failed",
    ),
    (
        "PutItem",
        {"ConditionExpression": "size(nope) > :v", "ExpressionAttributeValues": {":v": {"N": "1"}}},
        CONDITION_FAILED,
        "The conditional request failed",
    ),
    (
        "DeleteItem",
        {"ConditionExpression": "contains(n, :v)", "ExpressionAttributeValues": {":v": {"N": "1"}}},
        CONDITION_FAILED,
        "The conditional request failed",
    ),
    (
        "ExecuteStatement",
        {"Statement": "garbage"},
        VALIDATION,
        "Statement wasn't well formed, can't be processed: Expected data manipulation",
    ),
]


@pytest.mark.parametrize(
    "operation,body,kind,message", DATA_DEPENDENT, ids=[m[:50] for _, _, _, m in DATA_DEPENDENT]
)
def test_requests_that_do_not_fit_the_item_answer_as_dynamodb(
    server, hostile_table, operation, body, kind, message
):
    assert _post(server, "PutItem", {"TableName": TABLE, "Item": ITEM}).status_code == 200
    if operation == "PutItem":
        body = {"TableName": TABLE, "Item": ITEM, **body}
    elif operation != "ExecuteStatement":
        body = {"TableName": TABLE, "Key": KEY, **body}
    response = _post(server, operation, body)
    assert response.status_code == 400, response.text
    answer = response.json()
    assert (answer["__type"], answer.get("message") or answer.get("Message")) == (kind, message)


def test_filters_on_mismatched_types_select_nothing(server, hostile_table):
    assert _post(server, "PutItem", {"TableName": TABLE, "Item": ITEM}).status_code == 200
    scanned = _post(
        server,
        "Scan",
        {"TableName": TABLE, "FilterExpression": "s < :v", "ExpressionAttributeValues": {":v": {"N": "1"}}},
    ).json()
    assert scanned["Count"] == 0 and scanned["ScannedCount"] >= 1
    legacy = _post(
        server,
        "Query",
        {
            "TableName": TABLE,
            "KeyConditions": {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "a"}]}},
            "QueryFilter": {
                "n": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [{"S": "x"}]},
                "missing": {"ComparisonOperator": "NULL"},
            },
        },
    ).json()
    assert legacy["Count"] == 0
    present = _post(
        server,
        "Query",
        {
            "TableName": TABLE,
            "KeyConditions": {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "a"}]}},
            "QueryFilter": {
                "missing": {"ComparisonOperator": "NULL"},
                "n": {"ComparisonOperator": "NOT_NULL"},
            },
        },
    ).json()
    assert present["Count"] == 1


def test_updates_may_read_key_attributes_and_new_items_hold_their_key(server, hostile_table):
    key = {"pk": {"S": "fresh"}, "sk": {"N": "7"}}
    body = {
        "TableName": TABLE,
        "Key": key,
        "UpdateExpression": "SET dup = pk, n = sk + :one",
        "ExpressionAttributeValues": {":one": {"N": "1"}},
        "ReturnValues": "ALL_NEW",
    }
    response = _post(server, "UpdateItem", body)
    assert response.status_code == 200, response.text
    assert response.json()["Attributes"] == {**key, "dup": {"S": "fresh"}, "n": {"N": "8"}}

"""Every malformed DynamoDB request gets a 4xx in DynamoDB's JSON error shape, never a 500."""

from __future__ import annotations

import json

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

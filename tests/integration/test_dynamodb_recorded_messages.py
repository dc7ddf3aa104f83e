# ruff: noqa: E501 (each row is one recorded request and its sentence, kept whole to compare with the source)
"""DynamoDB's messages as recorded against live DynamoDB by an external conformance suite (facts, no
code, from nubo-db/dynamodb-conformance's tier-3 error-message tests): each raw request and AWS's exact
`__type` and message. Where regions word a rule differently, the older (still most regions') wording."""

from __future__ import annotations

import json

import pytest
import requests

TARGET = "DynamoDB_20120810"
AUTH = (
    "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/dynamodb/aws4_request, "
    "SignedHeaders=host;x-amz-date;x-amz-target, Signature=0"
)
VALIDATION = "com.amazon.coral.validate#ValidationException"
TABLE = "recorded-messages"
HASH_TABLE = "recorded-messages-hash"


def call(server, operation: str, body: dict) -> requests.Response:
    return requests.post(
        server.edge_url,
        data=json.dumps(body),
        headers={
            "X-Amz-Target": f"{TARGET}.{operation}",
            "Content-Type": "application/x-amz-json-1.0",
            "Authorization": AUTH,
        },
        timeout=30,
    )


@pytest.fixture(scope="module")
def tables(server):
    composite = {
        "TableName": TABLE,
        "KeySchema": [
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        "AttributeDefinitions": [
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
            {"AttributeName": "lsi1sk", "AttributeType": "S"},
        ],
        "GlobalSecondaryIndexes": [
            {
                "IndexName": "gsi1",
                "KeySchema": [{"AttributeName": "lsi1sk", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        "BillingMode": "PAY_PER_REQUEST",
    }
    hashed = {
        "TableName": HASH_TABLE,
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "BillingMode": "PAY_PER_REQUEST",
    }
    for body in (composite, hashed):
        response = call(server, "CreateTable", body)
        assert response.status_code == 200, response.text
    yield
    for name in (TABLE, HASH_TABLE):
        call(server, "DeleteTable", {"TableName": name})


V = {":v": {"S": "val"}}
CASES = [
    # PutItem
    (
        "PutItem",
        {"Item": {"pk": {"S": "t"}}},
        "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null",
    ),
    (
        "PutItem",
        {"TableName": "bad table!@#", "Item": {"pk": {"S": "t"}}},
        "1 validation error detected: Value 'bad table!@#' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    ),
    (
        "PutItem",
        {"TableName": HASH_TABLE, "Item": {"pk": {"S": "t"}, "bad": {"SS": []}}},
        "One or more parameter values were invalid: An string set  may not be empty",
    ),
    (
        "PutItem",
        {"TableName": HASH_TABLE, "Item": {"pk": {"S": "t"}, "bad": {"NS": []}}},
        "One or more parameter values were invalid: An number set  may not be empty",
    ),
    (
        "PutItem",
        {
            "TableName": HASH_TABLE,
            "Item": {"pk": {"S": "t"}},
            "Expected": {"pk": {"Exists": False}},
            "ConditionExpression": "attribute_not_exists(pk)",
        },
        "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}",
    ),
    (
        "PutItem",
        {"TableName": HASH_TABLE, "Item": {"pk": {"S": "t"}}, "ExpressionAttributeValues": V},
        "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null",
    ),
    (
        "PutItem",
        {
            "TableName": HASH_TABLE,
            "Item": {"pk": {"S": "t"}},
            "ConditionExpression": "((attribute_not_exists(pk)))",
        },
        "Invalid ConditionExpression: The expression has redundant parentheses;",
    ),
    (
        "PutItem",
        {
            "TableName": HASH_TABLE,
            "Item": {"pk": {"S": "t"}},
            "ConditionExpression": "contains(#a, #a)",
            "ExpressionAttributeNames": {"#a": "data"},
        },
        "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [data]",
    ),
    # Query
    (
        "Query",
        {"TableName": TABLE, "KeyConditionExpression": "sk = :v", "ExpressionAttributeValues": V},
        "Query condition missed key schema element: pk",
    ),
    (
        "Query",
        {"TableName": TABLE, "KeyConditionExpression": "attr1 = :v", "ExpressionAttributeValues": V},
        "Query condition missed key schema element: pk",
    ),
    (
        "Query",
        {
            "TableName": TABLE,
            "KeyConditionExpression": "pk = :v",
            "ExpressionAttributeValues": V,
            "ExpressionAttributeNames": {"#unused": "x"},
        },
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}",
    ),
    (
        "Query",
        {
            "TableName": TABLE,
            "KeyConditionExpression": "pk = :v",
            "ExpressionAttributeValues": V,
            "Select": "INVALID_VALUE",
        },
        "1 validation error detected: Value 'INVALID_VALUE' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]",
    ),
    (
        "Query",
        {
            "TableName": TABLE,
            "IndexName": "gsi1",
            "KeyConditionExpression": "#hk = :v",
            "ExpressionAttributeNames": {"#hk": "lsi1sk"},
            "ExpressionAttributeValues": V,
            "ConsistentRead": True,
        },
        "Consistent reads are not supported on global secondary indexes",
    ),
    (
        "Query",
        {"TableName": TABLE, "KeyConditionExpression": "", "ExpressionAttributeValues": V},
        "Invalid KeyConditionExpression: The expression can not be empty;",
    ),
    (
        "Query",
        {
            "TableName": TABLE,
            "KeyConditionExpression": "pk = :pk",
            "FilterExpression": "#missing = :fv",
            "ExpressionAttributeValues": {":pk": {"S": "v"}, ":fv": {"S": "x"}},
        },
        "Invalid FilterExpression: An expression attribute name used in the document path is not defined; attribute name: #missing",
    ),
    # TransactWriteItems
    (
        "TransactWriteItems",
        {
            "TransactItems": [
                {"Put": {"TableName": HASH_TABLE, "Item": {"pk": {"S": "dup"}}}},
                {"Put": {"TableName": HASH_TABLE, "Item": {"pk": {"S": "dup"}}}},
            ]
        },
        "Transaction request cannot include multiple operations on one item",
    ),
    (
        "TransactWriteItems",
        {"TransactItems": [{"Put": {"TableName": HASH_TABLE, "Item": {"pk": {"S": ""}}}}]},
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk",
    ),
    (
        "TransactWriteItems",
        {"TransactItems": [{"Put": {"TableName": "bad!name", "Item": {"pk": {"S": "a"}}}}]},
        "1 validation error detected: Value 'bad!name' at 'transactItems.1.member.put.tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    ),
    (
        "TransactWriteItems",
        {
            "TransactItems": [
                {"Put": {"TableName": HASH_TABLE, "Item": {"pk": {"S": "a"}}}},
                {
                    "Update": {
                        "TableName": "bad!name",
                        "Key": {"pk": {"S": "a"}},
                        "UpdateExpression": "SET a = :a",
                        "ExpressionAttributeValues": {":a": {"S": "x"}},
                    }
                },
            ]
        },
        "1 validation error detected: Value 'bad!name' at 'transactItems.2.member.update.tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    ),
    (
        "TransactWriteItems",
        {
            "TransactItems": [
                {
                    "ConditionCheck": {
                        "TableName": "bad!name",
                        "Key": {"pk": {"S": "a"}},
                        "ConditionExpression": "attribute_exists(pk)",
                    }
                }
            ]
        },
        "1 validation error detected: Value 'bad!name' at 'transactItems.1.member.conditionCheck.tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    ),
    (
        "TransactWriteItems",
        {
            "TransactItems": [
                {"Put": {"TableName": HASH_TABLE, "Item": {"pk": {"S": "a"}}, "ConditionExpression": ""}}
            ]
        },
        "Invalid ConditionExpression: The expression can not be empty;",
    ),
    (
        "TransactWriteItems",
        {
            "TransactItems": [
                {
                    "ConditionCheck": {
                        "TableName": HASH_TABLE,
                        "Key": {"pk": {"S": "a"}},
                        "ConditionExpression": "attribute_not_exists(",
                    }
                }
            ]
        },
        'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "("',
    ),
    (
        "TransactWriteItems",
        {
            "TransactItems": [
                {
                    "ConditionCheck": {
                        "TableName": HASH_TABLE,
                        "Key": {"pk": {"S": "a"}},
                        "ConditionExpression": "attribute_not_exists(pk)",
                        "ExpressionAttributeValues": V,
                    }
                }
            ]
        },
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}",
    ),
    (
        "TransactWriteItems",
        {"TransactItems": [{}]},
        "Invalid Request: TransactWriteRequest should contain Delete or Put or Update request",
    ),
]


@pytest.mark.parametrize("operation,body,message", CASES, ids=[f"{o}:{m[:50]}" for o, _, m in CASES])
def test_recorded_message(server, tables, operation, body, message):
    response = call(server, operation, body)
    assert response.status_code == 400, response.text
    answer = response.json()
    assert (answer["__type"], answer.get("message") or answer.get("Message")) == (VALIDATION, message)

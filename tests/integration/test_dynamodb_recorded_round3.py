"""DynamoDB behaviour recorded against live DynamoDB, third round: the order of validation sentences,
and what the recordings and the API reference say of PartiQL paths, status sequences, TTL and
ReturnValues. Raw requests where the SDK would refuse them before sending."""

from __future__ import annotations

from tests.integration.test_dynamodb_validation import call

VALIDATE = "com.amazon.coral.validate#ValidationException"
EMPTY_NAME = (
    "Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1"
)
NO_KEY = "Value null at 'key' failed to satisfy constraint: Member must not be null"
ENUM = "failed to satisfy constraint: Member must satisfy enum value set:"


def _refusal(server, operation: str, body: dict) -> str:
    response = call(server, operation, body)
    assert response.status_code == 400
    assert response.json()["__type"] == VALIDATE
    return response.json()["message"]


def test_update_item_sentences_in_member_order(server):
    """paritysuite/dynamodb-conformance validation-ordering/updateItem, eu-west-2 and us-east-1,
    2026-10-09: `returnConsumedCapacity; tableName; returnValues; key`."""
    body = {
        "TableName": "",
        "UpdateExpression": "SET a = :a",
        "ExpressionAttributeValues": {":a": {"S": "x"}},
        "ReturnConsumedCapacity": "INVALID",
        "ReturnValues": "INVALID",
    }
    assert _refusal(server, "UpdateItem", body) == (
        "4 validation errors detected: "
        f"Value 'INVALID' at 'returnConsumedCapacity' {ENUM} [INDEXES, TOTAL, NONE]; "
        f"{EMPTY_NAME}; "
        f"Value 'INVALID' at 'returnValues' {ENUM} [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]; "
        f"{NO_KEY}"
    )
    body = {k: v for k, v in body.items() if not k.startswith("Return")}
    assert _refusal(server, "UpdateItem", body) == f"2 validation errors detected: {EMPTY_NAME}; {NO_KEY}"


def test_scan_sentences_in_member_order(server):
    """dynalite's Scan test recorded against DynamoDB (`should return ValidationException for incorrect
    attributes`): select, indexName, totalSegments, returnConsumedCapacity, tableName,
    conditionalOperator, scanFilter, segment, limit; ten at most."""
    body = {
        "TableName": "abc;",
        "ReturnConsumedCapacity": "hi",
        "IndexName": "abc;",
        "Segment": -1,
        "TotalSegments": -1,
        "Select": "hi",
        "Limit": -1,
        "ScanFilter": {"a": {}, "b": {"ComparisonOperator": ""}},
        "ConditionalOperator": "AN",
    }
    message = _refusal(server, "Scan", body)
    assert message.startswith("10 validation errors detected: ")
    paths = [part.split(" at '")[1].split("'")[0] for part in message.split("; ") if " at '" in part]
    assert paths == [
        "select",
        "indexName",
        "totalSegments",
        "returnConsumedCapacity",
        "tableName",
        "conditionalOperator",
        "scanFilter.a.member.comparisonOperator",
        "scanFilter.b.member.comparisonOperator",
        "segment",
        "limit",
    ]

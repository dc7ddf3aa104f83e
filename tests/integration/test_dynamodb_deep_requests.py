"""Which error DynamoDB answers when a request holds a value nested past its limits and something else
is wrong too, all before the (absent) table is looked up: a transaction's actions checked one at a
time in request order, an empty attribute name of a Put ahead of its values, and a key nested past
about 62 levels read after its action's expressions (recorded in eu-west-2 and us-east-1, 2026-10-09,
paritysuite/dynamodb-conformance validation-ordering/deepRequests)."""

from __future__ import annotations

import pytest

from tests.integration.test_dynamodb_validation import call

NEST = (
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond "
    "supported limit"
)
SYNTAX = 'Invalid ConditionExpression: Syntax error; token: "=", near: "= = b"'
EMPTY_NAME = "Empty attribute name"
XOR_OLDER = (
    "1 validation error detected: Value 'XOR' at 'conditionalOperator' failed to satisfy constraint: Member "
    "must satisfy enum value set: [OR, AND]"
)
RV_OLDER = (
    "1 validation error detected: Value 'BOGUS' at 'returnValues' failed to satisfy constraint: Member must "
    "satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]"
)
A = "deep_order_absent"


def deep(depth):
    value = {"S": "leaf"}
    for _ in range(depth):
        value = {"M": {"n": value}}
    return value


def key(pk):
    return {"pk": pk, "sk": {"S": "1"}}


S_A, S_B = {"S": "a"}, {"S": "b"}
EMPTY_PUT = {"Put": {"TableName": A, "Item": {**key(S_A), "": {"S": "x"}}}}
BAD_PUT = {"Put": {"TableName": A, "Item": key(S_A), "ConditionExpression": "a = = b"}}


def _check(depth):
    return {
        "ConditionCheck": {
            "TableName": A,
            "Key": key(S_B),
            "ConditionExpression": "d = :deep",
            "ExpressionAttributeValues": {":deep": deep(depth)},
        }
    }


TRANSACTIONS = [
    ([{"Put": {"TableName": A, "Item": {**key(S_B), "d": deep(40)}}}, EMPTY_PUT], NEST),
    ([EMPTY_PUT, {"Put": {"TableName": A, "Item": {**key(S_B), "d": deep(100)}}}], EMPTY_NAME),
    ([{"Put": {"TableName": A, "Item": {**key(S_A), "": {"S": "x"}, "d": deep(100)}}}], EMPTY_NAME),
    ([{"Put": {"TableName": A, "Item": {**key(S_A), "d": deep(100), "": {"S": "x"}}}}], EMPTY_NAME),
    ([{"Put": {"TableName": A, "Item": {**key(S_A), "m": {"M": {"": {"S": "x"}}}, "d": deep(40)}}}], NEST),
    ([EMPTY_PUT, _check(100)], EMPTY_NAME),
    ([{"Delete": {"TableName": A, "Key": key(deep(40))}}, BAD_PUT], NEST),
    ([BAD_PUT, {"Delete": {"TableName": A, "Key": key(deep(100))}}], SYNTAX),
    ([{"Delete": {"TableName": A, "Key": key(deep(100)), "ConditionExpression": "a = = b"}}], SYNTAX),
    (
        [
            {
                "Delete": {
                    "TableName": A,
                    "Key": key(deep(100)),
                    "ConditionExpression": "a = :v" + " AND a = :v" * 373,
                    "ExpressionAttributeValues": {":v": S_A},
                }
            }
        ],
        "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; "
        "expression size: 4109",
    ),
]


@pytest.mark.parametrize("items,message", TRANSACTIONS)
def test_transaction_actions_in_order(server, items, message):
    response = call(server, "TransactWriteItems", {"TransactItems": items})
    assert response.status_code == 400
    assert response.json()["message"] == message


def test_legacy_enums_ahead_of_deep_values(server):
    expected = {"a": {"Value": deep(100)}, "b": {"Exists": False}}
    put = {"TableName": A, "Item": key(S_A), "Expected": expected, "ConditionalOperator": "XOR"}
    assert call(server, "PutItem", put).json()["message"] == XOR_OLDER
    deep_key = {"TableName": A, "Key": key(deep(100)), "ReturnValues": "BOGUS"}
    assert call(server, "DeleteItem", deep_key).json()["message"] == RV_OLDER
    condition = {
        "TableName": A,
        "Key": key(S_A),
        "ConditionExpression": "#d = :deep",
        "ExpressionAttributeNames": {"#d": "d"},
        "ExpressionAttributeValues": {":deep": deep(100)},
        "ReturnValues": "UPDATED_NEW",
    }
    # Enveloped: paritysuite/dynamodb-conformance deleteItem (eu-west-2, us-east-1, 2026-10-09) supersedes
    # the older bare recording.
    assert (
        call(server, "DeleteItem", condition).json()["message"]
        == "1 validation error detected: ReturnValues can only be ALL_OLD or NONE"
    )

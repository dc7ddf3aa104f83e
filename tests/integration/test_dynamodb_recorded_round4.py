"""DynamoDB behaviour recorded against live DynamoDB, fourth round: PutItem, UpdateItem and DeleteItem
answer a refusal found before the table is read inside the `1 validation error detected: ` envelope,
and a refusal checked against the table's schema bare (paritysuite/dynamodb-conformance error-messages
putItem, updateItem and deleteItem, eu-west-2 and us-east-1, 2026-10-09; its September 2026
cross-region capture for the other sentences)."""

from __future__ import annotations

import pytest

from tests.integration.test_dynamodb_recorded_round3 import _refusal
from tests.integration.test_dynamodb_validation import call

ONE = "1 validation error detected: "
INVALID = "One or more parameter values were invalid: "
EMPTY_CONDITION = "Invalid ConditionExpression: The expression can not be empty;"
TABLE = "recorded-round4"


@pytest.fixture(scope="module")
def table(server):
    body = {
        "TableName": TABLE,
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "BillingMode": "PAY_PER_REQUEST",
    }
    assert call(server, "CreateTable", body).status_code == 200
    yield TABLE
    call(server, "DeleteTable", {"TableName": TABLE})


PUT = {"TableName": TABLE, "Item": {"pk": {"S": "em-put-envelope"}}}
DELETE = {"TableName": TABLE, "Key": {"pk": {"S": "em-del-envelope"}}}

RECORDED = [
    (
        "PutItem",
        PUT,
        {"ExpressionAttributeValues": {":v": {"S": "x"}}},
        "ExpressionAttributeValues can only be specified when using expressions",
    ),
    (
        "PutItem",
        PUT,
        {"ExpressionAttributeNames": {"#a": "a"}},
        "ExpressionAttributeNames can only be specified when using expressions",
    ),
    ("PutItem", PUT, {"ConditionExpression": ""}, EMPTY_CONDITION),
    (
        "PutItem",
        PUT,
        {"Expected": {"a": {"Exists": True}}},
        INVALID + "Value must be provided when Exists is true for Attribute: a",
    ),
    (
        "PutItem",
        PUT,
        {"Expected": {"a": {"ComparisonOperator": "EQ"}}},
        INVALID + "Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a",
    ),
    (
        "DeleteItem",
        DELETE,
        {"ExpressionAttributeValues": {":v": {"S": "x"}}},
        "ExpressionAttributeValues can only be specified when using expressions",
    ),
    (
        "DeleteItem",
        DELETE,
        {"ExpressionAttributeNames": {"#a": "a"}},
        "ExpressionAttributeNames can only be specified when using expressions",
    ),
    (
        "DeleteItem",
        DELETE,
        {"ConditionExpression": "attribute_exists(a)", "ExpressionAttributeValues": {}},
        "ExpressionAttributeValues must not be empty",
    ),
    (
        "DeleteItem",
        DELETE,
        {"ConditionExpression": "attribute_exists(a)", "ExpressionAttributeNames": {}},
        "ExpressionAttributeNames must not be empty",
    ),
    ("DeleteItem", DELETE, {"ConditionExpression": ""}, EMPTY_CONDITION),
    ("DeleteItem", DELETE, {"ReturnValues": "ALL_NEW"}, "ReturnValues can only be ALL_OLD or NONE"),
    ("DeleteItem", DELETE, {"ReturnValues": "UPDATED_NEW"}, "ReturnValues can only be ALL_OLD or NONE"),
    (
        "DeleteItem",
        DELETE,
        {"Expected": {"a": {"Exists": True}}},
        INVALID + "Value must be provided when Exists is true for Attribute: a",
    ),
    (
        "DeleteItem",
        DELETE,
        {"Expected": {"a": {"Exists": False, "Value": {"S": "x"}}}},
        INVALID + "Value cannot be used when Exists is false for Attribute: a",
    ),
    (
        "DeleteItem",
        DELETE,
        {
            "Expected": {
                "a": {"Value": {"S": "x"}, "ComparisonOperator": "EQ", "AttributeValueList": [{"S": "x"}]}
            }
        },
        INVALID + "Value and AttributeValueList cannot be used together for Attribute: a",
    ),
    (
        "DeleteItem",
        DELETE,
        {"Expected": {"a": {"ComparisonOperator": "EQ"}}},
        INVALID + "Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a",
    ),
    (
        "DeleteItem",
        DELETE,
        {"Expected": {"a": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"S": "x"}]}}},
        INVALID + "Invalid number of argument(s) for the BETWEEN ComparisonOperator",
    ),
]


@pytest.mark.parametrize(
    "operation,base,members,sentence", RECORDED, ids=[f"{o}:{s[:40]}" for o, _, __, s in RECORDED]
)
def test_a_request_refusal_is_enveloped(server, table, operation, base, members, sentence):
    assert _refusal(server, operation, {**base, **members}) == ONE + sentence


def test_an_undefined_condition_value_beside_a_defined_update_value(server, table):
    body = {
        "TableName": TABLE,
        "Key": {"pk": {"S": "em-upd-key-mod"}},
        "UpdateExpression": "SET b = :w",
        "ConditionExpression": "a = :v",
        "ExpressionAttributeValues": {":w": {"S": "x"}},
    }
    assert _refusal(server, "UpdateItem", body) == (
        ONE + "Invalid ConditionExpression: An expression attribute value used in expression is not defined; "
        "attribute value: :v"
    )


def test_the_same_refusal_is_enveloped_for_a_missing_table(server):
    """Found before the table is read, so a table that does not exist changes nothing."""
    body = {"TableName": "recorded-round4-missing", "Item": {"pk": {"S": "x"}}, "ConditionExpression": ""}
    assert _refusal(server, "PutItem", body) == ONE + EMPTY_CONDITION


def test_refusals_checked_against_the_schema_stay_bare(server, table):
    """September 2026 capture (eu-west-2, u_upd_hashkey): the key-attribute refusal has no envelope."""
    body = {
        "TableName": TABLE,
        "Key": {"pk": {"S": "k"}},
        "UpdateExpression": "SET pk = :v",
        "ExpressionAttributeValues": {":v": {"S": "x"}},
    }
    assert _refusal(server, "UpdateItem", body) == (
        INVALID + "Cannot update attribute pk. This attribute is part of the key"
    )


def test_get_item_keeps_the_bare_sentence(server, table):
    """The envelope is the three writes'; GetItem's sentence is unchanged."""
    body = {"TableName": TABLE, "Key": {"pk": {"S": "k"}}, "ExpressionAttributeNames": {"#a": "a"}}
    assert _refusal(server, "GetItem", body) == (
        "ExpressionAttributeNames can only be specified when using expressions"
    )

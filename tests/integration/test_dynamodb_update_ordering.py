"""UpdateItem's member errors beside a missing Key, as recorded in eu-west-2 and us-east-1 on 2026-10-09
(paritysuite/dynamodb-conformance validation-ordering/updateItem). Raw requests: the SDK would refuse
them before sending."""

from __future__ import annotations

from tests.integration.test_dynamodb_validation import call

NO_KEY = "Value null at 'key' failed to satisfy constraint: Member must not be null"


def test_xor_joined_with_the_missing_key(server):
    body = {
        "TableName": "vo_upd_nokey_absent",
        "AttributeUpdates": {"x": {"Action": "PUT", "Value": {"S": "1"}}},
        "Expected": {"a": {"Exists": False}, "b": {"Exists": False}},
        "ConditionalOperator": "XOR",
    }
    response = call(server, "UpdateItem", body)
    assert response.status_code == 400
    assert response.json()["__type"] == "com.amazon.coral.validate#ValidationException"
    assert response.json()["message"] == (
        "2 validation errors detected: Value 'XOR' at 'conditionalOperator' failed to satisfy constraint: "
        f"Member must satisfy enum value set: [OR, AND]; {NO_KEY}"
    )


NEWER_XOR = "Failed to satisfy constraint: Member must satisfy enum value set: [ALL, OR]"


def _deep(depth):
    value = {"S": "leaf"}
    for _ in range(depth):
        value = {"M": {"n": value}}
    return value


def test_xor_in_a_whole_request_is_answered_alone_and_bare(server):
    """Query with a bad Select too, PutItem with Expected values nested 40 levels (recorded)."""
    query = {
        "TableName": "vo_query_xor_absent",
        "KeyConditions": {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "a"}]}},
        "QueryFilter": {"b": {"ComparisonOperator": "NULL"}, "c": {"ComparisonOperator": "NULL"}},
        "ConditionalOperator": "XOR",
        "Select": "BOGUS",
    }
    assert call(server, "Query", query).json()["message"] == NEWER_XOR
    put = {
        "TableName": "vo_put_xor_absent",
        "Item": {"pk": {"S": "a"}},
        "Expected": {"a": {"Value": _deep(40)}, "b": {"Exists": False}},
        "ConditionalOperator": "XOR",
    }
    assert call(server, "PutItem", put).json()["message"] == NEWER_XOR

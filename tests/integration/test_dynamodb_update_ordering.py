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

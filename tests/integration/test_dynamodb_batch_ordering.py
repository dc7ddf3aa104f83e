"""Which failure a batch request answers when it has more than one, as recorded in us-east-1 and
eu-west-2 on 2026-10-09 (paritysuite/dynamodb-conformance validation-ordering/batchOperations): member
constraints first and together, a missing table after; a malformed table name joins the enum on
BatchGetItem (the map shown as the JSON sent) and gives way to it on BatchWriteItem."""

from __future__ import annotations

from tests.integration.test_dynamodb_validation import call

ENUM_RCC = (
    "Value 'BOGUS' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value "
    "set: [INDEXES, TOTAL, NONE]"
)
ENUM_RICM = (
    "Value 'BOGUS2' at 'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum "
    "value set: [SIZE, NONE]"
)
MAP_KEYS = (
    "Map keys must satisfy constraint: [Member must have length less than or equal to 255, Member must have "
    "length greater than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]"
)
PUT = [{"PutRequest": {"Item": {"pk": {"S": "a"}}}}]


def _message(server, operation, body):
    response = call(server, operation, body)
    assert response.status_code == 400
    assert response.json()["__type"] == "com.amazon.coral.validate#ValidationException"
    return response.json()["message"]


def test_batch_write_enums_ahead_of_tables(server):
    both = {"ReturnConsumedCapacity": "BOGUS", "ReturnItemCollectionMetrics": "BOGUS2"}
    assert _message(server, "BatchWriteItem", {"RequestItems": {"absent_vo_bw": PUT}, **both}) == (
        f"2 validation errors detected: {ENUM_RCC}; {ENUM_RICM}"
    )
    bad_name = {"RequestItems": {"bad!name": PUT}, "ReturnConsumedCapacity": "BOGUS"}
    assert _message(server, "BatchWriteItem", bad_name) == f"1 validation error detected: {ENUM_RCC}"


def test_batch_get_joins_a_bad_name_to_the_enum(server):
    keys = {"Keys": [{"pk": {"S": "a"}}]}
    missing = {"RequestItems": {"absent_vo_bg": keys}, "ReturnConsumedCapacity": "BOGUS"}
    assert _message(server, "BatchGetItem", missing) == f"1 validation error detected: {ENUM_RCC}"
    bad_name = {"RequestItems": {"bad!name": keys}, "ReturnConsumedCapacity": "BOGUS"}
    assert _message(server, "BatchGetItem", bad_name) == (
        "2 validation errors detected: "
        f"""Value '{{"bad!name":{{"Keys":[{{"pk":{{"S":"a"}}}}]}}}}' at 'requestItems' failed to satisfy """
        f"constraint: {MAP_KEYS}; {ENUM_RCC}"
    )

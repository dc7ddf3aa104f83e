"""DynamoDB's validation sentences in its validator's order: each structure's members as a Java HashMap
of their names iterates them (recorded orders; see localstack/services/dynamodb/sentence_order.py)."""

from __future__ import annotations

from localstack.services.dynamodb.sentence_order import ordered


def _sentence(path: str) -> str:
    return f"Value 'x' at '{path}' failed to satisfy constraint: Member must not be null"


def _paths(operation: str, paths: list[str]) -> list[str]:
    return [sentence.split("'")[3] for sentence in ordered(operation, [_sentence(path) for path in paths])]


def test_top_level_members_in_hash_map_order():
    # paritysuite/dynamodb-conformance, UpdateItem, eu-west-2 and us-east-1, 2026-10-09.
    assert _paths("UpdateItem", ["key", "returnValues", "tableName", "returnConsumedCapacity"]) == [
        "returnConsumedCapacity",
        "tableName",
        "returnValues",
        "key",
    ]
    # PutItem holds eleven members (a table of 16): returnValues before tableName.
    assert _paths("PutItem", ["tableName", "returnValues"]) == ["returnValues", "tableName"]


def test_nested_members_and_list_positions():
    paths = [
        "provisionedThroughput.readCapacityUnits",
        "provisionedThroughput.writeCapacityUnits",
        "attributeDefinitions.2.member.attributeName",
        "attributeDefinitions.1.member.attributeName",
        "attributeDefinitions.1.member.attributeType",
    ]
    assert _paths("CreateTable", paths) == [
        "provisionedThroughput.writeCapacityUnits",
        "provisionedThroughput.readCapacityUnits",
        "attributeDefinitions.1.member.attributeType",
        "attributeDefinitions.1.member.attributeName",
        "attributeDefinitions.2.member.attributeName",
    ]


def test_a_sentence_naming_no_member_stays_in_front():
    own = "Invalid ConditionExpression: Syntax error"
    assert ordered("PutItem", [_sentence("tableName"), own])[0] == own

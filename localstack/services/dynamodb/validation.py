"""DynamoDB's request validation before any table is looked up (AWS validates first: a bad request to a
missing table is a ValidationException, not ResourceNotFoundException): its overlay of the model
validator (name, tag and key-schema rules, enum and member orders) and the dispatch to the item rules."""

from __future__ import annotations

import json
import re
from typing import Any

from localstack.services.dynamodb import item_rules, tag_rules
from localstack.services.dynamodb.expressions.request import RequestInvalid
from localstack.utils.aws.errors import ValidationError
from localstack.utils.aws.request_checks import compiled_input

_TABLE_NAME = re.compile(r"^[a-zA-Z0-9_.-]+$")
# Every rule of a table name, as AWS lists them for a map of tables whichever one is broken.
_MAP_KEYS = (
    "Map keys must satisfy constraint: [Member must have length less than or equal to 255, Member must "
    "have length greater than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]"
)


def name_constraints(body: dict, operation: str) -> list[str]:
    """DynamoDB's own constraints on table and index names (the model allows ARNs of any shape)."""
    errors: list[str] = []
    for member in ("TableName", "IndexName"):
        name = body.get(member)
        if isinstance(name, str) and not name.startswith("arn:"):
            errors += _name_errors(name, member[0].lower() + member[1:])
    if operation in ("BatchGetItem", "BatchWriteItem") and isinstance(body.get("RequestItems"), dict):
        for name in body["RequestItems"]:
            if not name.startswith("arn:") and _name_errors(name, ""):
                shown = "{" + ", ".join(f"{key}=..." for key in body["RequestItems"]) + "}"
                errors.append(f"Value '{shown}' at 'requestItems' failed to satisfy constraint: {_MAP_KEYS}")
                break
    return errors


# Shapes whose model constraints DynamoDB answers in its own words (table_validation checks them).
# An AttributeValue's BOOL and NULL take a string too, read as the boolean it names (attribute_values).
OWN_CONSTRAINTS = frozenset(("TableClass", "BooleanAttributeValue", "NullAttributeValue"))
# Members DynamoDB's validator requires though the model no longer does (it lets CreateTable go without a
# key schema): their `Value null` sentences count with the others of the request (recorded in dynalite's
# tests: `{TableName: 'abc;'}` answers three errors).
REQUIRED_MEMBERS = {"CreateTableInput": frozenset(("AttributeDefinitions", "KeySchema"))}
# Members DynamoDB's validator lists before their siblings (the ack-api-quirks lab, 2026-10, DDB-TABLE-457:
# an empty AttributeDefinition, an empty ProvisionedThroughput of a table, an index or a restore).
_GLOBAL_INDEX_NAME = re.compile(
    r"globalSecondaryIndex(?:es\.\d+\.member|Updates\.\d+\.member\.create)\.indexName"
)


def length_first(path: str) -> bool:
    """Whether DynamoDB states the length rule of this member before its pattern: a global index's name
    (the ack-api-quirks lab, 2026-10: CreateTable's and UpdateTable's Create with an empty name)."""
    return _GLOBAL_INDEX_NAME.fullmatch(path) is not None


# The order DynamoDB's validator lists enum values in, where it is not the model's (recorded against
# AWS: dynalite's and nubo-db/dynamodb-conformance's captures).
ENUM_ORDERS = {
    "Select": ("SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"),
    "ReturnValue": ("ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"),
    "ComparisonOperator": (
        "IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT", "NOT_NULL", "NE", "LE", "BEGINS_WITH",
        "GE", "CONTAINS",
    ),
    "ScalarAttributeType": ("B", "N", "S"),
    "ProjectionType": ("ALL", "INCLUDE", "KEYS_ONLY"),
    "StreamViewType": ("OLD_IMAGE", "KEYS_ONLY", "NEW_AND_OLD_IMAGES", "NEW_IMAGE"),
    "ContributorInsightsMode": ("THROTTLED_KEYS", "ACCESSED_AND_THROTTLED_KEYS"),
    # Recorded: `Value 'XOR' at 'conditionalOperator' ... enum value set: [OR, AND]` (eu-west-2 and
    # us-east-1, 2026-10-09, paritysuite/dynamodb-conformance validation-ordering/updateItem).
    "ConditionalOperator": ("OR", "AND"),
}  # fmt: skip

# Names some operations check in a hand-written sentence instead of the model's (the ack-api-quirks lab,
# 2026-10, DDB-TABLE-457: an empty name; dynalite's suite: names too short or too long).
_OWN_NAME_SENTENCES = {
    ("DescribeContributorInsights", "IndexName"): "IndexName",
    ("UpdateContributorInsights", "IndexName"): "IndexName",
    ("CreateGlobalTable", "GlobalTableName"): "TableName",
    ("DescribeGlobalTable", "GlobalTableName"): "TableName",
    ("DescribeGlobalTableSettings", "GlobalTableName"): "TableName",
    ("UpdateGlobalTable", "GlobalTableName"): "TableName",
    ("UpdateGlobalTableSettings", "GlobalTableName"): "TableName",
    ("RestoreTableFromBackup", "TargetTableName"): "TableName",
}


# Control-plane operations name an absent TableName in their own sentence, not the model's `Value null
# at 'tableName'` as item operations do (recorded: CreateTable in 2026, all of them in dynalite's tests).
_NAMED_TABLE_OPERATIONS = frozenset(
    ("CreateTable", "DeleteTable", "DescribeTable", "UpdateTable", "DescribeTimeToLive", "UpdateTimeToLive")
)


def model_overlay(operation: str, body: dict) -> list[str]:
    """DynamoDB's table-name rules as sentences of the model validator's message (registered with
    `request_checks.register_constraints`): the model now types table names as ARNs (1 to 1024
    characters, any shape), but a name that is no ARN must still be 3 to 255 of [a-zA-Z0-9_.-].
    An empty name is left to the model's own `length greater than or equal to 1` sentence."""
    errors: list[str] = []
    _check_conditional_operator(operation, body)
    if operation in ("TagResource", "UntagResource", "CreateTable"):
        sentence = tag_rules.tag_sentence(operation, body)
        if sentence is not None:
            raise ValidationError(sentence)
    # Empty ARNs some operations tell in their own words (the ack-api-quirks lab, 2026-10, DDB-TABLE-457).
    if operation == "DescribeBackup" and body.get("BackupArn") == "":
        raise ValidationError("Invalid Backup ARN")
    if operation == "ExportTableToPointInTime" and body.get("TableArn") == "":
        raise ValidationError("Invalid TableArn: Invalid Table ARN")
    for (named_operation, member), called in _OWN_NAME_SENTENCES.items():
        value = body.get(member) if named_operation == operation else None
        if type(value) is str and not 3 <= len(value) <= 255:
            raise ValidationError(
                f"{called} must be at least 3 characters long and at most 255 characters long"
            )
    if operation in _NAMED_TABLE_OPERATIONS and body.get("TableName") is None:
        raise ValidationError("The parameter 'TableName' is required but was not present in the request")
    if operation in ("BatchGetItem", "BatchWriteItem") and body.get("RequestItems") == {}:
        # Recorded in most regions; a few now give the model's `Value at 'RequestItems' ...` instead.
        raise ValidationError(f"The requestItems parameter is required for {operation}")
    if operation == "Query" and type(body.get("Limit")) is int and body["Limit"] < 1:
        # Recorded in 2026 in the rewritten form for Query (Scan's Limit still reads the old way).
        raise ValidationError(
            "1 validation error detected: Value at 'Limit' failed to satisfy constraint: "
            "Member must have value greater than or equal to 1"
        )
    if operation == "BatchGetItem" and type(body.get("RequestItems")) is dict:
        for table, entry in body["RequestItems"].items():
            if type(entry) is dict and type(entry.get("Keys")) is list and len(entry["Keys"]) > 100:
                # Recorded in 2026 in the rewritten form (no value, the wire names in the path).
                raise ValidationError(
                    f"1 validation error detected: Value at 'RequestItems.{table}.member.Keys' failed to "
                    "satisfy constraint: Member must have length less than or equal to 100"
                )
    name = body.get("TableName")
    if operation == "DescribeTable" and name == "":
        # Recorded in 2026 (DDB-TABLE-457): DescribeTable tells an empty name by its own two rules, the
        # length first, not by the model's `length greater than or equal to 1` as item calls do.
        prefix = "Value '' at 'tableName' failed to satisfy constraint: Member must "
        raise ValidationError(
            f"2 validation errors detected: {prefix}have length greater than or equal to 3; "
            f"{prefix}satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
        )
    if type(name) is str and name and not name.startswith("arn:"):
        errors += _name_errors(name, "tableName")
    if operation == "CreateTable":
        errors += _key_schema_sizes(body)
    for member in ("SSESpecification", "SSESpecificationOverride"):
        # DynamoDB refuses an empty key id the model lets through (the ack-api-quirks lab, 2026-10).
        spec = body.get(member)
        if type(spec) is dict and spec.get("KMSMasterKeyId") == "":
            errors.append(
                f"Value '' at 's{member[1:]}.kMSMasterKeyId' failed to satisfy constraint: Member must have "
                "length greater than or equal to 1"
            )
    if operation in ("TransactWriteItems", "TransactGetItems"):
        for index, entry in enumerate(body.get("TransactItems") or (), 1):
            for kind, action in entry.items() if type(entry) is dict else ():
                name = action.get("TableName") if type(action) is dict else None
                if type(name) is str and name and not name.startswith("arn:"):
                    path = f"transactItems.{index}.member.{kind[:1].lower()}{kind[1:]}.tableName"
                    errors += _name_errors(name, path)
    elif operation in ("BatchGetItem", "BatchWriteItem") and type(body.get("RequestItems")) is dict:
        items = body["RequestItems"]
        if any(name and not name.startswith("arn:") and _name_errors(name, "") for name in items):
            # Recorded 2026-10-09 (us-east-1, eu-west-2; paritysuite/dynamodb-conformance): BatchGetItem
            # shows the map as the JSON sent and joins the enum sentences; BatchWriteItem shows it as
            # Java writes it and gives way to a bad enum, reported alone.
            if operation == "BatchGetItem":
                shown = json.dumps(items, separators=(",", ":"), ensure_ascii=False)
                errors.append(f"Value '{shown}' at 'requestItems' failed to satisfy constraint: {_MAP_KEYS}")
            elif not _bad_write_enums(body):
                node = compiled_input("dynamodb", operation)
                shown = node.by_wire["RequestItems"][1].render(items) if node is not None else str(items)
                errors.append(f"Value '{shown}' at 'requestItems' failed to satisfy constraint: {_MAP_KEYS}")
    return errors


# The members without which DynamoDB's older validator answers the whole request (recorded: XOR beside a
# missing Key is joined to it in the per-value form).
_REQUIRED_FOR_NEWER = {"PutItem": "Item", "UpdateItem": "Key", "Query": "TableName"}


def _check_conditional_operator(operation: str, body: dict) -> None:
    """A ConditionalOperator outside its enum, in a request otherwise whole, is answered alone and bare
    in the newer layer's words, ahead of the other members' errors (recorded 2026-10-09, eu-west-2 and
    us-east-1, paritysuite/dynamodb-conformance validation-ordering query and deepRequests: Query with
    a bad Select too; PutItem and UpdateItem with values nested 33 or 40 levels). Past about 62 levels
    the older validator reads the request and gives the per-value sentence."""
    required = _REQUIRED_FOR_NEWER.get(operation)
    operator = body.get("ConditionalOperator")
    if required is None or type(operator) is not str or operator in ("AND", "OR"):
        return
    if body.get(required) is None or type(body.get("TableName")) is not str:
        return
    from localstack.services.dynamodb.item_rules import _SECOND_READER_DEPTH, _deeper_than

    for member in ("Item", "Key", "Expected", "QueryFilter", "KeyConditions"):
        conditions = body.get(member)
        if member in ("Expected", "QueryFilter", "KeyConditions") and isinstance(conditions, dict):
            values = [
                value
                for condition in conditions.values()
                if isinstance(condition, dict)
                for value in [condition.get("Value"), *(condition.get("AttributeValueList") or [])]
                if value is not None
            ]
            conditions = {str(index): value for index, value in enumerate(values)}
        if _deeper_than(conditions, _SECOND_READER_DEPTH):
            return
    raise ValidationError("Failed to satisfy constraint: Member must satisfy enum value set: [ALL, OR]")


def _bad_write_enums(body: dict) -> bool:
    return body.get("ReturnConsumedCapacity") not in (None, "INDEXES", "TOTAL", "NONE") or body.get(
        "ReturnItemCollectionMetrics"
    ) not in (None, "SIZE", "NONE")


def _key_schema_sizes(body: dict) -> list[str]:
    """A key schema holds at most a hash and a range key: AWS's validator says so with the other sentences
    (the model now states only the minimum)."""
    node = compiled_input("dynamodb", "CreateTable")
    if node is None:
        return []
    render = node.by_wire["KeySchema"][1].render
    schemas = [("keySchema", body.get("KeySchema"))]
    for member in ("LocalSecondaryIndexes", "GlobalSecondaryIndexes"):
        indexes = body.get(member)
        for number, index in enumerate(indexes if type(indexes) is list else (), 1):
            if type(index) is dict:
                path = f"{member[0].lower()}{member[1:]}.{number}.member.keySchema"
                schemas.append((path, index.get("KeySchema")))
    return [
        f"Value '{render(schema)}' at '{path}' failed to satisfy constraint: Member must have length less "
        "than or equal to 2"
        for path, schema in schemas
        if type(schema) is list and len(schema) > 2
    ]


def _name_errors(name: str, path: str) -> list[str]:
    errors = []
    prefix = f"Value '{name}' at '{path}' failed to satisfy constraint: Member must "
    if not _TABLE_NAME.match(name):
        errors.append(prefix + "satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
    if len(name) < 3:
        errors.append(prefix + "have length greater than or equal to 3")
    if len(name) > 255:
        errors.append(prefix + "have length less than or equal to 255")
    return errors


def check_request(operation: str, body: dict) -> dict[str, Any]:
    """Raise RequestInvalid for a request DynamoDB refuses; return its checked expression trees."""
    errors = name_constraints(body, operation)
    if errors:
        count = len(errors)
        raise RequestInvalid(
            f"{count} validation error{'s' if count > 1 else ''} detected: " + "; ".join(errors)
        )
    if operation in ("CreateTable", "UpdateTable"):
        from localstack.services.dynamodb import table_validation

        table_validation.check(operation, body)
        return {}
    rule = item_rules.RULES.get(operation)
    return (rule(body) or {}) if rule else {}

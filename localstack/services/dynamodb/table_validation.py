"""DynamoDB's rules for CreateTable and UpdateTable requests: key schemas, attribute definitions, billing
and throughput, local and global secondary indexes, with AWS's sentences."""

from __future__ import annotations

import json
from typing import Any

from localstack.services.dynamodb.expressions.request import RequestInvalid

_INVALID = "One or more parameter values were invalid: "
MAX_THROUGHPUT = 1_000_000_000_000
MAX_LOCAL_INDEXES = 5
MAX_GLOBAL_INDEXES = 20


def _names(schema: list[dict]) -> list[str]:
    return [element.get("AttributeName") for element in schema or []]


def _check_throughput(throughput: dict | None) -> None:
    for member in ("ReadCapacityUnits", "WriteCapacityUnits"):
        value = (throughput or {}).get(member)
        if isinstance(value, int) and value > MAX_THROUGHPUT:
            raise RequestInvalid(f"Given value {value} for {member} is out of bounds")


def _check_schema(schema: list[dict], definitions: list[str]) -> None:
    keys = _names(schema)
    if len(keys) > len(definitions):
        raise RequestInvalid("Invalid KeySchema: Some index key attribute have no definition")
    if any(key not in definitions for key in keys):
        raise RequestInvalid(
            _INVALID + "Some index key attributes are not defined in AttributeDefinitions. "
            f"Keys: [{', '.join(keys)}], AttributeDefinitions: [{', '.join(definitions)}]"
        )
    if len(keys) == 2 and keys[0] == keys[1]:
        raise RequestInvalid(
            "Both the Hash Key and the Range Key element in the KeySchema have the same name"
        )
    if schema[0].get("KeyType") != "HASH":
        raise RequestInvalid("Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
    if len(schema) > 1 and schema[1].get("KeyType") != "RANGE":
        raise RequestInvalid("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")


def _check_index(index: dict, definitions: list[str]) -> None:
    schema = index.get("KeySchema") or []
    keys = _names(schema)
    if any(key not in definitions for key in keys):
        raise RequestInvalid(
            _INVALID + "Some index key attributes are not defined in AttributeDefinitions. "
            f"Keys: [{', '.join(keys)}], AttributeDefinitions: [{', '.join(definitions)}]"
        )
    if len(keys) == 2 and keys[0] == keys[1]:
        raise RequestInvalid(
            "Both the Hash Key and the Range Key element in the KeySchema have the same name"
        )
    if schema[0].get("KeyType") != "HASH":
        raise RequestInvalid("Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
    if len(schema) > 1 and schema[1].get("KeyType") != "RANGE":
        raise RequestInvalid("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")


def _check_projection(index: dict) -> None:
    projection = index.get("Projection") or {}
    kind = projection.get("ProjectionType")
    if kind is None:
        raise RequestInvalid(_INVALID + "Unknown ProjectionType: null")
    if projection.get("NonKeyAttributes") is not None and kind != "INCLUDE":
        raise RequestInvalid(_INVALID + f"ProjectionType is {kind}, but NonKeyAttributes is specified")
    if kind == "INCLUDE" and not projection.get("NonKeyAttributes"):
        raise RequestInvalid(_INVALID + "ProjectionType is INCLUDE, but NonKeyAttributes is not specified")


def check_create_table(body: dict) -> None:
    # botocore's model lets both be absent (CreateTable can restore from imports); DynamoDB requires them.
    missing = [
        f"Value null at '{path}' failed to satisfy constraint: Member must not be null"
        for member, path in (("AttributeDefinitions", "attributeDefinitions"), ("KeySchema", "keySchema"))
        if body.get(member) is None
    ]
    if missing:
        count = len(missing)
        raise RequestInvalid(
            f"{count} validation error{'s' if count > 1 else ''} detected: " + "; ".join(missing)
        )
    schema = body.get("KeySchema") or []
    definitions = _names(body.get("AttributeDefinitions") or [])
    if not schema:
        return  # the model's length check answers
    # Billing and throughput are checked before the key schema, as AWS does.
    billing = body.get("BillingMode")
    throughput = body.get("ProvisionedThroughput")
    if billing == "PAY_PER_REQUEST" and throughput is not None:
        raise RequestInvalid(
            _INVALID
            + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
            "PAY_PER_REQUEST"
        )
    if billing != "PAY_PER_REQUEST" and (
        not throughput or not throughput.get("ReadCapacityUnits") or not throughput.get("WriteCapacityUnits")
    ):
        raise RequestInvalid(
            _INVALID + "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is "
            "PROVISIONED"
        )
    _check_throughput(throughput)
    _check_schema(schema, definitions)
    local = body.get("LocalSecondaryIndexes")
    global_ = body.get("GlobalSecondaryIndexes")
    if local is None and global_ is None and len(schema) != len(definitions):
        raise RequestInvalid(
            _INVALID
            + "Number of attributes in KeySchema does not exactly match number of attributes defined in "
            "AttributeDefinitions"
        )
    seen: set[str] = set()
    if local is not None:
        if not local:
            raise RequestInvalid(_INVALID + "List of LocalSecondaryIndexes is empty")
        if len(schema) != 2:
            raise RequestInvalid(
                _INVALID + "Table KeySchema does not have a range key, which is required when specifying a "
                "LocalSecondaryIndex"
            )
        for index in local:
            _check_index(index, definitions)
            name = index.get("IndexName")
            index_schema = index.get("KeySchema") or []
            if len(index_schema) != 2:
                raise RequestInvalid(
                    _INVALID + f"Index KeySchema does not have a range key for index: {name}"
                )
            if index_schema[0].get("AttributeName") != schema[0].get("AttributeName"):
                raise RequestInvalid(
                    _INVALID
                    + "Index KeySchema does not have the same leading hash key as table KeySchema for "
                    f"index: {name}. index hash key: {index_schema[0].get('AttributeName')}, "
                    f"table hash key: {schema[0].get('AttributeName')}"
                )
            _check_projection(index)
            if name in seen:
                raise RequestInvalid(_INVALID + f"Duplicate index name: {name}")
            seen.add(name)
        if len(local) > MAX_LOCAL_INDEXES:
            raise RequestInvalid(
                _INVALID + f"Number of LocalSecondaryIndexes exceeds per-table limit of {MAX_LOCAL_INDEXES}"
            )
    if global_ is not None:
        if not global_:
            raise RequestInvalid(_INVALID + "List of GlobalSecondaryIndexes is empty")
        for index in global_:
            _check_index(index, definitions)
            name = index.get("IndexName")
            _check_projection(index)
            _check_index_throughput(index, billing)
            if name in seen:
                raise RequestInvalid(_INVALID + f"Duplicate index name: {name}")
            seen.add(name)
        if len(global_) > MAX_GLOBAL_INDEXES:
            raise RequestInvalid(
                _INVALID + f"GlobalSecondaryIndex count exceeds the per-table limit of {MAX_GLOBAL_INDEXES}"
            )
    used = list(dict.fromkeys(_names(schema)))
    for index in (local or []) + (global_ or []):
        used += [name for name in _names(index.get("KeySchema") or []) if name not in used]
    if set(used) != set(definitions):
        raise RequestInvalid(
            _INVALID
            + f"Some AttributeDefinitions are not used. AttributeDefinitions: [{', '.join(definitions)}], "
            f"keys used: [{', '.join(used)}]"
        )
    stream = body.get("StreamSpecification")
    if isinstance(stream, dict):
        enabled, view = stream.get("StreamEnabled"), stream.get("StreamViewType")
        if enabled and view is None:
            raise RequestInvalid(
                _INVALID + "Table is being created with a stream enabled, UpdateViewType is required"
            )
        if enabled is False and view is not None:
            raise RequestInvalid(
                _INVALID
                + "Table is being created with a stream disabled, UpdateViewType should not be specified"
            )
    check_encryption(body.get("SSESpecification"))
    check_tags(body.get("Tags"))


def check_encryption(spec: Any) -> None:
    """An SSESpecification of CreateTable or UpdateTable."""
    if not isinstance(spec, dict):
        return
    enabled, kind, key = spec.get("Enabled"), spec.get("SSEType"), spec.get("KMSMasterKeyId")
    if enabled is False and kind is not None:
        raise RequestInvalid(_INVALID + "SSEType can not be specified if Enabled is false")
    if enabled is False and key is not None:
        raise RequestInvalid(_INVALID + "KMSMasterKeyId can not be specified if Enabled is false")
    if kind == "AES256":
        raise RequestInvalid(_INVALID + "SSEType AES256 is not supported")
    if key is not None and kind != "KMS":
        raise RequestInvalid(_INVALID + "SSEType KMS is required if KMSMasterKeyId is specified")


def check_tags(tags: Any) -> None:
    """Tags of CreateTable and TagResource: no `aws:` keys, no key twice."""
    seen: set[str] = set()
    for tag in tags if isinstance(tags, list) else ():
        key = tag.get("Key") if isinstance(tag, dict) else None
        if not isinstance(key, str):
            continue
        if key.startswith("aws:"):
            raise RequestInvalid(f"Tag Key cannot be prefixed with aws:, Key: {key}")
        if key in seen:
            raise RequestInvalid(f"Duplicate Tag Keys provided as input: Duplicate Tag Key found {key}")
        seen.add(key)


def _check_index_throughput(index: dict, billing: str | None) -> None:
    name = index.get("IndexName")
    throughput = index.get("ProvisionedThroughput")
    _check_throughput(throughput)
    if billing == "PAY_PER_REQUEST" and throughput is not None:
        raise RequestInvalid(
            _INVALID + f"ProvisionedThroughput should not be specified for index: {name} when BillingMode is "
            "PAY_PER_REQUEST"
        )
    if billing != "PAY_PER_REQUEST" and throughput is None:
        raise RequestInvalid(_INVALID + f"ProvisionedThroughput must be specified for index: {name}")


def check_update_table(body: dict) -> None:
    _check_throughput(body.get("ProvisionedThroughput"))
    if body.get("BillingMode") == "PAY_PER_REQUEST" and body.get("ProvisionedThroughput") is not None:
        raise RequestInvalid(
            _INVALID
            + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
            "PAY_PER_REQUEST"
        )
    updates = body.get("GlobalSecondaryIndexUpdates")
    if updates is not None:
        if not updates:
            raise RequestInvalid(_INVALID + "List of GlobalSecondaryIndexUpdates is empty")
        for update in updates:
            warm = (update.get("Update") or {}).get("WarmThroughput")
            if warm is not None and not any(warm.get(unit) is not None for unit in _WARM_UNITS):
                raise RequestInvalid(
                    _INVALID + "WarmThroughput must have at least one of ReadUnitsPerSecond or "
                    f"WriteUnitsPerSecond specified for index: {update['Update'].get('IndexName')}"
                )
            actions = [kind for kind in ("Create", "Update", "Delete") if update.get(kind) is not None]
            if not actions:
                raise RequestInvalid(
                    _INVALID + "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
                    "GlobalSecondaryIndexUpdate.Delete must not be null"
                )
            if len(actions) > 1:
                raise RequestInvalid(
                    _INVALID
                    + "Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate "
                    "object"
                )
        seen: set[str] = set()
        for update in updates:
            name = next(action for action in update.values() if action is not None).get("IndexName")
            if name in seen:
                raise RequestInvalid(
                    _INVALID + f"Only one global secondary index update per index is allowed simultaneously. "
                    f"Index: {name}"
                )
            seen.add(name)
    stream = body.get("StreamSpecification")
    if isinstance(stream, dict):
        enabled, view = stream.get("StreamEnabled"), stream.get("StreamViewType")
        if enabled and view is None:
            raise RequestInvalid(_INVALID + "If stream is being enabled then UpdateViewType is required")
        if enabled is False and view is not None:
            raise RequestInvalid(
                _INVALID + "If stream is being disabled, then UpdateViewType must not be specified"
            )
    check_encryption(body.get("SSESpecification"))
    _check_on_demand(body.get("OnDemandThroughput"))
    if not any(body.get(member) is not None and _changes(member, body[member]) for member in TABLE_CHANGES):
        # AWS names every change it accepts but one the request already makes.
        named = [name for name in _CHANGE_NAMES if body.get(name) is None]
        raise RequestInvalid(f"At least one of {', '.join(named[:-1])} or {named[-1]} is required")


_WARM_UNITS = ("ReadUnitsPerSecond", "WriteUnitsPerSecond")


def _changes(member: str, value: Any) -> bool:
    """Whether a change member counts: a witness update naming no region is read as absent (the
    ack-api-quirks lab, 2026-10, DDB-TABLE-457: `[{}]`, or Create/Delete with RegionName '')."""
    if member != "GlobalTableWitnessUpdates" or not isinstance(value, list):
        return True
    return any(
        isinstance(action, dict) and action.get("RegionName")
        for update in value
        if isinstance(update, dict)
        for action in (update.get("Create"), update.get("Delete"))
    )


def _check_on_demand(throughput: Any) -> None:
    """A table's maximum request units are -1 (no maximum) or at least 1 (the ack-api-quirks lab, 2026-10:
    {0, 0} is outside the range)."""
    if not isinstance(throughput, dict):
        return
    for unit in ("MaxReadRequestUnits", "MaxWriteRequestUnits"):
        value = throughput.get(unit)
        if isinstance(value, int) and value != -1 and value < 1:
            raise RequestInvalid(
                _INVALID + f"Requested {unit} for OnDemandThroughput for table is outside of valid range"
            )


# The members of UpdateTable that change a table (AttributeDefinitions only accompany index creations).
TABLE_CHANGES = (
    "ProvisionedThroughput",
    "BillingMode",
    "StreamSpecification",
    "GlobalSecondaryIndexUpdates",
    "SSESpecification",
    "ReplicaUpdates",
    "GlobalTableWitnessUpdates",
    "DeletionProtectionEnabled",
    "OnDemandThroughput",
    "WarmThroughput",
    "TableClass",
)
# As AWS lists them when none is given (UpdateStreamEnabled stands for StreamSpecification).
_CHANGE_NAMES = (
    "ProvisionedThroughput",
    "BillingMode",
    "UpdateStreamEnabled",
    "GlobalSecondaryIndexUpdates",
    "SSESpecification",
    "ReplicaUpdates",
    "MultiAccountReplicaReady",
    "ReplicaTransitRoleArn",
    "MultiRegionConsistency",
    "DeletionProtectionEnabled",
    "OnDemandThroughput",
    "WarmThroughput",
    "TableClass",
)


TABLE_CLASSES = ("STANDARD", "STANDARD_INFREQUENT_ACCESS")


def check_policy_document(policy: Any) -> None:
    """A resource policy's document as DynamoDB refuses it (the ack-api-quirks lab, 2026-10,
    DDB-TABLE-457: '', '[]', 'null', '{}', an empty Statement list, a statement without Effect)."""
    if not isinstance(policy, str):
        return
    prefix = _INVALID + "Invalid policy document: "
    try:
        document = json.loads(policy)
    except ValueError:
        raise RequestInvalid(prefix + "This policy contains invalid Json") from None
    if document is None:
        raise RequestInvalid(prefix + "This text appears not to be a policy")
    if not isinstance(document, dict):
        raise RequestInvalid(prefix + "This policy contains invalid Json")
    if not document:
        raise RequestInvalid(prefix + "Syntax error at position (1,3)")
    statements = document.get("Statement")
    if statements == []:
        raise RequestInvalid(prefix + "Could not parse the policy: Statement is empty!")
    for statement in statements if isinstance(statements, list) else [statements]:
        if isinstance(statement, dict) and "Effect" not in statement:
            raise RequestInvalid(prefix + "Missing required field Effect")


def check(operation: str, body: dict) -> Any:
    table_class = body.get("TableClass")
    if table_class is not None and table_class not in TABLE_CLASSES:
        raise RequestInvalid(
            "Invalid table-class parameter provided. Please try again with a valid table-class value: "
            f"[{', '.join(TABLE_CLASSES)}]."
        )
    if operation == "CreateTable":
        check_create_table(body)
        check_policy_document(body.get("ResourcePolicy"))
    elif operation == "UpdateTable":
        check_update_table(body)

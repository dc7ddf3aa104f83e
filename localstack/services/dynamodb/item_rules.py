"""DynamoDB's semantic rules for item requests (GetItem to TransactWriteItems, exports and legacy global
table updates), checked before any table is looked up: AWS validates first, so a bad request to a
missing table is a ValidationException, not ResourceNotFoundException."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from localstack.services.dynamodb.attribute_values import MAX_ITEM_SIZE, item_size, value_type
from localstack.services.dynamodb.expressions.request import (
    RequestInvalid,
    check_expressions,
    check_parameter_mix,
)
from localstack.services.dynamodb.legacy_condition_checks import (
    check_conditions,
    check_expected,
    check_values,
)

_INVALID = "One or more parameter values were invalid: "


def older_values(attributes: Any) -> None:
    """check_values in the older layer BatchWriteItem and the transactions read values in: a number with
    an exponent as Java's BigDecimal reads it (1e2147483647 wraps to an underflow; value_layers)."""
    _older_numbers(attributes)
    check_values(attributes)


def _older_numbers(attributes: Any) -> None:
    from localstack.services.dynamodb.partiql_parameters import read_number

    pending = list(attributes.values()) if isinstance(attributes, dict) else []
    depth_left = 1000  # values nested deeper are check_values' to refuse
    while pending and depth_left:
        depth_left -= 1
        value = pending.pop(0)
        if not isinstance(value, dict):
            continue
        for kind, data in value.items():
            numbers = [data] if kind == "N" else data if kind == "NS" and isinstance(data, list) else []
            for number in numbers:
                if isinstance(number, str) and "e" in number.lower():
                    read_number(number)
            if kind == "M" and isinstance(data, dict):
                pending.extend(data.values())
            elif kind == "L" and isinstance(data, list):
                pending.extend(data)


def _older_expression_values(body: dict) -> None:
    """Scan reads its expression values in the older layer too, inside the expression wrapper
    (paritysuite/dynamodb-conformance valueLayers, 2026-10-09: 1e2147483647 answers an underflow)."""
    values = body.get("ExpressionAttributeValues")
    for key, value in values.items() if isinstance(values, dict) else ():
        try:
            _older_numbers({key: value})
        except RequestInvalid as error:
            raise RequestInvalid(
                f"ExpressionAttributeValues contains invalid value: {error} for key {key}"
            ) from None


def _duplicate(names: list[str] | None) -> str | None:
    seen: set[str] = set()
    for name in names or []:
        if name in seen:
            return name
        seen.add(name)
    return None


def _attributes_to_get(body: dict) -> None:
    duplicate = _duplicate(body.get("AttributesToGet"))
    if duplicate is not None:
        raise RequestInvalid(_INVALID + f"Duplicate value in attribute name: {duplicate}")


def _check_item_size(item: dict) -> None:
    if item_size(item) > MAX_ITEM_SIZE:
        raise RequestInvalid("Item size has exceeded the maximum allowed size")


def _return_values_for_put_delete(body: dict) -> None:
    if body.get("ReturnValues") not in (None, "ALL_OLD", "NONE"):
        raise RequestInvalid("ReturnValues can only be ALL_OLD or NONE")


def _get_item(body: dict) -> dict:
    check_parameter_mix(body, ["ProjectionExpression"], ["AttributesToGet"])
    check_values(body.get("Key"))
    _attributes_to_get(body)
    return check_expressions(body)


def _put_item(body: dict) -> dict:
    check_parameter_mix(body, ["ConditionExpression"], ["Expected"])
    check_values(body.get("Item"))
    _return_values_for_put_delete(body)
    _check_item_size(body.get("Item") or {})
    check_expected(body.get("Expected"))
    return check_expressions(body)


def _delete_item(body: dict) -> dict:
    check_parameter_mix(body, ["ConditionExpression"], ["Expected"])
    check_values(body.get("Key"))
    _return_values_for_put_delete(body)
    check_expected(body.get("Expected"))
    return check_expressions(body)


def _update_item(body: dict) -> dict:
    check_parameter_mix(body, ["UpdateExpression", "ConditionExpression"], ["AttributeUpdates", "Expected"])
    check_values(body.get("Key"))
    for update in (body.get("AttributeUpdates") or {}).values():
        value, action = update.get("Value"), update.get("Action") or "PUT"
        if value is not None:
            check_values({"v": value})
        if value is None and action != "DELETE":
            raise RequestInvalid(
                _INVALID + "Only DELETE action is allowed when no attribute value is specified"
            )
        if value is not None and action == "DELETE" and value_type(value) not in ("SS", "NS", "BS"):
            raise RequestInvalid(
                _INVALID + f"DELETE action with value is not supported for the type {value_type(value)}"
            )
        if value is not None and action == "ADD" and value_type(value) not in ("L", "SS", "NS", "BS", "N"):
            raise RequestInvalid(_INVALID + f"ADD action is not supported for the type {value_type(value)}")
    check_expected(body.get("Expected"))
    return check_expressions(body)


def _start_key(body: dict) -> None:
    check_values(body.get("ExclusiveStartKey"), "The provided starting key is invalid: ")


def _query(body: dict) -> dict:
    check_parameter_mix(
        body,
        ["ProjectionExpression", "FilterExpression", "KeyConditionExpression"],
        ["AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"],
    )
    check_conditions(body.get("QueryFilter"))
    _attributes_to_get(body)
    _start_key(body)
    if body.get("KeyConditions") is None and body.get("KeyConditionExpression") is None:
        raise RequestInvalid(
            "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request."
        )
    checked = check_expressions(body)
    if "KeyConditionExpression" in checked:
        from localstack.services.dynamodb.expressions.request import key_conditions

        checked["KeyConditions"] = key_conditions(checked["KeyConditionExpression"])
    else:
        check_conditions(body.get("KeyConditions"))
        if len(body["KeyConditions"]) not in (1, 2):
            raise RequestInvalid("Conditions can be of length 1 or 2 only")
        checked["KeyConditions"] = {
            name: (condition["ComparisonOperator"], condition.get("AttributeValueList") or [])
            for name, condition in body["KeyConditions"].items()
        }
    _select(body, "Query")
    return checked


def _select(body: dict, operation: str) -> None:
    # Query wraps these sentences in the validation envelope; Scan answers them bare (both as AWS does).
    prefix = "1 validation error detected: " if operation == "Query" else ""
    select = body.get("Select")
    if select == "SPECIFIC_ATTRIBUTES":
        if body.get("AttributesToGet") is None and body.get("ProjectionExpression") is None:
            raise RequestInvalid(
                prefix + "Must specify the AttributesToGet or ProjectionExpression when choosing to get "
                "SPECIFIC_ATTRIBUTES"
            )
    elif select is not None:
        shown = "only the Count" if select == "COUNT" else select
        for member in ("ProjectionExpression", "AttributesToGet"):
            if body.get(member) is not None:
                raise RequestInvalid(prefix + f"Cannot specify the {member} when choosing to get {shown}")
    if select == "ALL_PROJECTED_ATTRIBUTES" and not body.get("IndexName"):
        raise RequestInvalid(
            prefix + "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"
        )


def _scan(body: dict) -> dict:
    check_parameter_mix(
        body,
        ["ProjectionExpression", "FilterExpression"],
        ["AttributesToGet", "ScanFilter", "ConditionalOperator"],
    )
    _attributes_to_get(body)
    check_conditions(body.get("ScanFilter"))
    _start_key(body)
    segment, total = body.get("Segment"), body.get("TotalSegments")
    if segment is not None and total is None:
        raise RequestInvalid(
            "The TotalSegments parameter is required but was not present in the request when Segment "
            "parameter is present"
        )
    if total is not None:
        if segment is None:
            raise RequestInvalid(
                "The Segment parameter is required but was not present in the request when parameter "
                "TotalSegments "
                "is present"
            )
        if segment >= total:
            raise RequestInvalid(
                "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
                f"Segment: {segment} is not less than TotalSegments: {total}"
            )
    _older_expression_values(body)
    checked = check_expressions(body)
    _select(body, "Scan")
    return checked


def _batch_get_item(body: dict) -> dict:
    requested = 0
    checked: dict[str, Any] = {}
    requests = body.get("RequestItems") or {}
    for request in requests.values():
        check_parameter_mix(request, ["ProjectionExpression"], ["AttributesToGet"])
    # The whole batch is one request: an expression for one table and AttributesToGet for another mix.
    projected = [request for request in requests.values() if request.get("ProjectionExpression") is not None]
    legacy = [request for request in requests.values() if request.get("AttributesToGet") is not None]
    if projected and legacy:
        check_parameter_mix({**legacy[0], **projected[0]}, ["ProjectionExpression"], ["AttributesToGet"])
    for table, request in requests.items():
        for key in request.get("Keys") or []:
            check_values(key)
            requested += 1
            if requested > 100:
                raise RequestInvalid("Too many items requested for the BatchGetItem call")
        _attributes_to_get(request)
        checked[table] = check_expressions(request)
    return checked


def _batch_write_item(body: dict) -> dict:
    for requests in (body.get("RequestItems") or {}).values():
        for request in requests or []:
            present = [kind for kind in ("PutRequest", "DeleteRequest") if request.get(kind) is not None]
            if len(present) != 1:
                raise RequestInvalid(
                    "Supplied AttributeValue has more than one datatypes set, must contain exactly one "
                    "of the "
                    "supported datatypes"
                )
            if present[0] == "PutRequest":
                item = request["PutRequest"].get("Item") or {}
                older_values(item)
                _check_item_size(item)
            else:
                older_values(request["DeleteRequest"].get("Key"))
    if sum(len(requests or []) for requests in (body.get("RequestItems") or {}).values()) > 25:
        raise RequestInvalid("Too many items requested for the BatchWriteItem call")
    return {}


def _transact_write_items(body: dict) -> dict:
    for entry in body.get("TransactItems") or []:
        present = [
            kind for kind in ("ConditionCheck", "Put", "Delete", "Update") if entry.get(kind) is not None
        ]
        if len(present) != 1:
            if not present:
                # us-east-1's sentence (recorded); eu-west-2 now words it as a constraint on the list.
                raise RequestInvalid(
                    "Invalid Request: TransactWriteRequest should contain Delete or Put or Update request"
                )
            raise RequestInvalid("TransactItems can only contain one of Check, Put, Update or Delete")
        action = entry[present[0]]
        # A key nested past the reader's second limit is read after the action's expressions
        # (recorded: a syntax error or an oversized condition beside a 100-level key wins).
        deferred = present[0] != "Put" and _deeper_than(action.get("Key"), _SECOND_READER_DEPTH)
        if present[0] == "Put":
            item = action.get("Item")
            if isinstance(item, dict) and "" in item:
                # Before the item's values, whichever comes first in it (recorded).
                raise RequestInvalid("Empty attribute name")
            older_values(item)
            _check_item_size(item or {})
            check_parameter_mix(action, ["ConditionExpression"], [])
        elif present[0] == "Update":
            if not deferred:
                older_values(action.get("Key"))
            check_parameter_mix(action, ["UpdateExpression", "ConditionExpression"], [])
        else:
            if not deferred:
                older_values(action.get("Key"))
            check_parameter_mix(action, ["ConditionExpression"], [])
        check_expressions(action)
        if deferred:
            older_values(action.get("Key"))
    return {}


# Past about 62 levels DynamoDB reads a request in its older form (paritysuite/dynamodb-conformance
# validation-ordering/deepRequests, 2026-10-09, ten regions): the depth is found later.
_SECOND_READER_DEPTH = 62


def _deeper_than(attributes: Any, limit: int) -> bool:
    """Whether any value of the map holds maps or lists nested more than `limit` deep."""
    pending = [(value, 1) for value in attributes.values()] if isinstance(attributes, dict) else []
    while pending:
        value, depth = pending.pop()
        if not isinstance(value, dict):
            continue
        for kind, data in value.items():
            if kind in ("M", "L") and isinstance(data, (dict, list)):
                if depth > limit:
                    return True
                members = data.values() if isinstance(data, dict) else data
                pending.extend((member, depth + 1) for member in members)
    return False


def _transact_get_items(body: dict) -> dict:
    """The checked projection of each Get, in order (None where it has none)."""
    projections = []
    for entry in body.get("TransactItems") or []:
        get = entry.get("Get") or {}
        older_values(get.get("Key"))
        check_parameter_mix(get, ["ProjectionExpression"], [])
        projections.append(check_expressions(get).get("ProjectionExpression"))
    return {"projections": projections}


def _export(body: dict) -> None:
    """An incremental export names where it starts (the ack-api-quirks lab, 2026-10, DDB-TABLE-457)."""
    spec = body.get("IncrementalExportSpecification")
    if body.get("ExportType") == "INCREMENTAL_EXPORT" and (spec or {}).get("ExportFromTime") is None:
        raise RequestInvalid(
            "Invalid Request: ExportFromTime must be provided in IncrementalExportSpecification"
        )


def _global_table_update(body: dict) -> None:
    """A legacy replica update naming no action is refused with the bare sentence, before the global
    table is looked up (the ack-api-quirks lab, 2026-10, DDB-TABLE-457)."""
    for update in body.get("ReplicaUpdates") or ():
        if isinstance(update, dict) and update.get("Create") is None and update.get("Delete") is None:
            raise RequestInvalid("One or more parameter values were invalid")


RULES: dict[str, Callable[[dict], dict | None]] = {
    "GetItem": _get_item,
    "PutItem": _put_item,
    "DeleteItem": _delete_item,
    "UpdateItem": _update_item,
    "Query": _query,
    "Scan": _scan,
    "BatchGetItem": _batch_get_item,
    "BatchWriteItem": _batch_write_item,
    "TransactWriteItems": _transact_write_items,
    "TransactGetItems": _transact_get_items,
    "ExportTableToPointInTime": lambda body: _export(body),
    "UpdateGlobalTable": lambda body: _global_table_update(body),
}

"""Hooks around the dynamodb backend: DynamoDB's validation before moto sees a request (request rules,
then the rules that need the table's schema), and DYNAMODB_ERROR_PROBABILITY fault injection."""

from __future__ import annotations

import json
import logging
import random
import re
import threading
import zlib
from typing import Any

from werkzeug.wrappers import Response

from localstack import constants
from localstack.config import get_config
from localstack.services.dynamodb import (
    bulk_operations,
    capacity,
    capacity_report,
    client_tokens,
    contributor_insights,
    direct_items,
    global_tables,
    item_collections,
    kinesis_destinations,
    legacy_conditions,
    listings,
    partiql_checks,
    partiql_indexes,
    partiql_runner,
    removal_updates,
    replica_updates,
    resource_checks,
    return_values,
    table_checks,
    table_descriptions,
    ttl,
    validation,
)
from localstack.services.dynamodb.attribute_values import canonical_numbers, trimmed
from localstack.services.dynamodb.expressions import for_moto
from localstack.services.dynamodb.expressions.request import RequestInvalid, check_expressions
from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.utils.aws import request_context
from localstack.utils.aws.errors import AWSError, ValidationError
from localstack.utils.aws.internal_client import HEADER_INTERNAL
from localstack.utils.http import Request

LOG = logging.getLogger(__name__)

# The operations AWS throttles per table capacity (control-plane calls have their own limits).
ITEM_OPERATIONS = frozenset(
    "GetItem PutItem UpdateItem DeleteItem Query Scan BatchGetItem BatchWriteItem "
    "TransactGetItems TransactWriteItems ExecuteStatement BatchExecuteStatement".split()
)


class ProvisionedThroughputExceeded(AWSError):
    def __init__(self) -> None:
        super().__init__(
            "ProvisionedThroughputExceededException",
            "The level of configured provisioned throughput for the table was exceeded. "
            "Consider increasing your provisioning level with the UpdateTable API.",
        )


class ResourceNotFound(AWSError):
    def __init__(self, table_name: str | None = None) -> None:
        detail = f": Table: {table_name} not found" if table_name is not None else ""
        super().__init__("ResourceNotFoundException", "Requested resource not found" + detail)


# Table-level operations name the missing table in their ResourceNotFoundException.
_TABLE_OPERATIONS = frozenset(
    ("DescribeTable", "DeleteTable", "UpdateTable", "DescribeTimeToLive", "UpdateTimeToLive")
)


# A key condition with the value first (`:lo <= #sk`), which AWS reads as `#sk >= :lo` and moto's
# parser refuses: the operands swapped and the comparison mirrored before moto sees it.
_VALUE_FIRST = re.compile(r"(:[A-Za-z0-9_]+)\s*(<=|>=|<|>|=)\s*(#?[A-Za-z0-9_]+)")
_MIRRORED = {"<=": ">=", ">=": "<=", "<": ">", ">": "<", "=": "="}


def _indexed_batch_projections(operation: str, checked: Any) -> dict[str, list]:
    """The BatchGetItem tables whose projection names list elements, which moto cannot project."""
    if operation != "BatchGetItem" or not isinstance(checked, dict):
        return {}
    found = {}
    for table_name, trees in checked.items():
        paths = trees.get("ProjectionExpression") if isinstance(trees, dict) else None
        if _has_index(paths):
            found[table_name] = paths
    return found


def _has_index(paths: Any) -> bool:
    return isinstance(paths, list) and any(isinstance(part, int) for path in paths for part in path)


def _key_first(expression: str) -> str | None:
    if ":" not in expression:
        return None
    swapped = _VALUE_FIRST.sub(lambda m: f"{m[3]} {_MIRRORED[m[2]]} {m[1]}", expression)
    return swapped if swapped != expression else None


class DynamodbListener(ProxyListener):
    def __init__(self) -> None:
        # What return_response needs of its request (forward and return run on the same thread).
        self._pending = threading.local()

    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        self._pending.state = None
        operation = (headers.get(constants.HEADER_TARGET) or "").rpartition(".")[2]
        body = _parse(data) if operation else None
        trimmed()  # a mark left by an earlier request that failed validation
        checked = self._validate(operation, body, headers) if body is not None else {}
        probability = get_config().dynamodb_error_probability
        if probability > 0 and operation in ITEM_OPERATIONS and random.random() < probability:
            raise ProvisionedThroughputExceeded()
        if body is None:
            return True
        if operation in contributor_insights.OPERATIONS:
            answer = contributor_insights.handle(operation, body, _scope(headers), _table_lookup(headers))
            return _json_answer(json.dumps(answer).encode("utf-8"))
        if operation in kinesis_destinations.OPERATIONS:
            answer = kinesis_destinations.handle(operation, body, _table_lookup(headers), ResourceNotFound)
            return _json_answer(json.dumps(answer).encode("utf-8"))
        if operation in global_tables.OPERATIONS:
            account = _scope(headers)[0]
            answer = global_tables.handle(
                operation, body, _scope(headers), lambda region, name: _table_in_region(account, region, name)
            )
            return _json_answer(json.dumps(answer).encode("utf-8"))
        if operation in bulk_operations.OPERATIONS:
            answer = bulk_operations.handle(
                operation, body, _scope(headers), _table_lookup(headers), ResourceNotFound
            )
            return _json_answer(json.dumps(answer).encode("utf-8"))
        if operation in listings.OPERATIONS:
            return _json_answer(json.dumps(listings.handle(operation, body, _scope(headers))).encode("utf-8"))
        if operation in partiql_runner.OPERATIONS:
            try:
                written = partiql_runner.run(operation, body, _table_lookup(headers), _scope(headers))
            except RequestInvalid as error:
                raise ValidationError(str(error)) from None
            if isinstance(written, dict):
                return _json_answer(json.dumps(written).encode("utf-8"))
            if written is not None:
                return written
        token = body.get("ClientRequestToken") if operation == "TransactWriteItems" else None
        if isinstance(token, str):
            scope = (*_scope(headers), token)
            parameters = client_tokens.fingerprint(body)
            replayed = client_tokens.replay(scope, parameters)
            if replayed is not None:
                return _json_answer(_replayed_answer(replayed, body, _table_lookup(headers)))
        # DynamoDB stores numbers in canonical form (no exponent, no leading or trailing zeros).
        renumbered = operation in ITEM_OPERATIONS and b'"N' in data and canonical_numbers(body)
        values_trimmed = trimmed()  # values that held members AWS's deserializer ignores
        state: dict[str, Any] = {}
        if operation in capacity_report.CAPACITY_OPERATIONS and body.get("ReturnConsumedCapacity") in (
            "TOTAL",
            "INDEXES",
        ):
            lookup = _table_lookup(headers)
            state["capacity"] = (capacity_report.before(operation, body, lookup), lookup)
        elif operation in table_descriptions.DESCRIPTION_MEMBER:
            lookup = _table_lookup(headers)
            # DeleteTable's table is gone by the time the answer is reshaped.
            state["description"] = lookup(body.get("TableName")) if operation == "DeleteTable" else lookup
            if operation == "UpdateTable":
                state["deleting"] = table_descriptions.deleted_indexes(body, lookup(body.get("TableName")))
        if operation in _WRITES:
            wants_capacity = body.get("ReturnConsumedCapacity") in ("TOTAL", "INDEXES")
            wants_metrics = body.get("ReturnItemCollectionMetrics") == "SIZE"
            if wants_metrics or not wants_capacity:
                state["writes"] = (wants_capacity, wants_metrics, _table_lookup(headers))
        if operation == "UpdateItem":
            found = _table_lookup(headers)(body.get("TableName"))
            if removal_updates.missing_item(found, body, checked.get("UpdateExpression")):
                state["uncreated"] = found
        if operation == "TransactWriteItems":
            uncreated = removal_updates.transaction_missing_items(body, _table_lookup(headers))
            if uncreated:
                state["uncreated_in_transaction"] = uncreated
        if operation == "UpdateItem" and body.get("ReturnValues") in ("UPDATED_OLD", "UPDATED_NEW"):
            lookup = _table_lookup(headers)
            found = lookup(body.get("TableName"))
            if found is not None:
                old = capacity.stored_item(found, body.get("Key"))
                paths = return_values.updated_paths(body, checked.get("UpdateExpression"))
                state["return_values"] = (found, old, paths)
        if isinstance(token, str):
            state["client_token"] = (scope, parameters)
        if operation == "UpdateTimeToLive":
            state["ttl_changed"] = _table_lookup(headers)(body.get("TableName"))
        # moto reads `l[2]` in a projection as an attribute's name: GetItem projects list elements here.
        indexed = operation == "GetItem" and _has_index(checked.get("ProjectionExpression"))
        if indexed:
            state["projection"] = checked["ProjectionExpression"]
        batch_projections = _indexed_batch_projections(operation, checked)
        if batch_projections:
            state["batch_projection"] = batch_projections
        if operation == "TransactGetItems" and any(checked.get("projections") or ()):
            state["transact_projection"] = checked["projections"]  # moto answers whole items
        if state:
            self._pending.state = (operation, body, state)
        rewritten = None
        if operation in ("PutItem", "UpdateItem", "DeleteItem", "Query", "Scan"):
            rewritten = legacy_conditions.rewrite_or_conditions(body)
        if operation == "UpdateItem" and isinstance(body.get("UpdateExpression"), str):
            ungrouped = for_moto.without_grouping(body["UpdateExpression"])
            if ungrouped is not None:
                rewritten = {**(rewritten or body), "UpdateExpression": ungrouped}
        if operation == "TransactWriteItems":
            items = for_moto.transact_without_grouping(body.get("TransactItems"))
            if items is not None:
                rewritten = {**(rewritten or body), "TransactItems": items}
        if operation == "Query" and isinstance(body.get("KeyConditionExpression"), str):
            expression = _key_first(body["KeyConditionExpression"])
            if expression is not None:
                rewritten = {**(rewritten or body), "KeyConditionExpression": expression}
        selection = None
        if operation == "ExecuteStatement":
            projected = partiql_indexes.star_projection(body.get("Statement"), _table_lookup(headers))
            if projected is not None:
                state["index_projection"] = projected
                self._pending.state = (operation, body, state)
        if operation == "ExecuteStatement" and isinstance(body.get("Statement"), str):
            selection = partiql_checks.nested_selection(body["Statement"])
            if selection is not None:
                rewritten = {**(rewritten or body), "Statement": selection[0]}
                state["statement_paths"] = selection[1]
                self._pending.state = (operation, body, state)
            statement = partiql_checks.for_moto((rewritten or body)["Statement"], body.get("Parameters"))
            if statement is not None:
                rewritten = {**(rewritten or body), "Statement": statement}
                if re.match(r"\s*INSERT\b", statement, re.I):
                    rewritten.pop("Parameters", None)  # bound into the statement
        hidden = ("ProjectionExpression", "ExpressionAttributeNames")
        if indexed:
            rewritten = {name: value for name, value in (rewritten or body).items() if name not in hidden}
        if batch_projections:
            requests = dict((rewritten or body)["RequestItems"])
            for table_name in batch_projections:
                requests[table_name] = {k: v for k, v in requests[table_name].items() if k not in hidden}
            rewritten = {**(rewritten or body), "RequestItems": requests}
        if rewritten is None and operation in direct_items.OPERATIONS and direct_items.ENABLED:
            answered = direct_items.answer(operation, body, headers)
            if answered is not None:
                return answered
        if rewritten is not None or renumbered or values_trimmed:
            return Request(method, path, json.dumps(rewritten or body).encode("utf-8"), headers)
        return True

    def return_response(
        self, method: str, path: str, data: bytes, headers: Any, response: Response
    ) -> Response | None:
        pending = getattr(self._pending, "state", None)
        self._pending.state = None
        if response.status_code == 400:
            return _validation_namespace(response)
        if pending is None or response.status_code != 200:
            return None
        token = pending[2].pop("client_token", None)
        answered = self._complete(pending, response)
        if token is not None:
            client_tokens.remember(*token, (answered or response).get_data())
        return answered

    def _complete(self, pending: tuple, response: Response) -> Response | None:
        """The answer as AWS gives it (None: moto's is right as it is)."""
        operation, body, state = pending
        if not state:
            return None
        if "ttl_changed" in state:
            if state["ttl_changed"] is not None:
                ttl.record_change(state["ttl_changed"])
            return None
        if (
            set(state) == {"writes"}
            and not state["writes"][1]
            and b'"ConsumedCapacity"' not in response.get_data()
            and b'"ItemCollectionMetrics"' not in response.get_data()
        ):
            return None  # nothing to strip or add: leave the answer unparsed
        try:
            answer = json.loads(response.get_data())
            changed = False
            if "capacity" in state:
                previous, lookup = state["capacity"]
                consumed = capacity_report.consumed(operation, body, answer, previous, lookup)
                if consumed is not None:
                    answer["ConsumedCapacity"] = consumed
                    changed = True
            if "description" in state:
                table = state["description"]
                if callable(table):
                    table = table(body.get("TableName"))
                deleting = state.get("deleting")
                changed = table_descriptions.reshape(operation, body, answer, table, deleting) or changed
            if "writes" in state:
                wants_capacity, wants_metrics, lookup = state["writes"]
                if not wants_capacity and "ConsumedCapacity" in answer:
                    del answer["ConsumedCapacity"]  # moto adds it unasked
                    changed = True
                if wants_metrics:
                    collections = item_collections.metrics(operation, body, lookup)
                    if collections is not None:
                        answer["ItemCollectionMetrics"] = collections
                        changed = True
                elif "ItemCollectionMetrics" in answer:
                    del answer["ItemCollectionMetrics"]  # moto adds it unasked to transactions
                    changed = True
            if "statement_paths" in state and isinstance(answer.get("Items"), list):
                paths = state["statement_paths"]
                answer["Items"] = [partiql_checks.project(item, paths) for item in answer["Items"]]
                changed = True
            if "index_projection" in state and isinstance(answer.get("Items"), list):
                kept = state["index_projection"]
                answer["Items"] = [{k: v for k, v in item.items() if k in kept} for item in answer["Items"]]
                changed = True
            for table_name, paths in state.get("batch_projection", {}).items():
                items = (answer.get("Responses") or {}).get(table_name)
                if isinstance(items, list):
                    answer["Responses"][table_name] = [return_values.project(item, paths) for item in items]
                    changed = True
            for entry, paths in zip(
                answer.get("Responses") or [], state.get("transact_projection", []), strict=False
            ):
                if paths and isinstance(entry, dict) and "Item" in entry:
                    entry["Item"] = return_values.project(entry["Item"], paths)
                    changed = True
            if "projection" in state and "Item" in answer:
                answer["Item"] = return_values.project(answer["Item"], state["projection"])
                changed = True
            if "uncreated_in_transaction" in state and response.status_code == 200:
                for found, key in state["uncreated_in_transaction"]:
                    removal_updates.undo_creation(found, key)
            if "uncreated" in state and response.status_code == 200:
                removal_updates.undo_creation(state["uncreated"], body.get("Key"))
                changed = answer.pop("Attributes", None) is not None or changed
            if "return_values" in state:
                found, old, paths = state["return_values"]
                new = capacity.stored_item(found, body.get("Key"))
                attributes = return_values.answer(body["ReturnValues"], old, new, paths)
                if attributes is None:
                    answer.pop("Attributes", None)
                else:
                    answer["Attributes"] = attributes
                changed = True
        except Exception:  # noqa: BLE001 - a wrong detail must not cost the caller its answer
            LOG.exception("Could not complete the answer to %s", operation)
            return None
        if not changed:
            return None
        payload = json.dumps(answer, separators=(",", ":")).encode()
        response.set_data(payload)
        # DynamoDB clients check the CRC32 of every answer.
        response.headers["x-amz-crc32"] = str(zlib.crc32(payload) & 0xFFFFFFFF)
        return response

    def _validate(self, operation: str, body: dict, headers: Any) -> dict:
        try:
            checked = validation.check_request(operation, body)
            if operation in validation.RULES or operation in _TABLE_OPERATIONS:
                _check_against_tables(operation, body, checked, headers)
            if operation in ("ExecuteStatement", "ExecuteTransaction"):
                partiql_checks.check(operation, body, _table_lookup(headers))
                if operation == "ExecuteStatement":
                    partiql_indexes.check(body.get("Statement"), _table_lookup(headers))
            if operation in resource_checks.OPERATIONS:
                internal = bool(headers.get(HEADER_INTERNAL))
                account, region = _scope(headers)
                resource_checks.check(operation, body, _table_lookup(headers), internal, account, region)
        except RequestInvalid as error:
            raise ValidationError(str(error)) from None
        return checked


# Answers moto gives ConsumedCapacity (and ItemCollectionMetrics) unasked; BatchGetItem is no write
# but moto reports its capacity unasked too.
_WRITES = frozenset(
    ("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems", "BatchGetItem")
)
_SERVICE_VALIDATION = b'"com.amazonaws.dynamodb.v20120810#ValidationException"'
_CORAL_VALIDATION = b'"com.amazon.coral.validate#ValidationException"'


def _validation_namespace(response: Response) -> Response | None:
    """DynamoDB answers every ValidationException, the backend's semantic ones too, in coral's namespace."""
    if response.direct_passthrough:
        return None
    body = response.get_data()
    if _SERVICE_VALIDATION not in body:
        return None
    payload = body.replace(_SERVICE_VALIDATION, _CORAL_VALIDATION, 1)
    response.set_data(payload)
    response.headers["x-amz-crc32"] = str(zlib.crc32(payload) & 0xFFFFFFFF)
    return response


def _parse(data: bytes) -> dict | None:
    try:
        body = json.loads(data) if data and data.strip() else {}
    except (ValueError, RecursionError):
        return None  # the gateway's request checks answer malformed JSON
    return body if isinstance(body, dict) else None


def _scope(headers: Any) -> tuple[str, str]:
    """The account and region a request acts in."""
    return request_context.account_and_region(headers)


def _replayed_answer(first: bytes, body: dict, table: Any) -> bytes:
    """The first call's answer, its ConsumedCapacity replaced by what the repeat read."""
    try:
        answer = json.loads(first)
    except ValueError:
        return first
    answer.pop("ConsumedCapacity", None)
    consumed = capacity_report.replayed(body, table)
    if consumed is not None:
        answer["ConsumedCapacity"] = consumed
    return json.dumps(answer, separators=(",", ":")).encode()


def _json_answer(payload: bytes) -> Response:
    """An answer of ours, with the headers moto's carry (every DynamoDB answer names its request)."""
    from moto.utilities.aws_headers import gen_amzn_requestid_long

    response = Response(payload, status=200, mimetype="application/x-amz-json-1.0")
    response.headers["server"] = "amazon.com"
    response.headers["x-amzn-requestid"] = gen_amzn_requestid_long()
    response.headers["x-amz-crc32"] = str(zlib.crc32(payload) & 0xFFFFFFFF)
    return response


def _table_in_region(account: str, region: str, name: str) -> Any:
    """moto's table of that name in another region; None where the region is none moto serves."""
    try:
        return table_checks.find_table(account, region, name)
    except KeyError:
        return None


def _table_lookup(headers: Any) -> Any:
    account, region = _scope(headers)

    def table(name: Any) -> Any:
        return table_checks.find_table(account, region, name) if isinstance(name, str) else None

    return table


def _check_against_tables(operation: str, body: dict, checked: dict, headers: Any) -> None:
    table = _table_lookup(headers)

    if operation in _TABLE_OPERATIONS and isinstance(body.get("TableName"), str):
        if table(body["TableName"]) is None:
            raise ResourceNotFound(body["TableName"])
    if operation == "UpdateTable":
        found = table(body.get("TableName"))
        if found is not None:
            table_checks.check_index_creation(found, body)
            table_checks.check_throughput_change(found, body)
            replica_updates.check(found, body)
    elif operation == "UpdateTimeToLive":
        found = table(body.get("TableName"))
        if found is not None:
            ttl.check_update(found, body, internal=bool(headers.get(HEADER_INTERNAL)))
    elif operation in ("GetItem", "DeleteItem", "UpdateItem", "PutItem", "Query", "Scan"):
        found = table(body.get("TableName"))
        if found is None:
            return
        if operation == "PutItem":
            table_checks.check_item(found, body.get("Item"))
        elif operation == "Query":
            table_checks.check_query(found, body, checked["KeyConditions"])
        elif operation == "Scan":
            table_checks.check_scan(found, body)
        else:
            table_checks.check_key(found, body.get("Key"))
            if operation == "UpdateItem":
                table_checks.check_update_keys(found, body, checked.get("UpdateExpression"))
                table_checks.check_update_index_keys(found, body, checked.get("UpdateExpression"))
                table_checks.check_attribute_update_types(found, body)
                table_checks.check_update_paths(found, body, checked.get("UpdateExpression"))
    if operation in ("BatchGetItem", "BatchWriteItem", "TransactGetItems", "TransactWriteItems"):
        # Every table must exist before any is written: AWS never applies part of a batch.
        names = list(body.get("RequestItems") or {}) or [
            next((action for action in entry.values() if action is not None), {}).get("TableName")
            for entry in body.get("TransactItems") or []
        ]
        if any(table(name) is None for name in names):
            raise ResourceNotFound()
    if operation == "BatchGetItem":
        for name, request in (body.get("RequestItems") or {}).items():
            found = table(name)
            if found is not None:
                for key in request.get("Keys") or []:
                    table_checks.check_key(found, key)
                table_checks.check_unique_keys(found, request.get("Keys") or [])
    elif operation == "BatchWriteItem":
        for name, requests in (body.get("RequestItems") or {}).items():
            found = table(name)
            if found is None:
                continue
            keys = []
            for request in requests or []:
                if request.get("PutRequest") is not None:
                    item = request["PutRequest"].get("Item") or {}
                    table_checks.check_item(found, item, batch=True)
                    keys.append(item)
                else:
                    key = request["DeleteRequest"].get("Key") or {}
                    table_checks.check_key(found, key)
                    keys.append(key)
            table_checks.check_unique_keys(found, keys)
    elif operation in ("TransactWriteItems", "TransactGetItems"):
        _check_transaction(body, table)


def _check_transaction(body: dict, table: Any) -> None:
    seen: set[tuple] = set()
    for entry in body.get("TransactItems") or []:
        kind, action = next(iter((k, v) for k, v in entry.items() if v is not None))
        found = table(action.get("TableName"))
        if found is None:
            continue
        if kind == "Put":
            table_checks.check_item(found, action.get("Item"))
            key = action.get("Item") or {}
        else:
            table_checks.check_key(found, action.get("Key"))
            key = action.get("Key") or {}
        if kind == "Update":
            # As UpdateItem: a transaction's update cannot write its item's key either.
            updates = check_expressions(action).get("UpdateExpression")
            table_checks.check_update_keys(found, action, updates)
        identity = (found.table_arn, table_checks.key_identity(found, key))
        if identity in seen:
            raise RequestInvalid("Transaction request cannot include multiple operations on one item")
        seen.add(identity)

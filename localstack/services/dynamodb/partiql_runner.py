"""PartiQL writes run as the item-write operations DynamoDB translates them to, through this emulator's
own gateway (so each gets the listener's checks and answers): ExecuteStatement's UPDATE and DELETE as
UpdateItem and DeleteItem, ExecuteTransaction's writes as TransactWriteItems, and a
BatchExecuteStatement holding such writes statement by statement."""

from __future__ import annotations

import json
import re
import zlib
from typing import Any, Callable

from werkzeug.wrappers import Response

from localstack import constants
from localstack.services.dynamodb import (
    partiql_checks,
    partiql_overlap,
    partiql_reads,
    partiql_transactions,
    partiql_writes,
)
from localstack.services.dynamodb.expressions.request import RequestInvalid
from localstack.utils.aws import internal_client
from localstack.utils.aws.errors import AWSError

OPERATIONS = frozenset(("ExecuteStatement", "ExecuteTransaction", "BatchExecuteStatement"))
_WRITE = re.compile(r"\s*(UPDATE|DELETE)\b", re.I)

Lookup = Callable[[Any], Any]


def run(operation: str, body: dict, lookup: Lookup, scope: tuple[str, str]) -> dict | Response | None:
    """The answer (a JSON document, or the write's error response); None to leave the call to moto.
    Raises RequestInvalid for a statement DynamoDB refuses."""
    if operation == "ExecuteStatement":
        if isinstance(body.get("Statement"), str):
            body = {**body, "Statement": partiql_checks.plain(body["Statement"])}
        return _statement(body, lookup, scope)
    if operation == "ExecuteTransaction":
        statements = body.get("TransactStatements")
        if isinstance(statements, list):
            plain = [
                {**entry, "Statement": partiql_checks.plain(entry["Statement"])}
                if isinstance(entry, dict) and isinstance(entry.get("Statement"), str)
                else entry
                for entry in statements
            ]
            body = {**body, "TransactStatements": plain}
        return _transaction(body, lookup, scope)
    return _batch(body, scope, lookup)


def _call(target: str, document: dict, scope: tuple[str, str]) -> tuple[Response, dict]:
    headers = {
        "Content-Type": "application/x-amz-json-1.0",
        constants.HEADER_TARGET: f"DynamoDB_20120810.{target}",
    }
    data = json.dumps(document).encode("utf-8")
    response = internal_client.request("dynamodb", "POST", "/", data, headers, *scope)
    answer = json.loads(response.get_data() or b"{}")
    if response.status_code == 400 and isinstance(answer.get("message"), str):
        message = _statement_message(answer["message"])
        if message != answer["message"]:
            answer["message"] = message
            payload = json.dumps(answer).encode("utf-8")
            response.set_data(payload)
            response.headers["x-amz-crc32"] = str(zlib.crc32(payload) & 0xFFFFFFFF)
    return response, answer


# The translated call's expression and placeholder are the runner's, not the caller's: DynamoDB words a
# statement's refusal without them (recorded: `attribute_exists('ss')`, a set literal with a repeated
# member; paritysuite/dynamodb-conformance, 2026-10).
_EXPRESSION_PREFIX = re.compile(r"^Invalid (?:Filter|Update|Condition|KeyCondition|Projection)Expression: ")
_VALUE_WRAPPER = re.compile(r"^ExpressionAttributeValues contains invalid value: (.*) for key :v\d+$", re.S)


def _statement_message(message: str) -> str:
    wrapped = _VALUE_WRAPPER.match(message)
    if wrapped is not None:
        return wrapped.group(1)
    return _EXPRESSION_PREFIX.sub("", message, count=1)


def _key_names(found: Any) -> list[str]:
    return [found.hash_key_attr] + ([found.range_key_attr] if found.range_key_attr else [])


def _index_key(index: Any, kind: str) -> str | None:
    return next((e["AttributeName"] for e in index.schema if e["KeyType"] == kind), None)


def _statement(body: dict, lookup: Lookup, scope: tuple[str, str]) -> dict | Response | None:
    """A SELECT of an item collection as its Query, an UPDATE or DELETE as its UpdateItem or DeleteItem."""
    path = partiql_checks.from_path(body.get("Statement") or "")
    found = lookup(path[0]) if path and len(path) in (1, 2) else None
    if found is None:
        return None
    if re.match(r"\s*SELECT\b", body.get("Statement") or "", re.I):
        if len(path) == 2:
            index = next((i for i in [*found.global_indexes, *found.indexes] if i.name == path[1]), None)
            if index is None:
                return None
            keys = [_index_key(index, "HASH"), _index_key(index, "RANGE")]
            key_names = [key for key in keys if key]
            partiql_overlap.check(body.get("Statement"), body.get("Parameters"), key_names)
            queries = partiql_reads.translate_select(body, key_names, index.name)
        else:
            partiql_overlap.check(body.get("Statement"), body.get("Parameters"), _key_names(found))
            queries = partiql_reads.translate_select(body, _key_names(found))
        operation = "Query"
        if queries is None:
            scan = partiql_reads.translate_scan(body, path[1] if len(path) == 2 else None)
            if scan is None:
                return None
            operation, queries = "Scan", [scan]
        result: dict[str, Any] = {"Items": []}
        for query in queries:
            response, answer = _call(operation, query, scope)
            if response.status_code != 200:
                return response
            result["Items"].extend(partiql_reads.answered_items(body["Statement"], answer.get("Items", [])))
            if answer.get("LastEvaluatedKey"):
                result["NextToken"] = partiql_reads.write_token(answer["LastEvaluatedKey"])
            consumed = answer.get("ConsumedCapacity")
            if consumed:
                total = result.setdefault("ConsumedCapacity", {**consumed, "CapacityUnits": 0.0})
                total["CapacityUnits"] += consumed.get("CapacityUnits", 0.0)
        return result
    if len(path) != 1:
        return None
    if re.match(r"\s*INSERT\b", body.get("Statement") or "", re.I):
        return _insert(body, _key_names(found), scope)
    translation = partiql_writes.translate(body, _key_names(found))
    if translation is None:
        return None
    response, written = _call(translation.operation, translation.body, scope)
    if response.status_code != 200:
        return response
    return partiql_writes.answer(translation, written)


def _insert(body: dict, key_names: list[str], scope: tuple[str, str]) -> dict | Response | None:
    """INSERT as a PutItem that fails when the item exists (moto's engine reads no decimal literal)."""
    put = partiql_transactions.insert_put(body, key_names)
    if put is None:
        return None
    if "ReturnConsumedCapacity" in body:
        put["ReturnConsumedCapacity"] = body["ReturnConsumedCapacity"]
    response, answer = _call("PutItem", put, scope)
    if response.status_code == 400 and str(answer.get("__type", "")).endswith(
        "#ConditionalCheckFailedException"
    ):
        payload = json.dumps(
            {
                "__type": "com.amazonaws.dynamodb.v20120810#DuplicateItemException",
                "message": "Duplicate primary key exists in table",
            }
        ).encode("utf-8")
        response.set_data(payload)
        response.headers["x-amz-crc32"] = str(zlib.crc32(payload) & 0xFFFFFFFF)
        return response
    if response.status_code != 200:
        return response
    result: dict[str, Any] = {"Items": []}
    if "ConsumedCapacity" in answer:
        result["ConsumedCapacity"] = answer["ConsumedCapacity"]
    return result


def _transaction(body: dict, lookup: Lookup, scope: tuple[str, str]) -> dict | Response | None:
    """An ExecuteTransaction of writes as its TransactWriteItems (idempotency token, capacity and
    cancellations included), one of keyed reads as its TransactGetItems."""

    def key_names_of(name: str) -> list[str] | None:
        found = lookup(name)
        return _key_names(found) if found is not None else None

    reads = partiql_transactions.translate_reads(body, key_names_of)
    if reads is not None:
        response, answer = _call("TransactGetItems", reads, scope)
        if response.status_code != 200:
            return response
        responses = answer.get("Responses") or []
        for entry, read in zip(body["TransactStatements"], responses, strict=False):
            if "Item" in read:
                read["Item"] = partiql_reads.answered_items(entry["Statement"], [read["Item"]])[0]
        result = {"Responses": responses}
        if "ConsumedCapacity" in answer:
            result["ConsumedCapacity"] = answer["ConsumedCapacity"]
        return result
    translation = partiql_transactions.translate_transaction(body, key_names_of)
    if translation is None:
        return None
    response, answer = _call("TransactWriteItems", translation.body, scope)
    if response.status_code != 200:
        if "CancellationReasons" in answer:
            payload = json.dumps(partiql_transactions.cancellation(translation, answer)).encode("utf-8")
            response.set_data(payload)
            # DynamoDB clients check the CRC32 of every answer.
            response.headers["x-amz-crc32"] = str(zlib.crc32(payload) & 0xFFFFFFFF)
        return response
    result: dict[str, Any] = {"Responses": []}
    if "ConsumedCapacity" in answer:
        result["ConsumedCapacity"] = answer["ConsumedCapacity"]
    return result


# BatchExecuteStatement's per-statement error codes (BatchStatementError.Code) for the errors the
# statement alone would have raised.
_BATCH_CODES = {
    "ValidationException": "ValidationError",
    "ConditionalCheckFailedException": "ConditionalCheckFailed",
    "ResourceNotFoundException": "ResourceNotFound",
    "DuplicateItemException": "DuplicateItem",
    "TransactionConflictException": "TransactionConflict",
    "ProvisionedThroughputExceededException": "ProvisionedThroughputExceeded",
    "ItemCollectionSizeLimitExceededException": "ItemCollectionSizeLimitExceeded",
    "RequestLimitExceeded": "RequestLimitExceeded",
}


# A batch reads items by their whole key only (recorded: paritysuite/dynamodb-conformance, 2026-10).
_BATCH_READ = (
    "Select statements within BatchExecuteStatement must specify the primary key in the where clause."
)


def _keyed_read(entry: Any) -> bool:
    """A SELECT, which runs as an ExecuteStatement of its own (moto's batch answers no Item)."""
    statement = entry.get("Statement") if isinstance(entry, dict) else None
    return isinstance(statement, str) and re.match(r"\s*SELECT\b", statement, re.I) is not None


def _unkeyed_read(entry: Any, lookup: Lookup) -> bool:
    statement = entry.get("Statement") if isinstance(entry, dict) else None
    if not isinstance(statement, str) or not re.match(r"\s*SELECT\b", statement, re.I):
        return False
    path = partiql_checks.from_path(statement)
    found = lookup(path[0]) if path and len(path) == 1 else None
    terms = partiql_checks.key_terms(statement, found)
    return terms is not None and (not terms[1] or terms[0] != (2 if found.range_key_attr else 1))


def _batch(body: dict, scope: tuple[str, str], lookup: Lookup) -> dict | None:
    """A BatchExecuteStatement holding UPDATE or DELETE statements: each statement runs on its own
    (a write as ExecuteStatement runs it, anything else as a batch of one), answered in order;
    None to leave a batch without such writes to moto."""
    statements = body.get("Statements")
    if not isinstance(statements, list) or not any(
        (
            isinstance(entry, dict)
            and isinstance(entry.get("Statement"), str)
            and _WRITE.match(entry["Statement"])
        )
        or _keyed_read(entry)
        for entry in statements
    ):
        return None
    responses: list[dict] = []
    capacity_by_table: dict[str, float] = {}
    wants_capacity = body.get("ReturnConsumedCapacity") in ("TOTAL", "INDEXES")
    for entry in statements:
        try:
            partiql_checks.check_statement(entry if isinstance(entry, dict) else {}, lookup)
        except RequestInvalid as error:
            responses.append({"Error": {"Code": "ValidationError", "Message": str(error)}})
            continue
        except AWSError as error:
            responses.append(
                {"Error": {"Code": _BATCH_CODES.get(error.code, error.code), "Message": error.message}}
            )
            continue
        if _unkeyed_read(entry, lookup):
            responses.append({"Error": {"Code": "ValidationError", "Message": _BATCH_READ}})
            continue
        statement = entry.get("Statement") if isinstance(entry, dict) else None
        path = partiql_checks.from_path(statement) if isinstance(statement, str) else None
        table_name = path[0] if path else None
        write = isinstance(statement, str) and _WRITE.match(statement) is not None
        single = dict(entry) if isinstance(entry, dict) else {}
        if wants_capacity:
            single["ReturnConsumedCapacity"] = body["ReturnConsumedCapacity"]
        read = not write and _keyed_read(entry)
        target, request_body = (
            ("ExecuteStatement", single)
            if write or read
            else ("BatchExecuteStatement", {"Statements": [entry]})
        )
        if not write and wants_capacity:
            request_body["ReturnConsumedCapacity"] = body["ReturnConsumedCapacity"]
            single.pop("ReturnConsumedCapacity", None)
        answer_response, answer = _call(target, request_body, scope)
        consumed = answer.get("ConsumedCapacity")
        for entry_capacity in consumed if isinstance(consumed, list) else [consumed] if consumed else []:
            name = entry_capacity.get("TableName")
            capacity_by_table[name] = capacity_by_table.get(name, 0.0) + entry_capacity.get(
                "CapacityUnits", 0.0
            )
        if not write and not read:
            responses.extend(answer.get("Responses") or [{}])
            continue
        if answer_response.status_code != 200:
            code = str(answer.get("__type", "")).rpartition("#")[2]
            error = {
                "Code": _BATCH_CODES.get(code, code),
                "Message": answer.get("message") or answer.get("Message"),
            }
            if "Item" in answer:
                error["Item"] = answer["Item"]
            responses.append({"Error": error})
            continue
        items = answer.get("Items") or []
        responses.append({"TableName": table_name, **({"Item": items[0]} if items else {})})
    result: dict[str, Any] = {"Responses": responses}
    if wants_capacity:
        result["ConsumedCapacity"] = [
            {"TableName": name, "CapacityUnits": units} for name, units in capacity_by_table.items()
        ]
    return result

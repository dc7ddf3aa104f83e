"""Hooks around the dynamodb backend: DynamoDB's validation before moto sees a request (request rules,
then the rules that need the table's schema), and DYNAMODB_ERROR_PROBABILITY fault injection."""

from __future__ import annotations

import json
import logging
import random
import threading
import zlib
from typing import Any

from werkzeug.wrappers import Response

from localstack import constants
from localstack.config import get_config
from localstack.services.dynamodb import (
    answer_completion,
    bulk_operations,
    capacity,
    capacity_report,
    client_tokens,
    contributor_insights,
    direct_items,
    global_tables,
    item_rules,
    kinesis_destinations,
    listings,
    moto_requests,
    partiql_checks,
    partiql_indexes,
    partiql_runner,
    removal_updates,
    request_envelope,
    resource_checks,
    return_values,
    schema_checks,
    table_checks,
    table_descriptions,
    table_replicas,
    transaction_cancellations,
    validation,
    value_layers,
)
from localstack.services.dynamodb.attribute_values import canonical_numbers, trimmed
from localstack.services.dynamodb.expressions.request import RequestInvalid
from localstack.services.dynamodb.partiql_from_first import restate_body
from localstack.services.dynamodb.schema_checks import TABLE_OPERATIONS, ResourceNotFound
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


class DynamodbListener(ProxyListener):
    def __init__(self) -> None:
        # What return_response needs of its request (forward and return run on the same thread).
        self._pending = threading.local()

    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        self._pending.state = None
        operation = (headers.get(constants.HEADER_TARGET) or "").rpartition(".")[2]
        body = _parse(data) if operation else None
        restated = (
            body is not None and operation in partiql_runner.OPERATIONS and restate_body(operation, body)
        )
        trimmed()  # a mark left by an earlier request that failed validation
        try:
            checked = self._validate(operation, body, headers) if body is not None else {}
        except transaction_cancellations.Cancelled as cancelled:
            return transaction_cancellations.response(cancelled)
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
        if operation == "UpdateTable" and body.get("ReplicaUpdates"):
            found = _table_lookup(headers)(body.get("TableName"))
            if found is not None:
                state["replicas"] = table_replicas.apply(found, body)
        if table_replicas.active() and operation in _REPLICATED_WRITES:
            replicated = _replicated_writes(operation, body, _table_lookup(headers))
            if replicated:
                state["replicate"] = replicated
        rewritten = moto_requests.prepare(operation, body, checked, state, _table_lookup(headers))
        if state:
            self._pending.state = (operation, body, state)
        direct = rewritten is None and "replicate" not in state and direct_items.ENABLED
        if direct and operation in direct_items.OPERATIONS:
            answered = direct_items.answer(operation, body, headers)
            if answered is not None:
                return answered
        if rewritten is not None or renumbered or values_trimmed or restated:
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
        answered = answer_completion.complete(*pending, response)
        if token is not None:
            client_tokens.remember(*token, (answered or response).get_data())
        return answered

    def _validate(self, operation: str, body: dict, headers: Any) -> dict:
        before_table = True  # a refusal of the request rules, found before the table is read
        try:
            checked = validation.check_request(operation, body)
            before_table = False
            if operation in item_rules.RULES or operation in TABLE_OPERATIONS:
                internal = bool(headers.get(HEADER_INTERNAL))
                account = _scope(headers)[0]
                schema_checks.check(
                    operation,
                    body,
                    checked,
                    _table_lookup(headers),
                    internal,
                    lambda region, name: _table_in_region(account, region, name),
                )
            if operation in ("ExecuteStatement", "ExecuteTransaction"):
                partiql_checks.check(operation, body, _table_lookup(headers))
                if operation == "ExecuteStatement":
                    partiql_indexes.check(body.get("Statement"), _table_lookup(headers))
            if operation in resource_checks.OPERATIONS:
                internal = bool(headers.get(HEADER_INTERNAL))
                account, region = _scope(headers)
                resource_checks.check(operation, body, _table_lookup(headers), internal, account, region)
        except RequestInvalid as error:
            message = str(error)
            if not headers.get(HEADER_INTERNAL):  # PartiQL's translated calls answer in the older words
                message = value_layers.reword(operation, message)
                if before_table:
                    message = request_envelope.envelop(operation, message)
            raise ValidationError(message) from None
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


# Writes whose items a table's replicas in other regions receive (PartiQL's UPDATE and DELETE come back
# through the gateway as UpdateItem and DeleteItem; an INSERT is copied with its whole table).
_REPLICATED_WRITES = frozenset(
    ("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems", "ExecuteStatement")
    + ("BatchExecuteStatement",)
)


def _replicated_writes(operation: str, body: dict, table: Any) -> list[tuple[Any, list[dict] | None]]:
    """(moto's table, the keys written or None for all) for each table of the write that has replicas."""
    if operation in ("ExecuteStatement", "BatchExecuteStatement"):
        statements = [body] if operation == "ExecuteStatement" else body.get("Statements") or []
        names = {
            (partiql_checks.from_path(entry.get("Statement")) or [None])[0]
            for entry in statements
            if isinstance(entry, dict)
            and isinstance(entry.get("Statement"), str)
            and entry["Statement"].lstrip()[:6].upper() == "INSERT"
        }
        keys_by_table: dict[str, list[dict] | None] = {name: None for name in names if name}
    else:
        keys_by_table = table_replicas.written(operation, body)
    found = [(table(name), keys) for name, keys in keys_by_table.items()]
    return [(entry, keys) for entry, keys in found if entry is not None and table_replicas.regions_of(entry)]

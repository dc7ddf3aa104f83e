"""Hooks around the dynamodb backend: DynamoDB's validation before moto sees a request (request rules,
then the rules that need the table's schema), and DYNAMODB_ERROR_PROBABILITY fault injection."""

from __future__ import annotations

import json
import logging
import random
from typing import Any

from localstack import constants
from localstack.config import get_config
from localstack.services.dynamodb import table_checks, validation
from localstack.services.dynamodb.expressions.request import RequestInvalid
from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.utils.aws import request_context
from localstack.utils.aws.errors import AWSError

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


class ValidationError(AWSError):
    def __init__(self, message: str) -> None:
        super().__init__("ValidationException", message)


class DynamodbListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        operation = (headers.get(constants.HEADER_TARGET) or "").rpartition(".")[2]
        if operation:
            self._validate(operation, data, headers)
        probability = get_config().dynamodb_error_probability
        if probability > 0 and operation in ITEM_OPERATIONS and random.random() < probability:
            raise ProvisionedThroughputExceeded()
        return True

    def _validate(self, operation: str, data: bytes, headers: Any) -> None:
        try:
            body = json.loads(data) if data and data.strip() else {}
        except (ValueError, RecursionError):
            return  # the gateway's request checks answer malformed JSON
        if not isinstance(body, dict):
            return
        try:
            checked = validation.check_request(operation, body)
            if operation in validation.RULES:
                _check_against_tables(operation, body, checked, headers)
        except RequestInvalid as error:
            raise ValidationError(str(error)) from None


def _check_against_tables(operation: str, body: dict, checked: dict, headers: Any) -> None:
    account = request_context.account_for_access_key(request_context.access_key_of(headers))
    region = request_context.region_of(headers, "", get_config().default_region)

    def table(name: Any) -> Any:
        return table_checks.find_table(account, region, name) if isinstance(name, str) else None

    if operation in ("GetItem", "DeleteItem", "UpdateItem", "PutItem", "Query", "Scan"):
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
    elif operation == "BatchGetItem":
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
                    table_checks.check_item(found, item)
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
        identity = (found.table_arn, table_checks.key_identity(found, key))
        if identity in seen:
            raise RequestInvalid("Transaction request cannot include multiple operations on one item")
        seen.add(identity)

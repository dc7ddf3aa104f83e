"""Hooks around the dynamodb backend: DYNAMODB_ERROR_PROBABILITY fault injection on item operations."""

from __future__ import annotations

import random
from typing import Any

from localstack import constants
from localstack.config import get_config
from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.utils.aws.errors import AWSError

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
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        probability = get_config().dynamodb_error_probability
        if probability > 0:
            operation = (headers.get(constants.HEADER_TARGET) or "").rpartition(".")[2]
            if operation in ITEM_OPERATIONS and random.random() < probability:
                raise ProvisionedThroughputExceeded()
        return True

"""Hooks around the dynamodbstreams backend: the request rules of request_rules.py before moto."""

from __future__ import annotations

import json
from typing import Any

from localstack import constants
from localstack.services.dynamodbstreams import request_rules
from localstack.services.generic_proxy import ForwardResult, ProxyListener


class DynamodbstreamsListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        operation = (headers.get(constants.HEADER_TARGET) or "").rpartition(".")[2]
        if operation in ("GetShardIterator", "GetRecords") and data:
            try:
                body = json.loads(data)
            except ValueError:
                return True
            if isinstance(body, dict):
                request_rules.check(operation, body)
        return True

"""Hooks around the logs backend: request rules (validation.py), log group KMS keys (kms_keys.py), saved
queries and ListLogGroups (query_definitions.py), deletion protection (deletion_protection.py),
StartQuery's log group identifiers, which moto does not read, and delivery ARNs moto would crash on."""

from __future__ import annotations

import json
from typing import Any

from localstack import constants
from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.services.logs import deletion_protection, kms_keys, query_definitions, validation
from localstack.utils.aws.errors import AWSError
from localstack.utils.http import Request


class LogsListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        operation = (headers.get(constants.HEADER_TARGET) or "").rpartition(".")[2]
        if operation == "StartQuery":
            return _start_query(method, path, data, headers)
        if operation in ("PutDeliverySource", "PutDeliveryDestination"):
            _check_delivery_arn(operation, json.loads(data or b"{}"))
        elif operation in (
            "PutRetentionPolicy",
            "DescribeLogGroups",
            "DescribeLogStreams",
            "PutMetricFilter",
            "TestMetricFilter",
        ):
            body = json.loads(data or b"{}")
            if isinstance(body, dict):
                validation.check(operation, body)
        elif operation in query_definitions.OPERATIONS:
            body = json.loads(data or b"{}")
            return query_definitions.serve(operation, body if isinstance(body, dict) else {}, headers)
        elif operation == "PutLogGroupDeletionProtection":
            body = json.loads(data or b"{}")
            body = body if isinstance(body, dict) else {}
            name = _group_name(body.get("logGroupIdentifier", ""))
            return deletion_protection.put(name, body, headers)
        elif operation == "DeleteLogGroup":
            body = json.loads(data or b"{}")
            name = body.get("logGroupName") if isinstance(body, dict) else None
            deletion_protection.check_delete(name, headers)
        elif operation in ("AssociateKmsKey", "DisassociateKmsKey"):
            body = json.loads(data or b"{}")
            return kms_keys.serve(operation, body if isinstance(body, dict) else {}, headers)
        return True


def _check_delivery_arn(operation: str, body: dict) -> None:
    """A delivery source names the resource it sends from, a destination the resource it delivers to,
    both by ARN (moto split what it was given on ':' and crashed on anything else)."""
    if operation == "PutDeliverySource":
        name, arn = "resourceArn", body.get("resourceArn")
    else:
        config = body.get("deliveryDestinationConfiguration")
        name = "deliveryDestinationConfiguration.destinationResourceArn"
        arn = config.get("destinationResourceArn") if isinstance(config, dict) else None
    if not isinstance(arn, str) or len(arn.split(":", 5)) < 6 or not arn.startswith("arn:"):
        raise AWSError("ValidationException", f"{name} must be a valid ARN: {str(arn)[:200]}")


def _start_query(method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
    """A query names its log groups by `logGroupName`, `logGroupNames` or `logGroupIdentifiers`
    (names or ARNs), exactly one of them; moto reads only the first two and crashed on neither."""
    body = json.loads(data or b"{}")
    given = [key for key in ("logGroupName", "logGroupNames", "logGroupIdentifiers") if body.get(key)]
    if len(given) != 1:
        raise AWSError(
            "InvalidParameterException",
            "Exactly one of logGroupName, logGroupNames or logGroupIdentifiers must be specified.",
        )
    if given[0] != "logGroupIdentifiers":
        return True
    names = [_group_name(identifier) for identifier in body.pop("logGroupIdentifiers")]
    body["logGroupNames"] = names
    return Request(method, path, json.dumps(body).encode(), headers)


def _group_name(identifier: Any) -> str:
    """`arn:aws:logs:<region>:<account>:log-group:<name>[:*]` or a bare name -> the name."""
    text = str(identifier)
    if text.startswith("arn:"):
        text = text.split(":log-group:", 1)[-1]
        if text.endswith(":*"):
            text = text[:-2]
    return text

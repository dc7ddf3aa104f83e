"""AssociateKmsKey and DisassociateKmsKey, which moto does not implement: the key a log group is
encrypted with, shown by DescribeLogGroups as `kmsKeyId` (moto keeps it from CreateLogGroup)."""

from __future__ import annotations

from typing import Any

from localstack.utils.aws import request_context
from localstack.utils.aws.errors import AWSError

GROUP_NOT_FOUND = "The specified log group does not exist."


def serve(operation: str, body: dict[str, Any], headers: Any) -> dict[str, Any]:
    from moto.logs.models import logs_backends

    account, region = request_context.account_and_region(headers)
    name = body.get("logGroupName")
    identifier = body.get("resourceIdentifier")
    if not name and isinstance(identifier, str) and ":log-group:" in identifier:
        name = identifier.split(":log-group:", 1)[1].removesuffix(":*")
    if not name:
        # A query-results association (resourceIdentifier of a query): nothing here is stored
        # encrypted, so there is nothing to change.
        return {}
    group = logs_backends[account][region].groups.get(name)
    if group is None:
        raise AWSError("ResourceNotFoundException", GROUP_NOT_FOUND)
    group.kms_key_id = body.get("kmsKeyId") if operation == "AssociateKmsKey" else None
    return {}

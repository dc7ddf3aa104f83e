"""Log group deletion protection, which moto does not know: CreateLogGroup's `deletionProtectionEnabled`
(kept by patches.py) and PutLogGroupDeletionProtection turn it on or off, and while it is on DeleteLogGroup
is refused and the group stays (sentence from the CloudWatch Logs user guide, "Protecting log groups from
deletion")."""

from __future__ import annotations

from typing import Any

from localstack.utils.aws import request_context
from localstack.utils.aws.errors import AWSError

GROUP_NOT_FOUND = "The specified log group does not exist."
PROTECTED = "Cannot delete log group with deletion protection enabled. Disable deletion protection first."


def _group(name: str, headers: Any) -> Any | None:
    from moto.logs.models import logs_backends

    account, region = request_context.account_and_region(headers)
    return logs_backends[account][region].groups.get(name)


def put(name: str, body: dict[str, Any], headers: Any) -> dict[str, Any]:
    """PutLogGroupDeletionProtection of the group `name` (a name or ARN the caller resolved)."""
    group = _group(name, headers)
    if group is None:
        raise AWSError("ResourceNotFoundException", GROUP_NOT_FOUND)
    group.deletion_protection = body.get("deletionProtectionEnabled") is True
    return {}


def check_delete(name: Any, headers: Any) -> None:
    """Refuse DeleteLogGroup of a protected group (moto answers a missing one)."""
    group = _group(name, headers) if isinstance(name, str) else None
    if group is not None and getattr(group, "deletion_protection", False):
        raise AWSError("ValidationException", PROTECTED)

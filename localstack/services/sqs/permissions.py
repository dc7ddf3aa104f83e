"""AddPermission and RemovePermission: the policy they write and their refusals, as AWS shows them."""

from __future__ import annotations

from typing import Any

# The policy language version AWS writes into a policy that AddPermission creates (recorded against
# AWS); a policy the client set keeps its own version.
ADD_PERMISSION_VERSION = "2008-10-17"


def apply(models: Any) -> None:
    _created_policy_version(models)
    _remove_permission_wording(models)


def _created_policy_version(models: Any) -> None:
    """moto starts the policy AddPermission creates with version 2012-10-17."""
    original = models.SQSBackend.add_permission

    def add_permission(backend: Any, region_name: str, queue_name: str, *args: Any, **kwargs: Any) -> None:
        queue = backend.get_queue(queue_name)
        created = not queue._policy_json.get("Statement")
        original(backend, region_name, queue_name, *args, **kwargs)
        if created:
            queue._policy_json["Version"] = ADD_PERMISSION_VERSION

    models.SQSBackend.add_permission = add_permission


def _remove_permission_wording(models: Any) -> None:
    """RemovePermission of a label the policy lacks, in AWS's words (recorded): moto adds "on existing
    policy"."""
    from moto.sqs.exceptions import InvalidParameterValue

    original = models.SQSBackend.remove_permission

    def remove_permission(backend: Any, queue_name: str, label: str) -> None:
        try:
            original(backend, queue_name, label)
        except InvalidParameterValue:
            raise InvalidParameterValue(
                f"Value {label} for parameter Label is invalid. Reason: can't find label."
            ) from None

    models.SQSBackend.remove_permission = remove_permission

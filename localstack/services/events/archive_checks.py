"""Checks of archive requests that need the account's archives: UpdateArchive of an archive that does
not exist, with nothing to change, is answered as AWS answers it (recorded: a retryable
InternalException, not ResourceNotFoundException)."""

from __future__ import annotations

from typing import Any

from localstack.utils.aws.errors import AWSError

# UpdateArchive's members besides the name (botocore's model).
UPDATABLE = ("Description", "EventPattern", "RetentionDays", "KmsKeyIdentifier")


def update_archive(params: dict[str, Any], account: str, region: str) -> bool:
    from moto.events.models import events_backends

    name = params.get("ArchiveName")
    if any(member in params for member in UPDATABLE) or not isinstance(name, str):
        return True
    if name not in events_backends[account][region].archives:
        raise AWSError(
            "InternalException",
            "Service encountered unexpected problem. Please try again.",
            status=500,
            sender=False,
        )
    return True


HANDLERS = {"UpdateArchive": update_archive}

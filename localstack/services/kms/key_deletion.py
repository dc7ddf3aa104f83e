"""ScheduleKeyDeletion and CancelKeyDeletion as AWS answers them: a waiting period of 7 to 30 days
(30 when none is given), a key already pending deletion refused, answers naming the key's ARN (moto
echoed the KeyId as sent), and a cancelled deletion leaving the key Disabled. moto also "cancelled"
the deletion of a key that had none, disabling it."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from typing import Any

from localstack.services.kms import validation
from localstack.utils.aws.errors import AWSError

PENDING_WINDOW_DAYS = (7, 30)  # AWS's range (botocore's model allows 1 to 365)
DEFAULT_PENDING_WINDOW_DAYS = 30


def schedule_key_deletion(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    low, high = PENDING_WINDOW_DAYS
    days = params.get("PendingWindowInDays", DEFAULT_PENDING_WINDOW_DAYS)
    if not isinstance(days, int) or isinstance(days, bool) or not low <= days <= high:
        raise AWSError("ValidationException", f"PendingWindowInDays must be between {low} and {high}")
    key = validation.find_key(backend, params.get("KeyId") or "")
    if key.key_state == "PendingDeletion":
        error = validation.key_state_error(key)
        assert error is not None
        raise error
    deletion = datetime.fromtimestamp(time.time(), timezone.utc) + timedelta(days=days)
    key.enabled = False
    key.key_state = "PendingDeletion"
    key.deletion_date = deletion.replace(tzinfo=None)  # moto keeps naive UTC datetimes
    return {
        "KeyId": key.arn,
        "DeletionDate": deletion.timestamp(),
        "KeyState": "PendingDeletion",
        "PendingWindowInDays": days,
    }


def cancel_key_deletion(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    key = validation.find_key(backend, params.get("KeyId") or "")
    if key.key_state != "PendingDeletion":
        # The developer guide's key-state table gives this sentence.
        raise AWSError("KMSInvalidStateException", f"{key.arn} is not pending deletion.")
    key.enabled = False
    key.key_state = "Disabled"
    key.deletion_date = None
    return {"KeyId": key.arn}


HANDLERS = {"ScheduleKeyDeletion": schedule_key_deletion, "CancelKeyDeletion": cancel_key_deletion}

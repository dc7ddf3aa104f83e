"""Automatic key rotation as AWS answers it: only symmetric encryption keys with KMS-made material
rotate (others get AWS's empty UnsupportedOperationException), EnableKeyRotation keeps its
RotationPeriodInDays (365 by default), and GetKeyRotationStatus shows the key id, the period and the
next rotation date while rotation is on (moto answered KeyRotationEnabled alone and dropped the period).
RotateKeyOnDemand rotates symmetric encryption keys, those with imported key material too (since 2025):
the material imported for rotation (key_import.py, PENDING_ROTATION) becomes the key's current one.
Rotations are kept as records: every ciphertext the key made stays decryptable, as AWS keeps the
non-current materials for decryption."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from typing import Any

from localstack.services.kms import validation
from localstack.utils.aws.errors import AWSError

DEFAULT_ROTATION_PERIOD_DAYS = 365
# The developer guide's resource quota for on-demand rotations of one key (not adjustable).
ON_DEMAND_ROTATION_QUOTA = 25


def refuse_past_on_demand_quota(key: Any) -> None:
    """LimitExceededException (the API reference's code for the quota) once the key used them all."""
    done = sum(1 for rotation in getattr(key, "rotations", []) if rotation.get("RotationType") == "ON_DEMAND")
    if done >= ON_DEMAND_ROTATION_QUOTA:
        raise AWSError(
            "LimitExceededException",  # the sentence is ours: AWS's was not found recorded
            f"{key.arn} has reached the maximum of {ON_DEMAND_ROTATION_QUOTA} on-demand rotations.",
        )


def _rotatable_key(backend: Any, params: dict[str, Any]) -> Any:
    key = validation.find_key(backend, params.get("KeyId") or "")
    if key.origin == "EXTERNAL":
        # The key-state table's sentence for a key with imported material.
        raise AWSError(
            "UnsupportedOperationException",
            f"{key.arn} origin is EXTERNAL which is not valid for this operation.",
        )
    if key.key_spec != "SYMMETRIC_DEFAULT":
        raise AWSError("UnsupportedOperationException", "")
    if key.key_state == "Disabled":
        validation.require_enabled(key)  # DisabledException (key-state table)
    validation.refuse_pending_deletion(key)
    return key


def rotate_key_on_demand(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    key = validation.find_key(backend, params.get("KeyId") or "")
    if key.key_spec != "SYMMETRIC_DEFAULT":
        # Asymmetric and HMAC keys are rotated by hand; AWS's message is empty.
        raise AWSError("UnsupportedOperationException", "")
    # The key-state table: a Disabled key answers DisabledException, a key pending import or
    # deletion KMSInvalidStateException (the API reference lists both for RotateKeyOnDemand).
    validation.require_enabled(key)
    refuse_past_on_demand_quota(key)
    rotation: dict[str, Any] = {
        "KeyId": key.id,
        # time.time reads the request's clock under persistence (a replay after kill -9 gives the
        # rotation its first date); this module may be imported inside the replayed request itself.
        "RotationDate": time.time(),
        "RotationType": "ON_DEMAND",
    }
    if key.origin == "EXTERNAL":
        pending = getattr(key, "pending_key_material_id", None)
        if pending is None:
            # The API reference: new key material must have been imported first (PENDING_ROTATION);
            # the code is from its error list, the sentence is ours (AWS's was not found recorded).
            raise AWSError(
                "KMSInvalidStateException",
                f"{key.arn} has no key material in the PENDING_ROTATION state.",
            )
        key.key_material_id = pending
        key.pending_key_material_id = None
        rotation["KeyMaterialId"] = pending
    key.rotations.append(rotation)
    return {"KeyId": key.id}


def enable_key_rotation(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    key = _rotatable_key(backend, params)
    period = params.get("RotationPeriodInDays") or DEFAULT_ROTATION_PERIOD_DAYS
    key.key_rotation_status = True
    key.rotation_period_in_days = period
    key.next_rotation_date = datetime.fromtimestamp(time.time(), timezone.utc) + timedelta(days=period)
    return {}


def disable_key_rotation(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    key = _rotatable_key(backend, params)
    key.key_rotation_status = False
    key.next_rotation_date = None
    return {}


def get_key_rotation_status(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    key = validation.find_key(backend, params.get("KeyId") or "")
    # A key pending deletion reports rotation off; cancelling the deletion restores it (API reference).
    enabled = bool(key.key_rotation_status) and key.key_state != "PendingDeletion"
    answer: dict[str, Any] = {"KeyId": key.id, "KeyRotationEnabled": enabled}
    if enabled:
        period = getattr(key, "rotation_period_in_days", None) or DEFAULT_ROTATION_PERIOD_DAYS
        answer["RotationPeriodInDays"] = period
        next_date = getattr(key, "next_rotation_date", None) or (
            datetime.fromtimestamp(time.time(), timezone.utc) + timedelta(days=period)
        )
        answer["NextRotationDate"] = next_date.timestamp()
    return answer


HANDLERS = {
    "EnableKeyRotation": enable_key_rotation,
    "DisableKeyRotation": disable_key_rotation,
    "GetKeyRotationStatus": get_key_rotation_status,
    "RotateKeyOnDemand": rotate_key_on_demand,
}

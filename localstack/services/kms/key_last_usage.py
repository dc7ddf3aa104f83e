"""GetKeyLastUsage (moto has none): each key remembers its last successful cryptographic operation,
recorded by the listener once the operation has answered, from the key's creation on."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from localstack.services.kms import validation

# Cryptographic operations, and the request members naming the key(s) each one uses.
USING_KEYS = {
    "Encrypt": ("KeyId",),
    "Decrypt": ("KeyId",),
    "ReEncrypt": ("SourceKeyId", "DestinationKeyId"),
    "GenerateDataKey": ("KeyId",),
    "GenerateDataKeyWithoutPlaintext": ("KeyId",),
    "GenerateDataKeyPair": ("KeyId",),
    "GenerateDataKeyPairWithoutPlaintext": ("KeyId",),
    "Sign": ("KeyId",),
    "Verify": ("KeyId",),
    "GenerateMac": ("KeyId",),
    "VerifyMac": ("KeyId",),
    "DeriveSharedSecret": ("KeyId",),
    "Encapsulate": ("KeyId",),
    "Decapsulate": ("KeyId",),
}


def record(backend: Any, operation: str, params: dict[str, Any], answer: dict[str, Any] | None) -> None:
    """Note a successful use. Decrypt without KeyId learns its key from the answer's KeyId (an ARN)."""
    names = [params.get(member) for member in USING_KEYS.get(operation, ())]
    if answer is not None and answer.get("KeyId"):
        names.append(answer["KeyId"])
    if operation == "ReEncrypt" and answer is not None and answer.get("SourceKeyId"):
        names.append(answer["SourceKeyId"])
    used = {}
    for name in names:
        if isinstance(name, str) and name:
            try:
                key = validation.find_key(backend, name)
            except Exception:  # noqa: BLE001 (a key that went away is simply not recorded)
                continue
            used[key.id] = key
    for key in used.values():
        key.last_usage = {
            "Operation": operation,
            "Timestamp": time.time(),
            "CloudTrailEventId": str(uuid.uuid4()),
            "KmsRequestId": str(uuid.uuid4()),
        }


def record_moto_answer(backend: Any, operation: str, data: bytes, body: bytes) -> None:
    try:
        params, answer = json.loads(data or b"{}"), json.loads(body or b"{}")
    except ValueError:
        return
    if isinstance(params, dict) and isinstance(answer, dict):
        record(backend, operation, params, answer)


def get_key_last_usage(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    key = validation.find_key(backend, params.get("KeyId") or "")
    created = key.creation_date
    return {
        "KeyId": key.id,
        "KeyLastUsage": dict(getattr(key, "last_usage", None) or {}),
        "TrackingStartDate": created,
        "KeyCreationDate": created,
    }


HANDLERS = {"GetKeyLastUsage": get_key_last_usage}

"""ML-KEM keys (ML_KEM_768 and ML_KEM_1024; the `cryptography` package has no ML-KEM-512) and the
Encapsulate and Decapsulate operations moto lacks: a shared secret and its ciphertext from the key's
public half, and the secret again from that ciphertext with its private half."""

from __future__ import annotations

import base64
import os
from typing import Any

from localstack.services.kms import validation
from localstack.utils.aws.errors import AWSError

SPECS = ("ML_KEM_768", "ML_KEM_1024")
USAGE = "ENCAPSULATE_DECAPSULATE"
ALGORITHMS = ["ML_KEM"]


def private_key(spec: str) -> Any:
    """A new key from a 64-byte seed read from os.urandom (seeded per request when persistence logs it)."""
    from cryptography.hazmat.primitives.asymmetric import mlkem

    return getattr(mlkem, f"MLKEM{spec[7:]}PrivateKey").from_seed_bytes(os.urandom(64))


def _key(backend: Any, params: dict[str, Any], operation: str) -> Any:
    key = validation.find_key(backend, params.get("KeyId") or "")
    validation.require_enabled(key)
    validation.require_usage(key, USAGE, operation)
    algorithm = params.get("EncapsulationAlgorithm") or ""
    if algorithm not in ALGORITHMS:
        raise validation.incompatible_algorithm(algorithm, key)
    return key


def encapsulate(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    key = _key(backend, params, "Encapsulate")
    secret, ciphertext = key.private_key.private_key.public_key().encapsulate()
    return {
        "KeyId": key.arn,
        "SharedSecret": base64.b64encode(secret).decode(),
        "SharedSecretCiphertextBlob": base64.b64encode(ciphertext).decode(),
        "EncapsulationAlgorithm": "ML_KEM",
    }


def decapsulate(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    key = _key(backend, params, "Decapsulate")
    try:
        ciphertext = base64.b64decode(params.get("SharedSecretCiphertextBlob") or "")
        secret = key.private_key.private_key.decapsulate(ciphertext)
    except ValueError:
        raise AWSError("InvalidCiphertextException", "") from None
    return {
        "KeyId": key.arn,
        "SharedSecret": base64.b64encode(secret).decode(),
        "EncapsulationAlgorithm": "ML_KEM",
    }


HANDLERS = {"Encapsulate": encapsulate, "Decapsulate": decapsulate}

"""GenerateMac, VerifyMac and GetPublicKey as AWS answers them: the key's state, usage and spec checked,
the key's ARN in the answer, and a failed verification refused (KMSInvalidMacException) rather than
answered `false`. Sign and Verify are crypto.py's."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

from localstack.services.kms import validation
from localstack.utils.aws.errors import AWSError

_MAC_HASHES = {
    "HMAC_SHA_224": hashlib.sha224,
    "HMAC_SHA_256": hashlib.sha256,
    "HMAC_SHA_384": hashlib.sha384,
    "HMAC_SHA_512": hashlib.sha512,
}


def _blob(params: dict[str, Any], name: str) -> bytes:
    try:
        return base64.b64decode(params.get(name) or "")
    except ValueError:
        raise AWSError("SerializationException", f"Value for {name} is not valid base64") from None


def _mac(backend: Any, params: dict[str, Any], operation: str) -> tuple[Any, str, bytes]:
    key = validation.find_key(backend, params.get("KeyId") or "")
    validation.require_enabled(key)
    validation.require_usage(key, "GENERATE_VERIFY_MAC", operation)
    algorithm = params.get("MacAlgorithm") or ""
    validation.require_mac_algorithm(key, algorithm)
    mac = hmac.new(key.key_material, _blob(params, "Message"), _MAC_HASHES[algorithm]).digest()
    return key, algorithm, mac


def generate_mac(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    key, algorithm, mac = _mac(backend, params, "GenerateMac")
    return {"KeyId": key.arn, "Mac": base64.b64encode(mac).decode(), "MacAlgorithm": algorithm}


def verify_mac(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    key, algorithm, mac = _mac(backend, params, "VerifyMac")
    if not hmac.compare_digest(mac, _blob(params, "Mac")):
        raise AWSError("KMSInvalidMacException", "")
    return {"KeyId": key.arn, "MacValid": True, "MacAlgorithm": algorithm}


def get_public_key(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    """The public half of an asymmetric key, with the key's ARN, spec and algorithms."""
    from cryptography.hazmat.primitives import serialization

    key = validation.find_key(backend, params.get("KeyId") or "")
    if key.key_state != "Disabled":  # AWS answers a disabled key's public key (its key-state table says not)
        validation.require_enabled(key)
    spec = key.key_spec or "SYMMETRIC_DEFAULT"
    if spec == "SYMMETRIC_DEFAULT" or spec.startswith("HMAC_"):
        raise AWSError("UnsupportedOperationException", "GetPublicKey is not supported for symmetric keys.")
    public = key.private_key.private_key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    result = {
        "KeyId": key.arn,
        "PublicKey": base64.b64encode(public).decode(),
        "CustomerMasterKeySpec": spec,
        "KeySpec": spec,
        "KeyUsage": validation.key_usage(key),
    }
    usage = validation.key_usage(key)
    if usage == "SIGN_VERIFY":
        result["SigningAlgorithms"] = key.signing_algorithms
    elif usage == "KEY_AGREEMENT":
        result["KeyAgreementAlgorithms"] = ["ECDH"]
    elif usage == "ENCAPSULATE_DECAPSULATE":
        result["EncapsulationAlgorithms"] = ["ML_KEM"]
    else:
        result["EncryptionAlgorithms"] = key.encryption_algorithms
    return result


HANDLERS = {
    "GetPublicKey": get_public_key,
    "GenerateMac": generate_mac,
    "VerifyMac": verify_mac,
}

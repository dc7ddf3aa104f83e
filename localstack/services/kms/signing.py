"""Sign, Verify, GenerateMac, VerifyMac and GetPublicKey as AWS answers them: RAW or DIGEST messages,
PSS salts as long as the digest, the key's usage and spec checked, and a failed verification refused
(KMSInvalidSignatureException, KMSInvalidMacException) rather than answered `false`."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

from localstack.services.kms import validation
from localstack.utils.aws.errors import AWSError

_HASHES = {"SHA_256": "SHA256", "SHA_384": "SHA384", "SHA_512": "SHA512"}
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


def _scheme(algorithm: str, message_type: str) -> tuple[Any, Any]:
    """(padding or None for ECDSA, hash algorithm) of a signing algorithm; DIGEST messages are prehashed."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding, utils

    digest = getattr(hashes, _HASHES[algorithm[-7:]])()
    hashing = utils.Prehashed(digest) if message_type == "DIGEST" else digest
    if algorithm.startswith("ECDSA"):
        return None, ec.ECDSA(hashing)
    if algorithm.startswith("RSASSA_PSS"):
        # AWS's PSS salt is as long as the digest (PKCS #1 v2.2 with an MGF1 of the same hash).
        return padding.PSS(mgf=padding.MGF1(digest), salt_length=digest.digest_size), hashing
    return padding.PKCS1v15(), hashing


def _signing_key(backend: Any, params: dict[str, Any], operation: str) -> tuple[Any, str, str, bytes]:
    key = validation.find_key(backend, params.get("KeyId") or "")
    validation.require_enabled(key)
    validation.require_usage(key, "SIGN_VERIFY", operation)
    algorithm = params.get("SigningAlgorithm") or ""
    validation.require_signing_algorithm(key, algorithm)
    message_type = params.get("MessageType") or "RAW"
    message = _blob(params, "Message")
    validation.check_digest(algorithm, message_type, message)
    return key, algorithm, message_type, message


def sign(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    key, algorithm, message_type, message = _signing_key(backend, params, "Sign")
    pad, hashing = _scheme(algorithm, message_type)
    private = key.private_key.private_key
    signature = private.sign(message, hashing) if pad is None else private.sign(message, pad, hashing)
    return {
        "KeyId": key.arn,
        "Signature": base64.b64encode(signature).decode(),
        "SigningAlgorithm": algorithm,
    }


def verify(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    from cryptography.exceptions import InvalidSignature

    key, algorithm, message_type, message = _signing_key(backend, params, "Verify")
    signature = _blob(params, "Signature")
    pad, hashing = _scheme(algorithm, message_type)
    public = key.private_key.private_key.public_key()
    try:
        if pad is None:
            public.verify(signature, message, hashing)
        else:
            public.verify(signature, message, pad, hashing)
    except (InvalidSignature, ValueError):
        raise AWSError("KMSInvalidSignatureException", "") from None
    return {"KeyId": key.arn, "SignatureValid": True, "SigningAlgorithm": algorithm}


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
    else:
        result["EncryptionAlgorithms"] = key.encryption_algorithms
    return result


HANDLERS = {
    "GetPublicKey": get_public_key,
    "Sign": sign,
    "Verify": verify,
    "GenerateMac": generate_mac,
    "VerifyMac": verify_mac,
}

"""GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext (moto has neither): a fresh asymmetric
key pair whose private key is returned encrypted under a KMS key (and in plaintext, for the first)."""

from __future__ import annotations

import base64
from typing import Any

from localstack.services.kms import key_encapsulation, key_generation, modern_keys, validation
from localstack.utils.aws.errors import AWSError

OPERATIONS = frozenset({"GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext"})
KEY_PAIR_SPECS = (
    "RSA_2048",
    "RSA_3072",
    "RSA_4096",
    "ECC_NIST_P256",
    "ECC_NIST_P384",
    "ECC_NIST_P521",
    "ECC_SECG_P256K1",
    "SM2",
    "ECC_NIST_EDWARDS25519",
    *key_encapsulation.SPECS,
)


def generate(backend: Any, operation: str, params: dict[str, Any]) -> dict[str, Any]:
    from cryptography.hazmat.primitives import serialization

    spec = params.get("KeyPairSpec") or ""
    modern_keys.refuse_unbuildable(spec)
    specs = [name for name in KEY_PAIR_SPECS if modern_keys.available(name)]
    if spec not in specs:
        raise AWSError(
            "ValidationException",
            f"1 validation error detected: Value '{spec}' at 'keyPairSpec' failed to satisfy constraint: "
            f"Member must satisfy enum value set: [{', '.join(specs)}]",
        )
    if spec == "SM2":
        raise AWSError("UnsupportedOperationException", "SM2 is supported only in China Regions.")
    key = validation.find_key(backend, params.get("KeyId") or "")
    usage = key.key_usage or "ENCRYPT_DECRYPT"  # moto leaves the defaults unset
    if usage != "ENCRYPT_DECRYPT" or (key.key_spec or "SYMMETRIC_DEFAULT") != "SYMMETRIC_DEFAULT":
        raise AWSError(
            "InvalidKeyUsageException",
            f"{key.arn} key usage is {usage} which is not valid for {operation}.",
        )
    if spec in key_encapsulation.SPECS:
        private = key_encapsulation.private_key(spec)
    elif spec in modern_keys.SPECS:
        private = modern_keys.private_key(spec)
    else:
        private = key_generation.private_key(spec)
    private_der = private.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public_der = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    from moto.core.exceptions import JsonRESTError

    try:
        # Through the backend's encrypt, so key states and encryption context apply as for GenerateDataKey.
        blob, arn = backend.encrypt(
            key_id=key.id, plaintext=private_der, encryption_context=params.get("EncryptionContext") or {}
        )
    except JsonRESTError as error:
        raise AWSError(error.error_type, error.message, error.code) from None
    result = {
        "PrivateKeyCiphertextBlob": base64.b64encode(blob).decode(),
        "PublicKey": base64.b64encode(public_der).decode(),
        "KeyId": arn,
        "KeyPairSpec": spec,
    }
    if operation == "GenerateDataKeyPair":
        result["PrivateKeyPlaintext"] = base64.b64encode(private_der).decode()
    return result

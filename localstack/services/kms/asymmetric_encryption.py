"""Encrypt and Decrypt under RSA keys, as AWS does them: RSAES-OAEP with SHA-1 or SHA-256, the
ciphertext the plain OAEP block (so what the public key encrypts outside KMS decrypts inside, and the
reverse); moto would seal with a symmetric key whatever the key's spec."""

from __future__ import annotations

import base64
from typing import Any

from localstack.services.kms import validation
from localstack.utils.aws.errors import AWSError

ALGORITHMS = ("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256")


def is_rsa(key: Any) -> bool:
    return (key.key_spec or "").startswith("RSA_")


def check_algorithm(key: Any, algorithm: str | None) -> None:
    """A symmetric key takes only SYMMETRIC_DEFAULT, an RSA key only the RSAES_OAEP algorithms."""
    if algorithm is None and not is_rsa(key):
        return
    allowed = ALGORITHMS if is_rsa(key) else ("SYMMETRIC_DEFAULT",)
    if algorithm not in allowed:
        raise validation.incompatible_algorithm(algorithm or "SYMMETRIC_DEFAULT", key)


def _oaep(algorithm: str) -> Any:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    digest = hashes.SHA1() if algorithm == "RSAES_OAEP_SHA_1" else hashes.SHA256()
    return padding.OAEP(mgf=padding.MGF1(digest), algorithm=digest, label=None)


def encrypt(key: Any, params: dict[str, Any]) -> dict[str, Any]:
    algorithm = params.get("EncryptionAlgorithm")
    check_algorithm(key, algorithm)
    plaintext = base64.b64decode(params.get("Plaintext") or "")
    public = key.private_key.private_key.public_key()
    try:
        ciphertext = public.encrypt(plaintext, _oaep(algorithm))
    except ValueError:
        # OAEP holds at most the modulus less two digests and two bytes.
        raise AWSError(
            "ValidationException",
            f"Plaintext is too long for algorithm {algorithm} with key spec {key.key_spec}.",
        ) from None
    return {
        "CiphertextBlob": base64.b64encode(ciphertext).decode(),
        "KeyId": key.arn,
        "EncryptionAlgorithm": algorithm,
    }


def decrypt(key: Any, params: dict[str, Any]) -> dict[str, Any]:
    algorithm = params.get("EncryptionAlgorithm")
    check_algorithm(key, algorithm)
    try:
        plaintext = key.private_key.private_key.decrypt(
            base64.b64decode(params.get("CiphertextBlob") or ""), _oaep(algorithm)
        )
    except ValueError:
        raise AWSError("InvalidCiphertextException", "") from None
    return {
        "Plaintext": base64.b64encode(plaintext).decode(),
        "KeyId": key.arn,
        "EncryptionAlgorithm": algorithm,
    }

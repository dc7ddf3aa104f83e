"""Imported key material (moto has none of it): GetParametersForImport hands out an RSA wrapping key
and an import token, ImportKeyMaterial unwraps the material with that key's private half and makes it
the key's own, DeleteImportedKeyMaterial takes it away again. The import token carries the wrapping
private key sealed (AES-GCM) under a secret of the key made at CreateKey: GetParametersForImport changes
no state (persistence does not log it, as a read), and a token made for another key does not open.
What this keeps lives on moto's Key objects as bytes and numbers, so persistence pickles it with them."""

from __future__ import annotations

import base64
import hashlib
import os
import struct
import time
from typing import Any

from localstack.services.kms import key_generation, validation
from localstack.utils.aws.errors import AWSError

OPERATIONS = frozenset({"GetParametersForImport", "ImportKeyMaterial", "DeleteImportedKeyMaterial"})
TOKEN_LIFETIME = 24 * 3600  # AWS: the public key and import token are valid for 24 hours
MAX_VALID_TO = 365 * 24 * 3600
WRAPPING_ALGORITHMS = (
    "RSAES_OAEP_SHA_1",
    "RSAES_OAEP_SHA_256",
    "RSA_AES_KEY_WRAP_SHA_1",
    "RSA_AES_KEY_WRAP_SHA_256",
)
# Bytes of key material each HMAC key spec takes, as AWS documents them.
HMAC_LENGTHS = {"HMAC_224": (28, 64), "HMAC_256": (32, 64), "HMAC_384": (48, 128), "HMAC_512": (64, 128)}


def _external_key(backend: Any, params: dict[str, Any]) -> Any:
    key = validation.find_key(backend, params.get("KeyId") or "")
    origin = key.origin or "AWS_KMS"
    if origin != "EXTERNAL":
        raise AWSError(
            "UnsupportedOperationException",
            f"{key.arn} origin is {origin} which is not valid for this operation.",
        )
    if key.key_state == "PendingDeletion":
        raise AWSError("KMSInvalidStateException", f"{key.arn} is pending deletion.")
    return key


def import_secret(key: Any) -> bytes:
    """The key's token-sealing secret: made with the key (a replayed CreateKey makes the same one)."""
    secret = getattr(key, "import_secret", None)
    if secret is None:
        secret = key.import_secret = os.urandom(32)
    return secret


def _seal_token(key: Any, private_der: bytes, algorithm: str, valid_to: float) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    header = struct.pack(">dB", valid_to, WRAPPING_ALGORITHMS.index(algorithm))
    return nonce + AESGCM(import_secret(key)).encrypt(nonce, header + private_der, key.id.encode())


def _open_token(key: Any, token: bytes) -> tuple[bytes, str, float]:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        opened = AESGCM(import_secret(key)).decrypt(token[:12], token[12:], key.id.encode())
        valid_to, index = struct.unpack(">dB", opened[:9])
        return opened[9:], WRAPPING_ALGORITHMS[index], valid_to
    except (InvalidTag, ValueError, IndexError, struct.error):
        raise AWSError(
            "InvalidImportTokenException",
            "The import token in the request is invalid or is associated with a different KMS key.",
        ) from None


def get_parameters_for_import(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    from cryptography.hazmat.primitives import serialization

    key = _external_key(backend, params)
    algorithm = params.get("WrappingAlgorithm") or ""
    spec = params.get("WrappingKeySpec") or ""
    if spec == "SM2" or algorithm == "SM2PKE":
        raise AWSError("UnsupportedOperationException", "SM2 is supported only in China Regions.")
    if algorithm not in WRAPPING_ALGORITHMS:
        raise AWSError(
            "UnsupportedOperationException", f"{algorithm} is not supported for importing key material."
        )
    private = key_generation.private_key(spec)
    valid_to = time.time() + TOKEN_LIFETIME
    private_der = private.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return {
        "KeyId": key.arn,
        "ImportToken": base64.b64encode(_seal_token(key, private_der, algorithm, valid_to)).decode(),
        "PublicKey": base64.b64encode(public).decode(),
        "ParametersValidTo": valid_to,
    }


def _unwrap(private_der: bytes, algorithm: str, blob: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes, keywrap, serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    private = serialization.load_der_private_key(private_der, password=None)
    digest = hashes.SHA1() if algorithm.endswith("SHA_1") else hashes.SHA256()
    oaep = padding.OAEP(mgf=padding.MGF1(digest), algorithm=digest, label=None)
    try:
        if algorithm.startswith("RSAES_OAEP"):
            return private.decrypt(blob, oaep)
        # RSA_AES_KEY_WRAP: an ephemeral AES key under RSA-OAEP, then the material under AES-KWP.
        size = private.key_size // 8
        aes_key = private.decrypt(blob[:size], oaep)
        return keywrap.aes_key_unwrap_with_padding(aes_key, blob[size:])
    except ValueError:
        raise AWSError("InvalidCiphertextException", "") from None


def _install_material(key: Any, material: bytes) -> None:
    """Make unwrapped material the key's: raw bytes for symmetric and HMAC keys, a PKCS #8 private key
    of the key's own spec for asymmetric ones."""
    spec = key.key_spec or "SYMMETRIC_DEFAULT"
    incorrect = AWSError("IncorrectKeyMaterialException", "")
    if spec == "SYMMETRIC_DEFAULT":
        if len(material) != 32:
            raise incorrect
        key.key_material = material
    elif spec in HMAC_LENGTHS:
        low, high = HMAC_LENGTHS[spec]
        if not low <= len(material) <= high:
            raise incorrect
        key.key_material = material
    else:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec, rsa

        try:
            private = serialization.load_der_private_key(material, password=None)
        except ValueError:
            raise incorrect from None
        if isinstance(private, rsa.RSAPrivateKey):
            matches = spec == f"RSA_{private.key_size}"
        elif isinstance(private, ec.EllipticCurvePrivateKey):
            curves = {
                "secp256r1": "ECC_NIST_P256",
                "secp384r1": "ECC_NIST_P384",
                "secp521r1": "ECC_NIST_P521",
            }
            matches = (
                curves.get(private.curve.name, "ECC_SECG_P256K1" if private.curve.name == "secp256k1" else "")
                == spec
            )
        else:
            matches = False
        if not matches:
            raise incorrect
        key.private_key.private_key = private


def import_key_material(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    key = _external_key(backend, params)
    try:
        token = base64.b64decode(params.get("ImportToken") or "")
        blob = base64.b64decode(params.get("EncryptedKeyMaterial") or "")
    except ValueError:
        raise AWSError(
            "SerializationException", "Start of structure or map found where not expected."
        ) from None
    private_der, algorithm, token_valid_to = _open_token(key, token)
    if token_valid_to <= time.time():
        raise AWSError("ExpiredImportTokenException", "The import token in the request has expired.")

    model = params.get("ExpirationModel") or "KEY_MATERIAL_EXPIRES"
    valid_to = params.get("ValidTo")
    if model == "KEY_MATERIAL_EXPIRES":
        if valid_to is None:
            raise AWSError(
                "ValidationException",
                "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES",
            )
        valid_to = float(valid_to)
        if not time.time() < valid_to <= time.time() + MAX_VALID_TO:
            raise AWSError(
                "ValidationException",
                "The ValidTo date must be in the future and no more than 365 days from now.",
            )
    elif valid_to is not None:
        raise AWSError(
            "ValidationException",
            "ValidTo must be omitted when the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE",
        )
    else:
        valid_to = None

    material = _unwrap(private_der, algorithm, blob)
    digest = hashlib.sha256(material).hexdigest()
    previous = getattr(key, "imported_material_digest", None)
    if previous is not None and previous != digest:
        if _new_material_for_rotation(key, params, material):
            key.pending_key_material_id = digest
            return {"KeyId": key.arn, "KeyMaterialId": digest}
        # A key keeps the material first imported into it: only the same material may come back.
        raise AWSError("IncorrectKeyMaterialException", "")
    _install_material(key, material)
    key.imported_material_digest = digest
    key.key_material_id = digest
    key.import_expiration_model = model
    key.import_valid_to = valid_to
    if key.key_state == "PendingImport":
        key.key_state = "Enabled"
        key.enabled = True
    return {"KeyId": key.arn, "KeyMaterialId": digest}


def _new_material_for_rotation(key: Any, params: dict[str, Any], material: bytes) -> bool:
    """ImportType NEW_KEY_MATERIAL into a symmetric encryption key that has material: kept as the
    material RotateKeyOnDemand makes current (PENDING_ROTATION; a later import replaces it, as the
    API reference allows). After the first import the type defaults to EXISTING_KEY_MATERIAL."""
    if (
        params.get("ImportType") != "NEW_KEY_MATERIAL"
        or (key.key_spec or "SYMMETRIC_DEFAULT") != "SYMMETRIC_DEFAULT"
    ):
        return False
    if len(material) != 32:
        raise AWSError("IncorrectKeyMaterialException", "")
    return True


def delete_imported_key_material(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    key = _external_key(backend, params)
    material_id = getattr(key, "key_material_id", None)
    validation.clear_key_material(key)
    result = {"KeyId": key.arn}
    if material_id:
        result["KeyMaterialId"] = material_id
    return result


HANDLERS = {
    "GetParametersForImport": get_parameters_for_import,
    "ImportKeyMaterial": import_key_material,
    "DeleteImportedKeyMaterial": delete_imported_key_material,
}

"""Imported key material (moto has none of it): a key created with Origin EXTERNAL waits in
PendingImport; GetParametersForImport hands out an RSA wrapping public key and an import token;
ImportKeyMaterial unwraps the material with the private half (RSAES_OAEP_SHA_1/256, RSAES_PKCS1_V1_5,
or RSA_AES_KEY_WRAP_SHA_1/256) and makes it the key's material; DeleteImportedKeyMaterial removes it.
Also GetKeyPolicy/PutKeyPolicy with AWS's defaults (the policy name is optional and only `default`).
"""

from __future__ import annotations

import base64
import json
import os
import time
from typing import Any

from localstack.services.kms import wrapping_keys
from localstack.services.kms.crypto import _blob, _key, _oaep
from localstack.services.kms.models import PendingImport, kms_stores
from localstack.utils.aws.errors import AWSError

IMPORT_VALIDITY = 24 * 3600.0  # an import token and its wrapping key last 24 hours
WRAPPING_KEY_SIZES = {"RSA_2048": 2048, "RSA_3072": 3072, "RSA_4096": 4096}
SYMMETRIC_MATERIAL_BYTES = 32


def _external(key: Any) -> None:
    if key.origin != "EXTERNAL":
        raise AWSError(
            "UnsupportedOperationException",
            f"{key.arn} origin is {key.origin} which is not valid for this operation.",
        )


def _usable_state(key: Any) -> None:
    if key.key_state == "PendingDeletion":
        raise AWSError("KMSInvalidStateException", f"{key.arn} is pending deletion.")


def get_parameters_for_import(
    backend: Any, params: dict[str, Any], account: str, region: str
) -> dict[str, Any]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = _key(backend, params.get("KeyId") or "")
    _external(key)
    _usable_state(key)
    spec = params.get("WrappingKeySpec") or ""
    if spec not in WRAPPING_KEY_SIZES:
        raise AWSError("UnsupportedOperationException", f"WrappingKeySpec {spec} is not supported.")
    size = WRAPPING_KEY_SIZES[spec]
    seed = os.urandom(16)
    if size in wrapping_keys.DERIVED_SIZES:
        wrapping_key = wrapping_keys.derive(seed, size)
    else:
        wrapping_key = rsa.generate_private_key(public_exponent=65537, key_size=size)
    valid_to = time.time() + IMPORT_VALIDITY
    algorithm = params.get("WrappingAlgorithm") or ""
    # The token names what it is for, and the seed of a derived wrapping key (see wrapping_keys.py).
    token = json.dumps(
        {"key": key.id, "algorithm": algorithm, "size": size, "seed": seed.hex(), "valid_to": valid_to},
        separators=(",", ":"),
    ).encode()
    token_text = base64.b64encode(token).decode()
    kms_stores[account][region].imports[token_text] = PendingImport(key.id, algorithm, wrapping_key, valid_to)
    public = wrapping_key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return {
        "KeyId": key.arn,
        "ImportToken": token_text,
        "PublicKey": base64.b64encode(public).decode(),
        "ParametersValidTo": valid_to,
    }


def _pending(token_text: str, account: str, region: str) -> PendingImport | None:
    """The import a token stands for: kept since GetParametersForImport, or rebuilt from the token
    when its wrapping key was derived (a replayed request log has no GetParametersForImport)."""
    pending = kms_stores[account][region].imports.get(token_text)
    if pending is not None:
        return pending
    try:
        token = json.loads(base64.b64decode(token_text))
        size, seed = int(token["size"]), bytes.fromhex(token["seed"])
    except (ValueError, KeyError, TypeError):
        return None
    if size not in wrapping_keys.DERIVED_SIZES:
        return None
    return PendingImport(
        token["key"], token["algorithm"], wrapping_keys.derive(seed, size), float(token["valid_to"])
    )


def _unwrap(pending: PendingImport, wrapped: bytes) -> bytes:
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap_with_padding

    algorithm = pending.wrapping_algorithm
    try:
        if algorithm == "RSAES_PKCS1_V1_5":
            return pending.wrapping_key.decrypt(wrapped, padding.PKCS1v15())
        if algorithm in ("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"):
            return pending.wrapping_key.decrypt(wrapped, _oaep(algorithm))
        if algorithm in ("RSA_AES_KEY_WRAP_SHA_1", "RSA_AES_KEY_WRAP_SHA_256"):
            # An ephemeral AES key wrapped with RSA-OAEP, then the material wrapped with AES-KWP.
            size = pending.wrapping_key.key_size // 8
            oaep = "RSAES_OAEP_SHA_1" if algorithm.endswith("SHA_1") else "RSAES_OAEP_SHA_256"
            aes_key = pending.wrapping_key.decrypt(wrapped[:size], _oaep(oaep))
            return aes_key_unwrap_with_padding(aes_key, wrapped[size:])
    except (ValueError, InvalidUnwrap):
        raise AWSError("InvalidCiphertextException", "") from None
    raise AWSError("UnsupportedOperationException", f"WrappingAlgorithm {algorithm} is not supported.")


def import_key_material(backend: Any, params: dict[str, Any], account: str, region: str) -> dict[str, Any]:
    key = _key(backend, params.get("KeyId") or "")
    _external(key)
    _usable_state(key)
    imports = kms_stores[account][region].imports
    pending = _pending(params.get("ImportToken") or "", account, region)
    if pending is None or pending.key_id != key.id:
        raise AWSError(
            "InvalidImportTokenException",
            "The import token in the request is invalid or is associated with a different KMS key.",
        )
    if pending.valid_to < time.time():
        raise AWSError("ExpiredImportTokenException", "The import token in the request has expired.")
    model = params.get("ExpirationModel") or "KEY_MATERIAL_EXPIRES"
    if model == "KEY_MATERIAL_EXPIRES" and not params.get("ValidTo"):
        raise AWSError(
            "ValidationException", "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES"
        )
    material = _unwrap(pending, _blob(params, "EncryptedKeyMaterial"))
    if key.key_spec == "SYMMETRIC_DEFAULT" and len(material) != SYMMETRIC_MATERIAL_BYTES:
        raise AWSError(
            "IncorrectKeyMaterialException",
            "The key material in the request is, expired, invalid, or is not the same key material that was "
            "previously imported into this customer master key (CMK).",
        )
    previous = getattr(key, "ls_imported_material", None)
    if previous is not None and previous != material:
        raise AWSError(
            "IncorrectKeyMaterialException",
            "The key material in the request is, expired, invalid, or is not the same key material that was "
            "previously imported into this customer master key (CMK).",
        )
    key.key_material = material
    key.ls_imported_material = material
    key.ls_expiration_model = model
    key.ls_valid_to = params.get("ValidTo") if model == "KEY_MATERIAL_EXPIRES" else None
    key.key_state = "Enabled"
    key.enabled = True
    imports.pop(params["ImportToken"], None)
    return {"KeyId": key.arn}


def delete_imported_key_material(
    backend: Any, params: dict[str, Any], account: str, region: str
) -> dict[str, Any]:
    key = _key(backend, params.get("KeyId") or "")
    _external(key)
    _usable_state(key)
    key.key_material = None
    key.key_state = "PendingImport"
    key.enabled = False
    key.ls_expiration_model = None
    return {"KeyId": key.arn}


def get_key_policy(backend: Any, params: dict[str, Any], account: str, region: str) -> dict[str, Any]:
    key = _key(backend, params.get("KeyId") or "")
    if (params.get("PolicyName") or "default") != "default":
        raise AWSError("NotFoundException", "No such policy exists")
    return {"Policy": key.policy, "PolicyName": "default"}


def put_key_policy(backend: Any, params: dict[str, Any], account: str, region: str) -> dict[str, Any]:
    key = _key(backend, params.get("KeyId") or "")
    if (params.get("PolicyName") or "default") != "default":
        raise AWSError("NotFoundException", "No such policy exists")
    policy = params.get("Policy") or ""
    try:
        document = json.loads(policy)
    except ValueError:
        document = None
    if not isinstance(document, dict):
        raise AWSError("MalformedPolicyDocumentException", "The policy is not valid JSON.")
    key.policy = policy
    return {}


HANDLERS = {
    "GetParametersForImport": get_parameters_for_import,
    "ImportKeyMaterial": import_key_material,
    "DeleteImportedKeyMaterial": delete_imported_key_material,
    "GetKeyPolicy": get_key_policy,
    "PutKeyPolicy": put_key_policy,
}

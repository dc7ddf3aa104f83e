"""Imported key material through the edge: GetParametersForImport's wrapping key really wraps, the
imported material is what encrypts (a ciphertext made with it outside decrypts the same), and the key's
state follows the material: PendingImport before, Enabled after, PendingImport once it is deleted."""

from __future__ import annotations

import os
import time

import pytest

from tests.integration.error_support import code_and_message as _error


@pytest.fixture
def kms(aws_client):
    return aws_client("kms")


def _wrap(public_der: bytes, algorithm: str, material: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes, keywrap, serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    public = serialization.load_der_public_key(public_der)
    digest = hashes.SHA1() if algorithm.endswith("SHA_1") else hashes.SHA256()
    oaep = padding.OAEP(mgf=padding.MGF1(digest), algorithm=digest, label=None)
    if algorithm.startswith("RSAES_OAEP"):
        return public.encrypt(material, oaep)
    aes_key = os.urandom(32)
    return public.encrypt(aes_key, oaep) + keywrap.aes_key_wrap_with_padding(aes_key, material)


def _import(
    kms, key_id: str, material: bytes, algorithm: str = "RSAES_OAEP_SHA_256", spec: str = "RSA_2048", **kw
):
    params = kms.get_parameters_for_import(KeyId=key_id, WrappingAlgorithm=algorithm, WrappingKeySpec=spec)
    blob = _wrap(params["PublicKey"], algorithm, material)
    kw.setdefault("ExpirationModel", "KEY_MATERIAL_DOES_NOT_EXPIRE")
    return params, kms.import_key_material(
        KeyId=key_id, ImportToken=params["ImportToken"], EncryptedKeyMaterial=blob, **kw
    )


def test_external_key_waits_for_its_material(kms):
    key = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    assert key["Origin"] == "EXTERNAL" and key["KeyState"] == "PendingImport" and key["Enabled"] is False
    assert _error(kms.encrypt, KeyId=key["KeyId"], Plaintext=b"x") == (
        "KMSInvalidStateException",
        f"{key['Arn']} is pending import.",
    )
    assert _error(kms.enable_key, KeyId=key["KeyId"]) == (
        "KMSInvalidStateException",
        f"{key['Arn']} is pending import.",
    )


@pytest.mark.parametrize(
    "algorithm,spec",
    [
        ("RSAES_OAEP_SHA_1", "RSA_2048"),
        ("RSAES_OAEP_SHA_256", "RSA_3072"),
        ("RSA_AES_KEY_WRAP_SHA_1", "RSA_2048"),
        ("RSA_AES_KEY_WRAP_SHA_256", "RSA_2048"),
    ],
)
def test_import_unwraps_and_the_material_encrypts(kms, algorithm, spec):
    from cryptography.hazmat.primitives import serialization

    key = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    material = os.urandom(32)
    params, imported = _import(kms, key["KeyId"], material, algorithm, spec)
    assert params["KeyId"] == key["Arn"] and params["ParametersValidTo"].timestamp() > time.time() + 23 * 3600
    assert serialization.load_der_public_key(params["PublicKey"]).key_size == int(spec[4:])
    assert imported["KeyId"] == key["Arn"] and len(imported["KeyMaterialId"]) == 64

    metadata = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
    assert metadata["KeyState"] == "Enabled" and metadata["Enabled"] is True
    assert metadata["ExpirationModel"] == "KEY_MATERIAL_DOES_NOT_EXPIRE" and "ValidTo" not in metadata
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"secret", EncryptionContext={"a": "b"})[
        "CiphertextBlob"
    ]
    assert kms.decrypt(CiphertextBlob=blob, EncryptionContext={"a": "b"})["Plaintext"] == b"secret"


def test_the_imported_material_is_the_key(kms):
    """Two keys given the same material decrypt each other's ciphertexts' bodies: the ciphertext made under
    one, with its key id swapped for the other's, decrypts under the other."""
    first = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    second = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    material = os.urandom(32)
    _import(kms, first["KeyId"], material)
    _import(kms, second["KeyId"], material)
    blob = kms.encrypt(KeyId=first["KeyId"], Plaintext=b"same key")["CiphertextBlob"]
    swapped = second["KeyId"].encode() + blob[len(first["KeyId"]) :]
    assert kms.decrypt(CiphertextBlob=swapped)["Plaintext"] == b"same key"


def test_delete_imported_material_and_reimport(kms):
    key = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    material = os.urandom(32)
    _, imported = _import(kms, key["KeyId"], material)
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"kept")["CiphertextBlob"]

    deleted = kms.delete_imported_key_material(KeyId=key["Arn"])
    assert deleted["KeyId"] == key["Arn"]
    assert kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyState"] == "PendingImport"
    assert _error(kms.decrypt, CiphertextBlob=blob) == (
        "KMSInvalidStateException",
        f"{key['Arn']} is pending import.",
    )

    # Only the same material may come back; with it, old ciphertexts decrypt again.
    params = kms.get_parameters_for_import(
        KeyId=key["KeyId"], WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048"
    )
    other = _wrap(params["PublicKey"], "RSAES_OAEP_SHA_256", os.urandom(32))
    code, _ = _error(
        kms.import_key_material,
        KeyId=key["KeyId"],
        ImportToken=params["ImportToken"],
        EncryptedKeyMaterial=other,
        ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE",
    )
    assert code == "IncorrectKeyMaterialException"
    _import(kms, key["KeyId"], material)
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"kept"


def test_material_that_expires(kms):
    key = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    valid_to = int(time.time()) + 3600
    _import(kms, key["KeyId"], os.urandom(32), ExpirationModel="KEY_MATERIAL_EXPIRES", ValidTo=valid_to)
    metadata = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
    assert (
        metadata["ExpirationModel"] == "KEY_MATERIAL_EXPIRES" and metadata["ValidTo"].timestamp() == valid_to
    )


def test_import_errors(kms):
    key = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    own = kms.create_key()["KeyMetadata"]
    assert _error(
        kms.get_parameters_for_import,
        KeyId=own["KeyId"],
        WrappingAlgorithm="RSAES_OAEP_SHA_256",
        WrappingKeySpec="RSA_2048",
    ) == (
        "UnsupportedOperationException",
        f"{own['Arn']} origin is AWS_KMS which is not valid for this operation.",
    )
    assert _error(kms.delete_imported_key_material, KeyId=own["KeyId"])[0] == "UnsupportedOperationException"

    params = kms.get_parameters_for_import(
        KeyId=key["KeyId"], WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048"
    )
    wrapped = _wrap(params["PublicKey"], "RSAES_OAEP_SHA_256", os.urandom(32))
    expires = {"ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}
    code, _ = _error(
        kms.import_key_material,
        KeyId=key["KeyId"],
        ImportToken=b"forged",
        EncryptedKeyMaterial=wrapped,
        **expires,
    )
    assert code == "InvalidImportTokenException"
    code, _ = _error(
        kms.import_key_material,
        KeyId=key["KeyId"],
        ImportToken=params["ImportToken"],
        EncryptedKeyMaterial=b"\x00" * 256,
        **expires,
    )
    assert code == "InvalidCiphertextException"
    # Material wrapped under another request's public key does not unwrap with this token.
    other = kms.get_parameters_for_import(
        KeyId=key["KeyId"], WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048"
    )
    code, _ = _error(
        kms.import_key_material,
        KeyId=key["KeyId"],
        ImportToken=other["ImportToken"],
        EncryptedKeyMaterial=wrapped,
        **expires,
    )
    assert code == "InvalidCiphertextException"
    short = _wrap(params["PublicKey"], "RSAES_OAEP_SHA_256", os.urandom(16))
    code, _ = _error(
        kms.import_key_material,
        KeyId=key["KeyId"],
        ImportToken=params["ImportToken"],
        EncryptedKeyMaterial=short,
        **expires,
    )
    assert code == "IncorrectKeyMaterialException"
    assert kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyState"] == "PendingImport"


def test_imported_hmac_material(kms):
    import hashlib
    import hmac

    key = kms.create_key(Origin="EXTERNAL", KeyUsage="GENERATE_VERIFY_MAC", KeySpec="HMAC_256")["KeyMetadata"]
    material = os.urandom(32)
    _import(kms, key["KeyId"], material)
    mac = kms.generate_mac(KeyId=key["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_256")["Mac"]
    assert mac == hmac.new(material, b"m", hashlib.sha256).digest()


def test_expired_material_is_deleted(kms):
    key = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    _import(
        kms, key["KeyId"], os.urandom(32), ExpirationModel="KEY_MATERIAL_EXPIRES", ValidTo=time.time() + 2
    )
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"until then")["CiphertextBlob"]
    time.sleep(2.5)
    assert _error(kms.decrypt, CiphertextBlob=blob) == (
        "KMSInvalidStateException",
        f"{key['Arn']} is pending import.",
    )
    metadata = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
    assert metadata["KeyState"] == "PendingImport" and "ValidTo" not in metadata


def test_import_through_the_legacy_port(aws_client):
    kms = aws_client("kms", legacy=True)
    key = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    _import(kms, key["KeyId"], os.urandom(32), "RSA_AES_KEY_WRAP_SHA_256")
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"legacy")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"legacy"

"""KMS rotation as AWS's API reference answers it today: symmetric keys with imported key material
rotate on demand (2025) once new material was imported with ImportType NEW_KEY_MATERIAL, and every
ciphertext made before stays decryptable; automatic rotation stays refused for them, and asymmetric
and HMAC keys report rotation off and refuse rotation."""

from __future__ import annotations

import os

import pytest

from tests.integration.error_support import client_error
from tests.integration.test_kms_import import _import


@pytest.fixture
def kms(aws_client):
    return aws_client("kms")


def test_imported_material_rotates_on_demand(kms):
    key = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    first = _import(kms, key["KeyId"], os.urandom(32))[1]["KeyMaterialId"]
    before = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"made before")["CiphertextBlob"]

    # Without new material there is nothing to rotate to (sentence ours; the code is in AWS's list).
    status, code, _ = client_error(kms.rotate_key_on_demand, KeyId=key["KeyId"])
    assert (status, code) == (400, "KMSInvalidStateException")

    # After the first import, other material is refused unless it is imported as new material.
    params = {"ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}
    material = os.urandom(32)
    with pytest.raises(kms.exceptions.IncorrectKeyMaterialException):
        _import(kms, key["KeyId"], material, **params)
    second = _import(kms, key["KeyId"], material, ImportType="NEW_KEY_MATERIAL")[1]["KeyMaterialId"]
    assert second != first

    assert kms.rotate_key_on_demand(KeyId=key["KeyId"])["KeyId"] == key["KeyId"]
    rotations = kms.list_key_rotations(KeyId=key["KeyId"])["Rotations"]
    assert [(r["KeyMaterialId"], r["RotationType"]) for r in rotations] == [(second, "ON_DEMAND")]
    assert kms.decrypt(CiphertextBlob=before)["Plaintext"] == b"made before"
    after = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"made after")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=after)["Plaintext"] == b"made after"

    # The pending material was used up: a second rotation needs another import.
    assert client_error(kms.rotate_key_on_demand, KeyId=key["KeyId"])[1] == "KMSInvalidStateException"
    # Automatic rotation is still not for keys with imported material.
    assert client_error(kms.enable_key_rotation, KeyId=key["KeyId"]) == (
        400,
        "UnsupportedOperationException",
        f"{key['Arn']} origin is EXTERNAL which is not valid for this operation.",
    )
    assert kms.get_key_rotation_status(KeyId=key["KeyId"])["KeyRotationEnabled"] is False


def test_a_key_pending_import_does_not_rotate(kms):
    key = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    assert client_error(kms.rotate_key_on_demand, KeyId=key["KeyId"]) == (
        400,
        "KMSInvalidStateException",
        f"{key['Arn']} is pending import.",
    )


@pytest.mark.parametrize(
    "spec, usage",
    [("RSA_2048", "SIGN_VERIFY"), ("ECC_NIST_P256", "SIGN_VERIFY"), ("HMAC_256", "GENERATE_VERIFY_MAC")],
)
def test_asymmetric_and_hmac_keys_do_not_rotate(kms, spec, usage):
    key_id = kms.create_key(KeySpec=spec, KeyUsage=usage)["KeyMetadata"]["KeyId"]
    # The API reference: their rotation status is always false.
    status = kms.get_key_rotation_status(KeyId=key_id)
    assert (status["KeyId"], status["KeyRotationEnabled"]) == (key_id, False)
    assert "RotationPeriodInDays" not in status
    for call in (kms.enable_key_rotation, kms.disable_key_rotation, kms.rotate_key_on_demand):
        assert client_error(call, KeyId=key_id) == (400, "UnsupportedOperationException", "")
    assert kms.list_key_rotations(KeyId=key_id)["Rotations"] == []


def test_symmetric_keys_still_rotate_on_demand(kms):
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    before = kms.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]
    assert kms.rotate_key_on_demand(KeyId=key_id)["KeyId"] == key_id
    rotations = kms.list_key_rotations(KeyId=key_id)["Rotations"]
    assert [(r["KeyId"], r["RotationType"]) for r in rotations] == [(key_id, "ON_DEMAND")]
    assert kms.decrypt(CiphertextBlob=before)["Plaintext"] == b"x"


def test_an_unknown_mac_algorithm_lists_aws_order(aws_client):
    from botocore.config import Config

    kms = aws_client("kms", config=Config(parameter_validation=False))
    key_id = kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]["KeyId"]
    # As recorded against AWS: its own order, not the model's.
    assert client_error(kms.generate_mac, KeyId=key_id, Message=b"m", MacAlgorithm="INVALID") == (
        400,
        "ValidationException",
        "1 validation error detected: Value 'INVALID' at 'macAlgorithm' failed to satisfy constraint: "
        "Member must satisfy enum value set: [HMAC_SHA_384, HMAC_SHA_256, HMAC_SHA_224, HMAC_SHA_512]",
    )

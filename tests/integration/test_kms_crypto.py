"""KMS cryptography as AWS does it: the encryption context is part of the ciphertext, key policies are
kept, imported key material is unwrapped for real, RSA encryption interoperates with the public key,
Sign/Verify and GenerateMac/VerifyMac check usage and algorithms, and ReEncrypt crosses key types."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding
from cryptography.hazmat.primitives.keywrap import aes_key_wrap_with_padding

from tests.integration.error_support import code_and_message as error_of


@pytest.fixture
def kms(aws_client: Callable[..., Any]) -> Any:
    return aws_client("kms")


def _key(kms: Any, **params: Any) -> dict[str, Any]:
    return kms.create_key(**params)["KeyMetadata"]


def _oaep(hash_class: Any) -> Any:
    return padding.OAEP(mgf=padding.MGF1(hash_class()), algorithm=hash_class(), label=None)


def test_encryption_context_is_enforced(kms: Any) -> None:
    key = _key(kms)
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"hello", EncryptionContext={"tenant": "a"})[
        "CiphertextBlob"
    ]
    for context in ({}, {"tenant": "b"}, {"tenant": "a", "extra": "x"}):
        assert error_of(kms.decrypt, CiphertextBlob=blob, EncryptionContext=context) == (
            "InvalidCiphertextException",
            "",
        )
    answer = kms.decrypt(CiphertextBlob=blob, EncryptionContext={"tenant": "a"})
    assert answer["Plaintext"] == b"hello" and answer["KeyId"] == key["Arn"]
    assert answer["EncryptionAlgorithm"] == "SYMMETRIC_DEFAULT"
    other = _key(kms)
    assert error_of(
        kms.decrypt, CiphertextBlob=blob, EncryptionContext={"tenant": "a"}, KeyId=other["KeyId"]
    ) == (
        "IncorrectKeyException",
        "The key ID in the request does not identify a CMK that can perform this operation.",
    )
    assert error_of(kms.decrypt, CiphertextBlob=os.urandom(80))[0] == "InvalidCiphertextException"


def test_key_policy_is_kept(kms: Any) -> None:
    key = _key(kms)
    default = json.loads(kms.get_key_policy(KeyId=key["KeyId"])["Policy"])
    assert default["Statement"][0]["Principal"] == {"AWS": "arn:aws:iam::000000000000:root"}
    policy = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "all",
                    "Effect": "Allow",
                    "Principal": {"AWS": "*"},
                    "Action": "kms:*",
                    "Resource": "*",
                }
            ],
        }
    )
    kms.put_key_policy(KeyId=key["KeyId"], Policy=policy)
    answer = kms.get_key_policy(KeyId=key["KeyId"])
    assert answer["Policy"] == policy and answer["PolicyName"] == "default"
    assert kms.get_key_policy(KeyId=key["Arn"], PolicyName="default")["Policy"] == policy
    assert kms.list_key_policies(KeyId=key["KeyId"])["PolicyNames"] == ["default"]
    assert error_of(kms.get_key_policy, KeyId=key["KeyId"], PolicyName="other") == (
        "NotFoundException",
        "No such policy exists",
    )
    assert (
        error_of(kms.put_key_policy, KeyId=key["KeyId"], Policy="{not json")[0]
        == "MalformedPolicyDocumentException"
    )
    created = _key(kms, Policy=policy)
    assert kms.get_key_policy(KeyId=created["KeyId"])["Policy"] == policy


@pytest.mark.parametrize("wrapping", ["RSAES_OAEP_SHA_256", "RSAES_OAEP_SHA_1", "RSA_AES_KEY_WRAP_SHA_256"])
def test_imported_key_material(kms: Any, wrapping: str) -> None:
    key = _key(kms, Origin="EXTERNAL")
    assert (key["KeyState"], key["Enabled"], key["Origin"]) == ("PendingImport", False, "EXTERNAL")
    assert error_of(kms.encrypt, KeyId=key["KeyId"], Plaintext=b"x") == (
        "KMSInvalidStateException",
        f"{key['Arn']} is pending import.",
    )
    material = os.urandom(32)

    def wrapped_material() -> tuple[bytes, bytes]:
        answer = kms.get_parameters_for_import(
            KeyId=key["KeyId"], WrappingAlgorithm=wrapping, WrappingKeySpec="RSA_2048"
        )
        assert answer["KeyId"] == key["Arn"] and answer["ParametersValidTo"] > datetime.now(timezone.utc)
        public = serialization.load_der_public_key(answer["PublicKey"])
        if wrapping == "RSA_AES_KEY_WRAP_SHA_256":
            aes_key = os.urandom(32)
            wrapped = public.encrypt(aes_key, _oaep(hashes.SHA256)) + aes_key_wrap_with_padding(
                aes_key, material
            )
        else:
            wrapped = public.encrypt(
                material, _oaep(hashes.SHA256 if wrapping.endswith("256") else hashes.SHA1)
            )
        return answer["ImportToken"], wrapped

    token, wrapped = wrapped_material()
    assert error_of(
        kms.import_key_material, KeyId=key["KeyId"], ImportToken=token, EncryptedKeyMaterial=wrapped
    ) == (
        "ValidationException",
        "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES",
    )
    valid_to = datetime.now(timezone.utc) + timedelta(days=1)
    kms.import_key_material(
        KeyId=key["KeyId"], ImportToken=token, EncryptedKeyMaterial=wrapped, ValidTo=valid_to
    )
    described = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
    assert (described["KeyState"], described["Enabled"], described["ExpirationModel"]) == (
        "Enabled",
        True,
        "KEY_MATERIAL_EXPIRES",
    )
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"imported")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"imported"
    # The same material imports again with the same token; a token of another key does not.
    kms.import_key_material(
        KeyId=key["KeyId"],
        ImportToken=token,
        EncryptedKeyMaterial=wrapped,
        ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE",
    )
    other = _key(kms, Origin="EXTERNAL")
    assert error_of(
        kms.import_key_material, KeyId=other["KeyId"], ImportToken=token, EncryptedKeyMaterial=wrapped
    ) == (
        "InvalidImportTokenException",
        "The import token in the request is invalid or is associated with a different KMS key.",
    )
    kms.delete_imported_key_material(KeyId=key["KeyId"])
    assert kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyState"] == "PendingImport"
    assert error_of(kms.decrypt, CiphertextBlob=blob)[0] == "KMSInvalidStateException"
    token, wrapped = wrapped_material()
    kms.import_key_material(
        KeyId=key["KeyId"],
        ImportToken=token,
        EncryptedKeyMaterial=wrapped,
        ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE",
    )
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"imported"


def test_import_errors(kms: Any) -> None:
    ordinary = _key(kms)
    assert error_of(
        kms.get_parameters_for_import,
        KeyId=ordinary["KeyId"],
        WrappingAlgorithm="RSAES_OAEP_SHA_256",
        WrappingKeySpec="RSA_2048",
    ) == (
        "UnsupportedOperationException",
        f"{ordinary['Arn']} origin is AWS_KMS which is not valid for this operation.",
    )
    key = _key(kms, Origin="EXTERNAL")
    answer = kms.get_parameters_for_import(
        KeyId=key["KeyId"], WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048"
    )
    public = serialization.load_der_public_key(answer["PublicKey"])
    short = public.encrypt(os.urandom(16), _oaep(hashes.SHA256))
    assert (
        error_of(
            kms.import_key_material,
            KeyId=key["KeyId"],
            ImportToken=answer["ImportToken"],
            EncryptedKeyMaterial=short,
            ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE",
        )[0]
        == "IncorrectKeyMaterialException"
    )
    assert error_of(
        kms.import_key_material,
        KeyId=key["KeyId"],
        ImportToken=answer["ImportToken"],
        EncryptedKeyMaterial=os.urandom(256),
        ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE",
    ) == ("InvalidCiphertextException", "")


def test_rsa_encryption_interoperates(kms: Any) -> None:
    key = _key(kms, KeyUsage="ENCRYPT_DECRYPT", KeySpec="RSA_2048")
    public = serialization.load_der_public_key(kms.get_public_key(KeyId=key["KeyId"])["PublicKey"])
    outside = public.encrypt(b"from outside", _oaep(hashes.SHA256))
    answer = kms.decrypt(CiphertextBlob=outside, KeyId=key["KeyId"], EncryptionAlgorithm="RSAES_OAEP_SHA_256")
    assert answer["Plaintext"] == b"from outside" and answer["EncryptionAlgorithm"] == "RSAES_OAEP_SHA_256"
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"inside", EncryptionAlgorithm="RSAES_OAEP_SHA_1")
    assert blob["EncryptionAlgorithm"] == "RSAES_OAEP_SHA_1" and len(blob["CiphertextBlob"]) == 256
    assert error_of(kms.encrypt, KeyId=key["KeyId"], Plaintext=b"x") == (
        "InvalidKeyUsageException",
        "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.",
    )
    assert error_of(
        kms.encrypt, KeyId=key["KeyId"], Plaintext=b"x" * 191, EncryptionAlgorithm="RSAES_OAEP_SHA_256"
    ) == (
        "ValidationException",
        "Algorithm RSAES_OAEP_SHA_256 and key spec RSA_2048 cannot encrypt data larger than 190 bytes.",
    )
    symmetric = _key(kms)
    assert error_of(
        kms.encrypt, KeyId=symmetric["KeyId"], Plaintext=b"x", EncryptionAlgorithm="RSAES_OAEP_SHA_1"
    ) == (
        "InvalidKeyUsageException",
        "Algorithm RSAES_OAEP_SHA_1 is incompatible with key spec SYMMETRIC_DEFAULT.",
    )
    moved = kms.re_encrypt(
        CiphertextBlob=blob["CiphertextBlob"],
        SourceKeyId=key["KeyId"],
        SourceEncryptionAlgorithm="RSAES_OAEP_SHA_1",
        DestinationKeyId=symmetric["KeyId"],
        DestinationEncryptionContext={"k": "v"},
    )
    assert (moved["SourceKeyId"], moved["KeyId"]) == (key["Arn"], symmetric["Arn"])
    assert (moved["SourceEncryptionAlgorithm"], moved["DestinationEncryptionAlgorithm"]) == (
        "RSAES_OAEP_SHA_1",
        "SYMMETRIC_DEFAULT",
    )
    assert (
        kms.decrypt(CiphertextBlob=moved["CiphertextBlob"], EncryptionContext={"k": "v"})["Plaintext"]
        == b"inside"
    )
    back = kms.re_encrypt(
        CiphertextBlob=moved["CiphertextBlob"],
        SourceEncryptionContext={"k": "v"},
        DestinationKeyId=key["KeyId"],
        DestinationEncryptionAlgorithm="RSAES_OAEP_SHA_256",
    )
    assert key["KeyId"] in back["KeyId"]
    private_answer = kms.decrypt(
        CiphertextBlob=back["CiphertextBlob"], KeyId=key["KeyId"], EncryptionAlgorithm="RSAES_OAEP_SHA_256"
    )
    assert private_answer["Plaintext"] == b"inside"


@pytest.mark.parametrize(
    "spec, algorithm, hash_class",
    [
        ("ECC_NIST_P256", "ECDSA_SHA_256", hashes.SHA256),
        ("ECC_NIST_P384", "ECDSA_SHA_384", hashes.SHA384),
        ("RSA_2048", "RSASSA_PSS_SHA_256", hashes.SHA256),
        ("RSA_2048", "RSASSA_PKCS1_V1_5_SHA_512", hashes.SHA512),
    ],
)
def test_sign_and_verify(kms: Any, spec: str, algorithm: str, hash_class: Any) -> None:
    key = _key(kms, KeyUsage="SIGN_VERIFY", KeySpec=spec)
    public = serialization.load_der_public_key(kms.get_public_key(KeyId=key["KeyId"])["PublicKey"])
    signed = kms.sign(KeyId=key["KeyId"], Message=b"message", SigningAlgorithm=algorithm)
    assert signed["SigningAlgorithm"] == algorithm and signed["KeyId"] == key["Arn"]
    # The signature verifies outside KMS as AWS's does (PSS with a digest-length salt).
    if spec.startswith("ECC"):
        public.verify(signed["Signature"], b"message", ec.ECDSA(hash_class()))
    elif "PSS" in algorithm:
        scheme = padding.PSS(mgf=padding.MGF1(hash_class()), salt_length=hash_class().digest_size)
        public.verify(signed["Signature"], b"message", scheme, hash_class())
    else:
        public.verify(signed["Signature"], b"message", padding.PKCS1v15(), hash_class())
    digest = hashlib.new(hash_class.name, b"message").digest()
    verified = kms.verify(
        KeyId=key["KeyId"],
        Message=digest,
        MessageType="DIGEST",
        Signature=signed["Signature"],
        SigningAlgorithm=algorithm,
    )
    assert verified["SignatureValid"] is True
    assert error_of(
        kms.verify,
        KeyId=key["KeyId"],
        Message=b"other",
        Signature=signed["Signature"],
        SigningAlgorithm=algorithm,
    ) == ("KMSInvalidSignatureException", "")
    assert error_of(
        kms.sign, KeyId=key["KeyId"], Message=b"short", MessageType="DIGEST", SigningAlgorithm=algorithm
    ) == (
        "ValidationException",
        f"Digest is invalid length for algorithm {algorithm}.",
    )


def test_usage_and_algorithm_errors(kms: Any) -> None:
    symmetric = _key(kms)
    signing = _key(kms, KeyUsage="SIGN_VERIFY", KeySpec="ECC_NIST_P256")
    mac = _key(kms, KeyUsage="GENERATE_VERIFY_MAC", KeySpec="HMAC_256")
    assert error_of(kms.sign, KeyId=signing["KeyId"], Message=b"m", SigningAlgorithm="ECDSA_SHA_384") == (
        "InvalidKeyUsageException",
        "Algorithm ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256.",
    )
    assert error_of(kms.sign, KeyId=symmetric["KeyId"], Message=b"m", SigningAlgorithm="ECDSA_SHA_256") == (
        "InvalidKeyUsageException",
        f"{symmetric['Arn']} key usage is ENCRYPT_DECRYPT which is not valid for Sign.",
    )
    assert error_of(kms.encrypt, KeyId=signing["KeyId"], Plaintext=b"x") == (
        "InvalidKeyUsageException",
        f"{signing['Arn']} key usage is SIGN_VERIFY which is not valid for Encrypt.",
    )
    assert error_of(
        kms.generate_mac, KeyId=symmetric["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_256"
    ) == (
        "InvalidKeyUsageException",
        f"{symmetric['Arn']} key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.",
    )
    assert error_of(kms.generate_mac, KeyId=mac["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_512") == (
        "InvalidKeyUsageException",
        "Algorithm HMAC_SHA_512 is incompatible with key spec HMAC_256.",
    )
    tag = kms.generate_mac(KeyId=mac["KeyId"], Message=b"m", MacAlgorithm="HMAC_SHA_256")["Mac"]
    assert (
        kms.verify_mac(KeyId=mac["KeyId"], Message=b"m", Mac=tag, MacAlgorithm="HMAC_SHA_256")["MacValid"]
        is True
    )
    assert error_of(kms.verify_mac, KeyId=mac["KeyId"], Message=b"x", Mac=tag, MacAlgorithm="HMAC_SHA_256")[
        0
    ] == ("KMSInvalidMacException")


def test_data_keys_need_a_symmetric_encryption_key(kms: Any) -> None:
    signing = _key(kms, KeyUsage="SIGN_VERIFY", KeySpec="ECC_NIST_P256")
    rsa = _key(kms, KeyUsage="ENCRYPT_DECRYPT", KeySpec="RSA_2048")
    for operation, name in (
        (kms.generate_data_key, "GenerateDataKey"),
        (kms.generate_data_key_without_plaintext, "GenerateDataKeyWithoutPlaintext"),
    ):
        assert error_of(operation, KeyId=signing["KeyId"], KeySpec="AES_256") == (
            "InvalidKeyUsageException",
            f"{signing['Arn']} key usage is SIGN_VERIFY which is not valid for {name}.",
        )
        assert error_of(operation, KeyId=rsa["KeyId"], KeySpec="AES_256")[0] == "InvalidKeyUsageException"
    symmetric = _key(kms)
    answer = kms.generate_data_key(KeyId=symmetric["KeyId"], KeySpec="AES_256", EncryptionContext={"k": "v"})
    assert len(answer["Plaintext"]) == 32
    decrypted = kms.decrypt(CiphertextBlob=answer["CiphertextBlob"], EncryptionContext={"k": "v"})
    assert decrypted["Plaintext"] == answer["Plaintext"]
